import { createHash, randomUUID } from "node:crypto";
import type { ScopedTx } from "@carefold/db";
import type { ObjectStorage } from "@carefold/integrations";
import { invalidInput, invalidState, notFound } from "../../errors.js";
import { loadBillingProvider } from "../billing/claims.js";
import { takeControlNumber } from "../billing/exports.service.js";
import { coverageOverlapping, dayAfter, endCoverage, recordCoverage, type CoverageChangeSource, type CoverageWrite } from "./coverage-adapter.js";
import { build270, MBI, validate270, type InquirySubscriber } from "./x12-270.js";
import { advantageOn, parse271, partBOn, standingOn, type Standing, type SubscriberAnswer } from "./x12-271.js";

/** 271s of a clinic are a few hundred KB; the remittance upload's cap (5 MB) fits. */
export const ELIGIBILITY_FILE_MAX_BYTES = 5 * 1024 * 1024;

export type FlagKind = "moved_to_medicare_advantage" | "plan_not_in_directory" | "lost_part_b" | "moved_to_traditional" | "not_found" | "not_matched";

interface PatientForInquiry {
  id: string;
  first_name: string;
  last_name: string;
  dob: string;
  mbi: string | null;
  coverage_payer_id: string | null;
  coverage_plan_type: string | null;
  coverage_member_id: string | null;
}

interface DirectoryPayer {
  id: string;
  name: string;
  planType: string;
  ediPayerId: string;
  receiverId: string | null;
  submitterId: string | null;
  active: boolean;
}

const loadDirectory = async (tx: ScopedTx, tenantId: string): Promise<DirectoryPayer[]> =>
  tx.payer.findMany({ where: { tenantId }, select: { id: true, name: true, planType: true, ediPayerId: true, receiverId: true, submitterId: true, active: true }, orderBy: { createdAt: "asc" } });

const traditionalMedicare = (directory: DirectoryPayer[]) => directory.find((p) => p.active && p.planType === "medicare") ?? null;
const normalisedMbi = (value: string | null) => (value ?? "").replace(/[^0-9A-Za-z]/g, "").toUpperCase();
const todayUtc = (now: Date) => now.toISOString().slice(0, 10);

export interface GenerateResult {
  inquiries: { inquiryId: string; payerName: string; fileName: string; controlNumber: number; subscribers: number }[];
  skipped: { patientId: string; name: string; reason: string }[];
}

/**
 * Builds the 270 inquiries for the clinic's enrolled patients (or the chosen ones): who is asked is
 * decided per patient (decision 0053) — a patient with an MBI is asked of traditional Medicare
 * (HETS answers whether they are enrolled in Medicare Advantage, and in which plan), a patient
 * without one is asked of the payer of their primary coverage with its member id. One interchange
 * per payer, with the payer's receiver and submitter ids where the directory sets them, else the
 * billing profile's. Each file is validated before it is stored; each subscriber gets a trace
 * number the 271 echoes.
 */
