// Issue 24 item 5: program choice per patient-month against PostgreSQL. One clinic (15 % of
// reimbursement contract) with a traditional Medicare, a Medicare Advantage plan with its own fee
// schedule and a state Medicaid payer. October 2026, hand-checked (2026 national: 99490 $66.13,
// 99439 $50.44; G0556–G0558 and 99426 have no confirmed 2026 amount):
//
// | patient | primary (secondary)  | facts         | CCM lines            | CCM allowed | fee 15 % | net    |
// |---------|----------------------|---------------|----------------------|-------------|----------|--------|
// | Trad    | Medicare             | 20 + 25 min   | 99490 + 99439        | 11,657      | 1,749    | 9,908  |
// | Adv     | Acme Advantage (MA)  | 25 min        | 99490 at contracted  |  7,000      | 1,050    | 5,950  |
// | Mcaid   | State Medicaid       | 25 min        | 99490 (Medicare's)   |  6,613      |   992    | 5,621  |
// | Qmb     | Medicare (QMB)       | 25 min        | 99490                |  6,613      |   992    | 5,621  |
// | One     | Medicare, 1 condition| 35 min        | — (does not qualify) |             |          |        |
//
// Adv's APCM G0557 at the plan's contracted $52.00: fee 780, net 4,420.
import { withTenantScope } from "@carefold/db";
import { getTestDatabase } from "@carefold/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useTestObjectStorage, type TestBrowser } from "../../testing/api-test-kit.js";
import type { BillingClinic } from "../../testing/billing-fixtures.js";
import { seedInvoicedClinic } from "../../testing/invoicing-fixtures.js";
import { runMonthClose } from "./month-close.service.js";

const db = () => getTestDatabase().db;
const MONTH = "2026-10";
let clinic: BillingClinic;
let admin: TestBrowser;
let stop: () => Promise<void>;
const payers = { medicare: "", advantage: "", medicaid: "" };

beforeAll(async () => {
  ({ stop } = await useTestObjectStorage());
  ({ clinic, admin } = await seedInvoicedClinic([
    { label: "Trad", coverage: false, entries: [["2026-10-05", 20], ["2026-10-12", 25]] },
    { label: "Adv", coverage: false, entries: [["2026-10-05", 25]] },
    { label: "Mcaid", coverage: false, entries: [["2026-10-05", 25]] },
    { label: "Qmb", coverage: false, entries: [["2026-10-05", 25]] },
    { label: "One", coverage: false, conditions: 1, dx: ["E11.9"], entries: [["2026-10-05", 35]] },
  ]));
  const tenantId = clinic.tenantId;
  await withTenantScope(db(), { tenantIds: [tenantId] }, async (tx) => {
    const user = (await tx.$queryRaw<{ id: string }[]>`SELECT id FROM app_user ORDER BY created_at LIMIT 1`)[0]!.id;
    payers.medicare = (await tx.payer.create({ data: { tenantId, name: "Medicare Part B", planType: "medicare", ediPayerId: "06102" } })).id;
    payers.advantage = (await tx.payer.create({ data: { tenantId, name: "Acme Advantage", planType: "medicare_advantage", ediPayerId: "ACME01" } })).id;
    payers.medicaid = (await tx.payer.create({ data: { tenantId, name: "State Medicaid", planType: "medicaid", ediPayerId: "SKIL0" } })).id;
    for (const [code, cents] of [["99490", 7000], ["G0557", 5200]] as const) {
      await tx.payerFeeScheduleRate.create({ data: { tenantId, payerId: payers.advantage, code, year: 2026, cents, enteredBy: user, source: "Acme provider agreement, exhibit B" } });
    }
    const cover = async (label: string, payerId: string, planType: string, rank = "primary") => {
      const patientId = clinic.patients.get(label)!;
      const { mbi } = await tx.patient.findFirstOrThrow({ where: { id: patientId }, select: { mbi: true } });
      await tx.patientCoverage.create({ data: { tenantId, patientId, payerId, rank, planType, memberId: planType === "medicare" ? mbi! : `M-${label}`, effectiveFrom: new Date("2026-01-01"), source: "manual" } });
    };
    await cover("Trad", payers.medicare, "medicare");
    await cover("Adv", payers.advantage, "medicare_advantage");
    await cover("Mcaid", payers.medicaid, "medicaid");
    await cover("Qmb", payers.medicare, "medicare");
    await cover("Qmb", payers.medicaid, "qmb", "secondary");
    await cover("One", payers.medicare, "medicare");
  });
});
afterAll(async () => stop());

const choiceOf = (label: string) => admin.call((c) => c.programChoice.forPatient({ patientId: clinic.patients.get(label)!, serviceMonth: MONTH }));
type Choice = Awaited<ReturnType<typeof choiceOf>>;
const option = (choice: Choice, program: string) => choice.options.find((o) => o.program === program)!;

