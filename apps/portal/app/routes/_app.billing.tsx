import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useFetcher, useLoaderData, useSearchParams } from "@remix-run/react";
import { ArrowRight, ChevronDown, ChevronRight, ClipboardList, FileText, ShieldCheck } from "lucide-react";
import { Fragment, useEffect, useState } from "react";
import {
  Badge,
  Button,
  buttonClasses,
  buttonIconClass,
  Card,
  Dialog,
  EmptyState,
  Notice,
  PageHeader,
  SelectField,
  StatTile,
  Table,
  TableEmpty,
  TBody,
  Td,
  TextareaField,
  TextField,
  Th,
  THead,
  Tr,
  type Tone,
} from "@carefold/ui";
import { NoticePage } from "../components/NoticePage";
import { DocumentDownload } from "../components/patients/DocumentDownload";
import { Page } from "../components/Page";
import { RouteError } from "../components/RouteError";
import { monthLabel } from "../lib/billing-month";
import { formFailure, pageError, requireUser } from "../lib/session.server";

export const meta: MetaFunction = () => [{ title: "Billing · Carefold Portal" }];
export const ErrorBoundary = RouteError;

const FILTERS = [
  { value: "all", label: "All" },
  { value: "billable", label: "Billable" },
  { value: "blocked", label: "Blocked" },
  { value: "warnings", label: "Warnings" },
  { value: "below_threshold", label: "Below threshold" },
  { value: "excluded", label: "Excluded" },
] as const;
type Filter = (typeof FILTERS)[number]["value"];

export async function loader({ request }: LoaderFunctionArgs) {
  const { caller, me, headers } = await requireUser(request);
  const params = new URL(request.url).searchParams;
  const month = params.get("month") ?? undefined;
  const filter = (FILTERS.find((f) => f.value === params.get("filter"))?.value ?? "all") as Filter;
  const rowId = params.get("row");
  try {
    const worksheet = await caller.worksheet.get({ serviceMonth: month, filter });
    if (!worksheet) return data({ worksheet: null, months: [], exports: [], acknowledgments: [], row: null, billingIdentity: null, eligibilityToReview: 0, filter, isAdmin: false }, { headers: headers() });
    const [months, exports, acknowledgments, row, billingIdentity, eligibility] = await Promise.all([
      caller.worksheet.months(),
      caller.worksheet.exports({ serviceMonth: worksheet.serviceMonth }),
      caller.remittance.acknowledgments({ serviceMonth: worksheet.serviceMonth }),
      rowId ? caller.worksheet.row({ serviceMonth: worksheet.serviceMonth, patientId: rowId }) : Promise.resolve(null),
      caller.worksheet.billingIdentity(),
      caller.eligibility.toReview({ serviceMonth: worksheet.serviceMonth }),
    ]);
    const role = me.memberships.find((m) => m.tenantId === me.activeTenantId)?.role;
    return data({ worksheet, months, exports, acknowledgments, row, billingIdentity, eligibilityToReview: eligibility.count, filter, isAdmin: role === "clinic_admin" }, { headers: headers() });
  } catch (error) {
    pageError(error, request, headers(), "The billing worksheet is for clinic admins and billing practitioners.");
  }
}

