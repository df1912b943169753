import { careProcedure, router, tenantProcedure } from "../../trpc/trpc.js";
import { tenantOfPatient } from "../patients/tenant-choice.js";
import { AttestComplexMdmSchema, ComplexMdmMonthSchema, WithdrawComplexMdmSchema } from "./complex-mdm.schemas.js";
import { attestComplexMdm, listComplexMdm, withdrawComplexMdm } from "./complex-mdm.service.js";

/**
 * Complex MDM per patient-month: read from either app (the workspace shows it read-only), written
 * only in the portal by the patient's billing practitioner. Writes are audited by the unit of work.
 */
export const complexMdmRouter = router({
  list: careProcedure.input(ComplexMdmMonthSchema).query(async ({ ctx, input }) => {
    const { tenantId } = await tenantOfPatient(ctx, input.patientId);
    ctx.audit.recordRead({ tenantId, patientId: input.patientId, objectType: "complex_mdm_attestation" });
    return listComplexMdm(ctx.tx, input.patientId, input.serviceMonth);
  }),

  attest: tenantProcedure("practitioner").input(AttestComplexMdmSchema).mutation(async ({ ctx, input }) => {
    ctx.audit.describe({ tenantId: ctx.tenantId, patientId: input.patientId, objectType: "complex_mdm_attestation", details: { serviceMonth: input.serviceMonth, mdmLevel: input.mdmLevel } });
    const created = await attestComplexMdm(ctx.tx, ctx.tenantId, ctx.auth.user.id, input);
    ctx.audit.describe({ objectId: created.id });
    return created;
  }),

  withdraw: tenantProcedure("practitioner").input(WithdrawComplexMdmSchema).mutation(async ({ ctx, input }) => {
    ctx.audit.describe({ tenantId: ctx.tenantId, objectType: "complex_mdm_attestation", objectId: input.attestationId });
    const withdrawn = await withdrawComplexMdm(ctx.tx, ctx.tenantId, ctx.auth.user.id, input);
    ctx.audit.describe({ patientId: withdrawn.patientId, details: { serviceMonth: withdrawn.serviceMonth } });
    return withdrawn;
  }),
});
