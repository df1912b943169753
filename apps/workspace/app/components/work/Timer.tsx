import { useFetcher } from "@remix-run/react";
import { Pause, Play, Save, Square, Timer as TimerIcon, X } from "lucide-react";
import { useCallback, useEffect, useRef, useState } from "react";
import { Button, Notice, SelectField, TextField } from "@carefold/ui";
import { isTypingTarget } from "../../lib/shortcuts";
import type { action as timeAction } from "../../routes/api.time";
import { RailPanel } from "../RailPanel";
import type { NoteLabels } from "../patients/PatientTimeline";
import { NoteFields } from "./NoteFields";
import {
  LONG_RUN_MS,
  elapsedMs,
  formatClock,
  newRequestId,
  readTimer,
  timerKey,
  timerMinutes,
  parseTimer,
  writeTimer,
  type TimerState,
} from "./timer-state";

const flagLabels: Record<string, string> = {
  long_entry: "long entry",
  backdated: "back-dated",
  new_staff: "new staff",
};

/**
 * The right rail's timer for one patient: start, pause, resume, stop. State lives in localStorage
 * (keyed by patient), so it survives a reload and a second tab follows it. Stopping opens a small
 * form (activity, minutes from the timer, a structured note linked to the entry) that saves through /api/time with a client
 * request id kept from the stop until the entry is saved.
 */
