import { createHash } from "node:crypto";
import type { ScopedTx } from "@carefold/db";
import { invalidInput, invalidState, notFound } from "../../errors.js";
import { claimTypeOf, type BillingProvider, type ClaimRow } from "./claims.js";
import type { ClaimToSend } from "./x12-common.js";
import { claimIdOf } from "./x12-837p.js";

/**
 * The claim lifecycle of a patient-month (decision 0043). `claim` keeps the stable patient control
 * number (CLM01) and, once a remittance reports it, the payer's claim number; `claim_submission`
 * keeps each sending: version 1 the original, later versions a replacement (7) or void (8) of it.
 * The database refuses a second original (version 1 ⇔ frequency 1, one row per version).
 */
export interface PlannedClaim extends ClaimToSend<ClaimRow> {
  claimId: string | null;
  version: number;
  contentHash: string;
}

interface StoredClaim {
  claim_id: string;
  patient_id: string;
  patient_control_number: string;
  payer_claim_control_number: string | null;
  version: number | null;
  frequency_code: string | null;
  content_hash: string | null;
  snapshot: ClaimRow | null;
}

/**
 * What makes a claim "the same" as one sent before: everything the claim file says about the
 * patient-month. Minutes and the consent date are not on the claim, so a re-close that only moves
 * them (25 → 27 minutes, still 99490) sends nothing.
 */
const contentHashOf = (row: ClaimRow, provider: BillingProvider) => {
  const { staffMinutes: _staff, practitionerMinutes: _practitioner, consentObtainedOn: _consent, ...onTheClaim } = row;
  return createHash("sha256").update(JSON.stringify([onTheClaim, provider.placeOfService, provider.setting])).digest("hex");
};

/** The month's claims with their latest submission. */
async function loadStoredClaims(tx: ScopedTx, tenantId: string, serviceMonth: string) {
  return tx.$queryRaw<StoredClaim[]>`
    SELECT c.id::text AS claim_id, c.patient_id::text, c.patient_control_number, c.payer_claim_control_number,
           s.version, s.frequency_code, s.content_hash, s.snapshot
      FROM claim c
      LEFT JOIN LATERAL (SELECT version, frequency_code, content_hash, snapshot FROM claim_submission cs
                          WHERE cs.tenant_id = c.tenant_id AND cs.claim_id = c.id ORDER BY version DESC LIMIT 1) s ON true
     WHERE c.tenant_id = ${tenantId}::uuid AND c.service_month = ${serviceMonth}`;
}

/**
 * A claim as sent before coverage existed has no payer in its snapshot: it went to the billing
 * setting's payer with the patient's MBI (issue 24). Its void goes there too.
 */
export function withSentPayer(row: ClaimRow, provider: BillingProvider): ClaimRow {
  if ((row as Partial<ClaimRow>).payer) return row;
  return {
    ...row,
    payer: {
      payerId: null, name: provider.payerName, ediPayerId: provider.payerId, planType: "medicare", memberId: row.mbi ?? "", groupNumber: null,
      claimType: claimTypeOf(provider.setting), receiverId: provider.receiverId, submitterId: provider.submitterId,
    },
    secondary: null,
  };
}

/**
 * Decides what an X12 export of the month sends: an original for a patient-month never sent, a
 * replacement for one whose claim changed since it was sent (or every one, with `replace`), a void
 * for one sent but no longer billable (it repeats what was sent), and nothing for the rest.
 */
export async function planClaimSubmissions(
  tx: ScopedTx, tenantId: string, serviceMonth: string, rows: readonly ClaimRow[], provider: BillingProvider, options: { replace?: boolean },
): Promise<{ toSend: PlannedClaim[] }> {
  const stored = new Map((await loadStoredClaims(tx, tenantId, serviceMonth)).map((c) => [c.patient_id, c]));
  const toSend: PlannedClaim[] = [];
  const correct = (c: StoredClaim, row: ClaimRow, frequency: "7" | "8", contentHash: string) => {
    if (!c.payer_claim_control_number) {
      throw invalidState(
        `Claim ${c.patient_control_number} was sent already and must be ${frequency === "7" ? "replaced" : "voided"}, but ${row.payer?.name ?? "Medicare"}'s claim number for it is not known yet. Upload the remittance (835) or acknowledgment (277CA) that reports it, then export again.`,
      );
    }
    toSend.push({ row, patientControlNumber: c.patient_control_number, frequency, payerClaimControlNumber: c.payer_claim_control_number, claimId: c.claim_id, version: (c.version ?? 0) + 1, contentHash });
  };
  for (const row of rows) {
    const contentHash = contentHashOf(row, provider);
    const c = stored.get(row.patientId);
    if (!c?.version) {
      toSend.push({ row, patientControlNumber: c?.patient_control_number ?? claimIdOf(serviceMonth, row.patientId), frequency: "1", payerClaimControlNumber: null, claimId: c?.claim_id ?? null, version: 1, contentHash });
      continue;
    }
    if (c.frequency_code === "8") {
      throw invalidState(`Claim ${c.patient_control_number} was voided; a voided patient-month cannot be billed again from this month's export. Bill it by hand with a new claim.`);
    }
    // A replacement goes to the payer that has the original: a claim never moves payers by
    // replacement (decision 0052). The clinic excludes the patient-month (the export then voids
    // the claim at the payer that has it) and bills the new payer with a new claim by hand.
    const sentTo = withSentPayer(c.snapshot!, provider).payer;
    if (sentTo.ediPayerId !== row.payer.ediPayerId) {
      throw invalidState(
        `Claim ${c.patient_control_number} (${row.lastName}, ${row.firstName}) was sent to ${sentTo.name} (payer id ${sentTo.ediPayerId}), but the coverage in force on ${row.dateOfService} is now ${row.payer.name} (payer id ${row.payer.ediPayerId}). A replacement cannot move a claim to another payer: reopen the month, exclude this patient-month (the next export then voids the claim at ${sentTo.name}), approve and export, then bill ${row.payer.name} with a new claim.`,
      );
    }
    if (c.content_hash !== contentHash || options.replace === true) correct(c, row, "7", contentHash);
  }
  const billed = new Set(rows.map((r) => r.patientId));
  for (const c of stored.values()) {
    if (billed.has(c.patient_id) || !c.version || c.frequency_code === "8" || !c.snapshot) continue;
    correct(c, withSentPayer(c.snapshot, provider), "8", c.content_hash!);
  }
  return { toSend };
}

