import type { FeeSchedule, RuleOptions } from "@carefold/ccm-rules";
import type { ScopedTx } from "@carefold/db";
import { invalidState, notFound } from "../../errors.js";
import type { SaveFeeScheduleRate } from "./fee-schedule.schemas.js";

type DateOfService = RuleOptions["dateOfService"];
type ConversionFactor = RuleOptions["conversionFactor"];

/**
 * The clinic's rule options as every evaluation uses them (the close and the chart's
 * month-to-date): date-of-service rule and QP status from the billing profile, the clinic's fee
 * schedule, and `unpricedCodes: "avoid"` so no line is ever billed at $0.00.
 */
export async function loadRuleOptions(tx: ScopedTx, tenantId: string): Promise<Partial<RuleOptions>> {
  const [setting] = await tx.$queryRaw<{ date_of_service: DateOfService; conversion_factor: ConversionFactor }[]>`
    SELECT date_of_service, conversion_factor FROM billing_setting WHERE tenant_id = ${tenantId}::uuid`;
  const rates = await tx.feeScheduleRate.findMany({ where: { tenantId }, select: { code: true, year: true, cents: true } });
  const feeSchedule: Record<string, Record<number, number>> = {};
  for (const r of rates) (feeSchedule[r.code] ??= {})[r.year] = r.cents;
  return {
    dateOfService: setting?.date_of_service ?? "last_day_of_month",
    conversionFactor: setting?.conversion_factor ?? "non_qp",
    feeSchedule: feeSchedule as FeeSchedule,
    unpricedCodes: "avoid",
  };
}

/** The clinic's entered rates (by code then year) and QP status; `hasProfile` false until a billing profile exists. */
export async function listFeeSchedule(tx: ScopedTx, tenantId: string) {
  const rows = await tx.feeScheduleRate.findMany({ where: { tenantId }, orderBy: [{ code: "asc" }, { year: "desc" }] });
  const setting = await tx.billingSetting.findUnique({ where: { tenantId }, select: { conversionFactor: true } });
  return {
    hasProfile: setting !== null,
    conversionFactor: (setting?.conversionFactor ?? "non_qp") as ConversionFactor,
    rates: rows.map((r) => ({ code: r.code, year: r.year, cents: r.cents, source: r.source, updatedAt: r.updatedAt.toISOString() })),
  };
}

/** Enters or replaces one rate (the unit of work audits the change, with the previous amount). */
export async function saveFeeScheduleRate(tx: ScopedTx, input: SaveFeeScheduleRate, userId: string) {
  const tenant = await tx.tenant.findFirst({ where: { id: input.tenantId }, select: { id: true } });
  if (!tenant) throw notFound("That clinic");
  const key = { tenantId_code_year: { tenantId: input.tenantId, code: input.code, year: input.year } };
  const previous = await tx.feeScheduleRate.findUnique({ where: key, select: { cents: true } });
  await tx.feeScheduleRate.upsert({
    where: key,
    create: { tenantId: input.tenantId, code: input.code, year: input.year, cents: input.amount, source: input.source, enteredBy: userId },
    update: { cents: input.amount, source: input.source, enteredBy: userId, updatedAt: new Date() },
  });
  return { code: input.code, year: input.year, cents: input.amount, previousCents: previous?.cents ?? null };
}

/** Sets the clinic's QP status; the clinic needs a billing profile first. */
export async function saveConversionFactor(tx: ScopedTx, tenantId: string, conversionFactor: ConversionFactor) {
  const updated = await tx.billingSetting.updateMany({ where: { tenantId }, data: { conversionFactor, updatedAt: new Date() } });
  if (updated.count === 0) throw invalidState("Save the clinic's billing profile before setting its QP status.");
  return { conversionFactor };
}
