import { cn } from "../cn.js";

/** First focusable element of every page: jumps past the navigation to the main content. */
export function SkipLink({
  href = "#main",
  label = "Skip to main content",
  className,
}: {
  href?: string;
  label?: string;
  className?: string;
}) {
  return (
    <a
      href={href}
      className={cn(
        "sr-only focus:not-sr-only focus:fixed focus:top-3 focus:left-3 focus:z-50 focus:rounded-md focus:bg-white focus:px-4 focus:py-2",
        "focus:text-sm focus:font-semibold focus:text-brand-700 focus:shadow-lg",
        className,
      )}
    >
      {label}
    </a>
  );
}