/** Records the claims of a stored export: new claims get their row, every claim a submission. */
export async function recordSubmissions(tx: ScopedTx, tenantId: string, serviceMonth: string, claimType: "837p" | "837i", planned: readonly PlannedClaim[], exportId: string) {
  for (const p of planned) {
    const claimId =
      p.claimId ??
      (await tx.claim.create({ data: { tenantId, patientId: p.row.patientId, serviceMonth, patientControlNumber: p.patientControlNumber, claimType }, select: { id: true } })).id;
    await tx.claimSubmission.create({
      data: {
        tenantId, claimId, version: p.version, frequencyCode: p.frequency, exportId, amountCents: BigInt(p.frequency === "8" ? 0 : p.row.amountCents),
        contentHash: p.contentHash, snapshot: p.row as unknown as object,
      },
    });
  }
}

/** What `claim.payer_claim_control_number` holds (its CHECK constraint): 1 to 50 letters, digits or dashes. */
export const isPayerClaimNumber = (value: string) => /^[0-9A-Za-z-]{1,50}$/.test(value);

/**
 * Records the payer's claim number (ICN, 835 CLP07 or 277CA) for a patient control number, so a
 * later replacement or void can quote it. Setting the same number again changes nothing; a
 * different number replaces it (a corrected claim the payer adjudicates gets a number of its own).
 */
export async function recordPayerClaimNumber(tx: ScopedTx, tenantId: string, patientControlNumber: string, payerClaimControlNumber: string) {
  if (!isPayerClaimNumber(payerClaimControlNumber)) throw invalidInput("A payer claim number has 1 to 50 letters, digits or dashes.");
  const claim = await tx.claim.findUnique({ where: { tenantId_patientControlNumber: { tenantId, patientControlNumber } } });
  if (!claim) throw notFound("That claim");
  if (claim.payerClaimControlNumber === payerClaimControlNumber) return { changed: false };
  await tx.claim.update({ where: { tenantId_id: { tenantId, id: claim.id } }, data: { payerClaimControlNumber } });
  return { changed: true };
}

/** The month's claims as last sent (the reopen dialog lists them: reopening leads to replacements or voids). */
export async function listSentClaims(tx: ScopedTx, tenantId: string, serviceMonth: string) {
  const rows = await tx.$queryRaw<{ patient_control_number: string; last_name: string; first_name: string; version: number; frequency_code: string; amount_cents: bigint; sent_at: Date }[]>`
    SELECT c.patient_control_number, p.last_name, p.first_name, s.version, s.frequency_code, s.amount_cents, s.created_at AS sent_at
      FROM claim c
      JOIN patient p ON p.tenant_id = c.tenant_id AND p.id = c.patient_id
      JOIN LATERAL (SELECT version, frequency_code, amount_cents, created_at FROM claim_submission cs
                     WHERE cs.tenant_id = c.tenant_id AND cs.claim_id = c.id ORDER BY version DESC LIMIT 1) s ON true
     WHERE c.tenant_id = ${tenantId}::uuid AND c.service_month = ${serviceMonth}
     ORDER BY p.last_name, p.first_name, c.patient_control_number`;
  return rows.map((r) => ({
    patientControlNumber: r.patient_control_number,
    patientName: `${r.last_name}, ${r.first_name}`,
    version: r.version,
    frequency: r.frequency_code as "1" | "7" | "8",
    amountCents: Number(r.amount_cents),
    sentAt: r.sent_at.toISOString(),
  }));
}
