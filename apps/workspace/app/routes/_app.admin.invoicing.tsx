import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { ReceiptText } from "lucide-react";
import { ListFilters } from "../components/ListFilters";
import { ListPage } from "../components/ListPage";
import { RouteError } from "../components/RouteError";
import { requireVendorAdmin } from "../lib/admin.server";

export const meta: MetaFunction = () => [{ title: "Invoicing · Admin · Carefold Workspace" }];
export const ErrorBoundary = RouteError;

export async function loader({ request }: LoaderFunctionArgs) {
  const { headers } = await requireVendorAdmin(request);
  return data(null, { headers: headers() });
}

export default function Invoicing() {
  return (
    <ListPage
      eyebrow="Admin"
      title="Invoicing"
      description="Invoices to partner clinics, created from approved month closes, with payment status."
      columns={["Clinic", "Service month", "Patient-months", "Amount", "Status", "Sent"]}
      toolbar={
        <ListFilters
          searchLabel="Search invoices"
          searchPlaceholder="Clinic or invoice number"
          filters={[
            {
              name: "status",
              label: "Status",
              options: ["All", "Draft", "Open", "Paid", "Overdue"],
            },
          ]}
        />
      }
      empty={{
        icon: ReceiptText,
        title: "No invoices yet — create one from an approved month close",
        text: (
          <>
            Each invoice has one line per billed patient-month, priced by the clinic's contract, and
            is sent through Stripe.
          </>
        ),
      }}
    />
  );
}
