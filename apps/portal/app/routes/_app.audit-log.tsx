import type { MetaFunction } from "@remix-run/node";
import { ScrollText } from "lucide-react";
import { ListFilters } from "../components/ListFilters";
import { ListPage } from "../components/ListPage";

export const meta: MetaFunction = () => [{ title: "Audit log · Carefold Portal" }];

export default function AuditLog() {
  return (
    <ListPage
      title="Audit log"
      description="Every view of a patient chart and every change in your clinic: who, what, when and from where."
      columns={["When", "Who", "Action", "Record", "From"]}
      toolbar={
        <ListFilters
          searchLabel="Search the audit log"
          searchPlaceholder="Person, patient or action"
          filter={{
            name: "range",
            label: "Period",
            options: ["Last 7 days", "Last 30 days", "Last 90 days"],
          }}
        />
      }
      empty={{
        icon: ScrollText,
        title: "Nothing recorded yet — entries appear as your team works",
        text: (
          <>
            The log is append-only: entries can't be edited or deleted, and you can export them at
            any time.
          </>
        ),
      }}
    />
  );
}