export async function action({ request }: ActionFunctionArgs) {
  const { caller, headers } = await requireUser(request);
  const form = await request.formData();
  const intent = String(form.get("intent") ?? "");
  const serviceMonth = String(form.get("serviceMonth") ?? "");
  const patientId = String(form.get("patientId") ?? "");
  const name = String(form.get("name") ?? "The patient");
  const reply = (ok: boolean, message: string, fieldErrors: Record<string, string> = {}) => data({ ok, intent, message, fieldErrors }, { headers: headers() });
  try {
    if (intent === "exclude") {
      await caller.worksheet.exclude({ serviceMonth, patientId, reason: String(form.get("reason") ?? "") });
      return reply(true, `${name} is excluded from this month's claims.`);
    }
    if (intent === "include") {
      await caller.worksheet.include({ serviceMonth, patientId });
      return reply(true, `${name} is back in this month's worksheet.`);
    }
    if (intent === "exclude-pending-review") {
      const result = await caller.worksheet.excludePendingReview({ serviceMonth, reason: String(form.get("reason") ?? "") });
      return reply(true, `${result.entries} entr${result.entries === 1 ? "y" : "ies"} awaiting review ${result.entries === 1 ? "is" : "are"} excluded from this month. You can approve it now.`);
    }
    if (intent === "approve") {
      const result = await caller.worksheet.approve({ serviceMonth });
      return reply(true, `Approved: ${result.billable} patient-month${result.billable === 1 ? "" : "s"} can now be exported and invoiced.`);
    }
    if (intent === "export") {
      const asked = form.get("format");
      const format = asked === "x12_837p" || asked === "x12_837i" ? asked : "csv";
      // "Resend as replacements": every claim of the month again, frequency 7 (the clearinghouse lost a file).
      const result = await caller.worksheet.export({ serviceMonth, format, ...(form.get("replace") === "1" && format !== "csv" ? { replace: true } : {}) });
      if (result.reused) return reply(true, `No claim changed since the last file, so nothing new was sent: ${result.fileName} is the month's file.`);
      const { replacement, void: voided } = result.frequencies;
      const corrections = replacement + voided > 0 ? ` (${replacement} replacement${replacement === 1 ? "" : "s"}, ${voided} void${voided === 1 ? "" : "s"})` : "";
      // One X12 file per payer (issue 24): name each file with its payer.
      const files = result.files.length > 1 ? result.files.map((f) => `${f.fileName} (${f.payerName ?? "claims"}, ${f.claimCount})`).join(", ") : result.fileName;
      return reply(true, `${files} ${result.files.length > 1 ? "are" : "is"} ready: ${result.claimCount} claim${result.claimCount === 1 ? "" : "s"}${corrections}.`);
    }
    if (intent === "download") {
      const link = await caller.worksheet.download({ exportId: String(form.get("exportId") ?? "") });
      return redirect(link.url, { headers: headers() });
    }
    if (intent === "audit-packet") {
      const packet = await caller.worksheet.auditPacket({ serviceMonth, patientId });
      return redirect(packet.url, { headers: headers() });
    }
    return reply(false, "Unknown request.");
  } catch (error) {
    const failure = formFailure(error, request, headers());
    return reply(false, failure.message ?? "Nothing was changed.", failure.fieldErrors);
  }
}

/** Plan types of the payer directory, as people say them. */
const PLAN_LABEL: Record<string, string> = { medicare: "Traditional Medicare", medicare_advantage: "Medicare Advantage", medigap: "Medigap", medicaid: "Medicaid", commercial: "Commercial" };

const usd = (cents: number) => (cents / 100).toLocaleString("en-US", { style: "currency", currency: "USD" });
const dateLabel = (iso: string) => new Date(iso).toLocaleDateString("en-US", { month: "short", day: "numeric", year: "numeric", timeZone: "UTC" });

const ROW_STATUS: Record<string, { label: string; tone: Tone }> = {
  billable: { label: "Billable", tone: "success" },
  blocked: { label: "Blocked", tone: "danger" },
  below_threshold: { label: "Below threshold", tone: "muted" },
  excluded: { label: "Excluded", tone: "neutral" },
};
const CLOSE_STATUS: Record<string, { label: string; tone: Tone }> = {
  closed: { label: "Awaiting your approval", tone: "warning" },
  approved: { label: "Approved", tone: "success" },
  reopened: { label: "Reopened by your vendor", tone: "warning" },
  queued: { label: "Closing", tone: "brand" },
  running: { label: "Closing", tone: "brand" },
  failed: { label: "Close failed", tone: "danger" },
};
const ACTIVITY: Record<string, string> = {
  care_plan_review: "Care-plan review", medication_reconciliation: "Medication reconciliation", patient_call: "Call with patient", caregiver_call: "Call with caregiver",
  provider_coordination: "Provider coordination", transition_follow_up: "Transition follow-up", community_resources: "Community resources", lab_review: "Lab review",
  documentation: "Documentation", other: "Other",
};

type LoaderData = NonNullable<ReturnType<typeof useLoaderData<typeof loader>>>;
type Row = NonNullable<LoaderData["worksheet"]>["rows"][number];

