import { invalidInput } from "../../errors.js";
import { toCents, tokenizeX12 } from "./x12-tokens.js";

export type AckStatus = "accepted" | "accepted_with_errors" | "partially_accepted" | "rejected";

/** One acknowledgment: of a whole claim file (999) or of one claim in it (277CA). */
export interface Acknowledgment {
  /** 999: AK102, the GS06 of the file it answers (our claim_export.control_number). */
  groupControlNumber: number | null;
  /** 277CA: TRN02 of the patient level, the patient control number we sent in CLM01. */
  patientControlNumber: string | null;
  /** 277CA: REF*1K of the patient level, the payer's claim number (ICN) for an accepted claim. */
  payerClaimControlNumber: string | null;
  status: AckStatus;
  /** What the payer said, in its codes (IK3/IK4 errors for a 999; STC category:status for a 277CA). */
  reasons: string[];
  chargeCents: number | null;
}

const AK9: Record<string, AckStatus> = { A: "accepted", E: "accepted_with_errors", P: "partially_accepted", R: "rejected", M: "rejected", W: "rejected", X: "rejected" };

/** IK304 (segment) and IK403 (element) syntax error codes, the common ones in plain words. */
const SEGMENT_ERRORS: Record<string, string> = {
  "1": "unrecognised segment", "2": "unexpected segment", "3": "required segment missing", "4": "loop occurs too often",
  "5": "segment exceeds maximum use", "8": "segment has data element errors", "I6": "implementation not used segment present",
};
const ELEMENT_ERRORS: Record<string, string> = {
  "1": "required element missing", "2": "conditional element missing", "4": "value too short", "5": "value too long",
  "6": "invalid character", "7": "invalid code value", "8": "invalid date", "I12": "implementation pattern match failure",
};

/**
 * Parses a 999 implementation acknowledgment: one entry per functional group answered (AK1…AK9),
 * with the segment/element errors it lists (IK3/IK4) in plain words.
 */
export function parse999(text: string): Acknowledgment[] {
  const doc = tokenizeX12(text);
  if (doc.transactionSet !== "999") throw invalidInput(`This is a ${doc.transactionSet} file, not a 999 acknowledgment.`);
  const out: Acknowledgment[] = [];
  let current: Acknowledgment | null = null;
  let segmentId = "";
  for (const s of doc.segments) {
    if (s.id === "AK1") {
      current = { groupControlNumber: Number(s.el(2)) || null, patientControlNumber: null, payerClaimControlNumber: null, status: "accepted", reasons: [], chargeCents: null };
      out.push(current);
    } else if (current && s.id === "IK3") {
      segmentId = s.el(1);
      current.reasons.push(`Segment ${segmentId} (line ${s.el(2)}): ${SEGMENT_ERRORS[s.el(4)] ?? `error ${s.el(4)}`}`);
    } else if (current && s.id === "IK4") {
      current.reasons.push(`${segmentId} element ${s.components(1)[0] ?? ""}: ${ELEMENT_ERRORS[s.el(3)] ?? `error ${s.el(3)}`}${s.el(4) ? ` ("${s.el(4)}")` : ""}`);
    } else if (current && s.id === "AK9") {
      current.status = AK9[s.el(1)] ?? "rejected";
    }
  }
  if (out.length === 0) throw invalidInput("The 999 answers no claim file (no AK1 segment).");
  return out;
}

/** STC01-1 categories of the 277CA: A1/A2 acknowledged or accepted; A3 returned; A4 not found; A6/A7 rejected; A8 rejected for relational errors. */
const ACCEPTED_CATEGORIES = new Set(["A0", "A1", "A2", "A5"]);

/**
 * Parses a 277CA claim acknowledgment (005010X214): one entry per claim (the patient level, HL
 * code PT) with its TRN02 patient control number, STC status and, once the payer accepted it, its
 * REF*1K claim number. A claim whose STC category is not
 * an acceptance is rejected; the category and status codes are kept as the reason.
 */
export function parse277ca(text: string): Acknowledgment[] {
  const doc = tokenizeX12(text);
  if (doc.transactionSet !== "277") throw invalidInput(`This is a ${doc.transactionSet} file, not a 277CA claim acknowledgment.`);
  const out: Acknowledgment[] = [];
  let atPatient = false;
  let current: Acknowledgment | null = null;
  for (const s of doc.segments) {
    if (s.id === "HL") {
      atPatient = s.el(3) === "PT";
      current = null;
    } else if (atPatient && s.id === "TRN") {
      current = { groupControlNumber: null, patientControlNumber: s.el(2), payerClaimControlNumber: null, status: "accepted", reasons: [], chargeCents: null };
      out.push(current);
    } else if (current && s.id === "STC") {
      const [category = "", status = ""] = s.components(1);
      if (!ACCEPTED_CATEGORIES.has(category)) current.status = "rejected";
      current.reasons.push(`${category}:${status}${s.el(12) ? ` ${s.el(12)}` : ""}`);
      if (s.el(4)) current.chargeCents = toCents(s.el(4));
    } else if (current && s.id === "REF" && s.el(1) === "1K") {
      current.payerClaimControlNumber = s.el(2) || null;
    }
  }
  if (out.length === 0) throw invalidInput("The 277CA lists no claim (no patient-level TRN).");
  return out;
}
