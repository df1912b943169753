import { Link } from "@remix-run/react";
import { ArrowLeft } from "lucide-react";
import { PageHeader } from "@carefold/ui";

/** Header of a clinic's settings page in the admin area: back to Clinics, "<title> · <clinic>". */
export function ClinicSettingsHeader({
  title,
  clinicName,
  description,
}: {
  title: string;
  clinicName: string;
  description: string;
}) {
  return (
    <>
      <Link
        to="/admin/clinics"
        className="inline-flex items-center gap-1 text-xs font-medium text-ink-600 hover:text-ink-900"
      >
        <ArrowLeft aria-hidden="true" className="size-3.5" />
        Clinics
      </Link>
      <PageHeader
        compact
        eyebrow="Admin"
        title={`${title} · ${clinicName}`}
        description={description}
      />
    </>
  );
}
