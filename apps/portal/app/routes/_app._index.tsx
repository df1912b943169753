import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import {
  ArrowRight,
  CircleDollarSign,
  Clock,
  FilePenLine,
  FileUp,
  UserCheck,
  UserPlus,
  Users,
} from "lucide-react";
import {
  BarChart,
  Badge,
  Card,
  EmptyState,
  PageHeader,
  StatTile,
  buttonClasses,
  buttonIconClass,
  type BarChartBar,
} from "@carefold/ui";
import { Page } from "../components/Page";
import { RouteError } from "../components/RouteError";
import { PROGRAM_STATUS, plural, type ProgramStatus } from "../components/patients/labels";
import { renderRouterLink } from "../components/patients/links";
import { monthLabel } from "../lib/month";
import { isApiError, pageError, requireUser } from "../lib/session.server";

export const meta: MetaFunction = () => [{ title: "Overview · Carefold Portal" }];
export const ErrorBoundary = RouteError;

export async function loader({ request }: LoaderFunctionArgs) {
  const { caller, headers } = await requireUser(request);
  try {
    const [funnel, eligible, eligibleNotStarted, toSign, practitioners, thisMonth] = await Promise.all([
      caller.enrollment.funnel({ program: "ccm" }),
      caller.patients.list({ eligibility: "ccm_candidate", page: 1, pageSize: 5 }),
      caller.patients.list({
        eligibility: "ccm_candidate",
        programStatus: "none",
        page: 1,
        pageSize: 5,
      }),
      // Sign-off is for practitioners and clinic admins; other roles simply don't see the queue.
      caller.carePlans.awaitingSignoff().then(
        (queue) => queue.length,
        (error: unknown) => {
          if (isApiError(error) && error.code === "FORBIDDEN") return null;
          throw error;
        },
      ),
      caller.patients.practitioners(),
      caller.time.clinicMonth(),
    ]);
    return data(
      {
        // The session does not carry the clinic's time zone yet (auth.me memberships have no
        // timeZone); UTC is right except in the last hours of a month.
        month: monthLabel("UTC"),
        funnel,
        eligible: eligible.total,
        eligibleNotStarted: eligibleNotStarted.total,
        toSign,
        hasPractitioner: practitioners.length > 0,
        thisMonth,
      },
      { headers: headers() },
    );
  } catch (error) {
    pageError(error, request, headers());
  }
}

const STAGES: (ProgramStatus | "none")[] = [
  "none",
  "identified",
  "outreach",
  "consented",
  "enrolled",
];

