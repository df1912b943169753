// Cross-tenant and role access across EVERY procedure of the API. The fixture table must name
// each procedure: a new procedure without an entry fails the first test, so nobody forgets.
import pg from "pg";
import { withTenantScope } from "@carefold/db";
import { getTestDatabase, createTestTenant } from "@carefold/db/testing";
import { beforeAll, describe, expect, it } from "vitest";
import { appRouter } from "./root.js";
import { afterAll } from "vitest";
import { TestBrowser, createUser, signIn, testConfig, useTestObjectStorage, type CreatedUser } from "./testing/api-test-kit.js";
import { createPractitioner } from "./testing/clinic-fixtures.js";
import { runMonthClose } from "./modules/billing/month-close.service.js";
import { extractPdfText } from "./testing/pdf-text.js";

type Caller = ReturnType<typeof appRouter.createCaller>;
type Expectation = "not_found" | "forbidden" | "no_foreign_data";

const config = testConfig();
const db = () => getTestDatabase().db;

let tenantA: { id: string; name: string };
let tenantB: { id: string; name: string };
let adminA: CreatedUser;
let adminB: CreatedUser;
let staffB: CreatedUser;
let sessionB: string;
let foreignMarkers: string[];
let patientB: string;
let consentB: string;
let documentB: string;
let importB: string;
let invoiceB: string;
let payerB: string;
let coverageB: string;
/** A timer tenant B's coordinator keeps running on tenant B's patient. */
let timerB: string;
/** Tenant B's 270 for patient B. */
let inquiryB: string;
let stopStorage: () => Promise<void>;
afterAll(async () => stopStorage());

beforeAll(async () => {
  tenantA = await createTestTenant(db(), { name: "Alpha Clinic" });
  tenantB = await createTestTenant(db(), { name: "Bravo Clinic" });
  adminA = await createUser(db(), config, { kind: "clinic", memberships: [{ tenantId: tenantA.id, role: "clinic_admin" }] });
  adminB = await createUser(db(), config, { kind: "clinic", memberships: [{ tenantId: tenantB.id, role: "clinic_admin" }] });
  staffB = await createUser(db(), config, { kind: "clinic", memberships: [{ tenantId: tenantB.id, role: "clinic_staff" }] });
  const browserB = new TestBrowser(db(), config, "portal");
  await signIn(browserB, adminB);
  await browserB.call((c) => c.users.invite({ email: "bravo.invitee@example.org", name: "Bravo Invitee", role: "clinic_staff" }));
  sessionB = (await browserB.call((c) => c.account.sessions()))[0]!.id;
  ({ stop: stopStorage } = await useTestObjectStorage());
  await createPractitioner(db(), tenantB.id, { name: "Dr. Bravo", npi: "1987654328" });
  patientB = (await browserB.call((c) => c.patients.create({ firstName: "Beatrix", lastName: "Bravo", dateOfBirth: "1944-04-04", mbi: "2CD5-FG6-HJ81", problems: [{ icd10Code: "E11.9", description: "Diabetes" }, { icd10Code: "I10", description: "Hypertension" }] }))).patientId;
  await browserB.call((c) => c.enrollment.recordConsent({ patientId: patientB, method: "verbal", obtainedOn: "2026-01-02", disclosures: { availability: true, costSharing: true, stopAnyTime: true, onePractitionerPerMonth: true } }));
  consentB = (await browserB.call((c) => c.patients.get({ patientId: patientB }))).enrollments[0]!.consents[0]!.id;
  const draft = await browserB.call((c) => c.carePlans.draftFromTemplates({ patientId: patientB }));
  await browserB.call((c) => c.carePlans.save({ patientId: patientB, expectedVersion: 0, body: draft.body }));
  documentB = (await browserB.call((c) => c.carePlans.generatePdf({ patientId: patientB, version: 1 }))).documentId;
  importB = (await browserB.call((c) => c.panelImport.preview({ fileName: "b.csv", base64: Buffer.from("first_name,last_name,date_of_birth\nBo,Bravo,1950-01-01\n").toString("base64") }))).importId;
  // Tenant B has a closed October, so worksheet procedures have something of B's to refuse.
  await runMonthClose(db(), { tenantId: tenantB.id, serviceMonth: "2026-10" });
  invoiceB = await withTenantScope(db(), { tenantIds: [tenantB.id] }, async (tx) => {
    const contract = await tx.contract.create({ data: { tenantId: tenantB.id, effectiveFromMonth: "2026-01", pricingModel: "per_patient_month", feePerPatientMonthCents: 3500n, paymentTermsDays: 30, billingContactName: "Bravo AP", billingContactEmail: "ap@bravo.example" } });
    return (await tx.invoice.create({ data: { tenantId: tenantB.id, number: "INV-202610-0001", kind: "invoice", serviceMonth: "2026-10", sourceKey: "close:2026-10:b", contractId: contract.id, status: "open", totalCents: 3500n, inputsChecksum: "b", sentAt: new Date() } })).id;
  });

  await withTenantScope(db(), { tenantIds: [tenantB.id] }, (tx) =>
    tx.billingSetting.create({ data: { tenantId: tenantB.id, ...BRAVO_BILLING, billingName: "Bravo Billing Services" } }),
  );

  await withTenantScope(db(), { tenantIds: [tenantB.id] }, (tx) => tx.payer.create({ data: { tenantId: tenantB.id, name: "Medicare", planType: "medicare", ediPayerId: "03102" } }));
  inquiryB = (await browserB.call((c) => c.eligibility.generate({ asOf: "2026-12-01", patientIds: [patientB] }))).inquiries[0]!.inquiryId;

  const coordinatorB = await createUser(db(), config, { kind: "vendor", vendorRoles: ["coordinator"], withTotp: true });
  await withTenantScope(db(), { tenantIds: [tenantB.id] }, (tx) => tx.coordinatorAssignment.create({ data: { tenantId: tenantB.id, userId: coordinatorB.id } }));
  const coordinatorBrowserB = new TestBrowser(db(), config, "workspace");
  await signIn(coordinatorBrowserB, coordinatorB);
  timerB = (await coordinatorBrowserB.call((c) => c.time.timer.start({ patientId: patientB }))).timer.timerId;

  // Tenant B's remittance: a denied claim payment of patient B and a 277CA rejection.
  await withTenantScope(db(), { tenantIds: [tenantB.id] }, async (tx) => {
    const doc = await tx.document.create({ data: { tenantId: tenantB.id, kind: "payer_file", storageKey: `tenants/${tenantB.id}/payer-file/2026/11/x-bravo.835`, fileName: "bravo.835", contentType: "text/plain", sizeBytes: 1n, sha256: "b".repeat(64), uploadedBy: adminB.id } });
    const file = await tx.payerFile.create({ data: { tenantId: tenantB.id, kind: "835", sha256: "b".repeat(64), documentId: doc.id, fileName: "bravo-era.835", payerName: "BRAVO PAYER", claimCount: 1, uploadedBy: adminB.id } });
    await tx.claimPayment.create({ data: { tenantId: tenantB.id, payerFileId: file.id, patientControlNumber: "BRAVOPCN0001", payerClaimControlNumber: "BRAVOICN0001", claimStatusCode: "4", outcome: "denied", chargeCents: 6613n, paidCents: 0n, patientResponsibilityCents: 0n, adjustments: [], remarks: [], lines: [], serviceMonth: "2026-10", patientId: patientB } });
    await tx.claimAcknowledgment.create({ data: { tenantId: tenantB.id, payerFileId: file.id, kind: "277ca", patientControlNumber: "BRAVOPCN0001", serviceMonth: "2026-10", patientId: patientB, status: "rejected", reasons: ["A7:562"] } });
  });

  // Tenant B's payer directory and one coverage of patient B under it (issue 24).
  ({ payerB, coverageB } = await withTenantScope(db(), { tenantIds: [tenantB.id] }, async (tx) => {
    const payer = await tx.payer.create({ data: { tenantId: tenantB.id, name: "Bravo Advantage Plan", planType: "medicare_advantage", ediPayerId: "BRAVOMA01" } });
    const coverage = await tx.patientCoverage.create({ data: { tenantId: tenantB.id, patientId: patientB, payerId: payer.id, rank: "primary", planType: "medicare_advantage", memberId: "BRAVOMEMBER77", effectiveFrom: new Date("2026-01-01T00:00:00Z"), source: "manual" } });
    return { payerB: payer.id, coverageB: coverage.id };
  }));

  foreignMarkers = [inquiryB, "BRAVOPCN0001", "BRAVOICN0001", "bravo-era.835", timerB, "Bravo Billing Services", invoiceB, "INV-202610-0001", tenantB.id, tenantB.name, adminB.id, adminB.email, staffB.id, staffB.email, sessionB, "bravo.invitee@example.org", patientB, "Beatrix", "HJ81", "Dr. Bravo", "Bravo Advantage Plan", "BRAVOMA01", "BRAVOMEMBER77", payerB, coverageB, consentB, documentB, importB];
});

