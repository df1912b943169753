import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { ArrowDownLeft, ArrowUpRight, PhoneCall, SearchX } from "lucide-react";
import {
  Badge,
  Card,
  EmptyState,
  PageHeader,
  Pagination,
  RelativeTime,
  Table,
  TableEmpty,
  TBody,
  Td,
  Th,
  THead,
  Tr,
  buttonClasses,
  cn,
  type Tone,
} from "@carefold/ui";
import { Page } from "../components/Page";
import { PendingCallTime } from "../components/calls/PendingCallTime";
import { RouteError } from "../components/RouteError";
import { FilterSelect, SearchToolbar } from "../components/SearchToolbar";
import { formatPhone } from "../components/patients/labels";
import { renderRouterLink } from "../components/patients/links";
import { dropSearchTermFromAddress, postedSearchTerm } from "../lib/patients.server";
import {
  searchPageButtons,
  skipRevalidationAfterSearch,
  usePrivateSearch,
} from "../lib/private-search";
import { pageError, requireUser } from "../lib/session.server";

export const meta: MetaFunction = () => [{ title: "Calls & messages · Carefold Workspace" }];
export const ErrorBoundary = RouteError;

const PAGE_SIZE = 50;
const SEARCH_FORM = "communications-search";
/** What the list may carry in its address: filters and the page, never the search term. */
const ADDRESS_FIELDS = ["who", "show", "page"] as const;
const FOR_COORDINATION_STAFF = "Calls and messages are for care-coordination staff.";

const WHO = { mine: "Mine", everyone: "Everyone in my clinics" } as const;
const SHOW = {
  all: "Calls and texts",
  calls: "Calls",
  voicemails: "Voicemails",
  texts: "Text messages",
} as const;
type Who = keyof typeof WHO;
type Show = keyof typeof SHOW;

/** The form sends the defaults as "" so that they stay out of the address (`/calls`, not `/calls?who=mine`). */
const optionsOf = <T extends string>(labels: Record<T, string>, byDefault: T) =>
  (Object.entries(labels) as [T, string][]).map(
    ([value, label]) => [value === byDefault ? "" : value, label] as const,
  );

type Fields = URLSearchParams | FormData;
const pick = <T extends string>(options: Record<T, string>, value: unknown, fallback: T): T =>
  typeof value === "string" && value in options ? (value as T) : fallback;

function listFilters(fields: Fields) {
  const page = Math.max(1, Math.min(10_000, Math.floor(Number(fields.get("page"))) || 1));
  return {
    who: pick<Who>(WHO, fields.get("who"), "mine"),
    kind: pick<Show>(SHOW, fields.get("show"), "all"),
    page,
    pageSize: PAGE_SIZE,
  };
}
type Filters = ReturnType<typeof listFilters> & { search?: string };

function addressOf(filters: Filters) {
  const params = new URLSearchParams();
  if (filters.who !== "mine") params.set("who", filters.who);
  if (filters.kind !== "all") params.set("show", filters.kind);
  if (filters.page > 1) params.set("page", String(filters.page));
  const query = params.toString();
  return query ? `/calls?${query}` : "/calls";
}

/** The filters as the form shows them: "" for a default. */
const view = (filters: Filters) => ({
  q: filters.search ?? "",
  who: filters.who === "mine" ? "" : filters.who,
  show: filters.kind === "all" ? "" : filters.kind,
});

/** The list with its filters in the address; a search term is posted to the action instead. */
export async function loader({ request }: LoaderFunctionArgs) {
  dropSearchTermFromAddress(request);
  const { caller, headers } = await requireUser(request);
  const filters: Filters = listFilters(new URL(request.url).searchParams);
  try {
    const log = await caller.calls.log(filters);
    const pendingTime = await caller.calls.pendingTime();
    const dispositions = await caller.calls.dispositions();
    return data(
      { log, filters: view(filters), now: new Date().toISOString(), pendingTime, dispositions },
      { headers: headers() },
    );
  } catch (error) {
    pageError(error, request, headers(), FOR_COORDINATION_STAFF);
  }
}

