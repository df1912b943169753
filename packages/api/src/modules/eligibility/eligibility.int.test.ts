import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { withTenantScope } from "@carefold/db";
import { createTestTenant, getTestDatabase } from "@carefold/db/testing";
import type { ObjectStorage } from "@carefold/integrations";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TestBrowser, createUser, signIn, testConfig, useTestObjectStorage } from "../../testing/api-test-kit.js";
import { seedBillingClinic, type BillingClinic } from "../../testing/billing-fixtures.js";
import { validate270 } from "./x12-270.js";

const fixture = (name: string) => readFileSync(fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url)), "utf8");
const db = () => getTestDatabase().db;
const config = testConfig();
let storage: ObjectStorage;
let stop: () => Promise<void>;
let clinic: BillingClinic;
let other: BillingClinic;
let admin: TestBrowser;
let otherAdmin: TestBrowser;
let medicareId: string;

const PATIENTS = [
  // coverage: false — each test's starting coverage is the one recorded below, from 2026-01-01.
  { label: "Ann", lastName: "Active", dateOfBirth: "1948-03-12", mbi: "1EG4TE5MK73", coverage: false as const },
  { label: "Bob", lastName: "Advantage", dateOfBirth: "1946-07-04", mbi: "2FH5GJ6KM84", coverage: false as const },
  { label: "Cara", lastName: "Lapsed", dateOfBirth: "1950-01-15", mbi: "3HJ6KM7NP95", coverage: false as const },
  { label: "Dan", lastName: "Unknown", dateOfBirth: "1952-02-20", mbi: "4KM7NP8QR06", coverage: false as const },
];

const base64 = (text: string) => Buffer.from(text, "utf8").toString("base64");
const upload = (text: string, fileName = "eligibility.271", browser = admin) => browser.call((c) => c.eligibility.upload({ fileName, base64: base64(text) }));
const inScope = <T>(tenantId: string, fn: Parameters<typeof withTenantScope<T>>[2]) => withTenantScope(db(), { tenantIds: [tenantId] }, fn);
/** The same answer in another interchange (another ISA13/GS06): another file by SHA-256, the same content. */
const resent = (text: string, control: number) => text.replace(/\*000000(\d{3})\*0\*P\*/, `*${String(control).padStart(9, "0")}*0*P*`).replace(/IEA\*1\*\d{9}/, `IEA*1*${String(control).padStart(9, "0")}`);

interface CoverageView {
  plan: string;
  payer: string;
  from: string;
  to: string | null;
  source: string;
  sourceRef: string | null;
}
/** A patient's unsuperseded primary coverage, oldest first. */
const coverageOf = (label: string, c = clinic) =>
  inScope(c.tenantId, (tx) => tx.$queryRaw<CoverageView[]>`
    SELECT pc.plan_type AS plan, py.name AS payer, to_char(pc.effective_from, 'YYYY-MM-DD') AS "from", to_char(pc.effective_to, 'YYYY-MM-DD') AS "to", pc.source, pc.source_ref AS "sourceRef"
      FROM patient_coverage pc JOIN payer py ON py.tenant_id = pc.tenant_id AND py.id = pc.payer_id
     WHERE pc.patient_id = ${c.patients.get(label)!}::uuid AND pc.rank = 'primary' AND pc.superseded_at IS NULL ORDER BY pc.effective_from`);
const counts = (tenantId = clinic.tenantId) =>
  inScope(tenantId, async (tx) => ({
    coverage: await tx.patientCoverage.count(), superseded: await tx.patientCoverage.count({ where: { supersededAt: { not: null } } }),
    files: await tx.eligibilityFile.count(), results: await tx.eligibilityResult.count(), documents: await tx.document.count({ where: { kind: "payer_file" } }),
  }));
const flags = async (browser = admin) => (await browser.call((c) => c.eligibility.overview({ serviceMonth: "2026-12" }))).flags.map((f) => ({ name: f.name, kind: f.kind, text: f.text, date: f.date }));

