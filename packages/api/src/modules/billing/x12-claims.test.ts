import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { BillingProvider, ClaimRow } from "./claims.js";
import { ClaimDataError, parsePersonName, type ClaimToSend, type Envelope } from "./x12-common.js";
import { build837i } from "./x12-837i.js";
import { build837p } from "./x12-837p.js";
import { validate837 } from "./x12-validator.js";

const GOLDEN_837I = fileURLToPath(new URL("./fixtures/837i-2026-10.golden.txt", import.meta.url));
const GOLDEN_837P_CORRECTIONS = fileURLToPath(new URL("./fixtures/837p-2026-10-corrections.golden.txt", import.meta.url));

const PROVIDER: BillingProvider = {
  billingName: "Test Family Medicine", billingNpi: "1245319599", taxId: "123456789", addressLine1: "100 Main St", city: "Springfield", state: "IL",
  postalCode: "627011234", placeOfService: "11", contactPhone: "2175550100", submitterId: "CAREFOLD01", receiverId: "MEDICAREJ6", payerName: "MEDICARE",
  payerId: "06102", usage: "P", setting: "office",
};
const FQHC: BillingProvider = { ...PROVIDER, billingName: "Desert Sky Community Health", setting: "fqhc", payerId: "04112" };
const ENVELOPE: Envelope = { controlNumber: 7, createdAt: new Date("2026-11-03T14:05:00Z"), usage: "P", serviceMonth: "2026-10" };

const ROW: ClaimRow = {
  patientId: "11111111-1111-4111-8111-111111111111", lastName: "Alvarez", firstName: "Ada", dateOfBirth: "1948-02-11", sex: "female", mbi: "1EG4TE5MK73",
  address: { line1: "1 Elm St", city: "Springfield", state: "IL", postalCode: "62701" }, dateOfService: "2026-10-31",
  lines: [{ code: "99490", units: 1, amountCents: 6613 }, { code: "99439", units: 1, amountCents: 5044 }] as ClaimRow["lines"],
  diagnosisCodes: ["G30.9", "F02.80", "I10"], renderingName: "Lovelace, Ada MD", renderingNpi: "1234567893", staffMinutes: 45, practitionerMinutes: 0,
  consentObtainedOn: "2026-01-05", amountCents: 11657,
  payer: { payerId: null, name: "MEDICARE", ediPayerId: "06102", planType: "medicare", memberId: "1EG4TE5MK73", groupNumber: null, claimType: "837p", receiverId: "MEDICAREJ6", submitterId: "CAREFOLD01" },
  secondary: null, patientShareCents: 2331, secondaryShareCents: 0,
};
/** The row of another traditional-Medicare patient: the MBI is the member id. */
const patientRow = (change: Partial<ClaimRow> & { mbi: string }, payer: Partial<ClaimRow["payer"]> = {}): ClaimRow => ({ ...ROW, ...change, payer: { ...ROW.payer, ...payer, memberId: change.mbi } });
const original = (row: ClaimRow = ROW, pcn = "20261011111111111141"): ClaimToSend<ClaimRow> => ({ row, patientControlNumber: pcn, frequency: "1", payerClaimControlNumber: null });

/**
 * An independent structural check (not the project's validator): counts and control numbers
 * recomputed from the raw text with nothing shared with validate837.
 */
function structure(text: string) {
  const segments = text.split("~\n").filter(Boolean);
  const isa = segments[0]!;
  const st = segments.findIndex((s) => s.startsWith("ST*"));
  const se = segments.findIndex((s) => s.startsWith("SE*"));
  return {
    isaLength: isa.length + 1,
    isa13: isa.split("*")[13],
    iea02: segments.at(-1)!.split("*")[2],
    gs06: segments[1]!.split("*")[6],
    ge02: segments.at(-2)!.split("*")[2],
    seCount: Number(segments[se]!.split("*")[1]),
    stToSe: se - st + 1,
    claimTotals: segments.filter((s) => s.startsWith("CLM*")).map((s) => Math.round(Number(s.split("*")[2]) * 100)),
    lineCharges: segments.filter((s) => s.startsWith("SV1*") || s.startsWith("SV2*")).map((s) => Math.round(Number(s.split("*")[s.startsWith("SV1*") ? 2 : 3]) * 100)),
  };
}
const structurallySound = (text: string) => {
  const s = structure(text);
  expect(s.isaLength).toBe(106);
  expect(s.iea02).toBe(s.isa13);
  expect(s.ge02).toBe(s.gs06);
  expect(s.seCount).toBe(s.stToSe);
  expect(s.lineCharges.reduce((a, b) => a + b, 0)).toBe(s.claimTotals.reduce((a, b) => a + b, 0));
};

describe("the reviewed 837P golden file", () => {
  it("passes the independent structural check", () => {
    structurallySound(readFileSync(fileURLToPath(new URL("./fixtures/837p-2026-10.golden.txt", import.meta.url)), "utf8"));
  });
});

