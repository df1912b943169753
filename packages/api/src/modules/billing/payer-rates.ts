import { calculateCoinsuranceCents, rateCentsOn, type PayerPlanType, type RateBasis, type RuleOptions } from "@carefold/ccm-rules";
import type { ScopedTx } from "@carefold/db";

/**
 * The rate lookup program choice prices lines with: a code's per-unit amount and its basis for
 * the payer in force, and the patient's share. Issue 24 item 2 (branch h24money) owns the one
 * per-payer rate function the close uses; this interface is the seam it plugs into, and
 * `loadStandInPayerRates` is the stand-in until it is merged (decision 0055).
 */
export interface PayerRates {
  /** Per-unit allowed amount in cents, or undefined when no amount is known for the date. */
  unitRate(code: string, dateOfService: string): { cents: number | undefined; basis: Exclude<RateBasis, "unpriced"> };
  /** What the patient owes of an allowed amount (0 when a secondary payer owes the share). */
  patientShareCents(allowedCents: number): number;
}

export interface PayerInForce {
  payerId: string;
  planType: PayerPlanType;
  /** The secondary coverage's plan type in force on the same date, if any. */
  secondaryPlanType: PayerPlanType | null;
}

/** Secondary plans that pay the patient's 20 % (Medigap) or owe it for the patient (QMB, Medicaid): issue 24 item 2. */
const SHARE_PAID_BY_SECONDARY: ReadonlySet<PayerPlanType> = new Set(["medigap", "qmb", "medicaid"]);

/**
 * Stand-in: a payer other than traditional Medicare uses its contracted amount for the code and
 * year where the clinic entered one (payer_fee_schedule_rate), else Medicare's, marked assumed;
 * Medicare's amount is the clinic's fee schedule override, else the national table — the same
 * amount the rules engine prices the worksheet with (priceUnit), so the CCM amount agrees.
 */
export async function loadStandInPayerRates(tx: ScopedTx, tenantId: string, payer: PayerInForce, options: Partial<RuleOptions>): Promise<PayerRates> {
  const contracted = new Map<string, number>();
  if (payer.planType !== "medicare") {
    const rows = await tx.payerFeeScheduleRate.findMany({ where: { tenantId, payerId: payer.payerId }, select: { code: true, year: true, cents: true } });
    for (const r of rows) contracted.set(`${r.code}:${r.year}`, r.cents);
  }
  const conversionFactor = options.conversionFactor ?? "non_qp";
  const noShare = SHARE_PAID_BY_SECONDARY.has(payer.secondaryPlanType ?? "medicare") || payer.planType === "qmb";
  return {
    unitRate(code, dateOfService) {
      const year = Number(dateOfService.slice(0, 4));
      const own = contracted.get(`${code}:${year}`);
      if (own !== undefined) return { cents: own, basis: "contracted" };
      const cents = options.feeSchedule?.[code]?.[year] ?? rateCentsOn(code, dateOfService, conversionFactor);
      return { cents, basis: payer.planType === "medicare" ? "medicare" : "medicare_assumed" };
    },
    patientShareCents: (allowed) => (noShare ? 0 : calculateCoinsuranceCents(allowed)),
  };
}
