import type { MetaFunction } from "@remix-run/node";
import { ClipboardCheck } from "lucide-react";
import { ListFilters } from "../components/ListFilters";
import { ListPage } from "../components/ListPage";

export const meta: MetaFunction = () => [{ title: "Tasks · Carefold Workspace" }];

export default function Tasks() {
  return (
    <ListPage
      title="Tasks"
      description="Follow-ups, care-plan reviews and escalations that are yours to do."
      columns={["Task", "Patient", "Clinic", "Due", "From", "Status"]}
      toolbar={
        <ListFilters
          searchLabel="Search tasks"
          searchPlaceholder="Task or patient"
          filters={[
            { name: "due", label: "Due", options: ["Overdue and today", "This week", "All open"] },
          ]}
        />
      }
      empty={{
        icon: ClipboardCheck,
        title: "No open tasks — add one from a patient's chart",
        text: (
          <>
            Press n on a chart to add a note or a follow-up. Tasks a supervisor assigns to you
            appear here too.
          </>
        ),
      }}
    />
  );
}
