import { invalidInput } from "../../errors.js";
import { toCents, toIsoDate, tokenizeX12, type Segment } from "./x12-tokens.js";

/** One CAS triplet: group (CO, PR, OA, PI, CR), CARC reason, amount (positive reduces payment). */
export interface Adjustment {
  group: string;
  reason: string;
  amountCents: number;
}

export interface ServiceLinePayment {
  procedure: string;
  modifiers: string[];
  chargeCents: number;
  paidCents: number;
  units: number;
  serviceDate: string | null;
  adjustments: Adjustment[];
  /** RARC codes (LQ*HE). */
  remarks: string[];
}

/** paid: paid as billed less contract and patient shares; adjusted: paid with other reductions (or
 * nothing paid because the patient owes all of it); denied: nothing paid and nothing owed by the
 * patient, or the payer says denied (CLP02 = 4); reversed: the payer took back an earlier payment. */
export type ClaimOutcome = "paid" | "adjusted" | "denied" | "reversed";

export interface ClaimPayment {
  /** CLP01: the patient control number we sent in CLM01. */
  patientControlNumber: string;
  /** CLP02: 1/2/3 processed as primary/secondary/tertiary, 4 denied, 19–21 processed and forwarded, 22 reversal, 23 not our claim. */
  statusCode: string;
  chargeCents: number;
  paidCents: number;
  patientResponsibilityCents: number;
  /** CLP07: the payer's claim control number (ICN), what the clinic quotes when calling about it. */
  payerClaimControlNumber: string;
  adjustments: Adjustment[];
  /** RARC codes on the claim (MOA/MIA). */
  remarks: string[];
  lines: ServiceLinePayment[];
  outcome: ClaimOutcome;
}

export interface Remittance {
  payerName: string;
  payeeName: string;
  payeeNpi: string | null;
  /** BPR02 summed over the file's transactions: what actually arrives in the bank. */
  paymentCents: number;
  /** BPR04: CHK cheque, ACH, NON no payment. */
  paymentMethod: string;
  paymentDate: string | null;
  /** TRN02: the cheque or EFT trace number. */
  traceNumber: string;
  /** PLB: provider-level adjustments (positive reduces the payment). */
  providerAdjustmentCents: number;
  claims: ClaimPayment[];
}

const STATUS_DENIED = "4";
const STATUS_REVERSAL = "22";

/** Ordinary shares of a paid claim: the fee-schedule write-off (CO-45) and what the patient owes. */
const isOrdinaryShare = (a: Adjustment) => a.group === "PR" || (a.group === "CO" && (a.reason === "45" || a.reason === "253"));

export function claimOutcome(c: {
  statusCode: string;
  paidCents: number;
  patientResponsibilityCents: number;
  adjustments: readonly Adjustment[];
  lines: readonly { adjustments: readonly Adjustment[] }[];
}): ClaimOutcome {
  if (c.statusCode === STATUS_REVERSAL) return "reversed";
  if (c.statusCode === STATUS_DENIED || (c.paidCents === 0 && c.patientResponsibilityCents === 0)) return "denied";
  const all = [...c.adjustments, ...c.lines.flatMap((l) => l.adjustments)];
  if (c.paidCents > 0 && all.every(isOrdinaryShare)) return "paid";
  return "adjusted";
}

/** CAS01 then up to six (reason, amount, quantity) triplets. */
function casAdjustments(s: Segment): Adjustment[] {
  const out: Adjustment[] = [];
  for (let i = 2; i <= 17; i += 3) {
    if (!s.el(i)) continue;
    out.push({ group: s.el(1), reason: s.el(i), amountCents: toCents(s.el(i + 1)) });
  }
  return out;
}

/**
 * Parses an 835 (005010X221A1) health care claim payment/advice into its payment and one entry per
 * claim (CLP) with its adjustments (CAS), remarks (MOA, MIA, LQ) and service lines (SVC). Every
 * claim must balance — billed minus paid equals its adjustments — as the implementation guide
 * requires; a file that does not is refused whole, since its numbers cannot be trusted.
 */