async function seedClinic(name: string) {
  const tenant = await createTestTenant(db(), { name, timeZone: "America/Chicago" });
  const adminUser = await createUser(db(), config, { kind: "clinic", memberships: [{ tenantId: tenant.id, role: "clinic_admin" }] });
  const coordinator = await createUser(db(), config, { kind: "vendor", vendorRoles: ["coordinator"] });
  const seeded = await seedBillingClinic(db(), tenant.id, coordinator.id, PATIENTS);
  const browser = new TestBrowser(db(), config, "portal");
  await signIn(browser, adminUser);
  const payerId = await inScope(tenant.id, async (tx) => {
    // The fixture clinic's traditional Medicare payer, under the MAC's name the 270 must carry.
    const medicare = await tx.payer.update({
      where: { tenantId_id: { tenantId: tenant.id, id: seeded.medicarePayerId } },
      data: { name: "Medicare Part B (J6)", planType: "medicare", ediPayerId: "06102" },
    });
    for (const p of PATIENTS) {
      await tx.patientCoverage.create({
        data: { tenantId: tenant.id, patientId: seeded.patients.get(p.label)!, payerId: medicare.id, rank: "primary", planType: "medicare", memberId: p.mbi, effectiveFrom: new Date("2026-01-01"), source: "manual" },
      });
    }
    return medicare.id;
  });
  return { seeded, browser, payerId };
}

beforeAll(async () => {
  ({ storage, stop } = await useTestObjectStorage());
  ({ seeded: clinic, browser: admin, payerId: medicareId } = await seedClinic("Eligibility Clinic"));
  ({ seeded: other, browser: otherAdmin } = await seedClinic("Other Clinic"));
});
afterAll(async () => stop());

describe("270 inquiries", () => {
  it("asks traditional Medicare about every enrolled patient in one valid interchange, with a trace number per subscriber, and stores it for download", async () => {
    const result = await admin.call((c) => c.eligibility.generate({ asOf: "2026-12-01" }));
    expect(result.skipped).toEqual([]);
    expect(result.inquiries).toHaveLength(1);
    expect(result.inquiries[0]).toMatchObject({ payerName: "Medicare Part B (J6)", subscribers: 4 });
    const inquiry = result.inquiries[0]!;
    const text = await inScope(clinic.tenantId, async (tx) => {
      const row = await tx.eligibilityInquiry.findFirstOrThrow({ where: { id: inquiry.inquiryId } });
      expect(row).toMatchObject({ payerId: medicareId, submitterId: "CAREFOLD01", receiverId: "MEDICAREJ6", controlNumber: inquiry.controlNumber });
      const doc = await tx.document.findFirstOrThrow({ where: { id: row.documentId } });
      return (await storage.getObject(doc.storageKey, { expectedSha256: doc.sha256 })).body.toString("utf8");
    });
    expect(validate270(text, { medicare: true })).toEqual([]);
    expect(text).toContain("NM1*PR*2*MEDICARE PART B (J6)*****PI*06102~");
    expect(text).toContain("NM1*1P*2*TEST FAMILY MEDICINE*****XX*1245319599~");
    const traces = [...text.matchAll(/^TRN\*1\*([0-9A-Z]+)\*1123456789~$/gm)].map((m) => m[1]!);
    expect(traces).toHaveLength(4);
    const stored = await inScope(clinic.tenantId, (tx) => tx.eligibilityInquirySubscriber.findMany({ where: { inquiryId: inquiry.inquiryId } }));
    expect(new Set(stored.map((s) => s.traceNumber))).toEqual(new Set(traces));
    // The control number is the submitter id's next in the registry the 837s use.
    const registry = await inScope(clinic.tenantId, (tx) => tx.x12ControlNumber.findMany({ where: { submitterId: "CAREFOLD01", controlNumber: inquiry.controlNumber } }));
    expect(registry).toHaveLength(1);
    const link = await admin.call((c) => c.eligibility.download({ inquiryId: inquiry.inquiryId }));
    expect(link.fileName).toBe(inquiry.fileName);
  });

  it("asks about the chosen patients only; a patient of another clinic is not found", async () => {
    const result = await admin.call((c) => c.eligibility.generate({ asOf: "2026-12-01", patientIds: [clinic.patients.get("Ann")!] }));
    expect(result.inquiries.map((i) => i.subscribers)).toEqual([1]);
    await expect(admin.call((c) => c.eligibility.generate({ patientIds: [other.patients.get("Ann")!] }))).rejects.toThrow(/not found/i);
  });
});

