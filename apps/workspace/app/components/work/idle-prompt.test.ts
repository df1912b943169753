import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  IDLE_OFF,
  idleConfig,
  stepIdle,
  type IdleConfig,
  type IdleEffect,
  type IdleEvent,
  type IdleState,
} from "./idle-prompt";

const MIN = 60_000;
const config: IdleConfig = { idleMs: 5 * MIN, answerMs: 2 * MIN };

function run(events: IdleEvent[], cfg = config) {
  let state: IdleState = IDLE_OFF;
  const effects: { effect: IdleEffect; at: number }[] = [];
  for (const event of events) {
    const step = stepIdle(state, event, cfg);
    state = step.state;
    if (step.effect.kind !== "none") effects.push({ effect: step.effect, at: event.at });
  }
  return { state, effects };
}

describe("idle prompt: scenarios", () => {
  const t0 = Date.UTC(2026, 0, 5, 15);
  it.each<[string, IdleEvent[], IdleEffect["kind"][]]>([
    ["no timer: never asks", [{ type: "tick", at: t0 + 60 * MIN, isCallLive: false }], []],
    [
      "asks after 5 minutes without input",
      [
        { type: "timer", running: true, at: t0 },
        { type: "tick", at: t0 + 5 * MIN - 1, isCallLive: false },
        { type: "tick", at: t0 + 5 * MIN, isCallLive: false },
      ],
      ["ask"],
    ],
    [
      "input resets the wait",
      [
        { type: "timer", running: true, at: t0 },
        { type: "input", at: t0 + 4 * MIN },
        { type: "tick", at: t0 + 8 * MIN, isCallLive: false },
        { type: "tick", at: t0 + 9 * MIN, isCallLive: false },
      ],
      ["ask"],
    ],
    [
      "a live call counts as input: no question during a 16-minute call",
      [
        { type: "timer", running: true, at: t0 },
        ...Array.from({ length: 16 }, (_, i): IdleEvent => ({
          type: "tick",
          at: t0 + (i + 1) * MIN,
          isCallLive: true,
        })),
      ],
      [],
    ],
    [
      "answering no removes the idle span",
      [
        { type: "timer", running: true, at: t0 },
        { type: "tick", at: t0 + 6 * MIN, isCallLive: false },
        { type: "answer", spentOnPatient: false, at: t0 + 7 * MIN },
      ],
      ["ask", "remove-idle-span"],
    ],
    [
      "answering yes keeps it",
      [
        { type: "timer", running: true, at: t0 },
        { type: "tick", at: t0 + 6 * MIN, isCallLive: false },
        { type: "answer", spentOnPatient: true, at: t0 + 7 * MIN },
      ],
      ["ask"],
    ],
    [
      "no answer pauses the timer",
      [
        { type: "timer", running: true, at: t0 },
        { type: "tick", at: t0 + 5 * MIN, isCallLive: false },
        { type: "input", at: t0 + 6 * MIN },
        { type: "tick", at: t0 + 7 * MIN, isCallLive: false },
        { type: "tick", at: t0 + 8 * MIN, isCallLive: false },
      ],
      ["ask", "pause"],
    ],
    [
      "a stopped timer is not asked about",
      [
        { type: "timer", running: true, at: t0 },
        { type: "timer", running: false, at: t0 + MIN },
        { type: "tick", at: t0 + 20 * MIN, isCallLive: false },
      ],
      [],
    ],
  ])("%s", (_name, events, kinds) => {
    expect(run(events).effects.map((e) => e.effect.kind)).toEqual(kinds);
  });

  it("removes exactly the span from the last input to the answer", () => {
    const { effects } = run([
      { type: "timer", running: true, at: t0 },
      { type: "input", at: t0 + 2 * MIN },
      { type: "tick", at: t0 + 7 * MIN, isCallLive: false },
      { type: "answer", spentOnPatient: false, at: t0 + 8 * MIN },
    ]);
    expect(effects[1]!.effect).toEqual({ kind: "remove-idle-span", from: t0 + 2 * MIN, to: t0 + 8 * MIN });
  });

  it("pauses at the last input, removing the unanswered span", () => {
    const { effects, state } = run([
      { type: "timer", running: true, at: t0 },
      { type: "tick", at: t0 + 5 * MIN, isCallLive: false },
      { type: "tick", at: t0 + 7 * MIN, isCallLive: false },
    ]);
    expect(effects[1]!.effect).toEqual({ kind: "pause", from: t0, to: t0 + 7 * MIN });
    expect(state).toEqual(IDLE_OFF);
  });

  it("reads the clinic's minutes, defaulting to 5", () => {
    expect(idleConfig(null).idleMs).toBe(5 * MIN);
    expect(idleConfig(0).idleMs).toBe(5 * MIN);
    expect(idleConfig(10).idleMs).toBe(10 * MIN);
  });
});

