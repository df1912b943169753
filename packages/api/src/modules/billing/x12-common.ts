import type { BillingProvider, ClaimOtherPayer, ClaimRow } from "./claims.js";

/** Separators of our interchanges: element `*`, component `:`, repetition `^`, segment `~` + newline. */
export const X12 = { element: "*", component: ":", repetition: "^", segment: "~" } as const;

/** The most diagnoses one claim carries (HI: 12 on the 837P; the 837I's principal + 11 others, as we send them). */
export const MAX_DIAGNOSES = 12;

export interface Envelope {
  /** ISA13/IEA02 and GS06/GE02: unique per submitter id across clinics (x12_control_number). */
  controlNumber: number;
  /** When the file is created (ISA09/10, GS04/05, BHT04/05), UTC. */
  createdAt: Date;
  /** ISA15: P production, T test (billing_setting.usage_indicator). */
  usage: "P" | "T";
  serviceMonth: string;
}

/** X12 text must not contain the delimiters; names are upper-cased like claim forms. */
export const clean = (text: string) =>
  text.normalize("NFKD").replace(/[^\x20-\x7e]/g, "").replace(/[*:^~]/g, " ").replace(/\s+/g, " ").trim().toUpperCase();
const pad = (text: string, width: number) => text.padEnd(width, " ").slice(0, width);
export const ymd = (iso: string) => iso.replaceAll("-", "");

export const segment = (...elements: (string | number)[]) => {
  let end = elements.length;
  while (end > 1 && elements[end - 1] === "") end -= 1; // trailing empty elements are dropped
  return elements.slice(0, end).join(X12.element) + X12.segment;
};

/** Claim frequency (CLM05-3): 1 original, 7 replacement of a prior claim, 8 void of a prior claim. */
export type FrequencyCode = "1" | "7" | "8";

/** One claim as an export sends it: the patient-month, its stable control number and what this sending is. */
export interface ClaimToSend<Row> {
  row: Row;
  /** CLM01: the patient control number (claim.patient_control_number), the same in every version. */
  patientControlNumber: string;
  frequency: FrequencyCode;
  /** REF*F8 of a replacement or void: the payer's claim number of the claim it corrects. */
  payerClaimControlNumber: string | null;
}

/** ISA + GS, for an implementation guide (GS08); GS01 is HC for claims, HS for a 270 inquiry. */
export function envelopeHeader(p: Pick<BillingProvider, "submitterId" | "receiverId">, e: Envelope, implementation: string, functionalId: "HC" | "HS" = "HC"): string[] {
  const date = e.createdAt.toISOString();
  const control = String(e.controlNumber).padStart(9, "0");
  return [
    segment("ISA", "00", pad("", 10), "00", pad("", 10), "ZZ", pad(p.submitterId, 15), "ZZ", pad(p.receiverId, 15),
      date.slice(2, 4) + date.slice(5, 7) + date.slice(8, 10), date.slice(11, 13) + date.slice(14, 16), X12.repetition, "00501", control, "0", e.usage, X12.component),
    segment("GS", functionalId, p.submitterId, p.receiverId, ymd(date.slice(0, 10)), date.slice(11, 13) + date.slice(14, 16), e.controlNumber, "X", implementation),
  ];
}

/** ST … BHT, submitter (1000A), receiver (1000B): the same in the 837P and the 837I. */
export function transactionHeader(p: BillingProvider, e: Envelope, implementation: string): string[] {
  const date = e.createdAt.toISOString();
  return [
    segment("ST", "837", "0001", implementation),
    segment("BHT", "0019", "00", `${ymd(e.serviceMonth)}-${e.controlNumber}`, ymd(date.slice(0, 10)), date.slice(11, 13) + date.slice(14, 16), "CH"),
    segment("NM1", "41", "2", clean(p.billingName), "", "", "", "", "46", p.submitterId),
    segment("PER", "IC", clean(p.billingName), "TE", p.contactPhone),
    segment("NM1", "40", "2", clean(p.payerName), "", "", "", "", "46", p.receiverId),
  ];
}

/**
 * The billing provider loop both claim types open with (2000A HL and 2010AA: the clinic's name,
 * NPI, street address and tax id).
 */
