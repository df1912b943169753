// A button that downloads a stored document through a short-lived link (the route's action
// answers intent "download" with a redirect to the presigned URL; the download is audited).
import { useFetcher } from "@remix-run/react";
import { Download, type LucideIcon } from "lucide-react";
import { Button, Spinner, type ButtonVariant } from "@carefold/ui";

export function DocumentDownload({
  documentId,
  action,
  label = "Download",
  accessibleLabel,
  intent = "download",
  fields,
  variant = "secondary",
  size = "sm",
  icon = Download,
}: {
  /** The document; omit when the action makes it first (e.g. a fresh care-plan PDF). */
  documentId?: string;
  action?: string;
  label?: string;
  accessibleLabel?: string;
  intent?: string;
  /** More hidden fields for the action. */
  fields?: Record<string, string>;
  variant?: ButtonVariant;
  size?: "sm" | "md";
  icon?: LucideIcon;
}) {
  const fetcher = useFetcher<{ message?: string | null }>({
    key: `download-${intent}-${documentId ?? Object.values(fields ?? {}).join("-")}`,
  });
  const busy = fetcher.state === "submitting";
  const error = fetcher.state === "idle" ? fetcher.data?.message : null;
  return (
    <fetcher.Form method="post" action={action} className="inline-flex flex-col items-start">
      <input type="hidden" name="intent" value={intent} />
      {documentId ? <input type="hidden" name="documentId" value={documentId} /> : null}
      {Object.entries(fields ?? {}).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <Button
        type="submit"
        variant={variant}
        size={size}
        icon={busy ? undefined : icon}
        disabled={busy}
        aria-label={accessibleLabel}
      >
        {busy ? <Spinner /> : null}
        {busy ? "Preparing…" : label}
      </Button>
      {error ? (
        <span role="alert" className="mt-1 text-xs text-danger-700">
          {error}
        </span>
      ) : null}
    </fetcher.Form>
  );
}
