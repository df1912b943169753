// The MBI, masked until someone deliberately asks to see it (the reveal is audited).
import { useFetcher } from "@remix-run/react";
import { Eye, EyeOff } from "lucide-react";
import { useState } from "react";
import { Button, Spinner, cn } from "@carefold/ui";

/** "1EG4TE5MK73" → "1EG4-TE5-MK73", the way it is printed on the Medicare card. */
export const formatMbi = (mbi: string) =>
  mbi.length === 11 ? `${mbi.slice(0, 4)}-${mbi.slice(4, 7)}-${mbi.slice(7)}` : mbi;

export function MbiReveal({
  patientId,
  masked,
  hasMbi,
  action,
  dense,
}: {
  patientId: string;
  masked: string | null;
  hasMbi: boolean;
  /** The route whose action answers intent "reveal-mbi" with `{ mbi }`. */
  action: string;
  dense?: boolean;
}) {
  const fetcher = useFetcher<{ mbi?: string | null; message?: string | null }>({
    key: `mbi-${patientId}`,
  });
  const [hidden, setHidden] = useState(false);
  const mbi = fetcher.data?.mbi ?? null;
  const error = fetcher.data && !("mbi" in fetcher.data) ? fetcher.data.message : null;
  const shown = mbi !== null && !hidden && fetcher.state === "idle";

  if (!hasMbi) return <span className="text-ink-500">No MBI on file</span>;
  return (
    <div>
      <div className="flex flex-wrap items-center gap-2">
        <span
          className={cn("font-mono font-medium text-ink-900", dense ? "text-compact" : "text-sm")}
          data-testid="mbi"
        >
          {shown ? (
            formatMbi(mbi)
          ) : (
            <>
              <span aria-hidden="true">{masked}</span>
              <span className="sr-only">Hidden, ending {masked?.slice(-4)}</span>
            </>
          )}
        </span>
        {shown ? (
          <Button variant="ghost" size="sm" icon={EyeOff} onClick={() => setHidden(true)}>
            Hide
          </Button>
        ) : (
          <fetcher.Form method="post" action={action} onSubmit={() => setHidden(false)}>
            <input type="hidden" name="intent" value="reveal-mbi" />
            <Button
              type="submit"
              variant="ghost"
              size="sm"
              icon={fetcher.state === "idle" ? Eye : undefined}
              disabled={fetcher.state !== "idle"}
            >
              {fetcher.state !== "idle" ? <Spinner /> : null}
              Show full MBI
            </Button>
          </fetcher.Form>
        )}
      </div>
      <p className="mt-0.5 text-2xs text-ink-500" aria-live="polite">
        {error ??
          (shown
            ? "Shown to you now; this view is in the audit log."
            : "Showing it is recorded in the audit log.")}
      </p>
    </div>
  );
}