export default function Billing() {
  const { worksheet, months, exports, acknowledgments, row: detail, billingIdentity, eligibilityToReview, filter, isAdmin } = useLoaderData<typeof loader>()!;
  // RHCs and FQHCs bill care management on the institutional 837I, everyone else on the 837P.
  const x12Format = billingIdentity?.claimFormat ?? "x12_837p";
  const x12Label = x12Format === "x12_837i" ? "837I (005010X223A2)" : "837P (005010X222A1)";
  const [params] = useSearchParams();
  const fetcher = useFetcher<typeof action>({ key: "worksheet" });
  const [excluding, setExcluding] = useState<Row | null>(null);
  const [approving, setApproving] = useState(false);
  useEffect(() => {
    if (fetcher.state === "idle" && fetcher.data?.ok) {
      setExcluding(null);
      setApproving(false);
    }
  }, [fetcher.state, fetcher.data]);

  if (!worksheet) {
    return (
      <NoticePage
        title="Billing"
        description="The monthly billing worksheet: what can be claimed for each enrolled patient, checked before you export."
        empty={{
          icon: ClipboardList,
          title: "No billing month to review yet",
          text: <>After your vendor closes a month, the worksheet lists every enrolled patient's codes, minutes and diagnoses with any compliance findings. You approve it, then export a CSV or an 837P claim file.</>,
          action: (
            <div className="flex gap-2">
              <Link to="/billing/month-end" className={buttonClasses({ variant: "secondary" })}>
                Fix before month end
              </Link>
              <Link to="/enrollment" className={buttonClasses({ variant: "secondary" })}>
                Go to Enrollment
                <ArrowRight aria-hidden="true" className={buttonIconClass()} />
              </Link>
            </div>
          ),
        }}
      />
    );
  }
  const { close, serviceMonth } = worksheet;
  const status = CLOSE_STATUS[close.status] ?? { label: close.status, tone: "neutral" as Tone };
  const link = (changes: Record<string, string | null>) => {
    const next = new URLSearchParams(params);
    next.set("month", serviceMonth);
    for (const [k, v] of Object.entries(changes)) {
      if (v === null) next.delete(k);
      else next.set(k, v);
    }
    return `?${next.toString()}`;
  };
  const count = (f: Filter) => (f === "all" ? close.counts.all : f === "below_threshold" ? close.counts.belowThreshold : close.counts[f]);
  const canEdit = isAdmin && close.status === "closed";
  const error = fetcher.data && !fetcher.data.ok ? fetcher.data : null;

  return (
    <Page>
      <PageHeader
        title={`Billing worksheet · ${monthLabel(serviceMonth)}`}
        description="Every enrolled patient's month as the CCM rules see it. Blocked rows say why in plain words; exclude anything you will not bill, then approve the month to export claims."
        actions={
          <Form method="get" className="flex items-end gap-2">
            <Link to="/billing/month-end" className={buttonClasses({ variant: "secondary" })}>
              Fix before month end
            </Link>
            <Link to={`/billing/other-services?month=${serviceMonth}`} className={buttonClasses({ variant: "secondary" })}>
              Other services
            </Link>
            <Link to={`/billing/remittance?month=${serviceMonth}`} className={buttonClasses({ variant: "secondary" })}>
              Remittance
            </Link>
            <Link to={`/billing/eligibility?month=${serviceMonth}`} className={buttonClasses({ variant: "secondary" })}>
              Eligibility
            </Link>
            <SelectField label="Month" hideLabel name="month" defaultValue={serviceMonth} onChange={(e) => e.currentTarget.form?.requestSubmit()}>
              {months.map((m) => (
                <option key={m.serviceMonth} value={m.serviceMonth}>
                  {monthLabel(m.serviceMonth)}
                </option>
              ))}
            </SelectField>
          </Form>
        }
      />

      <div className="mb-5 flex flex-wrap items-center gap-3">
        <Badge tone={status.tone}>{status.label}</Badge>
        {close.approvedAt ? <span className="text-compact text-ink-600">by {close.approvedBy} on {dateLabel(close.approvedAt)}</span> : null}
        {close.closedAt && !close.approvedAt ? <span className="text-compact text-ink-600">Closed {dateLabel(close.closedAt)}</span> : null}
        {canEdit ? (
          <Button className="ml-auto" icon={ShieldCheck} onClick={() => setApproving(true)}>
            Approve month
          </Button>
        ) : null}
      </div>

      {fetcher.data?.ok ? (
        <Notice tone="success" className="mb-5" live>
          {fetcher.data.message}
        </Notice>
      ) : null}
      {error && !excluding ? (
        <Notice tone="danger" title="Nothing was changed" className="mb-5" live>
          {error.message}
        </Notice>
      ) : null}

      {eligibilityToReview > 0 ? (
        <Notice tone="warning" title={`${eligibilityToReview} eligibility change${eligibilityToReview === 1 ? "" : "s"} to review`} className="mb-5">
          A patient moved to or from Medicare Advantage, lost Part B or was not found by Medicare: bill them to the right payer, or not at all, before you approve.{" "}
          <Link to={`/billing/eligibility?month=${serviceMonth}`} className="font-medium underline">
            Review eligibility
          </Link>
        </Notice>
      ) : null}

      <PendingReview pending={worksheet.pendingReview} serviceMonth={serviceMonth} canEdit={canEdit} busy={fetcher.state !== "idle"} Form={fetcher.Form} fieldError={error?.intent === "exclude-pending-review" ? error.fieldErrors?.reason : undefined} />

      <div className="mb-6 grid grid-cols-4 gap-4">
        <StatTile label="Billable patients" value={String(close.counts.billable)} hint={`of ${close.counts.all} enrolled`} />
        <StatTile label="Expected reimbursement" value={usd(close.amountCents)} hint="Each patient's payer on the date of service" />
        <StatTile label="Patient share" value={usd(close.patientShareCents)} hint={`of ${usd(close.coinsuranceCents)} coinsurance; secondary pays ${usd(close.secondaryShareCents)}`} />
        <StatTile label="Blocked" value={String(close.counts.blocked)} hint={`${close.counts.warnings} with warnings`} />
      </div>

      <Card title="Totals by payer" className="mb-6" flush>
        <Table caption="Totals by payer">
          <THead>
            <Tr>
              <Th>Payer</Th>
              <Th align="right">Claims</Th>
              <Th align="right">Amount</Th>
              <Th align="right">Coinsurance</Th>
              <Th align="right">Patient share</Th>
              <Th align="right">Secondary pays</Th>
              <Th align="right">Expected from payer</Th>
            </Tr>
          </THead>
          <TBody>
            {worksheet.totalsByPayer.length === 0 ? <TableEmpty colSpan={7}>Nothing billable this month.</TableEmpty> : null}
            {worksheet.totalsByPayer.map((t) => (
              <Tr key={t.payerId ?? "none"}>
                <Td className="font-medium">
                  {t.payerName}
                  {t.planType ? <span className="ml-2 text-xs font-normal text-ink-500">{PLAN_LABEL[t.planType] ?? t.planType}</span> : null}
                </Td>
                <Td align="right" className="tabular">{t.claims}</Td>
                <Td align="right" className="tabular">{usd(t.amountCents)}</Td>
                <Td align="right" className="tabular">{usd(t.coinsuranceCents)}</Td>
                <Td align="right" className="tabular">{usd(t.patientShareCents)}</Td>
                <Td align="right" className="tabular">{usd(t.secondaryShareCents)}</Td>
                <Td align="right" className="tabular">{usd(t.expectedFromPayerCents)}</Td>
              </Tr>
            ))}
          </TBody>
        </Table>
      </Card>

      <div className="mb-6 grid grid-cols-3 gap-4">
        <Card title="Totals by code" className="col-span-1" flush>
          <Table caption="Totals by code">
            <THead>
              <Tr>
                <Th>Code</Th>
                <Th align="right">Units</Th>
                <Th align="right">Amount</Th>
              </Tr>
            </THead>
            <TBody>
              {worksheet.totalsByCode.length === 0 ? (
                <TableEmpty colSpan={3}>Nothing billable this month.</TableEmpty>
              ) : null}
              {worksheet.totalsByCode.map((t) => (
                <Tr key={t.code}>
                  <Td className="font-medium">{t.code}</Td>
                  <Td align="right" className="tabular">{t.units}</Td>
                  <Td align="right" className="tabular">{usd(t.amountCents)}</Td>
                </Tr>
              ))}
            </TBody>
          </Table>
        </Card>
        <Card
          title="Claim files"
          className="col-span-2"
          description={
            close.status === "approved"
              ? `CSV for your billing system, or ${x12Label} files for your clearinghouse, one per payer. A claim goes out once; a change after a reopen goes as a replacement or void.`
              : "Available once the month is approved."
          }
        >
          {close.status === "approved" && isAdmin ? (
            <fetcher.Form method="post" className="mb-4 flex gap-2">
              <input type="hidden" name="intent" value="export" />
              <input type="hidden" name="serviceMonth" value={serviceMonth} />
              <Button type="submit" name="format" value="csv" variant="secondary" icon={FileText} disabled={fetcher.state !== "idle"}>
                Export CSV
              </Button>
              <Button type="submit" name="format" value={x12Format} variant="secondary" icon={FileText} disabled={fetcher.state !== "idle"}>
                Export {x12Format === "x12_837i" ? "837I" : "837P"}
              </Button>
            </fetcher.Form>
          ) : null}
          {close.status === "approved" && isAdmin && exports.some((e) => e.format === x12Format) ? (
            <fetcher.Form method="post" className="mb-4 flex flex-wrap items-center gap-2 text-compact text-ink-600">
              <input type="hidden" name="intent" value="export" />
              <input type="hidden" name="serviceMonth" value={serviceMonth} />
              <input type="hidden" name="format" value={x12Format} />
              <input type="hidden" name="replace" value="1" />
              <span>Clearinghouse lost the file?</span>
              <Button type="submit" variant="ghost" size="sm" disabled={fetcher.state !== "idle"}>
                Resend every claim as a replacement
              </Button>
            </fetcher.Form>
          ) : null}
          {exports.length === 0 ? (
            <p className="text-compact text-ink-500">No files exported yet.</p>
          ) : (
            <ul className="divide-y divide-neutral-100">
              {exports.map((e) => (
                <li key={e.exportId} className="flex items-center justify-between gap-3 py-2">
                  <span className="text-compact">
                    <span className="font-medium text-ink-900">{e.fileName}</span>
                    <span className="ml-2 text-ink-500">
                      {e.payerName ? `${e.payerName} · ` : ""}
                      {e.claimCount} claim{e.claimCount === 1 ? "" : "s"} · {usd(e.amountCents)}
                    </span>
                    <AcknowledgmentBadges acks={acknowledgments.filter((a) => a.claimExportId === e.exportId)} />
                  </span>
                  {isAdmin ? (
                    <DocumentDownload intent="download" fields={{ exportId: e.exportId }} label="Download" accessibleLabel={`Download ${e.fileName}`} variant="ghost" />
                  ) : null}
                </li>
              ))}
            </ul>
          )}
          <BillingIdentityLine identity={billingIdentity} />
        </Card>
      </div>

      <nav aria-label="Filter rows" className="mb-3 flex gap-1">
        {FILTERS.map((f) => (
          <Link
            key={f.value}
            to={link({ filter: f.value === "all" ? null : f.value, row: null })}
            aria-current={filter === f.value ? "page" : undefined}
            className={`rounded-md px-3 py-1.5 text-compact ${filter === f.value ? "bg-brand-50 font-semibold text-brand-700" : "text-ink-600 hover:bg-neutral-100"}`}
          >
            {f.label} <span className="tabular text-ink-500">{count(f.value)}</span>
          </Link>
        ))}
      </nav>

      <Card flush>
        <Table caption={`Worksheet rows, ${FILTERS.find((f) => f.value === filter)!.label.toLowerCase()}`}>
          <THead>
            <Tr>
              <Th>Patient</Th>
              <Th>Status</Th>
              <Th>Payer</Th>
              <Th>Codes</Th>
              <Th align="right">Minutes</Th>
              <Th align="right">Amount</Th>
              <Th>Findings</Th>
              <Th align="right">
                <span className="sr-only">Actions</span>
              </Th>
            </Tr>
          </THead>
          <TBody>
            {worksheet.rows.length === 0 ? (
              <TableEmpty colSpan={8}>
                <EmptyState icon={ClipboardList} title="No rows match this filter" />
              </TableEmpty>
            ) : null}
            {worksheet.rows.map((r) => {
              const isOpen = detail?.patientId === r.patientId;
              const blocks = r.findings.filter((f) => f.severity === "block");
              const warns = r.findings.filter((f) => f.severity === "warn");
              const s = ROW_STATUS[r.status]!;
              return (
                <Fragment key={r.patientId}>
                  <Tr className={isOpen ? "bg-brand-25" : undefined}>
                    <Td>
                      <Link to={link({ row: isOpen ? null : r.patientId })} className="inline-flex items-center gap-1.5 font-medium text-ink-900 hover:underline" aria-expanded={isOpen}>
                        {isOpen ? <ChevronDown aria-hidden="true" className="size-4" /> : <ChevronRight aria-hidden="true" className="size-4" />}
                        {r.name}
                      </Link>
                      <p className="ml-5.5 text-xs text-ink-500">Born {r.dateOfBirth}</p>
                    </Td>
                    <Td>
                      <Badge tone={s.tone}>{s.label}</Badge>
                    </Td>
                    <Td className="text-compact">
                      {r.payerName ?? <span className="text-ink-500">No coverage</span>}
                      {r.secondaryPayerName ? <p className="text-xs text-ink-500">+ {r.secondaryPayerName}</p> : null}
                      {r.rateBasis === "assumed_medicare" ? <p className="text-xs text-warning-700">Medicare rate, assumed</p> : null}
                    </Td>
                    <Td className="tabular">{r.lines.length ? r.lines.map((l) => `${l.code}${l.units > 1 ? ` ×${l.units}` : ""}`).join(", ") : "—"}</Td>
                    <Td align="right" className="tabular">{r.staffMinutes + r.practitionerMinutes}</Td>
                    <Td align="right" className="tabular">{r.status === "billable" ? usd(r.amountCents) : "—"}</Td>
                    <Td className="max-w-xs text-compact">
                      {r.status === "excluded" ? <span className="text-ink-600">Excluded: {r.excludedReason}</span> : null}
                      {r.status !== "excluded" && blocks[0] ? <span className="text-danger-700">{blocks[0].message}</span> : null}
                      {r.status !== "excluded" && !blocks[0] && warns[0] ? <span className="text-warning-700">{warns.length} warning{warns.length === 1 ? "" : "s"}</span> : null}
                    </Td>
                    <Td align="right">
                      {canEdit && r.status !== "excluded" ? (
                        <Button size="sm" variant="ghost" aria-label={`Exclude ${r.name}`} onClick={() => setExcluding(r)}>
                          Exclude
                        </Button>
                      ) : null}
                      {canEdit && r.status === "excluded" ? (
                        <fetcher.Form method="post">
                          <input type="hidden" name="intent" value="include" />
                          <input type="hidden" name="serviceMonth" value={serviceMonth} />
                          <input type="hidden" name="patientId" value={r.patientId} />
                          <input type="hidden" name="name" value={r.name} />
                          <Button type="submit" size="sm" variant="ghost" aria-label={`Include ${r.name}`}>
                            Include
                          </Button>
                        </fetcher.Form>
                      ) : null}
                    </Td>
                  </Tr>
                  {isOpen && detail ? (
                    <Tr>
                      <Td colSpan={8} className="bg-neutral-25">
                        <RowDetail detail={detail} />
                      </Td>
                    </Tr>
                  ) : null}
                </Fragment>
              );
            })}
          </TBody>
        </Table>
      </Card>

      <Dialog
        open={excluding !== null}
        onClose={() => setExcluding(null)}
        title={excluding ? `Exclude ${excluding.name}?` : "Exclude"}
        description="The row stays in the worksheet, marked excluded, and is not exported or invoiced. You can include it again until you approve."
        footer={
          <>
            <Button variant="secondary" onClick={() => setExcluding(null)}>
              Cancel
            </Button>
            <Button type="submit" form="exclude-form" variant="danger" disabled={fetcher.state !== "idle"}>
              Exclude
            </Button>
          </>
        }
      >
        {excluding ? (
          <fetcher.Form method="post" id="exclude-form" className="space-y-4" noValidate>
            <input type="hidden" name="intent" value="exclude" />
            <input type="hidden" name="serviceMonth" value={serviceMonth} />
            <input type="hidden" name="patientId" value={excluding.patientId} />
            <input type="hidden" name="name" value={excluding.name} />
            {error ? (
              <Notice tone="danger" live>
                {error.message}
              </Notice>
            ) : null}
            <TextareaField label="Reason" name="reason" required autoFocus error={error?.fieldErrors?.reason} placeholder="e.g. Billed by the hospital clinic this month" />
          </fetcher.Form>
        ) : null}
      </Dialog>

      <Dialog
        open={approving}
        onClose={() => setApproving(false)}
        size="sm"
        title={`Approve ${monthLabel(serviceMonth)}?`}
        footer={
          <>
            <Button variant="secondary" onClick={() => setApproving(false)}>
              Cancel
            </Button>
            <fetcher.Form method="post">
              <input type="hidden" name="serviceMonth" value={serviceMonth} />
              <Button type="submit" name="intent" value="approve" disabled={fetcher.state !== "idle"}>
                Approve
              </Button>
            </fetcher.Form>
          </>
        }
      >
        <p className="text-sm text-ink-700">
          {close.counts.billable} patient-month{close.counts.billable === 1 ? "" : "s"} for {usd(close.amountCents)} become claims you can export, and your vendor invoices from them. Only your vendor can reopen an approved month.
        </p>
      </Dialog>
    </Page>
  );
}

