import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { ArrowLeft, ExternalLink, FileDown } from "lucide-react";
import { Badge, Card, PageHeader, Table, TBody, Td, Th, THead, Tr } from "@carefold/ui";
import { Page } from "../components/Page";
import { RouteError } from "../components/RouteError";
import { pageError, requireUser } from "../lib/session.server";
import { CLINIC_INVOICE_STATUS, formatMoney } from "../lib/invoices";

export const meta: MetaFunction<typeof loader> = ({ data: d }) => [{ title: `${d?.invoice.number ?? "Invoice"} · Invoices · Carefold Portal` }];
export const ErrorBoundary = RouteError;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { caller, headers } = await requireUser(request);
  try {
    return data(await caller.clinicInvoices.get({ invoiceId: params.invoiceId ?? "" }), { headers: headers() });
  } catch (error) {
    pageError(error, request, headers(), "Invoices are for clinic administrators.");
  }
}

const KIND_LABEL: Record<string, string> = { patient_month: "Billed patient-month", code: "Billed code", percent: "Share of expected reimbursement", minimum_top_up: "Monthly minimum", adjustment: "Adjustment", credit: "Credit" };

/** One invoice with the billing-worksheet row (patient, codes, expected reimbursement) behind each line. */
export default function InvoiceDetail() {
  const { invoice, lines } = useLoaderData<typeof loader>();
  const [tone, label] = CLINIC_INVOICE_STATUS[invoice.status] ?? ["muted", invoice.status];
  return (
    <Page>
      <Link to="/invoices" className="mb-3 inline-flex items-center gap-1 text-compact text-brand-700"><ArrowLeft aria-hidden="true" className="size-4" /> All invoices</Link>
      <PageHeader
        title={`${invoice.kind === "credit_note" ? "Credit note" : "Invoice"} ${invoice.number}`}
        description={`Service month ${invoice.serviceMonth}. Each line names the worksheet row of the approved month it was priced from.`}
        actions={
          <span className="flex items-center gap-3">
            <Badge tone={tone}>{label}</Badge>
            {invoice.hostedInvoiceUrl ? <a href={invoice.hostedInvoiceUrl} target="_blank" rel="noreferrer" className="inline-flex items-center gap-1 text-compact font-medium text-brand-700">{invoice.status === "paid" ? "Receipt" : "Pay online"} <ExternalLink aria-hidden="true" className="size-3.5" /></a> : null}
            {invoice.invoicePdfUrl ? <a href={invoice.invoicePdfUrl} target="_blank" rel="noreferrer" className="inline-flex items-center gap-1 text-compact font-medium text-brand-700">PDF <FileDown aria-hidden="true" className="size-3.5" /></a> : null}
          </span>
        }
      />
      <Card flush>
        <Table caption="Invoice lines and their worksheet rows">
          <THead>
            <Tr>
              <Th>Line</Th>
              <Th>Worksheet row (patient)</Th>
              <Th>Codes billed to Medicare</Th>
              <Th align="right">Amount</Th>
            </Tr>
          </THead>
          <TBody>
            {lines.map((l) => (
              <Tr key={l.id}>
                <Td>
                  <span className="block text-ink-900">{l.description}</span>
                  <span className="block text-2xs text-ink-500">{KIND_LABEL[l.kind] ?? l.kind}{l.reason ? ` — ${l.reason}` : ""}</span>
                </Td>
                <Td>{l.patientName ? <><span className="block">{l.patientName}</span><span className="block text-2xs text-ink-500">{invoice.serviceMonth}</span></> : <span className="text-ink-400">—</span>}</Td>
                <Td>{l.billedCodes ? l.billedCodes.map((c) => <span key={c.code} className="mr-3 inline-block tabular text-compact">{c.code} × {c.units} <span className="text-ink-500">expected {formatMoney(c.expectedReimbursementCents)}</span></span>) : <span className="text-ink-400">—</span>}</Td>
                <Td align="right"><span className="tabular font-medium">{formatMoney(l.amountCents)}</span></Td>
              </Tr>
            ))}
            <Tr>
              <Td colSpan={3} align="right"><span className="font-semibold">Total</span></Td>
              <Td align="right"><span className="tabular font-semibold" data-testid="invoice-total">{formatMoney(invoice.totalCents)}</span></Td>
            </Tr>
          </TBody>
        </Table>
      </Card>
    </Page>
  );
}
