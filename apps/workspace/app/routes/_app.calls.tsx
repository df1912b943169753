import type { MetaFunction } from "@remix-run/node";
import { PhoneCall } from "lucide-react";
import { ListFilters } from "../components/ListFilters";
import { ListPage } from "../components/ListPage";

export const meta: MetaFunction = () => [{ title: "Calls & messages · Carefold Workspace" }];

/** The search form posts here (no term in the address); the list has nothing to search yet. */
export const action = () => null;

export default function CallsAndMessages() {
  return (
    <ListPage
      title="Calls & messages"
      description="Your calls, voicemails and text conversations with patients, newest first."
      columns={["When", "Patient", "Clinic", "Type", "Outcome", "Duration"]}
      toolbar={
        <ListFilters
          searchLabel="Search calls and messages"
          searchPlaceholder="Patient or phone number"
          filters={[
            {
              name: "type",
              label: "Show",
              options: ["All", "Calls", "Text messages", "Voicemails"],
            },
          ]}
        />
      }
      empty={{
        icon: PhoneCall,
        title: "No calls or messages yet — call a patient from their chart",
        text: (
          <>
            Press c on a chart to call from the clinic's own number. Talk time becomes a draft time
            entry for you to confirm, and text replies are threaded here.
          </>
        ),
      }}
    />
  );
}
