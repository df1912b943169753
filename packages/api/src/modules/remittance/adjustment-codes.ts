/**
 * CARC (Claim Adjustment Reason Codes) and RARC (Remittance Advice Remark Codes) in plain words,
 * for the codes a Medicare care-management claim commonly carries.
 *
 * Source: the X12 external code lists "Claim Adjustment Reason Codes" (code source 139) and
 * "Remittance Advice Remark Codes" (code source 411, maintained by CMS), as published by X12 and
 * CMS (Medicare Claims Processing Manual, ch. 22 §60 for the group codes). The official texts are
 * long; these are shortened and reworded for a clinic admin, keeping their meaning. A code not
 * listed here is shown as its code (the lists change three times a year; look it up there).
 */

/** CAS01: who carries the adjusted amount. */
export const GROUP_CODES: Record<string, string> = {
  CO: "Contractual obligation (the clinic writes this off; the patient may not be billed)",
  PR: "Patient responsibility (the patient or their supplemental insurer owes this)",
  OA: "Other adjustment",
  PI: "Payer-initiated reduction",
  CR: "Correction or reversal of an earlier claim",
};

export const CARC: Record<string, string> = {
  "1": "Applied to the patient's deductible",
  "2": "Patient's coinsurance",
  "3": "Patient's co-payment",
  "4": "The procedure code does not go with the modifier billed",
  "5": "The procedure code does not go with the place of service",
  "6": "The procedure code does not fit the patient's age",
  "11": "The diagnosis does not support the procedure billed",
  "16": "The claim is missing information or has a billing error; fix it and send it again",
  "18": "Exact duplicate of a claim or service already processed",
  "22": "Another payer may be primary (coordination of benefits)",
  "23": "Reduced by what an earlier payer already paid or adjusted",
  "24": "Covered by a capitation or managed-care plan (e.g. Medicare Advantage); bill that plan",
  "26": "The service was before the patient's coverage began",
  "27": "The service was after the patient's coverage ended",
  "29": "The time limit for filing the claim has passed",
  "31": "The payer cannot identify the patient as its insured",
  "45": "Charge is above the fee schedule (allowed amount); the difference is written off",
  "50": "Not covered: the payer does not consider it medically necessary",
  "96": "Non-covered charge",
  "97": "Already paid as part of another service (bundled)",
  "109": "Not covered by this payer or contractor; send the claim to the right one",
  "119": "The benefit maximum for this period has been reached",
  "140": "The patient's Medicare number and name do not match",
  "151": "The payer finds the records do not support this many services or this frequency",
  "181": "The procedure code was not valid on the date of service",
  "182": "The modifier was not valid on the date of service",
  "197": "Required authorisation or notification was not obtained",
  "204": "Not covered under the patient's current benefit plan",
  "236": "Not billable with another procedure billed for the same day (National Correct Coding Initiative)",
  "253": "Sequestration: the federally mandated reduction of Medicare payments",
  A1: "Claim or service denied",
  B7: "The provider was not certified or eligible to be paid for this service on this date",
  B9: "The patient is enrolled in hospice",
  B15: "Requires a qualifying service that was not received or not covered",
};

export const RARC: Record<string, string> = {
  M15: "Separately billed services were bundled as parts of one procedure",
  M51: "Missing, incomplete or invalid procedure code",
  M76: "Missing, incomplete or invalid diagnosis",
  M80: "Not covered when done on the same date as a service already processed for the patient",
  M86: "Denied because the same or a similar service was already paid in this time frame",
  M127: "The patient's medical record for this service is missing",
  MA01: "If you disagree with what was approved you may appeal; see the notice for how",
  MA04: "Secondary payment needs the primary payer's payment information",
  MA18: "The claim was also forwarded to the patient's supplemental insurer",
  MA130: "The claim is incomplete or invalid and cannot be appealed; send a new, corrected claim",
  N19: "The procedure is incidental to the main procedure",
  N20: "Not payable with another service on the same date",
  N30: "The patient is not eligible for this service",
  N56: "The procedure code is not valid for the services or the date billed",
  N102: "Denied without review because the requested records did not arrive in time",
  N130: "See the plan's coverage rules for restrictions on this service",
  N211: "This decision cannot be appealed",
  N286: "Missing, incomplete or invalid referring provider identifier",
  N290: "Missing, incomplete or invalid rendering provider identifier (NPI)",
  N362: "More days or units than the payer accepts",
  N386: "Decided under a National Coverage Determination (NCD)",
  N425: "A service Medicare excludes by law",
  N432: "Adjusted after a Recovery Audit",
  N522: "Duplicate of a claim already processed or to be processed as a crossover",
};

/** "CO-45: Charge is above …"; an unknown code is shown as the code alone. */
export function describeAdjustment(group: string, reason: string): string {
  const text = CARC[reason];
  return text ? `${group}-${reason}: ${text}` : `${group}-${reason}`;
}

export function describeRemark(code: string): string {
  const text = RARC[code];
  return text ? `${code}: ${text}` : code;
}
