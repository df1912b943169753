import { Check } from "lucide-react";
import type { ReactNode } from "react";
import { LogoMark } from "./Logo.js";

export interface AuthLayoutProps {
  /** Product name shown with the logo, e.g. "Carefold Portal". */
  product: string;
  /** One line: what the product does for this person. */
  tagline: string;
  /** Three short reasons, shown on the brand panel. */
  highlights?: string[];
  /** Heading of the form card. */
  title: string;
  description?: ReactNode;
  /** The form. */
  children: ReactNode;
  /** Small print under the form. */
  footer?: ReactNode;
  /** Width of the form column: "sm" for sign-in forms, "md" for set-up steps with more to show. */
  size?: "sm" | "md";
}

/** Split sign-in layout: brand panel on the left (wide screens), form on the right. */
export function AuthLayout({
  product,
  tagline,
  highlights = [],
  title,
  description,
  children,
  footer,
  size = "sm",
}: AuthLayoutProps) {
  return (
    <div className="flex min-h-screen bg-white">
      <aside
        data-surface="dark"
        className="relative hidden w-[44%] max-w-2xl flex-col justify-between overflow-hidden bg-brand-950 px-12 py-10 text-white lg:flex"
      >
        <div
          aria-hidden="true"
          className="pointer-events-none absolute -top-40 -right-40 size-[36rem] rounded-full bg-brand-700/40 blur-3xl"
        />
        <div
          aria-hidden="true"
          className="pointer-events-none absolute -bottom-48 -left-32 size-[30rem] rounded-full bg-brand-600/25 blur-3xl"
        />
        <div className="relative flex items-center gap-2.5">
          <LogoMark />
          <span className="text-lg font-semibold tracking-tight">{product}</span>
        </div>
        <div className="relative max-w-md">
          <p className="text-3xl leading-tight font-semibold tracking-tight text-balance">
            {tagline}
          </p>
          {highlights.length > 0 ? (
            <ul className="mt-8 space-y-3.5">
              {highlights.map((text) => (
                <li key={text} className="flex items-start gap-3 text-sm text-brand-100">
                  <span className="mt-0.5 flex size-5 shrink-0 items-center justify-center rounded-full bg-white/10 ring-1 ring-white/20">
                    <Check aria-hidden="true" className="size-3 text-white" />
                  </span>
                  {text}
                </li>
              ))}
            </ul>
          ) : null}
        </div>
        <p className="relative text-xs text-brand-200">
          Medicare Chronic Care Management, run together by clinics and their care team.
        </p>
      </aside>
      <main id="main" className="flex flex-1 flex-col">
        <div className="flex flex-1 items-center justify-center px-6 py-12">
          <div className={size === "md" ? "w-full max-w-md" : "w-full max-w-sm"}>
            <div className="mb-8 flex items-center gap-2.5 lg:hidden">
              <LogoMark />
              <span className="text-lg font-semibold tracking-tight text-ink-900">{product}</span>
            </div>
            <h1 className="text-2xl font-semibold tracking-tight text-ink-900">{title}</h1>
            {description != null ? (
              <p className="mt-1.5 text-sm text-ink-600">{description}</p>
            ) : null}
            <div className="mt-8">{children}</div>
            {footer != null ? <div className="mt-8 text-xs text-ink-500">{footer}</div> : null}
          </div>
        </div>
      </main>
    </div>
  );
}
