import { calculateCoinsuranceCents, formatCents, priceUnit, type ConversionFactorChoice, type FeeSchedule, type Finding, type RuleOptions } from "@carefold/ccm-rules";
import type { ScopedTx } from "@carefold/db";

/**
 * Issue 24 items 2–3 (money): what a patient-month is worth under the patient's payer, and who pays
 * the cost sharing. Decisions 0050 (rates per payer) and 0051 (patient share).
 */

/** payer.plan_type: the payer directory's kinds of payer. */
export type PayerPlanType = "medicare" | "medicare_advantage" | "medigap" | "medicaid" | "commercial";
/** patient_coverage.plan_type: the patient's plan under the payer ('qmb': Medicaid paying Medicare cost sharing). */
export type CoveragePlanType = PayerPlanType | "qmb";
/** How a line (and a row) was priced. */
export type RateBasis = "contracted" | "medicare" | "assumed_medicare";

/** One payer of the clinic's directory as the close prices with it. */
export interface PayerPricing {
  id: string;
  name: string;
  planType: PayerPlanType;
  /** The payer's contracted per-unit cents by code then year (payer_fee_schedule_rate); empty when none is entered. */
  contracted: FeeSchedule;
}

/** Traditional Medicare's price list for the clinic: its own fee schedule over the national table, and its conversion factor (QP or not). */
export interface MedicarePricing {
  conversionFactor?: ConversionFactorChoice;
  feeSchedule?: FeeSchedule;
}

export interface LineRate {
  /** Per-unit cents; undefined when no amount is known for the date (the line then prices at 0). */
  unitCents: number | undefined;
  amountCents: number;
  basis: RateBasis;
}

/**
 * THE rate of one line for a payer (decision 0050), the one function the close, the forecast and
 * program choice (h24prog) use:
 * - a patient whose plan is traditional Medicare → Medicare's amount: the clinic's fee schedule for
 *   the code and year, else the national non-facility amount (QP conversion factor where the clinic
 *   is a qualifying APM participant) — basis `medicare`;
 * - any other plan (Medicare Advantage, Medicaid, commercial) → the payer's contracted amount for the
 *   code and the date of service's year where the clinic entered one (basis `contracted`), else
 *   Medicare's amount, marked `assumed_medicare` (Medicare Advantage plans must cover Part B
 *   services, 42 CFR 422.101, and most pay CCM at or near the Medicare fee schedule; the clinic is
 *   told the amount is assumed).
 * `planType` is the coverage's plan type (a QMB or Medigap plan is never a primary: the close blocks it).
 */
export function resolveLineRate(payer: Pick<PayerPricing, "contracted"> & { planType: CoveragePlanType }, code: string, units: number, dateOfService: string, medicare: MedicarePricing = {}): LineRate {
  if (payer.planType !== "medicare") {
    const contracted = payer.contracted[code]?.[Number(dateOfService.slice(0, 4))];
    if (contracted !== undefined) return { unitCents: contracted, amountCents: contracted * units, basis: "contracted" };
  }
  const { lineCents } = priceUnit(code, dateOfService, medicare.conversionFactor ?? "non_qp", medicare.feeSchedule ?? {});
  return { unitCents: lineCents, amountCents: (lineCents ?? 0) * units, basis: payer.planType === "medicare" ? "medicare" : "assumed_medicare" };
}

/**
 * The rule options that price a month for a payer: the clinic's options with the payer's contracted
 * amounts laid over Medicare's (the clinic fee schedule), so the engine's own line amounts — and its
 * lane comparison (decision 0034) — use the payer's prices and agree with `resolveLineRate`.
 * Traditional Medicare uses the clinic's options object itself. The engine caches prices per
 * options object, so a close builds these once per payer (loadPayers), never per patient.
 */
export function payerRuleOptions(clinic: Partial<RuleOptions>, payer: PayerPricing): Partial<RuleOptions> {
  if (payer.planType === "medicare" || Object.keys(payer.contracted).length === 0) return clinic;
  const merged: Record<string, Record<number, number>> = {};
  for (const [code, byYear] of Object.entries(clinic.feeSchedule ?? {})) merged[code] = { ...byYear };
  for (const [code, byYear] of Object.entries(payer.contracted)) merged[code] = { ...merged[code], ...byYear };
  return { ...clinic, feeSchedule: merged };
}

/** A payer with the options a close prices its patients' months with. */
export interface ClosePayer extends PayerPricing {
  options: Partial<RuleOptions>;
}

