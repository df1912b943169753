import { Link } from "@remix-run/react";
import type { ReactNode } from "react";

/** A router link for design-system components that take `renderLink` (pagination, tabs, charts). */
export function renderRouterLink({
  href,
  children,
  ...rest
}: {
  href: string;
  className: string;
  children: ReactNode;
  "aria-label"?: string;
  "aria-current"?: "page";
  rel?: string;
}) {
  return (
    <Link to={href} prefetch="intent" {...rest}>
      {children}
    </Link>
  );
}
