import { useEffect, useRef, useState } from "react";
import { Button, Dialog } from "@carefold/ui";
import { noteServerSeen } from "../IdleGuard";
import { IDLE_OFF, idleConfig, stepIdle, type IdleEvent, type IdleState } from "./idle-prompt";
import { useTimers } from "./timer-context";
import { elapsedMs, formatClock, type PatientRef, type TimerView } from "./timer-state";

/** How often a live timer or call tells the server the coordinator is at work. */
export const HEARTBEAT_MS = 60_000;
/** The header time.heartbeat needs (HEARTBEAT_HEADER in @carefold/api; /api/heartbeat refuses a beat without it). */
const HEARTBEAT_HEADER = "x-carefold-heartbeat";

const timeOfDay = (ms: number) =>
  new Intl.DateTimeFormat("en-US", { hour: "numeric", minute: "2-digit" }).format(ms);

/**
 * While a timer runs or a call is live, the page sends a heartbeat every minute (POST
 * /api/heartbeat): the server extends the session only while the person has a running timer or
 * a live call, so idle sign-out never fires during patient work (talking on the phone moves no
 * mouse and sends no request). A beat that kept the session alive also restarts IdleGuard's
 * clock; one that finds the timer gone or paused (another tab, the server's idle pause) makes the
 * shell read the timer again.
 */
export function useHeartbeat() {
  const { timers, isCallLive, refresh } = useTimers();
  const runningId = timers?.running?.timerId ?? null;
  const isLive = isCallLive || runningId != null;
  const hadInput = useRef(false);
  const expected = useRef(runningId);
  expected.current = runningId;

  useEffect(() => {
    if (!isLive) return;
    const onInput = () => {
      hadInput.current = true;
    };
    const events = ["keydown", "pointerdown", "wheel"] as const;
    for (const name of events) window.addEventListener(name, onInput, { passive: true });
    let stopped = false;
    const beat = async () => {
      const body = new FormData();
      body.set("hadInput", hadInput.current ? "1" : "0");
      hadInput.current = false;
      try {
        const response = await fetch("/api/heartbeat", {
          method: "POST",
          body,
          headers: { accept: "application/json", [HEARTBEAT_HEADER]: "1" },
          // Signed out: the redirect to sign-in is not a heartbeat answered.
          redirect: "manual",
        });
        if (stopped || !response.ok) return;
        const answer = (await response.json()) as { ok: boolean; keepsSessionAlive?: boolean; timerId?: string | null };
        if (answer.ok && answer.keepsSessionAlive) noteServerSeen(Date.now());
        if (answer.ok && (answer.timerId ?? null) !== expected.current) refresh();
      } catch {
        // Offline for a moment: the next beat tries again.
      }
    };
    void beat();
    const id = window.setInterval(() => void beat(), HEARTBEAT_MS);
    return () => {
      stopped = true;
      window.clearInterval(id);
      for (const name of events) window.removeEventListener(name, onInput);
    };
  }, [isLive, refresh]);
}

/**
 * "Was this time spent on the patient?" after the clinic's idle minutes without input while a
 * timer runs (state machine in idle-prompt.ts): No removes the idle span, no answer pauses the
 * timer at the last input.
 */
export function IdlePrompt() {
  const { timers, receivedAt, now, isCallLive, removeIdle, pause, start } = useTimers();
  const running = timers?.running ?? null;
  const runningId = running?.timerId ?? null;
  const idleMinutes = timers?.idlePromptMinutes ?? null;
  const machine = useRef<IdleState>(IDLE_OFF);
  const [asking, setAsking] = useState<{ timer: TimerView; idleSince: number } | null>(null);
  // Escape closes a native dialog; the question is not answered by it, so it opens again.
  const [askKey, setAskKey] = useState(0);
  const [pausedFor, setPausedFor] = useState<{ patient: PatientRef; idleSince: number } | null>(null);
  const config = idleConfig(idleMinutes);
  const callLive = useRef(isCallLive);
  callLive.current = isCallLive;

  const dispatch = (event: IdleEvent, timer: TimerView | null) => {
    const { state, effect } = stepIdle(machine.current, event, config);
    machine.current = state;
    if (!timer) return;
    if (effect.kind === "ask") setAsking({ timer, idleSince: effect.idleSince });
    else if (effect.kind === "remove-idle-span") {
      setAsking(null);
      void removeIdle(timer, effect.from);
    } else if (effect.kind === "pause") {
      setAsking(null);
      setPausedFor({ patient: { id: timer.patientId, name: timer.patientName }, idleSince: effect.from });
      // The unanswered span goes first, then the timer pauses (both on the server).
      void removeIdle(timer, effect.from).then(() => pause(timer));
    }
  };
  const dispatchRef = useRef(dispatch);
  dispatchRef.current = dispatch;
  const runningRef = useRef(running);
  runningRef.current = running;

  // The timer starting or ending (or moving to another patient) restarts the watch.
  useEffect(() => {
    machine.current = IDLE_OFF;
    setAsking(null);
    if (running) dispatchRef.current({ type: "timer", running: true, at: Date.now() }, running);
  }, [runningId]);

  useEffect(() => {
    if (!runningId) return;
    let lastInput = 0;
    const onInput = () => {
      const at = Date.now();
      // Pointer moves come many a second: one input per second is plenty.
      if (at - lastInput < 1000) return;
      lastInput = at;
      dispatchRef.current({ type: "input", at }, runningRef.current);
    };
    const events = ["keydown", "pointerdown", "pointermove", "wheel"] as const;
    for (const name of events) window.addEventListener(name, onInput, { passive: true });
    const tick = window.setInterval(
      () =>
        dispatchRef.current(
          { type: "tick", at: Date.now(), isCallLive: callLive.current },
          runningRef.current,
        ),
      1000,
    );
    return () => {
      for (const name of events) window.removeEventListener(name, onInput);
      window.clearInterval(tick);
    };
  }, [runningId]);

  const answer = (spentOnPatient: boolean) =>
    dispatch({ type: "answer", spentOnPatient, at: Date.now() }, asking?.timer ?? null);
  const askingName = asking?.timer.patientName ?? null;

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
            ? `Nothing was typed or clicked since ${timeOfDay(asking.idleSince)} while ${askingName ?? "the patient"}'s timer ran (${formatClock(elapsedMs(running, receivedAt, now))} so far).`
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
            ? `Nobody answered, so ${pausedFor.patient.name}'s timer paused and the time since ${timeOfDay(pausedFor.idleSince)} was not counted.`
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
                if (pausedFor) start(pausedFor.patient);
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
