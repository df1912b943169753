import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  CARE_PROGRAMS,
  DEFAULT_PAYER_PROGRAM_RULES,
  PAYER_PLAN_TYPES,
  resolvePayerProgramRule,
  type CareProgram,
  type PayerPlanType,
  type PayerProgramRule,
  type PaysAnswer,
} from "./payer-programs.js";
import {
  EXCLUSIVE_PROGRAMS,
  chooseProgram,
  toProgramCandidates,
  type PricedProgramLine,
  type ProgramCandidate,
  type ProgramChoiceInput,
} from "./program-choice.js";

/** Hand-checked 2026 amounts (rate table, §2.2): 99490 $66.13, 99439 $50.44. */
const MEDICARE_2026: Record<string, number> = { "99490": 6613, "99439": 5044, "99425": 6146 };

function rulesFor(planType: PayerPlanType, overrides: Partial<Record<CareProgram, PaysAnswer>> = {}) {
  const rules = {} as Record<CareProgram, PayerProgramRule>;
  for (const p of CARE_PROGRAMS) {
    const o = overrides[p];
    rules[p] = resolvePayerProgramRule(planType, p, o === undefined ? null : { pays: o, source: "Clinic contract §4" });
  }
  return rules;
}

const ccm20 = { program: "ccm", qualifies: true, lines: [{ code: "99490", units: 1 }], reasons: [] } as const;
const ccm45 = { program: "ccm", qualifies: true, lines: [{ code: "99490", units: 1 }, { code: "99439", units: 1 }], reasons: [] } as const;
const pcm30 = { program: "pcm", qualifies: true, lines: [{ code: "99426", units: 1 }], reasons: [] } as const;
const apcm2 = { program: "apcm", qualifies: true, lines: [{ code: "G0557", units: 1 }], reasons: [] } as const;
const rpm = { program: "rpm", qualifies: null, lines: [], reasons: ["not evaluated"] } as const;

function input(
  planType: PayerPlanType | null,
  candidates: readonly ProgramCandidate[],
  opts: { contracted?: Record<string, number>; perPatientFee?: number; percentBp?: number; overrides?: Partial<Record<CareProgram, PaysAnswer>> } = {},
): ProgramChoiceInput {
  return {
    serviceMonth: "2026-03",
    payer: planType === null ? null : { name: planType === "medicare" ? "Medicare (Noridian JF)" : "Acme MA", planType },
    rules: rulesFor(planType ?? "medicare", opts.overrides),
    candidates,
    priceLine: (l): PricedProgramLine => {
      const contracted = opts.contracted?.[l.code];
      if (contracted !== undefined) return { ...l, amountCents: contracted * l.units, basis: "contracted" };
      const medicare = MEDICARE_2026[l.code];
      if (medicare === undefined) return { ...l, amountCents: 0, basis: "unpriced" };
      return { ...l, amountCents: medicare * l.units, basis: planType === "medicare" ? "medicare" : "assumed_medicare" };
    },
    patientShareCents: (allowed) => Math.floor((allowed * 20 + 50) / 100),
    vendorFeeCents: (_program, lines) => {
      if (opts.percentBp !== undefined) {
        const total = lines.reduce((s, l) => s + l.amountCents, 0);
        return Math.floor((total * opts.percentBp + 5000) / 10000);
      }
      return opts.perPatientFee ?? 0;
    },
  };
}

describe("payer rules as data", () => {
  it("traditional Medicare pays every program; MA pays with verification; Medicaid and commercial are unknown", () => {
    for (const p of CARE_PROGRAMS) {
      expect(DEFAULT_PAYER_PROGRAM_RULES.medicare[p]).toMatchObject({ pays: "yes", verify: false });
      expect(DEFAULT_PAYER_PROGRAM_RULES.medicare[p].source).toContain("90 FR 49266");
      expect(DEFAULT_PAYER_PROGRAM_RULES.medicare_advantage[p]).toMatchObject({ pays: "yes", verify: true });
      expect(DEFAULT_PAYER_PROGRAM_RULES.medicare_advantage[p].source).toContain("42 CFR 422.101");
      for (const t of ["medicaid", "commercial", "qmb", "medigap"] as const) expect(DEFAULT_PAYER_PROGRAM_RULES[t][p].pays).toBe("unknown");
    }
  });

  it("a clinic's entry wins over the default, with the clinic's source", () => {
    expect(resolvePayerProgramRule("medicaid", "ccm", { pays: "yes", source: "State Medicaid manual 4.2", note: "since 2024" })).toEqual({ pays: "yes", verify: false, source: "State Medicaid manual 4.2", note: "since 2024", origin: "clinic" });
    expect(resolvePayerProgramRule("medicare_advantage", "apcm", { pays: "no", source: "Plan policy" }).pays).toBe("no");
    expect(resolvePayerProgramRule("medicaid", "ccm").origin).toBe("default");
  });
});

