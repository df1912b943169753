// Vendor pricing: turns the billed lines of an approved month close into invoice lines under a
// clinic's contract. Pure and deterministic (integer cents, no clock, no I/O), so an invoice can
// be recomputed from the contract row and the worksheet rows it names and must come out the same.
import { createHash } from "node:crypto";

/** One billed code of a patient-month, as the month close priced it for Medicare. */
export interface BilledCode {
  code: string;
  units: number;
  /** What the clinic expects Medicare to pay for these units, in cents. */
  expectedReimbursementCents: number;
}

/** A billed patient-month from the approved worksheet (the input of invoicing). */
export interface BilledWorksheetLine {
  /** result_hash of the worksheet row (the row is tenant × service month × patient). */
  worksheetResultHash: string | null;
  patientId: string;
  serviceMonth: string;
  codes: BilledCode[];
}

export type Pricing =
  | { model: "per_patient_month"; feePerPatientMonthCents: number }
  | { model: "per_code"; codeFeesCents: Record<string, number> }
  | { model: "percent_of_reimbursement"; percentBasisPoints: number };

export interface ContractTerms {
  id: string;
  effectiveFromMonth: string;
  pricing: Pricing;
  monthlyMinimumCents: number;
  paymentTermsDays: number;
}

export type PricedLineKind = "patient_month" | "code" | "percent" | "minimum_top_up";

export interface PricedLine {
  kind: PricedLineKind;
  description: string;
  patientId: string | null;
  worksheetResultHash: string | null;
  code: string | null;
  units: number;
  unitAmountCents: number;
  amountCents: number;
}

export interface PricedInvoice {
  contractId: string;
  serviceMonth: string;
  lines: PricedLine[];
  subtotalCents: number;
  minimumTopUpCents: number;
  totalCents: number;
  /** sha256 of the canonical inputs; equal inputs always give equal checksums. */
  inputsChecksum: string;
}

export class PricingError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PricingError";
  }
}

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

const assertCents = (value: number, what: string) => {
  if (!Number.isSafeInteger(value) || value < 0) throw new PricingError(`${what} must be a whole, non-negative number of cents (got ${value}).`);
};

/**
 * The contract in force for a service month: the one with the latest effective month that is not
 * after it. Null when the clinic had no contract yet. Ties cannot happen (one contract per month).
 */
export function selectContract<T extends { effectiveFromMonth: string }>(contracts: readonly T[], serviceMonth: string): T | null {
  if (!MONTH.test(serviceMonth)) throw new PricingError(`Service month "${serviceMonth}" is not YYYY-MM.`);
  let best: T | null = null;
  for (const c of contracts) {
    if (c.effectiveFromMonth <= serviceMonth && (!best || c.effectiveFromMonth > best.effectiveFromMonth)) best = c;
  }
  return best;
}

/** Rounds `cents × basisPoints / 10 000` half up, in exact integer arithmetic. */
export function percentOfCents(cents: number, basisPoints: number): number {
  return Number((BigInt(cents) * BigInt(basisPoints) + 5000n) / 10000n);
}

const formatPercent = (bp: number) => `${(bp / 100).toFixed(2)}%`;
const formatDollars = (cents: number) => `$${(cents / 100).toFixed(2)}`;

function validate(contract: ContractTerms, serviceMonth: string, lines: readonly BilledWorksheetLine[]) {
  if (!MONTH.test(serviceMonth)) throw new PricingError(`Service month "${serviceMonth}" is not YYYY-MM.`);
  if (contract.effectiveFromMonth > serviceMonth) throw new PricingError(`The contract starts in ${contract.effectiveFromMonth}, after ${serviceMonth}.`);
  assertCents(contract.monthlyMinimumCents, "The monthly minimum");
  const p = contract.pricing;
  if (p.model === "per_patient_month") assertCents(p.feePerPatientMonthCents, "The fee per patient-month");
  if (p.model === "per_code") for (const [code, fee] of Object.entries(p.codeFeesCents)) assertCents(fee, `The fee for ${code}`);
  if (p.model === "percent_of_reimbursement" && !(Number.isInteger(p.percentBasisPoints) && p.percentBasisPoints >= 0 && p.percentBasisPoints <= 10000)) {
    throw new PricingError("The percentage must be between 0 and 100.00 % (0–10 000 basis points).");
  }
  const seen = new Set<string>();
  for (const line of lines) {
    if (line.serviceMonth !== serviceMonth) throw new PricingError(`A worksheet line of ${line.serviceMonth} cannot go on the ${serviceMonth} invoice.`);
    if (seen.has(line.patientId)) throw new PricingError("A patient appears twice in the month's billed lines.");
    seen.add(line.patientId);
    for (const c of line.codes) {
      if (!Number.isSafeInteger(c.units) || c.units < 1) throw new PricingError(`Units of ${c.code} must be a whole number of at least 1.`);
      assertCents(c.expectedReimbursementCents, `The expected reimbursement of ${c.code}`);
    }
  }
}

