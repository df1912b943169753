import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { countMonthSeconds, type CountableEntry, type PerformerRole } from "./month-seconds.js";
import { toRuleEntries } from "./rule-entries.js";
import { intersectSpans, overlaps, totalMilliseconds, unionSpans, wholeMinutes, type Span } from "./spans.js";
import { measuredSpans, newTimer, pauseTimer, removeSpan, resumeTimer, type TimerState } from "./timer-model.js";

/**
 * Issue 14's counting rule over random work: for any sequence of timer starts, pauses, idle
 * answers, calls and manual entries by several performers, the month counts
 * floor(non-overlapping seconds of US-based work / 60) per role — never more, and no interval twice.
 * The simulation uses the production transitions (timer-model), the production overlap rule (a
 * performer's counted spans never overlap — what time_entry_no_overlap enforces) and the
 * production month sum (countMonthSeconds, toRuleEntries).
 */

type Command =
  | { kind: "start"; performer: number; advance: number }
  | { kind: "pause"; performer: number; advance: number }
  | { kind: "idle"; performer: number; advance: number; share: number }
  | { kind: "stop"; performer: number; advance: number }
  | { kind: "call"; performer: number; advance: number; talk: number }
  | { kind: "manual"; performer: number; advance: number; back: number; length: number }
  | { kind: "shared"; performers: [number, number]; advance: number; talk: number; extra: number };

const PERFORMERS: { role: PerformerRole; inUs: boolean }[] = [
  { role: "clinical_staff", inUs: true },
  { role: "clinical_staff", inUs: true },
  { role: "billing_practitioner", inUs: true },
  { role: "clinical_staff", inUs: false },
];

const performer = fc.integer({ min: 0, max: PERFORMERS.length - 1 });
const advance = fc.integer({ min: 0, max: 400 }); // seconds of wall time before the command
const command: fc.Arbitrary<Command> = fc.oneof(
  fc.record({ kind: fc.constant("start" as const), performer, advance }),
  fc.record({ kind: fc.constant("pause" as const), performer, advance }),
  fc.record({ kind: fc.constant("idle" as const), performer, advance, share: fc.double({ min: 0, max: 1, noNaN: true }) }),
  fc.record({ kind: fc.constant("stop" as const), performer, advance }),
  fc.record({ kind: fc.constant("call" as const), performer, advance, talk: fc.integer({ min: 1, max: 1_500 }) }),
  fc.record({ kind: fc.constant("manual" as const), performer, advance, back: fc.integer({ min: 0, max: 3_000 }), length: fc.integer({ min: 1, max: 40 }) }),
  fc.record({ kind: fc.constant("shared" as const), performers: fc.tuple(performer, performer), advance, talk: fc.integer({ min: 1, max: 900 }), extra: fc.integer({ min: 0, max: 120 }) }),
);

interface SimEntry extends CountableEntry {
  performer: number;
  spans: Span[];
}

/** Runs the commands; an entry that would overlap a counted entry of its performer is refused. */
function simulate(commands: Command[]) {
  let now = 1_000_000_000; // ms; whole seconds only, like a clock read once per action
  const timers = new Map<number, TimerState>();
  const entries: SimEntry[] = [];
  /** Wall time each performer actually worked (any activity): the upper bound of what may count. */
  const worked = new Map<number, Span[]>();
  const work = (p: number, spans: Span[]) => worked.set(p, unionSpans(worked.get(p) ?? [], spans));
  let n = 0;
  const save = (p: number, spans: Span[], contactId: string | null = null): boolean => {
    const seconds = Math.floor(totalMilliseconds(spans) / 1000);
    if (seconds < 1) return false;
    const own = entries.filter((e) => e.performer === p && !e.isSuperseded && e.reviewStatus !== "rejected");
    if (own.some((e) => overlaps(e.spans, spans))) return false; // time_entry_no_overlap
    entries.push({ id: `e${String(n++).padStart(4, "0")}`, performer: p, spans, durationSeconds: seconds, performerRole: PERFORMERS[p]!.role, performerInUs: PERFORMERS[p]!.inUs, reviewStatus: "approved", isSuperseded: false, contactId });
    work(p, spans);
    return true;
  };
  const stopTimer = (p: number) => {
    const t = timers.get(p);
    if (!t) return;
    timers.delete(p);
    // Running time up to now: the performer was at work on the patient (minus what was removed).
    save(p, measuredSpans(pauseTimer(t, now), now));
  };
  for (const c of commands) {
    now += c.advance * 1000;
    switch (c.kind) {
      case "start": {
        const t = timers.get(c.performer);
        timers.set(c.performer, t ? resumeTimer(t, now) : newTimer(now));
        break;
      }
      case "pause": {
        const t = timers.get(c.performer);
        if (t) timers.set(c.performer, pauseTimer(t, now));
        break;
      }
      case "idle": {
        const t = timers.get(c.performer);
        if (t?.runningSince != null) {
          const from = t.runningSince + Math.floor(((now - t.runningSince) * c.share) / 1000) * 1000;
          timers.set(c.performer, removeSpan(t, [from, now]));
        }
        break;
      }
      case "stop":
        stopTimer(c.performer);
        break;
      case "call": {
        // The call ends now; its talk time is absorbed by the performer's timer, then saved.
        const talk: Span = [now - c.talk * 1000, now];
        const t = timers.get(c.performer);
        if (t) timers.set(c.performer, removeSpan(t, talk));
        save(c.performer, [talk]);
        break;
      }
      case "manual":
        save(c.performer, [[now - c.back * 1000, now - c.back * 1000 + c.length * 60_000]]);
        break;
      case "shared": {
        // Two performers on one contact: both entries carry the contact id; it counts once.
        const [a, b] = c.performers;
        if (a === b) break;
        const id = `contact-${n}`;
        save(a, [[now - c.talk * 1000, now]], id);
        save(b, [[now - (c.talk + c.extra) * 1000, now]], id);
        break;
      }
    }
  }
  for (const p of [...timers.keys()]) stopTimer(p);
  return { entries, worked };
}