export default function Overview() {
  const { month, funnel, eligible, eligibleNotStarted, toSign, hasPractitioner, thisMonth } =
    useLoaderData<typeof loader>();
  const monthName = month.split(" ")[0];
  const counts = funnel.counts as Partial<Record<ProgramStatus, number>>;
  const count = (status: ProgramStatus | "none") =>
    status === "none" ? funnel.notStarted : (counts[status] ?? 0);
  const hasPatients = funnel.totalPatients > 0;
  const closed =
    count("declined") + count("unable_to_reach") + count("ineligible") + count("disenrolled");

  const bars: BarChartBar[] = STAGES.map((status) => ({
    label: PROGRAM_STATUS[status].label,
    value: count(status),
    tone:
      status === "enrolled"
        ? "success"
        : status === "none" || status === "identified"
          ? "muted"
          : "brand",
    href: `/patients?status=${status}`,
  }));

  const setup = [
    {
      title: "Import your patient panel",
      text: "CSV export from your EHR.",
      done: hasPatients,
      doneText: plural(funnel.totalPatients, "patient"),
      href: "/patients/import",
    },
    {
      title: "Confirm your billing practitioner",
      text: "Name and NPI used on every claim.",
      done: hasPractitioner,
      doneText: "On file",
      href: "/patients",
    },
    {
      title: "Invite your team",
      text: "Clinic admins and billing practitioners.",
      done: false,
      doneText: "",
      href: "/users",
    },
  ];

  return (
    <Page>
      <PageHeader
        title="Overview"
        description={`How your Chronic Care Management program is doing in ${month}.`}
      />

      <section
        aria-label={`Key numbers for ${month}`}
        className="grid grid-cols-2 gap-4 xl:grid-cols-4"
      >
        <StatTile
          label="Enrolled"
          value={hasPatients ? count("enrolled").toLocaleString("en-US") : "—"}
          hint={
            hasPatients
              ? `Of ${plural(eligible, "eligible patient")} on your panel`
              : "Patients with CCM consent on file"
          }
          icon={UserCheck}
        />
        <StatTile
          label="Billable this month"
          value={hasPatients ? thisMonth.patientsAt20Minutes.toLocaleString("en-US") : "—"}
          hint={`Enrolled patients with 20+ clinical minutes in ${monthName}`}
          icon={Users}
        />
        <StatTile
          label="Minutes this month"
          value={hasPatients ? thisMonth.minutes.toLocaleString("en-US") : "—"}
          hint={
            hasPatients
              ? `Clinical care-management time for ${plural(thisMonth.patientsWithTime, "patient")}`
              : "Care-management time logged"
          }
          icon={Clock}
        />
        <StatTile
          label="Expected revenue"
          value="—"
          hint="Known after the month is closed"
          icon={CircleDollarSign}
        />
      </section>

      <div className="mt-6 grid gap-6 lg:grid-cols-5">
        <Card
          className="lg:col-span-3"
          title="Enrollment funnel"
          description={
            hasPatients
              ? "Patients at each step, from not yet contacted to enrolled."
              : "Numbers appear once patients are on file."
          }
          actions={
            hasPatients ? (
              <Link
                to="/enrollment"
                className="text-compact font-medium text-brand-700 underline-offset-2 hover:underline"
              >
                Enrollment details
              </Link>
            ) : undefined
          }
        >
          {hasPatients ? (
            <>
              <BarChart
                title={`CCM status of the ${plural(funnel.totalPatients, "patient")} on your panel`}
                unit="patients"
                bars={bars}
                renderLink={renderRouterLink}
                showCaption={false}
              />
              <p className="mt-4 text-compact text-ink-600">
                {closed > 0
                  ? `${plural(closed, "patient")} declined, could not be reached, were ineligible or left the program.`
                  : "Nobody has declined or left the program."}
              </p>
            </>
          ) : (
            <EmptyState
              icon={FileUp}
              title="No patients yet — import your panel"
              action={
                <Link to="/patients/import" className={buttonClasses({ variant: "primary" })}>
                  Import panel
                  <ArrowRight aria-hidden="true" className={buttonIconClass()} />
                </Link>
              }
            >
              Upload your patient list and Carefold finds who is eligible for Chronic Care
              Management (two or more qualifying chronic conditions). Every row is checked first;
              nothing is imported until all rows are valid.
            </EmptyState>
          )}
        </Card>

        {hasPatients ? (
          <Card
            className="lg:col-span-2"
            title="Waiting for you"
            description="What the clinic can move forward today."
          >
            <ul className="divide-y divide-neutral-200">
              {toSign !== null ? (
                <WaitingItem
                  icon={FilePenLine}
                  count={toSign}
                  text={toSign === 1 ? "care plan to sign" : "care plans to sign"}
                  href="/care-plans"
                  action="Review"
                />
              ) : null}
              <WaitingItem
                icon={UserPlus}
                count={eligibleNotStarted}
                text="eligible, outreach not started"
                href="/patients?eligibility=ccm_candidate&status=none"
                action="See who"
              />
              <WaitingItem
                icon={UserCheck}
                count={count("consented")}
                text="consented, not yet enrolled"
                href="/patients?status=consented"
                action="See who"
              />
            </ul>
          </Card>
        ) : (
          <Card
            className="lg:col-span-2"
            title="Getting started"
            description="Three steps before your care team can start."
          >
            <ol className="space-y-4">
              {setup.map((step, index) => (
                <li key={step.title} className="flex gap-3">
                  <span className="tabular flex size-6 shrink-0 items-center justify-center rounded-full bg-neutral-100 text-xs font-semibold text-ink-600">
                    {index + 1}
                  </span>
                  <div className="min-w-0 flex-1">
                    <Link
                      to={step.href}
                      className="text-sm font-medium text-ink-900 underline-offset-2 hover:underline"
                    >
                      {step.title}
                    </Link>
                    <p className="mt-0.5 text-compact text-ink-500">{step.text}</p>
                    {step.done ? (
                      <Badge tone="success" className="mt-2">
                        Done — {step.doneText}
                      </Badge>
                    ) : (
                      <Badge tone="muted" className="mt-2">
                        Not started
                      </Badge>
                    )}
                  </div>
                </li>
              ))}
            </ol>
          </Card>
        )}
      </div>
    </Page>
  );
}

function WaitingItem({
  icon: Icon,
  count,
  text,
  href,
  action,
}: {
  icon: typeof FilePenLine;
  count: number;
  text: string;
  href: string;
  action: string;
}) {
  return (
    <li className="flex items-center gap-3 py-3 first:pt-0 last:pb-0">
      <span className="flex size-9 shrink-0 items-center justify-center rounded-lg bg-neutral-100 text-ink-600">
        <Icon aria-hidden="true" className="size-4" />
      </span>
      <p className="min-w-0 flex-1 text-sm text-ink-700">
        <span className="tabular mr-1 text-lg font-semibold text-ink-900">{count}</span>
        {text}
      </p>
      {count > 0 ? (
        <Link
          to={href}
          className={buttonClasses({ variant: "secondary", size: "sm" })}
          aria-label={`${action}: ${count} ${text}`}
        >
          {action}
        </Link>
      ) : (
        <Badge tone="success">None</Badge>
      )}
    </li>
  );
}
