import type { ReactElement, ReactNode } from "react";
import { cn } from "../cn.js";

export interface TabNavItem {
  href: string;
  label: string;
  /** A count or short status after the label. */
  badge?: ReactNode;
  /** Active only on an exact path match. */
  end?: boolean;
}

export interface TabNavLinkProps {
  href: string;
  className: string;
  "aria-current"?: "page";
  children: ReactNode;
}

export interface TabNavProps {
  /** Accessible name of the navigation ("Patient chart"). */
  label: string;
  items: TabNavItem[];
  currentPath: string;
  renderLink?: (props: TabNavLinkProps) => ReactElement;
  dense?: boolean;
  className?: string;
}

const defaultLink = ({ href, children, ...rest }: TabNavLinkProps) => (
  <a href={href} {...rest}>
    {children}
  </a>
);

/**
 * Tabs that are pages: a row of links, the current one marked with aria-current (the right
 * pattern when each tab has its own address).
 */
export function TabNav({
  label,
  items,
  currentPath,
  renderLink = defaultLink,
  dense,
  className,
}: TabNavProps) {
  const path = currentPath.replace(/\/+$/, "") || "/";
  return (
    <nav aria-label={label} className={cn("border-b border-neutral-200", className)}>
      <ul className="-mb-px flex gap-1">
        {items.map((item) => {
          const active = item.end
            ? path === item.href
            : path === item.href || path.startsWith(`${item.href}/`);
          return (
            <li key={item.href}>
              {renderLink({
                href: item.href,
                "aria-current": active ? "page" : undefined,
                className: cn(
                  "inline-flex items-center gap-2 border-b-2 px-3 font-medium transition-colors",
                  dense ? "h-9 text-compact" : "h-10 text-sm",
                  active
                    ? "border-brand-600 text-brand-700"
                    : "border-transparent text-ink-600 hover:border-neutral-300 hover:text-ink-900",
                ),
                children: (
                  <>
                    {item.label}
                    {item.badge != null ? item.badge : null}
                  </>
                ),
              })}
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
