import type { Prisma, ScopedTx } from "@carefold/db";
import { conflict, notFound } from "../../errors.js";
import type { CreateContract } from "./invoicing.schemas.js";
import type { ContractTerms, Pricing } from "./pricing.js";

type ContractRow = Prisma.ContractGetPayload<object>;

/** The stored row as pricing terms (the exact inputs the price is computed from). */
export function toContractTerms(row: ContractRow): ContractTerms {
  const pricing: Pricing =
    row.pricingModel === "per_patient_month"
      ? { model: "per_patient_month", feePerPatientMonthCents: Number(row.feePerPatientMonthCents) }
      : row.pricingModel === "per_code"
        ? { model: "per_code", codeFeesCents: row.codeFeesCents as Record<string, number> }
        : { model: "percent_of_reimbursement", percentBasisPoints: row.percentBasisPoints! };
  return { id: row.id, effectiveFromMonth: row.effectiveFromMonth, pricing, monthlyMinimumCents: Number(row.monthlyMinimumCents), paymentTermsDays: row.paymentTermsDays };
}

export function describeContract(row: ContractRow) {
  const terms = toContractTerms(row);
  return {
    id: row.id,
    tenantId: row.tenantId,
    effectiveFromMonth: row.effectiveFromMonth,
    pricing: terms.pricing,
    monthlyMinimumCents: terms.monthlyMinimumCents,
    paymentTermsDays: row.paymentTermsDays,
    billingContactName: row.billingContactName,
    billingContactEmail: row.billingContactEmail,
    createdAt: row.createdAt.toISOString(),
  };
}

/**
 * Adds a contract from a service month on. Contracts are history and never edited: a price change
 * is a new contract with a later month (one per clinic and month).
 */
export async function createContract(tx: ScopedTx, input: CreateContract, userId: string) {
  const tenant = await tx.tenant.findUnique({ where: { id: input.tenantId }, select: { id: true } });
  if (!tenant) throw notFound("That clinic");
  const existing = await tx.contract.findUnique({ where: { tenantId_effectiveFromMonth: { tenantId: input.tenantId, effectiveFromMonth: input.effectiveFromMonth } } });
  if (existing) throw conflict(`This clinic already has a contract from ${input.effectiveFromMonth}. Start the new one in a later month.`);
  const p = input.pricing;
  const row = await tx.contract.create({
    data: {
      tenantId: input.tenantId,
      effectiveFromMonth: input.effectiveFromMonth,
      pricingModel: p.model,
      feePerPatientMonthCents: p.model === "per_patient_month" ? BigInt(p.feePerPatientMonthCents) : null,
      codeFeesCents: p.model === "per_code" ? p.codeFeesCents : undefined,
      percentBasisPoints: p.model === "percent_of_reimbursement" ? p.percentBasisPoints : null,
      monthlyMinimumCents: BigInt(input.monthlyMinimumCents),
      paymentTermsDays: input.paymentTermsDays,
      billingContactName: input.billingContactName,
      billingContactEmail: input.billingContactEmail,
      createdBy: userId,
    },
  });
  return describeContract(row);
}

export async function listContracts(tx: ScopedTx, tenantId?: string) {
  const rows = await tx.contract.findMany({ where: tenantId ? { tenantId } : {}, orderBy: [{ tenantId: "asc" }, { effectiveFromMonth: "desc" }] });
  return rows.map(describeContract);
}