describe("chooseProgram scenarios (hand-checked cents)", () => {
  const cases: {
    name: string;
    args: Parameters<typeof input>;
    recommended: CareProgram | null;
    first: { program: CareProgram; reimbursementCents: number | null; vendorFeeCents: number | null; netCents: number | null; patientShareCents: number | null };
    statuses: Partial<Record<CareProgram, string>>;
  }[] = [
    {
      name: "traditional Medicare, 20 CCM minutes, $35 per patient-month: CCM nets 6613 − 3500 = 3113",
      args: ["medicare", [ccm20, { ...pcm30, lines: [], reasons: ["below"] }, { ...apcm2, lines: [] }, rpm], { perPatientFee: 3500 }],
      recommended: "ccm",
      first: { program: "ccm", reimbursementCents: 6613, vendorFeeCents: 3500, netCents: 3113, patientShareCents: 1323 },
      statuses: { pcm: "not_billable_yet", apcm: "not_billable_yet", rpm: "not_evaluated" },
    },
    {
      name: "traditional Medicare, 45 minutes, 20 % of reimbursement: 11657 − 2331 = 9326",
      args: ["medicare", [ccm45, pcm30, apcm2, rpm], { percentBp: 2000 }],
      recommended: "ccm",
      first: { program: "ccm", reimbursementCents: 11657, vendorFeeCents: 2331, netCents: 9326, patientShareCents: 2331 },
      statuses: { pcm: "available", apcm: "available" },
    },
    {
      name: "MA with a contracted G0557 of $52.00 beats its assumed 99490 at Medicare's $66.13 only when CCM bills nothing yet",
      args: ["medicare_advantage", [{ ...ccm20, lines: [], reasons: ["12 minutes counted"] }, pcm30, apcm2, rpm], { contracted: { G0557: 5200 }, perPatientFee: 1000 }],
      recommended: "apcm",
      first: { program: "apcm", reimbursementCents: 5200, vendorFeeCents: 1000, netCents: 4200, patientShareCents: 1040 },
      statuses: { ccm: "not_billable_yet", pcm: "available" },
    },
    {
      name: "MA whose plan does not pay CCM (clinic entry): PCM at a contracted $70.00 is recommended",
      args: ["medicare_advantage", [ccm45, pcm30, { ...apcm2, lines: [] }, rpm], { contracted: { "99426": 7000 }, overrides: { ccm: "no" } }],
      recommended: "pcm",
      first: { program: "pcm", reimbursementCents: 7000, vendorFeeCents: 0, netCents: 7000, patientShareCents: 1400 },
      statuses: { ccm: "payer_does_not_pay" },
    },
    {
      name: "Medicaid primary: every program unknown, nothing recommended",
      args: ["medicaid", [ccm45, pcm30, apcm2, rpm], { perPatientFee: 3500 }],
      recommended: null,
      first: { program: "ccm", reimbursementCents: 11657, vendorFeeCents: 3500, netCents: 8157, patientShareCents: 2331 },
      statuses: { ccm: "payer_unknown", pcm: "payer_unknown", apcm: "payer_unknown" },
    },
    {
      name: "a vendor fee above the reimbursement: CCM available but not recommended (net −887)",
      args: ["medicare", [ccm20, { ...pcm30, lines: [] }, { ...apcm2, lines: [] }, rpm], { perPatientFee: 7500 }],
      recommended: null,
      first: { program: "ccm", reimbursementCents: 6613, vendorFeeCents: 7500, netCents: -887, patientShareCents: 1323 },
      statuses: { ccm: "available" },
    },
    {
      name: "one condition: CCM does not qualify; PCM does",
      args: ["medicare", [{ ...ccm20, qualifies: false, lines: [] }, pcm30, { ...apcm2, lines: [] }, rpm], { contracted: { "99426": 6800 } }],
      recommended: "pcm",
      first: { program: "pcm", reimbursementCents: 6800, vendorFeeCents: 0, netCents: 6800, patientShareCents: 1360 },
      statuses: { ccm: "not_qualified" },
    },
    {
      name: "no coverage in force: nothing is priced or recommended",
      args: [null, [ccm45, pcm30, apcm2, rpm]],
      recommended: null,
      first: { program: "ccm", reimbursementCents: null, vendorFeeCents: null, netCents: null, patientShareCents: null },
      statuses: { ccm: "no_coverage", rpm: "no_coverage" },
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const choice = chooseProgram(input(...c.args));
      expect(choice.recommended).toBe(c.recommended);
      expect(choice.options[0]).toMatchObject(c.first);
      for (const [program, status] of Object.entries(c.statuses)) expect(choice.options.find((o) => o.program === program)?.status).toBe(status);
      expect(choice.options.map((o) => o.rank)).toEqual([1, 2, 3, 4]);
    });
  }

  it("a program the payer does not pay has no expected amount; an unpriced code says so", () => {
    const choice = chooseProgram(input("medicare_advantage", [ccm45, pcm30, apcm2, rpm], { overrides: { ccm: "no" } }));
    expect(choice.options.find((o) => o.program === "ccm")).toMatchObject({ status: "payer_does_not_pay", lines: [], reimbursementCents: null, netCents: null });
    expect(choice.options.find((o) => o.program === "apcm")?.reasons.at(-1)).toBe("No confirmed amount for G0557 in 2026: it counts as $0.00 until the payer's rate is entered.");
  });

  it("says why: MA verification, unknown payer, the evaluation's own reasons", () => {
    const ma = chooseProgram(input("medicare_advantage", [ccm20, pcm30, apcm2, rpm]));
    expect(ma.options.find((o) => o.program === "ccm")?.reasons[0]).toMatch(/verify the plan's rules/);
    const medicaid = chooseProgram(input("medicaid", [ccm20, pcm30, apcm2, rpm]));
    expect(medicaid.options.find((o) => o.program === "pcm")?.reasons[0]).toMatch(/unknown until the clinic enters it/);
    expect(medicaid.options.find((o) => o.program === "rpm")?.reasons).toContain("not evaluated");
  });
});

