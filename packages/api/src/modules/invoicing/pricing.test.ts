import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { percentOfCents, priceInvoice, PricingError, selectContract, type BilledWorksheetLine, type ContractTerms, type Pricing } from "./pricing.js";

const P1 = "00000000-0000-4000-8000-000000000001";
const P2 = "00000000-0000-4000-8000-000000000002";
const P3 = "00000000-0000-4000-8000-000000000003";

const line = (patientId: string, codes: [string, number, number][], month = "2026-10"): BilledWorksheetLine => ({
  worksheetResultHash: `row-${patientId.slice(-1)}`,
  patientId,
  serviceMonth: month,
  codes: codes.map(([code, units, expectedReimbursementCents]) => ({ code, units, expectedReimbursementCents })),
});

const contract = (pricing: Pricing, monthlyMinimumCents = 0): ContractTerms => ({ id: "c1", effectiveFromMonth: "2026-01", pricing, monthlyMinimumCents, paymentTermsDays: 30 });

const month = [line(P2, [["99490", 1, 6204]]), line(P1, [["99490", 1, 6204], ["99439", 2, 4721]]), line(P3, [])];

describe("priceInvoice — scenarios", () => {
  const scenarios: { name: string; contract: ContractTerms; amounts: number[]; topUp: number; total: number }[] = [
    { name: "per patient-month, unbilled month skipped", contract: contract({ model: "per_patient_month", feePerPatientMonthCents: 3500 }), amounts: [3500, 3500], topUp: 0, total: 7000 },
    { name: "per patient-month under the minimum gets an exact top-up", contract: contract({ model: "per_patient_month", feePerPatientMonthCents: 3500 }, 10000), amounts: [3500, 3500, 3000], topUp: 3000, total: 10000 },
    { name: "minimum already met adds nothing", contract: contract({ model: "per_patient_month", feePerPatientMonthCents: 3500 }, 7000), amounts: [3500, 3500], topUp: 0, total: 7000 },
    // P1: 99439 2 × 1500 then 99490 2500; P2: 99490 2500. Unlisted codes are not charged.
    { name: "fee schedule per code, units multiply", contract: contract({ model: "per_code", codeFeesCents: { "99490": 2500, "99439": 1500 } }), amounts: [3000, 2500, 2500], topUp: 0, total: 8000 },
    { name: "fee schedule without 99439 charges 99490 only", contract: contract({ model: "per_code", codeFeesCents: { "99490": 2500 } }), amounts: [2500, 2500], topUp: 0, total: 5000 },
    // P1 expects 6204 + 4721 = 10925 → 15 % = 1638.75 → 1639; P2 6204 → 930.6 → 931.
    { name: "percentage of expected reimbursement rounds half up per line", contract: contract({ model: "percent_of_reimbursement", percentBasisPoints: 1500 }), amounts: [1639, 931], topUp: 0, total: 2570 },
    { name: "zero percent with a minimum is all top-up", contract: contract({ model: "percent_of_reimbursement", percentBasisPoints: 0 }, 50000), amounts: [0, 0, 50000], topUp: 50000, total: 50000 },
  ];
  it.each(scenarios)("$name", ({ contract: c, amounts, topUp, total }) => {
    const priced = priceInvoice(c, "2026-10", month);
    expect(priced.lines.map((l) => l.amountCents)).toEqual(amounts);
    expect(priced.minimumTopUpCents).toBe(topUp);
    expect(priced.totalCents).toBe(total);
    expect(priced.lines.filter((l) => l.patientId).every((l) => l.worksheetResultHash?.startsWith("row-"))).toBe(true);
  });

  it("orders lines by patient then code and names the month (never the patient)", () => {
    const priced = priceInvoice(contract({ model: "per_code", codeFeesCents: { "99490": 2500, "99439": 1500 } }), "2026-10", month);
    expect(priced.lines.map((l) => [l.patientId, l.code, l.units, l.unitAmountCents])).toEqual([[P1, "99439", 2, 1500], [P1, "99490", 1, 2500], [P2, "99490", 1, 2500]]);
    expect(priced.lines[0]!.description).toBe("99439 × 2, patient-month 2026-10");
  });

  it.each([
    ["a line of another month", [line(P1, [["99490", 1, 100]], "2026-09")], /2026-09/],
    ["a patient twice", [line(P1, [["99490", 1, 100]]), line(P1, [["99439", 1, 100]])], /twice/],
    ["zero units", [line(P1, [["99490", 0, 100]])], /Units of 99490/],
    ["negative reimbursement", [line(P1, [["99490", 1, -1]])], /expected reimbursement/],
    ["fractional cents", [line(P1, [["99490", 1, 10.5]])], /whole/],
  ])("refuses %s", (_name, billed, message) => {
    expect(() => priceInvoice(contract({ model: "per_patient_month", feePerPatientMonthCents: 1 }), "2026-10", billed)).toThrow(message);
  });

  it("refuses a contract that starts after the month and bad contract numbers", () => {
    expect(() => priceInvoice({ ...contract({ model: "per_patient_month", feePerPatientMonthCents: 1 }), effectiveFromMonth: "2026-11" }, "2026-10", [])).toThrow(PricingError);
    expect(() => priceInvoice(contract({ model: "percent_of_reimbursement", percentBasisPoints: 10001 }), "2026-10", [])).toThrow(/between 0 and 100/);
    expect(() => priceInvoice(contract({ model: "per_code", codeFeesCents: { "99490": -5 } }), "2026-10", [])).toThrow(/99490/);
  });
});

