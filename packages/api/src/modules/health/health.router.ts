import { publicProcedure, router } from "../../trpc/trpc.js";
import { getHealthReport } from "./health.service.js";

export const healthRouter = router({
  report: publicProcedure.query(({ ctx }) => getHealthReport(ctx.db)),
});