export function billingProviderSegments(p: BillingProvider): string[] {
  return [
    segment("HL", 1, "", "20", "1"),
    segment("NM1", "85", "2", clean(p.billingName), "", "", "", "", "XX", p.billingNpi),
    segment("N3", clean(p.addressLine1)),
    segment("N4", clean(p.city), p.state, p.postalCode),
    segment("REF", "EI", p.taxId),
  ];
}

/** SE, GE, IEA around a finished transaction body (ST first), joined one segment a line. */
export function closeInterchange(header: string[], body: string[], e: Envelope): string {
  const control = String(e.controlNumber).padStart(9, "0");
  const withSe = [...body, segment("SE", body.length + 1, "0001")];
  return [...header, ...withSe, segment("GE", 1, e.controlNumber), segment("IEA", 1, control)].join("\n") + "\n";
}

/** A claim-building problem the close should have stopped (a generator never writes a half claim). */
export class ClaimDataError extends Error {}

/** The claim's diagnoses, principal first, refused beyond what HI holds. */
export function claimDiagnoses(codes: readonly string[], claim: string): string[] {
  if (codes.length === 0) throw new ClaimDataError(`claim ${claim} has no diagnosis`);
  if (codes.length > MAX_DIAGNOSES) throw new ClaimDataError(`claim ${claim} has ${codes.length} diagnoses; a claim holds at most ${MAX_DIAGNOSES}`);
  return codes.map((code) => code.replace(".", "").toUpperCase());
}

/** 2300 REF*F8 for a replacement or void: the payer's number of the claim being corrected. */
export function originalReference<Row>(claim: ClaimToSend<Row>): string[] {
  if (claim.frequency === "1") return [];
  if (!claim.payerClaimControlNumber) throw new ClaimDataError(`claim ${claim.patientControlNumber} corrects a prior claim but the payer's claim number is not known`);
  return [segment("REF", "F8", claim.payerClaimControlNumber)];
}

const CREDENTIALS = new Set(["MD", "DO", "NP", "PA", "PA-C", "PAC", "FNP", "FNP-BC", "FNP-C", "AGNP", "ANP", "DNP", "APRN", "RN", "CNM", "CNS", "PHD", "MBBS", "FACP", "FAAFP", "DPM", "LCSW"]);
const SUFFIXES = new Set(["JR", "SR", "II", "III", "IV"]);
const token = (t: string) => t.replace(/\.$/, "");

export interface PersonName {
  last: string;
  first: string;
  middle: string;
  suffix: string;
}

/**
 * A practitioner's display name as NM1 person name parts. Handles "Dr. Ada Lovelace",
 * "Lovelace, Ada MD", "Ada B. Lovelace, MD" and "Lovelace Jr, Ada": a title is dropped,
 * credentials (which belong on no claim name) are dropped, a generational suffix goes to NM107,
 * and a comma means "last, first".
 */
export function parsePersonName(display: string): PersonName {
  const words = (part: string) => clean(part).split(" ").filter(Boolean);
  const parts = display.split(",");
  // "Ada Lovelace, MD": everything after the comma is credentials, so there is no "last, first".
  const afterComma = parts.slice(1).flatMap(words);
  const commaIsCredentials = afterComma.length > 0 && afterComma.every((w) => CREDENTIALS.has(token(w)));
  let suffix = "";
  // A title leads and credentials or a suffix trail, and only while a name remains: "Anh Do" and
  // "Do, Anh" keep the surname Do although DO is also a credential.
  const withoutTitle = (list: string[], keep: number) => (list.length > keep && ["DR", "DOCTOR"].includes(token(list[0]!)) ? list.slice(1) : list);
  const withoutTrailing = (list: string[], keep: number) => {
    const out = [...list];
    while (out.length > keep && (CREDENTIALS.has(token(out.at(-1)!)) || SUFFIXES.has(token(out.at(-1)!)))) {
      const t = token(out.pop()!);
      if (SUFFIXES.has(t)) suffix = t;
    }
    return out;
  };
  if (parts.length > 1 && !commaIsCredentials) {
    const last = withoutTrailing(words(parts[0]!), 1);
    // Credentials first, then the title, so a lone given name after a title stays ("Aa, Dr MD").
    const rest = withoutTitle(withoutTrailing(parts.slice(1).flatMap(words), 1), 1);
    return { last: last.join(" "), first: rest[0] ?? "", middle: rest.slice(1).join(" ").replace(/\.$/, ""), suffix };
  }
  const all = withoutTrailing(withoutTitle(words(parts[0]!), 2), 2);
  if (all.length === 1) return { last: all[0]!, first: "", middle: "", suffix };
  return { last: all.at(-1)!, first: all[0] ?? "", middle: all.slice(1, -1).join(" ").replace(/\./g, ""), suffix };
}

