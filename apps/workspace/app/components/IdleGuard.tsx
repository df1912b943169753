import { useRevalidator, useSubmit } from "@remix-run/react";
import { Clock } from "lucide-react";
import { useEffect, useRef, useState } from "react";
import { Button, Dialog } from "@carefold/ui";
import { APP } from "../lib/app";

const STORAGE_KEY = `carefold:${APP}:last-request`;
/** The server refreshes a session's "last seen" at most once a minute: stay that much on the safe side. */
const SERVER_SLACK_MS = 60_000;
const WARN_BEFORE_MS = 60_000;

const SEEN_EVENT = "carefold:server-seen";

/**
 * Records that the server saw this session at `at` (a heartbeat answered): every tab's idle clock
 * restarts from there.
 */
export function noteServerSeen(at: number) {
  try {
    window.localStorage.setItem(STORAGE_KEY, String(at));
  } catch {
    // Private mode: the tab's own clock runs on.
  }
  window.dispatchEvent(new CustomEvent(SEEN_EVENT, { detail: at }));
}
function lastRequestAt(fallback: number): number {
  try {
    const stored = Number(window.localStorage.getItem(STORAGE_KEY));
    return Number.isFinite(stored) && stored > fallback ? stored : fallback;
  } catch {
    return fallback;
  }
}

/**
 * Warns a minute before the idle timeout and signs out when it passes. The server is the
 * authority (it refuses an idle session on the next request); this only makes the moment visible
 * and ends the session on a screen left open. `activity` changes whenever the layout's loader ran
 * — i.e. whenever the server saw a request — and other tabs of this app share the clock.
 */
export function IdleGuard({
  timeoutMinutes,
  activity,
}: {
  timeoutMinutes: number;
  activity: unknown;
}) {
  const revalidator = useRevalidator();
  const submit = useSubmit();
  const lastRef = useRef(0);
  const [secondsLeft, setSecondsLeft] = useState<number | null>(null);
  const signedOut = useRef(false);

  useEffect(() => {
    const now = Date.now();
    lastRef.current = now;
    try {
      window.localStorage.setItem(STORAGE_KEY, String(now));
    } catch {
      // Private mode: this tab keeps its own clock.
    }
  }, [activity]);

  // A heartbeat in this tab (a live timer or call) counts as a request the server saw.
  useEffect(() => {
    const onSeen = (event: Event) => {
      const at = (event as CustomEvent<number>).detail;
      if (typeof at === "number" && at > lastRef.current) lastRef.current = at;
    };
    window.addEventListener(SEEN_EVENT, onSeen);
    return () => window.removeEventListener(SEEN_EVENT, onSeen);
  }, []);

  useEffect(() => {
    const timeoutMs = timeoutMinutes * 60_000 - SERVER_SLACK_MS;
    const tick = () => {
      const deadline = lastRequestAt(lastRef.current) + timeoutMs;
      const left = deadline - Date.now();
      if (left <= 0) {
        if (!signedOut.current) {
          signedOut.current = true;
          submit(
            { reason: "idle_timeout", minutes: String(timeoutMinutes) },
            { method: "post", action: "/sign-out" },
          );
        }
        return;
      }
      setSecondsLeft(left <= WARN_BEFORE_MS ? Math.ceil(left / 1000) : null);
    };
    const timer = window.setInterval(tick, 1000);
    return () => window.clearInterval(timer);
  }, [timeoutMinutes, submit]);

  return (
    <Dialog
      open={secondsLeft !== null}
      onClose={() => {
        // Escape or the close button mean "I'm here"; a close because activity resumed does not.
        if (secondsLeft !== null) revalidator.revalidate();
      }}
      size="sm"
      title="Are you still there?"
      description={`For patients' privacy, you're signed out after ${timeoutMinutes} minutes without activity.`}
      footer={
        <>
          <Button
            variant="secondary"
            onClick={() =>
              submit({ reason: "signed_out" }, { method: "post", action: "/sign-out" })
            }
          >
            Sign out now
          </Button>
          <Button variant="primary" onClick={() => revalidator.revalidate()}>
            Stay signed in
          </Button>
        </>
      }
    >
      <p className="flex items-center gap-2 text-sm text-ink-700" aria-live="polite">
        <Clock aria-hidden="true" className="size-4 shrink-0 text-warning-600" />
        <span>
          You'll be signed out in{" "}
          <strong className="tabular font-semibold text-ink-900">
            {secondsLeft ?? 0} second{secondsLeft === 1 ? "" : "s"}
          </strong>
          . Unsaved typing on this page would be lost.
        </span>
      </p>
    </Dialog>
  );
}
