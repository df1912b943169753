import type { BillingProvider, ClaimRow } from "./claims.js";
import { dollars } from "./claims-csv.js";
import {
  billingProviderSegments,
  ClaimDataError,
  X12,
  claimDiagnoses,
  clean,
  closeInterchange,
  envelopeHeader,
  originalReference,
  otherPayerSegments,
  parsePersonName,
  payerName,
  primarySbr,
  subscriberName,
  segment,
  transactionHeader,
  ymd,
  type ClaimToSend,
  type Envelope,
} from "./x12-common.js";
import { lastDayOf } from "./worksheet-row.js";

export const IMPLEMENTATION_837I = "005010X223A2";

/**
 * Type of bill (first two digits, CLM05-1) by setting: 71x rural health clinic, 77x federally
 * qualified health center; the third digit is the claim frequency (711/771 original, 717/777
 * replacement, 718/778 void). Decision 0044 cites the CMS sources.
 */
export const TYPE_OF_BILL = { rhc: "71", fqhc: "77" } as const;

/** Revenue code of RHC/FQHC care-management lines: 0521, clinic visit by a member to an RHC/FQHC (decision 0044). */
export const CARE_MANAGEMENT_REVENUE_CODE = "0521";

const SEX: Record<ClaimRow["sex"], string> = { female: "F", male: "M", other: "U", unknown: "U" };

/** Loop 2000B/2010BA/2010BB/2300/2310A/2400 for one patient-month on an institutional claim. */
function claimSegments(claim: ClaimToSend<ClaimRow>, hl: number, p: BillingProvider, serviceMonth: string): string[] {
  const { row } = claim;
  const id = claim.patientControlNumber;
  if (p.setting === "office") throw new ClaimDataError("an 837I is for RHC and FQHC clinics; this clinic bills on the 837P");
  if (!row.address) throw new ClaimDataError(`claim ${id} has no patient address`);
  if (!row.renderingNpi || !row.renderingName) throw new ClaimDataError(`claim ${id} has no attending practitioner with an NPI`);
  const [principal, ...others] = claimDiagnoses(row.diagnosisCodes, id);
  const attending = parsePersonName(row.renderingName);
  const out = [
    segment("HL", hl, 1, "22", "0"),
    // SBR09 for traditional Medicare is MA: Medicare Part A, the institutional claim filing indicator (RHC/FQHC claims go to the A/B MAC's Part A side).
    primarySbr(row, "837i"),
    subscriberName(row, id),
    segment("N3", clean(row.address.line1)),
    segment("N4", clean(row.address.city), row.address.state, row.address.postalCode.replace("-", "")),
    segment("DMG", "D8", ymd(row.dateOfBirth), SEX[row.sex]),
    payerName(row),
    segment("CLM", id, dollars(row.amountCents), "", "", [TYPE_OF_BILL[p.setting], "A", claim.frequency].join(X12.component), "", "A", "Y", "Y"),
    // Statement period: the service month (care management is a calendar-month service).
    segment("DTP", "434", "RD8", `${ymd(`${serviceMonth}-01`)}-${ymd(lastDayOf(serviceMonth))}`),
    // CL103 patient status 01: discharged to home (outpatient claims carry 01).
    segment("CL1", "", "", "01"),
    ...originalReference(claim),
    segment("HI", ["ABK", principal!].join(X12.component)),
    ...(others.length > 0 ? [segment("HI", ...others.map((code) => ["ABF", code].join(X12.component)))] : []),
    segment("NM1", "71", "1", attending.last, attending.first, attending.middle, "", attending.suffix, "XX", row.renderingNpi),
    ...otherPayerSegments(row, "837i"),
  ];
  row.lines.forEach((line, i) => {
    out.push(
      segment("LX", i + 1),
      segment("SV2", CARE_MANAGEMENT_REVENUE_CODE, ["HC", line.code].join(X12.component), dollars(line.amountCents), "UN", line.units),
      segment("DTP", "472", "D8", ymd(row.dateOfService)),
    );
  });
  return out;
}

/**
 * Builds an 837I (005010X223A2) interchange for an RHC or FQHC: the clinic as billing provider
 * (2000A/2010AA), the patient as Medicare subscriber (2000B/2010BA, payer 2010BB), one claim per
 * patient-month (2300: type of bill 71x/77x with the frequency, statement period, CL1, REF*F8 for a
 * replacement or void, principal and other diagnoses, attending practitioner 2310A) and a
 * revenue-code line (2400: LX, SV2 0521 with the CPT/HCPCS, DTP*472) per billed code.
 */
export function build837i(claims: readonly ClaimToSend<ClaimRow>[], p: BillingProvider, e: Envelope): string {
  if (claims.length === 0) throw new ClaimDataError("an interchange needs at least one claim");
  const body = [
    ...transactionHeader(p, e, IMPLEMENTATION_837I),
    ...billingProviderSegments(p),
  ];
  claims.forEach((claim, i) => body.push(...claimSegments(claim, i + 2, p, e.serviceMonth)));
  return closeInterchange(envelopeHeader(p, e, IMPLEMENTATION_837I), body, e);
}