/** What the clearinghouse (999) and the payer (277CA) answered about one claim file. */
function AcknowledgmentBadges({ acks }: { acks: LoaderData["acknowledgments"] }) {
  const file = acks.filter((a) => a.kind === "999").at(-1);
  const claims = acks.filter((a) => a.kind === "277ca");
  const rejected = claims.filter((a) => a.status === "rejected").length;
  if (!file && claims.length === 0) return null;
  return (
    <span className="ml-2 inline-flex gap-1 align-middle">
      {file ? (
        <Badge tone={file.status === "rejected" ? "danger" : file.status === "accepted" ? "success" : "warning"}>
          999 {file.status.replaceAll("_", " ")}
        </Badge>
      ) : null}
      {claims.length ? (
        <Badge tone={rejected ? "danger" : "success"}>
          277CA {claims.length - rejected} accepted{rejected ? `, ${rejected} rejected` : ""}
        </Badge>
      ) : null}
    </span>
  );
}

/** Who the claim files name as billing provider (set by the vendor), tax id masked to its last 4. */
function BillingIdentityLine({ identity }: { identity: LoaderData["billingIdentity"] }) {
  if (!identity) {
    return (
      <p className="mt-4 border-t border-neutral-100 pt-3 text-compact text-warning-800" data-testid="billing-identity">
        Billing profile: not set yet — your care-management vendor sets it. Claims cannot be exported until then.
      </p>
    );
  }
  const place = identity.placeOfService;
  return (
    <p className="mt-4 border-t border-neutral-100 pt-3 text-compact text-ink-600" data-testid="billing-identity">
      Billed as <span className="font-medium text-ink-900">{identity.billingName}</span>
      {" · "}NPI <span className="tabular">{identity.billingNpi}</span>
      {" · "}Tax id <span className="tabular">•••••{identity.taxIdLast4}</span>
      {" · "}Place of service {place.code}
      {place.name ? ` ${place.name}` : ""}
    </p>
  );
}

