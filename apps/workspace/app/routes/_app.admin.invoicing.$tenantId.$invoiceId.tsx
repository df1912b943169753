import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { ArrowLeft, ExternalLink, FileDown, Send } from "lucide-react";
import { Badge, Button, Card, Notice, Table, TBody, Td, TextField, Th, THead, Tr } from "@carefold/ui";
import { RouteError } from "../components/RouteError";
import { INVOICE_STATUS, formatMoney, parseSignedDollars } from "../components/invoicing/money";
import { formFailure, pageError, requireUser } from "../lib/session.server";

export const meta: MetaFunction<typeof loader> = ({ data: d }) => [{ title: `${d?.invoice.number ?? "Invoice"} · Invoicing · Carefold Workspace` }];
export const ErrorBoundary = RouteError;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { caller, headers } = await requireUser(request);
  try {
    const ref = { tenantId: params.tenantId ?? "", invoiceId: params.invoiceId ?? "" };
    const [{ invoice, lines }, clinics] = await Promise.all([caller.invoicing.invoice(ref), caller.admin.clinics()]);
    return data({ invoice, lines, clinicName: clinics.find((c) => c.id === invoice.tenantId)?.name ?? "" }, { headers: headers() });
  } catch (error) {
    pageError(error, request, headers(), "Invoicing is for vendor administrators.");
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { caller, headers } = await requireUser(request);
  const form = await request.formData();
  const ref = { tenantId: params.tenantId ?? "", invoiceId: params.invoiceId ?? "" };
  const text = (name: string) => String(form.get(name) ?? "").trim();
  try {
    if (form.get("intent") === "credit") {
      const invoice = await caller.invoicing.invoice(ref);
      const { creditNoteIds } = await caller.invoicing.creditReopenedMonth({ tenantId: ref.tenantId, serviceMonth: invoice.invoice.serviceMonth });
      return data({ ok: true as const, message: `Credit note issued (${creditNoteIds.length}). It is sent through Stripe; the invoice itself is not changed.`, fieldErrors: {} as Record<string, string> }, { headers: headers() });
    }
    if (form.get("intent") === "send") {
      await caller.invoicing.send(ref);
      return data({ ok: true as const, message: "Sending through Stripe. The status changes to Open when Stripe has finalised and sent it.", fieldErrors: {} as Record<string, string> }, { headers: headers() });
    }
    const amountCents = parseSignedDollars(text("amount"));
    if (amountCents === null || amountCents === 0) return data({ ok: false as const, message: null, fieldErrors: { amount: "Enter the amount in dollars; use a minus sign for a credit, like -25.00." } as Record<string, string> }, { headers: headers() });
    await caller.invoicing.addAdjustment({ ...ref, description: text("description"), amountCents, reason: text("reason") });
    return data({ ok: true as const, message: "Adjustment added.", fieldErrors: {} as Record<string, string> }, { headers: headers() });
  } catch (error) {
    const failure = formFailure(error, request, headers());
    return data({ ok: false as const, message: failure.message, fieldErrors: failure.fieldErrors }, { headers: headers() });
  }
}

const KIND_LABEL: Record<string, string> = { patient_month: "Patient-month", code: "Code", percent: "Share of reimbursement", minimum_top_up: "Minimum top-up", adjustment: "Adjustment", credit: "Credit" };

