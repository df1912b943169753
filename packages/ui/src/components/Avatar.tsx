import { cn } from "../cn.js";

/** Initials in a circle; decorative when a name is shown next to it. */
export function Avatar({
  initials,
  size = "md",
  className,
}: {
  initials: string;
  size?: "sm" | "md";
  className?: string;
}) {
  return (
    <span
      aria-hidden="true"
      className={cn(
        "inline-flex shrink-0 items-center justify-center rounded-full bg-brand-100 font-semibold text-brand-800 ring-2 ring-white",
        size === "sm" ? "size-7 text-2xs" : "size-8 text-xs",
        className,
      )}
    >
      {initials}
    </span>
  );
}
