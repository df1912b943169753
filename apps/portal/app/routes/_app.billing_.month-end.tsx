import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { ArrowLeft, ArrowRight, CircleCheck } from "lucide-react";
import { Badge, buttonClasses, buttonIconClass, Card, EmptyState, PageHeader, SelectField, Table, TableEmpty, TBody, Td, Th, THead, Tr, type Tone } from "@carefold/ui";
import { Page } from "../components/Page";
import { RouteError } from "../components/RouteError";
import { pageError, requireUser } from "../lib/session.server";

export const meta: MetaFunction = () => [{ title: "Fix before month end · Billing · Carefold Portal" }];
export const ErrorBoundary = RouteError;

const shiftMonth = (month: string, by: number) => {
  const d = new Date(`${month}-01T00:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() + by);
  return d.toISOString().slice(0, 7);
};

/**
 * Patients whose month will block (or bill less) unless something is done before the close, each
 * with what clears it (issue 15 item 7). The list comes from the close's own evaluation.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const { caller, headers } = await requireUser(request);
  const month = new URL(request.url).searchParams.get("month");
  const serviceMonth = month && /^\d{4}-(0[1-9]|1[0-2])$/.test(month) ? month : undefined;
  try {
    const fixes = await caller.worksheet.monthEndFixes({ serviceMonth });
    return data({ fixes }, { headers: headers() });
  } catch (error) {
    pageError(error, request, headers(), "This list is for your clinic's admins, practitioners and staff.");
  }
}

const monthLabel = (month: string) => new Date(`${month}-01T00:00:00Z`).toLocaleString("en-US", { month: "long", year: "numeric", timeZone: "UTC" });

const STATUS: Record<string, { label: string; tone: Tone }> = {
  blocked: { label: "Blocked", tone: "danger" },
  billable: { label: "Bills less", tone: "warning" },
  below_threshold: { label: "Below threshold", tone: "muted" },
};

/** Where each fix is made in the portal (review of time is the vendor's, in the workspace). */
function actionFor(action: string, patientId: string): { label: string; to: string | null } {
  switch (action) {
    case "record_visit":
      return { label: "Record the initiating visit", to: `/patients/${patientId}` };
    case "record_consent":
      return { label: "Record consent", to: `/patients/${patientId}` };
    case "care_plan":
      return { label: "Complete the care plan", to: `/care-plans/${patientId}` };
    case "share_care_plan":
      return { label: "Record the copy given", to: `/care-plans/${patientId}` };
    case "attest_mdm":
      return { label: "Document MDM", to: `/patients/${patientId}` };
    case "add_coverage":
      // No payer in force on the date of service (issue 24): the patient's coverage is on the chart.
      return { label: "Add the patient's coverage", to: `/patients/${patientId}` };
    default:
      return { label: "Your vendor's supervisor reviews it", to: null };
  }
}

export default function MonthEndFixes() {
  const { fixes } = useLoaderData<typeof loader>()!;
  const month = fixes.serviceMonth;
  return (
    <Page>
      <PageHeader
        title={`Fix before month end · ${monthLabel(month)}`}
        description="Patients whose month will not bill, or will bill less, as the close would decide it today — each with what clears it. Fix these before the month is closed."
        actions={
          <Form method="get" className="flex items-end gap-2">
            <SelectField label="Month" hideLabel name="month" defaultValue={month} onChange={(e) => e.currentTarget.form?.requestSubmit()}>
              {[0, -1].map((by) => {
                const m = shiftMonth(new Date().toISOString().slice(0, 7), by);
                return (
                  <option key={m} value={m}>
                    {monthLabel(m)}
                  </option>
                );
              })}
            </SelectField>
          </Form>
        }
      />
      <Card flush title={`${fixes.patients.length} patient${fixes.patients.length === 1 ? "" : "s"} to fix`}>
        <Table caption={`Fix before month end, ${monthLabel(month)}`}>
          <THead>
            <Tr>
              <Th>Patient</Th>
              <Th>Now</Th>
              <Th align="right">Minutes</Th>
              <Th>What blocks it</Th>
              <Th>Action</Th>
            </Tr>
          </THead>
          <TBody>
            {fixes.patients.length === 0 ? (
              <TableEmpty colSpan={5}>
                <EmptyState icon={CircleCheck} title="Nothing to fix">
                  Every enrolled patient&apos;s month has what the close needs so far.
                </EmptyState>
              </TableEmpty>
            ) : null}
            {fixes.patients.map((p) => {
              const status = STATUS[p.status] ?? { label: p.status, tone: "neutral" as Tone };
              return (
                <Tr key={p.patientId} data-testid="month-end-fix">
                  <Td className="font-medium">{p.name}</Td>
                  <Td>
                    <Badge tone={status.tone}>{status.label}</Badge>
                  </Td>
                  <Td align="right" className="tabular">
                    {p.staffMinutes}
                  </Td>
                  <Td>
                    <ul className="space-y-1 text-compact text-ink-700">
                      {p.fixes.map((f) => (
                        <li key={f.code}>{f.message}</li>
                      ))}
                    </ul>
                  </Td>
                  <Td>
                    <ul className="space-y-1">
                      {p.fixes.map((f) => {
                        const a = actionFor(f.action, p.patientId);
                        return (
                          <li key={f.code}>
                            {a.to ? (
                              <Link to={a.to} className={buttonClasses({ variant: "secondary", size: "sm" })} aria-label={`${a.label} for ${p.name}`}>
                                {a.label}
                                <ArrowRight aria-hidden="true" className={buttonIconClass()} />
                              </Link>
                            ) : (
                              <span className="text-compact text-ink-500">{a.label}</span>
                            )}
                          </li>
                        );
                      })}
                    </ul>
                  </Td>
                </Tr>
              );
            })}
          </TBody>
        </Table>
      </Card>
      <p className="mt-4 text-compact text-ink-500">
        <Link to="/billing" className={buttonClasses({ variant: "ghost", size: "sm" })}>
          <ArrowLeft aria-hidden="true" className={buttonIconClass()} /> Back to the worksheet
        </Link>
      </p>
    </Page>
  );
}
