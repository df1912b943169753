import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { withTenantScope } from "@carefold/db";
import { createTestTenant, getTestDatabase } from "@carefold/db/testing";
import type { ObjectStorage } from "@carefold/integrations";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TestBrowser, createUser, signIn, testConfig, useTestObjectStorage } from "../../testing/api-test-kit.js";
import { GOLDEN_MONTH_PATIENTS, insertEntry, seedBillingClinic, type BillingClinic } from "../../testing/billing-fixtures.js";
import { reopenClose } from "../billing/close-admin.service.js";
import { createClaimExport } from "../billing/exports.service.js";
import { runMonthClose } from "../billing/month-close.service.js";
import { approveMonth, setRowExclusion } from "../billing/worksheet.service.js";
import { validate837 } from "../billing/x12-validator.js";
import { findClaimByPatientControlNumber } from "./claim-match.js";

/**
 * The claim lifecycle and the remittance, connected: the payer's claim number an 835 (CLP07) or a
 * 277CA (REF*1K) reports is kept on our claim, and the replacement after a reopen quotes it — the
 * flow a clinic runs, through the real services and the tRPC upload.
 */
const fixture = (name: string) => readFileSync(fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url)), "utf8");
const GOLDEN_835 = fixture("835-2026-10.golden.txt");
const GOLDEN_277CA = fixture("277ca-2026-10.golden.txt");
const MONTH = "2026-10";
const db = () => getTestDatabase().db;
const config = testConfig();
let storage: ObjectStorage;
let stop: () => Promise<void>;
let coordinatorId: string;

const base64 = (text: string) => Buffer.from(text, "utf8").toString("base64");

interface Clinic extends BillingClinic {
  adminId: string;
  admin: TestBrowser;
}

/** The golden month closed, Eve excluded (as for the golden 837P), approved, with a signed-in clinic admin. */
async function approvedGoldenMonth(): Promise<Clinic> {
  const tenant = await createTestTenant(db(), { timeZone: "America/Chicago" });
  const adminUser = await createUser(db(), config, { kind: "clinic", memberships: [{ tenantId: tenant.id, role: "clinic_admin" }] });
  const clinic = await seedBillingClinic(db(), tenant.id, coordinatorId, GOLDEN_MONTH_PATIENTS);
  await runMonthClose(db(), { tenantId: tenant.id, serviceMonth: MONTH });
  await approve(clinic, adminUser.id);
  const admin = new TestBrowser(db(), config, "portal");
  await signIn(admin, adminUser);
  return { ...clinic, adminId: adminUser.id, admin };
}

const inScope = <T>(clinic: BillingClinic, fn: Parameters<typeof withTenantScope<T>>[2]) => withTenantScope(db(), { tenantIds: [clinic.tenantId] }, fn);

const approve = (clinic: BillingClinic, userId: string) =>
  inScope(clinic, async (tx) => {
    await setRowExclusion(tx, clinic.tenantId, { serviceMonth: MONTH, patientId: clinic.patients.get("Eve")!, reason: "Billed by the hospital clinic this month" }, userId);
    await approveMonth(tx, clinic.tenantId, MONTH, userId);
  });

/** Exports the month's 837P and returns the file the clearinghouse gets. */
async function export837p(clinic: Clinic, at: string) {
  return inScope(clinic, async (tx) => {
    const created = await createClaimExport(tx, storage, clinic.tenantId, MONTH, "x12_837p", clinic.adminId, new Date(at));
    const document = await tx.document.findFirstOrThrow({ where: { id: created.documentId } });
    return (await storage.getObject(document.storageKey, { expectedSha256: document.sha256 })).body.toString("utf8");
  });
}

const upload = (clinic: Clinic, text: string, fileName: string) => clinic.admin.call((c) => c.remittance.upload({ fileName, base64: base64(text) }));

/** Our claims' payer claim numbers, by patient label. */
const payerNumbers = (clinic: Clinic) =>
  inScope(clinic, async (tx) => {
    const claims = await tx.claim.findMany({ where: { tenantId: clinic.tenantId, serviceMonth: MONTH }, select: { patientId: true, payerClaimControlNumber: true } });
    const label = (id: string) => [...clinic.patients].find(([, p]) => p === id)![0];
    return Object.fromEntries(claims.map((c) => [label(c.patientId), c.payerClaimControlNumber]).sort());
  });