function RowDetail({ detail }: { detail: NonNullable<LoaderData["row"]> }) {
  return (
    <div className="grid grid-cols-2 gap-6 py-2" aria-label="Row details">
      <div>
        <h3 className="mb-2 text-compact font-semibold text-ink-900">Why</h3>
        {detail.findings.length === 0 ? <p className="text-compact text-ink-600">No findings: this month meets every rule checked.</p> : null}
        <ul className="space-y-2">
          {detail.findings.map((f) => (
            <li key={f.code} className="flex items-start gap-2 text-compact">
              <Badge tone={f.severity === "block" ? "danger" : "warning"}>{f.severity === "block" ? "Blocks billing" : "Warning"}</Badge>
              <span className="text-ink-800">{f.message}</span>
            </li>
          ))}
        </ul>
        <dl className="mt-4 grid grid-cols-2 gap-x-4 gap-y-1 text-compact">
          <dt className="text-ink-500">Counted minutes</dt>
          <dd className="tabular">{detail.staffMinutes} staff · {detail.practitionerMinutes} practitioner</dd>
          <dt className="text-ink-500">Date of service</dt>
          <dd className="tabular">{detail.dateOfService}</dd>
          <dt className="text-ink-500">Diagnoses</dt>
          <dd>{detail.diagnosisCodes.join(", ") || "—"}</dd>
          <dt className="text-ink-500">Consent</dt>
          <dd>{detail.consentObtainedOn ?? "None on file"}</dd>
        </dl>
        <div className="mt-4 flex flex-wrap items-center gap-x-3 gap-y-1">
          <DocumentDownload
            intent="audit-packet"
            fields={{ serviceMonth: detail.serviceMonth, patientId: detail.patientId }}
            label="Audit packet (PDF)"
            accessibleLabel="Download the audit packet (PDF)"
          />
          <span className="text-xs text-ink-500">The consent, visit, care plan, time log and calls behind this row, for an auditor.</span>
        </div>
      </div>
      <div>
        <h3 className="mb-2 text-compact font-semibold text-ink-900">Time entries</h3>
        {detail.entries.length === 0 ? <p className="text-compact text-ink-600">No time was logged this month.</p> : null}
        <ul className="divide-y divide-neutral-100 text-compact">
          {detail.entries.map((e) => (
            <li key={e.id} className="flex justify-between gap-3 py-1.5">
              <span>
                <span className="tabular text-ink-500">{e.performedOn}</span> · {ACTIVITY[e.activity] ?? e.activity}
                {e.performer ? <span className="text-ink-500"> · {e.performer}</span> : null}
              </span>
              <span className={`tabular ${e.counts ? "text-ink-900" : "text-ink-400 line-through"}`} title={e.counts ? "Counted" : "Not counted"}>
                {e.minutes} min
              </span>
            </li>
          ))}
        </ul>
      </div>
    </div>
  );
}