export default function InvoiceDetail() {
  const { invoice, lines, clinicName } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const [tone, label] = INVOICE_STATUS[invoice.status] ?? ["muted", invoice.status];
  const isDraft = invoice.status === "draft";
  return (
    <>
      <Link to="/admin/invoicing" className="mb-3 inline-flex items-center gap-1 text-compact text-brand-700"><ArrowLeft aria-hidden="true" className="size-4" /> All invoices</Link>
      <Card className="mb-5">
        <div className="flex flex-wrap items-start justify-between gap-4">
          <div>
            <h2 className="text-lg font-semibold text-ink-900">
              {invoice.kind === "credit_note" ? "Credit note" : "Invoice"} {invoice.number} <Badge tone={tone}>{label}</Badge>
              {invoice.isPaymentFailed ? <Badge tone="danger" className="ml-1">Payment failed</Badge> : null}
            </h2>
            <p className="text-sm text-ink-600">{clinicName} · service month <span className="tabular">{invoice.serviceMonth}</span></p>
            <p className="mt-1 text-2xs text-ink-500">Inputs checksum <span className="font-mono">{invoice.inputsChecksum.slice(0, 16)}…</span> — the contract and worksheet rows reproduce this total.</p>
          </div>
          <div className="text-right">
            <p className="text-2xs tracking-wider text-ink-500 uppercase">Total</p>
            <p className="tabular text-2xl font-semibold text-ink-900" data-testid="invoice-total">{formatMoney(invoice.totalCents)}</p>
            <div className="mt-2 flex justify-end gap-2">
              {isDraft ? (
                <Form method="post">
                  <Button type="submit" name="intent" value="send" icon={Send} disabled={navigation.state !== "idle"}>Send through Stripe</Button>
                </Form>
              ) : null}
              {invoice.kind === "invoice" && (invoice.status === "open" || invoice.status === "paid") ? (
                <Form method="post">
                  <Button type="submit" name="intent" value="credit" variant="secondary" disabled={navigation.state !== "idle"} title="For a month whose close was reopened">Credit reopened month</Button>
                </Form>
              ) : null}
              {invoice.hostedInvoiceUrl ? <a className="inline-flex items-center gap-1 rounded-md border border-neutral-300 px-3 py-1.5 text-compact font-medium text-ink-800" href={invoice.hostedInvoiceUrl} target="_blank" rel="noreferrer">Hosted invoice <ExternalLink aria-hidden="true" className="size-3.5" /></a> : null}
              {invoice.invoicePdfUrl ? <a className="inline-flex items-center gap-1 rounded-md border border-neutral-300 px-3 py-1.5 text-compact font-medium text-ink-800" href={invoice.invoicePdfUrl} target="_blank" rel="noreferrer">PDF <FileDown aria-hidden="true" className="size-3.5" /></a> : null}
            </div>
          </div>
        </div>
        {result?.message ? <Notice tone={result.ok ? "success" : "danger"} className="mt-3" live>{result.message}</Notice> : null}
      </Card>

      <Card flush className="mb-5">
        <Table caption="Invoice lines" dense>
          <THead>
            <Tr>
              <Th>#</Th>
              <Th>Line</Th>
              <Th>Patient (worksheet row)</Th>
              <Th>Billed codes</Th>
              <Th align="right">Units</Th>
              <Th align="right">Unit price</Th>
              <Th align="right">Amount</Th>
            </Tr>
          </THead>
          <TBody>
            {lines.map((l) => (
              <Tr key={l.id}>
                <Td><span className="tabular text-ink-500">{l.position + 1}</span></Td>
                <Td>
                  <span className="block text-ink-900">{l.description}</span>
                  <span className="block text-2xs text-ink-500">{KIND_LABEL[l.kind] ?? l.kind}{l.reason ? ` — reason: ${l.reason}` : ""}</span>
                </Td>
                <Td>{l.patientName ?? <span className="text-ink-400">—</span>}</Td>
                <Td>
                  {l.billedCodes ? l.billedCodes.map((c) => <span key={c.code} className="mr-2 inline-block tabular text-2xs">{c.code}×{c.units} <span className="text-ink-500">({formatMoney(c.expectedReimbursementCents)})</span></span>) : <span className="text-ink-400">—</span>}
                </Td>
                <Td align="right"><span className="tabular">{l.units}</span></Td>
                <Td align="right"><span className="tabular">{formatMoney(l.unitAmountCents)}</span></Td>
                <Td align="right"><span className="tabular font-medium">{formatMoney(l.amountCents)}</span></Td>
              </Tr>
            ))}
            <Tr>
              <Td colSpan={6} align="right"><span className="font-semibold">Total</span></Td>
              <Td align="right"><span className="tabular font-semibold">{formatMoney(invoice.totalCents)}</span></Td>
            </Tr>
          </TBody>
        </Table>
      </Card>

      {isDraft ? (
        <Card>
          <h3 className="mb-3 text-sm font-semibold text-ink-900">Add an adjustment</h3>
          <Form method="post" className="grid grid-cols-[1fr_10rem_1fr_auto] items-start gap-3" noValidate>
            <TextField label="Description (shown to the clinic)" name="description" required error={result && !result.ok ? result.fieldErrors.description : undefined} />
            <TextField label="Amount ($)" name="amount" inputMode="decimal" placeholder="-25.00" required error={result && !result.ok ? result.fieldErrors.amount : undefined} />
            <TextField label="Reason (kept with the line)" name="reason" required error={result && !result.ok ? result.fieldErrors.reason : undefined} />
            <Button type="submit" name="intent" value="adjust" variant="secondary" className="mt-6">Add line</Button>
          </Form>
          <p className="mt-2 text-2xs text-ink-500">Adjustments are separate lines with their reason; priced lines are never edited. After sending, corrections are credit notes.</p>
        </Card>
      ) : null}
    </>
  );
}
