import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import {
  CalendarRange,
  ChartColumn,
  CircleDollarSign,
  Download,
  FileText,
  Percent,
  UserCheck,
} from "lucide-react";
import type { ReactNode } from "react";
import {
  Badge,
  BarChart,
  Button,
  Card,
  ColumnChart,
  EmptyState,
  Notice,
  PageHeader,
  SelectField,
  StatTile,
  Table,
  TBody,
  Td,
  TextField,
  Th,
  THead,
  Tr,
  buttonClasses,
  buttonIconClass,
  type Tone,
} from "@carefold/ui";
import type { ClinicReport, ReportSection } from "@carefold/api";
import { Page } from "../components/Page";
import { RouteError } from "../components/RouteError";
import {
  MONTH_STATE,
  SECTION_TITLES,
  monthLong,
  monthShort,
  pct,
  reportQuery,
  usd,
  usdWhole,
} from "../lib/reports";
import { readReportRange } from "../lib/reports.server";
import { fieldErrorsOf, isApiError, pageError, requireUser } from "../lib/session.server";

export const meta: MetaFunction = () => [{ title: "Reports · Carefold Portal" }];
export const ErrorBoundary = RouteError;

export async function loader({ request }: LoaderFunctionArgs) {
  const { caller, headers } = await requireUser(request);
  const range = readReportRange(new URL(request.url));
  try {
    const report = await caller.reports.get(range);
    return data({ range, report, errors: null }, { headers: headers() });
  } catch (error) {
    if (isApiError(error) && error.code === "BAD_REQUEST") {
      return data({ range, report: null, errors: fieldErrorsOf(error) }, { headers: headers() });
    }
    pageError(
      error,
      request,
      headers(),
      "Reports are for clinic administrators and practitioners.",
    );
  }
}

const monthOptions = (report: ClinicReport) => report.months.map((m) => m.month);

export default function Reports() {
  const { range, report, errors } = useLoaderData<typeof loader>();
  return (
    <Page>
      <PageHeader
        title="Reports"
        description="Revenue, billable rate, minutes, enrollment and your care team's work, month by month. Every chart has its table; download a section as CSV or the whole report as PDF."
        actions={
          report ? (
            <a
              href={`/reports/export.pdf${reportQuery(range)}`}
              className={buttonClasses({ variant: "secondary" })}
              download
            >
              <FileText aria-hidden="true" className={buttonIconClass()} />
              Download PDF
            </a>
          ) : null
        }
      />
      <RangePicker range={range} errors={errors} />
      {report ? <ReportBody report={report} range={range} /> : null}
    </Page>
  );
}

function RangePicker({
  range,
  errors,
}: {
  range: { from: string; to: string; month?: string };
  errors: Record<string, string> | null;
}) {
  const messages = errors ? [...new Set(Object.values(errors))] : [];
  return (
    <Card className="mb-6">
      <Form method="get" className="flex flex-wrap items-end gap-4" aria-label="Report months">
        {(
          [
            ["First month", "from"],
            ["Last month", "to"],
          ] as const
        ).map(([label, name]) => (
          <TextField
            key={name}
            label={label}
            type="month"
            name={name}
            defaultValue={range[name]}
            size="sm"
            error={errors?.[name]}
            className="w-44"
            required
          />
        ))}
        <Button type="submit" size="sm" icon={CalendarRange}>
          Show months
        </Button>
        <p className="text-compact text-ink-500">
          Service months in your clinic's calendar; up to 24 at a time.
        </p>
      </Form>
      {messages.length ? (
        <Notice tone="danger" title="These months cannot be shown" live className="mt-4">
          {messages.map((m) => (
            <p key={m}>{m}</p>
          ))}
        </Notice>
      ) : null}
    </Card>
  );
}

function SectionCard({
  section,
  range,
  title,
  description,
  children,
}: {
  section: ReportSection;
  range: { from: string; to: string; month?: string };
  title?: string;
  description: ReactNode;
  children: ReactNode;
}) {
  return (
    <Card
      className="mt-6"
      title={title ?? SECTION_TITLES[section]}
      description={description}
      actions={
        <a
          href={`/reports/export.csv${reportQuery(range, { section })}`}
          className={buttonClasses({ variant: "ghost", size: "sm" })}
          download
          aria-label={`Download ${SECTION_TITLES[section]} as CSV`}
        >
          <Download aria-hidden="true" className={buttonIconClass("sm")} />
          CSV
        </a>
      }
    >
      {children}
    </Card>
  );
}

