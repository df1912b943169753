import { getAppDb, getHealthReport, type HealthReport } from "@carefold/api";

/** Liveness for load balancers: 200 while the database answers (even with a stale worker), else 503. */
export async function loader() {
  let report: HealthReport;
  try {
    report = await getHealthReport(getAppDb());
  } catch {
    // Configuration missing or invalid: the app cannot reach its database.
    report = {
      status: "down",
      database: "unreachable",
      worker: { lastBeatAt: null, isStale: true },
      checkedAt: new Date().toISOString(),
    };
  }
  return Response.json(report, {
    status: report.status === "down" ? 503 : 200,
    headers: { "Cache-Control": "no-store" },
  });
}
