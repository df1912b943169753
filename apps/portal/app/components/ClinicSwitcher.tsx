import { useFetcher } from "@remix-run/react";
import { Building2 } from "lucide-react";
import { SelectField } from "@carefold/ui";

/** For people who belong to several clinics: which one they are working in (always visible). */
export function ClinicSwitcher({
  current,
  clinics,
}: {
  current: string;
  clinics: { id: string; name: string }[];
}) {
  const fetcher = useFetcher();
  const value = (fetcher.formData?.get("tenantId") as string | undefined) ?? current;
  return (
    <fetcher.Form
      method="post"
      action="/account/switch-clinic"
      className="flex items-center gap-3"
      data-testid="current-clinic"
    >
      <span className="flex size-9 shrink-0 items-center justify-center rounded-lg bg-brand-50 text-brand-600 ring-1 ring-brand-100 ring-inset">
        <Building2 aria-hidden="true" className="size-4.5" />
      </span>
      <SelectField
        label="Clinic"
        hideLabel
        name="tenantId"
        value={value}
        onChange={(event) => fetcher.submit(event.currentTarget.form)}
        className="w-72"
      >
        {clinics.map((clinic) => (
          <option key={clinic.id} value={clinic.id}>
            {clinic.name}
          </option>
        ))}
      </SelectField>
    </fetcher.Form>
  );
}
