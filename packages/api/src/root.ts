import { accountRouter } from "./modules/account/account.router.js";
import { adminRouter } from "./modules/admin/admin.router.js";
import { auditRouter } from "./modules/audit/audit.router.js";
import { authRouter } from "./modules/auth/auth.router.js";
import { healthRouter } from "./modules/health/health.router.js";
import { usersRouter } from "./modules/users/users.router.js";
import { workspaceRouter } from "./modules/workspace/workspace.router.js";
import { carePlansRouter, documentsRouter } from "./modules/care-plans/care-plans.router.js";
import { panelImportRouter } from "./modules/panel-import/panel-import.router.js";
import { enrollmentRouter } from "./modules/patients/enrollment.router.js";
import { patientsRouter } from "./modules/patients/patients.router.js";
import { chartItemsRouter } from "./modules/patients/chart-items.router.js";
import { timeRouter, worklistRouter } from "./modules/time/time.router.js";
import { tasksRouter } from "./modules/tasks/tasks.router.js";
import { panelsRouter } from "./modules/panels/panels.router.js";
import { timelineRouter } from "./modules/timeline/timeline.router.js";
import { callsRouter, telephonyAdminRouter } from "./modules/calls/calls.router.js";
import { monthCloseRouter, otherServicesRouter, worksheetRouter } from "./modules/billing/billing.router.js";
import { complexMdmRouter } from "./modules/billing/complex-mdm.router.js";
import { programChoiceRouter } from "./modules/billing/program-choice.router.js";
import { clinicInvoicesRouter, invoicingRouter } from "./modules/invoicing/invoicing.router.js";
import { reportsRouter } from "./modules/reports/reports.router.js";
import { remittanceRouter } from "./modules/remittance/remittance.router.js";
import { eligibilityRouter } from "./modules/eligibility/eligibility.router.js";
import { coverageRouter, payersRouter } from "./modules/coverage/coverage.router.js";
import { createCallerFactory, router } from "./trpc/trpc.js";

export const appRouter = router({
  health: healthRouter,
  auth: authRouter,
  account: accountRouter,
  users: usersRouter,
  admin: adminRouter,
  audit: auditRouter,
  workspace: workspaceRouter,
  patients: patientsRouter,
  chart: chartItemsRouter,
  time: timeRouter,
  worklist: worklistRouter,
  tasks: tasksRouter,
  panels: panelsRouter,
  timeline: timelineRouter,
  enrollment: enrollmentRouter,
  carePlans: carePlansRouter,
  documents: documentsRouter,
  panelImport: panelImportRouter,
  calls: callsRouter,
  telephony: telephonyAdminRouter,
  monthClose: monthCloseRouter,
  worksheet: worksheetRouter,
  otherServices: otherServicesRouter,
  complexMdm: complexMdmRouter,
  programChoice: programChoiceRouter,
  invoicing: invoicingRouter,
  clinicInvoices: clinicInvoicesRouter,
  reports: reportsRouter,
  remittance: remittanceRouter,
  eligibility: eligibilityRouter,
  payers: payersRouter,
  coverage: coverageRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