export async function generateInquiries(
  tx: ScopedTx, storage: ObjectStorage, tenantId: string, input: { patientIds?: string[] | undefined; asOf: string }, userId: string, now = new Date(),
): Promise<GenerateResult> {
  const ids = input.patientIds ?? null;
  const patients = await tx.$queryRaw<PatientForInquiry[]>`
    SELECT p.id::text, p.first_name, p.last_name, to_char(p.date_of_birth, 'YYYY-MM-DD') AS dob, p.mbi,
           c.payer_id::text AS coverage_payer_id, c.plan_type AS coverage_plan_type, c.member_id AS coverage_member_id
      FROM patient p
      LEFT JOIN patient_coverage c ON c.tenant_id = p.tenant_id AND c.patient_id = p.id AND c.rank = 'primary' AND c.superseded_at IS NULL
                                  AND c.effective_from <= ${input.asOf}::date AND (c.effective_to IS NULL OR c.effective_to >= ${input.asOf}::date)
     WHERE p.tenant_id = ${tenantId}::uuid
       AND (${ids}::uuid[] IS NULL AND EXISTS (SELECT 1 FROM program_enrollment e WHERE e.tenant_id = p.tenant_id AND e.patient_id = p.id AND e.status = 'enrolled')
            OR p.id = ANY (${ids ?? []}::uuid[]))
     ORDER BY p.last_name, p.first_name, p.id`;
  // Another clinic's patient (or none) is not found before anything else is looked at.
  if (ids && new Set(patients.map((p) => p.id)).size !== new Set(ids).size) throw notFound("One of those patients");
  const provider = await loadBillingProvider(tx, tenantId);
  const directory = await loadDirectory(tx, tenantId);

  const medicare = traditionalMedicare(directory);
  const groups = new Map<string, { payer: DirectoryPayer; subscribers: (InquirySubscriber & { patientId: string })[] }>();
  const skipped: GenerateResult["skipped"] = [];
  for (const p of patients) {
    const name = `${p.last_name}, ${p.first_name}`;
    const mbi = normalisedMbi(p.mbi);
    let payer: DirectoryPayer | null = null;
    let memberId = "";
    if (MBI.test(mbi)) {
      payer = medicare;
      memberId = mbi;
      if (!payer) {
        skipped.push({ patientId: p.id, name, reason: "No traditional Medicare payer in the payer directory to ask." });
        continue;
      }
    } else if (p.coverage_payer_id && p.coverage_member_id) {
      payer = directory.find((d) => d.id === p.coverage_payer_id) ?? null;
      memberId = p.coverage_member_id;
    }
    if (!payer) {
      skipped.push({ patientId: p.id, name, reason: "No MBI and no coverage in force to ask about." });
      continue;
    }
    const group = groups.get(payer.id) ?? { payer, subscribers: [] };
    group.subscribers.push({ patientId: p.id, traceNumber: randomUUID().replaceAll("-", "").toUpperCase(), lastName: p.last_name, firstName: p.first_name, memberId, dateOfBirth: p.dob });
    groups.set(payer.id, group);
  }

  const inquiries: GenerateResult["inquiries"] = [];
  for (const { payer, subscribers } of groups.values()) {
    const receiver = { name: provider.billingName, npi: provider.billingNpi, taxId: provider.taxId, submitterId: payer.submitterId ?? provider.submitterId, receiverId: payer.receiverId ?? provider.receiverId };
    const controlNumber = await takeControlNumber(tx, receiver.submitterId);
    const envelope = { controlNumber, createdAt: now, usage: provider.usage, serviceMonth: input.asOf.slice(0, 7) };
    const source = { name: payer.name, ediPayerId: payer.ediPayerId, medicare: payer.planType === "medicare" };
    const text = build270(source, receiver, subscribers, envelope, input.asOf);
    const findings = validate270(text, { medicare: source.medicare });
    if (findings.length > 0) throw invalidState(`The 270 for ${payer.name} failed validation and was not stored: ${findings.join("; ")}.`);
    const fileName = `eligibility-270-${input.asOf}-${controlNumber}.txt`;
    const stored = await storage.putObject({ tenantId, kind: "claim-export", fileName, contentType: "text/plain", body: Buffer.from(text, "utf8") });
    const document = await tx.document.create({
      data: { tenantId, kind: "export", storageKey: stored.key, fileName, contentType: "text/plain", sizeBytes: BigInt(stored.sizeBytes), sha256: stored.sha256, uploadedBy: userId },
    });
    const inquiry = await tx.eligibilityInquiry.create({
      data: {
        tenantId, payerId: payer.id, documentId: document.id, submitterId: receiver.submitterId, receiverId: receiver.receiverId, controlNumber, usageIndicator: provider.usage,
        asOf: new Date(`${input.asOf}T00:00:00Z`), subscriberCount: subscribers.length, createdBy: userId,
      },
    });
    await tx.eligibilityInquirySubscriber.createMany({ data: subscribers.map((s) => ({ tenantId, traceNumber: s.traceNumber, inquiryId: inquiry.id, patientId: s.patientId, memberId: s.memberId })) });
    inquiries.push({ inquiryId: inquiry.id, payerName: payer.name, fileName, controlNumber, subscribers: subscribers.length });
  }
  if (inquiries.length === 0) throw invalidState("No patient could be asked about: each needs an MBI (asked of traditional Medicare) or a coverage in force with a member id.");
  return { inquiries, skipped };
}

/** The clinic's 270 files, newest first. */
export async function listInquiries(tx: ScopedTx, tenantId: string) {
  const rows = await tx.eligibilityInquiry.findMany({ where: { tenantId }, orderBy: { createdAt: "desc" }, take: 20 });
  const payers = new Map((await loadDirectory(tx, tenantId)).map((p) => [p.id, p.name]));
  const documents = new Map((await tx.document.findMany({ where: { tenantId, id: { in: rows.map((r) => r.documentId) } }, select: { id: true, fileName: true } })).map((d) => [d.id, d.fileName]));
  return rows.map((r) => ({
    inquiryId: r.id, payerName: payers.get(r.payerId) ?? "", fileName: documents.get(r.documentId) ?? "", controlNumber: r.controlNumber, subscribers: r.subscriberCount,
    asOf: r.asOf.toISOString().slice(0, 10), createdAt: r.createdAt.toISOString(),
  }));
}

