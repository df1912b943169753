import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { withTenantScope } from "@carefold/db";
import { createTestTenant, getTestDatabase } from "@carefold/db/testing";
import type { ObjectStorage } from "@carefold/integrations";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TestBrowser, createUser, signIn, testConfig, useTestObjectStorage } from "../../testing/api-test-kit.js";
import { extractPdfText } from "../../testing/pdf-text.js";
import { GOLDEN_MONTH_PATIENTS, seedBillingClinic, type BillingClinic } from "../../testing/billing-fixtures.js";
import { createClaimExport } from "../billing/exports.service.js";
import { runMonthClose } from "../billing/month-close.service.js";
import { approveMonth, setRowExclusion } from "../billing/worksheet.service.js";
import { findClaimByPatientControlNumber } from "./claim-match.js";

const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));
const GOLDEN_835 = readFileSync(fixture("835-2026-10.golden.txt"), "utf8");
const RECONCILIATION = fixture("835-2026-10.reconciliation.golden.json");
const MONTH = "2026-10";
const db = () => getTestDatabase().db;
const config = testConfig();
let storage: ObjectStorage;
let stop: () => Promise<void>;
let clinic: BillingClinic;
let admin: TestBrowser;
let practitioner: TestBrowser;
let exportedClaimIds: string[];


const base64 = (text: string) => Buffer.from(text, "utf8").toString("base64");
const upload = (text: string, fileName = "payer-file.txt") => admin.call((c) => c.remittance.upload({ fileName, base64: base64(text) }));
const inScope = <T>(fn: Parameters<typeof withTenantScope<T>>[2]) => withTenantScope(db(), { tenantIds: [clinic.tenantId] }, fn);
const counts = () => inScope(async (tx) => ({ files: await tx.payerFile.count(), payments: await tx.claimPayment.count(), acks: await tx.claimAcknowledgment.count(), documents: await tx.document.count({ where: { kind: "payer_file" } }) }));

beforeAll(async () => {
  ({ storage, stop } = await useTestObjectStorage());
  const tenant = await createTestTenant(db(), { timeZone: "America/Chicago" });
  const adminUser = await createUser(db(), config, { kind: "clinic", memberships: [{ tenantId: tenant.id, role: "clinic_admin" }] });
  const practitionerUser = await createUser(db(), config, { kind: "clinic", memberships: [{ tenantId: tenant.id, role: "practitioner" }] });
  const coordinator = await createUser(db(), config, { kind: "vendor", vendorRoles: ["coordinator"] });
  clinic = await seedBillingClinic(db(), tenant.id, coordinator.id, GOLDEN_MONTH_PATIENTS);
  await runMonthClose(db(), { tenantId: tenant.id, serviceMonth: MONTH });
  const exported = await withTenantScope(db(), { tenantIds: [tenant.id] }, async (tx) => {
    // As for the golden 837P: Eve is excluded by the clinic (Dee is blocked by the close).
    await setRowExclusion(tx, tenant.id, { serviceMonth: MONTH, patientId: clinic.patients.get("Eve")!, reason: "Billed by the hospital clinic this month" }, adminUser.id);
    await approveMonth(tx, tenant.id, MONTH, adminUser.id);
    const created = await createClaimExport(tx, storage, tenant.id, MONTH, "x12_837p", adminUser.id, new Date("2026-11-03T14:05:00Z"));
    const document = await tx.document.findFirstOrThrow({ where: { id: created.documentId } });
    return (await storage.getObject(document.storageKey, { expectedSha256: document.sha256 })).body.toString("utf8");
  });
  exportedClaimIds = [...exported.matchAll(/^CLM\*([^*]+)\*/gm)].map((m) => m[1]!);
  admin = new TestBrowser(db(), config, "portal");
  await signIn(admin, adminUser);
  practitioner = new TestBrowser(db(), config, "portal");
  await signIn(practitioner, practitionerUser);
});
afterAll(async () => stop());

