import { Building2 } from "lucide-react";
import { SelectField } from "@carefold/ui";

/**
 * Which clinics the workspace shows. Until sessions exist there is one choice: every clinic
 * assigned to the coordinator.
 */
export function ClinicSwitcher({ current }: { current: string }) {
  return (
    <div className="flex items-center gap-2.5" data-testid="current-clinic">
      <span className="flex size-8 shrink-0 items-center justify-center rounded-lg bg-brand-50 text-brand-600 ring-1 ring-brand-100 ring-inset">
        <Building2 aria-hidden="true" className="size-4" />
      </span>
      <SelectField
        label="Clinic"
        inlineLabel
        hideLabel
        size="sm"
        defaultValue="all"
        className="w-64"
      >
        <option value="all">{current}</option>
      </SelectField>
    </div>
  );
}