describe("person names on claims", () => {
  it.each([
    ["Lovelace, Ada MD", { last: "LOVELACE", first: "ADA", middle: "", suffix: "" }],
    ["Dr. Ada Lovelace", { last: "LOVELACE", first: "ADA", middle: "", suffix: "" }],
    ["Ada B. Lovelace, MD", { last: "LOVELACE", first: "ADA", middle: "B", suffix: "" }],
    ["Whitehorse Jr, Samuel DO", { last: "WHITEHORSE", first: "SAMUEL", middle: "", suffix: "JR" }],
    ["Priya Patel, PA-C, FNP", { last: "PATEL", first: "PRIYA", middle: "", suffix: "" }],
    ["O'Neil-Smith, Mary Ann", { last: "O'NEIL-SMITH", first: "MARY", middle: "ANN", suffix: "" }],
    ["Do, Anh MD", { last: "DO", first: "ANH", middle: "", suffix: "" }],
    ["Anh Do", { last: "DO", first: "ANH", middle: "", suffix: "" }],
    ["Dr. Anh Do, DO", { last: "DO", first: "ANH", middle: "", suffix: "" }],
    // fast-check found it: credentials go before the title is considered, so the given name stays.
    ["Aa, Dr MD", { last: "AA", first: "DR", middle: "", suffix: "" }],
    ["Lovelace, Dr. Ada MD", { last: "LOVELACE", first: "ADA", middle: "", suffix: "" }],
  ])("%s", (display, expected) => {
    expect(parsePersonName(display)).toEqual(expected);
  });

  it("never leaves a comma or a credential in any part", () => {
    // Names that are also credentials (Do, Pa) are in the table above; here a name is never one.
    const word = fc.stringMatching(/^[A-Z][a-z]{1,8}$/).filter((w) => !["MD", "DO", "NP", "PA", "RN", "PHD", "DPM", "JR", "SR", "II", "IV", "ANP", "CNM", "CNS", "DNP", "FNP"].includes(w.toUpperCase()));
    const credential = fc.constantFrom("MD", "DO", "NP", "PA-C", "FNP");
    fc.assert(
      fc.property(word, word, fc.option(credential, { nil: undefined }), fc.boolean(), (first, last, cred, commaForm) => {
        const display = commaForm ? `${last}, ${first}${cred ? ` ${cred}` : ""}` : `${first} ${last}${cred ? `, ${cred}` : ""}`;
        const name = parsePersonName(display);
        expect(name).toMatchObject({ last: last.toUpperCase(), first: first.toUpperCase() });
        expect(Object.values(name).join(" ")).not.toMatch(/,|\bMD\b|\bFNP\b|PA-C/);
      }),
    );
  });
});

