import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Outlet, useLocation } from "@remix-run/react";
import { PageHeader, TabNav } from "@carefold/ui";
import { Page } from "../components/Page";
import { RouteError } from "../components/RouteError";
import { renderRouterLink } from "../components/patients/links";
import { requireVendorAdmin } from "../lib/admin.server";

export const meta: MetaFunction = () => [{ title: "Invoicing · Admin · Carefold Workspace" }];
export const ErrorBoundary = RouteError;

export async function loader({ request }: LoaderFunctionArgs) {
  const { headers } = await requireVendorAdmin(request);
  return data(null, { headers: headers() });
}

/** Invoicing area: invoices, contracts, Stripe events and the per-clinic P&L, as tabs. */
export default function InvoicingLayout() {
  const { pathname } = useLocation();
  return (
    <Page>
      <PageHeader
        compact
        eyebrow="Admin"
        title="Invoicing"
        description="Invoices to partner clinics from approved month closes, priced by each clinic's contract and sent through Stripe."
      />
      <TabNav
        className="mb-5"
        label="Invoicing"
        currentPath={pathname}
        renderLink={renderRouterLink}
        items={[
          { href: "/admin/invoicing", label: "Invoices", end: true },
          { href: "/admin/invoicing/contracts", label: "Contracts" },
          { href: "/admin/invoicing/events", label: "Stripe events" },
          { href: "/admin/invoicing/pnl", label: "P&L" },
        ]}
      />
      <Outlet />
    </Page>
  );
}
