import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { FileUp, Search, SearchX, Users, X } from "lucide-react";
import {
  Card,
  EmptyState,
  PageHeader,
  Pagination,
  SelectField,
  Table,
  TableEmpty,
  TBody,
  Td,
  TextField,
  Th,
  THead,
  Tr,
  buttonClasses,
  buttonIconClass,
  cn,
} from "@carefold/ui";
import { Page } from "../components/Page";
import { RouteError } from "../components/RouteError";
import { EligibilityBadge, ProgramStatusBadge } from "../components/patients/badges";
import {
  ELIGIBILITY,
  PROGRAM_STATUS,
  PROGRAM_STATUSES,
  formatDate,
  plural,
} from "../components/patients/labels";
import { renderRouterLink } from "../components/patients/links";
import {
  dropSearchTermFromAddress,
  patientListAddress,
  patientListFilters,
  patientListView,
  patientSearch,
} from "../lib/patients.server";
import {
  searchPageButtons,
  skipRevalidationAfterSearch,
  usePrivateSearch,
} from "../lib/private-search";
import { pageError, requireUser } from "../lib/session.server";

export const meta: MetaFunction = () => [{ title: "Patients · Carefold Portal" }];
export const ErrorBoundary = RouteError;

const SEARCH_FORM = "patient-search";
/** What the list may carry in its address: filters and the page, never the search term. */
const ADDRESS_FIELDS = ["status", "eligibility", "practitioner", "page"] as const;

/** The list with the filters in the address; a search term is posted to the action instead. */
export async function loader({ request }: LoaderFunctionArgs) {
  dropSearchTermFromAddress(request);
  const { caller, headers } = await requireUser(request);
  const filters = patientListFilters(new URL(request.url));
  try {
    const [list, practitioners] = await Promise.all([
      caller.patients.list(filters),
      caller.patients.practitioners(),
    ]);
    return data(
      {
        list,
        practitioners: practitioners.map((p) => ({
          id: p.id,
          name: p.credentials ? `${p.name}, ${p.credentials}` : p.name,
        })),
        filters: patientListView(filters),
      },
      { headers: headers() },
    );
  } catch (error) {
    pageError(error, request, headers());
  }
}

/** A search (term in the POST body, never in the address) answered with its page of results. */
export async function action({ request }: ActionFunctionArgs) {
  const { caller, headers } = await requireUser(request);
  const filters = patientSearch(await request.formData());
  if (!filters.search) throw redirect(patientListAddress(filters), { headers: headers() });
  try {
    const list = await caller.patients.list(filters);
    return data({ list, filters: patientListView(filters) }, { headers: headers() });
  } catch (error) {
    pageError(error, request, headers());
  }
}

export const shouldRevalidate = skipRevalidationAfterSearch;

