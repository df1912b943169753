import { Upload } from "lucide-react";
import { forwardRef, useId, useState, type InputHTMLAttributes, type ReactNode } from "react";
import { cn } from "../cn.js";
import { FieldMessages, fieldMessageIds } from "./FieldMessages.js";

export interface FileFieldProps extends Omit<InputHTMLAttributes<HTMLInputElement>, "type"> {
  label: ReactNode;
  /** What to choose ("A .csv file exported from your EHR, up to 50 MB"). */
  hint?: ReactNode;
  error?: ReactNode;
}

/**
 * A native file input in a drop-zone style box: the browser's own control stays (keyboard, screen
 * readers, drag and drop onto it), and the chosen file's name is shown in words.
 */
export const FileField = forwardRef<HTMLInputElement, FileFieldProps>(function FileField(
  { label, hint, error, id, className, onChange, ...rest },
  ref,
) {
  const autoId = useId();
  const inputId = id ?? autoId;
  const { describedBy } = fieldMessageIds(inputId, hint, error);
  const [chosen, setChosen] = useState<string | null>(null);
  return (
    <div className={className}>
      <label htmlFor={inputId} className="mb-1.5 block text-compact font-medium text-ink-800">
        {label}
      </label>
      <div
        className={cn(
          "relative flex items-center gap-3 rounded-lg border border-dashed bg-neutral-25 px-4 py-3 transition-colors",
          "focus-within:border-brand-600 focus-within:bg-brand-50/40 hover:border-neutral-500",
          error != null ? "border-danger-600" : "border-neutral-400",
        )}
      >
        <span className="flex size-9 shrink-0 items-center justify-center rounded-lg bg-white text-brand-600 ring-1 ring-neutral-200">
          <Upload aria-hidden="true" className="size-4" />
        </span>
        <input
          ref={ref}
          id={inputId}
          type="file"
          aria-invalid={error != null ? true : undefined}
          aria-describedby={describedBy}
          onChange={(event) => {
            setChosen(event.currentTarget.files?.[0]?.name ?? null);
            onChange?.(event);
          }}
          className={cn(
            "min-w-0 flex-1 cursor-pointer text-compact text-ink-700",
            "file:mr-3 file:cursor-pointer file:rounded-md file:border file:border-neutral-300 file:bg-white file:px-3 file:py-1.5 file:text-compact file:font-semibold file:text-ink-800 file:shadow-xs hover:file:bg-neutral-50",
          )}
          {...rest}
        />
        {chosen ? <span className="sr-only" aria-live="polite">{`Chosen: ${chosen}`}</span> : null}
      </div>
      <FieldMessages fieldId={inputId} hint={hint} error={error} />
    </div>
  );
});