export function PatientTimer({
  patientId,
  patientName,
  activities,
  noteLabels,
}: {
  patientId: string | null;
  patientName: string | null;
  activities: Record<string, string>;
  noteLabels: NoteLabels;
}) {
  const [state, setState] = useState<TimerState | null>(null);
  const [now, setNow] = useState(() => Date.now());
  const [saved, setSaved] = useState<string | null>(null);
  const save = useFetcher<typeof timeAction>({ key: "log-time" });
  const submitting = useRef(false);

  // Load this patient's timer after hydration, and follow other tabs.
  useEffect(() => {
    setSaved(null);
    if (!patientId) {
      setState(null);
      return;
    }
    setState(readTimer(patientId));
    setNow(Date.now());
    const onStorage = (event: StorageEvent) => {
      if (event.key === timerKey(patientId)) setState(parseTimer(event.newValue));
    };
    window.addEventListener("storage", onStorage);
    return () => window.removeEventListener("storage", onStorage);
  }, [patientId]);

  const running = state?.status === "running";
  useEffect(() => {
    if (!running) return;
    setNow(Date.now());
    const id = window.setInterval(() => setNow(Date.now()), 1000);
    return () => window.clearInterval(id);
  }, [running]);

  const update = useCallback(
    (next: TimerState | null) => {
      if (!patientId) return;
      writeTimer(patientId, next);
      setState(next);
      setNow(Date.now());
    },
    [patientId],
  );

  const start = useCallback(() => {
    setSaved(null);
    update({
      status: "running",
      accumulatedMs: 0,
      runningSince: Date.now(),
      startedAt: new Date().toISOString(),
      clientRequestId: null,
    });
  }, [update]);
  const pause = useCallback(() => {
    if (!state || state.status !== "running") return;
    update({
      ...state,
      status: "paused",
      accumulatedMs: elapsedMs(state, Date.now()),
      runningSince: null,
    });
  }, [state, update]);
  const resume = useCallback(() => {
    if (!state || state.status !== "paused") return;
    update({ ...state, status: "running", runningSince: Date.now() });
  }, [state, update]);
  const stop = useCallback(() => {
    if (!state || state.status === "stopped") return;
    update({
      ...state,
      status: "stopped",
      accumulatedMs: elapsedMs(state, Date.now()),
      runningSince: null,
      clientRequestId: newRequestId(),
    });
  }, [state, update]);
  const discard = useCallback(() => update(null), [update]);

  // `t` starts or stops the timer.
  useEffect(() => {
    function onKeyDown(event: KeyboardEvent) {
      if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return;
      if (isTypingTarget(event.target) || event.key !== "t" || !patientId) return;
      event.preventDefault();
      if (!state) start();
      else if (state.status !== "stopped") stop();
    }
    window.addEventListener("keydown", onKeyDown);
    return () => window.removeEventListener("keydown", onKeyDown);
  }, [patientId, state, start, stop]);

  // A saved entry ends this timer (only the answer to this timer's request id counts).
  const result = save.data;
  useEffect(() => {
    if (save.state !== "idle") return;
    submitting.current = false;
    if (
      !result?.ok ||
      !state?.clientRequestId ||
      result.clientRequestId !== state.clientRequestId
    ) {
      return;
    }
    const flags = result.reviewFlags.map((f) => flagLabels[f] ?? f);
    setSaved(
      `${result.isDuplicate ? "Already saved" : "Saved"}: ${result.minutes} min for ${patientName ?? "this patient"}.` +
        (flags.length ? ` A supervisor reviews it (${flags.join(", ")}).` : ""),
    );
    update(null);
  }, [save.state, result, state, patientName, update]);

  const elapsed = elapsedMs(state, now);
  const minutesElapsed = Math.floor(elapsed / 60_000);
  const isLong = running && elapsed >= LONG_RUN_MS;
  const isBusy = save.state !== "idle";
  const error =
    result && !result.ok && state?.clientRequestId === result.clientRequestId ? result : null;

  const status = !patientId
    ? "Stopped — open a patient to start timing."
    : !state
      ? "Stopped."
      : state.status === "running"
        ? `Running, ${minutesElapsed} ${minutesElapsed === 1 ? "minute" : "minutes"}.`
        : state.status === "paused"
          ? `Paused at ${minutesElapsed} ${minutesElapsed === 1 ? "minute" : "minutes"}.`
          : "Stopped — save the time below.";

  return (
    <RailPanel title="Timer" icon={TimerIcon} shortcut="t">
      <p
        role="timer"
        aria-label="Time on this patient"
        className={
          "tabular text-3xl font-semibold tracking-tight " +
          (running ? "text-ink-900" : "text-ink-400")
        }
      >
        {formatClock(elapsed)}
      </p>
      <p aria-live="polite" aria-atomic="true" className="mt-1 text-xs text-ink-500">
        {status}
      </p>
      {isLong ? (
        <Notice tone="warning" live className="mt-2" title="Running over 60 minutes">
          Still with this patient? Stop the timer and correct the minutes if you stepped away.
        </Notice>
      ) : null}
      {saved && !state ? (
        <Notice tone="success" live className="mt-2">
          {saved}
        </Notice>
      ) : null}

      {state?.status !== "stopped" ? (
        <div className="mt-3 flex gap-2">
          {!state ? (
            <Button
              variant="secondary"
              size="sm"
              icon={Play}
              fullWidth
              disabled={!patientId}
              onClick={start}
            >
              Start timer
            </Button>
          ) : (
            <>
              {state.status === "running" ? (
                <Button variant="secondary" size="sm" icon={Pause} fullWidth onClick={pause}>
                  Pause
                </Button>
              ) : (
                <Button variant="secondary" size="sm" icon={Play} fullWidth onClick={resume}>
                  Resume
                </Button>
              )}
              <Button variant="primary" size="sm" icon={Square} fullWidth onClick={stop}>
                Stop
              </Button>
            </>
          )}
        </div>
      ) : patientId && state.clientRequestId ? (
        <save.Form
          method="post"
          action="/api/time"
          className="mt-3 space-y-2.5"
          aria-label="Log this time"
          onSubmit={(event) => {
            // A double click submits once; a retry after an error reuses the same request id.
            if (submitting.current) event.preventDefault();
            else submitting.current = true;
          }}
        >
          <input type="hidden" name="patientId" value={patientId} />
          <input type="hidden" name="clientRequestId" value={state.clientRequestId} />
          <input type="hidden" name="source" value="timer" />
          <input type="hidden" name="startedAt" value={state.startedAt} />
          {error?.message ? (
            <Notice tone="danger" live>
              {error.message}
            </Notice>
          ) : null}
          <SelectField
            label="Activity"
            name="activity"
            size="sm"
            defaultValue="patient_call"
            required
          >
            {Object.entries(activities).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </SelectField>
          <TextField
            label="Minutes"
            name="minutes"
            type="number"
            inputMode="numeric"
            min={1}
            max={600}
            required
            size="sm"
            defaultValue={timerMinutes(state.accumulatedMs)}
            error={error?.fieldErrors.minutes}
            hint={`Timer: ${formatClock(state.accumulatedMs)}`}
          />
          <NoteFields labels={noteLabels} compact error={error?.fieldErrors["interaction.body"]} />
          <div className="flex gap-2">
            <Button type="submit" size="sm" icon={Save} fullWidth disabled={isBusy}>
              {isBusy ? "Saving…" : "Save time"}
            </Button>
            <Button
              type="button"
              variant="ghost"
              size="sm"
              icon={X}
              disabled={isBusy}
              onClick={discard}
            >
              Discard
            </Button>
          </div>
        </save.Form>
      ) : null}
    </RailPanel>
  );
}