describe("counting work time (property)", () => {
  it("counts floor(non-overlapping seconds / 60) per role, never more, and no interval twice", () => {
    fc.assert(
      fc.property(fc.array(command, { maxLength: 40 }), (commands) => {
        const { entries, worked } = simulate(commands);
        const month = countMonthSeconds(entries);

        // No performer has two counted copies of one instant.
        for (const p of PERFORMERS.keys()) {
          const own = entries.filter((e) => e.performer === p);
          const sum = own.reduce((s, e) => s + totalMilliseconds(e.spans), 0);
          expect(totalMilliseconds(unionSpans(...own.map((e) => e.spans)))).toBe(sum);
        }

        // Per role: counted = US performers' non-overlapping seconds, with a shared contact once.
        const counted = new Map<string, SimEntry>();
        for (const e of entries.filter((x) => x.performerInUs)) {
          const key = e.contactId ?? e.id;
          const held = counted.get(key);
          if (!held || e.durationSeconds > held.durationSeconds || (e.durationSeconds === held.durationSeconds && e.id < held.id)) counted.set(key, e);
        }
        for (const role of ["clinical_staff", "billing_practitioner", "non_clinical"] as const) {
          const seconds = [...counted.values()].filter((e) => e.performerRole === role).reduce((s, e) => s + e.durationSeconds, 0);
          expect(month.seconds[role]).toBe(seconds);
          expect(month.minutes[role]).toBe(wholeMinutes(seconds));
          // Never more than the wall time US performers of the role actually worked.
          const wall = PERFORMERS.flatMap((x, p) => (x.role === role && x.inUs ? [Math.floor(totalMilliseconds(worked.get(p) ?? []) / 1000)] : [])).reduce((s, v) => s + v, 0);
          expect(month.seconds[role]).toBeLessThanOrEqual(wall);
        }

        // The rules engine's input: whole minutes that add up to the month's floor, per role and
        // location, with every counted second carried along (nothing lost, nothing added).
        const ruleEntries = toRuleEntries(entries.map((e) => ({ id: e.id, durationSeconds: e.durationSeconds, performedOn: "2026-12-01", performerRole: e.performerRole, performerInUS: e.performerInUs, contactId: e.contactId })));
        for (const role of ["clinical_staff", "billing_practitioner"] as const) {
          const us = ruleEntries.filter((e) => e.performerRole === role && e.performerInUS);
          expect(us.reduce((s, e) => s + e.minutes, 0)).toBe(month.minutes[role]);
          if (month.minutes[role] > 0) expect(us.reduce((s, e) => s + e.seconds, 0)).toBe(month.seconds[role]);
          expect(us.every((e) => Number.isInteger(e.minutes) && e.minutes > 0)).toBe(true);
        }
      }),
      { numRuns: 400 },
    );
  });

  it("a timer never measures idle or call time, and never more than the wall time it ran", () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ op: fc.constantFrom("pause", "resume", "idle", "call"), advance: fc.integer({ min: 0, max: 600 }), share: fc.double({ min: 0, max: 1, noNaN: true }) }), { maxLength: 30 }),
        (ops) => {
          let now = 0;
          let t = newTimer(now);
          let ran: Span[] = [];
          let taken: Span[] = [];
          for (const o of ops) {
            now += o.advance * 1000;
            if (o.op === "pause") {
              if (t.runningSince !== null) ran = unionSpans(ran, [[t.runningSince, now]]);
              t = pauseTimer(t, now);
            } else if (o.op === "resume") t = resumeTimer(t, now);
            else {
              const span: Span = [now - Math.floor(o.advance * o.share) * 1000, now];
              taken = unionSpans(taken, [span]);
              t = removeSpan(t, span);
            }
          }
          if (t.runningSince !== null) ran = unionSpans(ran, [[t.runningSince, now]]);
          const measured = measuredSpans(t, now);
          expect(intersectSpans(measured, taken)).toEqual([]);
          expect(totalMilliseconds(intersectSpans(measured, ran))).toBe(totalMilliseconds(measured));
          expect(totalMilliseconds(measured)).toBeLessThanOrEqual(now);
        },
      ),
      { numRuns: 400 },
    );
  });
});
