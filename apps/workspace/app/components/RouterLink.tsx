import { Link } from "@remix-run/react";
import type { NavLinkRenderer } from "@carefold/ui";

/** Sidebar links through Remix, so navigation stays client-side and prefetches on intent. */
export const renderNavLink: NavLinkRenderer = ({ href, children, ...rest }) => (
  <Link to={href} prefetch="intent" {...rest}>
    {children}
  </Link>
);
