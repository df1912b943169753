import type { MetaFunction } from "@remix-run/node";
import { Link } from "@remix-run/react";
import { ArrowRight, ClipboardList } from "lucide-react";
import { buttonClasses, buttonIconClass } from "@carefold/ui";
import { NoticePage } from "../components/NoticePage";

export const meta: MetaFunction = () => [{ title: "Billing · Carefold Portal" }];

export default function Billing() {
  return (
    <NoticePage
      title="Billing"
      description="The monthly billing worksheet: what can be claimed for each enrolled patient, checked before you export."
      empty={{
        icon: ClipboardList,
        title: "No billing month to review yet — enroll patients first",
        text: (
          <>
            After each month closes, the worksheet lists every patient's codes, minutes and
            diagnosis pointers with any compliance findings. You approve it, then export a CSV or an
            837P claim file.
          </>
        ),
        action: (
          <Link to="/enrollment" className={buttonClasses({ variant: "secondary" })}>
            Go to Enrollment
            <ArrowRight aria-hidden="true" className={buttonIconClass()} />
          </Link>
        ),
      }}
    />
  );
}
