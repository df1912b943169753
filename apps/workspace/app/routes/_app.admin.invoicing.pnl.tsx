import type { LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, useLoaderData, useSubmit } from "@remix-run/react";
import { LineChart } from "lucide-react";
import { BarChart, Card, EmptyState, SelectField, Table, TableEmpty, TBody, Td, Th, THead, Tr } from "@carefold/ui";
import { RouteError } from "../components/RouteError";
import { formatMoney } from "../components/invoicing/money";
import { pageError, requireUser } from "../lib/session.server";

export const ErrorBoundary = RouteError;

export async function loader({ request }: LoaderFunctionArgs) {
  const { caller, headers } = await requireUser(request);
  try {
    const clinics = (await caller.admin.clinics()).map((c) => ({ id: c.id, name: c.name }));
    const tenantId = new URL(request.url).searchParams.get("clinic") ?? clinics[0]?.id ?? null;
    const months = tenantId ? await caller.invoicing.profitAndLoss({ tenantId }) : [];
    return data({ clinics, tenantId, months }, { headers: headers() });
  } catch (error) {
    pageError(error, request, headers(), "The P&L is for vendor administrators.");
  }
}

/** Per-clinic P&L by service month: fees against coordinator time, with the numbers as a table. */
export default function ProfitAndLoss() {
  const { clinics, tenantId, months } = useLoaderData<typeof loader>();
  const submit = useSubmit();
  const recent = months.slice(-6);
  return (
    <>
      <Form method="get" className="mb-4" onChange={(e) => submit(e.currentTarget)}>
        <SelectField label="P&amp;L of" name="clinic" defaultValue={tenantId ?? undefined} inlineLabel className="max-w-md">
          {clinics.map((c) => <option key={c.id} value={c.id}>{c.name}</option>)}
        </SelectField>
      </Form>
      {recent.length ? (
        <Card className="mb-5">
          <BarChart
            title="Fees invoiced and coordinator cost, last six service months (US dollars)"
            unit="dollars"
            bars={recent.flatMap((m) => [
              { label: `${m.serviceMonth} fees invoiced`, value: Math.max(0, Math.round(m.feesInvoicedCents / 100)), tone: "brand" as const, hint: `paid ${formatMoney(m.feesPaidCents)}` },
              { label: `${m.serviceMonth} coordinator cost`, value: Math.round(m.coordinatorCostCents / 100), tone: "warning" as const, hint: `${m.coordinatorMinutes} minutes` },
            ])}
          />
        </Card>
      ) : null}
      <Card flush>
        <Table caption="Profit and loss by service month" dense>
          <THead>
            <Tr>
              <Th>Service month</Th>
              <Th align="right">Clinic's expected reimbursement</Th>
              <Th align="right">Fees invoiced</Th>
              <Th align="right">Fees paid</Th>
              <Th align="right">Coordinator minutes</Th>
              <Th align="right">Coordinator cost</Th>
              <Th align="right">Margin</Th>
            </Tr>
          </THead>
          <TBody>
            {months.length === 0 ? (
              <TableEmpty colSpan={7}>
                <EmptyState icon={LineChart} title="Nothing to report yet">Months appear once coordinators log time or an invoice is sent.</EmptyState>
              </TableEmpty>
            ) : null}
            {[...months].reverse().map((m) => (
              <Tr key={m.serviceMonth}>
                <Td><span className="tabular">{m.serviceMonth}</span></Td>
                <Td align="right"><span className="tabular">{formatMoney(m.expectedReimbursementCents)}</span></Td>
                <Td align="right"><span className="tabular">{formatMoney(m.feesInvoicedCents)}</span></Td>
                <Td align="right"><span className="tabular">{formatMoney(m.feesPaidCents)}</span></Td>
                <Td align="right"><span className="tabular">{m.coordinatorMinutes}</span></Td>
                <Td align="right"><span className="tabular">{formatMoney(m.coordinatorCostCents)}</span></Td>
                <Td align="right"><span className={m.marginCents < 0 ? "tabular font-medium text-danger-700" : "tabular font-medium text-success-700"}>{formatMoney(m.marginCents)}{m.marginCents < 0 ? " (loss)" : ""}</span></Td>
              </Tr>
            ))}
          </TBody>
        </Table>
      </Card>
      <p className="mt-2 text-2xs text-ink-500">Coordinator cost = minutes logged × the configured hourly cost (COORDINATOR_HOURLY_COST_CENTS). Margin = fees invoiced − coordinator cost. Credit notes subtract from fees invoiced. Expected reimbursement is the billable amount of the month's finished close, the same total as the clinic's worksheet and reports, invoiced or not.</p>
    </>
  );
}
