import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  discardTimer,
  elapsedMs,
  formatClock,
  measuredMinutes,
  parseTimers,
  pauseTimer,
  removeSpan,
  runningTimer,
  startTimer,
  stopTimer,
  timerOf,
  type TimerState,
} from "./timer-state";

const ann = { id: "00000000-0000-4000-8000-00000000000a", name: "Ann Lee" };
const bob = { id: "00000000-0000-4000-8000-00000000000b", name: "Bob Ray" };
const t0 = Date.UTC(2026, 0, 5, 15);

function started(result: ReturnType<typeof startTimer>) {
  if (result.kind !== "started") throw new Error("expected a started timer");
  return result;
}

describe("one running timer per person", () => {
  it("asks before starting on a second patient, then pauses or stops the first", () => {
    const one = started(startTimer([], ann, t0)).timers;
    const choice = startTimer(one, bob, t0 + 30_000);
    expect(choice).toEqual({ kind: "choose", running: expect.objectContaining({ patientId: ann.id }) });

    const paused = started(startTimer(one, bob, t0 + 30_000, "pause"));
    expect(paused.switched).toEqual({ patientName: "Ann Lee", mode: "pause" });
    expect(timerOf(paused.timers, ann.id)).toMatchObject({ status: "paused", accumulatedMs: 30_000 });
    expect(runningTimer(paused.timers)?.patientId).toBe(bob.id);

    const stopped = started(startTimer(one, bob, t0 + 30_000, "stop"));
    expect(timerOf(stopped.timers, ann.id)).toMatchObject({ status: "stopped", accumulatedMs: 30_000 });
    expect(timerOf(stopped.timers, ann.id)?.clientRequestId).toEqual(expect.any(String));
  });

  it("resumes a paused timer where it stopped counting", () => {
    let timers = started(startTimer([], ann, t0)).timers;
    timers = pauseTimer(timers, ann.id, t0 + 10_000);
    timers = started(startTimer(timers, ann, t0 + 60_000)).timers;
    expect(elapsedMs(timerOf(timers, ann.id), t0 + 65_000)).toBe(15_000);
  });

  it("keeps a stopped, unsaved timer instead of starting over", () => {
    let timers = started(startTimer([], ann, t0)).timers;
    timers = stopTimer(timers, ann.id, t0 + 4_000);
    const id = timerOf(timers, ann.id)!.clientRequestId;
    timers = started(startTimer(timers, ann, t0 + 9_000)).timers;
    expect(timerOf(timers, ann.id)).toMatchObject({ status: "stopped", accumulatedMs: 4_000, clientRequestId: id });
  });

  it("removes an idle span from the running time only", () => {
    let timers = started(startTimer([], ann, t0)).timers;
    timers = removeSpan(timers, ann.id, t0 + 60_000, t0 + 360_000);
    expect(elapsedMs(timerOf(timers, ann.id), t0 + 420_000)).toBe(120_000);
  });

  it("shows seconds and floors minutes (a 4–6 second timer is 0 minutes, not 1)", () => {
    expect(formatClock(5_400)).toBe("00:05");
    expect(formatClock(3_661_000)).toBe("1:01:01");
    expect(measuredMinutes(5_000)).toBe(0);
    expect(measuredMinutes(19 * 60_000 + 30_000)).toBe(19);
  });

  it("repairs a stored list with two running timers to one", () => {
    const raw = JSON.stringify(
      [ann, bob].map((p, i) => ({
        patientId: p.id,
        patientName: p.name,
        status: "running",
        accumulatedMs: 0,
        runningSince: t0 + i,
        startedAt: new Date(t0).toISOString(),
        clientRequestId: null,
      })),
    );
    const timers = parseTimers(raw);
    expect(timers.filter((t) => t.status === "running").map((t) => t.patientId)).toEqual([bob.id]);
    expect(parseTimers("{oops")).toEqual([]);
  });
});

const patients = [ann, bob, { id: "00000000-0000-4000-8000-00000000000c", name: "Cy Oh" }];
const action = fc.record({
  gap: fc.integer({ min: 0, max: 10 * 60_000 }),
  kind: fc.constantFrom("start", "pause", "stop", "discard", "idle"),
  patient: fc.integer({ min: 0, max: 2 }),
  mode: fc.constantFrom("pause", "stop", undefined),
});

describe("timers: properties", () => {
  it("never runs two timers and never counts more time than passed on the clock", () => {
    fc.assert(
      fc.property(fc.array(action, { maxLength: 60 }), (actions) => {
        let timers: TimerState[] = [];
        let now = t0;
        let discarded = 0;
        for (const a of actions) {
          now += a.gap;
          const patient = patients[a.patient]!;
          if (a.kind === "start") {
            const result = startTimer(timers, patient, now, a.mode as "pause" | "stop" | undefined);
            if (result.kind === "started") timers = result.timers;
          } else if (a.kind === "pause") timers = pauseTimer(timers, patient.id, now);
          else if (a.kind === "stop") timers = stopTimer(timers, patient.id, now);
          else if (a.kind === "idle") timers = removeSpan(timers, patient.id, now - a.gap, now);
          else {
            discarded += elapsedMs(timerOf(timers, patient.id), now);
            timers = discardTimer(timers, patient.id);
          }
          expect(timers.filter((t) => t.status === "running").length).toBeLessThanOrEqual(1);
          expect(new Set(timers.map((t) => t.patientId)).size).toBe(timers.length);
          const counted = timers.reduce((sum, t) => sum + elapsedMs(t, now), 0) + discarded;
          expect(counted).toBeLessThanOrEqual(now - t0);
        }
      }),
    );
  });
});
