import { Form, Link } from "@remix-run/react";
import { ArrowLeft } from "lucide-react";
import { Button, PageHeader, TextField } from "@carefold/ui";
import { monthLabel } from "../../lib/billing-month";

/** The header of a page under Billing: back to the worksheet of the month, title · month, a month picker. */
export function BillingSubpageHeader({ title, serviceMonth, description }: { title: string; serviceMonth: string; description: string }) {
  return (
    <PageHeader
      eyebrow={
        <Link to={`/billing?month=${serviceMonth}`} className="inline-flex items-center gap-1 hover:underline">
          <ArrowLeft aria-hidden="true" className="size-3.5" /> Billing
        </Link>
      }
      title={`${title} · ${monthLabel(serviceMonth)}`}
      description={description}
      actions={
        <Form method="get" className="flex items-end gap-2">
          <TextField label="Month" hideLabel name="month" type="month" defaultValue={serviceMonth} />
          <Button type="submit" variant="secondary">
            Show
          </Button>
        </Form>
      }
    />
  );
}
