import { X } from "lucide-react";
import { useEffect, useId, useRef, type ReactNode } from "react";
import { cn } from "../cn.js";

export interface DialogProps {
  open: boolean;
  /** Called on Escape, on the close button and on a click outside. */
  onClose: () => void;
  title: ReactNode;
  description?: ReactNode;
  children?: ReactNode;
  footer?: ReactNode;
  size?: "sm" | "md" | "lg";
  className?: string;
}

const widths = { sm: "max-w-sm", md: "max-w-lg", lg: "max-w-2xl" } as const;

/**
 * A modal dialog on the native <dialog> element: the browser traps focus, makes the rest of the
 * page inert, closes on Escape and returns focus to the opener.
 */
export function Dialog({
  open,
  onClose,
  title,
  description,
  children,
  footer,
  size = "md",
  className,
}: DialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const id = useId();

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);

  return (
    <dialog
      ref={ref}
      aria-labelledby={`${id}-title`}
      aria-describedby={description != null ? `${id}-description` : undefined}
      onClose={onClose}
      onClick={(event) => {
        if (event.target === event.currentTarget) onClose();
      }}
      className={cn(
        // Header and footer stay in view; a long body scrolls between them.
        "m-auto max-h-[calc(100dvh-2rem)] w-[calc(100%-2rem)] rounded-xl border border-neutral-200 bg-white p-0 text-ink-800 shadow-lg open:flex open:flex-col",
        widths[size],
        className,
      )}
    >
      <div className="flex shrink-0 items-start justify-between gap-4 border-b border-neutral-200 px-5 py-4">
        <div>
          <h2 id={`${id}-title`} className="text-base font-semibold text-ink-900">
            {title}
          </h2>
          {description != null ? (
            <p id={`${id}-description`} className="mt-0.5 text-compact text-ink-600">
              {description}
            </p>
          ) : null}
        </div>
        <button
          type="button"
          onClick={onClose}
          aria-label="Close"
          className="-m-1 rounded-md p-1 text-ink-500 transition-colors hover:bg-neutral-100 hover:text-ink-900"
        >
          <X aria-hidden="true" className="size-4.5" />
        </button>
      </div>
      <div className="min-h-0 overflow-y-auto px-5 py-4">{children}</div>
      {footer != null ? (
        <div className="flex shrink-0 justify-end gap-2 border-t border-neutral-200 bg-neutral-50 px-5 py-3">
          {footer}
        </div>
      ) : null}
    </dialog>
  );
}
