import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction, SerializeFrom } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, useFetcher, useLoaderData, useRevalidator } from "@remix-run/react";
import { CalendarCheck, LockOpen, Play, RotateCw } from "lucide-react";
import { useEffect, useState } from "react";
import {
  Badge,
  Button,
  Card,
  Dialog,
  EmptyState,
  Notice,
  PageHeader,
  ProgressBar,
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
import { Page } from "../components/Page";
import { RouteError } from "../components/RouteError";
import { formFailure, pageError, requireUser } from "../lib/session.server";
import type { loader as previewLoader } from "./api.reopen-preview";

export const meta: MetaFunction = () => [{ title: "Month close · Admin · Carefold Workspace" }];
export const ErrorBoundary = RouteError;

export async function loader({ request }: LoaderFunctionArgs) {
  const { caller, headers } = await requireUser(request);
  const month = new URL(request.url).searchParams.get("month");
  let result;
  try {
    result = await caller.monthClose.list({ serviceMonth: month && /^\d{4}-\d{2}$/.test(month) ? month : undefined });
  } catch (error) {
    pageError(error, request, headers(), "The admin area is for vendor administrators.");
  }
  return data(result, { headers: headers() });
}

export async function action({ request }: ActionFunctionArgs) {
  const { caller, headers } = await requireUser(request);
  const form = await request.formData();
  const intent = String(form.get("intent") ?? "");
  const tenantId = String(form.get("tenantId") ?? "");
  const serviceMonth = String(form.get("serviceMonth") ?? "");
  const clinic = String(form.get("clinic") ?? "The clinic");
  try {
    if (intent === "reopen") {
      await caller.monthClose.reopen({ tenantId, serviceMonth, reason: String(form.get("reason") ?? "") });
      return data({ ok: true as const, intent, message: `${clinic}: ${monthLabel(serviceMonth)} is reopened. Its time entries can be changed until the next close.` }, { headers: headers() });
    }
    const { status } = await caller.monthClose.request({ tenantId, serviceMonth });
    return data({ ok: true as const, intent, message: `${clinic}: the close of ${monthLabel(serviceMonth)} is ${status === "queued" ? "queued and starts in a moment" : status}.` }, { headers: headers() });
  } catch (error) {
    const failure = formFailure(error, request, headers());
    return data({ ok: false as const, intent, message: failure.message ?? "Nothing was changed.", fieldErrors: failure.fieldErrors }, { headers: headers() });
  }
}

const monthLabel = (month: string) =>
  new Date(`${month}-01T00:00:00Z`).toLocaleString("en-US", { month: "long", year: "numeric", timeZone: "UTC" });
const usd = (cents: number) => (cents / 100).toLocaleString("en-US", { style: "currency", currency: "USD" });

const STATUS: Record<string, { label: string; tone: Tone }> = {
  open: { label: "Not closed", tone: "muted" },
  queued: { label: "Queued", tone: "brand" },
  running: { label: "Closing…", tone: "brand" },
  closed: { label: "Awaiting clinic approval", tone: "warning" },
  approved: { label: "Approved", tone: "success" },
  reopened: { label: "Reopened", tone: "warning" },
  failed: { label: "Failed", tone: "danger" },
};

type Clinic = NonNullable<ReturnType<typeof useLoaderData<typeof loader>>>["clinics"][number];

export default function MonthClose() {
  const { serviceMonth, clinics } = useLoaderData<typeof loader>()!;
  const closeFetcher = useFetcher<typeof action>({ key: "month-close" });
  const reopenFetcher = useFetcher<typeof action>({ key: "month-reopen" });
  const revalidator = useRevalidator();
  const [reopening, setReopening] = useState<Clinic | null>(null);
  const previewFetcher = useFetcher<typeof previewLoader>({ key: "month-reopen-preview" });
  const isWorking = clinics.some((c) => c.status === "queued" || c.status === "running");

  // While a close is queued or running, refresh its progress every 1.5 s.
  useEffect(() => {
    if (!isWorking) return;
    const timer = setInterval(() => revalidator.state === "idle" && revalidator.revalidate(), 1500);
    return () => clearInterval(timer);
  }, [isWorking, revalidator]);
  useEffect(() => {
    if (reopenFetcher.state === "idle" && reopenFetcher.data?.ok) setReopening(null);
  }, [reopenFetcher.state, reopenFetcher.data]);
  // Opening the dialog loads what the reopen touches (claims sent, invoices credited).
  const { load: loadPreview } = previewFetcher;
  useEffect(() => {
    if (reopening) loadPreview(`/api/reopen-preview?tenantId=${encodeURIComponent(reopening.tenantId)}&month=${encodeURIComponent(serviceMonth)}`);
  }, [reopening, serviceMonth, loadPreview]);

  const result = reopenFetcher.data ?? closeFetcher.data;
  const reopenError = reopenFetcher.data && !reopenFetcher.data.ok ? reopenFetcher.data : null;

  return (
    <Page>
      <PageHeader
        eyebrow="Admin"
        title="Month close"
        description="Evaluate each clinic's month against the CCM billing rules, lock its time, and send the worksheet to the clinic for approval. Re-running a close is safe: unchanged rows stay as they are."
      />
      <Form method="get" className="mb-5 flex items-end gap-3">
        <TextField label="Service month" name="month" type="month" defaultValue={serviceMonth} className="w-48" />
        <Button type="submit" variant="secondary">
          Show
        </Button>
      </Form>
      {result && !reopenError ? (
        <Notice tone={result.ok ? "success" : "danger"} className="mb-5" live>
          {result.message}
        </Notice>
      ) : null}
      <Card flush title={monthLabel(serviceMonth)} description={`${clinics.filter((c) => c.status === "approved").length} of ${clinics.length} clinics approved`}>
        <Table caption={`Month close for ${monthLabel(serviceMonth)}`}>
          <THead>
            <Tr>
              <Th>Clinic</Th>
              <Th>Status</Th>
              <Th align="right">Billable</Th>
              <Th align="right">Blocked</Th>
              <Th align="right">Expected</Th>
              <Th align="right">
                <span className="sr-only">Actions</span>
              </Th>
            </Tr>
          </THead>
          <TBody>
            {clinics.length === 0 ? (
              <TableEmpty colSpan={6}>
                <EmptyState icon={CalendarCheck} title="No clinics yet">
                  Add a clinic under Clinics; its months are listed here.
                </EmptyState>
              </TableEmpty>
            ) : null}
            {clinics.map((clinic) => {
              const status = STATUS[clinic.status] ?? STATUS.open!;
              const isBusy = clinic.status === "queued" || clinic.status === "running";
              return (
                <Tr key={clinic.tenantId}>
                  <Td>
                    <p className="font-medium text-ink-900">{clinic.name}</p>
                    <p className="text-compact text-ink-500">{clinic.enrolledPatients} enrolled now</p>
                  </Td>
                  <Td>
                    <Badge tone={status.tone}>{status.label}</Badge>
                    {isBusy && clinic.progress.total > 0 ? (
                      <ProgressBar className="mt-2 w-40" value={clinic.progress.done} max={clinic.progress.total} label={`${clinic.progress.done} of ${clinic.progress.total} patients`} />
                    ) : null}
                    {clinic.status === "reopened" && clinic.reopenReason ? <p className="mt-1 text-xs text-ink-500">Reason: {clinic.reopenReason}</p> : null}
                    {clinic.error ? <p className="mt-1 text-xs text-danger-700">{clinic.error}</p> : null}
                  </Td>
                  <Td align="right" className="tabular">{clinic.status === "open" ? "—" : clinic.counts.billable}</Td>
                  <Td align="right" className="tabular">{clinic.status === "open" ? "—" : clinic.counts.blocked}</Td>
                  <Td align="right" className="tabular">{clinic.status === "open" ? "—" : usd(clinic.amountCents)}</Td>
                  <Td align="right">
                    <div className="flex justify-end gap-2">
                      {clinic.status === "closed" || clinic.status === "approved" || clinic.status === "failed" ? (
                        <Button variant="ghost" size="sm" icon={LockOpen} aria-label={`Reopen ${clinic.name}`} onClick={() => setReopening(clinic)}>
                          Reopen
                        </Button>
                      ) : null}
                      {clinic.status !== "approved" && !isBusy ? (
                        <closeFetcher.Form method="post">
                          <input type="hidden" name="tenantId" value={clinic.tenantId} />
                          <input type="hidden" name="serviceMonth" value={serviceMonth} />
                          <input type="hidden" name="clinic" value={clinic.name} />
                          <Button
                            type="submit"
                            name="intent"
                            value="close"
                            size="sm"
                            variant={clinic.status === "open" ? "primary" : "secondary"}
                            icon={clinic.status === "open" ? Play : RotateCw}
                            disabled={!clinic.canClose || closeFetcher.state !== "idle"}
                            aria-label={`${clinic.status === "open" ? "Close" : "Re-run the close of"} ${monthLabel(serviceMonth)} for ${clinic.name}`}
                          >
                            {clinic.status === "open" ? "Close month" : "Re-run"}
                          </Button>
                        </closeFetcher.Form>
                      ) : null}
                    </div>
                  </Td>
                </Tr>
              );
            })}
          </TBody>
        </Table>
      </Card>

      <Dialog
        open={reopening !== null}
        onClose={() => setReopening(null)}
        title={reopening ? `Reopen ${monthLabel(serviceMonth)} for ${reopening.name}?` : "Reopen"}
        description="Reopening unlocks the month's time entries, withdraws the clinic's approval and credits the month's issued invoices. The reason goes into the clinic's audit log."
        footer={
          <>
            <Button variant="secondary" onClick={() => setReopening(null)}>
              Cancel
            </Button>
            <Button type="submit" form="reopen-form" variant="danger" disabled={reopenFetcher.state !== "idle"}>
              {reopenFetcher.state !== "idle" ? "Reopening…" : "Reopen month"}
            </Button>
          </>
        }
      >
        {reopening ? (
          <reopenFetcher.Form method="post" id="reopen-form" className="space-y-4" noValidate>
            <input type="hidden" name="intent" value="reopen" />
            <input type="hidden" name="tenantId" value={reopening.tenantId} />
            <input type="hidden" name="serviceMonth" value={serviceMonth} />
            <input type="hidden" name="clinic" value={reopening.name} />
            {reopenError ? (
              <Notice tone="danger" live>
                {reopenError.message}
              </Notice>
            ) : null}
            <ReopenEffects preview={previewFetcher.state === "idle" ? previewFetcher.data : undefined} />
            <TextareaField label="Reason" name="reason" required autoFocus error={reopenError?.fieldErrors?.reason} placeholder="e.g. Late call notes for three patients" />
          </reopenFetcher.Form>
        ) : null}
      </Dialog>
    </Page>
  );
}

type Preview = SerializeFrom<typeof previewLoader>;
const FREQUENCY: Record<string, string> = { "1": "original", "7": "replacement", "8": "void" };

/** The claims already sent and the invoices the reopen voids or credits, so nobody reopens blind. */
function ReopenEffects({ preview }: { preview: Preview | undefined }) {
  if (!preview) return <p className="text-compact text-ink-500">Checking claims and invoices of the month…</p>;
  if (!preview.ok) return <Notice tone="warning">{preview.message}</Notice>;
  return (
    <div className="space-y-3 text-compact">
      <section aria-label="Claims already sent">
        <h3 className="font-medium text-ink-900">Claims already sent</h3>
        {preview.claims.length === 0 ? (
          <p className="text-ink-500">None: no claim file of this month has been exported.</p>
        ) : (
          <>
            <p className="text-ink-500">
              {preview.claims.length} claim{preview.claims.length === 1 ? " was" : "s were"} exported. After the next close, a changed claim is sent as a replacement and one no longer billed as a void, never as a second original.
            </p>
            <ul className="mt-1 divide-y divide-neutral-100">
              {preview.claims.map((c) => (
                <li key={c.patientControlNumber} className="flex justify-between gap-3 py-1">
                  <span>
                    {c.patientName} <span className="text-ink-500">· {c.patientControlNumber}</span>
                  </span>
                  <span className="text-ink-500">
                    {FREQUENCY[c.frequency] ?? c.frequency} v{c.version} · {usd(c.amountCents)}
                  </span>
                </li>
              ))}
            </ul>
          </>
        )}
      </section>
      <section aria-label="Invoices credited">
        <h3 className="font-medium text-ink-900">Invoices</h3>
        {preview.invoices.length === 0 ? (
          <p className="text-ink-500">None to credit: the month has no invoice in force.</p>
        ) : (
          preview.invoices.map((invoice) => (
            <div key={invoice.number}>
              <p className="text-ink-500">
                {invoice.effect === "credit" ? `Invoice ${invoice.number} (${usd(invoice.totalCents)}) is credited in full by a credit note:` : `Draft invoice ${invoice.number} is voided:`}
              </p>
              <ul className="mt-1 divide-y divide-neutral-100">
                {invoice.lines.map((line, i) => (
                  <li key={i} className="flex justify-between gap-3 py-1">
                    <span>{line.description}</span>
                    <span className="text-ink-500">{usd(line.amountCents)}</span>
                  </li>
                ))}
              </ul>
            </div>
          ))
        )}
      </section>
    </div>
  );
}