/** A short-lived download link for one 270 (the key is checked against the tenant first). */
export async function presignInquiry(tx: ScopedTx, storage: ObjectStorage, tenantId: string, inquiryId: string) {
  const row = await tx.eligibilityInquiry.findFirst({ where: { tenantId, id: inquiryId } });
  if (!row) throw notFound("That eligibility inquiry");
  const document = await tx.document.findFirstOrThrow({ where: { tenantId, id: row.documentId } });
  storage.assertKeyBelongsToTenant(document.storageKey, tenantId);
  const url = await storage.presignDownload(document.storageKey, { expiresInSeconds: 300, fileName: document.fileName });
  return { url, fileName: document.fileName, expiresInSeconds: 300 };
}

interface Match {
  patientId: string;
  matchedBy: "trace" | "member_dob";
  mbi: string | null;
}

/** The patient a 271 subscriber answers: by our trace number, else by member id and birth date (one patient only, never guessed). */
async function matchPatient(tx: ScopedTx, tenantId: string, answer: SubscriberAnswer): Promise<Match | null> {
  for (const trace of answer.traceNumbers) {
    if (!/^[0-9A-Z]{1,50}$/.test(trace)) continue;
    const hit = await tx.eligibilityInquirySubscriber.findUnique({ where: { tenantId_traceNumber: { tenantId, traceNumber: trace } }, select: { patientId: true } });
    if (hit) {
      const patient = await tx.patient.findFirstOrThrow({ where: { tenantId, id: hit.patientId }, select: { mbi: true } });
      return { patientId: hit.patientId, matchedBy: "trace", mbi: patient.mbi };
    }
  }
  const memberId = normalisedMbi(answer.memberId);
  if (!memberId || !answer.dateOfBirth) return null;
  const rows = await tx.$queryRaw<{ id: string; mbi: string | null }[]>`
    SELECT DISTINCT p.id::text, p.mbi FROM patient p
     WHERE p.tenant_id = ${tenantId}::uuid AND p.date_of_birth = ${answer.dateOfBirth}::date
       AND (upper(regexp_replace(coalesce(p.mbi, ''), '[^0-9A-Za-z]', '', 'g')) = ${memberId}
            OR EXISTS (SELECT 1 FROM patient_coverage c WHERE c.tenant_id = p.tenant_id AND c.patient_id = p.id AND upper(c.member_id) = ${memberId}))`;
  return rows.length === 1 ? { patientId: rows[0]!.id, matchedBy: "member_dob", mbi: rows[0]!.mbi } : null;
}

interface Outcome {
  patientId: string | null;
  matchedBy: "trace" | "member_dob" | null;
  status: Standing;
  change: { reason: string; recorded: string[]; superseded: string[] } | null;
  flag: { kind: FlagKind; text: string; date: string | null } | null;
}

const merge = (a: CoverageWrite, b: CoverageWrite): CoverageWrite => ({ recorded: [...a.recorded, ...b.recorded], superseded: [...a.superseded, ...b.superseded] });

/**
 * What one subscriber's answer changes (decision 0054). Judged on the day the payer answered:
 * - rejected (AAA) → flag "not found — check the MBI", nothing changed;
 * - a Medicare Advantage plan in force (or starting) → the primary coverage becomes that plan from
 *   its start, when the plan is in the directory (contract number = payer id, else the same name);
 *   a plan not in the directory → flag asking the admin to add it, coverage unchanged;
 * - a plan that ended, Part B active → traditional Medicare again from the day after;
 * - Part B ended (or inactive) → the traditional Medicare primary coverage ends on that day.
 * Coverage is written only through the coverage service's recordCoverage (coverage-adapter.ts).
 * Whatever the coverage already says is not written again, so a second read changes nothing.
 */
