import { cn } from "../cn.js";

/** The Carefold mark: a "C" that folds around a point of care. */
export function LogoMark({ className, title }: { className?: string; title?: string }) {
  return (
    <svg
      viewBox="0 0 32 32"
      className={cn("size-8 shrink-0", className)}
      role={title ? "img" : undefined}
      aria-hidden={title ? undefined : true}
      aria-label={title}
    >
      <rect width="32" height="32" rx="8" fill="#2f4fd3" />
      <path
        d="M21.3 10.7A7.5 7.5 0 1 0 21.3 21.3"
        fill="none"
        stroke="#ffffff"
        strokeWidth="3.4"
        strokeLinecap="round"
      />
      <circle cx="20.6" cy="16" r="2.3" fill="#98b3fb" />
    </svg>
  );
}

export interface LogoProps {
  /** Product area after the name, e.g. "Portal" or "Workspace". */
  product?: string;
  /** Colours for a dark background. */
  surface?: "light" | "dark";
  className?: string;
}

export function Logo({ product, surface = "light", className }: LogoProps) {
  return (
    <span className={cn("inline-flex items-center gap-2.5", className)}>
      <LogoMark />
      <span className="flex flex-col leading-none">
        <span
          className={cn(
            "text-base font-semibold tracking-tight",
            surface === "dark" ? "text-white" : "text-ink-900",
          )}
        >
          Carefold
        </span>
        {product ? (
          <span
            className={cn(
              "mt-1 text-2xs font-medium tracking-wide uppercase",
              surface === "dark" ? "text-ink-400" : "text-ink-500",
            )}
          >
            {product}
          </span>
        ) : null}
      </span>
    </span>
  );
}
