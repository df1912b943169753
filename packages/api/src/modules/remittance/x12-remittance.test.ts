import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parse277ca, parse999 } from "./acknowledgments.js";
import { describeAdjustment, describeRemark } from "./adjustment-codes.js";
import { claimOutcome, parse835 } from "./era-835.js";
import { toCents, tokenizeX12 } from "./x12-tokens.js";

const fixture = (name: string) => readFileSync(fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url)), "utf8");
const GOLDEN_835 = fixture("835-2026-10.golden.txt");

/** The golden 835 with other separators: `|` elements, `>` components, `\n` ends segments. */
const withSeparators = (text: string, element: string, component: string, segment: string) =>
  text
    .split("~\n")
    .filter(Boolean)
    .map((s) => s.replaceAll("*", element).replace(/(HC|ISA.*):/g, (m) => m.slice(0, -1) + component))
    .join(segment) + segment;

describe("tokenizeX12", () => {
  it("takes the separators from the ISA, whatever they are", () => {
    const piped = withSeparators(GOLDEN_835, "|", ">", "\n");
    const doc = tokenizeX12(piped);
    expect(doc.separators).toEqual({ element: "|", component: ">", segment: "\n" });
    expect(doc.transactionSet).toBe("835");
    expect(parse835(piped)).toEqual(parse835(GOLDEN_835));
  });

  it("refuses what is not an X12 interchange, or one cut off before its IEA, with a specific message", () => {
    expect(() => tokenizeX12("patient,mbi\nAda,1EG4TE5MK73\n")).toThrow(/must start with an ISA segment/);
    expect(() => tokenizeX12(GOLDEN_835.slice(0, GOLDEN_835.indexOf("SE*")))).toThrow(/looks cut off/);
    expect(() => tokenizeX12("ISA*00*short~")).toThrow(/must start with an ISA segment/);
  });
});

describe("toCents", () => {
  it.each([
    ["51.84", 5184], ["100", 10000], ["0", 0], ["-66.13", -6613], [".5", 50], ["12.1", 1210], ["", 0],
  ])("%s → %i", (text, cents) => expect(toCents(text)).toBe(cents));

  it("refuses more than two decimals or text rather than rounding money", () => {
    expect(() => toCents("1.005")).toThrow(/is not an amount/);
    expect(() => toCents("12,00")).toThrow(/is not an amount/);
  });

  it("reads back any amount written with two decimals (property)", () => {
    fc.assert(fc.property(fc.integer({ min: -10_000_000_00, max: 10_000_000_00 }), (cents) => {
      const text = `${cents < 0 ? "-" : ""}${Math.floor(Math.abs(cents) / 100)}.${String(Math.abs(cents) % 100).padStart(2, "0")}`;
      expect(toCents(text)).toBe(cents);
    }));
  });
});

describe("parse835 on the golden remittance (answers the golden 837P of 2026-10)", () => {
  const era = parse835(GOLDEN_835);

  it("reads the payment: payer, payee, EFT trace, date and amount", () => {
    expect(era).toMatchObject({
      payerName: "MEDICARE PART B J6", payeeName: "CAREFOLD TEST CLINIC", payeeNpi: "1245319599",
      paymentCents: 10368, paymentMethod: "ACH", paymentDate: "2026-12-01", traceNumber: "EFT000123456", providerAdjustmentCents: 0,
    });
    // What arrives in the bank is what the claims paid (no provider-level adjustment here).
    expect(era.claims.reduce((s, c) => s + c.paidCents, 0)).toBe(era.paymentCents);
  });

  it("reads each claim: a paid one, a partly denied one and a denied one, with their codes", () => {
    expect(era.claims.map((c) => [c.patientControlNumber, c.outcome, c.chargeCents, c.paidCents, c.patientResponsibilityCents, c.payerClaimControlNumber])).toEqual([
      ["20261011111111111141", "paid", 6613, 5184, 1323, "2226337012345"],
      ["20261022222222222242", "adjusted", 11657, 5184, 1323, "2226337012346"],
      ["20261033333333333343", "denied", 16701, 0, 0, "2226337012347"],
    ]);
    const [ada, ben, cai] = era.claims;
    expect(ada!.lines).toEqual([{ procedure: "99490", modifiers: [], chargeCents: 6613, paidCents: 5184, units: 1, serviceDate: "2026-10-31",
      adjustments: [{ group: "PR", reason: "2", amountCents: 1323 }, { group: "CO", reason: "253", amountCents: 106 }], remarks: [] }]);
    expect(ben!.lines[1]).toMatchObject({ procedure: "99439", paidCents: 0, adjustments: [{ group: "CO", reason: "151", amountCents: 5044 }], remarks: ["N362"] });
    expect(cai).toMatchObject({ statusCode: "4", adjustments: [{ group: "CO", reason: "16", amountCents: 16701 }], remarks: ["MA130", "N290"] });
    expect(cai!.lines.map((l) => [l.procedure, l.units])).toEqual([["99490", 1], ["99439", 2]]);
  });

  it("refuses a file whose claim does not balance (billed − paid ≠ adjustments), naming the claim", () => {
    const broken = GOLDEN_835.replace("CAS*CO*253*1.06~\nREF*6R*1~\nAMT*B6*66.13~\nCLP*20261022", "CAS*CO*253*1.07~\nREF*6R*1~\nAMT*B6*66.13~\nCLP*20261022");
    expect(broken).not.toBe(GOLDEN_835);
    expect(() => parse835(broken)).toThrow(/20261011111111111141 does not balance/);
  });

  it("refuses another transaction set with a pointer to the right upload", () => {
    expect(() => parse835(fixture("999-accepted.golden.txt"))).toThrow(/This is a 999 file, not an 835/);
  });
});

