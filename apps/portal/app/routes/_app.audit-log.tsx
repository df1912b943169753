import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useLoaderData, useSubmit } from "@remix-run/react";
import { ArrowLeft, ArrowRight, Download } from "lucide-react";
import { Card, PageHeader, SelectField, buttonClasses, buttonIconClass } from "@carefold/ui";
import { AuditTable } from "../components/AuditTable";
import { Page } from "../components/Page";
import { RouteError } from "../components/RouteError";
import {
  CLINIC_AUDIT_CATEGORIES as CATEGORIES,
  OUTCOMES,
  auditQuery,
  readAuditFilters,
} from "../lib/audit";
import { pageError, requireUser } from "../lib/session.server";

export const meta: MetaFunction = () => [{ title: "Audit log · Carefold Portal" }];
export const ErrorBoundary = RouteError;

const PAGE_SIZE = 50;

export async function loader({ request }: LoaderFunctionArgs) {
  const { caller, me, headers } = await requireUser(request);
  const filters = readAuditFilters(new URL(request.url), CATEGORIES);
  let events;
  try {
    events = await caller.audit.clinicEvents({ ...auditQuery(filters), limit: PAGE_SIZE });
  } catch (error) {
    pageError(error, request, headers(), "The audit log is for your clinic's administrators.");
  }
  const clinic = me.memberships.find((m) => m.tenantId === me.activeTenantId);
  return data(
    {
      events,
      filters,
      clinicName: clinic?.tenantName ?? "your clinic",
      now: new Date().toISOString(),
    },
    { headers: headers() },
  );
}

function query(values: Record<string, string>) {
  const params = new URLSearchParams(Object.entries(values).filter(([, v]) => v));
  const search = params.toString();
  return search ? `?${search}` : "";
}

export default function AuditLog() {
  const { events, filters, clinicName, now } = useLoaderData<typeof loader>();
  const submit = useSubmit();
  const base = { action: filters.action, outcome: filters.outcome };
  const oldest = events.at(-1);
  const hasMore = events.length === PAGE_SIZE && oldest;

  return (
    <Page>
      <PageHeader
        title="Audit log"
        description={`Every change, every view of a patient's record and every sign-in of your team at ${clinicName}: who, what, when and from where. Entries can't be edited or deleted.`}
        actions={
          <a
            href={`/audit-log/export.csv${query(base)}`}
            download
            className={buttonClasses({ variant: "secondary" })}
          >
            <Download aria-hidden="true" className={buttonIconClass()} />
            Export CSV
          </a>
        }
      />
      <Card flush>
        <Form
          method="get"
          role="search"
          aria-label="Filter the audit log"
          className="flex flex-wrap items-center gap-4 border-b border-neutral-200 px-4 py-3"
          onChange={(event) => submit(event.currentTarget, { replace: true })}
        >
          <SelectField
            label="Activity"
            name="action"
            inlineLabel
            size="sm"
            defaultValue={filters.action}
          >
            {CATEGORIES.map((c) => (
              <option key={c.value} value={c.value}>
                {c.label}
              </option>
            ))}
          </SelectField>
          <SelectField
            label="Result"
            name="outcome"
            inlineLabel
            size="sm"
            defaultValue={filters.outcome}
          >
            {OUTCOMES.map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </SelectField>
          <noscript>
            <button type="submit" className={buttonClasses({ variant: "secondary", size: "sm" })}>
              Apply
            </button>
          </noscript>
          <p className="ml-auto text-compact text-ink-500" aria-live="polite">
            {filters.before ? "Older entries" : "Newest first"} · {events.length}{" "}
            {events.length === 1 ? "entry" : "entries"}
          </p>
        </Form>
        <AuditTable
          events={events}
          now={now}
          caption={`Audit log of ${clinicName}`}
          empty={
            filters.action || filters.outcome || filters.before
              ? {
                  title: "Nothing matches these filters",
                  text: "Choose “All activity” and “Any result” to see every entry.",
                }
              : {
                  title: "Nothing recorded yet — entries appear as your team works",
                  text: "Invitations, changes to users and every view of a patient's record are recorded here.",
                }
          }
        />
        {filters.before || hasMore ? (
          <div className="flex items-center justify-between gap-3 border-t border-neutral-200 px-4 py-3">
            {filters.before ? (
              <Link to={query(base)} className={buttonClasses({ variant: "ghost", size: "sm" })}>
                <ArrowLeft aria-hidden="true" className={buttonIconClass("sm")} />
                Newest entries
              </Link>
            ) : (
              <span />
            )}
            {hasMore ? (
              <Link
                to={query({ ...base, before: oldest.at })}
                className={buttonClasses({ variant: "secondary", size: "sm" })}
              >
                Older entries
                <ArrowRight aria-hidden="true" className={buttonIconClass("sm")} />
              </Link>
            ) : null}
          </div>
        ) : null}
      </Card>
    </Page>
  );
}
