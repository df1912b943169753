import type { MetaFunction } from "@remix-run/node";
import { Timer } from "lucide-react";
import { ListFilters } from "../components/ListFilters";
import { ListPage } from "../components/ListPage";

export const meta: MetaFunction = () => [{ title: "Time review · Carefold Workspace" }];

export default function TimeReview() {
  return (
    <ListPage
      title="Time review"
      description="Time entries waiting for a supervisor's approval before the month closes."
      columns={["Date", "Coordinator", "Patient", "Activity", "Minutes", "Source", "Status"]}
      toolbar={
        <ListFilters
          searchLabel="Search time entries"
          searchPlaceholder="Coordinator or patient"
          filters={[
            {
              name: "status",
              label: "Status",
              options: ["Submitted", "Returned", "Approved", "All"],
            },
          ]}
        />
      }
      empty={{
        icon: Timer,
        title: "Nothing to review — submitted time entries wait here",
        text: (
          <>
            Approve or return entries before the month closes. Closed months are locked; a
            correction is a new entry that points to the original.
          </>
        ),
      }}
    />
  );
}
