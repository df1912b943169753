import { useFetcher } from "@remix-run/react";
import { Save, X } from "lucide-react";
import { useEffect, useRef } from "react";
import { Button, Notice, SelectField, TextField } from "@carefold/ui";
import type { action as timeAction } from "../../routes/api.time";
import type { NoteLabels } from "../patients/PatientTimeline";
import { NoteFields } from "./NoteFields";
import { reviewSentence } from "./review-flags";
import { formatClock, measuredMinutes, type TimerState } from "./timer-state";

/**
 * Saves a stopped timer as a time entry (activity, minutes, a structured note) through /api/time,
 * with the timer's client request id: a double click or a retry never logs the time twice. The
 * minutes start at the measured whole minutes, floored — never rounded up.
 */
export function SaveTimeForm({
  timer,
  activities,
  noteLabels,
  onSaved,
  onDiscard,
}: {
  timer: TimerState;
  activities: Record<string, string>;
  noteLabels: NoteLabels;
  onSaved: (message: string) => void;
  onDiscard: () => void;
}) {
  const save = useFetcher<typeof timeAction>({ key: `log-time-${timer.patientId}` });
  const submitting = useRef(false);
  const result = save.data;
  const isBusy = save.state !== "idle";

  useEffect(() => {
    if (save.state !== "idle") return;
    submitting.current = false;
    if (!result?.ok || result.clientRequestId !== timer.clientRequestId) return;
    onSaved(
      `${result.isDuplicate ? "Already saved" : "Saved"}: ${result.minutes} min for ${timer.patientName}.` +
        reviewSentence(result.reviewFlags),
    );
  }, [save.state, result, timer.clientRequestId, timer.patientName, onSaved]);

  if (!timer.clientRequestId) return null;
  const error = result && !result.ok && timer.clientRequestId === result.clientRequestId ? result : null;
  return (
    <save.Form
      method="post"
      action="/api/time"
      className="space-y-2.5"
      aria-label="Log this time"
      onSubmit={(event) => {
        // A double click submits once; a retry after an error reuses the same request id.
        if (submitting.current) event.preventDefault();
        else submitting.current = true;
      }}
    >
      <input type="hidden" name="patientId" value={timer.patientId} />
      <input type="hidden" name="clientRequestId" value={timer.clientRequestId} />
      <input type="hidden" name="source" value="timer" />
      <input type="hidden" name="startedAt" value={timer.startedAt} />
      {error?.message ? (
        <Notice tone="danger" live>
          {error.message}
        </Notice>
      ) : null}
      <SelectField label="Activity" name="activity" size="sm" defaultValue="patient_call" required>
        {Object.entries(activities).map(([value, label]) => (
          <option key={value} value={value}>
            {label}
          </option>
        ))}
      </SelectField>
      <TextField
        label="Minutes"
        name="minutes"
        type="number"
        inputMode="numeric"
        min={0}
        max={600}
        required
        size="sm"
        defaultValue={measuredMinutes(timer.accumulatedMs)}
        error={error?.fieldErrors.minutes}
        hint={`Measured ${formatClock(timer.accumulatedMs)}. More than measured goes to supervisor review.`}
      />
      <NoteFields labels={noteLabels} compact error={error?.fieldErrors["interaction.body"]} />
      <div className="flex gap-2">
        <Button type="submit" size="sm" icon={Save} fullWidth disabled={isBusy}>
          {isBusy ? "Saving…" : "Save time"}
        </Button>
        <Button type="button" variant="ghost" size="sm" icon={X} disabled={isBusy} onClick={onDiscard}>
          Discard
        </Button>
      </div>
    </save.Form>
  );
}
