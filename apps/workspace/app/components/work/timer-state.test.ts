import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  elapsedMs,
  formatClock,
  measuredMinutes,
  shownTimer,
  timerOf,
  type TimerView,
  type TimersNow,
} from "./timer-state";

const t0 = Date.UTC(2026, 0, 5, 15);
const view = (patientId: string, state: TimerView["state"], elapsedSeconds: number): TimerView => ({
  timerId: `timer-${patientId}`,
  tenantId: "tenant",
  patientId,
  patientName: `Patient ${patientId}`,
  activity: "other",
  state,
  startedAt: new Date(t0).toISOString(),
  runningSince: state === "running" ? new Date(t0).toISOString() : null,
  lastActivityAt: new Date(t0).toISOString(),
  elapsedSeconds,
  idlePromptMinutes: 5,
});

describe("the shell's view of the server's timers", () => {
  it("adds the time since the server answered to a running timer only", () => {
    expect(elapsedMs(view("a", "running", 42), t0, t0 + 3_000)).toBe(45_000);
    expect(elapsedMs(view("a", "paused", 42), t0, t0 + 3_000)).toBe(42_000);
    expect(elapsedMs(null, t0, t0)).toBe(0);
  });

  it("shows the running timer, else the patient in view's, else the latest paused", () => {
    const timers: TimersNow = {
      running: null,
      paused: [view("a", "paused", 1), view("b", "paused", 2)],
      idlePromptMinutes: 5,
    };
    expect(shownTimer(timers, "a")?.patientId).toBe("a");
    expect(shownTimer(timers, "z")?.patientId).toBe("b");
    expect(shownTimer(timers, "z", "timer-a")?.patientId).toBe("a");
    expect(shownTimer({ ...timers, running: view("c", "running", 0) }, "a")?.patientId).toBe("c");
    expect(shownTimer(null, "a")).toBeNull();
    expect(timerOf(timers, "b")?.elapsedSeconds).toBe(2);
  });

  it("shows seconds and floors minutes (a 4–6 second timer is 0 minutes, not 1)", () => {
    expect(formatClock(5_400)).toBe("00:05");
    expect(formatClock(3_661_000)).toBe("1:01:01");
    expect(measuredMinutes(5_000)).toBe(0);
    expect(measuredMinutes(19 * 60_000 + 30_000)).toBe(19);
  });

  it("never rounds a duration up, and a running clock never goes back", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 36_000 }),
        fc.integer({ min: 0, max: 3_600_000 }),
        fc.integer({ min: 0, max: 3_600_000 }),
        (seconds, a, b) => {
          const ms = elapsedMs(view("a", "running", seconds), t0, t0 + a);
          expect(measuredMinutes(ms) * 60_000).toBeLessThanOrEqual(ms);
          expect(elapsedMs(view("a", "running", seconds), t0, t0 + a + b)).toBeGreaterThanOrEqual(ms);
        },
      ),
    );
  });
});
