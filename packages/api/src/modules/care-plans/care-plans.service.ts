import { checkCarePlan } from "@carefold/ccm-rules";
import type { Prisma, ScopedTx } from "@carefold/db";
import type { ObjectStorage } from "@carefold/integrations";
import { conflict, forbidden, invalidState, notFound } from "../../errors.js";
import { fromDate, toDate } from "../patients/patient-record.js";
import { renderCarePlanPdf } from "./care-plan-pdf.js";
import { CarePlanBodySchema, type CarePlanBody } from "./care-plan.schemas.js";

/** The care plan of a patient with its current version and the completeness checklist. */
export async function getCarePlan(tx: ScopedTx, patientId: string, today: string) {
  const plan = await tx.carePlan.findFirst({
    where: { patientId },
    include: { versions: { orderBy: { version: "desc" }, take: 10, include: { signer: { select: { name: true } } } } },
  });
  if (!plan) return null;
  const current = plan.versions.find((v) => v.version === plan.currentVersion);
  const body = current ? CarePlanBodySchema.parse(current.body) : null;
  return {
    id: plan.id,
    tenantId: plan.tenantId,
    status: plan.status,
    currentVersion: plan.currentVersion,
    body,
    signedBy: current?.signer?.name ?? null,
    signedAt: current?.signedAt?.toISOString() ?? null,
    sharedWithPatientOn: fromDate(current?.sharedWithPatientOn),
    sharedMethod: current?.sharedMethod ?? null,
    pdfDocumentId: current?.pdfDocumentId ?? null,
    checklist: body ? checkCarePlan(toRecord(body, fromDate(current?.sharedWithPatientOn)), today) : [],
    history: plan.versions.map((v) => ({ version: v.version, createdAt: v.createdAt.toISOString(), createdBy: v.createdBy, signedAt: v.signedAt?.toISOString() ?? null, signedBy: v.signer?.name ?? null })),
  };
}

/** The care plan as @carefold/ccm-rules checks it (also read by the month close). */
export function toRecord(body: CarePlanBody, sharedWithPatientOn: string | null) {
  return {
    problems: body.problems.map((p) => p.icd10Code ?? p.description),
    goals: body.goals.map((g) => ({ description: g.description, measure: g.measure, targetDate: g.targetDate ?? null })),
    interventions: body.interventions,
    medicationManagement: body.medicationManagement || null,
    symptomManagement: body.symptomManagement || null,
    coordination: body.coordination,
    reviewDueOn: body.reviewDueOn,
    sharedWithPatientOn,
  };
}

/**
 * Saves a new immutable version. Optimistic concurrency: the save names the version it was based
 * on, and the pointer moves only if nobody else moved it first; a stale save changes nothing and
 * says so (the editor keeps the user's text so nothing is lost). `now` dates the version (the
 * close uses the version created by month end); tests with a fixed clock pass it.
 */
export async function saveCarePlanVersion(tx: ScopedTx, tenantId: string, input: { patientId: string; expectedVersion: number; body: CarePlanBody }, actorUserId: string, now = new Date()) {
  let plan = await tx.carePlan.findFirst({ where: { tenantId, patientId: input.patientId } });
  if (!plan) {
    if (!(await tx.patient.findFirst({ where: { tenantId, id: input.patientId } }))) throw notFound("That patient");
    if (input.expectedVersion !== 0) throw staleSave(0);
    plan = await tx.carePlan.upsert({
      where: { tenantId_patientId: { tenantId, patientId: input.patientId } },
      create: { tenantId, patientId: input.patientId },
      update: {},
    });
  }
  const nextVersion = input.expectedVersion + 1;
  const moved = await tx.carePlan.updateMany({
    where: { tenantId, id: plan.id, currentVersion: input.expectedVersion },
    data: { currentVersion: nextVersion, status: "awaiting_signoff", updatedAt: now },
  });
  if (moved.count === 0) {
    const latest = await tx.carePlan.findFirstOrThrow({ where: { tenantId, id: plan.id } });
    throw staleSave(latest.currentVersion);
  }
  await tx.carePlanVersion.create({
    data: { tenantId, carePlanId: plan.id, version: nextVersion, body: input.body as unknown as Prisma.InputJsonObject, createdBy: actorUserId, createdAt: now },
  });
  return { carePlanId: plan.id, version: nextVersion };
}

const staleSave = (latest: number) =>
  conflict(`Someone saved version ${latest} of this care plan after you opened it. Your edits were not saved: copy them, reload to see version ${latest}, and apply them again.`);

/**
 * The billing practitioner signs the current version. The signer must be a practitioner of this
 * clinic linked to the signed-in account.
 */
