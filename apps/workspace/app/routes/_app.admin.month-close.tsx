import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { CalendarCheck } from "lucide-react";
import { NoticePage } from "../components/NoticePage";
import { RouteError } from "../components/RouteError";
import { requireVendorAdmin } from "../lib/admin.server";

export const meta: MetaFunction = () => [{ title: "Month close · Admin · Carefold Workspace" }];
export const ErrorBoundary = RouteError;

export async function loader({ request }: LoaderFunctionArgs) {
  const { headers } = await requireVendorAdmin(request);
  return data(null, { headers: headers() });
}

const steps = [
  { title: "Evaluate", text: "Every enrolled patient is checked against the CCM rules." },
  { title: "Worksheet", text: "Codes, minutes and findings per patient, for the clinic." },
  { title: "Clinic approval", text: "The clinic reviews and approves, then exports claims." },
  { title: "Invoice", text: "The approved close becomes the clinic's invoice." },
] as const;

export default function MonthClose() {
  return (
    <NoticePage
      eyebrow="Admin"
      title="Month close"
      description="Close each clinic's month: evaluate time against the billing rules and send the worksheet for approval."
      before={
        <ol aria-label="Steps of a month close" className="mb-4 grid grid-cols-4 gap-3">
          {steps.map((step, index) => (
            <li
              key={step.title}
              className="rounded-lg border border-neutral-200 bg-white px-3.5 py-3 shadow-xs"
            >
              <p className="flex items-center gap-2 text-compact font-semibold text-ink-900">
                <span className="tabular flex size-5 items-center justify-center rounded-full bg-neutral-100 text-2xs text-ink-600">
                  {index + 1}
                </span>
                {step.title}
              </p>
              <p className="mt-1 text-xs text-ink-500">{step.text}</p>
            </li>
          ))}
        </ol>
      }
      empty={{
        icon: CalendarCheck,
        title: "No months to close yet — a clinic needs enrolled patients first",
        text: (
          <>
            Once a clinic has enrolled patients with logged time, its months are listed here.
            Re-running a close is safe and gives the same result.
          </>
        ),
      }}
    />
  );
}