export function parse835(text: string): Remittance {
  const doc = tokenizeX12(text);
  if (doc.transactionSet !== "835") {
    throw invalidInput(`This is a ${doc.transactionSet} file, not an 835 remittance. Upload it as ${doc.transactionSet === "999" ? "a 999" : doc.transactionSet === "277" ? "a 277CA" : "its own kind"}.`);
  }
  const out: Remittance = { payerName: "", payeeName: "", payeeNpi: null, paymentCents: 0, paymentMethod: "", paymentDate: null, traceNumber: "", providerAdjustmentCents: 0, claims: [] };
  let claim: ClaimPayment | null = null;
  let line: ServiceLinePayment | null = null;
  for (const s of doc.segments) {
    switch (s.id) {
      case "BPR":
        out.paymentCents += toCents(s.el(2));
        out.paymentMethod = s.el(4);
        out.paymentDate = toIsoDate(s.el(16)) ?? out.paymentDate;
        break;
      case "TRN":
        out.traceNumber ||= s.el(2);
        break;
      case "N1":
        if (s.el(1) === "PR") out.payerName ||= s.el(2);
        if (s.el(1) === "PE") {
          out.payeeName ||= s.el(2);
          if (s.el(3) === "XX") out.payeeNpi ??= s.el(4);
        }
        break;
      case "CLP":
        if (!s.el(1)) throw invalidInput("A claim payment (CLP) has no patient control number.");
        claim = {
          patientControlNumber: s.el(1),
          statusCode: s.el(2),
          chargeCents: toCents(s.el(3)),
          paidCents: toCents(s.el(4)),
          patientResponsibilityCents: toCents(s.el(5)),
          payerClaimControlNumber: s.el(7),
          adjustments: [],
          remarks: [],
          lines: [],
          outcome: "paid",
        };
        line = null;
        out.claims.push(claim);
        break;
      case "CAS":
        if (!claim) break;
        (line ?? claim).adjustments.push(...casAdjustments(s));
        break;
      case "MOA":
        if (claim) claim.remarks.push(...[3, 4, 5, 6, 7].map((i) => s.el(i)).filter(Boolean));
        break;
      case "MIA":
        if (claim) claim.remarks.push(...[5, 20, 21, 22, 23].map((i) => s.el(i)).filter(Boolean));
        break;
      case "SVC": {
        if (!claim) break;
        const [, procedure = "", ...modifiers] = s.components(1);
        line = { procedure, modifiers: modifiers.filter(Boolean), chargeCents: toCents(s.el(2)), paidCents: toCents(s.el(3)), units: Number(s.el(5) || "1"), serviceDate: null, adjustments: [], remarks: [] };
        claim.lines.push(line);
        break;
      }
      case "DTM":
        if (line && (s.el(1) === "472" || s.el(1) === "150")) line.serviceDate = toIsoDate(s.el(2));
        break;
      case "LQ":
        if (line && s.el(1) === "HE") line.remarks.push(s.el(2));
        break;
      case "PLB":
        for (let i = 4; i <= 14; i += 2) if (s.el(i)) out.providerAdjustmentCents += toCents(s.el(i));
        claim = null;
        line = null;
        break;
      case "SE":
        claim = null;
        line = null;
        break;
    }
  }
  for (const c of out.claims) {
    const adjusted = [...c.adjustments, ...c.lines.flatMap((l) => l.adjustments)].reduce((sum, a) => sum + a.amountCents, 0);
    if (c.chargeCents - c.paidCents !== adjusted) {
      throw invalidInput(`The claim payment for patient control number ${c.patientControlNumber} does not balance (billed minus paid is not the sum of its adjustments), so this 835 cannot be trusted. Ask your clearinghouse for a corrected file.`);
    }
    c.outcome = claimOutcome(c);
  }
  return out;
}
