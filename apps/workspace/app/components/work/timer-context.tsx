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
  discardTimer,
  parseTimers,
  pauseTimer,
  removeSpan,
  runningTimer,
  startTimer,
  stopTimer,
  timerOf,
  type PatientRef,
  type SwitchMode,
  type TimerState,
} from "./timer-state";

/**
 * The workspace shell's one timer (issue 14, item 2): it lives in the layout, so it is visible and
 * controllable from every page and survives navigation; it is mirrored to this browser's storage
 * (per signed-in user), so it survives a reload and a second tab follows it. Pages say which
 * patient is in view (`usePatientInView`); starting a timer for that patient while another
 * patient's runs asks first whether to pause it or stop and save it.
 */
export interface TimerContextValue {
  timers: TimerState[];
  /** Ticks every second while a timer runs. */
  now: number;
  patientInView: PatientRef | null;
  /** Another patient's timer runs and the coordinator must choose before this one starts. */
  pendingSwitch: { patient: PatientRef; running: TimerState } | null;
  /** What the last switch did to the other timer (shown beside the timer). */
  lastSwitch: { patientName: string; mode: SwitchMode } | null;
  start: (patient: PatientRef, mode?: SwitchMode) => void;
  cancelSwitch: () => void;
  pause: (patientId: string) => void;
  stop: (patientId: string) => void;
  discard: (patientId: string) => void;
  removeIdleSpan: (patientId: string, from: number, to: number) => void;
  /** `t`: start or stop the timer of the patient in view (or stop the running one elsewhere). */
  toggle: () => void;
  /** True while any call panel has a call that has not ended. */
  isCallLive: boolean;
  setCallLive: (key: string, live: boolean) => void;
  /** Which patients' timers a rail panel on this page shows (their save form is there). */
  railPatientId: string | null;
  setRailPatientId: (patientId: string | null) => void;
  setPatientInView: (patient: PatientRef | null) => void;
}

const TimerContext = createContext<TimerContextValue | null>(null);

export const timersKey = (owner: string) => `carefold.timers.${owner}`;

function readStored(key: string): TimerState[] {
  try {
    return parseTimers(window.localStorage.getItem(key));
  } catch {
    return [];
  }
}

function writeStored(key: string, timers: TimerState[]) {
  try {
    if (timers.length) window.localStorage.setItem(key, JSON.stringify(timers));
    else window.localStorage.removeItem(key);
  } catch {
    // Private mode or a full quota: the timer still works in this tab.
  }
}

export function TimerProvider({ owner, children }: { owner: string; children: ReactNode }) {
  const key = timersKey(owner);
  const [timers, setTimers] = useState<TimerState[]>([]);
  const [now, setNow] = useState(() => Date.now());
  const [patientInView, setPatientInView] = useState<PatientRef | null>(null);
  const [pendingSwitch, setPendingSwitch] = useState<TimerContextValue["pendingSwitch"]>(null);
  const [lastSwitch, setLastSwitch] = useState<TimerContextValue["lastSwitch"]>(null);
  const [liveCalls, setLiveCalls] = useState<ReadonlySet<string>>(new Set());
  const [railPatientId, setRailPatientId] = useState<string | null>(null);
  const latest = useRef(timers);
  latest.current = timers;

  // Load after hydration, and follow other tabs.
  useEffect(() => {
    setTimers(readStored(key));
    setNow(Date.now());
    const onStorage = (event: StorageEvent) => {
      if (event.key === key) setTimers(parseTimers(event.newValue));
    };
    window.addEventListener("storage", onStorage);
    return () => window.removeEventListener("storage", onStorage);
  }, [key]);

  const commit = useCallback(
    (next: TimerState[]) => {
      latest.current = next;
      writeStored(key, next);
      setTimers(next);
      setNow(Date.now());
    },
    [key],
  );

  const isRunning = runningTimer(timers) != null;
  useEffect(() => {
    if (!isRunning) return;
    setNow(Date.now());
    const id = window.setInterval(() => setNow(Date.now()), 1000);
    return () => window.clearInterval(id);
  }, [isRunning]);

  const start = useCallback(
    (patient: PatientRef, mode?: SwitchMode) => {
      const result = startTimer(latest.current, patient, Date.now(), mode);
      if (result.kind === "choose") {
        setPendingSwitch({ patient, running: result.running });
        return;
      }
      setPendingSwitch(null);
      setLastSwitch(result.switched);
      commit(result.timers);
    },
    [commit],
  );
  const pause = useCallback(
    (patientId: string) => commit(pauseTimer(latest.current, patientId, Date.now())),
    [commit],
  );
  const stop = useCallback(
    (patientId: string) => commit(stopTimer(latest.current, patientId, Date.now())),
    [commit],
  );
  const discard = useCallback(
    (patientId: string) => {
      setLastSwitch(null);
      commit(discardTimer(latest.current, patientId));
    },
    [commit],
  );
  const removeIdleSpan = useCallback(
    (patientId: string, from: number, to: number) =>
      commit(removeSpan(latest.current, patientId, from, to)),
    [commit],
  );
  const cancelSwitch = useCallback(() => setPendingSwitch(null), []);

  const toggle = useCallback(() => {
    const inView = patientInView;
    const running = runningTimer(latest.current);
    if (!inView) {
      if (running) stop(running.patientId);
      return;
    }
    const own = timerOf(latest.current, inView.id);
    if (own?.status === "running") stop(inView.id);
    else if (own?.status !== "stopped") start(inView);
  }, [patientInView, start, stop]);

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
      now,
      patientInView,
      pendingSwitch,
      lastSwitch,
      start,
      cancelSwitch,
      pause,
      stop,
      discard,
      removeIdleSpan,
      toggle,
      isCallLive: liveCalls.size > 0,
      setCallLive,
      railPatientId,
      setRailPatientId,
      setPatientInView,
    }),
    [
      timers,
      now,
      patientInView,
      pendingSwitch,
      lastSwitch,
      start,
      cancelSwitch,
      pause,
      stop,
      discard,
      removeIdleSpan,
      toggle,
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