describe("program choice per patient-month", () => {
  it("traditional Medicare: CCM recommended; every CCM amount equals the close's worksheet row (traditional, MA contracted, Medicaid assumed, QMB)", async () => {
    const choice = await choiceOf("Trad");
    expect(choice.payer).toEqual({ name: "Medicare Part B", planType: "medicare" });
    expect(choice.recommended).toBe("ccm");
    expect(option(choice, "ccm")).toMatchObject({ status: "recommended", rank: 1, pays: "yes", verify: false, qualifies: true, reimbursementCents: 11_657, vendorFeeCents: 1_749, netCents: 9_908, patientShareCents: 2_331 });
    expect(option(choice, "ccm").lines.map((l) => [l.code, l.units, l.basis])).toEqual([["99490", 1, "medicare"], ["99439", 1, "medicare"]]);
    expect(option(choice, "apcm").lines).toEqual([{ code: "G0557", units: 1, amountCents: 0, basis: "unpriced" }]);
    expect(option(choice, "rpm")).toMatchObject({ status: "not_evaluated", qualifies: null, netCents: null });

    await runMonthClose(db(), { tenantId: clinic.tenantId, serviceMonth: MONTH });
    const sheet = (await admin.call((c) => c.worksheet.get({ serviceMonth: MONTH, filter: "all" })))!;
    const rowOf = (label: string) => sheet.rows.find((r) => r.patientId === clinic.patients.get(label))!;
    const row = rowOf("Trad");
    expect(row.amountCents).toBe(11_657);
    expect(option(choice, "ccm").reimbursementCents).toBe(row.amountCents);
    expect(choice.worksheetAmountCents).toBe(row.amountCents);
    expect(option(await choiceOf("Qmb"), "ccm").reimbursementCents).toBe(rowOf("Qmb").amountCents);
    // The Medicare Advantage month: the close prices it at the plan's contracted 99490 too (decision 0050).
    expect(rowOf("Adv").amountCents).toBe(7_000);
    expect(option(await choiceOf("Adv"), "ccm").reimbursementCents).toBe(rowOf("Adv").amountCents);
    expect(option(await choiceOf("Mcaid"), "ccm").reimbursementCents).toBe(rowOf("Mcaid").amountCents);
  });

  it("Medicare Advantage with a contracted fee schedule: priced at the plan's rates, 'verify plan rules'", async () => {
    const choice = await choiceOf("Adv");
    expect(choice.payer).toEqual({ name: "Acme Advantage", planType: "medicare_advantage" });
    expect(option(choice, "ccm")).toMatchObject({ status: "recommended", pays: "yes", verify: true, reimbursementCents: 7_000, vendorFeeCents: 1_050, netCents: 5_950 });
    expect(option(choice, "ccm").lines).toEqual([{ code: "99490", units: 1, amountCents: 7_000, basis: "contracted" }]);
    expect(option(choice, "ccm").ruleSource).toContain("42 CFR 422.101");
    expect(option(choice, "apcm")).toMatchObject({ status: "available", reimbursementCents: 5_200, vendorFeeCents: 780, netCents: 4_420 });

    // The clinic learns the plan does not pay CCM: APCM becomes the recommendation.
    await admin.call((c) => c.programChoice.setPayerRule({ payerId: payers.advantage, program: "ccm", pays: "no", source: "Acme medical policy MP-112 (2026)" }));
    const after = await choiceOf("Adv");
    expect(after.recommended).toBe("apcm");
    expect(option(after, "ccm")).toMatchObject({ status: "payer_does_not_pay", ruleOrigin: "clinic", ruleSource: "Acme medical policy MP-112 (2026)" });
    await admin.call((c) => c.programChoice.clearPayerRule({ payerId: payers.advantage, program: "ccm" }));
    expect((await choiceOf("Adv")).recommended).toBe("ccm");
  });

  it("Medicaid: unknown until the clinic says; the clinic's entry makes CCM available", async () => {
    const before = await choiceOf("Mcaid");
    expect(before.recommended).toBeNull();
    expect(option(before, "ccm")).toMatchObject({ status: "payer_unknown", pays: "unknown", reimbursementCents: 6_613, netCents: 5_621 });
    expect(option(before, "ccm").lines[0]!.basis).toBe("assumed_medicare");
    expect(option(before, "ccm").reasons[0]).toMatch(/unknown until the clinic enters it/);

    await admin.call((c) => c.programChoice.setPayerRule({ payerId: payers.medicaid, program: "ccm", pays: "yes", source: "State Medicaid provider manual §4.12", note: "Since July 2025" }));
    const after = await choiceOf("Mcaid");
    expect(after.recommended).toBe("ccm");
    expect(option(after, "ccm")).toMatchObject({ status: "recommended", ruleOrigin: "clinic", ruleNote: "Since July 2025" });
    const rules = await admin.call((c) => c.programChoice.payerRules({ payerId: payers.medicaid }));
    expect(rules[0]!.programs.find((p) => p.program === "ccm")).toMatchObject({ pays: "yes", origin: "clinic", source: "State Medicaid provider manual §4.12" });
    expect(rules[0]!.programs.find((p) => p.program === "pcm")).toMatchObject({ pays: "unknown", origin: "default" });
  });

  it("QMB secondary: APCM level 3 (G0558) and no patient share", async () => {
    const choice = await choiceOf("Qmb");
    expect(choice.secondaryPlanType).toBe("qmb");
    expect(option(choice, "apcm").lines.map((l) => l.code)).toEqual(["G0558"]);
    expect(option(choice, "ccm")).toMatchObject({ patientShareCents: 0, reimbursementCents: 6_613 });
  });

  it("one condition: CCM does not qualify (the rules package's own finding), PCM does", async () => {
    const choice = await choiceOf("One");
    expect(option(choice, "ccm")).toMatchObject({ status: "not_qualified", qualifies: false, netCents: null });
    expect(option(choice, "ccm").reasons.join(" ")).toMatch(/2 or more qualifying chronic conditions/);
    expect(option(choice, "pcm")).toMatchObject({ qualifies: true });
    expect(option(choice, "pcm").lines.map((l) => l.code)).toEqual(["99426"]);
    expect(option(choice, "apcm").lines.map((l) => l.code)).toEqual(["G0556"]);
  });

  it("audits the read", async () => {
    await choiceOf("Trad");
    const audited = await withTenantScope(db(), { tenantIds: [clinic.tenantId] }, (tx) =>
      tx.auditEvent.count({ where: { action: "programChoice.forPatient", objectType: "patient_month_program_choice", patientId: clinic.patients.get("Trad")! } }),
    );
    expect(audited).toBeGreaterThan(0);
  });
});