async function applyAnswer(tx: ScopedTx, tenantId: string, directory: DirectoryPayer[], answer: SubscriberAnswer, day: string, src: Omit<CoverageChangeSource, "reason">): Promise<Outcome> {
  const status = standingOn(answer, day);
  const match = await matchPatient(tx, tenantId, answer);
  if (!match) return { patientId: null, matchedBy: null, status, change: null, flag: { kind: "not_matched", text: "The answer matched none of your patients (by trace number, or by member id and birth date).", date: null } };
  const base = { patientId: match.patientId, matchedBy: match.matchedBy, status };
  if (status === "rejected") {
    const why = answer.rejections.map((r) => r.reason).join("; ");
    return { ...base, change: null, flag: { kind: "not_found", text: `Not found by the payer (${why}) — check the MBI, name and date of birth.`, date: null } };
  }
  const memberId = normalisedMbi(match.mbi) || normalisedMbi(answer.memberId);
  const plan = advantageOn(answer, day);
  if (plan && plan.from) {
    const listed = directory.find((p) => p.active && p.planType === "medicare_advantage" && plan.planId !== null && p.ediPayerId === plan.planId.toUpperCase())
      ?? directory.find((p) => p.active && p.planType === "medicare_advantage" && p.name.trim().toLowerCase() === plan.name.trim().toLowerCase());
    const label = `${plan.name}${plan.planId ? ` (${plan.planId})` : ""}`;
    if (!listed) {
      return { ...base, change: null, flag: { kind: "plan_not_in_directory", text: `Medicare Advantage plan ${label} from ${plan.from} is not in your payer directory: add it and check eligibility again. Coverage unchanged.`, date: plan.from } };
    }
    const inForce = await coverageOverlapping(tx, tenantId, match.patientId, "primary", plan.from, plan.to);
    const already = inForce.length === 1 && inForce[0]!.payerId === listed.id && inForce[0]!.effectiveFrom <= plan.from && (plan.to === null ? inForce[0]!.effectiveTo === null : inForce[0]!.effectiveTo !== null && inForce[0]!.effectiveTo >= plan.to);
    if (already) return { ...base, change: null, flag: null };
    const reason = `271: enrolled in Medicare Advantage plan ${label} from ${plan.from}`;
    const write = await recordCoverage(tx, tenantId, match.patientId, { payerId: listed.id, rank: "primary", planType: "medicare_advantage", memberId, groupNumber: null, effectiveFrom: plan.from, effectiveTo: plan.to }, { ...src, reason });
    return { ...base, change: { reason, ...write }, flag: { kind: "moved_to_medicare_advantage", text: `Moved to Medicare Advantage: ${listed.name} from ${plan.from}.`, date: plan.from } };
  }

  const partB = partBOn(answer, day);
  const partBEnded = partB !== null && (!partB.active || (partB.to !== null && partB.to < day)) ? partB.to : undefined;
  if (partBEnded !== undefined) {
    if (partBEnded === null) return { ...base, change: null, flag: { kind: "lost_part_b", text: "No Part B: the payer gives no end date. Check with the patient before billing.", date: null } };
    const after = await coverageOverlapping(tx, tenantId, match.patientId, "primary", dayAfter(partBEnded), null);
    let write: CoverageWrite = { recorded: [], superseded: [] };
    const reason = `271: Part B ended on ${partBEnded}`;
    for (const row of after.filter((r) => r.planType === "medicare")) write = merge(write, await endCoverage(tx, tenantId, match.patientId, row, partBEnded, { ...src, reason }));
    return { ...base, change: write.superseded.length ? { reason, ...write } : null, flag: { kind: "lost_part_b", text: `Lost Part B on ${partBEnded}: Medicare does not pay CCM after that day.`, date: partBEnded } };
  }

  const ended = answer.advantage.filter((p) => p.to !== null && p.to < day).sort((a, b) => a.to!.localeCompare(b.to!)).at(-1);
  if (ended && partB?.active) {
    const from = dayAfter(ended.to!);
    const advantageAfter = (await coverageOverlapping(tx, tenantId, match.patientId, "primary", from, null)).filter((r) => r.planType === "medicare_advantage");
    if (advantageAfter.length === 0) return { ...base, change: null, flag: null };
    const medicare = traditionalMedicare(directory);
    if (!medicare || !MBI.test(memberId)) {
      return { ...base, change: null, flag: { kind: "moved_to_traditional", text: `Back to traditional Medicare from ${from} (left ${ended.name}), but ${medicare ? "the patient has no valid MBI" : "your payer directory has no traditional Medicare payer"}. Coverage unchanged.`, date: from } };
    }
    const reason = `271: Medicare Advantage plan ${ended.name} ended on ${ended.to}`;
    const write = await recordCoverage(tx, tenantId, match.patientId, { payerId: medicare.id, rank: "primary", planType: "medicare", memberId, groupNumber: null, effectiveFrom: from, effectiveTo: null }, { ...src, reason });
    return { ...base, change: { reason, ...write }, flag: { kind: "moved_to_traditional", text: `Back to traditional Medicare from ${from} (left ${ended.name}).`, date: from } };
  }
  return { ...base, change: null, flag: null };
}

