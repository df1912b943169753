import type { LucideIcon } from "lucide-react";
import type { ReactNode } from "react";
import { Logo } from "./Logo.js";

export interface ErrorPageProps {
  /** HTTP status, shown small above the title. */
  status?: number;
  /** What happened, in the user's words. */
  title: ReactNode;
  /** What to do next. */
  children?: ReactNode;
  /** Buttons or links. */
  actions?: ReactNode;
  /** Technical detail for development builds only. */
  details?: string;
  product?: string;
  icon?: LucideIcon;
}

/** A full-page error that still looks like the product: logo, plain words, a way back. */
export function ErrorPage({
  status,
  title,
  children,
  actions,
  details,
  product,
  icon: Icon,
}: ErrorPageProps) {
  return (
    <div className="flex min-h-screen flex-col bg-neutral-50">
      <header className="px-8 py-6">
        <Logo product={product} />
      </header>
      <main id="main" className="flex flex-1 items-center justify-center px-6 pb-24">
        <div className="w-full max-w-lg text-center">
          {Icon ? (
            <div className="mx-auto mb-6 flex size-14 items-center justify-center rounded-2xl bg-white text-brand-600 shadow-sm ring-1 ring-neutral-200">
              <Icon aria-hidden="true" className="size-7" />
            </div>
          ) : null}
          {status != null ? (
            <p className="tabular text-sm font-semibold tracking-wide text-brand-700">
              Error {status}
            </p>
          ) : null}
          <h1 className="mt-2 text-3xl font-semibold tracking-tight text-ink-900">{title}</h1>
          {children != null ? <div className="mt-3 text-base text-ink-600">{children}</div> : null}
          {actions != null ? (
            <div className="mt-8 flex flex-wrap justify-center gap-3">{actions}</div>
          ) : null}
          {details ? (
            <pre className="mt-10 max-h-64 overflow-auto rounded-lg border border-neutral-200 bg-white p-4 text-left font-mono text-xs text-ink-700">
              {details}
            </pre>
          ) : null}
        </div>
      </main>
    </div>
  );
}
