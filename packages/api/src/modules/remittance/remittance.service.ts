import { createHash } from "node:crypto";
import { Prisma, type ScopedTx } from "@carefold/db";
import type { ObjectStorage } from "@carefold/integrations";
import { invalidInput } from "../../errors.js";
import { isPayerClaimNumber, recordPayerClaimNumber } from "../billing/claim-lifecycle.js";
import { parse277ca, parse999, type Acknowledgment } from "./acknowledgments.js";
import { describeAdjustment, describeRemark } from "./adjustment-codes.js";
import { findClaimByPatientControlNumber } from "./claim-match.js";
import { parse835, type Adjustment, type ClaimOutcome, type ServiceLinePayment } from "./era-835.js";
import { tokenizeX12 } from "./x12-tokens.js";

/** The claim files a 999 or 277CA can answer. */
const X12_CLAIM_FORMATS: ("x12_837p" | "x12_837i")[] = ["x12_837p", "x12_837i"];

export const PAYER_FILE_KINDS = ["835", "999", "277ca"] as const;
export type PayerFileKind = (typeof PAYER_FILE_KINDS)[number];

/** 835s of a clinic's month are a few hundred KB; 5 MB leaves room for a year of them in one file. */
export const PAYER_FILE_MAX_BYTES = 5 * 1024 * 1024;

export interface UploadResult {
  fileId: string;
  kind: PayerFileKind;
  /** The same file (same SHA-256) was uploaded before: nothing was recorded again. */
  duplicate: boolean;
  claims: number;
  /** Claims recorded now; a claim already recorded from another file is not counted twice. */
  recorded: number;
  alreadyRecorded: number;
  matched: number;
  outcomes: Record<ClaimOutcome | "accepted" | "rejected", number>;
}

const sha256Of = (bytes: Buffer) => createHash("sha256").update(bytes).digest("hex");
const emptyOutcomes = (): UploadResult["outcomes"] => ({ paid: 0, adjusted: 0, denied: 0, reversed: 0, accepted: 0, rejected: 0 });

function decodeText(bytes: Buffer): string {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw invalidInput("The file is not text. Upload the 835, 999 or 277CA exactly as your clearinghouse gave it (not a PDF or a zip).");
  }
}

/** The kind of payer file, from its ST01: the clinic does not have to know which one it holds. */
function kindOf(text: string): PayerFileKind {
  const set = tokenizeX12(text).transactionSet;
  const kind = ({ "835": "835", "999": "999", "277": "277ca" } as const)[set as "835" | "999" | "277"];
  if (!kind) throw invalidInput(`This is an X12 ${set} file. Upload an 835 remittance, a 999 or a 277CA acknowledgment from your clearinghouse.`);
  return kind;
}

/**
 * Records an 835, 999 or 277CA a clinic admin uploaded, in one transaction: the file is parsed
 * first (a bad file is refused whole and never stored), kept in object storage, and each claim
 * payment or acknowledgment is written once. The same file again (by SHA-256), or a claim payment
 * already recorded from another file (payer claim control number, patient control number, claim
 * status), changes nothing. The payer's claim number a matched claim payment or 277CA carries is
 * kept on our claim in the same transaction, so a later replacement or void can quote it.
 */
