import type { MetaFunction } from "@remix-run/node";
import { Link } from "@remix-run/react";
import { ArrowRight, UserCheck } from "lucide-react";
import { NoData, buttonClasses, buttonIconClass } from "@carefold/ui";
import { NoticePage } from "../components/NoticePage";

export const meta: MetaFunction = () => [{ title: "Enrollment · Carefold Portal" }];

const stages = [
  "Identified",
  "Outreach",
  "Consented",
  "Enrolled",
  "Active",
  "Disenrolled",
] as const;

export default function Enrollment() {
  return (
    <NoticePage
      title="Enrollment"
      description="Eligible patients move from outreach to recorded consent and active care management."
      before={
        <ol aria-label="Enrollment stages" className="mb-6 grid grid-cols-3 gap-3 lg:grid-cols-6">
          {stages.map((stage) => (
            <li
              key={stage}
              className="rounded-lg border border-neutral-200 bg-white px-4 py-3 shadow-xs"
            >
              <p className="text-xs font-medium text-ink-500">{stage}</p>
              <p className="tabular mt-1 text-xl font-semibold">
                <NoData />
              </p>
            </li>
          ))}
        </ol>
      }
      empty={{
        icon: UserCheck,
        title: "Nobody to enroll yet — import your panel first",
        text: (
          <>
            Patients with two or more qualifying chronic conditions appear here as eligible. Your
            care team records each patient's consent, with the four required disclosures, before
            enrollment.
          </>
        ),
        action: (
          <Link to="/patients" className={buttonClasses({ variant: "secondary" })}>
            Go to Patients
            <ArrowRight aria-hidden="true" className={buttonIconClass()} />
          </Link>
        ),
      }}
    />
  );
}
