import type { MetaFunction } from "@remix-run/node";
import { Users } from "lucide-react";
import { ListFilters } from "../components/ListFilters";
import { ListPage } from "../components/ListPage";

export const meta: MetaFunction = () => [{ title: "Patients · Carefold Workspace" }];

export default function Patients() {
  return (
    <ListPage
      title="Patients"
      description="Every patient on the panels assigned to you, across clinics."
      columns={[
        "Patient",
        "Clinic",
        "MBI",
        "Minutes this month",
        "Next threshold",
        "Patient's time",
        "Last contact",
      ]}
      toolbar={
        <ListFilters
          searchLabel="Search patients"
          searchPlaceholder="Name, date of birth or MBI (last 4)"
          filters={[
            {
              name: "status",
              label: "Status",
              options: ["Enrolled", "Active", "Consented", "Outreach", "All"],
            },
          ]}
        />
      }
      empty={{
        icon: Users,
        title: "No patients assigned to you yet — a supervisor assigns clinic panels",
        text: (
          <>
            When you're assigned to a clinic or to part of its panel, those patients are listed here
            and on your worklist.
          </>
        ),
      }}
    />
  );
}