/** The same file in a new interchange: another ISA13/GS06, so another file hash. */
const resent = (text: string, from: string, to: string) =>
  text.replaceAll(`00000${from}`, `00000${to}`).replace(`*0930*${from.slice(-2)}*`, `*0930*${to.slice(-2)}*`).replace(`GE*1*${from.slice(-2)}`, `GE*1*${to.slice(-2)}`);

beforeAll(async () => {
  ({ storage, stop } = await useTestObjectStorage());
  coordinatorId = (await createUser(db(), config, { kind: "vendor", vendorRoles: ["coordinator"] })).id;
});
afterAll(async () => stop());

describe("835 → claim → replacement", () => {
  let clinic: Clinic;
  let adaPcn: string;

  beforeAll(async () => {
    clinic = await approvedGoldenMonth();
    const original = await export837p(clinic, "2026-11-03T14:05:00Z");
    adaPcn = /^CLM\*([^*]+)\*66\.13\*\*\*11:B:1\*/m.exec(original)![1]!;
  });

  it("an uploaded 835 matches each claim payment through the claim table and keeps the payer's claim number (CLP07) on the claim", async () => {
    // The golden 835 answers the golden 837P: its CLP01s are our claims' patient control numbers.
    expect(await payerNumbers(clinic)).toEqual({ Ada: null, Ben: null, Cai: null });
    expect(await upload(clinic, GOLDEN_835, "era-2026-12-01.835")).toMatchObject({ claims: 3, recorded: 3, matched: 3 });
    expect(await payerNumbers(clinic)).toEqual({ Ada: "2226337012345", Ben: "2226337012346", Cai: "2226337012347" });
    const month = await clinic.admin.call((c) => c.remittance.month({ serviceMonth: MONTH }));
    expect(month.payments.map((p) => [p.name, p.serviceMonth, p.patientControlNumber === adaPcn])).toEqual([["Alvarez, Ada", MONTH, true], ["Brown, Ben", MONTH, false], ["Chen, Cai", MONTH, false]]);
  });

  it("re-uploading the file, or the same payments in another interchange, changes no claim number", async () => {
    expect(await upload(clinic, GOLDEN_835, "again.835")).toMatchObject({ duplicate: true });
    expect(await upload(clinic, resent(GOLDEN_835, "0041", "0051"), "resent.835")).toMatchObject({ duplicate: false, recorded: 0, alreadyRecorded: 3 });
    expect(await payerNumbers(clinic)).toEqual({ Ada: "2226337012345", Ben: "2226337012346", Cai: "2226337012347" });
  });

  it("reopen, a late call note for Ada, re-close and approve: the export is a replacement (frequency 7) quoting the ICN the 835 reported", async () => {
    await inScope(clinic, (tx) => reopenClose(tx, { tenantId: clinic.tenantId, serviceMonth: MONTH }, "Late call note for Ada", clinic.adminId));
    await inScope(clinic, (tx) => insertEntry(tx, clinic.tenantId, clinic.patients.get("Ada")!, coordinatorId, "2026-10-20", 20));
    await runMonthClose(db(), { tenantId: clinic.tenantId, serviceMonth: MONTH });
    await approve(clinic, clinic.adminId);

    const corrected = await export837p(clinic, "2026-12-10T15:00:00Z");
    expect(validate837(corrected)).toEqual([]);
    // Hand-checked: 25 + 20 minutes is 99490 ($66.13) + 99439 ($50.44) = $116.57, Ada's number, now a replacement.
    const claims = [...corrected.matchAll(/^CLM\*([^*]+)\*([^*]+)\*\*\*11:B:(\d)\*Y\*A\*Y\*Y~\n(REF\*F8\*[^~]+~)?/gm)].map((m) => [m[1], m[2], m[3], m[4]]);
    expect(claims).toEqual([[adaPcn, "116.57", "7", "REF*F8*2226337012345~"]]);
  });

  it("a later 835 reversing Ada and paying a corrected claim under a new ICN: the replacement's number is kept, the reversal's is not", async () => {
    const later = resent(GOLDEN_835, "0041", "0061")
      .replace("BPR*I*103.68*C*ACH*CCP*01*011000015*DA*123456789*1512345678**01*021000021*DA*987654321*20261201", "BPR*I*39.45*C*ACH*CCP*01*011000015*DA*123456789*1512345678**01*021000021*DA*987654321*20261230")
      .replace(/LX\*1~\n[\s\S]*?(?=SE\*)/, [
        "LX*1~", `CLP*${adaPcn}*22*-66.13*-51.84*-13.23*MB*2226337012345*11*8~`, "CAS*PR*2*-13.23~", "CAS*CO*253*-1.06~",
        `CLP*${adaPcn}*1*116.57*91.37*23.31*MB*2226337088888*11*7~`, "CAS*PR*2*23.31~", "CAS*CO*253*1.89~", "",
      ].join("\n"));
    await upload(clinic, later, "later.835");
    expect(await payerNumbers(clinic)).toEqual({ Ada: "2226337088888", Ben: "2226337012346", Cai: "2226337012347" });
    // The older file again, under another interchange number: what it says is older, so nothing moves back.
    await upload(clinic, resent(GOLDEN_835, "0041", "0071"), "old-again.835");
    expect(await payerNumbers(clinic)).toEqual({ Ada: "2226337088888", Ben: "2226337012346", Cai: "2226337012347" });
  });

  it("an 835 for a patient control number that is none of our claims stays unmatched and touches no claim", async () => {
    const before = await payerNumbers(clinic);
    const foreign = resent(GOLDEN_835, "0041", "0081").replaceAll(adaPcn, "20261099999999999999").replace("*MB*2226337012345*", "*MB*ICN-FOREIGN*");
    expect(await upload(clinic, foreign, "foreign.835")).toMatchObject({ claims: 3, recorded: 1, matched: 0 });
    const unmatched = await clinic.admin.call((c) => c.remittance.unmatched());
    expect(unmatched.map((u) => [u.patientControlNumber, u.payerClaimControlNumber, u.name, u.serviceMonth])).toEqual([["20261099999999999999", "ICN-FOREIGN", null, null]]);
    expect(await payerNumbers(clinic)).toEqual(before);
  });
});