function NumbersTable({ caption, children }: { caption: string; children: ReactNode }) {
  return (
    <div className="mt-5 overflow-hidden rounded-lg border border-neutral-200">
      <Table caption={caption} dense>
        {children}
      </Table>
    </div>
  );
}

function StateBadge({ state }: { state: keyof typeof MONTH_STATE }) {
  return <Badge tone={MONTH_STATE[state].tone as Tone}>{MONTH_STATE[state].label}</Badge>;
}

function ReportBody({
  report,
  range,
}: {
  report: ClinicReport;
  range: { from: string; to: string; month?: string };
}) {
  const closed = report.months.filter((m) => m.state === "approved" || m.state === "closed");
  const latestClosed = [...report.billableRate].reverse().find((r) => r.source === "close");
  const lastEnrollment = report.enrollment.at(-1);
  const rangeLabel = `${monthShort(report.from)} – ${monthShort(report.to)}`;
  const categories = report.months.map((m) => monthShort(m.month));
  const notes = report.months.map((m) =>
    m.state === "approved"
      ? "approved"
      : m.state === "closed"
        ? "closed"
        : m.state === "open"
          ? "to date"
          : null,
  );

  return (
    <>
      <section aria-label="Key numbers" className="grid grid-cols-2 gap-4 xl:grid-cols-4">
        <StatTile
          label="Revenue, closed months"
          value={closed.length ? usd(report.revenue.totalCents) : "—"}
          hint={
            closed.length
              ? `${closed.length} closed month${closed.length === 1 ? "" : "s"} in ${rangeLabel}`
              : "No closed month in this range"
          }
          icon={CircleDollarSign}
        />
        <StatTile
          label="Billable rate"
          value={latestClosed ? pct(latestClosed.rate) : "—"}
          hint={
            latestClosed
              ? `${latestClosed.billable} of ${latestClosed.evaluated} patient-months, ${monthLong(latestClosed.month)}`
              : "After the first closed month"
          }
          icon={Percent}
        />
        <StatTile
          label="Enrolled at month end"
          value={lastEnrollment ? String(lastEnrollment.enrolledAtEnd) : "—"}
          hint={lastEnrollment ? `CCM, end of ${monthLong(lastEnrollment.month)}` : undefined}
          icon={UserCheck}
        />
        <StatTile
          label="Care minutes logged"
          value={report.productivity.reduce((s, p) => s + p.minutes, 0).toLocaleString("en-US")}
          hint={`All performers, ${rangeLabel}`}
          icon={ChartColumn}
        />
      </section>

      <SectionCard
        section="revenue"
        range={range}
        description="What the closed months bill, by CPT/HCPCS code. Open and unclosed months show no revenue until your vendor closes them."
      >
        {closed.length === 0 ? (
          <EmptyState icon={CircleDollarSign} title="No closed month in this range yet">
            Revenue appears once your vendor closes a month and its worksheet is ready for you in{" "}
            <Link
              to="/billing"
              className="font-medium text-brand-700 underline-offset-2 hover:underline"
            >
              Billing
            </Link>
            . Choose a range that includes a closed month, or come back after the next close.
          </EmptyState>
        ) : (
          <ColumnChart
            title={`Billed amount by month and code, ${rangeLabel}`}
            description={`Stacked columns of billable worksheet amounts per month, one colour per code (${report.revenue.codes.join(", ")}). Total for closed months ${usd(report.revenue.totalCents)}.`}
            categories={categories}
            categoryNotes={notes}
            stacked
            series={report.revenue.codes.map((code) => ({
              key: code,
              label: code,
              values: report.revenue.months.map(
                (m) => (m.byCode.find((c) => c.code === code)?.amountCents ?? 0) / 100,
              ),
            }))}
            axisLabel="US dollars"
            format={usdWhole}
          />
        )}
        <NumbersTable caption="Revenue by month and code">
          <THead>
            <Tr>
              <Th>Month</Th>
              <Th>Status</Th>
              {report.revenue.codes.map((code) => (
                <Th key={code} align="right">
                  {code}
                </Th>
              ))}
              <Th align="right">Total</Th>
            </Tr>
          </THead>
          <TBody>
            {report.revenue.months.map((m) => (
              <Tr key={m.month}>
                <Td className="font-medium text-ink-900">{monthLong(m.month)}</Td>
                <Td>
                  <StateBadge state={m.state} />
                </Td>
                {report.revenue.codes.map((code) => {
                  const c = m.byCode.find((x) => x.code === code);
                  return (
                    <Td key={code} align="right">
                      {c ? (
                        <>
                          {usd(c.amountCents)}{" "}
                          <span className="text-2xs text-ink-500">× {c.units}</span>
                        </>
                      ) : (
                        <span className="text-ink-500">—</span>
                      )}
                    </Td>
                  );
                })}
                <Td align="right" className="font-semibold text-ink-900">
                  {m.state === "approved" || m.state === "closed" ? (
                    usd(m.amountCents)
                  ) : (
                    <span className="font-normal text-ink-500">—</span>
                  )}
                </Td>
              </Tr>
            ))}
          </TBody>
        </NumbersTable>
      </SectionCard>

      <SectionCard
        section="billable-rate"
        range={range}
        description="Billable patient-months ÷ patient-months evaluated by the close. The open month shows enrolled patients at 20 or more staff minutes so far."
      >
        {report.billableRate.every((r) => r.source === "none") ? (
          <EmptyState icon={Percent} title="Nothing evaluated in this range yet">
            The rate starts with your first closed month; the current month shows progress once
            patients are enrolled.
          </EmptyState>
        ) : (
          <ColumnChart
            title={`Billable rate by month, ${rangeLabel}`}
            description={`Line of the share of evaluated patient-months that were billable, per month, 0 to 100 percent.${latestClosed ? ` Latest closed month ${monthLong(latestClosed.month)}: ${pct(latestClosed.rate)}.` : ""}`}
            categories={categories}
            categoryNotes={notes}
            series={[
              {
                key: "rate",
                label: "Billable rate (%)",
                kind: "line",
                values: report.billableRate.map((r) =>
                  r.rate === null ? Number.NaN : Math.round(r.rate * 1000) / 10,
                ),
              },
            ]}
            axisLabel="percent"
            max={100}
            format={(v) => `${v} %`}
          />
        )}
        <NumbersTable caption="Billable rate by month">
          <THead>
            <Tr>
              <Th>Month</Th>
              <Th>Status</Th>
              <Th align="right">Evaluated</Th>
              <Th align="right">Billable</Th>
              <Th align="right">Blocked</Th>
              <Th align="right">Below threshold</Th>
              <Th align="right">Excluded</Th>
              <Th align="right">Rate</Th>
            </Tr>
          </THead>
          <TBody>
            {report.billableRate.map((r) => (
              <Tr key={r.month}>
                <Td className="font-medium text-ink-900">{monthLong(r.month)}</Td>
                <Td>
                  <StateBadge state={r.state} />
                </Td>
                <Td align="right">{r.source === "none" ? "—" : r.evaluated}</Td>
                <Td align="right">{r.source === "none" ? "—" : r.billable}</Td>
                <Td align="right">{r.blocked ?? "—"}</Td>
                <Td align="right">{r.belowThreshold ?? "—"}</Td>
                <Td align="right">{r.excluded ?? "—"}</Td>
                <Td align="right" className="font-semibold text-ink-900">
                  {pct(r.rate)}
                </Td>
              </Tr>
            ))}
          </TBody>
        </NumbersTable>
      </SectionCard>

      <SectionCard
        section="minutes"
        range={{ ...range, month: report.minutes.month }}
        title={`Minutes distribution · ${monthLong(report.minutes.month)}`}
        description={
          report.minutes.source === "close"
            ? "Counted clinical-staff minutes per patient-month in this month's close."
            : report.minutes.source === "rollup"
              ? "Clinical-staff minutes so far per enrolled patient (the month is not closed)."
              : "A past month's distribution comes from its close."
        }
      >
        <Form method="get" className="mb-4 flex items-end gap-3" aria-label="Distribution month">
          <input type="hidden" name="from" value={report.from} />
          <input type="hidden" name="to" value={report.to} />
          <SelectField
            label="Month"
            name="month"
            size="sm"
            defaultValue={report.minutes.month}
            inlineLabel
            onChange={(e) => e.currentTarget.form?.requestSubmit()}
          >
            {monthOptions(report).map((m) => (
              <option key={m} value={m}>
                {monthLong(m)}
              </option>
            ))}
          </SelectField>
          <noscript>
            <Button type="submit" size="sm" variant="secondary">
              Show
            </Button>
          </noscript>
        </Form>
        {report.minutes.source === "none" ? (
          <EmptyState icon={ChartColumn} title={`${monthLong(report.minutes.month)} is not closed`}>
            Minutes are counted for each patient-month when your vendor closes the month. Choose a
            closed month or the current month.
          </EmptyState>
        ) : report.minutes.patients === 0 ? (
          <EmptyState
            icon={ChartColumn}
            title={`No patient-months in ${monthLong(report.minutes.month)}`}
          >
            Minutes are counted for enrolled patients. Choose another month, or enroll patients from
            the Enrollment page.
          </EmptyState>
        ) : (
          <BarChart
            title={`Patients by staff minutes, ${monthLong(report.minutes.month)} (${report.minutes.patients} patients)`}
            unit="patients"
            bars={report.minutes.buckets.map((b, i) => ({
              label: b.label,
              value: b.patients,
              tone: i === 0 ? "muted" : i === 1 ? "warning" : "success",
            }))}
          />
        )}
        {report.minutes.source === "none" ? null : (
          <NumbersTable caption={`Minutes distribution, ${monthLong(report.minutes.month)}`}>
            <THead>
              <Tr>
                <Th>Staff minutes</Th>
                <Th align="right">Patients</Th>
                <Th align="right">Share</Th>
              </Tr>
            </THead>
            <TBody>
              {report.minutes.buckets.map((b) => (
                <Tr key={b.key}>
                  <Td className="font-medium text-ink-900">{b.label}</Td>
                  <Td align="right">{b.patients}</Td>
                  <Td align="right">
                    {pct(report.minutes.patients ? b.patients / report.minutes.patients : null)}
                  </Td>
                </Tr>
              ))}
            </TBody>
          </NumbersTable>
        )}
      </SectionCard>

      <SectionCard
        section="enrollment"
        range={range}
        description="CCM enrollments and disenrollments per month (with the reason recorded), and how many patients were enrolled at the end of each month."
      >
        {report.enrollment.every(
          (e) => e.newEnrollments === 0 && e.disenrollments === 0 && e.enrolledAtEnd === 0,
        ) ? (
          <EmptyState icon={UserCheck} title="No enrollments recorded in this range">
            Patients appear here from the month they are enrolled in CCM on the{" "}
            <Link
              to="/enrollment"
              className="font-medium text-brand-700 underline-offset-2 hover:underline"
            >
              Enrollment
            </Link>{" "}
            page.
          </EmptyState>
        ) : (
          <ColumnChart
            title={`Enrollment and churn, ${rangeLabel}`}
            description={`Columns of new enrollments and disenrollments per month; a line of patients enrolled at month end${lastEnrollment ? ` (${lastEnrollment.enrolledAtEnd} at the end of ${monthLong(lastEnrollment.month)})` : ""}.`}
            categories={categories}
            series={[
              {
                key: "new",
                label: "Enrolled",
                tone: "success",
                values: report.enrollment.map((e) => e.newEnrollments),
              },
              {
                key: "left",
                label: "Disenrolled",
                tone: "danger",
                values: report.enrollment.map((e) => e.disenrollments),
              },
              {
                key: "end",
                label: "Enrolled at month end",
                kind: "line",
                values: report.enrollment.map((e) => e.enrolledAtEnd),
              },
            ]}
            axisLabel="patients"
            showValues={false}
          />
        )}
        <NumbersTable caption="Enrollment and churn by month">
          <THead>
            <Tr>
              <Th>Month</Th>
              <Th align="right">Enrolled</Th>
              <Th align="right">Disenrolled</Th>
              <Th>Reasons</Th>
              <Th align="right">Enrolled at month end</Th>
            </Tr>
          </THead>
          <TBody>
            {report.enrollment.map((e) => (
              <Tr key={e.month}>
                <Td className="font-medium text-ink-900">{monthLong(e.month)}</Td>
                <Td align="right">{e.newEnrollments}</Td>
                <Td align="right">{e.disenrollments}</Td>
                <Td className="text-ink-600">
                  {e.byReason.length
                    ? e.byReason.map((r) => `${r.label}: ${r.count}`).join("; ")
                    : "—"}
                </Td>
                <Td align="right" className="font-semibold text-ink-900">
                  {e.enrolledAtEnd}
                </Td>
              </Tr>
            ))}
          </TBody>
        </NumbersTable>
      </SectionCard>

      <Collections report={report} range={range} />

      <Productivity report={report} range={range} categories={categories} rangeLabel={rangeLabel} />
    </>
  );
}

