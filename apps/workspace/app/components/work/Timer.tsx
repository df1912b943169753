import { Pause, Play, Square, Timer as TimerIcon } from "lucide-react";
import { useCallback, useEffect, useState } from "react";
import { Button, Notice } from "@carefold/ui";
import { RailPanel } from "../RailPanel";
import type { NoteLabels } from "../patients/PatientTimeline";
import { ManualEntryButton } from "./ManualEntry";
import { SaveTimeForm } from "./SaveTimeForm";
import { useTimers } from "./timer-context";
import { LONG_RUN_MS, elapsedMs, formatClock, timerOf, type TimersNow } from "./timer-state";

/** "Running, 3 min 05 s." — what a screen reader hears (aria-live), in whole seconds. */
export function spokenStatus(status: "running" | "paused", ms: number) {
  const total = Math.floor(ms / 1000);
  const m = Math.floor(total / 60);
  const s = total % 60;
  const amount = `${m} ${m === 1 ? "minute" : "minutes"}${s ? ` ${s} s` : ""}`;
  return status === "running" ? `Running, ${amount}.` : `Paused at ${amount}.`;
}

/**
 * The right rail's view of the shell's timer for one patient: start, pause, resume, stop, and the
 * save form once stopped. The timer itself lives in the shell (one per person); this panel only
 * shows and drives it for the patient selected here.
 */
export function PatientTimer({
  patientId,
  patientName,
  activities,
  noteLabels,
  timeZone,
  today,
}: {
  patientId: string | null;
  patientName: string | null;
  activities: Record<string, string>;
  noteLabels: NoteLabels;
  /** The clinic's zone and date, for time added by hand. */
  timeZone: string | null;
  today: string;
}) {
  const { timers, receivedAt, now, stopping, start, pause, stop, discard, finishStop, setRailPatientId } =
    useTimers();
  const [saved, setSaved] = useState<string | null>(null);
  const state = timerOf(timers, patientId);
  const otherRunning = timers?.running && timers.running.patientId !== patientId ? timers.running : null;
  const isStopping = stopping != null && stopping.patientId === patientId;

  useEffect(() => {
    setRailPatientId(patientId);
    return () => setRailPatientId(null);
  }, [patientId, setRailPatientId]);
  useEffect(() => setSaved(null), [patientId]);

  const onSaved = useCallback(
    (message: string, current: TimersNow | null) => {
      setSaved(message);
      finishStop(current);
    },
    [finishStop],
  );

  const patient = patientId && patientName ? { id: patientId, name: patientName } : null;
  const running = state?.state === "running";
  const elapsed = elapsedMs(state, receivedAt, now);
  const isLong = running && elapsed >= LONG_RUN_MS;

  const status = !patientId
    ? "Stopped — open a patient to start timing."
    : isStopping
      ? "Stopped — save the time below."
      : !state
        ? otherRunning
          ? `Stopped. A timer runs for ${otherRunning.patientName}.`
          : "Stopped."
        : spokenStatus(state.state, elapsed);

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

      {!isStopping ? (
        <div className="mt-3 flex gap-2">
          {!state || state.state === "paused" ? (
            <Button
              variant="secondary"
              size="sm"
              icon={Play}
              fullWidth
              disabled={!patient}
              onClick={() => {
                setSaved(null);
                if (patient) start(patient);
              }}
            >
              {state ? "Resume" : "Start timer"}
            </Button>
          ) : (
            <Button variant="secondary" size="sm" icon={Pause} fullWidth onClick={() => void pause(state)}>
              Pause
            </Button>
          )}
          {state ? (
            <Button variant="primary" size="sm" icon={Square} fullWidth onClick={() => stop(state)}>
              Stop
            </Button>
          ) : null}
        </div>
      ) : (
        <div className="mt-3">
          {stopping ? (
          <SaveTimeForm
            key={stopping.timerId}
            timer={stopping}
            activities={activities}
            noteLabels={noteLabels}
            onSaved={onSaved}
            onDiscard={() => discard(stopping)}
          />
          ) : null}
        </div>
      )}
      {patient && timeZone ? (
        <div className="mt-2">
          <ManualEntryButton
            key={patient.id}
            patient={patient}
            timeZone={timeZone}
            today={today}
            activities={activities}
            noteLabels={noteLabels}
            fullWidth
          />
        </div>
      ) : null}
    </RailPanel>
  );
}
