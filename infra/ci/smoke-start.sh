#!/usr/bin/env bash
# Smoke test of `npm start` on embedded PostgreSQL: both apps' /healthz answer 200, then one
# SIGINT stops everything and leaves no server behind.
set -euo pipefail
data_dir=".data/ci-smoke"
rm -rf "$data_dir"
for port in 3390 3391 54369; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    echo "smoke: FAILED — port $port is already in use, so the result could not be trusted"; exit 1
  fi
done
log=$(mktemp)
env -u DATABASE_URL CAREFOLD_DATA_DIR="$data_dir" EMBEDDED_PG_PORT=54369 PORTAL_PORT=3390 WORKSPACE_PORT=3391 \
  setsid npm start >"$log" 2>&1 &
pid=$!
ok=0
for _ in $(seq 1 180); do
  if curl -fsS http://127.0.0.1:3390/healthz >/dev/null 2>&1 && curl -fsS http://127.0.0.1:3391/healthz >/dev/null 2>&1; then
    ok=1; break
  fi
  if ! kill -0 "$pid" 2>/dev/null; then break; fi
  sleep 1
done
if [ "$ok" = 1 ]; then
  echo "smoke: portal /healthz -> $(curl -s http://127.0.0.1:3390/healthz)"
  echo "smoke: workspace /healthz -> $(curl -s -o /dev/null -w '%{http_code}' http://127.0.0.1:3391/healthz)"
fi
kill -INT -- "-$pid" 2>/dev/null || true
for _ in $(seq 1 30); do kill -0 "$pid" 2>/dev/null || break; sleep 1; done
if pgrep -f "$data_dir" >/dev/null; then
  echo "smoke: FAILED — an embedded PostgreSQL was left running"; ok=0
  pkill -f "$data_dir" || true
fi
if [ "$ok" != 1 ] || ! grep -q "Carefold is running" "$log"; then
  echo "smoke: FAILED — npm start did not serve both apps"; tail -50 "$log"; exit 1
fi
echo "smoke: npm start OK (started, served, stopped cleanly)"