/** Collected vs expected per month, from the 835s uploaded under Billing → Remittance. */
function Collections({ report, range }: { report: ClinicReport; range: { from: string; to: string; month?: string } }) {
  const months = report.collections.filter((c) => c.claims > 0 || c.remitted > 0);
  return (
    <SectionCard
      section="collections"
      range={range}
      description="What the approved months expected (Medicare's allowed amounts) against what the uploaded 835 remittances paid, what patients owe and how many claims were denied."
    >
      {months.length === 0 ? (
        <EmptyState icon={CircleDollarSign} title="No approved month in this range">
          Collections appear once a month is approved and its claims are answered; upload 835 files under{" "}
          <Link to="/billing/remittance" className="font-medium text-brand-700 underline-offset-2 hover:underline">
            Billing → Remittance
          </Link>
          .
        </EmptyState>
      ) : (
        <NumbersTable caption="Collected vs expected by month">
          <THead>
            <Tr>
              <Th>Month</Th>
              <Th align="right">Claims</Th>
              <Th align="right">Expected</Th>
              <Th align="right">Answered</Th>
              <Th align="right">Paid by Medicare</Th>
              <Th align="right">Patient responsibility</Th>
              <Th align="right">Denied</Th>
            </Tr>
          </THead>
          <TBody>
            {months.map((c) => (
              <Tr key={c.month}>
                <Td className="font-medium text-ink-900">
                  <Link to={`/billing/remittance?month=${c.month}`} className="hover:underline">
                    {monthLong(c.month)}
                  </Link>
                </Td>
                <Td align="right">{c.claims}</Td>
                <Td align="right">{usd(c.expectedCents)}</Td>
                <Td align="right">{c.remitted}</Td>
                <Td align="right" className="font-semibold text-ink-900">
                  {usd(c.paidCents)}
                </Td>
                <Td align="right">{usd(c.patientResponsibilityCents)}</Td>
                <Td align="right">{c.denied}</Td>
              </Tr>
            ))}
          </TBody>
        </NumbersTable>
      )}
    </SectionCard>
  );
}

