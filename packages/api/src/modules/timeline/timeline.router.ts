import { z } from "zod";
import { careProcedure, router } from "../../trpc/trpc.js";
import { tenantOfPatient } from "../patients/tenant-choice.js";
import { getPatientTimeline } from "./timeline.service.js";

export const timelineRouter = router({
  /** The chart's timeline: notes, time entries, closed tasks, program moves and consents. */
  patient: careProcedure
    .input(z.object({ patientId: z.string().uuid(), before: z.string().datetime().optional(), limit: z.number().int().min(5).max(200).default(50) }))
    .query(async ({ ctx, input }) => {
      const { tenantId } = await tenantOfPatient(ctx, input.patientId);
      ctx.audit.recordRead({ tenantId, patientId: input.patientId, objectType: "patient_timeline" });
      return getPatientTimeline(ctx.tx, input.patientId, { before: input.before ? new Date(input.before) : undefined, limit: input.limit });
    }),
});