/** An 835 of tenant A's own: the answer names only A's file and claim. */
const ERA_A = [
  "ISA*00*          *00*          *ZZ*MEDICAREJ6     *ZZ*ALPHA01        *261201*0930*^*00501*000000001*0*P*:",
  "GS*HP*MEDICAREJ6*ALPHA01*20261201*0930*1*X*005010X221A1", "ST*835*0001", "BPR*I*0*C*NON************20261201", "TRN*1*0*1",
  "N1*PR*MEDICARE", "N1*PE*ALPHA", "LX*1", "CLP*ALPHAPCN0001*4*66.13*0*0*MB*ALPHAICN0001*11*1", "CAS*CO*16*66.13", "SE*10*0001", "GE*1*1", "IEA*1*000000001",
].join("~\n") + "~\n";

/** A 271 of tenant A's own that names tenant B's patient (MBI and birth date): it must match nothing of B's. */
const ELIGIBILITY_A = [
  "ISA*00*          *00*          *ZZ*CMS            *ZZ*ALPHA01        *261201*0930*^*00501*000000001*0*P*:",
  "GS*HB*CMS*ALPHA01*20261201*0930*1*X*005010X279A1", "ST*271*0001*005010X279A1", "BHT*0022*11*1*20261201*0930", "HL*1**20*1", "NM1*PR*2*CMS*****PI*CMS",
  "HL*2*1*21*1", "NM1*1P*2*ALPHA*****XX*1245319599", "HL*3*2*22*0", "NM1*IL*1*SOMEONE*ANY****MI*2CD5FG6HJ81", "DMG*D8*19440404", "EB*6**30*MB", "DTP*307*RD8*20150101-20261031",
  "SE*13*0001", "GE*1*1", "IEA*1*000000001",
].join("~\n") + "~\n";

/** A valid billing profile (what admin.billingProfile.save accepts). */
const BRAVO_BILLING = {
  billingName: "Bravo Clinic", billingNpi: "1316045628", taxId: "861234567", addressLine1: "2 Bravo Way", city: "Phoenix", state: "AZ", postalCode: "850160001",
  placeOfService: "11", dateOfService: "last_day_of_month", contactPhone: "6025550100", submitterId: "BRAVO01", receiverId: "MEDICAREJF", payerName: "MEDICARE", payerId: "03102",
} as const;

