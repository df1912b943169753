import { ChevronLeft, ChevronRight } from "lucide-react";
import type { ReactElement, ReactNode } from "react";
import { cn } from "../cn.js";

export interface PaginationLinkProps {
  href: string;
  className: string;
  "aria-label"?: string;
  "aria-current"?: "page";
  rel?: string;
  children: ReactNode;
}

export interface PaginationProps {
  page: number;
  pageSize: number;
  total: number;
  /** The address of a page (keeps the list's filters). */
  hrefFor: (page: number) => string;
  /** Renders a link; apps pass their router's link. */
  renderLink?: (props: PaginationLinkProps) => ReactElement;
  /** What is counted ("patients"). */
  noun?: string;
  className?: string;
}

const defaultLink = ({ href, children, ...rest }: PaginationLinkProps) => (
  <a href={href} {...rest}>
    {children}
  </a>
);

/** Pages to show: first, last, and the current page with its neighbours; null marks a gap. */
export function pageWindow(page: number, pageCount: number): (number | null)[] {
  const wanted = new Set([1, pageCount, page - 1, page, page + 1]);
  const pages = [...wanted].filter((p) => p >= 1 && p <= pageCount).sort((a, b) => a - b);
  const out: (number | null)[] = [];
  for (const p of pages) {
    const last = out[out.length - 1];
    if (typeof last === "number" && p - last > 1) out.push(null);
    out.push(p);
  }
  return out;
}

const item =
  "inline-flex h-8 min-w-8 items-center justify-center gap-1 rounded-md px-2 text-compact font-medium transition-colors";
const disabled = cn(item, "pointer-events-none text-ink-400");
const enabled = cn(item, "text-ink-700 hover:bg-neutral-100 hover:text-ink-900");

/** "Showing 26–50 of 60 patients" (or "No patients"). */
function RangeSummary({
  isEmpty,
  first,
  last,
  total,
  noun,
}: {
  isEmpty: boolean;
  first: number;
  last: number;
  total: number;
  noun: string;
}) {
  return (
    <p className="tabular text-compact text-ink-600">
      {isEmpty ? (
        `No ${noun}`
      ) : (
        <>
          Showing <span className="font-medium text-ink-900">{first}</span>–
          <span className="font-medium text-ink-900">{last}</span> of{" "}
          <span className="font-medium text-ink-900">{total}</span> {noun}
        </>
      )}
    </p>
  );
}

const previousLabel = (
  <>
    <ChevronLeft aria-hidden="true" className="size-4" />
    Previous
  </>
);
const nextLabel = (
  <>
    Next
    <ChevronRight aria-hidden="true" className="size-4" />
  </>
);

/** A link when there is somewhere to go, else the same label greyed out. */
function StepLink({
  href,
  label,
  rel,
  ariaLabel,
  renderLink,
}: {
  href: string | null;
  label: ReactNode;
  rel?: string;
  ariaLabel?: string;
  renderLink: (props: PaginationLinkProps) => ReactElement;
}) {
  return href ? (
    renderLink({ href, className: enabled, rel, "aria-label": ariaLabel, children: label })
  ) : (
    <span className={disabled} aria-disabled="true">
      {label}
    </span>
  );
}

/** "Showing 26–50 of 60 patients" with previous / next and page links (server pagination). */
export function Pagination({
  page,
  pageSize,
  total,
  hrefFor,
  renderLink = defaultLink,
  noun = "results",
  className,
}: PaginationProps) {
  const pageCount = Math.max(1, Math.ceil(total / pageSize));
  const first = total === 0 ? 0 : (page - 1) * pageSize + 1;
  const last = Math.min(total, page * pageSize);
  return (
    <nav
      aria-label="Pages"
      className={cn("flex flex-wrap items-center justify-between gap-3", className)}
    >
      <RangeSummary isEmpty={total === 0} first={first} last={last} total={total} noun={noun} />
      {pageCount > 1 ? (
        <ul className="flex items-center gap-1">
          <li>
            <StepLink
              href={page > 1 ? hrefFor(page - 1) : null}
              label={previousLabel}
              rel="prev"
              renderLink={renderLink}
            />
          </li>
          {pageWindow(page, pageCount).map((p, index) =>
            p === null ? (
              <li key={`gap-${index}`} aria-hidden="true" className="px-1 text-ink-400">
                …
              </li>
            ) : (
              <li key={p}>
                {renderLink({
                  href: hrefFor(p),
                  "aria-label": `Page ${p}`,
                  "aria-current": p === page ? "page" : undefined,
                  className: cn(
                    item,
                    "tabular",
                    p === page
                      ? "bg-brand-50 text-brand-700 ring-1 ring-brand-200 ring-inset"
                      : "text-ink-700 hover:bg-neutral-100",
                  ),
                  children: p,
                })}
              </li>
            ),
          )}
          <li>
            <StepLink
              href={page < pageCount ? hrefFor(page + 1) : null}
              label={nextLabel}
              rel="next"
              renderLink={renderLink}
            />
          </li>
        </ul>
      ) : null}
    </nav>
  );
}

export interface CursorPaginationProps {
  /** The page's number counted from the top (for "Showing 451–500"). */
  page: number;
  pageSize: number;
  /** Rows on this page. */
  shown: number;
  total: number;
  /** Addresses of the neighbouring pages (null: none); the lists page from a row, not by offset. */
  previousHref: string | null;
  nextHref: string | null;
  firstHref: string | null;
  renderLink?: (props: PaginationLinkProps) => ReactElement;
  noun?: string;
  className?: string;
}

/**
 * "Showing 451–500 of 23,086 patients" with first / previous / next, for lists that page from a
 * row of the current page (keyset paging: every page costs what the first does, so there are no
 * numbered jumps deep into the list).
 */
export function CursorPagination({
  page,
  pageSize,
  shown,
  total,
  previousHref,
  nextHref,
  firstHref,
  renderLink = defaultLink,
  noun = "results",
  className,
}: CursorPaginationProps) {
  const first = shown === 0 ? 0 : (page - 1) * pageSize + 1;
  const last = Math.min(total, first + shown - 1);
  return (
    <nav
      aria-label="Pages"
      className={cn("flex flex-wrap items-center justify-between gap-2", className)}
    >
      <RangeSummary isEmpty={shown === 0} first={first} last={last} total={total} noun={noun} />
      <ul className="flex items-center gap-1">
        {firstHref ? (
          <li>
            <StepLink href={firstHref} label="Top" ariaLabel="First page" renderLink={renderLink} />
          </li>
        ) : null}
        <li>
          <StepLink href={previousHref} label={previousLabel} rel="prev" renderLink={renderLink} />
        </li>
        <li>
          <StepLink href={nextHref} label={nextLabel} rel="next" renderLink={renderLink} />
        </li>
      </ul>
    </nav>
  );
}
