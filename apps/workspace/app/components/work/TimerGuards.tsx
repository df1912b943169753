import { useEffect, useRef, useState } from "react";
import { Button, Dialog } from "@carefold/ui";
import { noteServerSeen } from "../IdleGuard";
import { IDLE_OFF, idleConfig, stepIdle, type IdleEvent, type IdleState } from "./idle-prompt";
import { useTimers } from "./timer-context";
import { elapsedMs, formatClock, runningTimer, timerOf } from "./timer-state";

/** How often a live timer or call tells the server the coordinator is at work. */
export const HEARTBEAT_MS = 60_000;

const timeOfDay = (ms: number) =>
  new Intl.DateTimeFormat("en-US", { hour: "numeric", minute: "2-digit" }).format(ms);

/**
 * While a timer runs or a call is live, the page sends a heartbeat every minute (POST
 * /api/heartbeat), so the session's idle timeout never fires during patient work: talking on the
 * phone moves no mouse and sends no request. Each answered heartbeat also resets the idle
 * warning's clock shared with IdleGuard.
 */
export function useHeartbeat() {
  const { timers, isCallLive } = useTimers();
  const isLive = isCallLive || runningTimer(timers) != null;
  useEffect(() => {
    if (!isLive) return;
    let stopped = false;
    const beat = async () => {
      try {
        const response = await fetch("/api/heartbeat", {
          method: "POST",
          headers: { accept: "application/json" },
          // Signed out: the redirect to sign-in is not a heartbeat answered.
          redirect: "manual",
        });
        if (!stopped && response.ok) noteServerSeen(Date.now());
      } catch {
        // Offline for a moment: the next beat tries again.
      }
    };
    void beat();
    const id = window.setInterval(() => void beat(), HEARTBEAT_MS);
    return () => {
      stopped = true;
      window.clearInterval(id);
    };
  }, [isLive]);
}

/**
 * "Was this time spent on the patient?" after the clinic's idle minutes without input while a
 * timer runs (state machine in idle-prompt.ts): No removes the idle span, no answer pauses the
 * timer at the last input.
 */
export function IdlePrompt({ idleMinutes }: { idleMinutes: number | null }) {
  const { timers, now, isCallLive, removeIdleSpan, pause, start } = useTimers();
  const running = runningTimer(timers);
  const runningId = running?.patientId ?? null;
  const machine = useRef<IdleState>(IDLE_OFF);
  const [asking, setAsking] = useState<{ patientId: string; idleSince: number } | null>(null);
  // Escape closes a native dialog; the question is not answered by it, so it opens again.
  const [askKey, setAskKey] = useState(0);
  const [pausedFor, setPausedFor] = useState<{ patientId: string; name: string; idleSince: number } | null>(null);
  const config = idleConfig(idleMinutes);
  const callLive = useRef(isCallLive);
  callLive.current = isCallLive;

  const dispatch = (event: IdleEvent, patientId: string | null) => {
    const { state, effect } = stepIdle(machine.current, event, config);
    machine.current = state;
    if (!patientId) return;
    if (effect.kind === "ask") setAsking({ patientId, idleSince: effect.idleSince });
    else if (effect.kind === "remove-idle-span") {
      removeIdleSpan(patientId, effect.from, effect.to);
      setAsking(null);
    } else if (effect.kind === "pause") {
      removeIdleSpan(patientId, effect.from, effect.to);
      pause(patientId);
      setAsking(null);
      const timer = timerOf(timers, patientId);
      setPausedFor({ patientId, name: timer?.patientName ?? "the patient", idleSince: effect.from });
    }
  };
  const dispatchRef = useRef(dispatch);
  dispatchRef.current = dispatch;

  // The timer starting or ending (or moving to another patient) restarts the watch.
  useEffect(() => {
    machine.current = IDLE_OFF;
    setAsking(null);
    if (runningId) dispatchRef.current({ type: "timer", running: true, at: Date.now() }, runningId);
  }, [runningId]);

  useEffect(() => {
    if (!runningId) return;
    let lastInput = 0;
    const onInput = () => {
      const at = Date.now();
      // Pointer moves come many a second: one input per second is plenty.
      if (at - lastInput < 1000) return;
      lastInput = at;
      dispatchRef.current({ type: "input", at }, runningId);
    };
    const events = ["keydown", "pointerdown", "pointermove", "wheel"] as const;
    for (const name of events) window.addEventListener(name, onInput, { passive: true });
    const tick = window.setInterval(
      () => dispatchRef.current({ type: "tick", at: Date.now(), isCallLive: callLive.current }, runningId),
      1000,
    );
    return () => {
      for (const name of events) window.removeEventListener(name, onInput);
      window.clearInterval(tick);
    };
  }, [runningId]);

  const answer = (spentOnPatient: boolean) =>
    dispatch({ type: "answer", spentOnPatient, at: Date.now() }, asking?.patientId ?? null);
  const askingName = asking ? timerOf(timers, asking.patientId)?.patientName : null;

  return (
    <>
      <Dialog
        key={askKey}
        open={asking != null}
        onClose={() => {
          // Escape is not an answer: the question stays until Yes, No or the answer window ends.
          if (machine.current.kind === "asking") setAskKey((k) => k + 1);
        }}
        size="sm"
        title="Was this time spent on the patient?"
        description={
          asking
            ? `Nothing was typed or clicked since ${timeOfDay(asking.idleSince)} while ${askingName ?? "the patient"}'s timer ran (${formatClock(elapsedMs(running, now))} so far).`
            : undefined
        }
        footer={
          <>
            <Button variant="secondary" onClick={() => answer(false)}>
              No, remove the idle time
            </Button>
            <Button variant="primary" onClick={() => answer(true)}>
              Yes, keep it
            </Button>
          </>
        }
      >
        <p className="text-compact text-ink-700">
          Without an answer in 2 minutes the timer pauses and the idle time is not counted.
        </p>
      </Dialog>
      <Dialog
        open={pausedFor != null}
        onClose={() => setPausedFor(null)}
        size="sm"
        title="Timer paused"
        description={
          pausedFor
            ? `Nobody answered, so ${pausedFor.name}'s timer paused and the time since ${timeOfDay(pausedFor.idleSince)} was not counted.`
            : undefined
        }
        footer={
          <>
            <Button variant="secondary" onClick={() => setPausedFor(null)}>
              Leave it paused
            </Button>
            <Button
              variant="primary"
              onClick={() => {
                if (pausedFor) start({ id: pausedFor.patientId, name: pausedFor.name });
                setPausedFor(null);
              }}
            >
              Resume timer
            </Button>
          </>
        }
      />
    </>
  );
}
