import { diagnosisPointers, type BillingProvider, type ClaimRow } from "./claims.js";
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

export { X12, type Envelope } from "./x12-common.js";
export const IMPLEMENTATION = "005010X222A1";

/**
 * Places of service CCM may carry on our 837P. Our amounts are the PFS non-facility amounts, so
 * only non-facility places fit: 11 office and 49 independent clinic. Telehealth POS 02/10 are for
 * services on the Medicare telehealth list (CCM is a non-face-to-face service, not telehealth), and
 * 19/22 (outpatient hospital) are facility places paid at the facility rate. Decision 0045.
 */
export const CCM_PLACES_OF_SERVICE = ["11", "49"] as const;

const SEX: Record<ClaimRow["sex"], string> = { female: "F", male: "M", other: "U", unknown: "U" };

/**
 * The first patient control number of a patient-month (≤ 20 characters, CLM01): month + patient.
 * Stored in `claim` the first time the month is exported and read from there afterwards.
 */
export const claimIdOf = (serviceMonth: string, patientId: string) => `${ymd(serviceMonth)}${patientId.replaceAll("-", "").slice(0, 14).toUpperCase()}`;

/** Loop 2000B/2010BA/2010BB/2300/2310B/2400 for one patient-month. */
function claimSegments(claim: ClaimToSend<ClaimRow>, hl: number, p: BillingProvider): string[] {
  const { row } = claim;
  const id = claim.patientControlNumber;
  // The patient is the subscriber (SBR02 18), so 2010BA needs the address (N3/N4).
  if (!row.address) throw new ClaimDataError(`claim ${id} has no patient address`);
  if (!row.renderingNpi || !row.renderingName) throw new ClaimDataError(`claim ${id} has no rendering practitioner with an NPI`);
  const diagnoses = claimDiagnoses(row.diagnosisCodes, id);
  const pointers = diagnosisPointers(diagnoses).join(X12.component);
  const rendering = parsePersonName(row.renderingName);
  const out = [
    segment("HL", hl, 1, "22", "0"),
    primarySbr(row, "837p"),
    subscriberName(row, id),
    segment("N3", clean(row.address.line1)),
    segment("N4", clean(row.address.city), row.address.state, row.address.postalCode.replace("-", "")),
    segment("DMG", "D8", ymd(row.dateOfBirth), SEX[row.sex]),
    payerName(row),
    segment("CLM", id, dollars(row.amountCents), "", "", [p.placeOfService, "B", claim.frequency].join(X12.component), "Y", "A", "Y", "Y"),
    ...originalReference(claim),
    segment("HI", ...diagnoses.map((code, i) => [i === 0 ? "ABK" : "ABF", code].join(X12.component))),
    segment("NM1", "82", "1", rendering.last, rendering.first, rendering.middle, "", rendering.suffix, "XX", row.renderingNpi),
    ...otherPayerSegments(row, "837p"),
  ];
  row.lines.forEach((line, i) => {
    out.push(
      segment("LX", i + 1),
      segment("SV1", ["HC", line.code].join(X12.component), dollars(line.amountCents), "UN", line.units, "", "", pointers),
      segment("DTP", "472", "D8", ymd(row.dateOfService)),
    );
  });
  return out;
}

/**
 * Builds an 837P (005010X222A1) interchange with one claim per patient-month sent: one billing
 * provider (2000A/2010AA), the patient as Medicare subscriber with address (2000B/2010BA, payer
 * 2010BB), a claim (2300) with its frequency (original, replacement or void with REF*F8), its
 * diagnoses principal first (HI, at most 12) and rendering provider (2310B), and a service line
 * (2400: LX, SV1 with at most 4 diagnosis pointers, DTP*472) per billed code. Throws
 * ClaimDataError instead of writing a claim a payer must reject; `validate837` checks the rest.
 */
export function build837p(claims: readonly ClaimToSend<ClaimRow>[], p: BillingProvider, e: Envelope): string {
  if (claims.length === 0) throw new ClaimDataError("an interchange needs at least one claim");
  const body = [
    ...transactionHeader(p, e, IMPLEMENTATION),
    ...billingProviderSegments(p),
  ];
  claims.forEach((claim, i) => body.push(...claimSegments(claim, i + 2, p)));
  return closeInterchange(envelopeHeader(p, e, IMPLEMENTATION), body, e);
}
