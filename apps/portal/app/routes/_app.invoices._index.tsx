import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { ExternalLink, FileDown, ReceiptText } from "lucide-react";
import { Badge, Card, EmptyState, PageHeader, Table, TableEmpty, TBody, Td, Th, THead, Tr } from "@carefold/ui";
import { Page } from "../components/Page";
import { RouteError } from "../components/RouteError";
import { CLINIC_INVOICE_STATUS, formatMoney } from "../lib/invoices";
import { pageError, requireUser } from "../lib/session.server";

export const meta: MetaFunction = () => [{ title: "Invoices · Carefold Portal" }];
export const ErrorBoundary = RouteError;

export async function loader({ request }: LoaderFunctionArgs) {
  const { caller, headers } = await requireUser(request);
  try {
    return data({ invoices: await caller.clinicInvoices.list() }, { headers: headers() });
  } catch (error) {
    pageError(error, request, headers(), "Invoices are for clinic administrators.");
  }
}

export default function Invoices() {
  const { invoices } = useLoaderData<typeof loader>();
  return (
    <Page>
      <PageHeader title="Invoices" description="Invoices from your care-management partner, one line per billed patient-month of an approved month, with payment status." />
      <Card flush>
        <Table caption="Invoices">
          <THead>
            <Tr>
              <Th>Invoice</Th>
              <Th>Service month</Th>
              <Th align="right">Patients billed</Th>
              <Th align="right">Amount</Th>
              <Th>Status</Th>
              <Th>Issued</Th>
              <Th>Documents</Th>
            </Tr>
          </THead>
          <TBody>
            {invoices.length === 0 ? (
              <TableEmpty colSpan={7}>
                <EmptyState icon={ReceiptText} title="No invoices yet — the first follows your first approved month">
                  Once your billing worksheet for a month is approved, its invoice appears here and is e-mailed to your billing contact.
                </EmptyState>
              </TableEmpty>
            ) : null}
            {invoices.map((i) => {
              const [tone, label] = CLINIC_INVOICE_STATUS[i.status] ?? ["muted", i.status];
              return (
                <Tr key={i.id}>
                  <Td>
                    <Link to={`/invoices/${i.id}`} className="font-medium text-brand-700 underline-offset-2 hover:underline">{i.number}</Link>
                    {i.kind === "credit_note" ? <span className="ml-2 text-2xs text-ink-500">Credit note</span> : null}
                  </Td>
                  <Td><span className="tabular">{i.serviceMonth}</span></Td>
                  <Td align="right"><span className="tabular">{i.kind === "invoice" ? i.patientMonthCount : "—"}</span></Td>
                  <Td align="right"><span className="tabular">{formatMoney(i.totalCents)}</span></Td>
                  <Td>
                    <Badge tone={tone}>{label}</Badge>
                    {i.isPaymentFailed ? <Badge tone="danger" className="ml-1">Payment failed</Badge> : null}
                  </Td>
                  <Td>{i.sentAt ? new Date(i.sentAt).toLocaleDateString("en-US", { dateStyle: "medium" }) : "—"}</Td>
                  <Td>
                    <span className="flex gap-3">
                      {i.hostedInvoiceUrl ? <a href={i.hostedInvoiceUrl} target="_blank" rel="noreferrer" className="inline-flex items-center gap-1 text-compact text-brand-700">{i.status === "paid" ? "Receipt" : "Pay online"} <ExternalLink aria-hidden="true" className="size-3.5" /></a> : null}
                      {i.invoicePdfUrl ? <a href={i.invoicePdfUrl} target="_blank" rel="noreferrer" className="inline-flex items-center gap-1 text-compact text-brand-700">PDF <FileDown aria-hidden="true" className="size-3.5" /></a> : null}
                    </span>
                  </Td>
                </Tr>
              );
            })}
          </TBody>
        </Table>
      </Card>
    </Page>
  );
}
