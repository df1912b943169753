import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useRef,
  useState,
  type ReactNode,
} from "react";
import {
  timerOf,
  type PatientRef,
  type SwitchMode,
  type TimerView,
  type TimersNow,
} from "./timer-state";

/**
 * The workspace shell's one timer (issue 14, item 2). The server keeps it (time.timer.*, one
 * running timer per person, through /api/timer); the shell lives in the layout, so the timer is
 * visible and controllable from every page, survives navigation and a reload (it is read from
 * the server), and other tabs follow a change (a storage ping makes them read it again). Pages
 * say which patient is in view (`usePatientInView`); starting a timer for that patient while
 * another patient's runs asks first whether to pause it or stop and save it.
 */
export interface TimerContextValue {
  timers: TimersNow | null;
  /** When (this page's clock) the server's state was read: running time is added from there. */
  receivedAt: number;
  /** Ticks every second while a timer runs. */
  now: number;
  patientInView: PatientRef | null;
  /** Another patient's timer runs and the coordinator must choose before this one starts. */
  pendingSwitch: { patient: PatientRef; running: TimerView } | null;
  /** What the last switch did to the other timer (shown beside the timer). */
  lastSwitch: { patientName: string; mode: SwitchMode } | null;
  /** A timer paused on the server whose save form is open (stop = pause, then save). */
  stopping: TimerView | null;
  /** The last refusal from the server, in its words. */
  error: string | null;
  start: (patient: PatientRef, mode?: SwitchMode) => void;
  cancelSwitch: () => void;
  pause: (timer: TimerView) => Promise<void>;
  stop: (timer: TimerView) => void;
  discard: (timer: TimerView) => void;
  removeIdle: (timer: TimerView, idleFrom: number) => Promise<void>;
  /** After the save form stopped a timer: the server's new state. */
  finishStop: (current: TimersNow | null) => void;
  /** `t`: start or stop the timer of the patient in view (or stop the running one elsewhere). */
  toggle: () => void;
  refresh: () => void;
  /** True while any call panel has a call that has not ended. */
  isCallLive: boolean;
  setCallLive: (key: string, live: boolean) => void;
  /** The patient whose timer a rail panel on this page shows (its save form is there). */
  railPatientId: string | null;
  setRailPatientId: (patientId: string | null) => void;
  setPatientInView: (patient: PatientRef | null) => void;
}

const TimerContext = createContext<TimerContextValue | null>(null);

/** Another tab changed the timer: read it again (the value is only a time, no PHI). */
const CHANGED_KEY = "carefold.timer-changed";

type TimerAnswer =
  | { ok: true; current: TimersNow | null }
  | { ok: false; message?: string | null; current: null };

async function askServer(init?: RequestInit): Promise<TimerAnswer> {
  try {
    const response = await fetch("/api/timer", {
      ...init,
      headers: { accept: "application/json" },
      // Signed out: the redirect to sign-in is not an answer about the timer.
      redirect: "manual",
    });
    if (!response.ok || !response.headers.get("content-type")?.includes("json")) {
      return { ok: false, message: "The timer could not be reached. Try again.", current: null };
    }
    return (await response.json()) as TimerAnswer;
  } catch {
    return { ok: false, message: "The timer could not be reached. Check the connection.", current: null };
  }
}

