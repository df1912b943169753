import type { MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { ArrowRight, CircleDollarSign, Clock, FileUp, UserCheck, Users } from "lucide-react";
import {
  Badge,
  Card,
  EmptyState,
  NoData,
  PageHeader,
  StatTile,
  buttonClasses,
  buttonIconClass,
} from "@carefold/ui";
import { Page } from "../components/Page";
import { monthLabel } from "../lib/month";

export const meta: MetaFunction = () => [{ title: "Overview · Carefold Portal" }];

export function loader() {
  // The session does not carry the clinic's time zone yet (auth.me memberships have no timeZone);
  // UTC is right except in the last hours of a month.
  return { month: monthLabel("UTC") };
}

const funnel = ["Identified", "Outreach", "Consented", "Enrolled", "Active"] as const;

const setup = [
  { title: "Import your patient panel", text: "CSV export from your EHR, or a FHIR R4 bundle." },
  { title: "Invite your team", text: "Clinic admins and billing practitioners." },
  { title: "Confirm your billing practitioner", text: "Name and NPI used on every claim." },
] as const;

export default function Overview() {
  const { month } = useLoaderData<typeof loader>();
  const monthName = month.split(" ")[0];
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
          value="—"
          hint="Patients with CCM consent on file"
          icon={UserCheck}
        />
        <StatTile
          label="Billable this month"
          value="—"
          hint={`Reached 20 minutes in ${monthName}`}
          icon={Users}
        />
        <StatTile
          label="Minutes this month"
          value="—"
          hint="Care-management time logged"
          icon={Clock}
        />
        <StatTile
          label="Expected revenue"
          value="—"
          hint="Medicare payment, before coinsurance"
          icon={CircleDollarSign}
        />
      </section>

      <div className="mt-6 grid gap-6 lg:grid-cols-5">
        <Card
          className="lg:col-span-3"
          title="Your program"
          description="Numbers appear once patients are on file."
        >
          <EmptyState
            icon={FileUp}
            title="No patients yet — import your panel"
            action={
              <Link to="/patients" className={buttonClasses({ variant: "primary" })}>
                Go to Patients
                <ArrowRight aria-hidden="true" className={buttonIconClass()} />
              </Link>
            }
          >
            Upload your patient list and Carefold finds who is eligible for Chronic Care Management
            (two or more qualifying chronic conditions). Every row is checked first; nothing is
            imported until all rows are valid.
          </EmptyState>
        </Card>

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
                  <p className="text-sm font-medium text-ink-900">{step.title}</p>
                  <p className="mt-0.5 text-compact text-ink-500">{step.text}</p>
                  <Badge tone="muted" className="mt-2">
                    Not started
                  </Badge>
                </div>
              </li>
            ))}
          </ol>
        </Card>
      </div>

      <Card
        className="mt-6"
        title="Enrollment funnel"
        description="Patients at each step, from first identified to actively managed."
      >
        <ol className="grid grid-cols-5 gap-3">
          {funnel.map((stage, index) => (
            <li
              key={stage}
              className="rounded-lg border border-neutral-200 bg-neutral-25 px-4 py-3"
            >
              <p className="flex items-center gap-1.5 text-xs font-medium text-ink-500">
                <span className="tabular text-ink-400">{index + 1}</span>
                {stage}
              </p>
              <p className="tabular mt-1 text-xl font-semibold">
                <NoData />
              </p>
              <div className="mt-2 h-1.5 rounded-full bg-neutral-200" aria-hidden="true" />
            </li>
          ))}
        </ol>
        <p className="mt-4 text-compact text-ink-500">
          The funnel fills in as your care team reaches out to eligible patients and records their
          consent.
        </p>
      </Card>
    </Page>
  );
}
