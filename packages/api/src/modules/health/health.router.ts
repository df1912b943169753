import { bareProcedure, router } from "../../trpc/trpc.js";
import { getHealthReport } from "./health.service.js";

export const healthRouter = router({
  report: bareProcedure.query(({ ctx }) => getHealthReport(ctx.db)),
});
