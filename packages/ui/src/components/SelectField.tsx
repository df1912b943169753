import { ChevronDown } from "lucide-react";
import { forwardRef, useId, type ReactNode, type SelectHTMLAttributes } from "react";
import { cn } from "../cn.js";
import { FieldMessages, fieldMessageIds } from "./FieldMessages.js";

export interface SelectFieldProps extends Omit<SelectHTMLAttributes<HTMLSelectElement>, "size"> {
  label: ReactNode;
  hideLabel?: boolean;
  /** Label beside the control instead of above it (toolbars). */
  inlineLabel?: boolean;
  size?: "sm" | "md";
  /** Styles for a dark surface (the workspace top bar). */
  surface?: "light" | "dark";
  /** Help text under the field. */
  hint?: ReactNode;
  /** What went wrong and how to fix it; marks the field invalid. */
  error?: ReactNode;
}

/** A native select: keyboard and screen-reader behaviour come from the platform. */
export const SelectField = forwardRef<HTMLSelectElement, SelectFieldProps>(function SelectField(
  {
    label,
    hideLabel,
    inlineLabel,
    size = "md",
    surface = "light",
    hint,
    error,
    id,
    className,
    children,
    ...rest
  },
  ref,
) {
  const autoId = useId();
  const selectId = id ?? autoId;
  const { describedBy } = fieldMessageIds(selectId, hint, error);
  return (
    <div className={cn(inlineLabel && "flex items-center gap-2", className)}>
      <label
        htmlFor={selectId}
        className={cn(
          "text-compact font-medium",
          surface === "dark" ? "text-ink-400" : "text-ink-700",
          hideLabel ? "sr-only" : inlineLabel ? "whitespace-nowrap" : "mb-1.5 block",
        )}
      >
        {label}
      </label>
      <div className="relative">
        <select
          ref={ref}
          id={selectId}
          aria-invalid={error != null ? true : undefined}
          aria-describedby={describedBy}
          className={cn(
            "block w-full cursor-pointer appearance-none rounded-md border pr-8 pl-3 font-medium shadow-xs transition-colors",
            size === "sm" ? "h-8 text-compact" : "h-9 text-sm",
            surface === "dark"
              ? "border-ink-700 bg-ink-900 text-white hover:border-ink-600"
              : error != null
                ? "border-danger-600 bg-white text-ink-900"
                : "border-neutral-400 bg-white text-ink-900 hover:border-neutral-500",
          )}
          {...rest}
        >
          {children}
        </select>
        <ChevronDown
          aria-hidden="true"
          className={cn(
            "pointer-events-none absolute top-1/2 right-2.5 size-4 -translate-y-1/2",
            surface === "dark" ? "text-ink-400" : "text-ink-500",
          )}
        />
      </div>
      <FieldMessages fieldId={selectId} hint={hint} error={error} />
    </div>
  );
});
