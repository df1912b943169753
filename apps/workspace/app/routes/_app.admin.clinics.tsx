import type { MetaFunction } from "@remix-run/node";
import { Building2 } from "lucide-react";
import { ListFilters } from "../components/ListFilters";
import { ListPage } from "../components/ListPage";

export const meta: MetaFunction = () => [{ title: "Clinics · Admin · Carefold Workspace" }];

export default function Clinics() {
  return (
    <ListPage
      eyebrow="Admin"
      title="Clinics"
      description="Partner clinics, their billing practitioners, contracts and assigned coordinators."
      columns={[
        "Clinic",
        "Billing practitioners",
        "Time zone",
        "Enrolled",
        "Coordinators",
        "Contract",
      ]}
      toolbar={<ListFilters searchLabel="Search clinics" searchPlaceholder="Clinic name or NPI" />}
      empty={{
        icon: Building2,
        title: "No clinics yet — onboard your first partner clinic",
        text: (
          <>
            Add the clinic with its billing practitioners (NPI), time zone and contract, then assign
            coordinators to its panel.
          </>
        ),
      }}
    />
  );
}
