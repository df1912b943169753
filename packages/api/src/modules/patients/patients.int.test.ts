import fc from "fast-check";
import { getTestDatabase, createTestTenant } from "@carefold/db/testing";
import { withTenantScope } from "@carefold/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TestBrowser, createUser, signIn, testConfig, useTestObjectStorage, type CreatedUser } from "../../testing/api-test-kit.js";
import { createPractitioner } from "../../testing/clinic-fixtures.js";
import { extractPdfText } from "../../testing/pdf-text.js";
import { endOfMonth } from "./consent.service.js";
import { todayIn } from "./today.js";

const config = testConfig();
const db = () => getTestDatabase().db;
let stopStorage: () => Promise<void>;
let tenantId: string;
let coordinatorBrowser: TestBrowser;
let practitionerUser: CreatedUser;
let practitionerId: string;

const ALL_DISCLOSURES = { availability: true, costSharing: true, stopAnyTime: true, onePractitionerPerMonth: true };

async function newPatient(extra: Record<string, unknown> = {}) {
  return coordinatorBrowser.call((c) =>
    c.patients.create({
      tenantId,
      firstName: "Rosa",
      lastName: `Alvarez-${Math.random().toString(36).slice(2, 7)}`,
      dateOfBirth: "1946-07-04",
      state: "MN",
      billingPractitionerId: practitionerId,
      problems: [{ icd10Code: "E11.9", description: "Type 2 diabetes" }, { icd10Code: "I50.22", description: "Chronic systolic heart failure" }],
      phones: [{ number: "(612) 555-0111" }],
      ...extra,
    }),
  );
}

beforeAll(async () => {
  ({ stop: stopStorage } = await useTestObjectStorage());
  const tenant = await createTestTenant(db(), { name: "Chart Clinic", timeZone: "America/Chicago" });
  tenantId = tenant.id;
  practitionerUser = await createUser(db(), config, { kind: "clinic", memberships: [{ tenantId, role: "practitioner" }] });
  practitionerId = (await createPractitioner(db(), tenantId, { name: "Dr. Hana Ito", userId: practitionerUser.id })).id;
  const coordinator = await createUser(db(), config, { kind: "vendor", vendorRoles: ["coordinator"], withTotp: true });
  await withTenantScope(db(), { tenantIds: [tenantId] }, (tx) => tx.coordinatorAssignment.create({ data: { tenantId, userId: coordinator.id } }));
  coordinatorBrowser = new TestBrowser(db(), config, "workspace");
  await signIn(coordinatorBrowser, coordinator);
});
afterAll(async () => stopStorage());