/** The clinic's payer directory with contracted rates, ready to price months (one read per close). */
export async function loadPayers(tx: ScopedTx, tenantId: string, clinic: Partial<RuleOptions>): Promise<Map<string, ClosePayer>> {
  const payers = await tx.payer.findMany({ where: { tenantId }, select: { id: true, name: true, planType: true } });
  const rates = await tx.payerFeeScheduleRate.findMany({ where: { tenantId }, select: { payerId: true, code: true, year: true, cents: true } });
  const contracted = new Map<string, Record<string, Record<number, number>>>();
  for (const r of rates) {
    const schedule = contracted.get(r.payerId) ?? {};
    (schedule[r.code] ??= {})[r.year] = r.cents;
    contracted.set(r.payerId, schedule);
  }
  const out = new Map<string, ClosePayer>();
  for (const p of payers) {
    const pricing: PayerPricing = { id: p.id, name: p.name, planType: p.planType as PayerPlanType, contracted: contracted.get(p.id) ?? {} };
    out.set(p.id, { ...pricing, options: payerRuleOptions(clinic, pricing) });
  }
  return out;
}

/** The row's basis from its lines' bases: assumed if any line is, else contracted if any is, else Medicare; null without lines. */
export function rowRateBasis(bases: readonly RateBasis[]): RateBasis | null {
  if (bases.length === 0) return null;
  if (bases.includes("assumed_medicare")) return "assumed_medicare";
  return bases.includes("contracted") ? "contracted" : "medicare";
}

/** Finding codes of payer pricing (outside the ccm-rules catalogue; both `warn`: the month still bills). */
export const PAYER_WARNING_CODES = ["payer_rate_assumed", "patient_share_assumed"] as const;

/** Finding: a non-Medicare payer's month priced at Medicare's amount because no contracted rate was entered (warn: the month still bills). */
export function payerRateAssumedFinding(payerName: string, codes: readonly string[], year: number): Finding {
  return {
    code: "payer_rate_assumed",
    severity: "warn",
    message: `${payerName} has no contracted rate for ${codes.join(", ")} in ${year}, so Medicare's amount is used (assumed). Enter the plan's fee schedule in the payer directory to price it exactly.`,
  };
}

export interface CostShare {
  /** The cost sharing: 20 % of the allowed amount (42 CFR 410.152), what worksheet_row.coinsurance_cents holds. */
  coinsuranceCents: number;
  /** What the patient owes of it. */
  patientShareCents: number;
  /** What the secondary coverage pays of it. */
  secondaryShareCents: number;
  /** The 20 % is assumed (a Medicare Advantage or other non-Medicare plan sets its own cost sharing). */
  isAssumed: boolean;
}

/** Secondary plans that pay the Medicare cost sharing of a traditional-Medicare month: Medigap, full Medicaid and QMB. */
const PAYS_MEDICARE_COST_SHARING: ReadonlySet<CoveragePlanType> = new Set(["medigap", "medicaid", "qmb"]);
/** Secondary plans that pay the cost sharing of a Medicare Advantage month: Medicaid and QMB (Medigap does not cover MA cost sharing). */
const PAYS_MA_COST_SHARING: ReadonlySet<CoveragePlanType> = new Set(["medicaid", "qmb"]);

/**
 * Who pays the cost sharing of an allowed amount (decision 0051, docs/ccm-rules §10):
 * - traditional Medicare primary: 20 % Part B coinsurance (42 CFR 410.152); a Medigap, full
 *   Medicaid or QMB secondary pays it — a QMB is never billed for it (SSA §1902(n)(3)(B));
 * - Medicare Advantage primary: the same 20 %, marked assumed (each plan sets its cost sharing);
 *   Medicaid or QMB secondary pays it (QMB protection covers MA cost sharing), Medigap does not;
 * - Medicaid or commercial primary: 20 %, assumed; no secondary rule.
 * Integer cents; `patientShareCents + secondaryShareCents === coinsuranceCents`.
 */
export function splitPatientShare(allowedCents: number, primary: CoveragePlanType | null, secondary: CoveragePlanType | null): CostShare {
  const coinsuranceCents = calculateCoinsuranceCents(allowedCents);
  const isAssumed = primary !== null && primary !== "medicare";
  const payers = primary === "medicare" ? PAYS_MEDICARE_COST_SHARING : primary === "medicare_advantage" ? PAYS_MA_COST_SHARING : null;
  const isPaidBySecondary = secondary !== null && payers !== null && payers.has(secondary);
  return {
    coinsuranceCents,
    patientShareCents: isPaidBySecondary ? 0 : coinsuranceCents,
    secondaryShareCents: isPaidBySecondary ? coinsuranceCents : 0,
    isAssumed,
  };
}

/** Finding: the patient's share of a non-Medicare plan's month is the Medicare 20 %, assumed. */
export function patientShareAssumedFinding(payerName: string, coinsuranceCents: number): Finding {
  return {
    code: "patient_share_assumed",
    severity: "warn",
    message: `${payerName} sets its own cost sharing; the patient's share is shown as Medicare's 20 % (${formatCents(coinsuranceCents)}), assumed. Check the plan's copay for care management.`,
  };
}
