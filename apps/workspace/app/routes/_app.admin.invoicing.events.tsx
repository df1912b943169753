import type { LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Webhook } from "lucide-react";
import { Badge, Card, EmptyState, Table, TableEmpty, TBody, Td, Th, THead, Tr, type Tone } from "@carefold/ui";
import { RouteError } from "../components/RouteError";
import { pageError, requireUser } from "../lib/session.server";

export const ErrorBoundary = RouteError;

export async function loader({ request }: LoaderFunctionArgs) {
  const { caller, headers } = await requireUser(request);
  try {
    return data({ events: await caller.invoicing.webhookEvents() }, { headers: headers() });
  } catch (error) {
    pageError(error, request, headers(), "Invoicing is for vendor administrators.");
  }
}

const OUTCOME: Record<string, [Tone, string]> = {
  applied: ["success", "Applied"],
  no_change: ["neutral", "No change"],
  unknown_invoice: ["warning", "Unknown invoice"],
  ignored: ["muted", "Ignored"],
};

/** Every Stripe webhook received (verified ones only; each event id once), newest first. */
export default function StripeEvents() {
  const { events } = useLoaderData<typeof loader>();
  return (
    <Card flush>
      <Table caption="Stripe webhook events" dense>
        <THead>
          <Tr>
            <Th>Received</Th>
            <Th>Event</Th>
            <Th>Stripe invoice</Th>
            <Th>Outcome</Th>
            <Th>Detail</Th>
          </Tr>
        </THead>
        <TBody>
          {events.length === 0 ? (
            <TableEmpty colSpan={5}>
              <EmptyState icon={Webhook} title="No Stripe events yet">
                Stripe posts invoice.finalized, invoice.paid, invoice.payment_failed and invoice.voided to /webhooks/stripe; each verified event appears here once.
              </EmptyState>
            </TableEmpty>
          ) : null}
          {events.map((e) => {
            const [tone, label] = OUTCOME[e.outcome] ?? ["muted", e.outcome];
            return (
              <Tr key={e.eventId}>
                <Td><span className="tabular" title={e.receivedAt}>{new Date(e.receivedAt).toLocaleString("en-US", { dateStyle: "medium", timeStyle: "medium" })}</span></Td>
                <Td>
                  <span className="block font-mono text-2xs text-ink-900">{e.type}</span>
                  <span className="block font-mono text-2xs text-ink-500">{e.eventId}</span>
                </Td>
                <Td><span className="font-mono text-2xs">{e.stripeInvoiceId ?? "—"}</span></Td>
                <Td><Badge tone={tone}>{label}</Badge></Td>
                <Td><span className="text-compact text-ink-700">{e.detail}</span></Td>
              </Tr>
            );
          })}
        </TBody>
      </Table>
    </Card>
  );
}
