import type { MetaFunction } from "@remix-run/node";
import { ReceiptText } from "lucide-react";
import { ListPage } from "../components/ListPage";

export const meta: MetaFunction = () => [{ title: "Invoices · Carefold Portal" }];

export default function Invoices() {
  return (
    <ListPage
      title="Invoices"
      description="Invoices from your care-management partner, one line per billed patient-month, with payment status."
      columns={["Invoice", "Service month", "Patients billed", "Amount", "Status", "Issued"]}
      empty={{
        icon: ReceiptText,
        title: "No invoices yet — the first follows your first approved month",
        text: (
          <>
            Once you approve a month's billing worksheet, its invoice appears here and is emailed to
            you.
          </>
        ),
      }}
    />
  );
}