/** A search (patient name or phone number, in the POST body only) answered with its page. */
export async function action({ request }: ActionFunctionArgs) {
  const { caller, headers } = await requireUser(request);
  const form = await request.formData();
  const filters: Filters = { ...listFilters(form), search: postedSearchTerm(form, 100) };
  if (!filters.search) throw redirect(addressOf(filters), { headers: headers() });
  try {
    const log = await caller.calls.log(filters);
    return data(
      { log, filters: view(filters), now: new Date().toISOString() },
      { headers: headers() },
    );
  } catch (error) {
    pageError(error, request, headers(), FOR_COORDINATION_STAFF);
  }
}

export const shouldRevalidate = skipRevalidationAfterSearch;

type Item = ReturnType<typeof useLoaderData<typeof loader>>["log"]["items"][number];

const TEXT_STATUS: Record<string, { label: string; tone: Tone }> = {
  queued: { label: "Queued", tone: "muted" },
  sending: { label: "Sending", tone: "muted" },
  sent: { label: "Sent", tone: "brand" },
  delivered: { label: "Delivered", tone: "success" },
  received: { label: "Received", tone: "brand" },
  undelivered: { label: "Not delivered", tone: "danger" },
  failed: { label: "Failed", tone: "danger" },
};
const DISPOSITION_TONE: Record<string, Tone> = {
  answered: "success",
  voicemail: "brand",
  no_answer: "muted",
  busy: "muted",
  wrong_number: "danger",
  declined: "warning",
};

function duration(seconds: number | null) {
  if (seconds === null) return "—";
  const minutes = Math.floor(seconds / 60);
  return `${minutes}:${String(seconds % 60).padStart(2, "0")}`;
}

function TypeCell({ item }: { item: Item }) {
  const Icon = item.direction === "inbound" ? ArrowDownLeft : ArrowUpRight;
  const label =
    item.kind === "call"
      ? item.direction === "inbound"
        ? "Call in"
        : "Call"
      : item.direction === "inbound"
        ? "Text received"
        : "Text sent";
  return (
    <span className="inline-flex items-center gap-1.5 whitespace-nowrap text-ink-800">
      <Icon aria-hidden="true" className="size-3.5 text-ink-500" />
      {label}
    </span>
  );
}

function OutcomeCell({ item }: { item: Item }) {
  if (item.kind === "text") {
    const status = TEXT_STATUS[item.status] ?? { label: item.status, tone: "neutral" as Tone };
    return (
      <div className="flex min-w-0 items-start gap-2">
        <Badge tone={status.tone}>{status.label}</Badge>
        <span className="line-clamp-1 min-w-0 text-ink-700" title={item.preview ?? undefined}>
          {item.preview}
        </span>
      </div>
    );
  }
  if (item.disposition && item.dispositionLabel) {
    return (
      <Badge tone={DISPOSITION_TONE[item.disposition] ?? "neutral"}>{item.dispositionLabel}</Badge>
    );
  }
  return (
    <span className="text-ink-500">No outcome recorded ({item.status.replace(/_/g, " ")})</span>
  );
}

