import type { ScopedTx } from "@carefold/db";
import type { BillingLine } from "@carefold/ccm-rules";
import { invalidState, notFound } from "../../errors.js";

/** Everything one claim (one billable patient-month of an approved close) carries. */
export interface ClaimRow {
  patientId: string;
  lastName: string;
  firstName: string;
  dateOfBirth: string;
  sex: "female" | "male" | "other" | "unknown";
  mbi: string | null;
  address: { line1: string; city: string; state: string; postalCode: string } | null;
  dateOfService: string;
  lines: BillingLine[];
  diagnosisCodes: string[];
  renderingName: string | null;
  renderingNpi: string | null;
  staffMinutes: number;
  practitionerMinutes: number;
  consentObtainedOn: string | null;
  amountCents: number;
  /** The payer the claim goes to: the primary coverage in force on the date of service (issue 24). */
  payer: ClaimPayer;
  /** The secondary coverage (coordination of benefits, 2320/2330), if any. */
  secondary: ClaimOtherPayer | null;
  /** Of the cost sharing: what the patient owes and what the secondary pays. */
  patientShareCents: number;
  secondaryShareCents: number;
}

/** A coverage's payer as a claim names it. */
export interface ClaimOtherPayer {
  name: string;
  /** 2010BB / 2330B NM109: the id the clearinghouse routes on. */
  ediPayerId: string;
  /** patient_coverage.plan_type: decides SBR09 and whether the member id is the MBI. */
  planType: "medicare" | "medicare_advantage" | "medigap" | "medicaid" | "qmb" | "commercial";
  /** 2010BA / 2330A NM109: the MBI for traditional Medicare, the plan's member id otherwise. */
  memberId: string;
  groupNumber: string | null;
}

/** The primary payer, with the file it goes in: the payer's own claim type, receiver and submitter, else the billing setting's. */
export interface ClaimPayer extends ClaimOtherPayer {
  /** payer.id; null for rows closed before coverage existed (billed to the billing setting's payer). */
  payerId: string | null;
  claimType: "837p" | "837i";
  receiverId: string;
  submitterId: string;
}

export interface BillingProvider {
  billingName: string;
  billingNpi: string;
  taxId: string;
  addressLine1: string;
  city: string;
  state: string;
  postalCode: string;
  placeOfService: string;
  contactPhone: string;
  submitterId: string;
  receiverId: string;
  payerName: string;
  payerId: string;
  /** ISA15 (billing_setting.usage_indicator). */
  usage: "P" | "T";
  /** The clinic's setting (tenant.setting): RHCs and FQHCs bill care management on an 837I. */
  setting: "office" | "fqhc" | "rhc";
}

/** The claim an X12 export of this clinic writes: institutional for RHCs and FQHCs (decision 0044). */
export const claimTypeOf = (setting: BillingProvider["setting"]): "837p" | "837i" => (setting === "office" ? "837p" : "837i");

/** The clinic's billing profile; claims cannot be built without it. */
export async function loadBillingProvider(tx: ScopedTx, tenantId: string): Promise<BillingProvider> {
  const s = await tx.billingSetting.findUnique({ where: { tenantId } });
  if (!s) throw invalidState("The clinic's billing profile (billing NPI, tax id, address) is not set yet, so claims cannot be exported. A vendor admin sets it under Admin → Clinics → Billing profile.");
  const tenant = await tx.tenant.findUniqueOrThrow({ where: { id: tenantId }, select: { setting: true } });
  return {
    ...s,
    postalCode: s.postalCode.trim(),
    billingNpi: s.billingNpi.trim(),
    taxId: s.taxId.trim(),
    usage: s.usageIndicator === "T" ? "T" : "P",
    setting: tenant.setting,
  };
}

/** Claims come only from an approved close: not_found for a month this clinic has not closed (or another clinic's), invalid_state before approval. */
export async function assertApprovedClose(tx: ScopedTx, tenantId: string, serviceMonth: string): Promise<void> {
  const close = await tx.monthClose.findUnique({ where: { tenantId_serviceMonth: { tenantId, serviceMonth } }, select: { status: true } });
  if (!close) throw notFound("That billing month");
  if (close.status !== "approved") throw invalidState("Claims can only be exported from an approved month. Review the worksheet and approve it first.");
}

/**
 * The billable, not excluded rows of an approved close, in a stable order (patient name, id), each
 * with the payer of its primary coverage (the row's primary_coverage_id) and its secondary. A row
 * closed before coverage existed goes to the billing setting's payer with the patient's MBI.
 */
