import { diagnosisPointers, type BillingProvider, type ClaimRow } from "./claims.js";
import { dollars } from "./claims-csv.js";

/** Separators of our interchanges: element `*`, component `:`, repetition `^`, segment `~` + newline. */
export const X12 = { element: "*", component: ":", repetition: "^", segment: "~" } as const;
export const IMPLEMENTATION = "005010X222A1";

export interface Envelope {
  /** ISA13/IEA02 and GS06/GE02: unique per clinic (claim_export.control_number). */
  controlNumber: number;
  /** When the file is created (ISA09/10, GS04/05, BHT04/05), UTC. */
  createdAt: Date;
  /** ISA15: P production, T test. */
  usage: "P" | "T";
  serviceMonth: string;
}

/** X12 text must not contain the delimiters; names are upper-cased like claim forms. */
const clean = (text: string) => text.normalize("NFKD").replace(/[^\x20-\x7e]/g, "").replace(/[*:^~]/g, " ").replace(/\s+/g, " ").trim().toUpperCase();
const pad = (text: string, width: number) => text.padEnd(width, " ").slice(0, width);
const ymd = (iso: string) => iso.replaceAll("-", "");
const SEX: Record<ClaimRow["sex"], string> = { female: "F", male: "M", other: "U", unknown: "U" };

/** Claim id (CLM01, ≤ 20 chars): month + patient, so a re-export of the month carries the same ids. */
export const claimIdOf = (serviceMonth: string, patientId: string) => `${ymd(serviceMonth)}${patientId.replaceAll("-", "").slice(0, 14).toUpperCase()}`;

const segment = (...elements: (string | number)[]) => {
  let end = elements.length;
  while (end > 1 && elements[end - 1] === "") end -= 1; // trailing empty elements are dropped
  return elements.slice(0, end).join(X12.element) + X12.segment;
};

function envelopeHeader(p: BillingProvider, e: Envelope): string[] {
  const date = e.createdAt.toISOString();
  const control = String(e.controlNumber).padStart(9, "0");
  return [
    segment("ISA", "00", pad("", 10), "00", pad("", 10), "ZZ", pad(p.submitterId, 15), "ZZ", pad(p.receiverId, 15),
      date.slice(2, 4) + date.slice(5, 7) + date.slice(8, 10), date.slice(11, 13) + date.slice(14, 16), X12.repetition, "00501", control, "0", e.usage, X12.component),
    segment("GS", "HC", p.submitterId, p.receiverId, ymd(date.slice(0, 10)), date.slice(11, 13) + date.slice(14, 16), e.controlNumber, "X", IMPLEMENTATION),
  ];
}

/** Loop 2000B/2010BA/2010BB/2300/2310B/2400 for one patient-month. */
function claimSegments(row: ClaimRow, hl: number, p: BillingProvider, serviceMonth: string): string[] {
  const pointers = diagnosisPointers(row.diagnosisCodes).join(X12.component);
  const out = [
    segment("HL", hl, 1, "22", "0"),
    segment("SBR", "P", "18", "", "", "", "", "", "", "MB"),
    segment("NM1", "IL", "1", clean(row.lastName), clean(row.firstName), "", "", "", "MI", row.mbi ?? ""),
  ];
  if (row.address) {
    out.push(segment("N3", clean(row.address.line1)), segment("N4", clean(row.address.city), row.address.state, row.address.postalCode.replace("-", "")));
  }
  out.push(
    segment("DMG", "D8", ymd(row.dateOfBirth), SEX[row.sex]),
    segment("NM1", "PR", "2", clean(p.payerName), "", "", "", "", "PI", p.payerId),
    segment("CLM", claimIdOf(serviceMonth, row.patientId), dollars(row.amountCents), "", "", [p.placeOfService, "B", "1"].join(X12.component), "Y", "A", "Y", "Y"),
    segment("HI", ...row.diagnosisCodes.map((code, i) => [i === 0 ? "ABK" : "ABF", code.replace(".", "")].join(X12.component))),
  );
  if (row.renderingNpi && row.renderingName) {
    const [first, ...rest] = clean(row.renderingName.replace(/^DR\.?\s+/i, "")).split(" ");
    out.push(segment("NM1", "82", "1", rest.join(" ") || first!, rest.length ? first! : "", "", "", "", "XX", row.renderingNpi));
  }
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
 * Builds an 837P (005010X222A1) interchange with one claim per billable patient-month: one
 * billing provider (2000A/2010AA), the patient as Medicare subscriber (2000B/2010BA, payer
 * 2010BB), a claim (2300) with its diagnoses (HI) and rendering provider (2310B), and a service
 * line (2400: LX, SV1 with diagnosis pointers, DTP*472) per billed code. Segment counts and
 * control numbers are computed, and `validate837p` checks them in the tests.
 */
export function build837p(rows: readonly ClaimRow[], p: BillingProvider, e: Envelope): string {
  const date = e.createdAt.toISOString();
  const body = [
    segment("ST", "837", "0001", IMPLEMENTATION),
    segment("BHT", "0019", "00", `${ymd(e.serviceMonth)}-${e.controlNumber}`, ymd(date.slice(0, 10)), date.slice(11, 13) + date.slice(14, 16), "CH"),
    segment("NM1", "41", "2", clean(p.billingName), "", "", "", "", "46", p.submitterId),
    segment("PER", "IC", clean(p.billingName), "TE", p.contactPhone),
    segment("NM1", "40", "2", clean(p.payerName), "", "", "", "", "46", p.receiverId),
    segment("HL", 1, "", "20", "1"),
    segment("NM1", "85", "2", clean(p.billingName), "", "", "", "", "XX", p.billingNpi),
    segment("N3", clean(p.addressLine1)),
    segment("N4", clean(p.city), p.state, p.postalCode),
    segment("REF", "EI", p.taxId),
  ];
  rows.forEach((row, i) => body.push(...claimSegments(row, i + 2, p, e.serviceMonth)));
  body.push(segment("SE", body.length + 1, "0001"));
  const control = String(e.controlNumber).padStart(9, "0");
  return [...envelopeHeader(p, e), ...body, segment("GE", 1, e.controlNumber), segment("IEA", 1, control)].join("\n") + "\n";
}
