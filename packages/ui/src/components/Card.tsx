import type { HTMLAttributes, ReactNode } from "react";
import { cn } from "../cn.js";

export interface CardProps extends Omit<HTMLAttributes<HTMLElement>, "title"> {
  /** Heading shown in the card header. */
  title?: ReactNode;
  /** One line under the title. */
  description?: ReactNode;
  /** Controls at the right of the header. */
  actions?: ReactNode;
  /** Remove the body padding (tables, lists that run edge to edge). */
  flush?: boolean;
  /** Heading level of the title; defaults to h2. */
  headingLevel?: 2 | 3;
  as?: "section" | "div" | "article" | "aside";
}

export function Card({
  title,
  description,
  actions,
  flush,
  headingLevel = 2,
  as: Element = "section",
  className,
  children,
  ...rest
}: CardProps) {
  const Heading = headingLevel === 2 ? "h2" : "h3";
  const hasHeader = title != null || actions != null;
  return (
    <Element
      className={cn(
        "rounded-xl border border-neutral-200 bg-white shadow-xs",
        flush && "overflow-hidden",
        className,
      )}
      {...rest}
    >
      {hasHeader ? (
        <header className="flex items-start justify-between gap-4 border-b border-neutral-200 px-5 py-3.5">
          <div className="min-w-0">
            {title != null ? (
              <Heading className="text-sm font-semibold text-ink-900">{title}</Heading>
            ) : null}
            {description != null ? (
              <p className="mt-0.5 text-compact text-ink-500">{description}</p>
            ) : null}
          </div>
          {actions != null ? (
            <div className="flex shrink-0 items-center gap-2">{actions}</div>
          ) : null}
        </header>
      ) : null}
      <div className={cn(!flush && "p-5")}>{children}</div>
    </Element>
  );
}
