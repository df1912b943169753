import type { Finding } from "@carefold/ccm-rules";

/**
 * What a claim for the patient-month needs beyond the Medicare rules: without these a payer
 * rejects the claim at the front door, so the close blocks the month (month-scoped `block`
 * findings; codes outside the ccm-rules catalogue always block) and says what to fix and where.
 * Read by the close (month-close.loader.ts, tag `a`) and checked again by the claim generators.
 */
export interface ClaimFacts {
  /** The patient has a Medicare Beneficiary Identifier. */
  mbi: boolean;
  /** Street, city, state and ZIP are all on the patient's record (the patient is the subscriber: 2010BA N3/N4). */
  address: boolean;
  /** The patient-month's billing practitioner exists and has an NPI (rendering 2310B / attending 2310A). */
  practitionerNpi: boolean;
}

export const CLAIMABILITY_CODES = ["claim_mbi_missing", "claim_address_missing", "claim_diagnosis_missing", "claim_practitioner_npi_missing", "claim_billing_profile_missing"] as const;

const block = (code: (typeof CLAIMABILITY_CODES)[number], message: string): Finding => ({ code, severity: "block", message });

/**
 * The findings that keep an otherwise billable patient-month off a claim. `facts` undefined (a
 * caller that does not load them) checks nothing; `billingProfile` undefined likewise.
 */
export function claimabilityFindings(facts: ClaimFacts | undefined, diagnosisCount: number, billingProfile: boolean | undefined): Finding[] {
  const findings: Finding[] = [];
  if (billingProfile === false) {
    findings.push(block("claim_billing_profile_missing", "The clinic has no billing profile (billing NPI, tax id, address), so no claim can be built. A vendor admin sets it under Admin → Clinics → Billing profile; then close the month again."));
  }
  if (!facts) return findings;
  if (!facts.mbi) findings.push(block("claim_mbi_missing", "The patient has no Medicare Beneficiary Identifier (MBI). Add it to the patient's record (an updated panel import or the EHR), then close the month again."));
  if (!facts.address) findings.push(block("claim_address_missing", "The patient's address (street, city, state, ZIP) is incomplete; Medicare needs it on the claim. Complete it on the patient's record, then close the month again."));
  if (diagnosisCount === 0) findings.push(block("claim_diagnosis_missing", "The patient has no chronic diagnosis on the problem list, so the claim would have none. Add the conditions CCM manages to the problem list, then close the month again."));
  if (!facts.practitionerNpi) findings.push(block("claim_practitioner_npi_missing", "The patient's billing practitioner is missing or has no NPI. Assign a billing practitioner with an NPI (clinic practitioners list), then close the month again."));
  return findings;
}