export async function uploadPayerFile(tx: ScopedTx, storage: ObjectStorage, tenantId: string, input: { fileName: string; bytes: Buffer }, userId: string): Promise<UploadResult> {
  if (input.bytes.length > PAYER_FILE_MAX_BYTES) throw invalidInput("The file is larger than 5 MB. Ask your clearinghouse for one file per payment.");
  const sha256 = sha256Of(input.bytes);
  // Two uploads of one file at once: the second waits and then finds the first.
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('payer_file:' || ${tenantId} || ${sha256}))`;
  const existing = await tx.payerFile.findUnique({ where: { tenantId_sha256: { tenantId, sha256 } } });
  if (existing) return { ...(await summaryOf(tx, tenantId, existing.id, existing.kind as PayerFileKind)), duplicate: true };

  const text = decodeText(input.bytes);
  const kind = kindOf(text);
  const parsed = kind === "835" ? { kind: "835" as const, era: parse835(text) } : { kind, acks: kind === "999" ? parse999(text) : parse277ca(text) };
  const stored = await storage.putObject({ tenantId, kind: "payer-file", fileName: input.fileName, contentType: "text/plain", body: input.bytes });
  const document = await tx.document.create({
    data: { tenantId, kind: "payer_file", storageKey: stored.key, fileName: input.fileName, contentType: "text/plain", sizeBytes: BigInt(stored.sizeBytes), sha256: stored.sha256, uploadedBy: userId },
  });
  const era = parsed.kind === "835" ? parsed.era : null;
  const file = await tx.payerFile.create({
    data: {
      tenantId, kind, sha256, documentId: document.id, fileName: input.fileName, uploadedBy: userId,
      payerName: era?.payerName || null, paymentCents: era ? BigInt(era.paymentCents) : null, paymentDate: era?.paymentDate ? new Date(`${era.paymentDate}T00:00:00Z`) : null,
      traceNumber: era?.traceNumber || null, claimCount: era ? era.claims.length : parsed.kind !== "835" ? parsed.acks.length : 0,
    },
  });
  if (era) {
    for (const c of era.claims) {
      const match = await findClaimByPatientControlNumber(tx, tenantId, c.patientControlNumber);
      await tx.$executeRaw`
        INSERT INTO claim_payment (tenant_id, payer_file_id, patient_control_number, payer_claim_control_number, claim_status_code, outcome, charge_cents, paid_cents,
                                   patient_responsibility_cents, adjustments, remarks, lines, payment_date, service_month, patient_id)
        VALUES (${tenantId}::uuid, ${file.id}::uuid, ${c.patientControlNumber}, ${c.payerClaimControlNumber}, ${c.statusCode}, ${c.outcome}, ${c.chargeCents}, ${c.paidCents},
                ${c.patientResponsibilityCents}, ${JSON.stringify(c.adjustments)}::jsonb, ${c.remarks}::text[], ${JSON.stringify(c.lines)}::jsonb, ${era.paymentDate}::date,
                ${match?.serviceMonth ?? null}, ${match?.patientId ?? null}::uuid)
        ON CONFLICT (tenant_id, payer_claim_control_number, patient_control_number, claim_status_code) DO NOTHING`;
      if (match) await keepLatestPayerClaimNumber(tx, tenantId, c.patientControlNumber);
    }
  } else if (parsed.kind !== "835") {
    for (const ack of parsed.acks) await recordAcknowledgment(tx, tenantId, file.id, parsed.kind, ack);
  }
  return { ...(await summaryOf(tx, tenantId, file.id, kind)), duplicate: false };
}

/**
 * The payer's claim number a replacement or void must quote is the one of its latest adjudication:
 * the newest claim payment by payment date that is not a reversal (a reversal quotes the claim it
 * takes back; the corrected claim that follows it has its own number). Read from every payment
 * recorded so far, so an older 835 uploaded after a newer one changes nothing, and neither does a
 * second upload of the same payment.
 */
async function keepLatestPayerClaimNumber(tx: ScopedTx, tenantId: string, patientControlNumber: string) {
  const [latest] = await tx.$queryRaw<{ number: string }[]>`
    SELECT payer_claim_control_number AS number FROM claim_payment
     WHERE tenant_id = ${tenantId}::uuid AND patient_control_number = ${patientControlNumber} AND outcome <> 'reversed'
     ORDER BY payment_date DESC NULLS LAST, created_at DESC LIMIT 1`;
  // A number our claim table cannot hold stays on the payment only; the file is still recorded.
  if (latest && isPayerClaimNumber(latest.number)) await recordPayerClaimNumber(tx, tenantId, patientControlNumber, latest.number);
}

/**
 * A 277CA's REF*1K fills in the payer's claim number of an accepted claim that has none yet. It
 * never replaces one: the number an 835 reports is the adjudication's, and a 277CA arriving later
 * (or uploaded late) may be about an earlier version.
 */
async function keepAcknowledgedPayerClaimNumber(tx: ScopedTx, tenantId: string, ack: Acknowledgment) {
  if (ack.status === "rejected" || !ack.patientControlNumber || !ack.payerClaimControlNumber || !isPayerClaimNumber(ack.payerClaimControlNumber)) return;
  const claim = await tx.claim.findUnique({ where: { tenantId_patientControlNumber: { tenantId, patientControlNumber: ack.patientControlNumber } }, select: { payerClaimControlNumber: true } });
  if (claim && claim.payerClaimControlNumber === null) await recordPayerClaimNumber(tx, tenantId, ack.patientControlNumber, ack.payerClaimControlNumber);
}

async function recordAcknowledgment(tx: ScopedTx, tenantId: string, fileId: string, kind: "999" | "277ca", ack: Acknowledgment) {
  const match = ack.patientControlNumber ? await findClaimByPatientControlNumber(tx, tenantId, ack.patientControlNumber) : null;
  // A 999 names the claim file by its GS06; a 277CA claim belongs to the month's latest claim file.
  // Either is an 837P or, for an RHC or FQHC, an 837I (a clinic sends one type; control numbers
  // are unique per submitter id across both).
  const claimExport =
    ack.groupControlNumber !== null
      ? await tx.claimExport.findFirst({ where: { tenantId, format: { in: X12_CLAIM_FORMATS }, controlNumber: ack.groupControlNumber }, orderBy: { createdAt: "desc" }, select: { id: true } })
      : match
        ? await tx.claimExport.findFirst({ where: { tenantId, format: { in: X12_CLAIM_FORMATS }, serviceMonth: match.serviceMonth }, orderBy: { createdAt: "desc" }, select: { id: true } })
        : null;
  await tx.claimAcknowledgment.create({
    data: {
      tenantId, payerFileId: fileId, kind, groupControlNumber: ack.groupControlNumber, claimExportId: claimExport?.id ?? null, patientControlNumber: ack.patientControlNumber,
      serviceMonth: match?.serviceMonth ?? null, patientId: match?.patientId ?? null, status: ack.status, reasons: ack.reasons,
    },
  });
  if (match) await keepAcknowledgedPayerClaimNumber(tx, tenantId, ack);
}

async function summaryOf(tx: ScopedTx, tenantId: string, fileId: string, kind: PayerFileKind): Promise<Omit<UploadResult, "duplicate">> {
  const file = await tx.payerFile.findFirstOrThrow({ where: { tenantId, id: fileId } });
  const outcomes = emptyOutcomes();
  let recorded = 0;
  let matched = 0;
  if (kind === "835") {
    const rows = await tx.claimPayment.findMany({ where: { tenantId, payerFileId: fileId }, select: { outcome: true, patientId: true } });
    for (const r of rows) outcomes[r.outcome as ClaimOutcome] += 1;
    recorded = rows.length;
    matched = rows.filter((r) => r.patientId).length;
  } else {
    const rows = await tx.claimAcknowledgment.findMany({ where: { tenantId, payerFileId: fileId }, select: { status: true, patientId: true, claimExportId: true } });
    for (const r of rows) outcomes[r.status === "rejected" ? "rejected" : "accepted"] += 1;
    recorded = rows.length;
    matched = rows.filter((r) => r.patientId ?? r.claimExportId).length;
  }
  return { fileId, kind, claims: file.claimCount, recorded, alreadyRecorded: file.claimCount - recorded, matched, outcomes };
}

/** The clinic's uploaded payer files, newest first. */
export async function listPayerFiles(tx: ScopedTx, tenantId: string) {
  const files = await tx.payerFile.findMany({ where: { tenantId }, orderBy: { createdAt: "desc" }, take: 50 });
  return files.map((f) => ({
    fileId: f.id, kind: f.kind as PayerFileKind, fileName: f.fileName, payerName: f.payerName, paymentCents: f.paymentCents === null ? null : Number(f.paymentCents),
    paymentDate: f.paymentDate?.toISOString().slice(0, 10) ?? null, traceNumber: f.traceNumber, claimCount: f.claimCount, createdAt: f.createdAt.toISOString(),
  }));
}

/** Every adjustment and remark of a claim payment in plain words, line adjustments prefixed by their code. */
export function reasonsOf(adjustments: Adjustment[], remarks: string[], lines: ServiceLinePayment[]): string[] {
  const money = (cents: number) => `$${(cents / 100).toFixed(2)}`;
  return [
    ...adjustments.map((a) => `${describeAdjustment(a.group, a.reason)} (${money(a.amountCents)})`),
    ...remarks.map(describeRemark),
    ...lines.flatMap((l) => [
      ...l.adjustments.map((a) => `${l.procedure}: ${describeAdjustment(a.group, a.reason)} (${money(a.amountCents)})`),
      ...l.remarks.map((r) => `${l.procedure}: ${describeRemark(r)}`),
    ]),
  ];
}

export interface ClaimPaymentRow {
  id: string;
  patientId: string | null;
  name: string | null;
  serviceMonth: string | null;
  patientControlNumber: string;
  payerClaimControlNumber: string;
  outcome: ClaimOutcome;
  chargeCents: number;
  paidCents: number;
  patientResponsibilityCents: number;
  paymentDate: string | null;
  reasons: string[];
}

type PaymentSqlRow = {
  id: string; patient_id: string | null; name: string | null; service_month: string | null; patient_control_number: string; payer_claim_control_number: string;
  outcome: ClaimOutcome; charge_cents: bigint; paid_cents: bigint; patient_responsibility_cents: bigint; payment_date: string | null;
  adjustments: Adjustment[]; remarks: string[]; lines: ServiceLinePayment[];
};

const PAYMENT_COLUMNS = Prisma.sql`
  cp.id::text, cp.patient_id::text, CASE WHEN p.id IS NULL THEN NULL ELSE p.last_name || ', ' || p.first_name END AS name, cp.service_month, cp.patient_control_number,
  cp.payer_claim_control_number, cp.outcome, cp.charge_cents, cp.paid_cents, cp.patient_responsibility_cents, to_char(cp.payment_date, 'YYYY-MM-DD') AS payment_date,
  cp.adjustments, cp.remarks, cp.lines`;

const toPaymentRow = (r: PaymentSqlRow): ClaimPaymentRow => ({
  id: r.id, patientId: r.patient_id, name: r.name, serviceMonth: r.service_month, patientControlNumber: r.patient_control_number, payerClaimControlNumber: r.payer_claim_control_number,
  outcome: r.outcome, chargeCents: Number(r.charge_cents), paidCents: Number(r.paid_cents), patientResponsibilityCents: Number(r.patient_responsibility_cents),
  paymentDate: r.payment_date, reasons: reasonsOf(r.adjustments, r.remarks, r.lines),
});

/** The claim payments matched to a service month, by patient, with their reasons. */
export async function paymentsForMonth(tx: ScopedTx, tenantId: string, serviceMonth: string): Promise<ClaimPaymentRow[]> {
  const rows = await tx.$queryRaw<PaymentSqlRow[]>`
    SELECT ${PAYMENT_COLUMNS}
      FROM claim_payment cp LEFT JOIN patient p ON p.tenant_id = cp.tenant_id AND p.id = cp.patient_id
     WHERE cp.tenant_id = ${tenantId}::uuid AND cp.service_month = ${serviceMonth}
     ORDER BY p.last_name, p.first_name, cp.payment_date, cp.created_at`;
  return rows.map(toPaymentRow);
}

/** Claim payments no patient-month of ours matched (another payer's id, or sent before this clinic used Carefold). */
export async function unmatchedPayments(tx: ScopedTx, tenantId: string): Promise<ClaimPaymentRow[]> {
  const rows = await tx.$queryRaw<PaymentSqlRow[]>`
    SELECT ${PAYMENT_COLUMNS}
      FROM claim_payment cp LEFT JOIN patient p ON false
     WHERE cp.tenant_id = ${tenantId}::uuid AND cp.patient_id IS NULL
     ORDER BY cp.payment_date DESC, cp.created_at DESC LIMIT 200`;
  return rows.map(toPaymentRow);
}

/**
 * Denials to work: a claim whose latest payment record is a denial, i.e. not paid since by a
 * corrected or reprocessed claim with the same patient control number. Oldest first, so what is
 * closest to the filing limit comes first.
 */
export async function openDenials(tx: ScopedTx, tenantId: string): Promise<ClaimPaymentRow[]> {
  const rows = await tx.$queryRaw<PaymentSqlRow[]>`
    SELECT ${PAYMENT_COLUMNS}
      FROM (SELECT DISTINCT ON (patient_control_number) *
              FROM claim_payment WHERE tenant_id = ${tenantId}::uuid
             ORDER BY patient_control_number, payment_date DESC NULLS LAST, created_at DESC) cp
      LEFT JOIN patient p ON p.tenant_id = cp.tenant_id AND p.id = cp.patient_id
     WHERE cp.outcome = 'denied'
     ORDER BY cp.payment_date NULLS FIRST, cp.service_month, p.last_name, p.first_name`;
  return rows.map(toPaymentRow);
}

export interface CollectionsMonth {
  month: string;
  /** What the approved close expected (the worksheet's billable amounts: Medicare's allowed amounts). */
  expectedCents: number;
  claims: number;
  /** Claims with at least one payment record. */
  remitted: number;
  paidCents: number;
  patientResponsibilityCents: number;
  /** Claims whose latest payment record is a denial. */
  denied: number;
}

/**
 * Collected vs expected per service month: the one evaluation the Reports page and the
 * remittance page both show. Expected is the close's billable amount; paid and patient
 * responsibility are summed over every payment record of the month (a reversal counts negative).
 */
export async function collectionsByMonth(tx: ScopedTx, tenantId: string, months: readonly string[]): Promise<CollectionsMonth[]> {
  if (months.length === 0) return [];
  const rows = await tx.$queryRaw<{ month: string; expected: bigint; claims: number; remitted: number; paid: bigint; patient: bigint; denied: number }[]>`
    WITH m AS (SELECT unnest(${months as string[]}::text[]) AS month),
    expected AS (
      SELECT w.service_month AS month, sum(w.amount_cents)::bigint AS expected, count(*)::int AS claims
        FROM worksheet_row w JOIN month_close c ON c.tenant_id = w.tenant_id AND c.service_month = w.service_month AND c.status = 'approved'
       WHERE w.tenant_id = ${tenantId}::uuid AND w.service_month = ANY (${months as string[]}::text[]) AND w.status = 'billable'
       GROUP BY w.service_month),
    paid AS (
      SELECT service_month AS month, count(DISTINCT patient_id)::int AS remitted, sum(paid_cents)::bigint AS paid, sum(patient_responsibility_cents)::bigint AS patient
        FROM claim_payment WHERE tenant_id = ${tenantId}::uuid AND service_month = ANY (${months as string[]}::text[])
       GROUP BY service_month),
    latest AS (
      SELECT DISTINCT ON (patient_id, service_month) service_month, outcome
        FROM claim_payment WHERE tenant_id = ${tenantId}::uuid AND service_month = ANY (${months as string[]}::text[])
       ORDER BY patient_id, service_month, payment_date DESC NULLS LAST, created_at DESC),
    denied AS (SELECT service_month AS month, count(*)::int AS denied FROM latest WHERE outcome = 'denied' GROUP BY service_month)
    SELECT m.month, coalesce(e.expected, 0)::bigint AS expected, coalesce(e.claims, 0) AS claims, coalesce(p.remitted, 0) AS remitted,
           coalesce(p.paid, 0)::bigint AS paid, coalesce(p.patient, 0)::bigint AS patient, coalesce(d.denied, 0) AS denied
      FROM m LEFT JOIN expected e USING (month) LEFT JOIN paid p USING (month) LEFT JOIN denied d USING (month)
     ORDER BY m.month`;
  return rows.map((r) => ({
    month: r.month, expectedCents: Number(r.expected), claims: r.claims, remitted: r.remitted, paidCents: Number(r.paid), patientResponsibilityCents: Number(r.patient), denied: r.denied,
  }));
}

/** The 999/277CA answers about a month's claim files: per export (999) and per claim (277CA). */
export async function acknowledgmentsForMonth(tx: ScopedTx, tenantId: string, serviceMonth: string) {
  const exportIds = (await tx.claimExport.findMany({ where: { tenantId, serviceMonth }, select: { id: true } })).map((e) => e.id);
  const rows = await tx.claimAcknowledgment.findMany({
    where: { tenantId, OR: [{ serviceMonth }, { claimExportId: { in: exportIds } }] },
    orderBy: { createdAt: "asc" },
  });
  return rows.map((r) => ({ id: r.id, kind: r.kind as "999" | "277ca", claimExportId: r.claimExportId, patientControlNumber: r.patientControlNumber, status: r.status, reasons: r.reasons, createdAt: r.createdAt.toISOString() }));
}