describe("837P edge cases", () => {
  it("writes the rendering provider's name in parts, the subscriber address and the principal diagnosis first", () => {
    const text = build837p([original()], PROVIDER, ENVELOPE);
    expect(validate837(text)).toEqual([]);
    expect(text).toContain("NM1*82*1*LOVELACE*ADA****XX*1234567893~");
    expect(text).toContain("NM1*IL*1*ALVAREZ*ADA****MI*1EG4TE5MK73~\nN3*1 ELM ST~\nN4*SPRINGFIELD*IL*62701~");
    expect(text).toContain("HI*ABK:G309*ABF:F0280*ABF:I10~");
    expect(text).toContain("CLM*20261011111111111141*116.57***11:B:1*Y*A*Y*Y~");
  });

  it.each<[string, Partial<ClaimRow>, RegExp]>([
    ["no member id", { payer: { ...ROW.payer, memberId: "" } }, /has no member id for MEDICARE/],
    ["a traditional Medicare member id that is not an MBI", { payer: { ...ROW.payer, memberId: "W123456789" } }, /is not an MBI/],
    ["no address", { address: null }, /has no patient address/],
    ["no diagnosis", { diagnosisCodes: [] }, /has no diagnosis/],
    ["13 diagnoses", { diagnosisCodes: ["E11.9", "I10", "N18.30", "J44.9", "E78.5", "I50.9", "E66.9", "F32.9", "M17.0", "G47.33", "K21.9", "H40.9", "D64.9"] }, /13 diagnoses; a claim holds at most 12/],
    ["no rendering practitioner", { renderingNpi: null, renderingName: null }, /no rendering practitioner/],
  ])("refuses a claim with %s instead of writing what a payer rejects", (_name, change, message) => {
    expect(() => build837p([original({ ...ROW, ...change })], PROVIDER, ENVELOPE)).toThrow(ClaimDataError);
    expect(() => build837p([original({ ...ROW, ...change })], PROVIDER, ENVELOPE)).toThrow(message);
  });

  it("writes 12 diagnoses and points each line at the first four", () => {
    const twelve = ["E11.9", "I10", "N18.30", "J44.9", "E78.5", "I50.9", "E66.9", "F32.9", "M17.0", "G47.33", "K21.9", "H40.9"];
    const text = build837p([original({ ...ROW, diagnosisCodes: twelve })], PROVIDER, ENVELOPE);
    expect(validate837(text)).toEqual([]);
    expect(text.match(/ABF:/g)).toHaveLength(11);
    expect(text).toContain("SV1*HC:99490*66.13*UN*1***1:2:3:4~");
  });

  it("makes no interchange for a month with no claims", () => {
    expect(() => build837p([], PROVIDER, ENVELOPE)).toThrow(/at least one claim/);
  });

  it("carries the configured usage indicator in ISA15", () => {
    expect(build837p([original()], { ...PROVIDER, usage: "T" }, { ...ENVELOPE, usage: "T" }).split("*")[15]).toBe("T");
  });

  it("sends a replacement (7) and a void (8) with REF*F8 quoting the payer's number of the original, as the reviewed golden file", () => {
    const replacement: ClaimToSend<ClaimRow> = { ...original(), frequency: "7", payerClaimControlNumber: "22126300123456" };
    const voided: ClaimToSend<ClaimRow> = {
      row: patientRow({ patientId: "22222222-2222-4222-8222-222222222222", lastName: "Brown", firstName: "Ben", mbi: "2EG4TE5MK74", sex: "male" }),
      patientControlNumber: "20261022222222222242", frequency: "8", payerClaimControlNumber: "22126300123457",
    };
    const text = build837p([replacement, voided], PROVIDER, ENVELOPE);
    expect(validate837(text)).toEqual([]);
    structurallySound(text);
    expect(text).toContain("CLM*20261011111111111141*116.57***11:B:7*Y*A*Y*Y~\nREF*F8*22126300123456~");
    expect(text).toContain("CLM*20261022222222222242*116.57***11:B:8*Y*A*Y*Y~\nREF*F8*22126300123457~");
    // eslint-disable-next-line no-restricted-properties -- a test-only switch, not configuration
    if (process.env.UPDATE_GOLDEN === "1") writeFileSync(GOLDEN_837P_CORRECTIONS, text);
    expect(text).toBe(readFileSync(GOLDEN_837P_CORRECTIONS, "utf8"));
  });

  it("refuses a replacement whose original's payer claim number is unknown", () => {
    expect(() => build837p([{ ...original(), frequency: "7" }], PROVIDER, ENVELOPE)).toThrow(/payer's claim number is not known/);
  });

  it("the 837I generator refuses an office clinic", () => {
    expect(() => build837i([original()], PROVIDER, ENVELOPE)).toThrow(/RHC and FQHC/);
  });
});

describe("837I for an FQHC", () => {
  it("matches the reviewed golden file, which passes the validator and the independent structural check", () => {
    const fqhcPayer = { ...ROW.payer, ediPayerId: "04112", claimType: "837i" as const };
    const text = build837i([original({ ...ROW, payer: fqhcPayer }), { ...original(patientRow({ patientId: "33333333-3333-4333-8333-333333333333", lastName: "Chen", firstName: "Cai", mbi: "3EG4TE5MK75", diagnosisCodes: ["I50.9"], lines: [{ code: "99490", units: 1, amountCents: 6613 }] as ClaimRow["lines"], amountCents: 6613 }, fqhcPayer), "20261033333333333343") }], FQHC, ENVELOPE);
    expect(validate837(text)).toEqual([]);
    structurallySound(text);
    expect(text).toContain("GS*HC*CAREFOLD01*MEDICAREJ6*20261103*1405*7*X*005010X223A2~");
    expect(text).toContain("CLM*20261011111111111141*116.57***77:A:1**A*Y*Y~\nDTP*434*RD8*20261001-20261031~\nCL1***01~");
    expect(text).toContain("HI*ABK:G309~\nHI*ABF:F0280*ABF:I10~\nNM1*71*1*LOVELACE*ADA****XX*1234567893~");
    expect(text).toContain("SV2*0521*HC:99490*66.13*UN*1~");
    // eslint-disable-next-line no-restricted-properties -- a test-only switch, not configuration
    if (process.env.UPDATE_GOLDEN === "1") writeFileSync(GOLDEN_837I, text);
    expect(text).toBe(readFileSync(GOLDEN_837I, "utf8"));
  });

  it("uses type of bill 71x for an RHC, with the frequency as its third digit", () => {
    const text = build837i([{ ...original(), frequency: "7", payerClaimControlNumber: "22126300123456" }], { ...FQHC, setting: "rhc" }, ENVELOPE);
    expect(validate837(text)).toEqual([]);
    expect(text).toContain("***71:A:7**A*Y*Y~");
  });
});