function Productivity({
  report,
  range,
  categories,
  rangeLabel,
}: {
  report: ClinicReport;
  range: { from: string; to: string; month?: string };
  categories: string[];
  rangeLabel: string;
}) {
  const performers = [
    ...new Map(report.productivity.map((p) => [p.performerUserId, p.performer])).entries(),
  ];
  return (
    <SectionCard
      section="productivity"
      range={range}
      description="Minutes of time entries in force (corrections applied, rejected entries left out), patients touched and entries, per person and month."
    >
      {report.productivity.length === 0 ? (
        <EmptyState icon={ChartColumn} title="No time logged in this range">
          Your care team's minutes appear here as they log calls and care work.
        </EmptyState>
      ) : (
        <>
          <ColumnChart
            title={`Care minutes by person and month, ${rangeLabel}`}
            description={`Stacked columns of minutes logged per month, one colour per person (${performers.map(([, name]) => name).join(", ")}).`}
            categories={categories}
            stacked
            series={performers.map(([id, name]) => ({
              key: id,
              label: name,
              values: report.months.map(
                (m) =>
                  report.productivity.find((p) => p.month === m.month && p.performerUserId === id)
                    ?.minutes ?? 0,
              ),
            }))}
            axisLabel="minutes"
            format={(v) => v.toLocaleString("en-US")}
          />
          <NumbersTable caption="Coordinator productivity by month">
            <THead>
              <Tr>
                <Th>Month</Th>
                <Th>Person</Th>
                <Th align="right">Minutes</Th>
                <Th align="right">Patients touched</Th>
                <Th align="right">Entries</Th>
              </Tr>
            </THead>
            <TBody>
              {report.productivity.map((p) => (
                <Tr key={`${p.month}-${p.performerUserId}`}>
                  <Td className="font-medium text-ink-900">{monthLong(p.month)}</Td>
                  <Td>{p.performer}</Td>
                  <Td align="right" className="font-semibold text-ink-900">
                    {p.minutes.toLocaleString("en-US")}
                  </Td>
                  <Td align="right">{p.patients}</Td>
                  <Td align="right">{p.entries}</Td>
                </Tr>
              ))}
            </TBody>
          </NumbersTable>
        </>
      )}
    </SectionCard>
  );
}