describe("835 remittance", () => {
  it("the golden 835 answers the claims our 837P sent: its CLP01s are the exported CLM01s", () => {
    expect([...GOLDEN_835.matchAll(/^CLP\*([^*]+)\*/gm)].map((m) => m[1])).toEqual(exportedClaimIds);
  });

  it("matches each claim payment to its patient-month and shows paid, partly denied and denied with reasons in plain words (reviewed golden reconciliation)", async () => {
    const result = await upload(GOLDEN_835, "era-2026-12-01.835");
    expect(result).toMatchObject({ kind: "835", duplicate: false, claims: 3, recorded: 3, alreadyRecorded: 0, matched: 3, outcomes: { paid: 1, adjusted: 1, denied: 1, reversed: 0 } });
    const month = await admin.call((c) => c.remittance.month({ serviceMonth: MONTH }));
    const reconciliation = {
      collections: month.collections,
      payments: month.payments.map(({ id: _id, ...p }) => ({ ...p, patientId: p.patientId && [...clinic.patients].find(([, id]) => id === p.patientId)![0] })),
    };
    // Regenerate after a reviewed change: UPDATE_GOLDEN=1 npx vitest run src/modules/remittance/remittance.int
    // eslint-disable-next-line no-restricted-properties -- a test-only switch, not configuration
    if (process.env.UPDATE_GOLDEN === "1") writeFileSync(RECONCILIATION, JSON.stringify(reconciliation, null, 2) + "\n");
    expect(reconciliation).toEqual(JSON.parse(readFileSync(RECONCILIATION, "utf8")));
    // Hand-checked: expected is the close's billable total; Medicare paid 80 % of allowed less 2 % sequestration.
    expect(month.collections).toEqual({ month: MONTH, expectedCents: 6613 + 11657 + 16701, claims: 3, remitted: 3, paidCents: 5184 + 5184, patientResponsibilityCents: 1323 + 1323, denied: 1 });
    expect(month.payments.map((p) => [p.name, p.outcome, p.paidCents])).toEqual([["Alvarez, Ada", "paid", 5184], ["Brown, Ben", "adjusted", 5184], ["Chen, Cai", "denied", 0]]);
    expect(month.payments[2]!.reasons).toEqual([
      "CO-16: The claim is missing information or has a billing error; fix it and send it again ($167.01)",
      "MA130: The claim is incomplete or invalid and cannot be appealed; send a new, corrected claim",
      "N290: Missing, incomplete or invalid rendering provider identifier (NPI)",
    ]);
  });

  it("Reports show the same collected vs expected as the remittance page (one evaluation), in the CSV and the PDF", async () => {
    const month = await admin.call((c) => c.remittance.month({ serviceMonth: MONTH }));
    const report = await admin.call((c) => c.reports.get({ from: "2026-09", to: MONTH }));
    expect(report.collections).toEqual([{ month: "2026-09", expectedCents: 0, claims: 0, remitted: 0, paidCents: 0, patientResponsibilityCents: 0, denied: 0 }, month.collections]);
    const csv = await admin.call((c) => c.reports.csv({ from: MONTH, to: MONTH, section: "collections" }));
    expect(csv.csv.trimEnd().split("\r\n")).toEqual([
      "service_month,claims,expected_usd,claims_answered,paid_usd,patient_responsibility_usd,denied_claims",
      "2026-10,3,349.71,3,103.68,26.46,1",
    ]);
    const pdf = extractPdfText(Buffer.from((await admin.call((c) => c.reports.pdf({ from: MONTH, to: MONTH }))).base64, "base64"));
    for (const words of ["Collected vs expected", "$349.71", "$103.68", "$26.46"]) expect(pdf).toContain(words);
  });

  it("re-uploading the same file changes nothing, and a second file repeating the claims records none twice", async () => {
    const before = await counts();
    const again = await upload(GOLDEN_835, "renamed.835");
    expect(again).toMatchObject({ duplicate: true, claims: 3, recorded: 3, matched: 3 });
    expect(await counts()).toEqual(before);
    // The same payment sent again in a new interchange (another ISA13, so another file hash).
    const resent = GOLDEN_835.replaceAll("000000041", "000000051").replace("*20261201*0930*41*", "*20261201*0930*51*").replace("GE*1*41", "GE*1*51");
    const second = await upload(resent, "resent.835");
    expect(second).toMatchObject({ duplicate: false, claims: 3, recorded: 0, alreadyRecorded: 3 });
    const after = await counts();
    expect(after).toEqual({ ...before, files: before.files + 1, documents: before.documents + 1 });
  });

  it("lists the denial to work, with the patient and the reasons", async () => {
    const denials = await practitioner.call((c) => c.remittance.denials());
    expect(denials.map((d) => [d.name, d.serviceMonth, d.payerClaimControlNumber, d.chargeCents])).toEqual([["Chen, Cai", MONTH, "2226337012347", 16701]]);
    expect(denials[0]!.reasons[0]).toMatch(/^CO-16: The claim is missing information/);
    // Names next to patient ids are PHI: the read is audited without the procedure asking for it.
    expect(await inScope((tx) => tx.auditEvent.count({ where: { tenantId: clinic.tenantId, action: { in: ["remittance.denials", "remittance.month"] } } }))).toBeGreaterThanOrEqual(2);
  });

  it("a corrected claim paid later leaves the denials list; a reversal counts against what was collected", async () => {
    const paidLater = GOLDEN_835.replaceAll("000000041", "000000061").replace("*20261201*0930*41*", "*20261215*0930*61*").replace("GE*1*41", "GE*1*61")
      .replace("BPR*I*103.68*C*ACH*CCP*01*011000015*DA*123456789*1512345678**01*021000021*DA*987654321*20261201", "BPR*I*79.81*C*ACH*CCP*01*011000015*DA*123456789*1512345678**01*021000021*DA*987654321*20261215")
      .replace(/LX\*1~\n[\s\S]*?(?=SE\*)/, [
        "LX*1~", "CLP*20261033333333333343*1*167.01*130.90*33.40*MB*2226337099999*11*7~", "CAS*PR*2*33.40~", "CAS*CO*253*2.71~",
        "CLP*20261011111111111141*22*-66.13*-51.84*-13.23*MB*2226337012345*11*8~", "CAS*PR*2*-13.23~", "CAS*CO*253*-1.06~", "",
      ].join("\n"));
    // 130.90 paid less the 51.84 taken back: 79.09 — the file's BPR is not what we check, the claims are.
    await upload(paidLater, "later.835");
    expect(await practitioner.call((c) => c.remittance.denials())).toEqual([]);
    const month = await admin.call((c) => c.remittance.month({ serviceMonth: MONTH }));
    expect(month.collections).toMatchObject({ paidCents: 5184 + 5184 + 13090 - 5184, patientResponsibilityCents: 1323 + 1323 + 3340 - 1323, denied: 0 });
    expect(month.payments.filter((p) => p.name === "Alvarez, Ada").map((p) => p.outcome)).toEqual(["paid", "reversed"]);
  });

  it("refuses a damaged file whole, storing nothing, and a practitioner may read but not upload", async () => {
    const before = await counts();
    const unbalanced = GOLDEN_835.replaceAll("000000041", "000000071").replace("CAS*PR*2*13.23~", "CAS*PR*2*13.24~");
    await expect(upload(unbalanced)).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringMatching(/20261011111111111141 does not balance/) });
    await expect(upload("name,mbi\nAda,1EG4TE5MK73\n")).rejects.toMatchObject({ message: expect.stringMatching(/must start with an ISA segment/) });
    const claimFile = GOLDEN_835.replace("ST*835*0001", "ST*837*0001*005010X222A1");
    await expect(upload(claimFile)).rejects.toMatchObject({ message: expect.stringMatching(/This is an X12 837 file. Upload an 835 remittance, a 999 or a 277CA/) });
    await expect(upload("ISA" + " ".repeat(5 * 1024 * 1024))).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringMatching(/larger than 5 MB/) });
    await expect(admin.call((c) => c.remittance.upload({ fileName: "latin1.835", base64: Buffer.from([0x49, 0x53, 0x41, 0xe9]).toString("base64") }))).rejects.toMatchObject({ message: expect.stringMatching(/The file is not text/) });
    await expect(practitioner.call((c) => c.remittance.upload({ fileName: "x.835", base64: base64(GOLDEN_835) }))).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect(await counts()).toEqual(before);
  });

  it("a patient control number that is not one of our claims is kept unmatched, never guessed", async () => {
    expect(await inScope((tx) => findClaimByPatientControlNumber(tx, clinic.tenantId, "20261099999999999999"))).toBeNull();
    expect(await inScope((tx) => findClaimByPatientControlNumber(tx, clinic.tenantId, "PCN-FROM-OLD-SYSTEM"))).toBeNull();
    expect(await inScope((tx) => findClaimByPatientControlNumber(tx, clinic.tenantId, exportedClaimIds[1]!))).toEqual({ serviceMonth: MONTH, patientId: clinic.patients.get("Ben"), expectedCents: 11657 });
    const foreign = GOLDEN_835.replaceAll("000000041", "000000081").replaceAll("20261011111111111141", "20261099999999999999");
    await upload(foreign.replace("CLP*20261099999999999999*1*66.13*51.84*13.23*MB*2226337012345", "CLP*20261099999999999999*1*66.13*51.84*13.23*MB*ICN-FOREIGN"), "foreign.835");
    const unmatched = await admin.call((c) => c.remittance.unmatched());
    expect(unmatched.map((u) => [u.patientControlNumber, u.name, u.serviceMonth])).toEqual([["20261099999999999999", null, null]]);
  });
});

