import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { ArrowRight, ClipboardCheck, FileUp, Hourglass, UserCheck, Users } from "lucide-react";
import {
  BarChart,
  Card,
  EmptyState,
  PageHeader,
  StatTile,
  Table,
  TBody,
  Td,
  Th,
  THead,
  Tr,
  buttonClasses,
  buttonIconClass,
  type BarChartBar,
  type Tone,
} from "@carefold/ui";
import { Page } from "../components/Page";
import { RouteError } from "../components/RouteError";
import { PROGRAM_STATUS, plural, type ProgramStatus } from "../components/patients/labels";
import { renderRouterLink } from "../components/patients/links";
import { pageError, requireUser } from "../lib/session.server";

export const meta: MetaFunction = () => [{ title: "Enrollment · Carefold Portal" }];
export const ErrorBoundary = RouteError;

export async function loader({ request }: LoaderFunctionArgs) {
  const { caller, headers } = await requireUser(request);
  try {
    const [funnel, reasons, eligible] = await Promise.all([
      caller.enrollment.funnel({ program: "ccm" }),
      caller.enrollment.reasons(),
      caller.patients.list({ eligibility: "ccm_candidate", page: 1, pageSize: 5 }),
    ]);
    return data({ funnel, reasons, eligible: eligible.total }, { headers: headers() });
  } catch (error) {
    pageError(error, request, headers());
  }
}

/** The funnel in order, then the ways out of it. */
const OPEN: ProgramStatus[] = ["identified", "outreach", "consented", "enrolled"];
const CLOSED: ProgramStatus[] = ["declined", "unable_to_reach", "ineligible", "disenrolled"];

function barTone(key: ProgramStatus | "none"): Tone {
  if (key === "none") return "muted";
  if (key === "enrolled") return "success";
  if (key === "unable_to_reach") return "warning";
  return CLOSED.includes(key) ? "neutral" : "brand";
}

const percent = (n: number, of: number) => (of > 0 ? `${Math.round((n / of) * 100)} %` : "—");

