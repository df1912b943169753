import type { LucideIcon } from "lucide-react";
import { forwardRef, useId, type InputHTMLAttributes, type ReactNode } from "react";
import { cn } from "../cn.js";
import { FieldMessages, fieldMessageIds } from "./FieldMessages.js";

export interface TextFieldProps extends Omit<InputHTMLAttributes<HTMLInputElement>, "size"> {
  /** Every field has a visible label (or, with hideLabel, an accessible one). */
  label: ReactNode;
  hideLabel?: boolean;
  /** Help text under the field. */
  hint?: ReactNode;
  /** What went wrong and how to fix it; marks the field invalid. */
  error?: ReactNode;
  /** Extra element on the label row (e.g. a "Forgot password?" link). */
  labelAside?: ReactNode;
  icon?: LucideIcon;
  size?: "sm" | "md" | "lg";
}

const inputSizes = { sm: "h-8 text-compact", md: "h-9 text-sm", lg: "h-11 text-base" } as const;

export const TextField = forwardRef<HTMLInputElement, TextFieldProps>(function TextField(
  { label, hideLabel, hint, error, labelAside, icon: Icon, size = "md", id, className, ...rest },
  ref,
) {
  const autoId = useId();
  const inputId = id ?? autoId;
  const { describedBy } = fieldMessageIds(inputId, hint, error);

  return (
    <div className={className}>
      <div
        className={cn("mb-1.5 flex items-baseline justify-between gap-2", hideLabel && "sr-only")}
      >
        <label htmlFor={inputId} className="text-compact font-medium text-ink-800">
          {label}
        </label>
        {labelAside}
      </div>
      <div className="relative">
        {Icon ? (
          <Icon
            aria-hidden="true"
            className="pointer-events-none absolute top-1/2 left-3 size-4 -translate-y-1/2 text-ink-400"
          />
        ) : null}
        <input
          ref={ref}
          id={inputId}
          aria-invalid={error != null ? true : undefined}
          aria-describedby={describedBy}
          className={cn(
            "block w-full rounded-md border bg-white px-3 text-ink-900 shadow-xs transition-colors placeholder:text-ink-400",
            "focus-visible:border-brand-600 focus-visible:outline-2 focus-visible:outline-offset-0 focus-visible:outline-brand-600/30",
            "disabled:cursor-not-allowed disabled:bg-neutral-100 disabled:text-ink-500",
            error != null ? "border-danger-600" : "border-neutral-400 hover:border-neutral-500",
            Icon && "pl-9",
            inputSizes[size],
          )}
          {...rest}
        />
      </div>
      <FieldMessages fieldId={inputId} hint={hint} error={error} />
    </div>
  );
});