/** Every procedure, called by tenant A's clinic admin with tenant B's ids where it takes any. */
const FIXTURES: Record<string, { expect: Expectation; call: (c: Caller) => Promise<unknown> }> = {
  "health.report": { expect: "no_foreign_data", call: (c) => c.health.report() },
  "auth.me": { expect: "no_foreign_data", call: (c) => c.auth.me() },
  "auth.signIn": { expect: "no_foreign_data", call: (c) => c.auth.signIn({ email: adminB.email, password: "wrong password here" }) },
  "auth.startMfaEnrollment": { expect: "no_foreign_data", call: (c) => c.auth.startMfaEnrollment() },
  "auth.confirmMfaEnrollment": { expect: "no_foreign_data", call: (c) => c.auth.confirmMfaEnrollment({ code: "123456" }) },
  "auth.verifyMfa": { expect: "no_foreign_data", call: (c) => c.auth.verifyMfa({ code: "123456" }) },
  "auth.useRecoveryCode": { expect: "no_foreign_data", call: (c) => c.auth.useRecoveryCode({ code: "abcd-efgh-ijkl" }) },
  "auth.signOut": { expect: "no_foreign_data", call: (c) => c.auth.signOut() },
  "auth.requestPasswordReset": { expect: "no_foreign_data", call: (c) => c.auth.requestPasswordReset({ email: adminB.email }) },
  "auth.resetPassword": { expect: "not_found", call: (c) => c.auth.resetPassword({ token: "x".repeat(43), password: "some long pass phrase" }) },
  "auth.describeInvitation": { expect: "not_found", call: (c) => c.auth.describeInvitation({ token: "y".repeat(43) }) },
  "auth.acceptInvitation": { expect: "not_found", call: (c) => c.auth.acceptInvitation({ token: "z".repeat(43), name: "Mallory", password: "some long pass phrase" }) },
  "account.sessions": { expect: "no_foreign_data", call: (c) => c.account.sessions() },
  "account.revokeSession": { expect: "not_found", call: (c) => c.account.revokeSession({ sessionId: sessionB }) },
  "account.signOutEverywhere": { expect: "no_foreign_data", call: (c) => c.account.signOutEverywhere() },
  "account.switchClinic": { expect: "not_found", call: (c) => c.account.switchClinic({ tenantId: tenantB.id }) },
  "account.pendingInvitations": { expect: "no_foreign_data", call: (c) => c.account.pendingInvitations() },
  "account.acceptInvitation": { expect: "not_found", call: (c) => c.account.acceptInvitation({ tenantId: tenantB.id }) },
  "account.declineInvitation": { expect: "not_found", call: (c) => c.account.declineInvitation({ tenantId: tenantB.id }) },
  "users.list": { expect: "no_foreign_data", call: (c) => c.users.list() },
  "users.invite": { expect: "no_foreign_data", call: (c) => c.users.invite({ email: `fresh-${Date.now()}@example.org`, name: "Fresh Person", role: "clinic_staff" }) },
  "users.deactivate": { expect: "not_found", call: (c) => c.users.deactivate({ userId: staffB.id }) },
  "users.reactivate": { expect: "not_found", call: (c) => c.users.reactivate({ userId: staffB.id }) },
  "admin.clinics": { expect: "forbidden", call: (c) => c.admin.clinics() },
  "admin.createClinic": { expect: "forbidden", call: (c) => c.admin.createClinic({ name: "Evil", slug: "evil", timeZone: "America/Chicago", setting: "office", admin: { email: "e@example.org", name: "E" } }) },
  "admin.staff": { expect: "forbidden", call: (c) => c.admin.staff() },
  "admin.inviteStaff": { expect: "forbidden", call: (c) => c.admin.inviteStaff({ email: "s@example.org", name: "S", roles: ["vendor_admin"] }) },
  "admin.deactivateStaff": { expect: "forbidden", call: (c) => c.admin.deactivateStaff({ userId: adminB.id }) },
  "admin.assignCoordinator": { expect: "forbidden", call: (c) => c.admin.assignCoordinator({ userId: adminA.id, tenantId: tenantB.id }) },
  "admin.unassignCoordinator": { expect: "forbidden", call: (c) => c.admin.unassignCoordinator({ userId: adminA.id, tenantId: tenantB.id }) },
  "admin.mailbox": { expect: "forbidden", call: (c) => c.admin.mailbox() },
  "admin.billingProfile.get": { expect: "forbidden", call: (c) => c.admin.billingProfile.get({ tenantId: tenantB.id }) },
  "admin.billingProfile.save": { expect: "forbidden", call: (c) => c.admin.billingProfile.save({ tenantId: tenantB.id, ...BRAVO_BILLING, billingNpi: "1245319599" }) },
  "admin.feeSchedule.list": { expect: "forbidden", call: (c) => c.admin.feeSchedule.list({ tenantId: tenantB.id }) },
  "admin.feeSchedule.save": { expect: "forbidden", call: (c) => c.admin.feeSchedule.save({ tenantId: tenantB.id, code: "99491", year: 2026, amount: "84.50", source: "MAC schedule" }) },
  "admin.initiatingVisit.get": { expect: "forbidden", call: (c) => c.admin.initiatingVisit.get({ tenantId: tenantB.id }) },
  "admin.initiatingVisit.save": { expect: "forbidden", call: (c) => c.admin.initiatingVisit.save({ tenantId: tenantB.id, needsCcmDiscussed: false, countsTcm: false }) },
  "admin.feeSchedule.setConversionFactor": { expect: "forbidden", call: (c) => c.admin.feeSchedule.setConversionFactor({ tenantId: tenantB.id, conversionFactor: "qp" }) },
  "audit.clinicEvents": { expect: "no_foreign_data", call: (c) => c.audit.clinicEvents({ limit: 500 }) },
  "audit.clinicCsv": { expect: "no_foreign_data", call: (c) => c.audit.clinicCsv({ limit: 5000 }) },
  "audit.allEvents": { expect: "forbidden", call: (c) => c.audit.allEvents({ chain: tenantB.id, limit: 10 }) },
  "audit.verifyChains": { expect: "forbidden", call: (c) => c.audit.verifyChains() },
  "workspace.clinics": { expect: "forbidden", call: (c) => c.workspace.clinics() },
  "patients.list": { expect: "no_foreign_data", call: (c) => c.patients.list({ search: "Bravo", page: 1, pageSize: 100 }) },
  "patients.get": { expect: "not_found", call: (c) => c.patients.get({ patientId: patientB }) },
  "patients.revealMbi": { expect: "not_found", call: (c) => c.patients.revealMbi({ patientId: patientB }) },
  "patients.create": { expect: "no_foreign_data", call: (c) => c.patients.create({ tenantId: tenantB.id, firstName: "Al", lastName: "Pha", dateOfBirth: "1950-01-01" }) },
  "patients.practitioners": { expect: "no_foreign_data", call: (c) => c.patients.practitioners() },
  "enrollment.reasons": { expect: "no_foreign_data", call: (c) => c.enrollment.reasons() },
  "enrollment.funnel": { expect: "no_foreign_data", call: (c) => c.enrollment.funnel({ program: "ccm" }) },
  "enrollment.transition": { expect: "not_found", call: (c) => c.enrollment.transition({ patientId: patientB, program: "ccm", to: "declined", reason: "financial" }) },
  "enrollment.recordConsent": { expect: "not_found", call: (c) => c.enrollment.recordConsent({ patientId: patientB, method: "verbal", obtainedOn: "2026-01-02", disclosures: { availability: true, costSharing: true, stopAnyTime: true, onePractitionerPerMonth: true } }) },
  "enrollment.revokeConsent": { expect: "not_found", call: (c) => c.enrollment.revokeConsent({ patientId: patientB, consentId: consentB, revokedOn: "2026-02-01" }) },
  "carePlans.templates": { expect: "no_foreign_data", call: (c) => c.carePlans.templates() },
  "carePlans.get": { expect: "not_found", call: (c) => c.carePlans.get({ patientId: patientB }) },
  "carePlans.draftFromTemplates": { expect: "not_found", call: (c) => c.carePlans.draftFromTemplates({ patientId: patientB }) },
  "carePlans.save": { expect: "not_found", call: (c) => c.carePlans.save({ patientId: patientB, expectedVersion: 1, body: { conditions: [], problems: [], goals: [], interventions: [], medicationManagement: "", symptomManagement: "", communityResources: [], coordination: [], patientPreferences: "", reviewDueOn: null } }) },
  "carePlans.sign": { expect: "forbidden", call: (c) => c.carePlans.sign({ patientId: patientB, version: 1 }) },
  "carePlans.awaitingSignoff": { expect: "no_foreign_data", call: (c) => c.carePlans.awaitingSignoff() },
  "carePlans.generatePdf": { expect: "not_found", call: (c) => c.carePlans.generatePdf({ patientId: patientB, version: 1 }) },
  "carePlans.recordShared": { expect: "not_found", call: (c) => c.carePlans.recordShared({ patientId: patientB, version: 1, sharedOn: "2026-01-03", method: "mail" }) },
  "documents.downloadUrl": { expect: "not_found", call: (c) => c.documents.downloadUrl({ documentId: documentB }) },
  "documents.upload": { expect: "not_found", call: (c) => c.documents.upload({ patientId: patientB, kind: "consent_form", fileName: "x.pdf", contentType: "application/pdf", base64: Buffer.from("%PDF-1.4").toString("base64") }) },
  "chart.addProblem": { expect: "not_found", call: (c) => c.chart.addProblem({ patientId: patientB, icd10Code: "I10", description: "x" }) },
  "chart.resolveProblem": { expect: "not_found", call: (c) => c.chart.resolveProblem({ patientId: patientB, problemId: patientB, resolvedOn: "2026-01-01" }) },
  "chart.addMedication": { expect: "not_found", call: (c) => c.chart.addMedication({ patientId: patientB, name: "Metformin" }) },
  "chart.stopMedication": { expect: "not_found", call: (c) => c.chart.stopMedication({ patientId: patientB, medicationId: patientB, stoppedOn: "2026-01-01" }) },
  "chart.addAllergy": { expect: "not_found", call: (c) => c.chart.addAllergy({ patientId: patientB, substance: "Penicillin" }) },
  "chart.addCareTeamContact": { expect: "not_found", call: (c) => c.chart.addCareTeamContact({ patientId: patientB, name: "X", role: "Cardiologist" }) },
  "chart.addEncounter": { expect: "not_found", call: (c) => c.chart.addEncounter({ patientId: patientB, kind: "awv", occurredOn: "2026-01-01" }) },
  "time.activities": { expect: "no_foreign_data", call: (c) => c.time.activities() },
  "time.create": { expect: "not_found", call: (c) => c.time.create({ patientId: patientB, clientRequestId: "req-cross-tenant-1", minutes: 10, activity: "patient_call", source: "manual" }) },
  "time.correct": { expect: "not_found", call: (c) => c.time.correct({ entryId: patientB, clientRequestId: "req-cross-tenant-2", minutes: 5, reason: "test" }) },
  "time.monthToDate": { expect: "not_found", call: (c) => c.time.monthToDate({ patientId: patientB }) },
  "time.entries": { expect: "no_foreign_data", call: (c) => c.time.entries({ patientId: patientB, serviceMonth: "2026-11" }) },
  "time.clinicMonth": { expect: "no_foreign_data", call: (c) => c.time.clinicMonth() },
  "time.createManual": { expect: "not_found", call: (c) => c.time.createManual({ patientId: patientB, clientRequestId: "req-cross-tenant-3", date: "2026-11-02", startTime: "09:00", durationMinutes: 10, activity: "patient_call" }) },
  "time.heartbeat": { expect: "no_foreign_data", call: (c) => c.time.heartbeat({ hadInput: true }) },
  "time.timer.current": { expect: "no_foreign_data", call: (c) => c.time.timer.current() },
  "time.timer.start": { expect: "not_found", call: (c) => c.time.timer.start({ patientId: patientB }) },
  "time.timer.pause": { expect: "not_found", call: (c) => c.time.timer.pause({ timerId: timerB }) },
  "time.timer.resume": { expect: "not_found", call: (c) => c.time.timer.resume({ timerId: timerB }) },
  "time.timer.stop": { expect: "not_found", call: (c) => c.time.timer.stop({ timerId: timerB, clientRequestId: "req-cross-tenant-4" }) },
  "time.timer.discard": { expect: "not_found", call: (c) => c.time.timer.discard({ timerId: timerB }) },
  "time.timer.removeIdle": { expect: "not_found", call: (c) => c.time.timer.removeIdle({ timerId: timerB, idleFrom: new Date(Date.now() - 60_000).toISOString() }) },
  "time.reviewQueue": { expect: "forbidden", call: (c) => c.time.reviewQueue() },
  "time.review": { expect: "forbidden", call: (c) => c.time.review({ entryId: patientB, decision: "approved" }) },
  "worklist.list": { expect: "forbidden", call: (c) => c.worklist.list({}) },
  "worklist.monthEndFixes": { expect: "forbidden", call: (c) => c.worklist.monthEndFixes({ tenantId: tenantB.id }) },
  "worklist.assignPanel": { expect: "forbidden", call: (c) => c.worklist.assignPanel({ patientIds: [patientB], coordinatorUserId: adminA.id }) },
  "monthClose.list": { expect: "forbidden", call: (c) => c.monthClose.list({}) },
  "monthClose.request": { expect: "forbidden", call: (c) => c.monthClose.request({ tenantId: tenantB.id, serviceMonth: "2026-10" }) },
  "monthClose.reopen": { expect: "forbidden", call: (c) => c.monthClose.reopen({ tenantId: tenantB.id, serviceMonth: "2026-10", reason: "cross-tenant attempt" }) },
  "monthClose.reopenPreview": { expect: "forbidden", call: (c) => c.monthClose.reopenPreview({ tenantId: tenantB.id, serviceMonth: "2026-10" }) },
  "worksheet.months": { expect: "no_foreign_data", call: (c) => c.worksheet.months() },
  "worksheet.billingIdentity": { expect: "no_foreign_data", call: (c) => c.worksheet.billingIdentity() },
  "worksheet.get": { expect: "not_found", call: (c) => c.worksheet.get({ serviceMonth: "2026-10" }) },
  "worksheet.row": { expect: "not_found", call: (c) => c.worksheet.row({ serviceMonth: "2026-10", patientId: patientB }) },
  "worksheet.auditPacket": { expect: "not_found", call: (c) => c.worksheet.auditPacket({ serviceMonth: "2026-10", patientId: patientB }) },
  "worksheet.exclude": { expect: "not_found", call: (c) => c.worksheet.exclude({ serviceMonth: "2026-10", patientId: patientB, reason: "cross-tenant attempt" }) },
  "worksheet.include": { expect: "not_found", call: (c) => c.worksheet.include({ serviceMonth: "2026-10", patientId: patientB }) },
  "worksheet.approve": { expect: "not_found", call: (c) => c.worksheet.approve({ serviceMonth: "2026-10" }) },
  "worksheet.exports": { expect: "no_foreign_data", call: (c) => c.worksheet.exports({ serviceMonth: "2026-10" }) },
  "worksheet.export": { expect: "not_found", call: (c) => c.worksheet.export({ serviceMonth: "2026-10", format: "csv" }) },
  "worksheet.download": { expect: "not_found", call: (c) => c.worksheet.download({ exportId: patientB }) },
  "worksheet.monthEndFixes": { expect: "no_foreign_data", call: (c) => c.worksheet.monthEndFixes({}) },
  "worksheet.excludePendingReview": { expect: "not_found", call: (c) => c.worksheet.excludePendingReview({ serviceMonth: "2026-10", reason: "cross-tenant attempt" }) },
  "worksheet.setDiagnosisOrder": { expect: "forbidden", call: (c) => c.worksheet.setDiagnosisOrder({ patientId: patientB, codes: ["E11.9"] }) },
  "complexMdm.list": { expect: "not_found", call: (c) => c.complexMdm.list({ patientId: patientB, serviceMonth: "2026-10" }) },
  "complexMdm.attest": { expect: "forbidden", call: (c) => c.complexMdm.attest({ patientId: patientB, serviceMonth: "2026-10", mdmLevel: "high", decidedOn: "2026-10-05" }) },
  "programChoice.forPatient": { expect: "not_found", call: (c) => c.programChoice.forPatient({ patientId: patientB }) },
  "programChoice.payerRules": { expect: "not_found", call: (c) => c.programChoice.payerRules({ payerId: payerB }) },
  "programChoice.setPayerRule": { expect: "not_found", call: (c) => c.programChoice.setPayerRule({ payerId: payerB, program: "ccm", pays: "no", source: "cross-tenant attempt" }) },
  "programChoice.clearPayerRule": { expect: "not_found", call: (c) => c.programChoice.clearPayerRule({ payerId: payerB, program: "ccm" }) },
  "complexMdm.withdraw": { expect: "forbidden", call: (c) => c.complexMdm.withdraw({ attestationId: patientB, reason: "entered for the wrong month" }) },
  "otherServices.codes": { expect: "no_foreign_data", call: (c) => c.otherServices.codes() },
  "otherServices.list": { expect: "no_foreign_data", call: (c) => c.otherServices.list({ serviceMonth: "2026-10" }) },
  "otherServices.add": { expect: "not_found", call: (c) => c.otherServices.add({ patientId: patientB, serviceMonth: "2026-10", code: "99495", samePractitioner: false }) },
  "otherServices.remove": { expect: "not_found", call: (c) => c.otherServices.remove({ id: patientB }) },
  "otherServices.importCsv": { expect: "no_foreign_data", call: (c) => c.otherServices.importCsv({ csv: "mbi,service_month,code,same_practitioner\n2CD5FG6HJ81,2026-10,99495,no\n" }) },
  "tasks.kinds": { expect: "no_foreign_data", call: (c) => c.tasks.kinds() },
  "tasks.open": { expect: "no_foreign_data", call: (c) => c.tasks.open({ patientId: patientB }) },
  "tasks.create": { expect: "not_found", call: (c) => c.tasks.create({ patientId: patientB, title: "Call back", dueOn: "2026-12-01" }) },
  "tasks.close": { expect: "not_found", call: (c) => c.tasks.close({ taskId: patientB, status: "done", outcome: "x" }) },
  "tasks.notes": { expect: "not_found", call: (c) => c.tasks.notes({ patientId: patientB }) },
  "tasks.addNote": { expect: "not_found", call: (c) => c.tasks.addNote({ patientId: patientB, body: "hello" }) },
  "tasks.noteLabels": { expect: "no_foreign_data", call: (c) => c.tasks.noteLabels() },
  "timeline.patient": { expect: "not_found", call: (c) => c.timeline.patient({ patientId: patientB }) },
  "panels.caseload": { expect: "forbidden", call: (c) => c.panels.caseload() },
  "panels.coordinators": { expect: "forbidden", call: (c) => c.panels.coordinators() },
  "panels.patients": { expect: "forbidden", call: (c) => c.panels.patients({ tenantId: tenantB.id }) },
  "panels.assignPatients": { expect: "forbidden", call: (c) => c.panels.assignPatients({ patientIds: [patientB], coordinatorUserId: adminA.id }) },
  "panels.moveCaseload": { expect: "forbidden", call: (c) => c.panels.moveCaseload({ tenantId: tenantB.id, from: "unassigned", to: adminA.id }) },
  "panels.assignClinic": { expect: "forbidden", call: (c) => c.panels.assignClinic({ userId: adminA.id, tenantId: tenantB.id }) },
  "panels.unassignClinic": { expect: "forbidden", call: (c) => c.panels.unassignClinic({ userId: adminB.id, tenantId: tenantB.id }) },
  "panelImport.template": { expect: "no_foreign_data", call: (c) => c.panelImport.template() },
  "panelImport.preview": { expect: "no_foreign_data", call: (c) => c.panelImport.preview({ tenantId: tenantB.id, fileName: "a.csv", base64: Buffer.from("first_name,last_name,date_of_birth\nAl,Pha,1950-01-01\n").toString("base64") }) },
  "panelImport.commit": { expect: "not_found", call: (c) => c.panelImport.commit({ importId: importB }) },
  "panelImport.list": { expect: "no_foreign_data", call: (c) => c.panelImport.list() },
  "panelImport.get": { expect: "no_foreign_data", call: (c) => c.panelImport.get({ importId: importB }) },
  "calls.dispositions": { expect: "forbidden", call: (c) => c.calls.dispositions() },
  "calls.log": { expect: "forbidden", call: (c) => c.calls.log({}) },
  "calls.pendingTime": { expect: "forbidden", call: (c) => c.calls.pendingTime() },
  "calls.start": { expect: "forbidden", call: (c) => c.calls.start({ patientId: patientB }) },
  "calls.get": { expect: "forbidden", call: (c) => c.calls.get({ callId: patientB }) },
  "calls.setDisposition": { expect: "forbidden", call: (c) => c.calls.setDisposition({ callId: patientB, disposition: "answered" }) },
  "calls.confirmTime": { expect: "forbidden", call: (c) => c.calls.confirmTime({ callId: patientB, minutes: 5 }) },
  "calls.discardTime": { expect: "forbidden", call: (c) => c.calls.discardTime({ callId: patientB }) },
  "calls.forPatient": { expect: "forbidden", call: (c) => c.calls.forPatient({ patientId: patientB }) },
  "calls.smsTemplates": { expect: "forbidden", call: (c) => c.calls.smsTemplates() },
  "calls.sendSms": { expect: "forbidden", call: (c) => c.calls.sendSms({ patientId: patientB, clientRequestId: "req-cross-tenant-sms", body: "hi" }) },
  "telephony.clinicSettings": { expect: "forbidden", call: (c) => c.telephony.clinicSettings({ tenantId: tenantB.id }) },
  "telephony.addNumber": { expect: "forbidden", call: (c) => c.telephony.addNumber({ tenantId: tenantB.id, number: "+16125550199" }) },
  "telephony.removeNumber": { expect: "forbidden", call: (c) => c.telephony.removeNumber({ tenantId: tenantB.id, numberId: patientB }) },
  "telephony.saveCallSettings": { expect: "forbidden", call: (c) => c.telephony.saveCallSettings({ tenantId: tenantB.id, recordingEnabled: true }) },
  "invoicing.contracts": { expect: "forbidden", call: (c) => c.invoicing.contracts({ tenantId: tenantB.id }) },
  "invoicing.createContract": { expect: "forbidden", call: (c) => c.invoicing.createContract({ tenantId: tenantB.id, effectiveFromMonth: "2026-02", pricing: { model: "per_patient_month", feePerPatientMonthCents: 1 }, paymentTermsDays: 30, billingContactName: "X", billingContactEmail: "x@example.org" }) },
  "invoicing.preview": { expect: "forbidden", call: (c) => c.invoicing.preview({ tenantId: tenantB.id, serviceMonth: "2026-10" }) },
  "invoicing.generate": { expect: "forbidden", call: (c) => c.invoicing.generate({ tenantId: tenantB.id, serviceMonth: "2026-10" }) },
  "invoicing.addAdjustment": { expect: "forbidden", call: (c) => c.invoicing.addAdjustment({ tenantId: tenantB.id, invoiceId: invoiceB, description: "Discount", amountCents: -100, reason: "because" }) },
  "invoicing.send": { expect: "forbidden", call: (c) => c.invoicing.send({ tenantId: tenantB.id, invoiceId: invoiceB }) },
  "invoicing.creditReopenedMonth": { expect: "forbidden", call: (c) => c.invoicing.creditReopenedMonth({ tenantId: tenantB.id, serviceMonth: "2026-10" }) },
  "invoicing.invoices": { expect: "forbidden", call: (c) => c.invoicing.invoices({}) },
  "invoicing.invoice": { expect: "forbidden", call: (c) => c.invoicing.invoice({ tenantId: tenantB.id, invoiceId: invoiceB }) },
  "invoicing.webhookEvents": { expect: "forbidden", call: (c) => c.invoicing.webhookEvents() },
  "invoicing.profitAndLoss": { expect: "forbidden", call: (c) => c.invoicing.profitAndLoss({ tenantId: tenantB.id }) },
  "clinicInvoices.list": { expect: "no_foreign_data", call: (c) => c.clinicInvoices.list() },
  "clinicInvoices.get": { expect: "not_found", call: (c) => c.clinicInvoices.get({ invoiceId: invoiceB }) },
  // Reports read the active clinic only; B's closed October must not show through (nor in the PDF's text).
  "payers.list": { expect: "no_foreign_data", call: (c) => c.payers.list() },
  "payers.add": { expect: "no_foreign_data", call: (c) => c.payers.add({ name: `Alpha Plan ${Date.now()}`, planType: "medicare_advantage", ediPayerId: "ALPHAMA01" }) },
  "payers.edit": { expect: "not_found", call: (c) => c.payers.edit({ payerId: payerB, name: "Taken Over", planType: "medicare_advantage", ediPayerId: "EVIL01" }) },
  "payers.setActive": { expect: "not_found", call: (c) => c.payers.setActive({ payerId: payerB, active: false }) },
  "payers.rates": { expect: "not_found", call: (c) => c.payers.rates({ payerId: payerB }) },
  "payers.saveRate": { expect: "not_found", call: (c) => c.payers.saveRate({ payerId: payerB, code: "99490", year: 2026, amount: "1.00", source: "x" }) },
  "payers.removeRate": { expect: "not_found", call: (c) => c.payers.removeRate({ payerId: payerB, code: "99490", year: 2026 }) },
  "coverage.get": { expect: "not_found", call: (c) => c.coverage.get({ patientId: patientB }) },
  "coverage.payerOptions": { expect: "not_found", call: (c) => c.coverage.payerOptions({ patientId: patientB }) },
  "coverage.add": { expect: "not_found", call: (c) => c.coverage.add({ patientId: patientB, payerId: payerB, rank: "secondary", planType: "medicare_advantage", memberId: "X1", effectiveFrom: "2026-01-01" }) },
  "coverage.end": { expect: "not_found", call: (c) => c.coverage.end({ patientId: patientB, coverageId: coverageB, effectiveTo: "2026-02-01" }) },
  "coverage.correct": { expect: "not_found", call: (c) => c.coverage.correct({ patientId: patientB, coverageId: coverageB, payerId: payerB, rank: "primary", planType: "medicare_advantage", effectiveFrom: "2025-01-01", reason: "x" }) },
  "remittance.upload": { expect: "no_foreign_data", call: (c) => c.remittance.upload({ fileName: "a.835", base64: Buffer.from(ERA_A).toString("base64") }) },
  "remittance.files": { expect: "no_foreign_data", call: (c) => c.remittance.files() },
  "remittance.month": { expect: "no_foreign_data", call: (c) => c.remittance.month({ serviceMonth: "2026-10" }) },
  "remittance.denials": { expect: "no_foreign_data", call: (c) => c.remittance.denials() },
  "remittance.unmatched": { expect: "no_foreign_data", call: (c) => c.remittance.unmatched() },
  "remittance.acknowledgments": { expect: "no_foreign_data", call: (c) => c.remittance.acknowledgments({ serviceMonth: "2026-10" }) },
  // Eligibility: B's patient cannot be asked about, B's 270 cannot be downloaded, A's 271 upload and overview name nothing of B's.
  "eligibility.generate": { expect: "not_found", call: (c) => c.eligibility.generate({ patientIds: [patientB] }) },
  "eligibility.download": { expect: "not_found", call: (c) => c.eligibility.download({ inquiryId: inquiryB }) },
  "eligibility.upload": { expect: "no_foreign_data", call: (c) => c.eligibility.upload({ fileName: "a.271", base64: Buffer.from(ELIGIBILITY_A).toString("base64") }) },
  "eligibility.toReview": { expect: "no_foreign_data", call: (c) => c.eligibility.toReview({ serviceMonth: "2026-12" }) },
  "eligibility.overview": { expect: "no_foreign_data", call: (c) => c.eligibility.overview({ serviceMonth: "2026-12" }) },
  "reports.get": { expect: "no_foreign_data", call: (c) => c.reports.get({ from: "2026-09", to: "2026-11" }) },
  "reports.csv": { expect: "no_foreign_data", call: (c) => c.reports.csv({ from: "2026-09", to: "2026-11", section: "productivity" }) },
  "reports.pdf": { expect: "no_foreign_data", call: async (c) => ({ text: extractPdfText(Buffer.from((await c.reports.pdf({ from: "2026-09", to: "2026-11" })).base64, "base64")) }) },
};

