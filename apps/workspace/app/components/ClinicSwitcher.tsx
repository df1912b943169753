import { useFetcher } from "@remix-run/react";
import { Building2 } from "lucide-react";
import { SelectField } from "@carefold/ui";

/**
 * Which clinics the workspace shows: every clinic in the person's scope, or one of them. The
 * choice is remembered (cookie) and the page reloads its data.
 */
export function ClinicSwitcher({
  scope,
  allLabel,
  clinics,
}: {
  scope: string;
  allLabel: string;
  clinics: { id: string; name: string }[];
}) {
  const fetcher = useFetcher();
  const value = (fetcher.formData?.get("clinic") as string | undefined) ?? scope;
  return (
    <fetcher.Form
      method="post"
      action="/scope"
      className="flex items-center gap-2.5"
      data-testid="current-clinic"
    >
      <span className="flex size-8 shrink-0 items-center justify-center rounded-lg bg-brand-50 text-brand-600 ring-1 ring-brand-100 ring-inset">
        <Building2 aria-hidden="true" className="size-4" />
      </span>
      <SelectField
        label="Clinics shown"
        hideLabel
        size="sm"
        name="clinic"
        value={value}
        onChange={(event) => fetcher.submit(event.currentTarget.form)}
        className="w-56 min-[1400px]:w-72"
      >
        <option value="all">{allLabel}</option>
        {clinics.map((clinic) => (
          <option key={clinic.id} value={clinic.id}>
            {clinic.name}
          </option>
        ))}
      </SelectField>
    </fetcher.Form>
  );
}