describe("999 and 277CA acknowledgments", () => {
  it("a 999 is shown beside the claim file it answers (by GS06), and a 277CA per claim", async () => {
    const exportId = (await admin.call((c) => c.worksheet.exports({ serviceMonth: MONTH })))[0]!.exportId;
    expect(await upload(readFileSync(fixture("999-accepted.golden.txt"), "utf8"))).toMatchObject({ kind: "999", claims: 1, matched: 1, outcomes: { accepted: 1, rejected: 0 } });
    expect(await upload(readFileSync(fixture("277ca-2026-10.golden.txt"), "utf8"))).toMatchObject({ kind: "277ca", claims: 3, matched: 3, outcomes: { accepted: 2, rejected: 1 } });
    expect(await upload(readFileSync(fixture("277ca-2026-10.golden.txt"), "utf8"))).toMatchObject({ duplicate: true });
    const acks = await admin.call((c) => c.remittance.acknowledgments({ serviceMonth: MONTH }));
    expect(acks.map((a) => [a.kind, a.claimExportId, a.patientControlNumber, a.status, a.reasons])).toEqual([
      ["999", exportId, null, "accepted", []],
      ["277ca", exportId, exportedClaimIds[0], "accepted", ["A2:20"]],
      ["277ca", exportId, exportedClaimIds[1], "accepted", ["A2:20"]],
      ["277ca", exportId, exportedClaimIds[2], "rejected", ["A7:562"]],
    ]);
  });
});