describe("271 responses", () => {
  it("active Part B: matched by member id and birth date, nothing changes, nothing is flagged", async () => {
    const before = await counts();
    const r = await upload(fixture("271-active-part-b.txt"), "active.271");
    expect(r).toMatchObject({ duplicate: false, subscribers: 1, matched: 1, changed: 0, flagged: 0 });
    expect(await counts()).toEqual({ ...before, files: before.files + 1, results: before.results + 1, documents: before.documents + 1 });
    expect(await coverageOf("Ann")).toEqual([{ plan: "medicare", payer: "Medicare Part B (J6)", from: "2026-01-01", to: null, source: "manual", sourceRef: null }]);
  });

  it("a Medicare Advantage plan not in the directory is flagged for the admin to add; coverage unchanged", async () => {
    const before = await counts();
    const r = await upload(fixture("271-moved-to-medicare-advantage.txt"), "ma.271");
    expect(r).toMatchObject({ matched: 1, changed: 0, flagged: 1 });
    expect((await counts()).coverage).toBe(before.coverage);
    expect(await flags()).toContainEqual({
      name: "Advantage, Bob", kind: "plan_not_in_directory", date: "2026-11-01",
      text: "Medicare Advantage plan SUNRISE HEALTH MEDICARE PPO (H1234) from 2026-11-01 is not in your payer directory: add it and check eligibility again. Coverage unchanged.",
    });
  });

  it("moved to Medicare Advantage: primary coverage under the directory's plan from the plan's start, the traditional coverage ends the day before; re-reading changes nothing", async () => {
    await inScope(clinic.tenantId, (tx) => tx.payer.create({ data: { tenantId: clinic.tenantId, name: "Sunrise Health Medicare PPO", planType: "medicare_advantage", ediPayerId: "H1234" } }));
    const text = resent(fixture("271-moved-to-medicare-advantage.txt"), 202);
    const r = await upload(text, "ma-again.271");
    expect(r).toMatchObject({ duplicate: false, matched: 1, changed: 1, flagged: 1 });
    expect(await coverageOf("Bob")).toEqual([
      // The coverage service trims the earlier coverage with its own source (a copy of what the clinic entered).
      { plan: "medicare", payer: "Medicare Part B (J6)", from: "2026-01-01", to: "2026-10-31", source: "manual", sourceRef: null },
      { plan: "medicare_advantage", payer: "Sunrise Health Medicare PPO", from: "2026-11-01", to: null, source: "eligibility", sourceRef: r.fileId },
    ]);
    // History is kept: the row the clinic entered is superseded, with the 271's reason.
    const superseded = await inScope(clinic.tenantId, (tx) => tx.patientCoverage.findMany({ where: { patientId: clinic.patients.get("Bob")!, supersededAt: { not: null } } }));
    expect(superseded.map((r) => ({ source: r.source, from: r.effectiveFrom.toISOString().slice(0, 10), to: r.effectiveTo, reason: r.supersedeReason, next: r.supersededById !== null }))).toEqual([
      { source: "manual", from: "2026-01-01", to: null, reason: "271: enrolled in Medicare Advantage plan SUNRISE HEALTH MEDICARE PPO (H1234) from 2026-11-01", next: true },
    ]);
    expect(await flags()).toContainEqual({ name: "Advantage, Bob", kind: "moved_to_medicare_advantage", text: "Moved to Medicare Advantage: Sunrise Health Medicare PPO from 2026-11-01.", date: "2026-11-01" });

    const before = await counts();
    const again = await upload(text, "ma-again-renamed.271");
    expect(again).toEqual({ ...r, duplicate: true });
    expect(await counts()).toEqual(before);
    // The same answer in another file: read, but nothing to change.
    const third = await upload(resent(text, 303), "ma-third.271");
    expect(third).toMatchObject({ duplicate: false, matched: 1, changed: 0, flagged: 0 });
    expect((await counts()).coverage).toBe(before.coverage);
  });

  it("lost Part B: the traditional Medicare coverage ends on the day Part B ended", async () => {
    const r = await upload(fixture("271-lost-part-b.txt"), "lost.271");
    expect(r).toMatchObject({ matched: 1, changed: 1, flagged: 1 });
    expect(await coverageOf("Cara")).toEqual([{ plan: "medicare", payer: "Medicare Part B (J6)", from: "2026-01-01", to: "2026-10-31", source: "eligibility", sourceRef: r.fileId }]);
    expect(await flags()).toContainEqual({ name: "Lapsed, Cara", kind: "lost_part_b", text: "Lost Part B on 2026-10-31: Medicare does not pay CCM after that day.", date: "2026-10-31" });
    const before = await counts();
    expect(await upload(resent(fixture("271-lost-part-b.txt"), 404), "lost-again.271")).toMatchObject({ changed: 0 });
    expect((await counts()).coverage).toBe(before.coverage);
  });

  it("not found: flagged to check the MBI, coverage unchanged", async () => {
    const before = await counts();
    expect(await upload(fixture("271-not-found.txt"), "not-found.271")).toMatchObject({ matched: 1, changed: 0, flagged: 1 });
    expect((await counts()).coverage).toBe(before.coverage);
    expect(await flags()).toContainEqual({ name: "Unknown, Dan", kind: "not_found", text: "Not found by the payer (the subscriber was not found) — check the MBI, name and date of birth.", date: null });
  });

  it("back to traditional Medicare: the plan ends on its last day and traditional Medicare starts the next; the newer flag replaces the older", async () => {
    const r = await upload(fixture("271-back-to-traditional.txt"), "back.271");
    expect(r).toMatchObject({ matched: 1, changed: 1, flagged: 1 });
    const coverage = await coverageOf("Bob");
    expect(coverage.map(({ plan, from, to }) => ({ plan, from, to }))).toEqual([
      { plan: "medicare", from: "2026-01-01", to: "2026-10-31" },
      { plan: "medicare_advantage", from: "2026-11-01", to: "2026-11-30" },
      { plan: "medicare", from: "2026-12-01", to: null },
    ]);
    const bob = (await flags()).filter((f) => f.name === "Advantage, Bob");
    expect(bob).toEqual([{ name: "Advantage, Bob", kind: "moved_to_traditional", text: "Back to traditional Medicare from 2026-12-01 (left SUNRISE HEALTH MEDICARE PPO).", date: "2026-12-01" }]);
  });

  it("matches by the trace number we sent before member id and birth date", async () => {
    const inquiry = (await admin.call((c) => c.eligibility.generate({ asOf: "2026-12-01", patientIds: [clinic.patients.get("Ann")!] }))).inquiries[0]!;
    const trace = (await inScope(clinic.tenantId, (tx) => tx.eligibilityInquirySubscriber.findFirstOrThrow({ where: { inquiryId: inquiry.inquiryId } }))).traceNumber;
    // The payer's birth date differs (a typo on their side): the trace number still names Ann.
    const text = fixture("271-active-part-b.txt").replace("TRN*2*ANNFIXTURETRACE01", `TRN*2*${trace}`).replace("DMG*D8*19480312", "DMG*D8*19480313");
    const r = await upload(text, "traced.271");
    expect(r).toMatchObject({ matched: 1 });
    const result = await inScope(clinic.tenantId, (tx) => tx.eligibilityResult.findFirstOrThrow({ where: { fileId: r.fileId } }));
    expect(result).toMatchObject({ patientId: clinic.patients.get("Ann"), matchedBy: "trace", traceNumber: trace });
    // Without the trace number, the wrong birth date matches nobody (never guessed).
    const untraced = await upload(text.replace(`TRN*2*${trace}`, "TRN*2*SOMEOTHERTRACE"), "untraced.271");
    expect(untraced).toMatchObject({ matched: 0, flagged: 1 });
  });

  it("another clinic's file cannot touch our patients: the same answers match none of its own", async () => {
    const ours = await counts(clinic.tenantId);
    const oursBob = await coverageOf("Bob");
    // The other clinic has its own patients with the same MBIs and birth dates (seeded alike): its upload changes its own only.
    const r = await upload(fixture("271-lost-part-b.txt"), "theirs.271", otherAdmin);
    expect(r).toMatchObject({ matched: 1, changed: 1 });
    expect(await coverageOf("Cara", other)).toEqual([{ plan: "medicare", payer: "Medicare Part B (J6)", from: "2026-01-01", to: "2026-10-31", source: "eligibility", sourceRef: r.fileId }]);
    expect(await counts(clinic.tenantId)).toEqual(ours);
    expect(await coverageOf("Bob")).toEqual(oursBob);
    // A trace number of ours in their file matches nothing of theirs or ours.
    const trace = (await inScope(clinic.tenantId, (tx) => tx.eligibilityInquirySubscriber.findFirstOrThrow({ where: { patientId: clinic.patients.get("Ann")! } }))).traceNumber;
    const foreign = fixture("271-lost-part-b.txt").replace("TRN*2*CARAFIXTURETRACE01", `TRN*2*${trace}`).replace("DMG*D8*19500115", "DMG*D8*19000101");
    expect(await upload(foreign, "foreign-trace.271", otherAdmin)).toMatchObject({ matched: 0, changed: 0 });
    expect(await counts(clinic.tenantId)).toEqual(ours);
  });

  it("a malformed file is refused with a clear message and changes nothing (no file, no document, no result, no coverage)", async () => {
    const before = await counts();
    await expect(upload("ISA*garbage", "bad.271")).rejects.toThrow(/not an X12 file/);
    await expect(upload(fixture("271-lost-part-b.txt").split("\n").slice(0, 14).join("\n"), "cut.271")).rejects.toThrow(/cut off/);
    await expect(upload(readFileSync(fileURLToPath(new URL("../remittance/fixtures/835-2026-10.golden.txt", import.meta.url)), "utf8"), "era.835")).rejects.toThrow(/not a 271/);
    expect(await counts()).toEqual(before);
  });

  it("lists the files both ways and each result with the patient's coverage in force", async () => {
    const overview = await admin.call((c) => c.eligibility.overview({ serviceMonth: "2026-12" }));
    expect(overview.inquiries.length).toBeGreaterThanOrEqual(3);
    expect(overview.files.find((f) => f.fileName === "lost.271")).toMatchObject({ subscribers: 1, matched: 1, changed: 1, flagged: 1 });
    expect(overview.results.find((x) => x.fileName === "back.271")).toMatchObject({ name: "Advantage, Bob", status: "traditional", changed: true });
    // A flag dated after the month does not show in an earlier month.
    const october = await admin.call((c) => c.eligibility.overview({ serviceMonth: "2026-10" }));
    expect(october.flags.map((f) => f.kind)).not.toContain("moved_to_traditional");
    // The worksheet's signal: counts only. December: Bob back to traditional, Cara lost Part B, Dan not found, an unmatched answer.
    expect(await admin.call((c) => c.eligibility.toReview({ serviceMonth: "2026-12" }))).toEqual({ count: 4, byKind: { moved_to_traditional: 1, lost_part_b: 1, not_found: 1, not_matched: 1 } });
    // October: only what took effect by October 31 (Cara's Part B) and the undated ones.
    expect(await admin.call((c) => c.eligibility.toReview({ serviceMonth: "2026-10" }))).toEqual({ count: 3, byKind: { lost_part_b: 1, not_found: 1, not_matched: 1 } });
  });
});