export async function signCarePlan(tx: ScopedTx, tenantId: string, input: { patientId: string; version: number }, userId: string) {
  const practitioner = await tx.practitioner.findFirst({ where: { tenantId, userId, isActive: true } });
  if (!practitioner) throw forbidden("Only a billing practitioner of this clinic can sign care plans.");
  const plan = await tx.carePlan.findFirst({ where: { tenantId, patientId: input.patientId } });
  if (!plan) throw notFound("That care plan");
  if (plan.currentVersion !== input.version) throw conflict(`Version ${input.version} is no longer current (the plan is at version ${plan.currentVersion}). Review the latest version before signing.`);
  const version = await tx.carePlanVersion.findFirstOrThrow({ where: { tenantId, carePlanId: plan.id, version: input.version } });
  if (version.signedAt) throw invalidState("This version is already signed.");
  await tx.carePlanVersion.update({
    where: { tenantId_id: { tenantId, id: version.id } },
    data: { signedByPractitionerId: practitioner.id, signedByUserId: userId, signedAt: new Date() },
  });
  await tx.carePlan.update({ where: { tenantId_id: { tenantId, id: plan.id } }, data: { status: "signed", updatedAt: new Date() } });
  return { carePlanId: plan.id, version: input.version, signedBy: practitioner.name };
}

/** Renders the patient copy, stores it under the tenant's prefix, and links it to the version. */
export async function generateCarePlanPdf(tx: ScopedTx, storage: ObjectStorage, tenantId: string, input: { patientId: string; version: number }, actorUserId: string) {
  const plan = await tx.carePlan.findFirst({ where: { tenantId, patientId: input.patientId }, include: { patient: { include: { tenant: true } } } });
  if (!plan) throw notFound("That care plan");
  const version = await tx.carePlanVersion.findFirst({ where: { tenantId, carePlanId: plan.id, version: input.version }, include: { signer: true } });
  if (!version) throw notFound("That care-plan version");
  // A version's body never changes and its signature only once, so a PDF rendered after the last
  // change is still right: reuse it (a double click or a retry must not store a second copy).
  // The row lock makes two concurrent requests wait for each other.
  await tx.$queryRaw`SELECT 1 FROM care_plan_version WHERE tenant_id = ${tenantId}::uuid AND id = ${version.id}::uuid FOR UPDATE`;
  const current = await tx.carePlanVersion.findUniqueOrThrow({ where: { tenantId_id: { tenantId, id: version.id } }, include: { pdf: true } });
  const existing = current.pdf;
  if (existing && (!current.signedAt || existing.createdAt >= current.signedAt)) {
    return { documentId: existing.id, sha256: existing.sha256, sizeBytes: Number(existing.sizeBytes) };
  }
  const patient = plan.patient;
  const pdf = await renderCarePlanPdf({
    clinicName: patient.tenant.name,
    patientName: `${patient.firstName} ${patient.lastName}`,
    dateOfBirth: fromDate(patient.dateOfBirth)!,
    version: version.version,
    signedBy: version.signer?.name ?? null,
    signedOn: version.signedAt?.toISOString().slice(0, 10) ?? null,
    body: CarePlanBodySchema.parse(version.body),
  });
  const stored = await storage.putObject({ tenantId, kind: "care-plan", fileName: `care-plan-v${version.version}.pdf`, contentType: "application/pdf", body: pdf });
  const document = await tx.document.create({
    data: { tenantId, kind: "care_plan_pdf", storageKey: stored.key, fileName: `care-plan-v${version.version}.pdf`, contentType: "application/pdf", sizeBytes: BigInt(stored.sizeBytes), sha256: stored.sha256, patientId: patient.id, uploadedBy: actorUserId },
  });
  await tx.carePlanVersion.update({ where: { tenantId_id: { tenantId, id: version.id } }, data: { pdfDocumentId: document.id } });
  return { documentId: document.id, sha256: stored.sha256, sizeBytes: stored.sizeBytes };
}

/** Records that the patient received their copy (date and method), as CMS expects. */
export async function recordCarePlanShared(tx: ScopedTx, tenantId: string, input: { patientId: string; version: number; sharedOn: string; method: string }) {
  const plan = await tx.carePlan.findFirst({ where: { tenantId, patientId: input.patientId } });
  if (!plan) throw notFound("That care plan");
  const updated = await tx.carePlanVersion.updateMany({
    where: { tenantId, carePlanId: plan.id, version: input.version },
    data: { sharedWithPatientOn: toDate(input.sharedOn), sharedMethod: input.method },
  });
  if (updated.count === 0) throw notFound("That care-plan version");
  return { ok: true as const };
}

/** Short-lived download link for a stored document of this tenant. */
export async function presignDocument(tx: ScopedTx, storage: ObjectStorage, documentId: string) {
  const document = await tx.document.findFirst({ where: { id: documentId } });
  if (!document) throw notFound("That document");
  storage.assertKeyBelongsToTenant(document.storageKey, document.tenantId);
  const url = await storage.presignDownload(document.storageKey, { expiresInSeconds: 300, fileName: document.fileName });
  return { url, fileName: document.fileName, expiresInSeconds: 300, patientId: document.patientId, tenantId: document.tenantId };
}
