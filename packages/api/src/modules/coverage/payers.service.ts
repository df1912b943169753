import type { ScopedTx } from "@carefold/db";
import { conflict, notFound } from "../../errors.js";
import type { PayerInput, PayerRateInput } from "./coverage.schemas.js";

/** The clinic's payer directory, with how many patients each payer covers today (primary or secondary). */
export async function listPayers(tx: ScopedTx, tenantId: string, today: string) {
  const rows = await tx.$queryRaw<
    { id: string; name: string; plan_type: string; edi_payer_id: string; claim_type: string | null; receiver_id: string | null; submitter_id: string | null; active: boolean; covered: number; rates: number }[]
  >`
    SELECT py.id::text, py.name, py.plan_type, py.edi_payer_id, py.claim_type, py.receiver_id, py.submitter_id, py.active,
           (SELECT count(DISTINCT pc.patient_id)::int FROM patient_coverage pc
             WHERE pc.tenant_id = py.tenant_id AND pc.payer_id = py.id AND pc.superseded_at IS NULL
               AND pc.effective_from <= ${today}::date AND (pc.effective_to IS NULL OR pc.effective_to >= ${today}::date)) AS covered,
           (SELECT count(*)::int FROM payer_fee_schedule_rate r WHERE r.tenant_id = py.tenant_id AND r.payer_id = py.id) AS rates
      FROM payer py
     WHERE py.tenant_id = ${tenantId}::uuid
     ORDER BY py.active DESC, lower(py.name)`;
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    planType: r.plan_type,
    ediPayerId: r.edi_payer_id,
    claimType: r.claim_type,
    receiverId: r.receiver_id,
    submitterId: r.submitter_id,
    active: r.active,
    coveredPatients: r.covered,
    rateCount: r.rates,
  }));
}

/** A payer of the clinic (through RLS and the tenant id), or not found. */
export async function findPayer(tx: ScopedTx, tenantId: string, payerId: string) {
  const payer = await tx.payer.findFirst({ where: { tenantId, id: payerId } });
  if (!payer) throw notFound("That payer");
  return payer;
}

const nameTaken = (name: string) => conflict(`The directory already has a payer named “${name}”. Edit that one, or choose another name.`);

async function assertNameFree(tx: ScopedTx, tenantId: string, name: string, exceptId?: string) {
  const [clash] = await tx.$queryRaw<{ id: string }[]>`
    SELECT id::text FROM payer WHERE tenant_id = ${tenantId}::uuid AND lower(btrim(name)) = lower(btrim(${name})) AND id::text <> ${exceptId ?? ""}`;
  if (clash) throw nameTaken(name);
}

export async function addPayer(tx: ScopedTx, tenantId: string, input: PayerInput, userId: string) {
  await assertNameFree(tx, tenantId, input.name);
  const payer = await tx.payer.create({ data: { tenantId, ...input, createdBy: userId } });
  return { payerId: payer.id };
}

/**
 * Edits a payer. Its kind cannot change while coverages name it under a plan type the new kind
 * would not allow (a Medicare Advantage plan does not become Medigap under its members).
 */
export async function editPayer(tx: ScopedTx, tenantId: string, payerId: string, input: PayerInput) {
  const before = await findPayer(tx, tenantId, payerId);
  await assertNameFree(tx, tenantId, input.name, payerId);
  if (before.planType !== input.planType) {
    const [used] = await tx.$queryRaw<{ n: number }[]>`
      SELECT count(*)::int AS n FROM patient_coverage
       WHERE tenant_id = ${tenantId}::uuid AND payer_id = ${payerId}::uuid AND superseded_at IS NULL
         AND NOT (plan_type = ${input.planType} OR (${input.planType} = 'medicaid' AND plan_type IN ('qmb', 'medicaid')))`;
    if ((used?.n ?? 0) > 0) {
      throw conflict(`${used!.n} patient coverage${used!.n === 1 ? "" : "s"} name this payer as ${before.planType.replace("_", " ")}; correct them before changing the payer's kind.`);
    }
  }
  await tx.payer.update({ where: { tenantId_id: { tenantId, id: payerId } }, data: { ...input, updatedAt: new Date() } });
  const changed = (Object.keys(input) as (keyof PayerInput)[]).filter((k) => before[k] !== input[k]);
  return { payerId, changed };
}

/** Deactivates (or reactivates) a payer: an inactive payer takes no new coverage; existing coverage stays. */
export async function setPayerActive(tx: ScopedTx, tenantId: string, payerId: string, active: boolean) {
  await findPayer(tx, tenantId, payerId);
  await tx.payer.update({ where: { tenantId_id: { tenantId, id: payerId } }, data: { active, updatedAt: new Date() } });
  return { payerId, active };
}

/** A payer's contracted rates, by code then newest year first. */
export async function listPayerRates(tx: ScopedTx, tenantId: string, payerId: string) {
  const payer = await findPayer(tx, tenantId, payerId);
  const rates = await tx.payerFeeScheduleRate.findMany({ where: { tenantId, payerId }, orderBy: [{ code: "asc" }, { year: "desc" }] });
  return {
    payer: { id: payer.id, name: payer.name, planType: payer.planType },
    rates: rates.map((r) => ({ code: r.code, year: r.year, cents: r.cents, source: r.source, updatedAt: r.updatedAt.toISOString() })),
  };
}

/** Enters or replaces one contracted rate; returns the previous amount for the audit row. */
export async function savePayerRate(tx: ScopedTx, tenantId: string, input: PayerRateInput, userId: string) {
  await findPayer(tx, tenantId, input.payerId);
  const key = { tenantId_payerId_code_year: { tenantId, payerId: input.payerId, code: input.code, year: input.year } };
  const previous = await tx.payerFeeScheduleRate.findUnique({ where: key, select: { cents: true } });
  await tx.payerFeeScheduleRate.upsert({
    where: key,
    create: { tenantId, payerId: input.payerId, code: input.code, year: input.year, cents: input.amount, source: input.source, enteredBy: userId },
    update: { cents: input.amount, source: input.source, enteredBy: userId, updatedAt: new Date() },
  });
  return { code: input.code, year: input.year, cents: input.amount, previousCents: previous?.cents ?? null };
}

export async function removePayerRate(tx: ScopedTx, tenantId: string, payerId: string, code: string, year: number) {
  await findPayer(tx, tenantId, payerId);
  const removed = await tx.payerFeeScheduleRate.deleteMany({ where: { tenantId, payerId, code, year } });
  if (removed.count === 0) throw notFound(`The ${year} rate for ${code}`);
  return { code, year };
}