describe("patient record and enrollment", () => {
  it("creates a patient, derives time zone and eligibility, and audits the chart read", async () => {
    const { patientId } = await newPatient();
    const chart = await coordinatorBrowser.call((c) => c.patients.get({ patientId }));
    expect(chart).toMatchObject({ timeZone: "America/Chicago", eligibility: { status: "ccm_candidate" }, phones: [{ number: "+16125550111", isPreferred: true }] });
    expect(chart.problems.every((p) => p.isChronic)).toBe(true);
    expect(JSON.stringify(chart)).not.toMatch(/"mbi":/);
    const reads = await withTenantScope(db(), { tenantIds: [tenantId] }, (tx) => tx.auditEvent.findMany({ where: { action: "patients.get", patientId } }));
    expect(reads).toHaveLength(1);
  });

  it("counts the funnel by status and the closed steps by reason", async () => {
    const before = await coordinatorBrowser.call((c) => c.enrollment.funnel({ program: "ccm" }));
    const moves: { to: "declined" | "ineligible" | "outreach"; reason?: string }[] = [
      { to: "declined", reason: "financial" },
      { to: "declined", reason: "financial" },
      { to: "declined", reason: "not_interested" },
      { to: "ineligible", reason: "no_part_b" },
      { to: "outreach" },
    ];
    for (const move of moves) {
      const { patientId } = await newPatient();
      await coordinatorBrowser.call((c) => c.enrollment.transition({ patientId, program: "ccm", ...move }));
    }
    const after = await coordinatorBrowser.call((c) => c.enrollment.funnel({ program: "ccm" }));
    const grew = (a: Record<string, number> | undefined, b: Record<string, number> | undefined, key: string) => (a?.[key] ?? 0) - (b?.[key] ?? 0);
    expect(after.totalPatients - before.totalPatients).toBe(5);
    expect(grew(after.counts, before.counts, "declined")).toBe(3);
    expect(grew(after.counts, before.counts, "ineligible")).toBe(1);
    expect(grew(after.counts, before.counts, "outreach")).toBe(1);
    expect(grew(after.reasonCounts.declined, before.reasonCounts.declined, "financial")).toBe(2);
    expect(grew(after.reasonCounts.declined, before.reasonCounts.declined, "not_interested")).toBe(1);
    expect(grew(after.reasonCounts.ineligible, before.reasonCounts.ineligible, "no_part_b")).toBe(1);
    expect(after.reasonCounts.outreach).toBeUndefined();
  });

  it("refuses an invalid MBI with the position and a bad ICD-10 code, writing nothing", async () => {
    await expect(newPatient({ mbi: "1EG4-TE5-MK7" })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(newPatient({ problems: [{ icd10Code: "1234", description: "x" }] })).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringMatching(/not an ICD-10-CM code/) });
  });

  it("rejects consent without all four disclosures, then records it and enrolls", async () => {
    const { patientId } = await newPatient();
    await coordinatorBrowser.call((c) => c.enrollment.transition({ patientId, program: "ccm", to: "outreach" }));
    const today = todayIn("America/Chicago");
    await expect(
      coordinatorBrowser.call((c) => c.enrollment.recordConsent({ patientId, method: "verbal", obtainedOn: today, disclosures: { ...ALL_DISCLOSURES, costSharing: false } })),
    ).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringMatching(/cost sharing/i) });
    expect(await withTenantScope(db(), { tenantIds: [tenantId] }, (tx) => tx.consent.count({ where: { patientId } }))).toBe(0);

    await expect(coordinatorBrowser.call((c) => c.enrollment.transition({ patientId, program: "ccm", to: "enrolled" }))).rejects.toMatchObject({ code: "PRECONDITION_FAILED" });
    await coordinatorBrowser.call((c) => c.enrollment.recordConsent({ patientId, method: "verbal", obtainedOn: today, disclosures: ALL_DISCLOSURES }));
    await coordinatorBrowser.call((c) => c.enrollment.transition({ patientId, program: "ccm", to: "enrolled" }));
    const chart = await coordinatorBrowser.call((c) => c.patients.get({ patientId }));
    expect(chart.enrollments[0]).toMatchObject({ program: "ccm", status: "enrolled", enrolledOn: today });
    expect(chart.enrollments[0]!.history.map((h) => h.to)).toEqual(["identified", "outreach", "consented", "enrolled"]);
    await expect(coordinatorBrowser.call((c) => c.enrollment.transition({ patientId, program: "ccm", to: "declined" }))).rejects.toMatchObject({ code: "PRECONDITION_FAILED" });
  });

  it("ends the program at the end of the month in which consent is revoked", async () => {
    const { patientId } = await newPatient();
    await coordinatorBrowser.call((c) => c.enrollment.recordConsent({ patientId, method: "verbal", obtainedOn: "2026-01-05", disclosures: ALL_DISCLOSURES }));
    await coordinatorBrowser.call((c) => c.enrollment.transition({ patientId, program: "ccm", to: "enrolled" }));
    const consentId = (await coordinatorBrowser.call((c) => c.patients.get({ patientId }))).enrollments[0]!.consents[0]!.id;
    const revoked = await coordinatorBrowser.call((c) => c.enrollment.revokeConsent({ patientId, consentId, revokedOn: "2026-02-15" }));
    expect(revoked.effectiveOn).toBe("2026-02-28");
    const chart = await coordinatorBrowser.call((c) => c.patients.get({ patientId }));
    expect(chart.enrollments[0]).toMatchObject({ status: "disenrolled", statusReason: "consent_revoked", endsOn: "2026-02-28" });
    expect(chart.enrollments[0]!.consents[0]).toMatchObject({ revokedOn: "2026-02-15", revocationEffectiveOn: "2026-02-28" });
    expect(endOfMonth("2028-02-10")).toBe("2028-02-29");
  });
});