const TRPC_CODE: Record<Exclude<Expectation, "no_foreign_data">, string> = { not_found: "NOT_FOUND", forbidden: "FORBIDDEN" };

function assertNoForeignData(value: unknown, path: string) {
  if (path.startsWith("audit.")) return assertOwnAuditOnly(value, path);
  const text = JSON.stringify(value) ?? "";
  for (const marker of foreignMarkers) expect(text.includes(marker), `${path} leaked ${marker}`).toBe(false);
}

/**
 * Tenant A's log legitimately records ids that A's own users typed (a denied attempt on B's user
 * id, say). What must never appear is an event from B's chain or B's people and name.
 */
function assertOwnAuditOnly(value: unknown, path: string) {
  const text = typeof value === "string" ? value : JSON.stringify(value) ?? "";
  for (const marker of [tenantB.name, adminB.email, staffB.email, "bravo.invitee@example.org"]) {
    expect(text.includes(marker), `${path} leaked ${marker}`).toBe(false);
  }
  // A's own chain, plus sign-in events from the platform chain of A's own member only.
  if (Array.isArray(value)) {
    for (const event of value as { chain: string; actorUserId: string | null }[]) {
      if (event.chain !== "platform") expect(event.chain).toBe(tenantA.id);
      else expect(event.actorUserId).toBe(adminA.id);
    }
  }
  if (value && typeof value === "object" && "csv" in value) {
    const rows = (value as { csv: string }).csv.trim().split("\n").slice(1);
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      if (row.startsWith("platform,")) expect(row).toContain(`,${adminA.id},`);
      else expect(row.startsWith(tenantA.id)).toBe(true);
    }
  }
}