describe("acknowledgments of an 837I (RHC/FQHC claims)", () => {
  it("a 999 and a 277CA are tied to the 837I claim file they answer, as for an 837P", async () => {
    const tenant = await createTestTenant(db(), { setting: "fqhc", timeZone: "America/Chicago" });
    const adminUser = await createUser(db(), config, { kind: "clinic", memberships: [{ tenantId: tenant.id, role: "clinic_admin" }] });
    const coordinator = await createUser(db(), config, { kind: "vendor", vendorRoles: ["coordinator"] });
    await seedBillingClinic(db(), tenant.id, coordinator.id, [{ label: "Fay", lastName: "Ford", entries: [["2026-10-05", 25]] }]);
    await runMonthClose(db(), { tenantId: tenant.id, serviceMonth: MONTH });
    const sent = await withTenantScope(db(), { tenantIds: [tenant.id] }, async (tx) => {
      await approveMonth(tx, tenant.id, MONTH, adminUser.id);
      const created = await createClaimExport(tx, storage, tenant.id, MONTH, "x12_837i", adminUser.id, new Date("2026-11-03T14:05:00Z"));
      const document = await tx.document.findFirstOrThrow({ where: { id: created.documentId } });
      return { ...created, text: (await storage.getObject(document.storageKey, { expectedSha256: document.sha256 })).body.toString("utf8") };
    });
    const groupControlNumber = /^GS\*HC\*[^*]*\*[^*]*\*[^*]*\*[^*]*\*(\d+)\*X\*005010X223A2~/m.exec(sent.text)![1]!;
    const claimNumber = /^CLM\*([^*]+)\*/m.exec(sent.text)![1]!;
    const fqhcAdmin = new TestBrowser(db(), config, "portal");
    await signIn(fqhcAdmin, adminUser);
    const uploadHere = (text: string) => fqhcAdmin.call((c) => c.remittance.upload({ fileName: "ack.txt", base64: base64(text) }));

    // The clearinghouse's 999 for the 837I (implementation 005010X223A2, its GS06) and a 277CA that
    // accepts its claim (the golden 277CA with this clinic's claim number in place of Ada's).
    const ack999 = readFileSync(fixture("999-accepted.golden.txt"), "utf8")
      .replace("AK1*HC*1*005010X222A1~", `AK1*HC*${groupControlNumber}*005010X223A2~`)
      .replace("AK2*837*0001*005010X222A1~", "AK2*837*0001*005010X223A2~");
    expect(await uploadHere(ack999)).toMatchObject({ kind: "999", matched: 1 });
    const ack277 = readFileSync(fixture("277ca-2026-10.golden.txt"), "utf8").replace("TRN*2*20261011111111111141~", `TRN*2*${claimNumber}~`);
    expect(await uploadHere(ack277)).toMatchObject({ kind: "277ca", claims: 3, matched: 1 });

    const acks = await fqhcAdmin.call((c) => c.remittance.acknowledgments({ serviceMonth: MONTH }));
    expect(acks.map((a) => [a.kind, a.claimExportId, a.patientControlNumber, a.status])).toEqual([
      ["999", sent.exportId, null, "accepted"],
      ["277ca", sent.exportId, claimNumber, "accepted"],
    ]);
  });
});
