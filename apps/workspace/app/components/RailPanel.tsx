import type { LucideIcon } from "lucide-react";
import type { ReactNode } from "react";
import { Kbd } from "@carefold/ui";

/** One section of the chart's right rail: a small heading, an optional shortcut, content. */
export function RailPanel({
  title,
  icon: Icon,
  shortcut,
  children,
}: {
  title: string;
  icon: LucideIcon;
  shortcut?: string;
  children: ReactNode;
}) {
  const id = `rail-${title.toLowerCase().replace(/\W+/g, "-")}`;
  return (
    <section aria-labelledby={id} className="border-b border-neutral-200 px-4 py-4 last:border-b-0">
      <div className="mb-3 flex items-center justify-between gap-2">
        <h2
          id={id}
          className="flex items-center gap-2 text-xs font-semibold tracking-wide text-ink-600 uppercase"
        >
          <Icon aria-hidden="true" className="size-3.5 text-ink-500" />
          {title}
        </h2>
        {shortcut ? (
          <span className="flex items-center gap-1 text-2xs text-ink-500">
            <span className="sr-only">Shortcut:</span>
            <Kbd>{shortcut}</Kbd>
          </span>
        ) : null}
      </div>
      {children}
    </section>
  );
}