describe("chart lists", () => {
  it("adds and resolves problems (eligibility follows), medications, allergies, care team and an initiating visit", async () => {
    const { patientId } = await newPatient({ problems: [{ icd10Code: "I10", description: "Hypertension" }] });
    expect((await coordinatorBrowser.call((c) => c.patients.get({ patientId }))).eligibility.status).toBe("pcm_candidate");
    const added = await coordinatorBrowser.call((c) => c.chart.addProblem({ patientId, icd10Code: "J44.9", description: "COPD" }));
    expect(added.eligibility).toBe("ccm_candidate");
    await expect(coordinatorBrowser.call((c) => c.chart.addProblem({ patientId, icd10Code: "J44.9", description: "COPD" }))).rejects.toMatchObject({ code: "BAD_REQUEST" });
    expect((await coordinatorBrowser.call((c) => c.chart.resolveProblem({ patientId, problemId: added.problemId, resolvedOn: "2026-06-01" }))).eligibility).toBe("pcm_candidate");
    const med = await coordinatorBrowser.call((c) => c.chart.addMedication({ patientId, name: "Lisinopril", dose: "10 mg", frequency: "daily" }));
    await coordinatorBrowser.call((c) => c.chart.stopMedication({ patientId, medicationId: med.medicationId, stoppedOn: "2026-07-01" }));
    await coordinatorBrowser.call((c) => c.chart.addAllergy({ patientId, substance: "Penicillin", reaction: "Hives", severity: "moderate" }));
    await coordinatorBrowser.call((c) => c.chart.addCareTeamContact({ patientId, name: "Dr. Lee", role: "Cardiologist", organization: "North Heart" }));
    await coordinatorBrowser.call((c) => c.chart.addEncounter({ patientId, kind: "awv", occurredOn: "2026-05-02", practitionerId, isCcmDiscussed: true }));
    const chart = await coordinatorBrowser.call((c) => c.patients.get({ patientId }));
    expect(chart.medications[0]).toMatchObject({ name: "Lisinopril", stoppedOn: "2026-07-01" });
    expect(chart.allergies[0]).toMatchObject({ substance: "Penicillin", severity: "moderate" });
    expect(chart.careTeam[0]).toMatchObject({ role: "Cardiologist" });
    expect(chart.encounters[0]).toMatchObject({ kind: "awv", occurredOn: "2026-05-02", practitioner: "Dr. Hana Ito", isCcmDiscussed: true });
    expect(chart.problems.find((p) => p.icd10Code === "J44.9")).toMatchObject({ resolvedOn: "2026-06-01" });
  });
});