export function TimerProvider({ enabled, children }: { enabled: boolean; children: ReactNode }) {
  const [timers, setTimers] = useState<TimersNow | null>(null);
  const [receivedAt, setReceivedAt] = useState(0);
  const [now, setNow] = useState(() => Date.now());
  const [patientInView, setPatientInView] = useState<PatientRef | null>(null);
  const [pendingSwitch, setPendingSwitch] = useState<TimerContextValue["pendingSwitch"]>(null);
  const [lastSwitch, setLastSwitch] = useState<TimerContextValue["lastSwitch"]>(null);
  const [stopping, setStopping] = useState<TimerView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [liveCalls, setLiveCalls] = useState<ReadonlySet<string>>(new Set());
  const [railPatientId, setRailPatientId] = useState<string | null>(null);
  const latest = useRef(timers);
  latest.current = timers;

  const apply = useCallback((current: TimersNow | null) => {
    latest.current = current;
    setTimers(current);
    setReceivedAt(Date.now());
    setNow(Date.now());
  }, []);

  const refresh = useCallback(() => {
    if (!enabled) return;
    void askServer().then((answer) => {
      if (answer.ok) apply(answer.current);
    });
  }, [enabled, apply]);

  /** Sends one change; answers with the server's new state (or null after a refusal). */
  const send = useCallback(
    async (fields: Record<string, string>) => {
      const body = new FormData();
      for (const [name, value] of Object.entries(fields)) body.set(name, value);
      const answer = await askServer({ method: "POST", body });
      if (!answer.ok) {
        setError(answer.message ?? "The timer did not change.");
        return null;
      }
      setError(null);
      apply(answer.current);
      try {
        window.localStorage.setItem(CHANGED_KEY, String(Date.now()));
      } catch {
        // Private mode: other tabs catch up when they are next focused.
      }
      return answer.current;
    },
    [apply],
  );

  // Read after hydration; again when another tab changed it or this one comes back to the front.
  useEffect(() => {
    refresh();
    const onStorage = (event: StorageEvent) => {
      if (event.key === CHANGED_KEY) refresh();
    };
    const onVisible = () => {
      if (document.visibilityState === "visible") refresh();
    };
    window.addEventListener("storage", onStorage);
    document.addEventListener("visibilitychange", onVisible);
    return () => {
      window.removeEventListener("storage", onStorage);
      document.removeEventListener("visibilitychange", onVisible);
    };
  }, [refresh]);

  const isRunning = timers?.running != null;
  useEffect(() => {
    if (!isRunning) return;
    setNow(Date.now());
    const id = window.setInterval(() => setNow(Date.now()), 1000);
    return () => window.clearInterval(id);
  }, [isRunning]);

  const start = useCallback(
    (patient: PatientRef, mode?: SwitchMode) => {
      const running = latest.current?.running ?? null;
      if (running?.patientId === patient.id) return;
      if (running && !mode) {
        setPendingSwitch({ patient, running });
        return;
      }
      setPendingSwitch(null);
      const own = timerOf(latest.current, patient.id);
      // "Stop and save" pauses the other timer first, then asks for its activity and note.
      const fields: Record<string, string> = own
        ? { intent: "resume", timerId: own.timerId }
        : { intent: "start", patientId: patient.id };
      if (running) fields.switch = "pause";
      void send(fields).then((current) => {
        if (!current || !running || !mode) return;
        setLastSwitch({ patientName: running.patientName, mode });
        if (mode === "stop") {
          setStopping(current.paused.find((t) => t.timerId === running.timerId) ?? null);
        }
      });
    },
    [send],
  );

  const pause = useCallback(
    async (timer: TimerView) => {
      await send({ intent: "pause", timerId: timer.timerId });
    },
    [send],
  );

  const stop = useCallback(
    (timer: TimerView) => {
      if (timer.state === "paused") {
        setStopping(timer);
        return;
      }
      void send({ intent: "pause", timerId: timer.timerId }).then((current) => {
        const paused = current?.paused.find((t) => t.timerId === timer.timerId);
        if (paused) setStopping(paused);
      });
    },
    [send],
  );

  const discard = useCallback(
    (timer: TimerView) => {
      setStopping((s) => (s?.timerId === timer.timerId ? null : s));
      setLastSwitch(null);
      void send({ intent: "discard", timerId: timer.timerId });
    },
    [send],
  );

  const removeIdle = useCallback(
    async (timer: TimerView, idleFrom: number) => {
      await send({ intent: "remove-idle", timerId: timer.timerId, idleFrom: new Date(idleFrom).toISOString() });
    },
    [send],
  );

  const finishStop = useCallback(
    (current: TimersNow | null) => {
      setStopping(null);
      setLastSwitch(null);
      apply(current);
      try {
        window.localStorage.setItem(CHANGED_KEY, String(Date.now()));
      } catch {
        // As above.
      }
    },
    [apply],
  );

  const cancelSwitch = useCallback(() => setPendingSwitch(null), []);

  const toggle = useCallback(() => {
    const current = latest.current;
    if (!patientInView) {
      if (current?.running) stop(current.running);
      return;
    }
    if (stopping?.patientId === patientInView.id) return;
    const own = timerOf(current, patientInView.id);
    if (own?.state === "running") stop(own);
    else start(patientInView);
  }, [patientInView, stopping, start, stop]);

  const setCallLive = useCallback((callKey: string, live: boolean) => {
    setLiveCalls((current) => {
      if (current.has(callKey) === live) return current;
      const next = new Set(current);
      if (live) next.add(callKey);
      else next.delete(callKey);
      return next;
    });
  }, []);

  const value = useMemo<TimerContextValue>(
    () => ({
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
      removeIdle,
      finishStop,
      toggle,
      refresh,
      isCallLive: liveCalls.size > 0,
      setCallLive,
      railPatientId,
      setRailPatientId,
      setPatientInView,
    }),
    [
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
      removeIdle,
      finishStop,
      toggle,
      refresh,
      liveCalls,
      setCallLive,
      railPatientId,
    ],
  );
  return <TimerContext.Provider value={value}>{children}</TimerContext.Provider>;
}

export function useTimers(): TimerContextValue {
  const value = useContext(TimerContext);
  if (!value) throw new Error("useTimers needs the workspace shell's TimerProvider.");
  return value;
}

/** Tells the shell which patient this page shows (the one `t`, `c` and `n` act on). */
export function usePatientInView(patient: PatientRef | null) {
  const { setPatientInView } = useTimers();
  const id = patient?.id ?? null;
  const name = patient?.name ?? null;
  useEffect(() => {
    setPatientInView(id && name ? { id, name } : null);
    return () => setPatientInView(null);
  }, [id, name, setPatientInView]);
}

/** Reports a call panel's live call to the shell (keeps the session alive, mutes the idle prompt). */
export function useReportCallLive(callKey: string, live: boolean) {
  const { setCallLive } = useTimers();
  useEffect(() => {
    setCallLive(callKey, live);
    return () => setCallLive(callKey, false);
  }, [callKey, live, setCallLive]);
}