const minutesText = (seconds: number) => {
  const minutes = Math.floor(seconds / 60);
  return minutes === 1 ? "1 minute" : `${minutes} minutes`;
};

/**
 * Time awaiting supervisor review: the close did not count it, and the month cannot be approved
 * while it waits unless a clinic admin excludes it from the month with a reason (issue 15).
 */
function PendingReview({ pending, serviceMonth, canEdit, busy, Form: FetcherForm, fieldError }: {
  pending: NonNullable<LoaderData["worksheet"]>["pendingReview"];
  serviceMonth: string;
  canEdit: boolean;
  busy: boolean;
  Form: ReturnType<typeof useFetcher>["Form"];
  fieldError?: string;
}) {
  if (pending.entries === 0) return null;
  const what = `${minutesText(pending.seconds)} for ${pending.patients === 1 ? "1 patient" : `${pending.patients} patients`}`;
  if (pending.exclusion) {
    return (
      <Notice tone="info" title="Time awaiting review is excluded from this month" className="mb-5">
        {what} awaited supervisor review at the close and is not billed this month. Reason: {pending.exclusion.reason}
      </Notice>
    );
  }
  return (
    <Notice tone="warning" title={`${what} await supervisor review`} className="mb-5">
      <p>The close did not count this time. Ask your vendor to reopen the month so it can be reviewed, or exclude it from this month with a reason; the month cannot be approved until then.</p>
      {canEdit ? (
        <FetcherForm method="post" className="mt-3 flex items-end gap-2" aria-label="Exclude time awaiting review">
          <input type="hidden" name="intent" value="exclude-pending-review" />
          <input type="hidden" name="serviceMonth" value={serviceMonth} />
          <TextField label="Reason" name="reason" required minLength={5} maxLength={500} className="w-96" error={fieldError} />
          <Button type="submit" variant="secondary" disabled={busy}>
            Exclude from this month
          </Button>
        </FetcherForm>
      ) : null}
    </Notice>
  );
}