describe("every procedure refuses another tenant's data", () => {
  it("has a fixture for every procedure in the router", () => {
    expect(Object.keys(FIXTURES).sort()).toEqual(Object.keys(appRouter._def.procedures).sort());
  });

  it.each(Object.entries(FIXTURES))("%s", async (path, fixture) => {
    const browser = new TestBrowser(db(), config, "portal");
    await signIn(browser, adminA);
    let outcome: { ok: true; value: unknown } | { ok: false; error: { code: string; message: string } };
    try {
      outcome = { ok: true, value: await browser.call(fixture.call) };
    } catch (error) {
      outcome = { ok: false, error: error as { code: string; message: string } };
    }
    if (fixture.expect === "no_foreign_data") {
      assertNoForeignData(outcome.ok ? outcome.value : outcome.error.message, path);
    } else {
      expect(outcome.ok, `${path} should have failed`).toBe(false);
      if (!outcome.ok) {
        expect(outcome.error.code).toBe(TRPC_CODE[fixture.expect]);
        assertNoForeignData(outcome.error.message, path);
      }
    }
    // Nothing of tenant B changed.
    const bravo = await db().$transaction(async (tx) => {
      await tx.$executeRaw`SELECT set_config('carefold.tenant_ids', ${tenantB.id}, true)`;
      return tx.membership.findMany({ where: { tenantId: tenantB.id }, orderBy: { userId: "asc" } });
    });
    expect(bravo.map((m) => m.status).sort()).toEqual(["active", "active", "pending"]);
    const sessionStillLive = await db().userSession.findUniqueOrThrow({ where: { id: sessionB } });
    expect(sessionStillLive.revokedAt).toBeNull();
  });
});

