import { SelectField, TextareaField } from "@carefold/ui";
import type { NoteLabels } from "../patients/PatientTimeline";

/**
 * The fields of a structured interaction note: who, how, what came of it, topics and the text.
 * Posted as contactWith / channel / outcome / topic (repeated) / note; `readNoteFields` reads them.
 * `compact` (the timer's rail) leaves out the topics.
 */
export function NoteFields({
  labels,
  compact,
  error,
}: {
  labels: NoteLabels;
  compact?: boolean;
  error?: string;
}) {
  const size = compact ? "sm" : "md";
  const choose = (options: Record<string, string>) => [
    <option key="" value="">
      —
    </option>,
    ...Object.entries(options).map(([value, label]) => (
      <option key={value} value={value}>
        {label}
      </option>
    )),
  ];
  return (
    <>
      <div className={compact ? "grid grid-cols-2 gap-2" : "grid gap-3 sm:grid-cols-3"}>
        <SelectField label="Contact with" name="contactWith" size={size} defaultValue="">
          {choose(labels.contacts)}
        </SelectField>
        {compact ? null : (
          <SelectField label="How" name="channel" size={size} defaultValue="">
            {choose(labels.channels)}
          </SelectField>
        )}
        <SelectField label="Outcome" name="outcome" size={size} defaultValue="">
          {choose(labels.outcomes)}
        </SelectField>
      </div>
      {compact ? null : (
        <fieldset>
          <legend className="text-sm font-medium text-ink-900">Topics</legend>
          <div className="mt-1.5 flex flex-wrap gap-x-4 gap-y-1.5">
            {Object.entries(labels.topics).map(([value, label]) => (
              <label
                key={value}
                className="inline-flex items-center gap-1.5 text-compact text-ink-800"
              >
                <input
                  type="checkbox"
                  name="topic"
                  value={value}
                  className="size-4 accent-brand-600"
                />
                {label}
              </label>
            ))}
          </div>
        </fieldset>
      )}
      <TextareaField
        label="Note"
        name="note"
        rows={compact ? 2 : 4}
        dense={compact}
        maxLength={8000}
        error={error}
      />
    </>
  );
}
