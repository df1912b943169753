import type { MetaFunction } from "@remix-run/node";
import { IdCard } from "lucide-react";
import { ListFilters } from "../components/ListFilters";
import { ListPage } from "../components/ListPage";

export const meta: MetaFunction = () => [{ title: "Staff · Admin · Carefold Workspace" }];

export default function Staff() {
  return (
    <ListPage
      eyebrow="Admin"
      title="Staff"
      description="Coordinators, supervisors and admins: roles, clinic assignments and caseloads."
      columns={["Name", "Role", "Clinics", "Caseload", "Minutes this month", "Status"]}
      toolbar={
        <ListFilters
          searchLabel="Search staff"
          searchPlaceholder="Name or email"
          filters={[
            {
              name: "role",
              label: "Role",
              options: ["All roles", "Coordinator", "Supervisor", "Admin"],
            },
          ]}
        />
      }
      empty={{
        icon: IdCard,
        title: "No staff yet — invite your coordinators and supervisors",
        text: (
          <>
            Each person gets their own account with a second sign-in factor, then is assigned to
            clinics and panels.
          </>
        ),
      }}
    />
  );
}
