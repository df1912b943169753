import { useId, type ReactNode } from "react";
import { cn } from "../cn.js";

export interface RadioOption {
  value: string;
  label: ReactNode;
  /** One line under the label: what choosing this means. */
  description?: ReactNode;
}

export interface RadioGroupProps {
  /** The question, as the fieldset's legend. */
  legend: ReactNode;
  name: string;
  options: RadioOption[];
  value?: string;
  defaultValue?: string;
  onChange?: (value: string) => void;
  /** Options side by side as bordered cards. */
  cards?: boolean;
  error?: ReactNode;
  className?: string;
}

/** Native radio buttons in a fieldset: arrow keys and screen readers work as the platform does. */
export function RadioGroup({
  legend,
  name,
  options,
  value,
  defaultValue,
  onChange,
  cards,
  error,
  className,
}: RadioGroupProps) {
  const id = useId();
  return (
    <fieldset className={className} aria-describedby={error != null ? `${id}-error` : undefined}>
      <legend className="mb-1.5 text-compact font-medium text-ink-800">{legend}</legend>
      <div className={cn(cards ? "grid gap-2 sm:grid-cols-2" : "space-y-2")}>
        {options.map((option) => {
          const optionId = `${id}-${option.value}`;
          return (
            <div
              key={option.value}
              className={cn(
                "flex items-start gap-2.5",
                cards &&
                  "rounded-lg border border-neutral-300 px-3.5 py-3 transition-colors has-[:checked]:border-brand-600 has-[:checked]:bg-brand-50/60",
              )}
            >
              <input
                id={optionId}
                type="radio"
                name={name}
                value={option.value}
                checked={value === undefined ? undefined : value === option.value}
                defaultChecked={
                  defaultValue === undefined ? undefined : defaultValue === option.value
                }
                onChange={(event) => {
                  if (event.currentTarget.checked) onChange?.(option.value);
                }}
                aria-describedby={option.description != null ? `${optionId}-d` : undefined}
                className="mt-0.5 size-4 shrink-0 cursor-pointer accent-brand-600"
              />
              <div className="min-w-0 leading-snug">
                <label
                  htmlFor={optionId}
                  className="cursor-pointer text-sm font-medium text-ink-900"
                >
                  {option.label}
                </label>
                {option.description != null ? (
                  <p id={`${optionId}-d`} className="mt-0.5 text-compact text-ink-600">
                    {option.description}
                  </p>
                ) : null}
              </div>
            </div>
          );
        })}
      </div>
      {error != null ? (
        <p id={`${id}-error`} className="mt-1.5 text-compact text-danger-700">
          {error}
        </p>
      ) : null}
    </fieldset>
  );
}