describe("toProgramCandidates", () => {
  it("qualifies unless the evaluation found too few conditions; RPM is not evaluated", () => {
    const tooFew = { code: "too_few_conditions", severity: "block" as const, message: "CCM needs 2 or more" };
    const below = { code: "below_threshold", severity: "block" as const, message: "12 minutes" };
    const warn = { code: "no_interactive_contact", severity: "warn" as const, message: "w" };
    const candidates = toProgramCandidates({
      ccm: { lines: [], findings: [tooFew, warn] },
      pcm: { lines: [], findings: [below] },
      apcm: { lines: [{ code: "G0556", units: 1 }], findings: [] },
    });
    expect(candidates).toEqual([
      { program: "ccm", qualifies: false, lines: [], reasons: ["CCM needs 2 or more"] },
      { program: "pcm", qualifies: true, lines: [], reasons: ["12 minutes"] },
      { program: "apcm", qualifies: true, lines: [{ code: "G0556", units: 1 }], reasons: [] },
      expect.objectContaining({ program: "rpm", qualifies: null, lines: [] }),
    ]);
  });
});

const codesOf: Record<CareProgram, string[]> = { ccm: ["99490", "99439", "99491"], pcm: ["99424", "99426"], apcm: ["G0556", "G0557", "G0558"], rpm: ["99454"] };
const candidateArb = (program: CareProgram) =>
  fc.record({
    program: fc.constant(program),
    qualifies: program === "rpm" ? fc.constant(null) : fc.boolean(),
    lines: fc.array(fc.record({ code: fc.constantFrom(...codesOf[program]), units: fc.integer({ min: 1, max: 3 }) }), { maxLength: 2 }),
    reasons: fc.array(fc.string({ maxLength: 20 }), { maxLength: 2 }),
  });
