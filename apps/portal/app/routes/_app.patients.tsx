import type { MetaFunction } from "@remix-run/node";
import { FileUp } from "lucide-react";
import { ListFilters } from "../components/ListFilters";
import { ListPage } from "../components/ListPage";

export const meta: MetaFunction = () => [{ title: "Patients · Carefold Portal" }];

export default function Patients() {
  return (
    <ListPage
      title="Patients"
      description="Everyone on your clinic's panel, with their CCM eligibility and enrollment status."
      columns={[
        "Patient",
        "MBI",
        "Chronic conditions",
        "Enrollment",
        "Minutes this month",
        "Last contact",
      ]}
      toolbar={
        <ListFilters
          searchLabel="Search patients"
          searchPlaceholder="Name, date of birth or MBI (last 4)"
          filter={{
            name: "status",
            label: "Enrollment",
            options: ["All", "Eligible", "Outreach", "Consented", "Enrolled", "Disenrolled"],
          }}
        />
      }
      empty={{
        icon: FileUp,
        title: "No patients yet — import your panel",
        text: (
          <>
            Upload a CSV export from your EHR or a FHIR R4 bundle. Carefold checks every row (MBI
            format, duplicates, diagnoses) and imports nothing until all rows are valid.
          </>
        ),
      }}
    />
  );
}