describe("selectContract", () => {
  const contracts = [{ effectiveFromMonth: "2026-03", id: "b" }, { effectiveFromMonth: "2026-01", id: "a" }, { effectiveFromMonth: "2026-11", id: "c" }];
  it.each([
    ["2025-12", null],
    ["2026-01", "a"],
    ["2026-02", "a"],
    ["2026-03", "b"],
    ["2026-10", "b"],
    ["2026-11", "c"],
    ["2027-06", "c"],
  ])("for %s picks %s", (m, id) => expect(selectContract(contracts, m)?.id ?? null).toBe(id));
});

describe("priceInvoice — properties", () => {
  const arbMonth = fc.record({ y: fc.integer({ min: 2024, max: 2030 }), m: fc.integer({ min: 1, max: 12 }) }).map(({ y, m }) => `${y}-${String(m).padStart(2, "0")}`);
  const arbCode = fc.constantFrom("99490", "99439", "99487", "99489", "99491", "99437", "G0511");
  const arbCents = fc.integer({ min: 0, max: 5_000_000 });
  const arbPricing: fc.Arbitrary<Pricing> = fc.oneof(
    arbCents.map((fee) => ({ model: "per_patient_month" as const, feePerPatientMonthCents: fee })),
    fc.dictionary(arbCode, arbCents).map((codeFeesCents) => ({ model: "per_code" as const, codeFeesCents })),
    fc.integer({ min: 0, max: 10000 }).map((bp) => ({ model: "percent_of_reimbursement" as const, percentBasisPoints: bp })),
  );
  const arbCase = fc
    .record({
      pricing: arbPricing,
      minimum: fc.oneof(fc.constant(0), arbCents),
      month: arbMonth,
      patients: fc.uniqueArray(fc.uuid(), { maxLength: 25 }),
      codes: fc.array(fc.uniqueArray(fc.record({ code: arbCode, units: fc.integer({ min: 1, max: 4 }), expectedReimbursementCents: arbCents }), { selector: (c) => c.code, maxLength: 3 }), { minLength: 25, maxLength: 25 }),
    })
    .map(({ pricing, minimum, month, patients, codes }) => ({
      contract: { id: "c", effectiveFromMonth: "2024-01", pricing, monthlyMinimumCents: minimum, paymentTermsDays: 30 } satisfies ContractTerms,
      month,
      billed: patients.map((patientId, i) => ({ worksheetResultHash: `r${i}`, patientId, serviceMonth: month, codes: codes[i]! })),
    }));

  it("never produces a negative or fractional amount, and the total is the sum of the lines", () => {
    fc.assert(
      fc.property(arbCase, ({ contract: c, month: m, billed }) => {
        const priced = priceInvoice(c, m, billed);
        for (const l of priced.lines) expect(Number.isSafeInteger(l.amountCents) && l.amountCents >= 0).toBe(true);
        expect(priced.totalCents).toBe(priced.lines.reduce((s, l) => s + l.amountCents, 0));
      }),
    );
  });

  it("tops up to exactly the minimum, and only when under it", () => {
    fc.assert(
      fc.property(arbCase, ({ contract: c, month: m, billed }) => {
        const priced = priceInvoice(c, m, billed);
        expect(priced.totalCents).toBe(Math.max(priced.subtotalCents, c.monthlyMinimumCents));
        const topUps = priced.lines.filter((l) => l.kind === "minimum_top_up");
        expect(topUps.length).toBe(priced.subtotalCents < c.monthlyMinimumCents ? 1 : 0);
      }),
    );
  });

  it("is reproducible from stored inputs: a JSON round trip and any input order give the same invoice and checksum", () => {
    fc.assert(
      fc.property(arbCase, fc.integer(), ({ contract: c, month: m, billed }, seed) => {
        const stored = JSON.parse(JSON.stringify({ c, billed })) as { c: ContractTerms; billed: BilledWorksheetLine[] };
        const shuffled = [...stored.billed].sort((a, b) => ((a.patientId.charCodeAt(seed & 7) ^ seed) - (b.patientId.charCodeAt(seed & 7) ^ seed)));
        expect(priceInvoice(stored.c, m, shuffled)).toEqual(priceInvoice(c, m, billed));
      }),
    );
  });

  it("a different fee changes the checksum", () => {
    const a = priceInvoice(contract({ model: "per_patient_month", feePerPatientMonthCents: 3500 }), "2026-10", month);
    const b = priceInvoice(contract({ model: "per_patient_month", feePerPatientMonthCents: 3501 }), "2026-10", month);
    expect(a.inputsChecksum).not.toBe(b.inputsChecksum);
  });

  it("selects the latest contract not after the month", () => {
    fc.assert(
      fc.property(fc.uniqueArray(arbMonth, { minLength: 1, maxLength: 8 }), arbMonth, (starts, m) => {
        const picked = selectContract(starts.map((s) => ({ effectiveFromMonth: s })), m);
        const eligible = starts.filter((s) => s <= m);
        expect(picked?.effectiveFromMonth ?? null).toBe(eligible.length ? eligible.sort().at(-1) : null);
      }),
    );
  });

  it("percentOfCents equals exact half-up rounding", () => {
    fc.assert(fc.property(arbCents, fc.integer({ min: 0, max: 10000 }), (cents, bp) => {
      const exact = (cents * bp) / 10000;
      expect(percentOfCents(cents, bp)).toBe(Math.floor(exact + 0.5));
    }));
  });
});