export default function Enrollment() {
  const { funnel, reasons, eligible } = useLoaderData<typeof loader>();
  const counts = funnel.counts as Partial<Record<ProgramStatus, number>>;
  const count = (status: ProgramStatus) => counts[status] ?? 0;
  const total = funnel.totalPatients;

  if (total === 0) {
    return (
      <Page>
        <PageHeader
          title="Enrollment"
          description="Eligible patients move from outreach to recorded consent and active care management."
        />
        <Card>
          <EmptyState
            icon={UserCheck}
            title="Nobody to enroll yet — import your panel first"
            action={
              <Link to="/patients/import" className={buttonClasses()}>
                <FileUp aria-hidden="true" className={buttonIconClass()} />
                Import panel
              </Link>
            }
          >
            Patients with two or more qualifying chronic conditions appear here as eligible. Your
            care team records each patient's consent, with the four required disclosures, before
            enrollment.
          </EmptyState>
        </Card>
      </Page>
    );
  }

  const rows: { key: ProgramStatus | "none"; value: number }[] = [
    { key: "none", value: funnel.notStarted },
    ...OPEN.map((s) => ({ key: s, value: count(s) })),
    ...CLOSED.map((s) => ({ key: s, value: count(s) })),
  ];
  const bars: BarChartBar[] = rows.map(({ key, value }) => ({
    label: PROGRAM_STATUS[key].label,
    value,
    tone: barTone(key),
    href: `/patients?status=${key}`,
  }));
  const reasonMap = reasons as Partial<Record<ProgramStatus, Record<string, string>>>;
  const reasonCounts = funnel.reasonCounts as Partial<
    Record<ProgramStatus, Record<string, number>>
  >;

  return (
    <Page>
      <PageHeader
        title="Enrollment"
        description="How your panel moves from first outreach to recorded consent and Chronic Care Management."
        actions={
          <Link
            to="/patients?eligibility=ccm_candidate&status=none"
            className={buttonClasses({ variant: "secondary" })}
          >
            Eligible, not started
            <ArrowRight aria-hidden="true" className={buttonIconClass()} />
          </Link>
        }
      />

      <section aria-label="Key numbers" className="grid grid-cols-2 gap-4 xl:grid-cols-4">
        <StatTile
          label="Patients on your panel"
          value={total.toLocaleString("en-US")}
          icon={Users}
        />
        <StatTile
          label="Eligible for CCM"
          value={eligible.toLocaleString("en-US")}
          hint={`${percent(eligible, total)} of the panel: two or more chronic conditions`}
          icon={ClipboardCheck}
        />
        <StatTile
          label="Enrolled"
          value={count("enrolled").toLocaleString("en-US")}
          hint={`${percent(count("enrolled"), eligible)} of eligible patients`}
          icon={UserCheck}
        />
        <StatTile
          label="Waiting to enroll"
          value={count("consented").toLocaleString("en-US")}
          hint="Consent on file, not yet enrolled"
          icon={Hourglass}
        />
      </section>

      <Card
        className="mt-6"
        title="Enrollment funnel"
        description="Patients at each step of the CCM program. Choose a step to see who is in it."
      >
        <BarChart
          title={`Patients by CCM status, out of ${plural(total, "patient")} on the panel`}
          unit="patients"
          bars={bars}
          max={total}
          renderLink={renderRouterLink}
        />
        <div className="mt-6 overflow-hidden rounded-lg border border-neutral-200">
          <Table caption="Enrollment funnel numbers" showCaption={false} dense>
            <THead>
              <Tr>
                <Th>Step</Th>
                <Th>What it means</Th>
                <Th align="right">Patients</Th>
                <Th align="right">Share of panel</Th>
              </Tr>
            </THead>
            <TBody>
              {rows.map(({ key, value }) => (
                <Tr key={key}>
                  <Td className="font-medium text-ink-900">{PROGRAM_STATUS[key].label}</Td>
                  <Td className="text-ink-600">{PROGRAM_STATUS[key].description}</Td>
                  <Td align="right">{value}</Td>
                  <Td align="right">{percent(value, total)}</Td>
                </Tr>
              ))}
            </TBody>
          </Table>
        </div>
      </Card>

      <Card
        className="mt-6"
        title="Why patients did not enroll"
        description="Every closed step is recorded with a reason from the same list, so your team's outreach can be compared month to month."
      >
        <div className="grid gap-4 md:grid-cols-2">
          {CLOSED.map((status) => (
            <section key={status} className="rounded-lg border border-neutral-200 px-4 py-3">
              <div className="flex items-baseline justify-between gap-3">
                <h3 className="text-sm font-semibold text-ink-900">
                  {PROGRAM_STATUS[status].label}
                </h3>
                <Link
                  to={`/patients?status=${status}`}
                  className="tabular text-compact font-medium text-brand-700 underline-offset-2 hover:underline"
                >
                  {plural(count(status), "patient")}
                </Link>
              </div>
              <ReasonCounts
                status={status}
                labels={reasonMap[status] ?? {}}
                counts={reasonCounts[status] ?? {}}
              />
            </section>
          ))}
        </div>
      </Card>
    </Page>
  );
}

/** Each reason with how many patients it closed, most common first; unused ones stay listed, in the list's order. */
function ReasonCounts({
  status,
  labels,
  counts,
}: {
  status: ProgramStatus;
  labels: Record<string, string>;
  counts: Record<string, number>;
}) {
  const keys = [...new Set([...Object.keys(labels), ...Object.keys(counts)])];
  const rows = keys
    .map((key, order) => ({ key, order, label: labels[key] ?? "Other", count: counts[key] ?? 0 }))
    .sort((a, b) => b.count - a.count || a.order - b.order);
  const largest = Math.max(1, ...rows.map((r) => r.count));
  return (
    <table className="mt-2 w-full text-xs" aria-label={`${PROGRAM_STATUS[status].label} by reason`}>
      <tbody>
        {rows.map((row) => (
          <tr key={row.key} className={row.count === 0 ? "text-ink-500" : "text-ink-800"}>
            <th scope="row" className="py-0.5 pr-2 text-left font-normal">
              {row.label}
            </th>
            <td className="w-24 py-0.5" aria-hidden="true">
              <span
                className="block h-1.5 rounded-full bg-neutral-400"
                style={{ width: `${(row.count / largest) * 100}%` }}
              />
            </td>
            <td className="tabular w-10 py-0.5 text-right font-medium">{row.count}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
