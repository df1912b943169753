import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { SearchX, Users } from "lucide-react";
import {
  Card,
  EmptyState,
  PageHeader,
  Pagination,
  Table,
  TableEmpty,
  TBody,
  Td,
  Th,
  THead,
  Tr,
  buttonClasses,
  cn,
} from "@carefold/ui";
import { Page } from "../components/Page";
import { RouteError } from "../components/RouteError";
import { FilterSelect, SearchToolbar } from "../components/SearchToolbar";
import { EligibilityBadge, ProgramStatusBadge } from "../components/patients/badges";
import {
  ELIGIBILITY,
  PROGRAM_STATUS,
  PROGRAM_STATUSES,
  formatDate,
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

export const meta: MetaFunction = () => [{ title: "Patients · Carefold Workspace" }];
export const ErrorBoundary = RouteError;

const PAGE_SIZE = 50;
const SEARCH_FORM = "patient-search";
/** What the list may carry in its address: filters and the page, never the search term. */
const ADDRESS_FIELDS = ["status", "eligibility", "practitioner", "page"] as const;
const FOR_COORDINATION_STAFF = "The patient list is for care-coordination staff.";

/** The list with the filters in the address; a search term is posted to the action instead. */
export async function loader({ request }: LoaderFunctionArgs) {
  dropSearchTermFromAddress(request);
  const { caller, headers } = await requireUser(request);
  const filters = patientListFilters(new URL(request.url), PAGE_SIZE);
  try {
    const [list, practitioners, clinics] = await Promise.all([
      caller.patients.list(filters),
      caller.patients.practitioners(),
      caller.workspace.clinics(),
    ]);
    const clinicName = new Map(clinics.map((c) => [c.id, c.name]));
    return data(
      {
        list,
        clinicCount: clinics.length,
        practitioners: practitioners.map((p) => ({
          id: p.id,
          name: `${p.name}${clinics.length > 1 ? ` (${clinicName.get(p.tenantId) ?? "clinic"})` : ""}`,
        })),
        filters: patientListView(filters),
      },
      { headers: headers() },
    );
  } catch (error) {
    pageError(error, request, headers(), FOR_COORDINATION_STAFF);
  }
}

/** A search (term in the POST body, never in the address) answered with its page of results. */
export async function action({ request }: ActionFunctionArgs) {
  const { caller, headers } = await requireUser(request);
  const filters = patientSearch(await request.formData(), PAGE_SIZE);
  if (!filters.search) throw redirect(patientListAddress(filters), { headers: headers() });
  try {
    const list = await caller.patients.list(filters);
    return data({ list, filters: patientListView(filters) }, { headers: headers() });
  } catch (error) {
    pageError(error, request, headers(), FOR_COORDINATION_STAFF);
  }
}

export const shouldRevalidate = skipRevalidationAfterSearch;

export default function Patients() {
  const loaded = useLoaderData<typeof loader>();
  const search = usePrivateSearch({
    answer: useActionData<typeof action>(),
    addressFields: ADDRESS_FIELDS,
  });
  const { clinicCount, practitioners } = loaded;
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
        compact
        title="Patients"
        description={
          clinicCount > 1
            ? `Every patient on the panels of your ${clinicCount} clinics. The clinic column says whose patient each one is.`
            : "Every patient on the panel assigned to you."
        }
      />
      <Card flush>
        <SearchToolbar
          id={SEARCH_FORM}
          search={search}
          label="Filter patients"
          searchLabel="Search patients"
          placeholder="Name, MRN or full MBI"
          clearTo="/patients"
          isFiltered={isFiltered}
        >
          <FilterSelect
            name="status"
            label="CCM status"
            value={filters.status}
            options={[
              ["", "Any"],
              ["none", PROGRAM_STATUS.none.label],
              ...PROGRAM_STATUSES.map((status) => [status, PROGRAM_STATUS[status].label] as const),
            ]}
          />
          <FilterSelect
            name="eligibility"
            label="Eligibility"
            value={filters.eligibility}
            options={[
              ["", "Any"],
              ...Object.entries(ELIGIBILITY).map(([value, e]) => [value, e.label] as const),
            ]}
          />
          <FilterSelect
            name="practitioner"
            label="Practitioner"
            value={filters.practitioner}
            options={[["", "Any"], ...practitioners.map((p) => [p.id, p.name] as const)]}
          />
        </SearchToolbar>
        <div aria-busy={isLoading} className={cn(isLoading && "opacity-60 transition-opacity")}>
          <Table caption={`Patients (${list.total})`} dense>
            <THead>
              <Tr>
                <Th>Patient</Th>
                <Th>Clinic</Th>
                <Th>Born</Th>
                <Th>MBI</Th>
                <Th>Eligibility</Th>
                <Th>CCM status</Th>
                <Th>Billing practitioner</Th>
              </Tr>
            </THead>
            <TBody>
              {list.rows.length === 0 ? (
                <TableEmpty colSpan={7}>
                  {isFiltered ? (
                    <EmptyState
                      icon={SearchX}
                      size="sm"
                      title="No patients match — try fewer filters"
                      action={
                        <Link
                          to="/patients"
                          className={buttonClasses({ variant: "secondary", size: "sm" })}
                        >
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
                      title="No patients assigned to you yet — a supervisor assigns clinic panels"
                    >
                      When you're assigned to a clinic, its patients are listed here and on your
                      worklist.
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
                  </Td>
                  <Td className="text-ink-700">{patient.clinic}</Td>
                  <Td className="whitespace-nowrap text-ink-700">
                    {formatDate(patient.dateOfBirth)}
                  </Td>
                  <Td>
                    {patient.mbiMasked ? (
                      <span className="font-mono text-xs text-ink-700">
                        <span aria-hidden="true">{patient.mbiMasked}</span>
                        <span className="sr-only">MBI ending {patient.mbiMasked.slice(-4)}</span>
                      </span>
                    ) : (
                      <span className="text-xs text-ink-500">No MBI</span>
                    )}
                  </Td>
                  <Td>
                    <EligibilityBadge eligibility={patient.eligibility} />
                  </Td>
                  <Td>
                    <ProgramStatusBadge status={patient.programStatus} />
                  </Td>
                  <Td className="text-ink-700">
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
            className="border-t border-neutral-200 px-3 py-2"
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