export async function loadClaimRows(tx: ScopedTx, tenantId: string, serviceMonth: string, provider: BillingProvider): Promise<ClaimRow[]> {
  await assertApprovedClose(tx, tenantId, serviceMonth);
  const rows = await tx.$queryRaw<
    { patient_id: string; last_name: string; first_name: string; dob: string; sex: ClaimRow["sex"]; mbi: string | null; address_line1: string | null; city: string | null;
      state: string | null; postal_code: string | null; dos: string; lines: BillingLine[]; diagnosis_codes: string[]; practitioner_name: string | null; npi: string | null;
      staff_minutes: number; practitioner_minutes: number; consent_on: string | null; amount_cents: number; patient_share_cents: number; secondary_share_cents: number;
      payer_id: string | null; payer_name: string | null; edi_payer_id: string | null; claim_type: "837p" | "837i" | null; receiver_id: string | null; submitter_id: string | null;
      plan_type: ClaimOtherPayer["planType"] | null; member_id: string | null; group_number: string | null;
      s_name: string | null; s_edi: string | null; s_plan_type: ClaimOtherPayer["planType"] | null; s_member_id: string | null; s_group_number: string | null }[]
  >`
    SELECT w.patient_id::text, p.last_name, p.first_name, to_char(p.date_of_birth, 'YYYY-MM-DD') AS dob, p.sex, p.mbi, p.address_line1, p.city, p.state, p.postal_code,
           to_char(w.date_of_service, 'YYYY-MM-DD') AS dos, w.lines, w.diagnosis_codes, pr.name AS practitioner_name, pr.npi,
           w.staff_minutes, w.practitioner_minutes, to_char(w.consent_obtained_on, 'YYYY-MM-DD') AS consent_on, w.amount_cents,
           w.patient_share_cents, w.secondary_share_cents,
           py.id::text AS payer_id, py.name AS payer_name, py.edi_payer_id, py.claim_type, py.receiver_id, py.submitter_id,
           pc.plan_type, pc.member_id, pc.group_number,
           spy.name AS s_name, spy.edi_payer_id AS s_edi, sc.plan_type AS s_plan_type, sc.member_id AS s_member_id, sc.group_number AS s_group_number
      FROM worksheet_row w
      JOIN patient p ON p.tenant_id = w.tenant_id AND p.id = w.patient_id
      LEFT JOIN practitioner pr ON pr.tenant_id = w.tenant_id AND pr.id = w.billing_practitioner_id
      LEFT JOIN patient_coverage pc ON pc.tenant_id = w.tenant_id AND pc.id = w.primary_coverage_id
      LEFT JOIN payer py ON py.tenant_id = pc.tenant_id AND py.id = pc.payer_id
      LEFT JOIN patient_coverage sc ON sc.tenant_id = w.tenant_id AND sc.id = w.secondary_coverage_id
      LEFT JOIN payer spy ON spy.tenant_id = sc.tenant_id AND spy.id = sc.payer_id
     WHERE w.tenant_id = ${tenantId}::uuid AND w.service_month = ${serviceMonth} AND w.status = 'billable'
     ORDER BY p.last_name, p.first_name, w.patient_id`;
  return rows.map((r) => ({
    patientId: r.patient_id,
    lastName: r.last_name,
    firstName: r.first_name,
    dateOfBirth: r.dob,
    sex: r.sex,
    mbi: r.mbi?.trim() ?? null,
    address: r.address_line1 && r.city && r.state && r.postal_code ? { line1: r.address_line1, city: r.city, state: r.state.trim(), postalCode: r.postal_code } : null,
    dateOfService: r.dos,
    lines: r.lines,
    diagnosisCodes: r.diagnosis_codes,
    renderingName: r.practitioner_name,
    renderingNpi: r.npi?.trim() ?? null,
    staffMinutes: r.staff_minutes,
    practitionerMinutes: r.practitioner_minutes,
    consentObtainedOn: r.consent_on,
    amountCents: r.amount_cents,
    payer: r.payer_id
      ? {
          payerId: r.payer_id, name: r.payer_name!, ediPayerId: r.edi_payer_id!, planType: r.plan_type!, memberId: r.member_id!, groupNumber: r.group_number,
          claimType: r.claim_type ?? claimTypeOf(provider.setting), receiverId: r.receiver_id ?? provider.receiverId, submitterId: r.submitter_id ?? provider.submitterId,
        }
      : {
          payerId: null, name: provider.payerName, ediPayerId: provider.payerId, planType: "medicare", memberId: r.mbi?.trim() ?? "", groupNumber: null,
          claimType: claimTypeOf(provider.setting), receiverId: provider.receiverId, submitterId: provider.submitterId,
        },
    secondary: r.s_edi ? { name: r.s_name!, ediPayerId: r.s_edi, planType: r.s_plan_type!, memberId: r.s_member_id!, groupNumber: r.s_group_number } : null,
    patientShareCents: r.patient_share_cents,
    secondaryShareCents: r.secondary_share_cents,
  }));
}

/** The file a claim goes in: one 837 per payer EDI id, receiver, submitter and claim type. */
export const claimFileKey = (payer: Pick<ClaimPayer, "ediPayerId" | "receiverId" | "submitterId" | "claimType">) =>
  `${payer.claimType}|${payer.ediPayerId}|${payer.receiverId}|${payer.submitterId}`;

/** Diagnosis pointers for a line: the first four diagnoses (1-based), as CMS-1500 box 24E / SV1-07. */
export const diagnosisPointers = (diagnosisCodes: readonly string[]) => diagnosisCodes.slice(0, 4).map((_, i) => i + 1);
