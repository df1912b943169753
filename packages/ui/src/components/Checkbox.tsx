import { forwardRef, useId, type InputHTMLAttributes, type ReactNode } from "react";
import { cn } from "../cn.js";

export interface CheckboxProps extends Omit<InputHTMLAttributes<HTMLInputElement>, "type"> {
  label: ReactNode;
  /** One line under the label: what choosing this means. */
  description?: ReactNode;
  /** Draws a bordered card around the choice (lists of roles, confirmations). */
  card?: boolean;
}

/** A native checkbox with its label (and description) as one click target. */
export const Checkbox = forwardRef<HTMLInputElement, CheckboxProps>(function Checkbox(
  { label, description, card, id, className, ...rest },
  ref,
) {
  const autoId = useId();
  const inputId = id ?? autoId;
  return (
    <div
      className={cn(
        "flex items-start gap-3",
        card &&
          "rounded-lg border border-neutral-300 px-3.5 py-3 transition-colors has-[:checked]:border-brand-600 has-[:checked]:bg-brand-50/60",
        className,
      )}
    >
      <input
        ref={ref}
        id={inputId}
        type="checkbox"
        aria-describedby={description != null ? `${inputId}-description` : undefined}
        className="mt-0.5 size-4 shrink-0 cursor-pointer rounded accent-brand-600"
        {...rest}
      />
      <div className="min-w-0 leading-snug">
        <label htmlFor={inputId} className="cursor-pointer text-sm font-medium text-ink-900">
          {label}
        </label>
        {description != null ? (
          <p id={`${inputId}-description`} className="mt-0.5 text-compact text-ink-600">
            {description}
          </p>
        ) : null}
      </div>
    </div>
  );
});
