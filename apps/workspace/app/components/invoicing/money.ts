import type { Tone } from "@carefold/ui";

export const formatMoney = (cents: number) => (cents / 100).toLocaleString("en-US", { style: "currency", currency: "USD" });

/** "35", "35.5" or "35.50" dollars → 3550 cents, exactly (no floating point); null when not money. */
export function parseDollars(text: string): number | null {
  const m = text.trim().replace(/^\$/, "").replace(/,/g, "").match(/^(\d{1,7})(?:\.(\d{1,2}))?$/);
  if (!m) return null;
  return Number(m[1]) * 100 + Number((m[2] ?? "").padEnd(2, "0"));
}

/** Like parseDollars but allows a leading minus (adjustments that credit the clinic). */
export function parseSignedDollars(text: string): number | null {
  const t = text.trim();
  const negative = t.startsWith("-") || t.startsWith("−");
  const cents = parseDollars(negative ? t.slice(1) : t);
  return cents === null ? null : negative ? -cents : cents;
}

/** "15" or "15.25" percent → 1525 basis points; null otherwise. */
export function parsePercent(text: string): number | null {
  const m = text.trim().replace(/%$/, "").trim().match(/^(\d{1,3})(?:\.(\d{1,2}))?$/);
  if (!m) return null;
  return Number(m[1]) * 100 + Number((m[2] ?? "").padEnd(2, "0"));
}

/** "99490=42.00, 99439=30" → { "99490": 4200, "99439": 3000 }; null when any part is malformed. */
export function parseCodeFees(text: string): Record<string, number> | null {
  const fees: Record<string, number> = {};
  for (const part of text.split(/[,;\n]/).map((p) => p.trim()).filter(Boolean)) {
    const [code, amount] = part.split(/\s*[=:]\s*/);
    const cents = amount === undefined ? null : parseDollars(amount);
    if (!code || !/^[0-9A-Z]{5}$/.test(code.toUpperCase()) || cents === null) return null;
    fees[code.toUpperCase()] = cents;
  }
  return Object.keys(fees).length ? fees : null;
}

export const INVOICE_STATUS: Record<string, [Tone, string]> = {
  draft: ["neutral", "Draft"],
  sending: ["brand", "Sending"],
  open: ["warning", "Open"],
  paid: ["success", "Paid"],
  void: ["muted", "Void"],
};

export const PRICING_LABEL: Record<string, string> = {
  per_patient_month: "Per billed patient-month",
  per_code: "Fee schedule per code",
  percent_of_reimbursement: "Percentage of expected reimbursement",
};

export type PricingView =
  | { model: "per_patient_month"; feePerPatientMonthCents: number }
  | { model: "per_code"; codeFeesCents: Record<string, number> }
  | { model: "percent_of_reimbursement"; percentBasisPoints: number };

export function describePricing(p: PricingView): string {
  if (p.model === "per_patient_month") return `${formatMoney(p.feePerPatientMonthCents)} per billed patient-month`;
  if (p.model === "per_code") return Object.entries(p.codeFeesCents).map(([code, cents]) => `${code} ${formatMoney(cents)}`).join(" · ");
  return `${(p.percentBasisPoints / 100).toFixed(2)} % of expected reimbursement`;
}