/**
 * SBR09 claim filing indicator by the coverage's plan type (005010X222A1/X223A2 code list):
 * MB Medicare Part B (MA Medicare Part A on the institutional claim of an RHC/FQHC), 16 Health
 * Maintenance Organization (HMO) Medicare Risk for a Medicare Advantage plan, MC Medicaid (also a
 * QMB secondary: the state Medicaid agency pays), CI Commercial Insurance Co. (commercial plans and
 * Medigap, a private supplement). Decision 0052.
 */
export function claimFilingIndicator(planType: ClaimOtherPayer["planType"], claimType: "837p" | "837i"): string {
  switch (planType) {
    case "medicare":
      return claimType === "837i" ? "MA" : "MB";
    case "medicare_advantage":
      return "16";
    case "medicaid":
    case "qmb":
      return "MC";
    case "medigap":
    case "commercial":
      return "CI";
  }
}

/** 2010BA NM1*IL: the patient as subscriber with the coverage's member id (the MBI for traditional Medicare). */
export function subscriberName(row: ClaimRow, id: string): string {
  if (!row.payer.memberId) throw new ClaimDataError(`claim ${id} has no member id for ${row.payer.name}`);
  if (row.payer.planType === "medicare" && !MBI.test(row.payer.memberId)) throw new ClaimDataError(`claim ${id} goes to traditional Medicare but the member id is not an MBI`);
  return segment("NM1", "IL", "1", clean(row.lastName), clean(row.firstName), "", "", "", "MI", memberIdText(row.payer.memberId));
}

/** The MBI format (CMS): 11 characters, no S, L, O, I, B, Z. */
const MBI = /^[1-9][AC-HJKMNP-RT-Y][AC-HJKMNP-RT-Y0-9][0-9][AC-HJKMNP-RT-Y][AC-HJKMNP-RT-Y0-9][0-9][AC-HJKMNP-RT-Y]{2}[0-9]{2}$/;
const memberIdText = (id: string) => id.toUpperCase();

/** The primary payer's SBR (2000B, SBR01 P, the patient is the subscriber: SBR02 18) with the plan's group number. */
export function primarySbr(row: ClaimRow, claimType: "837p" | "837i"): string {
  return segment("SBR", "P", "18", row.payer.groupNumber ? clean(row.payer.groupNumber) : "", "", "", "", "", "", claimFilingIndicator(row.payer.planType, claimType));
}

/** 2010BB NM1*PR: the payer the claim goes to. */
export const payerName = (row: ClaimRow) => segment("NM1", "PR", "2", clean(row.payer.name), "", "", "", "", "PI", row.payer.ediPayerId);

/**
 * Coordination of benefits where the patient has a secondary coverage: 2320 (SBR*S with the other
 * plan's filing indicator, OI: benefits assigned, release of information), 2330A (the patient as
 * the other plan's subscriber, its member id) and 2330B (the other payer). The 837P's OI carries
 * the patient signature source (OI04 P); the 837I's has no OI04.
 */
export function otherPayerSegments(row: ClaimRow, claimType: "837p" | "837i"): string[] {
  const other = row.secondary;
  if (!other) return [];
  return [
    segment("SBR", "S", "18", other.groupNumber ? clean(other.groupNumber) : "", "", "", "", "", "", claimFilingIndicator(other.planType, claimType)),
    claimType === "837p" ? segment("OI", "", "", "Y", "P", "", "Y") : segment("OI", "", "", "Y", "", "", "Y"),
    segment("NM1", "IL", "1", clean(row.lastName), clean(row.firstName), "", "", "", "MI", memberIdText(other.memberId)),
    segment("NM1", "PR", "2", clean(other.name), "", "", "", "", "PI", other.ediPayerId),
  ];
}
