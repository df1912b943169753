import type { ReactNode } from "react";

/** Ids of a field's error and hint, and the `aria-describedby` that names them (error first). */
export function fieldMessageIds(fieldId: string, hint: ReactNode, error: ReactNode) {
  const hintId = hint != null ? `${fieldId}-hint` : undefined;
  const errorId = error != null ? `${fieldId}-error` : undefined;
  return { hintId, errorId, describedBy: [errorId, hintId].filter(Boolean).join(" ") || undefined };
}

/** What went wrong (and how to fix it) and the help text, under a field. */
export function FieldMessages({
  fieldId,
  hint,
  error,
}: {
  fieldId: string;
  hint?: ReactNode;
  error?: ReactNode;
}) {
  const { hintId, errorId } = fieldMessageIds(fieldId, hint, error);
  return (
    <>
      {error != null ? (
        <p id={errorId} className="mt-1.5 text-compact text-danger-700">
          {error}
        </p>
      ) : null}
      {hint != null ? (
        <p id={hintId} className="mt-1.5 text-xs text-ink-500">
          {hint}
        </p>
      ) : null}
    </>
  );
}
