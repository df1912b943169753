import type { Tone } from "@carefold/ui";

export const formatMoney = (cents: number) => (cents / 100).toLocaleString("en-US", { style: "currency", currency: "USD" });

/** How an invoice's status reads to a clinic. */
export const CLINIC_INVOICE_STATUS: Record<string, [Tone, string]> = {
  sending: ["brand", "Being issued"],
  open: ["warning", "Due"],
  paid: ["success", "Paid"],
  void: ["muted", "Void"],
};