describe("277CA → claim", () => {
  it("an accepted claim's REF*1K is kept when no number is known; a rejected claim gets none; an 835 number is never overwritten by a 277CA", async () => {
    const clinic = await approvedGoldenMonth();
    // Approved but not exported: Ada's month is billable, but no claim carries that number yet.
    const ada = "20261011111111111141";
    const match = () => inScope(clinic, (tx) => findClaimByPatientControlNumber(tx, clinic.tenantId, ada));
    expect(await match()).toBeNull();
    await export837p(clinic, "2026-11-03T14:05:00Z");
    expect(await match()).toEqual({ serviceMonth: MONTH, patientId: clinic.patients.get("Ada"), expectedCents: 6613 });
    expect(await upload(clinic, GOLDEN_277CA, "277ca.txt")).toMatchObject({ kind: "277ca", matched: 3, outcomes: { accepted: 2, rejected: 1 } });
    expect(await payerNumbers(clinic)).toEqual({ Ada: "2226337012345", Ben: "2226337012346", Cai: null });

    // An 835 later reports another number for Ben (reprocessed): the 835 is the adjudication, it wins …
    await upload(clinic, GOLDEN_835.replace("*MB*2226337012346*", "*MB*2226337077777*"), "era.835");
    expect(await payerNumbers(clinic)).toEqual({ Ada: "2226337012345", Ben: "2226337077777", Cai: "2226337012347" });
    // … and the 277CA sent again in another interchange does not take it back.
    await upload(clinic, GOLDEN_277CA.replaceAll("000000044", "000000045").replace("*0930*44*", "*0930*45*").replace("GE*1*44", "GE*1*45"), "277ca-again.txt");
    expect(await payerNumbers(clinic)).toEqual({ Ada: "2226337012345", Ben: "2226337077777", Cai: "2226337012347" });
  });
});