describe("claimOutcome", () => {
  const base = { statusCode: "1", paidCents: 5184, patientResponsibilityCents: 1323, adjustments: [], lines: [] };
  it.each([
    ["paid with coinsurance and sequestration", { ...base, adjustments: [{ group: "PR", reason: "2", amountCents: 1323 }, { group: "CO", reason: "253", amountCents: 106 }] }, "paid"],
    ["paid less than billed for another reason", { ...base, adjustments: [{ group: "CO", reason: "97", amountCents: 500 }] }, "adjusted"],
    ["nothing paid, all applied to the deductible", { ...base, paidCents: 0, patientResponsibilityCents: 6613, adjustments: [{ group: "PR", reason: "1", amountCents: 6613 }] }, "adjusted"],
    ["nothing paid, nothing owed by the patient", { ...base, paidCents: 0, patientResponsibilityCents: 0, adjustments: [{ group: "CO", reason: "97", amountCents: 6613 }] }, "denied"],
    ["the payer says denied (CLP02 4)", { ...base, statusCode: "4" }, "denied"],
    ["a reversal of an earlier payment", { ...base, statusCode: "22", paidCents: -5184 }, "reversed"],
  ] as const)("%s → %s", (_name, claim, outcome) => expect(claimOutcome(claim)).toBe(outcome));
});

describe("acknowledgments", () => {
  it("999: an accepted file names the claim file's GS06", () => {
    expect(parse999(fixture("999-accepted.golden.txt"))).toEqual([{ groupControlNumber: 1, patientControlNumber: null, payerClaimControlNumber: null, status: "accepted", reasons: [], chargeCents: null }]);
  });

  it("999: a rejected file lists the segment and element errors in plain words", () => {
    const [ack] = parse999(fixture("999-rejected.golden.txt"));
    expect(ack).toMatchObject({ groupControlNumber: 2, status: "rejected" });
    expect(ack!.reasons).toEqual([
      "Segment NM1 (line 12): segment has data element errors",
      "NM1 element 9: required element missing",
      "Segment CLM (line 14): segment has data element errors",
      'CLM element 5: invalid code value ("99")',
    ]);
  });

  it("277CA: one acknowledgment per claim by patient control number with the payer's claim number (REF*1K); a rejected claim keeps its status codes", () => {
    expect(parse277ca(fixture("277ca-2026-10.golden.txt"))).toEqual([
      { groupControlNumber: null, patientControlNumber: "20261011111111111141", payerClaimControlNumber: "2226337012345", status: "accepted", reasons: ["A2:20"], chargeCents: 6613 },
      { groupControlNumber: null, patientControlNumber: "20261022222222222242", payerClaimControlNumber: "2226337012346", status: "accepted", reasons: ["A2:20"], chargeCents: 11657 },
      { groupControlNumber: null, patientControlNumber: "20261033333333333343", payerClaimControlNumber: null, status: "rejected", reasons: ["A7:562"], chargeCents: 16701 },
    ]);
  });
});

describe("CARC/RARC in plain words", () => {
  it("describes the common codes and shows an unknown code as the code", () => {
    expect(describeAdjustment("CO", "45")).toBe("CO-45: Charge is above the fee schedule (allowed amount); the difference is written off");
    expect(describeAdjustment("PR", "1")).toBe("PR-1: Applied to the patient's deductible");
    expect(describeAdjustment("CO", "P99")).toBe("CO-P99");
    expect(describeRemark("N290")).toMatch(/rendering provider identifier/);
    expect(describeRemark("N9999")).toBe("N9999");
  });
});
