import type { MetaFunction } from "@remix-run/node";
import { FilePenLine } from "lucide-react";
import { ListPage } from "../components/ListPage";

export const meta: MetaFunction = () => [{ title: "Care plans · Carefold Portal" }];

export default function CarePlans() {
  return (
    <ListPage
      title="Care plans"
      description="Care plans drafted by your care team, waiting for the billing practitioner's sign-off."
      columns={["Patient", "Plan version", "Problems", "Drafted by", "Updated", "Status"]}
      empty={{
        icon: FilePenLine,
        title: "No care plans to sign — they arrive as patients are enrolled",
        text: (
          <>
            When a coordinator drafts or updates a care plan, it waits here for your review. Signed
            plans are versioned, and a copy is shared with the patient.
          </>
        ),
      }}
    />
  );
}