describe("coordinator scope", () => {
  it("sees only assigned clinics, and an unassignment takes effect on the next request", async () => {
    const admin = await createUser(db(), config, { kind: "vendor", vendorRoles: ["vendor_admin"], withTotp: true });
    const coordinator = await createUser(db(), config, { kind: "vendor", vendorRoles: ["coordinator"], withTotp: true });
    const adminBrowser = new TestBrowser(db(), config, "workspace");
    await signIn(adminBrowser, admin);
    await adminBrowser.call((c) => c.admin.assignCoordinator({ userId: coordinator.id, tenantId: tenantA.id }));
    await adminBrowser.call((c) => c.admin.assignCoordinator({ userId: coordinator.id, tenantId: tenantB.id }));

    const browser = new TestBrowser(db(), config, "workspace");
    await signIn(browser, coordinator);
    expect((await browser.call((c) => c.workspace.clinics())).map((t) => t.name).sort()).toEqual(["Alpha Clinic", "Bravo Clinic"]);
    await expect(browser.call((c) => c.admin.clinics())).rejects.toMatchObject({ code: "FORBIDDEN" });

    await adminBrowser.call((c) => c.admin.unassignCoordinator({ userId: coordinator.id, tenantId: tenantB.id }));
    expect((await browser.call((c) => c.workspace.clinics())).map((t) => t.name)).toEqual(["Alpha Clinic"]);
  });
});