export interface Upload271Result {
  fileId: string;
  /** The same file (same SHA-256) was read before: nothing changed. */
  duplicate: boolean;
  subscribers: number;
  matched: number;
  changed: number;
  flagged: number;
}

const sha256Of = (bytes: Buffer) => createHash("sha256").update(bytes).digest("hex");

function decodeText(bytes: Buffer): string {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw invalidInput("The file is not text. Upload the 271 exactly as your clearinghouse gave it (not a PDF or a zip).");
  }
}

async function summaryOf(tx: ScopedTx, tenantId: string, fileId: string): Promise<Omit<Upload271Result, "duplicate">> {
  const file = await tx.eligibilityFile.findFirstOrThrow({ where: { tenantId, id: fileId } });
  const rows = await tx.eligibilityResult.findMany({ where: { tenantId, fileId }, select: { patientId: true, change: true, flagKind: true } });
  return { fileId, subscribers: file.subscriberCount, matched: rows.filter((r) => r.patientId).length, changed: rows.filter((r) => r.change !== null).length, flagged: rows.filter((r) => r.flagKind).length };
}

/**
 * Reads a 271 a clinic admin uploaded, in one transaction: parsed first (a bad file is refused
 * whole, never stored, and changes nothing), kept in object storage, one result per subscriber with
 * the coverage it changed and the flag it raised. The same file again (by SHA-256) is "already
 * read" and changes nothing.
 */
