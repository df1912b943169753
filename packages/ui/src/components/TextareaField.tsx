import { forwardRef, useId, type ReactNode, type TextareaHTMLAttributes } from "react";
import { cn } from "../cn.js";
import { FieldMessages, fieldMessageIds } from "./FieldMessages.js";

export interface TextareaFieldProps extends TextareaHTMLAttributes<HTMLTextAreaElement> {
  /** Every field has a visible label (or, with hideLabel, an accessible one). */
  label: ReactNode;
  hideLabel?: boolean;
  /** Help text under the field. */
  hint?: ReactNode;
  /** What went wrong and how to fix it; marks the field invalid. */
  error?: ReactNode;
  /** Smaller type for the dense workspace. */
  dense?: boolean;
}

/** A multi-line text field with its label, hint and error, styled like `TextField`. */
export const TextareaField = forwardRef<HTMLTextAreaElement, TextareaFieldProps>(
  function TextareaField(
    { label, hideLabel, hint, error, dense, id, className, rows = 3, ...rest },
    ref,
  ) {
    const autoId = useId();
    const inputId = id ?? autoId;
    const { describedBy } = fieldMessageIds(inputId, hint, error);
    return (
      <div className={className}>
        <label
          htmlFor={inputId}
          className={cn(
            "mb-1.5 block text-compact font-medium text-ink-800",
            hideLabel && "sr-only",
          )}
        >
          {label}
        </label>
        <textarea
          ref={ref}
          id={inputId}
          rows={rows}
          aria-invalid={error != null ? true : undefined}
          aria-describedby={describedBy}
          className={cn(
            "block w-full rounded-md border bg-white px-3 py-2 text-ink-900 shadow-xs transition-colors placeholder:text-ink-400",
            "focus-visible:border-brand-600 focus-visible:outline-2 focus-visible:outline-offset-0 focus-visible:outline-brand-600/30",
            "disabled:cursor-not-allowed disabled:bg-neutral-100 disabled:text-ink-500",
            error != null ? "border-danger-600" : "border-neutral-400 hover:border-neutral-500",
            dense ? "text-compact" : "text-sm",
          )}
          {...rest}
        />
        <FieldMessages fieldId={inputId} hint={hint} error={error} />
      </div>
    );
  },
);