describe("care plans", () => {
  it("builds from templates, versions, is signed by the practitioner in the portal, and yields a patient PDF with the goals", async () => {
    const { patientId } = await newPatient();
    const draft = await coordinatorBrowser.call((c) => c.carePlans.draftFromTemplates({ patientId }));
    expect(draft.templateIds.sort()).toEqual(["diabetes", "heart_failure"]);
    const saved = await coordinatorBrowser.call((c) => c.carePlans.save({ patientId, expectedVersion: 0, body: draft.body }));
    expect(saved.version).toBe(1);
    const plan = await coordinatorBrowser.call((c) => c.carePlans.get({ patientId }));
    expect(plan).toMatchObject({ status: "awaiting_signoff", currentVersion: 1 });
    expect(plan!.checklist.map((f) => f.code)).toContain("care_plan_not_shared");

    // An unsigned draft PDF can be made; asking again (a retry, a double click) reuses it.
    const draftPdf = await coordinatorBrowser.call((c) => c.carePlans.generatePdf({ patientId, version: 1 }));
    const draftAgain = await Promise.all([1, 2].map(() => coordinatorBrowser.call((c) => c.carePlans.generatePdf({ patientId, version: 1 }))));
    expect(draftAgain.map((d) => d.documentId)).toEqual([draftPdf.documentId, draftPdf.documentId]);

    const portal = new TestBrowser(db(), config, "portal");
    await signIn(portal, practitionerUser);
    expect((await portal.call((c) => c.carePlans.awaitingSignoff())).map((p) => p.patientId)).toContain(patientId);
    expect(await portal.call((c) => c.carePlans.sign({ patientId, version: 1 }))).toMatchObject({ signedBy: "Dr. Hana Ito" });
    await expect(coordinatorBrowser.call((c) => c.carePlans.sign({ patientId, version: 1 }))).rejects.toMatchObject({ code: "FORBIDDEN" });

    // Signing changes the document, so the next request renders a new PDF with the signature.
    const pdf = await coordinatorBrowser.call((c) => c.carePlans.generatePdf({ patientId, version: 1 }));
    expect(pdf.documentId).not.toBe(draftPdf.documentId);
    expect((await coordinatorBrowser.call((c) => c.carePlans.generatePdf({ patientId, version: 1 }))).documentId).toBe(pdf.documentId);
    await coordinatorBrowser.call((c) => c.carePlans.recordShared({ patientId, version: 1, sharedOn: todayIn("America/Chicago"), method: "mail" }));
    const link = await coordinatorBrowser.call((c) => c.documents.downloadUrl({ documentId: pdf.documentId }));
    expect(link.url).toMatch(/X-Amz-Expires=300/);
    const response = await fetch(link.url);
    expect(response.status).toBe(200);
    const text = extractPdfText(Buffer.from(await response.arrayBuffer()));
    expect(text).toContain("Keep blood sugar in a safe range");
    expect(text).toContain("Weigh every morning");
    expect(text).toContain("Dr. Hana Ito");
    const doc = await withTenantScope(db(), { tenantIds: [tenantId] }, (tx) => tx.document.findFirstOrThrow({ where: { id: pdf.documentId } }));
    expect(doc.storageKey.startsWith(`tenants/${tenantId}/care-plan/`)).toBe(true);
    const after = await coordinatorBrowser.call((c) => c.carePlans.get({ patientId }));
    expect(after).toMatchObject({ status: "signed", signedBy: "Dr. Hana Ito", sharedMethod: "mail" });
  });

  it("two saves from the same version: exactly one wins, the other gets a conflict, nothing is lost (random interleavings)", async () => {
    const { patientId } = await newPatient();
    const base = (await coordinatorBrowser.call((c) => c.carePlans.draftFromTemplates({ patientId }))).body;
    await coordinatorBrowser.call((c) => c.carePlans.save({ patientId, expectedVersion: 0, body: base }));
    let version = 1;
    await fc.assert(
      fc.asyncProperty(fc.array(fc.string({ minLength: 1, maxLength: 40 }).filter((s) => s.trim().length > 0), { minLength: 2, maxLength: 4 }), fc.nat(5), async (edits, delay) => {
        const attempts = await Promise.allSettled(
          edits.map(async (edit, i) => {
            await new Promise((r) => setTimeout(r, (i * delay) % 7));
            const body = { ...base, patientPreferences: edit.trim() };
            const saved = await coordinatorBrowser.call((c) => c.carePlans.save({ patientId, expectedVersion: version, body }));
            return { saved, edit: edit.trim() };
          }),
        );
        const wins = attempts.filter((a) => a.status === "fulfilled");
        const losses = attempts.filter((a) => a.status === "rejected");
        expect(wins).toHaveLength(1);
        for (const l of losses) expect((l as PromiseRejectedResult).reason).toMatchObject({ code: "CONFLICT", message: expect.stringMatching(/Your edits were not saved/) });
        const winner = (wins[0] as PromiseFulfilledResult<{ saved: { version: number }; edit: string }>).value;
        version += 1;
        expect(winner.saved.version).toBe(version);
        const plan = await coordinatorBrowser.call((c) => c.carePlans.get({ patientId }));
        expect(plan!.currentVersion).toBe(version);
        expect(plan!.body!.patientPreferences).toBe(winner.edit);
      }),
      { numRuns: 15 },
    );
    const versions = await withTenantScope(db(), { tenantIds: [tenantId] }, (tx) => tx.carePlanVersion.count({ where: { carePlan: { patientId } } }));
    expect(versions).toBe(version);
  }, 120_000);

  it("never changes a saved version's content", async () => {
    const { patientId } = await newPatient();
    const body = (await coordinatorBrowser.call((c) => c.carePlans.draftFromTemplates({ patientId }))).body;
    await coordinatorBrowser.call((c) => c.carePlans.save({ patientId, expectedVersion: 0, body }));
    await expect(
      withTenantScope(db(), { tenantIds: [tenantId] }, (tx) => tx.carePlanVersion.updateMany({ where: { carePlan: { patientId } }, data: { body: { hacked: true } } })),
    ).rejects.toThrow(/immutable/);
  });
});
