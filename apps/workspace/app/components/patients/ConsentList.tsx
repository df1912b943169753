// Consents on file for a program, with their evidence.
import { FileCheck2, Mic } from "lucide-react";
import type { ReactNode } from "react";
import { Badge } from "@carefold/ui";
import { DocumentDownload } from "./DocumentDownload";
import { formatDate } from "./labels";
import type { Enrollment } from "./types";

type Consent = Enrollment["consents"][number];

export function ConsentList({
  consents,
  action,
  actions,
  dense,
}: {
  consents: Consent[];
  /** The route whose action answers intent "download". */
  action?: string;
  /** Extra controls per consent (the workspace's "Revoke"). */
  actions?: (consent: Consent) => ReactNode;
  dense?: boolean;
}) {
  if (consents.length === 0) {
    return (
      <p className="text-compact text-ink-500">
        No consent on file. The care team records it — verbal or a signed form — before enrolling.
      </p>
    );
  }
  return (
    <ul className="space-y-3">
      {consents.map((consent) => {
        const isWritten = consent.method === "written";
        const Icon = isWritten ? FileCheck2 : Mic;
        return (
          <li
            key={consent.id}
            className="rounded-lg border border-neutral-200 px-3.5 py-3"
            data-testid="consent"
          >
            <div className="flex flex-wrap items-start justify-between gap-2">
              <div className="flex min-w-0 items-start gap-2.5">
                <span className="mt-0.5 flex size-7 shrink-0 items-center justify-center rounded-md bg-neutral-100 text-ink-600">
                  <Icon aria-hidden="true" className="size-4" />
                </span>
                <div className="min-w-0">
                  <p
                    className={
                      dense
                        ? "text-compact font-medium text-ink-900"
                        : "text-sm font-medium text-ink-900"
                    }
                  >
                    {isWritten ? "Written consent (signed form)" : "Verbal consent"} on{" "}
                    {formatDate(consent.obtainedOn)}
                  </p>
                  <p className="mt-0.5 text-xs text-ink-600">
                    Obtained by {consent.obtainedByName}. All four required disclosures confirmed.
                  </p>
                </div>
              </div>
              {consent.revokedOn ? (
                <Badge tone="neutral">Revoked</Badge>
              ) : (
                <Badge tone="success">On file</Badge>
              )}
            </div>
            {consent.revokedOn ? (
              <p className="mt-2 text-xs text-ink-700">
                Revoked on {formatDate(consent.revokedOn)}; the program ends on{" "}
                {formatDate(consent.revocationEffectiveOn)} (end of that month).
              </p>
            ) : null}
            <div className="mt-2.5 flex flex-wrap items-center gap-2">
              {consent.evidenceDocumentId ? (
                <DocumentDownload
                  documentId={consent.evidenceDocumentId}
                  action={action}
                  label="Download signed form"
                />
              ) : (
                <span className="text-xs text-ink-500">
                  {isWritten ? "No form attached." : "Verbal: no form needed."}
                </span>
              )}
              {actions?.(consent)}
            </div>
          </li>
        );
      })}
    </ul>
  );
}
