import { careProcedure, router, tenantProcedure } from "../../trpc/trpc.js";
import type { ScopedContext } from "../../trpc/context.js";
import { tenantOfPatient } from "../patients/tenant-choice.js";
import { todayIn } from "../patients/today.js";
import {
  AddCoverageSchema,
  CorrectCoverageSchema,
  EditPayerSchema,
  EndCoverageSchema,
  PatientRefSchema,
  PayerIdSchema,
  PayerInputSchema,
  PayerRateSchema,
  RemovePayerRateSchema,
  SetPayerActiveSchema,
} from "./coverage.schemas.js";
import { correctCoverage, endCoverage, getPatientCoverage, recordCoverage } from "./coverage.service.js";
import { addPayer, editPayer, listPayerRates, listPayers, removePayerRate, savePayerRate, setPayerActive } from "./payers.service.js";

const clinicAdmin = () => tenantProcedure("clinic_admin");

async function clinicToday(ctx: Pick<ScopedContext, "tx">, tenantId: string) {
  const tenant = await ctx.tx.tenant.findFirstOrThrow({ where: { id: tenantId }, select: { timeZone: true } });
  return todayIn(tenant.timeZone);
}

/**
 * The clinic's payer directory and each payer's contracted fee schedule (portal, clinic admins):
 * what coverage names and what claims are routed and priced by. Writes audited with the values
 * (no PHI here).
 */
export const payersRouter = router({
  list: clinicAdmin().query(async ({ ctx }) => listPayers(ctx.tx, ctx.tenantId, await clinicToday(ctx, ctx.tenantId))),

  add: clinicAdmin()
    .input(PayerInputSchema)
    .mutation(async ({ ctx, input }) => {
      ctx.audit.describe({ tenantId: ctx.tenantId, objectType: "payer", details: { ...input } });
      const created = await addPayer(ctx.tx, ctx.tenantId, input, ctx.auth.user.id);
      ctx.audit.describe({ objectId: created.payerId });
      return created;
    }),

  edit: clinicAdmin()
    .input(EditPayerSchema)
    .mutation(async ({ ctx, input }) => {
      const { payerId, ...payer } = input;
      ctx.audit.describe({ tenantId: ctx.tenantId, objectType: "payer", objectId: payerId });
      const result = await editPayer(ctx.tx, ctx.tenantId, payerId, payer);
      ctx.audit.describe({ details: { changed: result.changed } });
      return result;
    }),

  setActive: clinicAdmin()
    .input(SetPayerActiveSchema)
    .mutation(({ ctx, input }) => {
      ctx.audit.describe({ tenantId: ctx.tenantId, objectType: "payer", objectId: input.payerId, details: { active: input.active } });
      return setPayerActive(ctx.tx, ctx.tenantId, input.payerId, input.active);
    }),

  rates: clinicAdmin()
    .input(PayerIdSchema)
    .query(({ ctx, input }) => listPayerRates(ctx.tx, ctx.tenantId, input.payerId)),

  saveRate: clinicAdmin()
    .input(PayerRateSchema)
    .mutation(async ({ ctx, input }) => {
      ctx.audit.describe({ tenantId: ctx.tenantId, objectType: "payer_fee_schedule_rate", objectId: input.payerId, details: { code: input.code, year: input.year, cents: input.amount } });
      const saved = await savePayerRate(ctx.tx, ctx.tenantId, input, ctx.auth.user.id);
      ctx.audit.describe({ details: { code: saved.code, year: saved.year, cents: saved.cents, previousCents: saved.previousCents } });
      return saved;
    }),

  removeRate: clinicAdmin()
    .input(RemovePayerRateSchema)
    .mutation(({ ctx, input }) => {
      ctx.audit.describe({ tenantId: ctx.tenantId, objectType: "payer_fee_schedule_rate", objectId: input.payerId, details: { code: input.code, year: input.year } });
      return removePayerRate(ctx.tx, ctx.tenantId, input.payerId, input.code, input.year);
    }),
});

/** Runs a coverage write in the patient's clinic (found through RLS) and describes it for the audit row. */
async function inPatientTenant<T>(ctx: ScopedContext, patientId: string, fn: (tenantId: string) => Promise<T>) {
  const { tenantId } = await tenantOfPatient(ctx, patientId);
  ctx.audit.describe({ tenantId, patientId, objectType: "patient_coverage" });
  return fn(tenantId);
}

/** A patient's coverage on the chart (portal and workspace care users): reads audited as PHI reads. */
export const coverageRouter = router({
  get: careProcedure.input(PatientRefSchema).query(async ({ ctx, input }) => {
    const coverage = await getPatientCoverage(ctx.tx, input.patientId);
    ctx.audit.recordRead({ tenantId: coverage.tenantId, patientId: input.patientId, objectType: "patient_coverage", objectId: input.patientId });
    return coverage;
  }),

  /** The active payers of the patient's clinic, for the coverage dialogs. */
  payerOptions: careProcedure.input(PatientRefSchema).query(async ({ ctx, input }) => {
    const { tenantId } = await tenantOfPatient(ctx, input.patientId);
    const payers = await ctx.tx.payer.findMany({ where: { tenantId, active: true }, orderBy: { name: "asc" }, select: { id: true, name: true, planType: true } });
    return payers;
  }),

  add: careProcedure.input(AddCoverageSchema).mutation(({ ctx, input }) => {
    const { patientId, ...facts } = input;
    return inPatientTenant(ctx, patientId, async (tenantId) => {
      const result = await recordCoverage(ctx.tx, { ...facts, tenantId, patientId, source: "manual", recordedBy: ctx.auth.user.id }, { onOverlap: "refuse" });
      ctx.audit.describe({ objectId: result.coverageId, details: { rank: facts.rank, planType: facts.planType, payerId: facts.payerId, outcome: result.outcome } });
      return result;
    });
  }),

  end: careProcedure.input(EndCoverageSchema).mutation(({ ctx, input }) =>
    inPatientTenant(ctx, input.patientId, async (tenantId) => {
      const result = await endCoverage(ctx.tx, tenantId, input.patientId, input.coverageId, input.effectiveTo, ctx.auth.user.id);
      ctx.audit.describe({ objectId: input.coverageId, details: { effectiveTo: input.effectiveTo, supersededBy: result.coverageId } });
      return result;
    }),
  ),

  correct: careProcedure.input(CorrectCoverageSchema).mutation(({ ctx, input }) => {
    const { patientId, coverageId, reason, ...next } = input;
    return inPatientTenant(ctx, patientId, async (tenantId) => {
      const result = await correctCoverage(ctx.tx, tenantId, patientId, coverageId, next, reason, ctx.auth.user.id);
      // The reason is free text a person typed: it stays in the row, not in the audit log.
      ctx.audit.describe({ objectId: coverageId, details: { rank: next.rank, planType: next.planType, payerId: next.payerId, supersededBy: result.coverageId } });
      return result;
    });
  }),
});