function priceLine(pricing: Pricing, line: BilledWorksheetLine, month: string): PricedLine[] {
  const base = { patientId: line.patientId, worksheetResultHash: line.worksheetResultHash };
  switch (pricing.model) {
    case "per_patient_month": {
      const fee = pricing.feePerPatientMonthCents;
      return [{ ...base, kind: "patient_month", description: `Care management, patient-month ${month}`, code: null, units: 1, unitAmountCents: fee, amountCents: fee }];
    }
    case "per_code":
      // Codes the schedule does not list are not charged.
      return [...line.codes]
        .sort((a, b) => a.code.localeCompare(b.code))
        .filter((c) => pricing.codeFeesCents[c.code] !== undefined)
        .map((c) => {
          const fee = pricing.codeFeesCents[c.code]!;
          return { ...base, kind: "code" as const, description: `${c.code} × ${c.units}, patient-month ${month}`, code: c.code, units: c.units, unitAmountCents: fee, amountCents: fee * c.units };
        });
    case "percent_of_reimbursement": {
      const expected = line.codes.reduce((sum, c) => sum + c.expectedReimbursementCents, 0);
      const amount = percentOfCents(expected, pricing.percentBasisPoints);
      return [{ ...base, kind: "percent", description: `${formatPercent(pricing.percentBasisPoints)} of expected reimbursement ${formatDollars(expected)}, patient-month ${month}`, code: null, units: 1, unitAmountCents: amount, amountCents: amount }];
    }
  }
}

/** Canonical JSON (sorted keys) so the checksum does not depend on property or line order. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value && typeof value === "object") {
    return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

const byPatient = (a: BilledWorksheetLine, b: BilledWorksheetLine) => (a.patientId < b.patientId ? -1 : a.patientId > b.patientId ? 1 : 0);

/**
 * Prices one month for one clinic. Only patient-months with at least one billed code are charged;
 * lines come out ordered by patient (then code), whatever the input order; when the subtotal is
 * under the contract's monthly minimum, one top-up line brings the total to exactly the minimum.
 */
export function priceInvoice(contract: ContractTerms, serviceMonth: string, billed: readonly BilledWorksheetLine[]): PricedInvoice {
  validate(contract, serviceMonth, billed);
  const ordered = billed.filter((l) => l.codes.length > 0).sort(byPatient);
  const lines = ordered.flatMap((l) => priceLine(contract.pricing, l, serviceMonth));
  const subtotalCents = lines.reduce((sum, l) => sum + l.amountCents, 0);
  const minimumTopUpCents = Math.max(0, contract.monthlyMinimumCents - subtotalCents);
  if (minimumTopUpCents > 0) {
    lines.push({ kind: "minimum_top_up", description: `Monthly minimum ${formatDollars(contract.monthlyMinimumCents)} (top-up), ${serviceMonth}`, patientId: null, worksheetResultHash: null, code: null, units: 1, unitAmountCents: minimumTopUpCents, amountCents: minimumTopUpCents });
  }
  const inputs = { contract: { ...contract }, serviceMonth, billed: ordered.map((l) => ({ ...l, codes: [...l.codes].sort((a, b) => a.code.localeCompare(b.code)) })) };
  const inputsChecksum = createHash("sha256").update(canonical(inputs)).digest("hex");
  return { contractId: contract.id, serviceMonth, lines, subtotalCents, minimumTopUpCents, totalCents: subtotalCents + minimumTopUpCents, inputsChecksum };
}
