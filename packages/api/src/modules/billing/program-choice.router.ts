import { careProcedure, router, tenantProcedure } from "../../trpc/trpc.js";
import { clearPayerProgramRule, listPayerProgramRules, setPayerProgramRule } from "./payer-program-rules.service.js";
import { ClearPayerProgramRuleSchema, PayerRulesSchema, ProgramChoiceSchema, SetPayerProgramRuleSchema } from "./program-choice.schemas.js";
import { getProgramChoice } from "./program-choice.service.js";

/**
 * Program choice per patient-month (issue 24 item 5): read from either app (chart card), and the
 * clinic's payer rules, read by any clinic user and entered by a clinic admin in the portal.
 */
export const programChoiceRouter = router({
  forPatient: careProcedure.input(ProgramChoiceSchema).query(async ({ ctx, input }) => {
    const choice = await getProgramChoice(ctx.tx, input.patientId, new Date(), input.serviceMonth);
    ctx.audit.recordRead({ tenantId: choice.tenantId, patientId: input.patientId, objectType: "patient_month_program_choice", objectId: choice.serviceMonth });
    return choice;
  }),

  payerRules: tenantProcedure().input(PayerRulesSchema).query(({ ctx, input }) => listPayerProgramRules(ctx.tx, ctx.tenantId, input.payerId)),

  setPayerRule: tenantProcedure("clinic_admin").input(SetPayerProgramRuleSchema).mutation(async ({ ctx, input }) => {
    ctx.audit.describe({ tenantId: ctx.tenantId, objectType: "payer_program_rule", objectId: input.payerId, details: { program: input.program, pays: input.pays } });
    const saved = await setPayerProgramRule(ctx.tx, ctx.tenantId, input, ctx.auth.user.id);
    ctx.audit.describe({ details: { program: input.program, pays: input.pays, previousPays: saved.previousPays } });
    return saved;
  }),

  clearPayerRule: tenantProcedure("clinic_admin").input(ClearPayerProgramRuleSchema).mutation(async ({ ctx, input }) => {
    ctx.audit.describe({ tenantId: ctx.tenantId, objectType: "payer_program_rule", objectId: input.payerId, details: { program: input.program, action: "clear" } });
    return clearPayerProgramRule(ctx.tx, ctx.tenantId, input.payerId, input.program);
  }),
});