export async function upload271(tx: ScopedTx, storage: ObjectStorage, tenantId: string, input: { fileName: string; bytes: Buffer }, userId: string, now = new Date()): Promise<Upload271Result> {
  if (input.bytes.length > ELIGIBILITY_FILE_MAX_BYTES) throw invalidInput("The file is larger than 5 MB. Ask your clearinghouse for smaller 271 files.");
  const sha256 = sha256Of(input.bytes);
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('eligibility_file:' || ${tenantId} || ${sha256}))`;
  const existing = await tx.eligibilityFile.findUnique({ where: { tenantId_sha256: { tenantId, sha256 } } });
  if (existing) return { ...(await summaryOf(tx, tenantId, existing.id)), duplicate: true };

  const response = parse271(decodeText(input.bytes));
  const stored = await storage.putObject({ tenantId, kind: "payer-file", fileName: input.fileName, contentType: "text/plain", body: input.bytes });
  const document = await tx.document.create({
    data: { tenantId, kind: "payer_file", storageKey: stored.key, fileName: input.fileName, contentType: "text/plain", sizeBytes: BigInt(stored.sizeBytes), sha256: stored.sha256, uploadedBy: userId },
  });
  const file = await tx.eligibilityFile.create({
    data: { tenantId, sha256, documentId: document.id, fileName: input.fileName, payerName: response.payerName || null, subscriberCount: response.subscribers.length, uploadedBy: userId },
  });
  const directory = await loadDirectory(tx, tenantId);
  const day = response.respondedOn ?? todayUtc(now);
  for (const answer of response.subscribers) {
    const outcome = await applyAnswer(tx, tenantId, directory, answer, day, { source: "eligibility", sourceRef: file.id, userId });
    await tx.eligibilityResult.create({
      data: {
        tenantId, fileId: file.id, position: answer.position, traceNumber: answer.traceNumbers[0] ?? null, patientId: outcome.patientId, matchedBy: outcome.matchedBy, status: outcome.status,
        answer: { ...answer, respondedOn: day } as object, change: outcome.change ?? undefined, flagKind: outcome.flag?.kind ?? null, flagText: outcome.flag?.text ?? null,
        flagDate: outcome.flag?.date ? new Date(`${outcome.flag.date}T00:00:00Z`) : null,
      },
    });
  }
  return { ...(await summaryOf(tx, tenantId, file.id)), duplicate: false };
}

const monthEnd = (serviceMonth: string) => {
  const [y, m] = serviceMonth.split("-").map(Number) as [number, number];
  return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
};

export interface EligibilityFlag {
  resultId: string;
  patientId: string | null;
  name: string | null;
  kind: FlagKind;
  text: string;
  date: string | null;
  fileName: string;
  readAt: string;
}

/**
 * The eligibility changes the clinic must look at for a month: per patient, the newest flagged
 * result whose change takes effect on or before the month's last day (or has no date, like "not
 * found"); a newer flag for the patient replaces an older one. Answers that matched none of the
 * clinic's patients are listed too (newest 20).
 */
export async function flagsForMonth(tx: ScopedTx, tenantId: string, serviceMonth: string): Promise<EligibilityFlag[]> {
  const rows = await tx.$queryRaw<{ id: string; patient_id: string | null; name: string | null; flag_kind: FlagKind; flag_text: string; flag_date: string | null; file_name: string; created_at: Date }[]>`
    WITH flagged AS (
      SELECT r.*, row_number() OVER (PARTITION BY coalesce(r.patient_id, r.id) ORDER BY r.created_at DESC, r.position DESC) AS n
        FROM eligibility_result r
       WHERE r.tenant_id = ${tenantId}::uuid AND r.flag_kind IS NOT NULL AND (r.flag_date IS NULL OR r.flag_date <= ${monthEnd(serviceMonth)}::date)
    )
    SELECT f.id::text, f.patient_id::text, CASE WHEN p.id IS NULL THEN NULL ELSE p.last_name || ', ' || p.first_name END AS name, f.flag_kind, f.flag_text,
           to_char(f.flag_date, 'YYYY-MM-DD') AS flag_date, ef.file_name, f.created_at
      FROM flagged f
      JOIN eligibility_file ef ON ef.tenant_id = f.tenant_id AND ef.id = f.file_id
      LEFT JOIN patient p ON p.tenant_id = f.tenant_id AND p.id = f.patient_id
     WHERE f.n = 1
     ORDER BY f.patient_id IS NULL, name, f.created_at DESC
     LIMIT 200`;
  return rows.map((r) => ({ resultId: r.id, patientId: r.patient_id, name: r.name, kind: r.flag_kind, text: r.flag_text, date: r.flag_date, fileName: r.file_name, readAt: r.created_at.toISOString() }));
}

/** The clinic's 271 files, newest first, with what each did. */
export async function listResponseFiles(tx: ScopedTx, tenantId: string) {
  const files = await tx.eligibilityFile.findMany({ where: { tenantId }, orderBy: { createdAt: "desc" }, take: 20 });
  return Promise.all(files.map(async (f) => ({ ...(await summaryOf(tx, tenantId, f.id)), fileName: f.fileName, payerName: f.payerName, createdAt: f.createdAt.toISOString() })));
}

/** Each subscriber of the clinic's newest 271 files: status, and the patient's primary coverage in force today. */
export async function recentResults(tx: ScopedTx, tenantId: string, now = new Date()) {
  const today = todayUtc(now);
  const rows = await tx.$queryRaw<{ id: string; patient_id: string | null; name: string | null; status: Standing; flag_text: string | null; changed: boolean; file_name: string; payer_name: string | null; plan_type: string | null; from: string | null; to: string | null }[]>`
    SELECT r.id::text, r.patient_id::text, CASE WHEN p.id IS NULL THEN NULL ELSE p.last_name || ', ' || p.first_name END AS name, r.status, r.flag_text, r.change IS NOT NULL AS changed,
           ef.file_name, py.name AS payer_name, c.plan_type, to_char(c.effective_from, 'YYYY-MM-DD') AS "from", to_char(c.effective_to, 'YYYY-MM-DD') AS "to"
      FROM eligibility_result r
      JOIN eligibility_file ef ON ef.tenant_id = r.tenant_id AND ef.id = r.file_id
      LEFT JOIN patient p ON p.tenant_id = r.tenant_id AND p.id = r.patient_id
      LEFT JOIN patient_coverage c ON c.tenant_id = r.tenant_id AND c.patient_id = r.patient_id AND c.rank = 'primary' AND c.superseded_at IS NULL
                                  AND c.effective_from <= ${today}::date AND (c.effective_to IS NULL OR c.effective_to >= ${today}::date)
      LEFT JOIN payer py ON py.tenant_id = c.tenant_id AND py.id = c.payer_id
     WHERE r.tenant_id = ${tenantId}::uuid
     ORDER BY r.created_at DESC, r.position
     LIMIT 100`;
  return rows.map((r) => ({
    resultId: r.id, patientId: r.patient_id, name: r.name, status: r.status, flag: r.flag_text, changed: r.changed, fileName: r.file_name,
    coverage: r.plan_type ? { payerName: r.payer_name ?? "", planType: r.plan_type, from: r.from!, to: r.to } : null,
  }));
}