export default function CallsAndMessages() {
  const loaded = useLoaderData<typeof loader>();
  const search = usePrivateSearch({
    answer: useActionData<typeof action>(),
    addressFields: ADDRESS_FIELDS,
  });
  const { log, filters, now } = search.shown ?? loaded;
  const isFiltered = Boolean(filters.q || filters.who || filters.show);
  const showBy = filters.who === "everyone";
  const columns = showBy ? 7 : 6;

  const hrefFor = (page: number) =>
    addressOf({
      who: (filters.who || "mine") as Who,
      kind: (filters.show || "all") as Show,
      page,
      pageSize: PAGE_SIZE,
    });

  return (
    <Page>
      <PageHeader
        compact
        title="Calls & messages"
        description="Calls, voicemails and text conversations with patients, newest first. Open a patient to call back or reply."
      />
      <PendingCallTime
        calls={loaded.pendingTime}
        dispositions={loaded.dispositions}
        now={loaded.now}
      />
      <Card flush>
        <SearchToolbar
          id={SEARCH_FORM}
          search={search}
          label="Filter calls and messages"
          searchLabel="Search calls and messages"
          placeholder="Patient name or phone number"
          clearTo="/calls"
          isFiltered={isFiltered}
        >
          <FilterSelect
            name="show"
            label="Show"
            value={filters.show}
            options={optionsOf(SHOW, "all")}
          />
          <FilterSelect
            name="who"
            label="Whose"
            value={filters.who}
            options={optionsOf(WHO, "mine")}
          />
        </SearchToolbar>
        <div aria-busy={search.busy} className={cn(search.busy && "opacity-60 transition-opacity")}>
          <Table caption={`Calls and messages (${log.total})`} dense>
            <THead>
              <Tr>
                <Th>When</Th>
                <Th>Patient</Th>
                <Th>Clinic</Th>
                <Th>Type</Th>
                <Th>Outcome</Th>
                <Th className="text-right">Talk time</Th>
                {showBy ? <Th>By</Th> : null}
              </Tr>
            </THead>
            <TBody>
              {log.items.length === 0 ? (
                <TableEmpty colSpan={columns}>
                  {isFiltered ? (
                    <EmptyState
                      icon={SearchX}
                      size="sm"
                      title="Nothing matches — try fewer filters"
                      action={
                        <Link
                          to="/calls"
                          className={buttonClasses({ variant: "secondary", size: "sm" })}
                        >
                          Clear filters
                        </Link>
                      }
                    >
                      Search looks at patients' first and last names and at phone numbers (type at
                      least four digits).
                    </EmptyState>
                  ) : (
                    <EmptyState
                      icon={PhoneCall}
                      title="No calls or messages yet — call a patient from their chart"
                    >
                      Press c on a chart to call from the clinic's own number. Talk time becomes a
                      draft time entry for you to confirm, and patients' text replies appear here.
                    </EmptyState>
                  )}
                </TableEmpty>
              ) : null}
              {log.items.map((item) => (
                <Tr key={`${item.kind}-${item.id}`} className="hover:bg-neutral-25">
                  <Td className="whitespace-nowrap">
                    <RelativeTime date={item.at} now={now} className="text-ink-800" />
                  </Td>
                  <Td>
                    {item.patientId && item.patientName ? (
                      <Link
                        to={`/patients/${item.patientId}`}
                        prefetch="intent"
                        className="font-medium text-ink-900 underline-offset-2 hover:text-brand-700 hover:underline"
                      >
                        {item.patientName}
                      </Link>
                    ) : (
                      <span className="text-ink-600">{formatPhone(item.phone)}</span>
                    )}
                    {item.patientName ? (
                      <span className="block text-2xs text-ink-500">{formatPhone(item.phone)}</span>
                    ) : null}
                  </Td>
                  <Td className="text-ink-700">{item.clinic}</Td>
                  <Td>
                    <TypeCell item={item} />
                  </Td>
                  <Td className="max-w-md">
                    <OutcomeCell item={item} />
                  </Td>
                  <Td className="text-right font-mono text-xs tabular-nums text-ink-700">
                    {item.kind === "call" ? duration(item.talkSeconds) : ""}
                  </Td>
                  {showBy ? (
                    <Td className="text-ink-700">
                      {item.by ?? <span className="text-ink-500">Patient</span>}
                    </Td>
                  ) : null}
                </Tr>
              ))}
            </TBody>
          </Table>
        </div>
        {log.total > 0 ? (
          <Pagination
            className="border-t border-neutral-200 px-3 py-2"
            page={log.page}
            pageSize={log.pageSize}
            total={log.total}
            hrefFor={hrefFor}
            renderLink={filters.q ? searchPageButtons(SEARCH_FORM) : renderRouterLink}
            noun="calls and messages"
          />
        ) : null}
      </Card>
    </Page>
  );
}
