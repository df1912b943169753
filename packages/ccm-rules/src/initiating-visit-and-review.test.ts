/**
 * Issue 15 items 3 and 5, as the engine sees them:
 * - when an initiating visit is required, its date bounds the month's counted time: minutes
 *   dated before the visit do not count (`minutes_before_initiating_visit`), minutes on the
 *   visit's day and after do (CCM starts at the initiating visit, §5; same-day minutes separate
 *   from the visit count, §11.8);
 * - an entry awaiting supervisor review does not count until it is approved; the month says how
 *   much time waits (`minutes_pending_review`) so a biller sees what review would add.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { evaluatePatientMonth } from "./evaluate.js";
import { evaluatePcmMonth } from "./pcm.js";
import { entry, month } from "./testing/fixtures.js";
import type { PatientMonthInput, TimeEntryInput } from "./types.js";

const codes = (input: PatientMonthInput) => evaluatePatientMonth(input).findings.map((f) => f.code);
const messageOf = (input: PatientMonthInput, code: string) =>
  evaluatePatientMonth(input).findings.find((f) => f.code === code)?.message;

interface Row {
  id: string;
  visit: PatientMonthInput["initiatingVisit"];
  entries: TimeEntryInput[];
  staff: number;
  lines: string[];
  findings: string[];
}

// Two entries of 15 minutes on the 5th and the 20th of March 2026 unless a row says otherwise.
const early = () => entry(15, { performedOn: "2026-03-05" });
const late = () => entry(15, { performedOn: "2026-03-20" });

const visitRows: Row[] = [
  {
    id: "not required: every minute counts",
    visit: { required: false },
    entries: [early(), late()],
    staff: 30,
    lines: ["99490"],
    findings: [],
  },
  {
    id: "not required, a visit in the month is only history",
    visit: { required: false, completedOn: "2026-03-15" },
    entries: [early(), late()],
    staff: 30,
    lines: ["99490"],
    findings: [],
  },
  {
    id: "required, visit before the month",
    visit: { required: true, completedOn: "2026-02-27" },
    entries: [early(), late()],
    staff: 30,
    lines: ["99490"],
    findings: [],
  },
  {
    id: "required, visit on the 15th: the 5th does not count",
    visit: { required: true, completedOn: "2026-03-15" },
    entries: [early(), late()],
    staff: 15,
    lines: [],
    findings: ["minutes_before_initiating_visit", "below_threshold"],
  },
  {
    id: "required, visit on the 5th: that day counts",
    visit: { required: true, completedOn: "2026-03-05" },
    entries: [early(), late()],
    staff: 30,
    lines: ["99490"],
    findings: [],
  },
  {
    id: "required, visit on the 1st",
    visit: { required: true, completedOn: "2026-03-01" },
    entries: [early(), late()],
    staff: 30,
    lines: ["99490"],
    findings: [],
  },
  {
    id: "required, visit on the 21st: nothing counts",
    visit: { required: true, completedOn: "2026-03-21" },
    entries: [early(), late()],
    staff: 0,
    lines: [],
    findings: ["minutes_before_initiating_visit", "below_threshold"],
  },
  {
    id: "required, visit after the month: blocked",
    visit: { required: true, completedOn: "2026-04-02" },
    entries: [early(), late()],
    staff: 30,
    lines: [],
    findings: ["initiating_visit_missing"],
  },
  {
    id: "required, none: blocked",
    visit: { required: true },
    entries: [early(), late()],
    staff: 30,
    lines: [],
    findings: ["initiating_visit_missing"],
  },
];

describe("the initiating visit bounds the counted minutes", () => {
  it.each(visitRows)("$id", (row) => {
    const input = month({ initiatingVisit: row.visit, entries: row.entries });
    const result = evaluatePatientMonth(input);
    expect(result.countedMinutes.staff).toBe(row.staff);
    expect(result.lines.map((l) => l.code)).toEqual(row.lines);
    for (const code of row.findings) expect(result.findings.map((f) => f.code)).toContain(code);
    if (!row.findings.includes("minutes_before_initiating_visit")) {
      expect(codes(input)).not.toContain("minutes_before_initiating_visit");
    }
  });

  it("names the visit date and the time set aside", () => {
    const input = month({
      initiatingVisit: { required: true, completedOn: "2026-03-15" },
      entries: [early(), late()],
    });
    expect(messageOf(input, "minutes_before_initiating_visit")).toBe(
      "The initiating visit was on 2026-03-15; 15 minutes logged before it do not count (CCM starts at the initiating visit).",
    );
  });

  it("applies the later of the consent date and the visit date, each reason with its own time", () => {
    const input = month({
      consent: { obtainedOn: "2026-03-10" },
      initiatingVisit: { required: true, completedOn: "2026-03-15" },
      entries: [early(), entry(10, { performedOn: "2026-03-12" }), late()],
    });
    const result = evaluatePatientMonth(input);
    expect(result.countedMinutes.staff).toBe(15);
    expect(messageOf(input, "minutes_before_consent")).toContain("15 minutes");
    expect(messageOf(input, "minutes_before_initiating_visit")).toContain("10 minutes");
  });

  it("bounds PCM minutes the same way", () => {
    const result = evaluatePcmMonth({
      ...month({ qualifyingChronicConditions: 1 }),
      initiatingVisit: { required: true, completedOn: "2026-03-15" },
      entries: [entry(30, { performedOn: "2026-03-05" }), entry(30, { performedOn: "2026-03-16" })],
    });
    expect(result.countedMinutes.staff).toBe(30);
    expect(result.findings.map((f) => f.code)).toContain("minutes_before_initiating_visit");
  });

  it("property: with a required visit in the month, the count equals the count of the entries dated on or after it", () => {
    const day = fc.integer({ min: 1, max: 31 }).map((d) => `2026-03-${String(d).padStart(2, "0")}`);
    fc.assert(
      fc.property(
        day,
        fc.array(fc.record({ on: day, seconds: fc.integer({ min: 0, max: 3600 }) }), {
          maxLength: 8,
        }),
        (visitOn, raw) => {
          const entries = raw.map((r, i) =>
            entry(0, { id: `v${i}`, seconds: r.seconds, performedOn: r.on }),
          );
          const bounded = evaluatePatientMonth(
            month({ initiatingVisit: { required: true, completedOn: visitOn }, entries }),
          );
          const kept = evaluatePatientMonth(
            month({ entries: entries.filter((e) => e.performedOn >= visitOn) }),
          );
          expect(bounded.countedSeconds).toEqual(kept.countedSeconds);
          expect(bounded.lines).toEqual(kept.lines);
          const before = raw.filter((r) => r.on < visitOn).reduce((s, r) => s + r.seconds, 0);
          expect(bounded.findings.some((f) => f.code === "minutes_before_initiating_visit")).toBe(
            before > 0,
          );
        },
      ),
    );
  });
});

describe("entries awaiting supervisor review do not count", () => {
  const pending = (minutes: number, overrides: Partial<TimeEntryInput> = {}) =>
    entry(minutes, { pendingReview: true, ...overrides });

  it("counts only reviewed time and says how much waits", () => {
    const input = month({ entries: [entry(15), pending(12)] });
    const result = evaluatePatientMonth(input);
    expect(result.countedMinutes.staff).toBe(15);
    expect(result.lines).toEqual([]);
    expect(messageOf(input, "minutes_pending_review")).toBe(
      "12 minutes await supervisor review and do not count until approved.",
    );
    expect(result.findings.find((f) => f.code === "minutes_pending_review")?.severity).toBe("warn");
  });

  it("bills once the same entry is approved (pendingReview false)", () => {
    const result = evaluatePatientMonth(
      month({ entries: [entry(15), entry(12, { pendingReview: false })] }),
    );
    expect(result.lines.map((l) => l.code)).toEqual(["99490"]);
    expect(result.findings.map((f) => f.code)).not.toContain("minutes_pending_review");
  });

  it("reports only time review could add: a pending non-clinical or offshore entry is reported for that reason", () => {
    const input = month({
      entries: [
        entry(25),
        pending(5, { performerRole: "non_clinical" }),
        pending(5, { performerInUS: false }),
      ],
    });
    expect(codes(input)).toEqual(
      expect.arrayContaining(["non_clinical_minutes", "offshore_minutes"]),
    );
    expect(codes(input)).not.toContain("minutes_pending_review");
  });

  it("a pending entry in a concurrent group does not count, its reviewed partner does", () => {
    const input = month({
      entries: [entry(25, { concurrentGroup: "call" }), pending(30, { concurrentGroup: "call" })],
    });
    const result = evaluatePatientMonth(input);
    expect(result.countedMinutes.staff).toBe(25);
    expect(messageOf(input, "minutes_pending_review")).toContain("30 minutes");
  });

  it("property: marking entries pending equals leaving them out, and the pending time is reported", () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ seconds: fc.integer({ min: 1, max: 3600 }), pending: fc.boolean() }), {
          maxLength: 8,
        }),
        (raw) => {
          const entries = raw.map((r, i) =>
            entry(0, { id: `p${i}`, seconds: r.seconds, pendingReview: r.pending }),
          );
          const marked = evaluatePatientMonth(month({ entries }));
          const without = evaluatePatientMonth(
            month({ entries: entries.filter((e) => !e.pendingReview) }),
          );
          expect(marked.countedSeconds).toEqual(without.countedSeconds);
          expect(marked.lines).toEqual(without.lines);
          expect(marked.findings.some((f) => f.code === "minutes_pending_review")).toBe(
            raw.some((r) => r.pending),
          );
        },
      ),
    );
  });
});
