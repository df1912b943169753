import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useFetcher, useLoaderData, useSubmit } from "@remix-run/react";
import { ArrowLeft, ArrowRight, ShieldCheck } from "lucide-react";
import {
  Badge,
  Button,
  Card,
  Notice,
  PageHeader,
  SelectField,
  buttonClasses,
  buttonIconClass,
} from "@carefold/ui";
import { AuditTable } from "../components/AuditTable";
import { Page } from "../components/Page";
import { RouteError } from "../components/RouteError";
import { ALL_AUDIT_CATEGORIES, OUTCOMES, auditQuery, readAuditFilters } from "../lib/audit";
import { formFailure, pageError, requireUser } from "../lib/session.server";

export const meta: MetaFunction = () => [{ title: "Audit log · Admin · Carefold Workspace" }];
export const ErrorBoundary = RouteError;

const PAGE_SIZE = 50;

export async function loader({ request }: LoaderFunctionArgs) {
  const { caller, headers } = await requireUser(request);
  const url = new URL(request.url);
  const filters = readAuditFilters(url, ALL_AUDIT_CATEGORIES);
  const wanted = url.searchParams.get("chain") ?? "platform";
  let clinics, events;
  try {
    clinics = await caller.admin.clinics();
    const chain =
      wanted === "clinics" || clinics.some((c) => c.id === wanted) ? wanted : "platform";
    events = await caller.audit.allEvents({
      ...auditQuery(filters),
      ...(chain === "clinics" ? {} : { chain }),
      limit: PAGE_SIZE,
    });
    return data(
      {
        chain,
        clinics: clinics.map((c) => ({ id: c.id, name: c.name })),
        events,
        filters,
        now: new Date().toISOString(),
      },
      { headers: headers() },
    );
  } catch (error) {
    pageError(error, request, headers(), "The admin area is for vendor administrators.");
  }
}

export async function action({ request }: ActionFunctionArgs) {
  const { caller, headers } = await requireUser(request);
  try {
    const [results, clinics] = await Promise.all([
      caller.audit.verifyChains(),
      caller.admin.clinics(),
    ]);
    const names = new Map(clinics.map((c) => [c.id, c.name]));
    return data(
      {
        ok: true as const,
        checkedAt: new Date().toISOString(),
        // Platform first, then the clinics by name.
        chains: [...results]
          .sort((a, b) => (a.chain === "platform" ? -1 : b.chain === "platform" ? 1 : 0))
          .map((r) => ({
            chain: r.chain,
            name: r.chain === "platform" ? "Platform log" : (names.get(r.chain) ?? r.chain),
            firstBrokenSeq: r.firstBrokenSeq,
          })),
      },
      { headers: headers() },
    );
  } catch (error) {
    const failure = formFailure(error, request, headers());
    return data(
      { ok: false as const, message: failure.message ?? "The check didn't run." },
      { headers: headers() },
    );
  }
}

function query(values: Record<string, string>) {
  const params = new URLSearchParams(Object.entries(values).filter(([, v]) => v));
  const search = params.toString();
  return search ? `?${search}` : "";
}

export default function AdminAudit() {
  const { chain, clinics, events, filters, now } = useLoaderData<typeof loader>();
  const submit = useSubmit();
  const verify = useFetcher<typeof action>({ key: "verify-chains" });
  const names = new Map(clinics.map((c) => [c.id, c.name]));
  const chainName = (id: string) =>
    id === "platform" ? "Platform" : (names.get(id) ?? id.slice(0, 8));
  const base = { chain, action: filters.action, outcome: filters.outcome };
  const oldest = events.at(-1);
  const hasMore = events.length === PAGE_SIZE && oldest;
  const result = verify.data;
  const broken = result?.ok ? result.chains.filter((c) => c.firstBrokenSeq !== null) : [];

  return (
    <Page>
      <PageHeader
        compact
        eyebrow="Admin"
        title="Audit log"
        description="Every sign-in, change and record view across the platform and all clinics. Each log is a hash chain: any edited or deleted entry breaks it."
        actions={
          <verify.Form method="post">
            <Button
              type="submit"
              variant="secondary"
              icon={ShieldCheck}
              disabled={verify.state !== "idle"}
            >
              {verify.state !== "idle" ? "Checking every entry…" : "Verify integrity"}
            </Button>
          </verify.Form>
        }
      />

      {result && !result.ok ? (
        <Notice tone="danger" className="mb-4" live>
          {result.message}
        </Notice>
      ) : null}
      {result?.ok ? (
        <Card
          className="mb-4"
          title={
            broken.length === 0
              ? "All logs are intact"
              : `${broken.length} log${broken.length === 1 ? " is" : "s are"} broken`
          }
          description={`Every entry's hash was recomputed in the database just now (${result.chains.length} logs).`}
        >
          <div role="status" aria-live="polite">
            {broken.length > 0 ? (
              <Notice
                tone="danger"
                className="mb-3"
                title="An entry was changed or removed outside Carefold"
              >
                Export the affected log, keep the export, and report it to the security officer. The
                first broken entry number is shown for each log.
              </Notice>
            ) : null}
            <ul
              className="grid grid-cols-1 gap-2 sm:grid-cols-2 xl:grid-cols-3"
              aria-label="Integrity of each log"
            >
              {result.chains.map((c) => (
                <li
                  key={c.chain}
                  data-testid="chain-result"
                  className="flex items-center justify-between gap-3 rounded-lg border border-neutral-200 px-3.5 py-2.5"
                >
                  <span className="truncate text-compact font-medium text-ink-900">{c.name}</span>
                  {c.firstBrokenSeq === null ? (
                    <Badge tone="success">Intact</Badge>
                  ) : (
                    <Badge tone="danger">Broken at entry #{c.firstBrokenSeq}</Badge>
                  )}
                </li>
              ))}
            </ul>
          </div>
        </Card>
      ) : null}

      <Card flush>
        <Form
          method="get"
          role="search"
          aria-label="Filter the audit log"
          className="flex flex-wrap items-center gap-4 border-b border-neutral-200 px-3 py-2.5"
          onChange={(event) => submit(event.currentTarget, { replace: true })}
        >
          <SelectField label="Log" name="chain" inlineLabel size="sm" defaultValue={chain}>
            <option value="platform">Platform (sign-ins, administration)</option>
            <option value="clinics">All clinics</option>
            {clinics.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </SelectField>
          <SelectField
            label="Activity"
            name="action"
            inlineLabel
            size="sm"
            defaultValue={filters.action}
          >
            {ALL_AUDIT_CATEGORIES.map((c) => (
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
          <p className="ml-auto text-compact text-ink-500">
            {filters.before ? "Older entries" : "Newest first"} · {events.length}{" "}
            {events.length === 1 ? "entry" : "entries"}
          </p>
        </Form>
        <AuditTable
          dense
          events={events}
          now={now}
          caption="Audit log"
          chainName={chain === "clinics" ? chainName : undefined}
          empty={{
            title: "Nothing matches these filters",
            text: "Choose another log, or “All activity” and “Any result”.",
          }}
        />
        {filters.before || hasMore ? (
          <div className="flex items-center justify-between gap-3 border-t border-neutral-200 px-3 py-2.5">
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
