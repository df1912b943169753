import type { LucideIcon } from "lucide-react";
import type { ReactElement, ReactNode } from "react";
import { cn } from "../cn.js";

export interface NavItem {
  href: string;
  label: string;
  icon: LucideIcon;
  /** Active only on an exact path match (always true for "/"). */
  end?: boolean;
  /** A count or short status after the label. */
  badge?: ReactNode;
}

export interface NavSection {
  /** Group heading, e.g. "Admin". */
  label?: string;
  items: NavItem[];
}

export interface NavLinkProps {
  href: string;
  className: string;
  "aria-current"?: "page";
  children: ReactNode;
}

/** Renders a link; apps pass their router's link so navigation stays client-side. */
export type NavLinkRenderer = (props: NavLinkProps) => ReactElement;

const defaultLink: NavLinkRenderer = ({ href, children, ...rest }) => (
  <a href={href} {...rest}>
    {children}
  </a>
);

export interface SidebarProps {
  /** Logo area at the top. */
  brand: ReactNode;
  sections: NavSection[];
  /** Current location pathname, to mark the active item. */
  currentPath: string;
  renderLink?: NavLinkRenderer;
  /** Bottom area, e.g. system status. */
  footer?: ReactNode;
  /** Light for the portal, dark for the workspace. */
  surface?: "light" | "dark";
  /** Tighter items for the dense workspace. */
  dense?: boolean;
  /** Accessible name of the navigation landmark. */
  label?: string;
  className?: string;
}

export function isNavItemActive(item: Pick<NavItem, "href" | "end">, currentPath: string): boolean {
  const path = currentPath.length > 1 ? currentPath.replace(/\/+$/, "") : currentPath;
  if (item.end || item.href === "/") return path === item.href;
  return path === item.href || path.startsWith(`${item.href}/`);
}

export function Sidebar({
  brand,
  sections,
  currentPath,
  renderLink = defaultLink,
  footer,
  surface = "light",
  dense,
  label = "Main",
  className,
}: SidebarProps) {
  const dark = surface === "dark";
  return (
    // The outer column stretches with the page (so its background reaches the bottom of long pages);
    // the inner panel sticks to the viewport.
    <div
      data-surface={surface}
      className={cn(
        "shrink-0 border-r",
        dark ? "border-ink-900 bg-ink-950" : "border-neutral-200 bg-white",
        dense ? "w-56" : "w-64",
        className,
      )}
    >
      <aside className="sticky top-0 flex h-screen flex-col">
        <div
          className={cn(
            "flex shrink-0 items-center px-4",
            dense ? "h-14" : "h-16",
            dark ? "" : "border-b border-neutral-200",
          )}
        >
          {brand}
        </div>
        <nav
          aria-label={label}
          className={cn("flex-1 overflow-y-auto px-3", dense ? "py-3" : "py-4")}
        >
          {sections.map((section, index) => {
            const headingId = section.label ? `nav-section-${index}` : undefined;
            return (
              <div
                key={section.label ?? index}
                className={cn(index > 0 && (dense ? "mt-5" : "mt-6"))}
              >
                {section.label ? (
                  <p
                    id={headingId}
                    className={cn(
                      "mb-1.5 px-3 text-2xs font-semibold tracking-wider uppercase",
                      dark ? "text-ink-400" : "text-ink-500",
                    )}
                  >
                    {section.label}
                  </p>
                ) : null}
                <ul className="space-y-0.5" aria-labelledby={headingId}>
                  {section.items.map((item) => {
                    const active = isNavItemActive(item, currentPath);
                    const Icon = item.icon;
                    return (
                      <li key={item.href}>
                        {renderLink({
                          href: item.href,
                          "aria-current": active ? "page" : undefined,
                          className: cn(
                            "group relative flex items-center gap-3 rounded-md px-3 font-medium transition-colors",
                            dense ? "h-8 text-compact" : "h-9 text-sm",
                            dark
                              ? active
                                ? "bg-white/10 text-white"
                                : "text-neutral-300 hover:bg-white/5 hover:text-white"
                              : active
                                ? "bg-brand-50 text-brand-700"
                                : "text-ink-700 hover:bg-neutral-100 hover:text-ink-900",
                          ),
                          children: (
                            <>
                              {active ? (
                                <span
                                  aria-hidden="true"
                                  className={cn(
                                    "absolute top-1.5 bottom-1.5 -left-3 w-1 rounded-r-full",
                                    dark ? "bg-brand-400" : "bg-brand-600",
                                  )}
                                />
                              ) : null}
                              <Icon
                                aria-hidden="true"
                                className={cn(
                                  "size-4 shrink-0",
                                  dark
                                    ? active
                                      ? "text-brand-300"
                                      : "text-ink-400 group-hover:text-neutral-300"
                                    : active
                                      ? "text-brand-600"
                                      : "text-ink-500 group-hover:text-ink-700",
                                )}
                              />
                              <span className="truncate">{item.label}</span>
                              {item.badge != null ? (
                                <span className="ml-auto">{item.badge}</span>
                              ) : null}
                            </>
                          ),
                        })}
                      </li>
                    );
                  })}
                </ul>
              </div>
            );
          })}
        </nav>
        {footer != null ? (
          <div
            className={cn("shrink-0 border-t p-3", dark ? "border-ink-800" : "border-neutral-200")}
          >
            {footer}
          </div>
        ) : null}
      </aside>
    </div>
  );
}