describe("audit log", () => {
  it("writes exactly one row per mutation, with actor, tenant, object, outcome, request id, IP and user agent", async () => {
    const browser = new TestBrowser(db(), config, "portal", "203.0.113.50");
    await signIn(browser, adminA);
    const count = async () => (await db().$transaction(async (tx) => {
      await tx.$executeRaw`SELECT set_config('carefold.tenant_ids', ${tenantA.id}, true)`;
      return tx.auditEvent.count();
    })) + (await db().platformAuditEvent.count());

    const before = await count();
    const invited = await browser.call((c) => c.users.invite({ email: "audited@example.org", name: "Audited Person", role: "practitioner" }));
    expect(await count()).toBe(before + 1);
    const row = await db().$transaction(async (tx) => {
      await tx.$executeRaw`SELECT set_config('carefold.tenant_ids', ${tenantA.id}, true)`;
      return tx.auditEvent.findFirstOrThrow({ where: { action: "users.invite" }, orderBy: { seq: "desc" } });
    });
    expect(row).toMatchObject({
      tenantId: tenantA.id,
      actorUserId: adminA.id,
      actorLabel: adminA.email,
      action: "users.invite",
      objectType: "membership",
      objectId: invited.userId,
      outcome: "success",
      ip: "203.0.113.50",
      userAgent: "vitest",
      requestId: expect.stringMatching(/^[0-9a-f-]{36}$/),
    });

    // A failing mutation rolls back its change but still leaves exactly one (failure) row.
    const beforeFailure = await count();
    await expect(browser.call((c) => c.users.deactivate({ userId: adminA.id }))).rejects.toMatchObject({ code: "PRECONDITION_FAILED" });
    expect(await count()).toBe(beforeFailure + 1);

    // A cross-tenant attempt is recorded as denied.
    await expect(browser.call((c) => c.users.deactivate({ userId: staffB.id }))).rejects.toMatchObject({ code: "NOT_FOUND" });
    const denied = await db().$transaction(async (tx) => {
      await tx.$executeRaw`SELECT set_config('carefold.tenant_ids', ${tenantA.id}, true)`;
      return tx.auditEvent.findFirstOrThrow({ where: { action: "users.deactivate" }, orderBy: { seq: "desc" } });
    });
    expect(denied).toMatchObject({ outcome: "denied", objectId: staffB.id, details: { error: "not_found" } });
  });

  it("refuses UPDATE and DELETE of audit rows to the runtime role", async () => {
    const client = new pg.Client({ connectionString: getTestDatabase().appUrl });
    await client.connect();
    try {
      await expect(client.query("UPDATE platform_audit_event SET action = 'x'")).rejects.toThrow(/permission denied/);
      await expect(client.query("DELETE FROM platform_audit_event")).rejects.toThrow(/permission denied/);
      await expect(client.query("UPDATE audit_event SET action = 'x'")).rejects.toThrow(/permission denied/);
      await expect(client.query("TRUNCATE audit_event")).rejects.toThrow(/permission denied/);
    } finally {
      await client.end();
    }
  });

  it("the chain verifier finds the one row an attacker with owner rights altered", async () => {
    const admin = await createUser(db(), config, { kind: "vendor", vendorRoles: ["vendor_admin"], withTotp: true });
    const browser = new TestBrowser(db(), config, "workspace");
    await signIn(browser, admin);
    const intact = await browser.call((c) => c.audit.verifyChains());
    expect(intact.every((r) => r.firstBrokenSeq === null)).toBe(true);
    expect(intact.map((r) => r.chain)).toEqual(expect.arrayContaining([tenantA.id, tenantB.id, "platform"]));

    const owner = new pg.Client({ connectionString: getTestDatabase().ownerUrl });
    await owner.connect();
    try {
      await owner.query("ALTER TABLE audit_event DISABLE TRIGGER audit_event_chain");
      await owner.query("SET app.x = 'y'");
      await owner.query(`SELECT set_config('carefold.tenant_ids', $1, false)`, [tenantB.id]);
      const updated = await owner.query(`UPDATE audit_event SET actor_label = 'someone-else@example.org' WHERE tenant_id = $1 AND seq = 1`, [tenantB.id]);
      expect(updated.rowCount).toBe(1);
    } finally {
      await owner.end();
    }
    const broken = await browser.call((c) => c.audit.verifyChains());
    expect(broken.find((r) => r.chain === tenantB.id)?.firstBrokenSeq).toBe("1");
    expect(broken.find((r) => r.chain === tenantA.id)?.firstBrokenSeq).toBeNull();
  });
});