// Random event sequences with increasing times.
const eventKinds = fc.oneof(
  fc.record({ type: fc.constant("timer" as const), running: fc.boolean() }),
  fc.record({ type: fc.constant("input" as const) }),
  fc.record({ type: fc.constant("tick" as const), isCallLive: fc.boolean() }),
  fc.record({ type: fc.constant("answer" as const), spentOnPatient: fc.boolean() }),
);
const sequences = fc
  .array(fc.tuple(fc.integer({ min: 0, max: 4 * MIN }), eventKinds), { maxLength: 80 })
  .map((steps) => {
    let at = Date.UTC(2026, 0, 5, 15);
    return steps.map(([gap, kind]) => {
      at += gap;
      return { ...kind, at } as IdleEvent;
    });
  });

describe("idle prompt: properties", () => {
  it("asks only after idleMs of quiet, and removes only disjoint spans that began at the last input", () => {
    fc.assert(
      fc.property(sequences, (events) => {
        // A reference model of what the machine may do.
        let state: IdleState = IDLE_OFF;
        let running = false;
        let lastActivity = 0;
        let asked: { idleSince: number } | null = null;
        let lastRemovedTo = -Infinity;
        for (const event of events) {
          const { state: next, effect } = stepIdle(state, event, config);
          if (effect.kind === "ask") {
            expect(running && !asked).toBe(true);
            expect(event.at - lastActivity).toBeGreaterThanOrEqual(config.idleMs);
            expect(effect.idleSince).toBe(lastActivity);
            asked = { idleSince: effect.idleSince };
          } else if (effect.kind === "remove-idle-span" || effect.kind === "pause") {
            expect(asked).not.toBeNull();
            expect(effect.from).toBe(asked!.idleSince);
            expect(effect.from).toBeGreaterThanOrEqual(lastRemovedTo);
            expect(effect.to).toBeGreaterThanOrEqual(effect.from);
            expect(effect.to).toBeLessThanOrEqual(event.at);
            lastRemovedTo = effect.to;
          }
          // Advance the model.
          if (event.type === "timer") {
            if (!event.running) {
              running = false;
              asked = null;
            } else if (!running) {
              running = true;
              lastActivity = event.at;
            }
          } else if (running && !asked) {
            if (event.type === "input" || (event.type === "tick" && event.isCallLive)) lastActivity = event.at;
            else if (event.type === "tick" && event.at - lastActivity < config.idleMs) {
              expect(effect.kind).toBe("none");
            }
          } else if (asked && effect.kind === "remove-idle-span") {
            asked = null;
            lastActivity = event.at;
          } else if (asked && event.type === "answer") {
            asked = null;
            lastActivity = event.at;
          }
          if (effect.kind === "pause") {
            running = false;
            asked = null;
            expect(next).toEqual(IDLE_OFF);
          }
          if (!running) expect(next).toEqual(IDLE_OFF);
          state = next;
        }
      }),
    );
  });

  it("never asks while a call stays live", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 10 * MIN }), { maxLength: 60 }), (gaps) => {
        let at = Date.UTC(2026, 0, 5, 15);
        const events: IdleEvent[] = [{ type: "timer", running: true, at }];
        for (const gap of gaps) {
          // Ticks arrive at least every second while the call panel follows the call.
          for (let t = 0; t < gap; t += 1000) events.push({ type: "tick", at: (at += 1000), isCallLive: true });
        }
        expect(run(events).effects).toEqual([]);
      }),
      { numRuns: 30 },
    );
  });

  it("never asks, removes or pauses while the timer is off", () => {
    fc.assert(
      fc.property(sequences, (events) => {
        const withoutTimer = events.filter((e) => e.type !== "timer");
        expect(run(withoutTimer).effects).toEqual([]);
      }),
    );
  });
});