const choiceArb = fc.record({
  planType: fc.option(fc.constantFrom(...PAYER_PLAN_TYPES), { nil: null }),
  overrides: fc.record({ ccm: fc.constantFrom<PaysAnswer | undefined>("yes", "no", "unknown", undefined), pcm: fc.constantFrom<PaysAnswer | undefined>("yes", "no", "unknown", undefined), apcm: fc.constantFrom<PaysAnswer | undefined>("yes", "no", "unknown", undefined), rpm: fc.constantFrom<PaysAnswer | undefined>("yes", "no", "unknown", undefined) }),
  candidates: fc.tuple(candidateArb("ccm"), candidateArb("pcm"), candidateArb("apcm"), candidateArb("rpm")),
  unitCents: fc.dictionary(fc.constantFrom("99490", "99439", "99491", "99424", "99426", "G0556", "G0557", "G0558", "99454"), fc.integer({ min: 0, max: 20000 })),
  fee: fc.oneof(fc.record({ kind: fc.constant("flat" as const), cents: fc.integer({ min: 0, max: 15000 }) }), fc.record({ kind: fc.constant("percent" as const), bp: fc.integer({ min: 0, max: 10000 }) })),
});

type ChoiceCase = typeof choiceArb extends fc.Arbitrary<infer T> ? T : never;

function fromArb(a: ChoiceCase): ProgramChoiceInput {
  const overrides = Object.fromEntries(Object.entries(a.overrides).filter(([, v]) => v !== undefined)) as Partial<Record<CareProgram, PaysAnswer>>;
  return {
    ...input(a.planType, a.candidates, { overrides }),
    priceLine: (l) => ({ ...l, amountCents: (a.unitCents[l.code] ?? 0) * l.units, basis: "contracted" }),
    vendorFeeCents: (_p, lines) => (a.fee.kind === "flat" ? a.fee.cents : Math.floor((lines.reduce((s, l) => s + l.amountCents, 0) * a.fee.bp + 5000) / 10000)),
  };
}

describe("chooseProgram properties", () => {
  it("never recommends a program the payer does not pay, or one the patient does not qualify for, and never without coverage", () => {
    fc.assert(
      fc.property(choiceArb, (a) => {
        const choice = chooseProgram(fromArb(a));
        const rec = choice.options.find((o) => o.status === "recommended");
        expect(rec?.program ?? null).toBe(choice.recommended);
        if (rec === undefined) return;
        expect(rec.pays).toBe("yes");
        expect(rec.qualifies).toBe(true);
        expect(a.planType).not.toBeNull();
        expect(EXCLUSIVE_PROGRAMS.has(rec.program)).toBe(true);
        expect(rec.rank).toBe(1);
      }),
      { numRuns: 500 },
    );
  });

  it("net never exceeds the reimbursement, and the recommended program has the best positive net of the available ones", () => {
    fc.assert(
      fc.property(choiceArb, (a) => {
        const choice = chooseProgram(fromArb(a));
        for (const o of choice.options) {
          if (o.netCents !== null) expect(o.netCents).toBeLessThanOrEqual(o.reimbursementCents!);
          if (o.patientShareCents !== null) expect(o.patientShareCents).toBeLessThanOrEqual(o.reimbursementCents!);
        }
        const available = choice.options.filter((o) => (o.status === "available" || o.status === "recommended") && EXCLUSIVE_PROGRAMS.has(o.program));
        const best = Math.max(...available.map((o) => o.netCents!));
        if (choice.recommended === null) expect(available.every((o) => o.netCents! <= 0)).toBe(true);
        else {
          expect(choice.options[0]!.netCents).toBe(best);
          expect(best).toBeGreaterThan(0);
        }
      }),
      { numRuns: 500 },
    );
  });

  it("lists every program once, ranked 1..4", () => {
    fc.assert(
      fc.property(choiceArb, (a) => {
        const choice = chooseProgram(fromArb(a));
        expect(choice.options.map((o) => o.program).sort()).toEqual([...CARE_PROGRAMS].sort());
        expect(choice.options.map((o) => o.rank)).toEqual([1, 2, 3, 4]);
      }),
      { numRuns: 200 },
    );
  });
});
