import { SelectField } from "@carefold/ui";

/** The activity of a time entry, from the API's list (posted as `activity`). */
export function ActivitySelect({
  activities,
  defaultValue,
  size,
}: {
  activities: Record<string, string>;
  defaultValue: string;
  size?: "sm" | "md";
}) {
  return (
    <SelectField label="Activity" name="activity" size={size} defaultValue={defaultValue} required>
      {Object.entries(activities).map(([value, label]) => (
        <option key={value} value={value}>
          {label}
        </option>
      ))}
    </SelectField>
  );
}
