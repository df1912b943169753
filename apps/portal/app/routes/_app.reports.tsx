import type { MetaFunction } from "@remix-run/node";
import { ChartColumn } from "lucide-react";
import { NoticePage } from "../components/NoticePage";

export const meta: MetaFunction = () => [{ title: "Reports · Carefold Portal" }];

export default function Reports() {
  return (
    <NoticePage
      title="Reports"
      description="Enrollment and churn, billable rate, minutes and revenue by month, with CSV and PDF export."
      empty={{
        icon: ChartColumn,
        title: "No reports yet — they start with your first month of care",
        text: (
          <>
            Charts fill in once patients are enrolled and time is logged. Import your panel to
            begin; each chart will also be available as a table and as a download.
          </>
        ),
      }}
    />
  );
}
