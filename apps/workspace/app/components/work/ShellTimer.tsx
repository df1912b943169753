import { Link } from "@remix-run/react";
import { Pause, Play, Save, Square, Timer as TimerIcon } from "lucide-react";
import { useCallback, useEffect, useRef, useState } from "react";
import { Button, Dialog, Kbd, Notice, cn } from "@carefold/ui";
import type { NoteLabels } from "../patients/PatientTimeline";
import { SaveTimeForm } from "./SaveTimeForm";
import { spokenStatus } from "./Timer";
import { useTimers } from "./timer-context";
import { elapsedMs, formatClock, shownTimer, type TimersNow } from "./timer-state";

/**
 * The top bar's timer, on every page of the workspace: whose it is, mm:ss, pause/resume and stop;
 * the choice when a timer starts on another patient; and the save form for a stopped timer that
 * no rail on this page shows.
 */
export function ShellTimer({
  activities,
  noteLabels,
}: {
  activities: Record<string, string>;
  noteLabels: NoteLabels;
}) {
  const {
    timers,
    receivedAt,
    now,
    patientInView,
    pendingSwitch,
    lastSwitch,
    stopping,
    error,
    start,
    cancelSwitch,
    pause,
    stop,
    discard,
    finishStop,
    railPatientId,
  } = useTimers();
  const [saved, setSaved] = useState<string | null>(null);
  // After a pause, the shell keeps showing the timer it showed (not another paused one).
  const lastShown = useRef<string | null>(null);
  const candidate = shownTimer(timers, patientInView?.id ?? null, lastShown.current);
  lastShown.current = candidate?.timerId ?? null;
  const shown = candidate && candidate.timerId !== stopping?.timerId ? candidate : null;
  // A stopped timer whose save form is not on this page is saved in a dialog.
  const toSave = stopping && stopping.patientId !== railPatientId ? stopping : null;
  const [saveOpen, setSaveOpen] = useState(false);
  useEffect(() => setSaveOpen(toSave != null), [toSave?.timerId]);
  useEffect(() => {
    if (!saved) return;
    const id = window.setTimeout(() => setSaved(null), 8000);
    return () => window.clearTimeout(id);
  }, [saved]);

  const onSaved = useCallback(
    (message: string, current: TimersNow | null) => {
      setSaved(message);
      setSaveOpen(false);
      finishStop(current);
    },
    [finishStop],
  );

  const paused = (timers?.paused ?? []).filter(
    (t) => t.timerId !== shown?.timerId && t.timerId !== stopping?.timerId,
  );
  const elapsed = elapsedMs(shown, receivedAt, now);
  const isRunning = shown?.state === "running";

  return (
    <div className="flex items-center gap-2" data-testid="shell-timer">
      {shown ? (
        <div
          role="group"
          aria-label="Timer"
          className={cn(
            "flex shrink-0 items-center gap-1.5 rounded-lg border py-0.5 pr-0.5 pl-2",
            isRunning ? "border-success-300 bg-success-50" : "border-neutral-200 bg-neutral-50",
          )}
        >
          <TimerIcon
            aria-hidden="true"
            className={cn("size-3.5", isRunning ? "text-success-700" : "text-ink-500")}
          />
          <Link
            to={`/patients/${shown.patientId}`}
            className="max-w-28 truncate text-compact min-[1400px]:max-w-40 font-medium text-ink-800 hover:underline"
            title={`Open ${shown.patientName}'s chart`}
          >
            {shown.patientName}
          </Link>
          <span
            role="timer"
            aria-label={`Timer for ${shown.patientName}`}
            className={cn("tabular text-compact font-semibold", isRunning ? "text-ink-900" : "text-ink-500")}
          >
            {formatClock(elapsed)}
          </span>
          <span className="sr-only" aria-live="polite" aria-atomic="true">
            {`${shown.patientName}: ${spokenStatus(shown.state, Math.floor(elapsed / 60_000) * 60_000)}`}
          </span>
          {isRunning ? (
            <Button variant="ghost" size="sm" icon={Pause} onClick={() => void pause(shown)}>
              <span className="sr-only">Pause timer</span>
            </Button>
          ) : (
            <Button
              variant="ghost"
              size="sm"
              icon={Play}
              onClick={() => start({ id: shown.patientId, name: shown.patientName })}
            >
              <span className="sr-only">Resume timer</span>
            </Button>
          )}
          <Button variant="ghost" size="sm" icon={Square} onClick={() => stop(shown)}>
            <span className="sr-only">Stop timer</span>
          </Button>
        </div>
      ) : patientInView && !toSave ? (
        <Button variant="ghost" size="sm" icon={Play} onClick={() => start(patientInView)}>
          Start timer
          <span className="sr-only"> for {patientInView.name}</span>
          <Kbd>t</Kbd>
        </Button>
      ) : null}
      {paused.length > 0 ? (
        <span className="shrink-0 text-2xs whitespace-nowrap text-ink-500" title={paused.map((t) => t.patientName).join(", ")}>
          +{paused.length} paused
        </span>
      ) : null}
      {toSave && !saveOpen ? (
        <Button variant="secondary" size="sm" icon={Save} onClick={() => setSaveOpen(true)}>
          Save time
        </Button>
      ) : null}
      <p className="sr-only" aria-live="polite">
        {lastSwitch
          ? `${lastSwitch.patientName}'s timer ${lastSwitch.mode === "pause" ? "paused" : "stopped"}.`
          : ""}
        {saved ?? ""}
      </p>
      {error ? (
        <span role="alert" className="max-w-64 truncate text-2xs font-medium text-danger-700" title={error}>
          {error}
        </span>
      ) : null}
      {saved ? (
        <span className="max-w-64 truncate text-2xs font-medium text-success-700" title={saved}>
          {saved}
        </span>
      ) : null}

      <Dialog
        open={pendingSwitch != null}
        onClose={cancelSwitch}
        size="sm"
        title="Another patient's timer is running"
        description={
          pendingSwitch
            ? `${pendingSwitch.running.patientName}: ${formatClock(elapsedMs(pendingSwitch.running, receivedAt, now))}. You can time one patient at a time. What happens to that timer before ${pendingSwitch.patient.name}'s starts?`
            : undefined
        }
        footer={
          pendingSwitch ? (
            <>
              <Button variant="ghost" onClick={cancelSwitch}>
                Cancel
              </Button>
              <Button variant="secondary" onClick={() => start(pendingSwitch.patient, "pause")}>
                Pause it
              </Button>
              <Button variant="primary" onClick={() => start(pendingSwitch.patient, "stop")}>
                Stop and save it
              </Button>
            </>
          ) : null
        }
      >
        <p className="text-compact text-ink-700">
          <strong>Pause it</strong> keeps {pendingSwitch?.running.patientName ?? "it"}'s time to
          resume later. <strong>Stop and save it</strong> asks for the activity and note next.
        </p>
      </Dialog>

      <Dialog
        open={saveOpen && toSave != null}
        onClose={() => setSaveOpen(false)}
        size="sm"
        title={toSave ? `Save time for ${toSave.patientName}` : "Save time"}
        description={toSave ? `Measured ${formatClock(toSave.elapsedSeconds * 1000)}.` : undefined}
      >
        {toSave ? (
          <>
            {lastSwitch?.mode === "stop" && lastSwitch.patientName === toSave.patientName ? (
              <Notice tone="info" className="mb-3">
                Stopped when you started timing another patient.
              </Notice>
            ) : null}
            <SaveTimeForm
              key={toSave.timerId}
              timer={toSave}
              activities={activities}
              noteLabels={noteLabels}
              onSaved={onSaved}
              onDiscard={() => {
                setSaveOpen(false);
                discard(toSave);
              }}
            />
          </>
        ) : null}
      </Dialog>
    </div>
  );
}
