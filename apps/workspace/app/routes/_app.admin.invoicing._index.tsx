import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { FilePlus2, ReceiptText } from "lucide-react";
import { Badge, Button, Card, EmptyState, Notice, SelectField, Table, TableEmpty, TBody, Td, TextField, Th, THead, Tr } from "@carefold/ui";
import { RouteError } from "../components/RouteError";
import { INVOICE_STATUS, formatMoney } from "../components/invoicing/money";
import { formFailure, pageError, requireUser } from "../lib/session.server";

export const ErrorBoundary = RouteError;

export async function loader({ request }: LoaderFunctionArgs) {
  const { caller, headers } = await requireUser(request);
  try {
    const [invoices, clinics] = await Promise.all([caller.invoicing.invoices({}), caller.admin.clinics()]);
    return data({ invoices, clinics: clinics.map((c) => ({ id: c.id, name: c.name })) }, { headers: headers() });
  } catch (error) {
    pageError(error, request, headers(), "Invoicing is for vendor administrators.");
  }
}

/** Creates the draft invoice of an approved month (or finds the one already made) and opens it. */
export async function action({ request }: ActionFunctionArgs) {
  const { caller, headers } = await requireUser(request);
  const form = await request.formData();
  const tenantId = String(form.get("tenantId") ?? "");
  const serviceMonth = String(form.get("serviceMonth") ?? "");
  try {
    const { invoiceId } = await caller.invoicing.generate({ tenantId, serviceMonth });
    throw redirect(`/admin/invoicing/${tenantId}/${invoiceId}`, { headers: headers() });
  } catch (error) {
    if (error instanceof Response) throw error;
    const failure = formFailure(error, request, headers());
    return data({ message: failure.message ?? Object.values(failure.fieldErrors)[0] ?? "Check the clinic and month." }, { headers: headers() });
  }
}

function lastMonth(): string {
  const d = new Date();
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() - 1);
  return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, "0")}`;
}

export default function Invoices() {
  const { invoices, clinics } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const navigation = useNavigation();
  const clinicName = new Map(clinics.map((c) => [c.id, c.name]));
  return (
    <>
      <Card className="mb-5">
        <Form method="post" className="flex flex-wrap items-end gap-4" aria-label="Create an invoice">
          <SelectField label="Clinic" name="tenantId" className="min-w-64">
            {clinics.map((c) => <option key={c.id} value={c.id}>{c.name}</option>)}
          </SelectField>
          <TextField label="Service month" name="serviceMonth" type="month" defaultValue={lastMonth()} required />
          <Button type="submit" icon={FilePlus2} disabled={navigation.state !== "idle"}>{navigation.state === "submitting" ? "Pricing…" : "Create invoice from approved month"}</Button>
          <p className="basis-full text-2xs text-ink-500">Prices the month's approved billing worksheet under the contract in force and opens the draft for review. Doing it again opens the same draft.</p>
        </Form>
        {failure?.message ? <Notice tone="danger" className="mt-3" live title="No invoice was created">{failure.message}</Notice> : null}
      </Card>
      <Card flush>
        <Table caption="Invoices and credit notes" dense>
          <THead>
            <Tr>
              <Th>Number</Th>
              <Th>Clinic</Th>
              <Th>Service month</Th>
              <Th align="right">Patient-months</Th>
              <Th align="right">Amount</Th>
              <Th>Status</Th>
              <Th>Sent</Th>
            </Tr>
          </THead>
          <TBody>
            {invoices.length === 0 ? (
              <TableEmpty colSpan={7}>
                <EmptyState icon={ReceiptText} title="No invoices yet — create one from an approved month close">
                  Each invoice has one line per billed patient-month (or per code), priced by the clinic's contract, and is sent through Stripe.
                </EmptyState>
              </TableEmpty>
            ) : null}
            {invoices.map((i) => {
              const [tone, label] = INVOICE_STATUS[i.status] ?? ["muted", i.status];
              return (
                <Tr key={i.id}>
                  <Td>
                    <Link to={`/admin/invoicing/${i.tenantId}/${i.id}`} className="font-medium text-brand-700 underline-offset-2 hover:underline">{i.number}</Link>
                    {i.kind === "credit_note" ? <span className="ml-2 text-2xs text-ink-500">Credit note</span> : null}
                  </Td>
                  <Td>{clinicName.get(i.tenantId) ?? "—"}</Td>
                  <Td><span className="tabular">{i.serviceMonth}</span></Td>
                  <Td align="right"><span className="tabular">{i.kind === "invoice" ? i.patientMonthCount : "—"}</span></Td>
                  <Td align="right"><span className="tabular">{formatMoney(i.totalCents)}</span></Td>
                  <Td>
                    <Badge tone={tone}>{label}</Badge>
                    {i.isPaymentFailed ? <Badge tone="danger" className="ml-1">Payment failed</Badge> : null}
                  </Td>
                  <Td>{i.sentAt ? new Date(i.sentAt).toLocaleDateString("en-US", { dateStyle: "medium" }) : "—"}</Td>
                </Tr>
              );
            })}
          </TBody>
        </Table>
      </Card>
    </>
  );
}
