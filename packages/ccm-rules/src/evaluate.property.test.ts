/**
 * Property tests of the evaluator's invariants over varied patient-months and options.
 * "Splitting" applies to entries outside a concurrent group: a group entry is one person's
 * presence in a shared activity, and the group counts its longest entry, so splitting one would
 * change what it means.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ADD_ON_BASES, CODE_LANES } from "./codes.js";
import { isIsoDate } from "./dates.js";
import { evaluatePatientMonth } from "./evaluate.js";
import {
  FINDING_CODES,
  FINDING_DEFINITIONS,
  isMonthBlocked,
  type FindingCode,
} from "./findings.js";
import { checkBillingLines } from "./line-validation.js";
import { evaluatePcmMonth } from "./pcm.js";
import {
  countableEntry,
  patientMonthArbitrary,
  ruleOptionsArbitrary,
} from "./testing/arbitraries.js";
import type { BillingLine, PatientMonthInput, TimeEntryInput } from "./types.js";

const RUNS = { numRuns: 400 };

const total = (lines: BillingLine[]): number => lines.reduce((sum, l) => sum + l.amountCents, 0);
const unitsOf = (lines: BillingLine[], code: string): number =>
  lines.find((l) => l.code === code)?.units ?? 0;

describe("evaluatePatientMonth properties", () => {
  it("does not depend on entry order", () => {
    fc.assert(
      fc.property(
        patientMonthArbitrary(),
        ruleOptionsArbitrary,
        fc.array(fc.double({ noNaN: true }), { minLength: 8, maxLength: 8 }),
        (input, options, keys) => {
          const shuffled = input.entries
            .map((e, i) => ({ e, k: keys[i] ?? 0 }))
            .sort((a, b) => a.k - b.k)
            .map(({ e }) => e);
          expect(evaluatePatientMonth({ ...input, entries: shuffled }, options)).toEqual(
            evaluatePatientMonth(input, options),
          );
        },
      ),
      RUNS,
    );
  });

  it("does not depend on splitting an ungrouped entry into pieces", () => {
    fc.assert(
      fc.property(
        patientMonthArbitrary(),
        ruleOptionsArbitrary,
        fc.nat(),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (input, options, pick, fraction) => {
          const splittable = input.entries.filter(
            // Typed whole minutes only; seconds are split in seconds.property.test.ts.
            (e) =>
              e.concurrentGroup === undefined &&
              e.seconds === undefined &&
              isIsoDate(e.performedOn) &&
              Number.isInteger(e.minutes) &&
              e.minutes >= 2,
          );
          fc.pre(splittable.length > 0);
          const target = splittable[pick % splittable.length] as TimeEntryInput;
          const first = Math.min(
            target.minutes - 1,
            Math.max(1, Math.floor(target.minutes * fraction)),
          );
          const pieces = [
            { ...target, id: `${target.id}-a`, minutes: first },
            { ...target, id: `${target.id}-b`, minutes: target.minutes - first },
          ];
          const entries = input.entries.flatMap((e) => (e === target ? pieces : [e]));
          expect(evaluatePatientMonth({ ...input, entries }, options)).toEqual(
            evaluatePatientMonth(input, options),
          );
        },
      ),
      RUNS,
    );
  });

  it("never pays less for more countable minutes within a lane", () => {
    fc.assert(
      fc.property(
        patientMonthArbitrary(),
        ruleOptionsArbitrary,
        fc.integer({ min: 1, max: 90 }),
        fc.boolean(),
        (input, options, minutes, isPractitioner) => {
          const before = evaluatePatientMonth(input, options);
          const entries = [
            ...input.entries,
            countableEntry(input, minutes, isPractitioner, "added"),
          ];
          const after = evaluatePatientMonth({ ...input, entries }, options);
          if (before.lane !== null && after.lane === before.lane) {
            expect(total(after.lines)).toBeGreaterThanOrEqual(total(before.lines));
            for (const line of before.lines)
              expect(unitsOf(after.lines, line.code)).toBeGreaterThanOrEqual(line.units);
          }
          expect(after.countedMinutes.staff).toBeGreaterThanOrEqual(before.countedMinutes.staff);
        },
      ),
      RUNS,
    );
  });

  it("never emits an add-on without its base, two lanes or a broken cap", () => {
    fc.assert(
      fc.property(patientMonthArbitrary(), ruleOptionsArbitrary, (input, options) => {
        const { lines, lane } = evaluatePatientMonth(input, options);
        expect(checkBillingLines(lines)).toEqual([]);
        for (const line of lines) {
          const base = ADD_ON_BASES[line.code];
          if (base !== undefined) expect(lines.map((l) => l.code)).toContain(base);
          const codeLane = CODE_LANES[line.code];
          if (codeLane !== undefined) expect(codeLane).toBe(lane);
          expect(Number.isInteger(line.amountCents) && line.amountCents >= 0).toBe(true);
        }
        expect(unitsOf(lines, "99439")).toBeLessThanOrEqual(2);
        if (options.cap99437 != null)
          expect(unitsOf(lines, "99437")).toBeLessThanOrEqual(options.cap99437);
        if (options.cap99489 != null)
          expect(unitsOf(lines, "99489")).toBeLessThanOrEqual(options.cap99489);
        for (const code of ["99490", "99487", "99491", "G0506"])
          expect(unitsOf(lines, code)).toBeLessThanOrEqual(1);
      }),
      RUNS,
    );
  });

  it("bills nothing in a blocked month", () => {
    fc.assert(
      fc.property(patientMonthArbitrary(), ruleOptionsArbitrary, (input, options) => {
        const result = evaluatePatientMonth(input, options);
        if (isMonthBlocked(result.findings)) {
          expect(result.lines).toEqual([]);
          expect(result.lane).toBeNull();
          expect(result.next).toBeNull();
        } else if (result.lane === null) {
          expect(result.lines.every((l) => l.code === "G0506")).toBe(true);
        }
      }),
      RUNS,
    );
  });

  it("only raises catalogue codes, with the catalogue severity", () => {
    fc.assert(
      fc.property(patientMonthArbitrary(), ruleOptionsArbitrary, (input, options) => {
        for (const finding of evaluatePatientMonth(input, options).findings) {
          expect(FINDING_CODES).toContain(finding.code);
          const definition = FINDING_DEFINITIONS[finding.code as FindingCode];
          if (finding.code !== "no_interactive_contact") {
            expect(finding.severity).toBe(definition.severity);
          }
          expect(finding.message.length).toBeGreaterThan(10);
        }
      }),
      RUNS,
    );
  });

  it("reaches next.code after adding next.minutesNeeded countable minutes", () => {
    fc.assert(
      fc.property(patientMonthArbitrary(), ruleOptionsArbitrary, (input, options) => {
        const before = evaluatePatientMonth(input, options);
        fc.pre(before.next !== null);
        const { code, minutesNeeded } = before.next as { code: string; minutesNeeded: number };
        expect(minutesNeeded).toBeGreaterThan(0);
        const added = countableEntry(input, minutesNeeded, before.lane === "practitioner", "next");
        const after = evaluatePatientMonth(
          { ...input, entries: [...input.entries, added] },
          options,
        );
        expect(unitsOf(after.lines, code)).toBeGreaterThan(unitsOf(before.lines, code));
        if (minutesNeeded > 1) {
          const short = countableEntry(
            input,
            minutesNeeded - 1,
            before.lane === "practitioner",
            "short",
          );
          const almost = evaluatePatientMonth(
            { ...input, entries: [...input.entries, short] },
            options,
          );
          expect(unitsOf(almost.lines, code)).toBe(unitsOf(before.lines, code));
        }
      }),
      RUNS,
    );
  });
});

describe("evaluatePcmMonth properties", () => {
  const pcmInput = (input: PatientMonthInput): PatientMonthInput => ({
    ...input,
    qualifyingChronicConditions: Math.max(1, input.qualifyingChronicConditions),
  });

  it("keeps one lane, bases before add-ons, and reaches next", () => {
    fc.assert(
      fc.property(patientMonthArbitrary(), (raw) => {
        const input = pcmInput(raw);
        const before = evaluatePcmMonth(input);
        expect(checkBillingLines(before.lines)).toEqual([]);
        if (isMonthBlocked(before.findings)) expect(before.lines).toEqual([]);
        if (before.next === null) return;
        const added = countableEntry(
          input,
          before.next.minutesNeeded,
          before.lane === "pcm_practitioner",
          "next",
        );
        const after = evaluatePcmMonth({ ...input, entries: [...input.entries, added] });
        expect(unitsOf(after.lines, before.next.code)).toBeGreaterThan(
          unitsOf(before.lines, before.next.code),
        );
      }),
      RUNS,
    );
  });
});