export default function Patients() {
  const loaded = useLoaderData<typeof loader>();
  const search = usePrivateSearch({
    answer: useActionData<typeof action>(),
    addressFields: ADDRESS_FIELDS,
  });
  const { practitioners } = loaded;
  const { list, filters } = search.shown ?? loaded;
  const isFiltered = Boolean(
    filters.q || filters.status || filters.eligibility || filters.practitioner,
  );
  const isLoading = search.busy;

  const hrefFor = (page: number) => {
    const params = new URLSearchParams();
    if (filters.status) params.set("status", filters.status);
    if (filters.eligibility) params.set("eligibility", filters.eligibility);
    if (filters.practitioner) params.set("practitioner", filters.practitioner);
    if (page > 1) params.set("page", String(page));
    const query = params.toString();
    return query ? `/patients?${query}` : "/patients";
  };

  return (
    <Page>
      <PageHeader
        title="Patients"
        description="Everyone on your clinic's panel, with their CCM eligibility and where they are in enrollment."
        actions={
          <Link to="/patients/import" className={buttonClasses({ variant: "primary" })}>
            <FileUp aria-hidden="true" className={buttonIconClass()} />
            Import panel
          </Link>
        }
      />
      <Card flush>
        <Form
          id={SEARCH_FORM}
          method="post"
          action={search.formAction}
          role="search"
          aria-label="Filter patients"
          className="flex flex-wrap items-end gap-3 border-b border-neutral-200 px-4 py-3"
          onSubmit={search.onSubmit}
          onChange={(event) => {
            // Choosing a filter applies it at once; typing in the search box waits for Enter.
            if ((event.target as HTMLElement).tagName === "SELECT")
              search.apply(event.currentTarget);
          }}
        >
          <TextField
            name="q"
            type="search"
            label="Search patients"
            hideLabel
            placeholder="Name, MRN or full MBI"
            defaultValue={filters.q}
            icon={Search}
            size="sm"
            className="w-72"
            key={`q-${filters.q}`}
          />
          <SelectField
            name="status"
            label="CCM status"
            inlineLabel
            size="sm"
            defaultValue={filters.status}
            key={`status-${filters.status}`}
          >
            <option value="">Any</option>
            <option value="none">{PROGRAM_STATUS.none.label}</option>
            {PROGRAM_STATUSES.map((status) => (
              <option key={status} value={status}>
                {PROGRAM_STATUS[status].label}
              </option>
            ))}
          </SelectField>
          <SelectField
            name="eligibility"
            label="Eligibility"
            inlineLabel
            size="sm"
            defaultValue={filters.eligibility}
            key={`eligibility-${filters.eligibility}`}
          >
            <option value="">Any</option>
            {Object.entries(ELIGIBILITY).map(([value, e]) => (
              <option key={value} value={value}>
                {e.label}
              </option>
            ))}
          </SelectField>
          <SelectField
            name="practitioner"
            label="Billing practitioner"
            inlineLabel
            size="sm"
            defaultValue={filters.practitioner}
            key={`practitioner-${filters.practitioner}`}
          >
            <option value="">Any</option>
            {practitioners.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </SelectField>
          <button type="submit" className="sr-only">
            Search
          </button>
          {isFiltered ? (
            <Link
              to="/patients"
              className={buttonClasses({ variant: "ghost", size: "sm", className: "ml-auto" })}
            >
              <X aria-hidden="true" className={buttonIconClass("sm")} />
              Clear filters
            </Link>
          ) : null}
        </Form>
        <div aria-busy={isLoading} className={cn(isLoading && "opacity-60 transition-opacity")}>
          <Table
            caption={
              isFiltered
                ? `Patients matching your filters (${list.total})`
                : `Patients (${list.total})`
            }
          >
            <THead>
              <Tr>
                <Th>Patient</Th>
                <Th>MBI</Th>
                <Th>Eligibility</Th>
                <Th>CCM status</Th>
                <Th>Billing practitioner</Th>
              </Tr>
            </THead>
            <TBody>
              {list.rows.length === 0 ? (
                <TableEmpty colSpan={5}>
                  {isFiltered ? (
                    <EmptyState
                      icon={SearchX}
                      title="No patients match — try fewer filters"
                      action={
                        <Link to="/patients" className={buttonClasses({ variant: "secondary" })}>
                          Clear filters
                        </Link>
                      }
                    >
                      Search looks at first and last names, the medical record number and the full
                      11-character MBI.
                    </EmptyState>
                  ) : (
                    <EmptyState
                      icon={Users}
                      title="No patients yet — import your panel"
                      action={
                        <Link to="/patients/import" className={buttonClasses()}>
                          <FileUp aria-hidden="true" className={buttonIconClass()} />
                          Import panel
                        </Link>
                      }
                    >
                      Upload a CSV export from your EHR. Carefold checks every row (MBI, dates,
                      diagnoses, duplicates) and imports nothing until all rows are valid.
                    </EmptyState>
                  )}
                </TableEmpty>
              ) : null}
              {list.rows.map((patient) => (
                <Tr key={patient.id} className="hover:bg-neutral-25">
                  <Td>
                    <Link
                      to={`/patients/${patient.id}`}
                      prefetch="intent"
                      className="font-medium text-ink-900 underline-offset-2 hover:text-brand-700 hover:underline"
                    >
                      {patient.name}
                    </Link>
                    <p className="mt-0.5 text-compact text-ink-500">
                      Born {formatDate(patient.dateOfBirth)}
                    </p>
                  </Td>
                  <Td>
                    {patient.mbiMasked ? (
                      <span className="font-mono text-compact text-ink-700">
                        <span aria-hidden="true">{patient.mbiMasked}</span>
                        <span className="sr-only">MBI ending {patient.mbiMasked.slice(-4)}</span>
                      </span>
                    ) : (
                      <span className="text-compact text-ink-500">No MBI</span>
                    )}
                  </Td>
                  <Td>
                    <EligibilityBadge eligibility={patient.eligibility} />
                    <p className="mt-1 text-xs text-ink-500">
                      {plural(patient.qualifyingConditions, "chronic condition")}
                    </p>
                  </Td>
                  <Td>
                    <ProgramStatusBadge status={patient.programStatus} />
                  </Td>
                  <Td className="text-compact">
                    {patient.billingPractitioner ?? (
                      <span className="text-ink-500">Not assigned</span>
                    )}
                  </Td>
                </Tr>
              ))}
            </TBody>
          </Table>
        </div>
        {list.total > 0 ? (
          <Pagination
            className="border-t border-neutral-200 px-4 py-3"
            page={list.page}
            pageSize={list.pageSize}
            total={list.total}
            hrefFor={hrefFor}
            renderLink={filters.q ? searchPageButtons(SEARCH_FORM) : renderRouterLink}
            noun="patients"
          />
        ) : null}
      </Card>
    </Page>
  );
}
