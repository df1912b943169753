import { useFetcher } from "@remix-run/react";
import { Save, X } from "lucide-react";
import { useEffect, useRef, useState } from "react";
import { Button, Notice, TextField } from "@carefold/ui";
import type { action as timerAction } from "../../routes/api.timer";
import type { NoteLabels } from "../patients/PatientTimeline";
import { ActivitySelect } from "./ActivitySelect";
import { NoteFields } from "./NoteFields";
import { reviewSentence } from "./review-flags";
import {
  formatClock,
  measuredMinutes,
  newRequestId,
  type TimerView,
  type TimersNow,
} from "./timer-state";

/**
 * Stops a (paused) timer and saves its measured time as an entry: activity, the minutes claimed
 * (prefilled with the measured minutes, floored — never rounded up) and a structured note. One
 * client request id per form: a double click or a retry never logs the time twice.
 */
export function SaveTimeForm({
  timer,
  activities,
  noteLabels,
  onSaved,
  onDiscard,
}: {
  timer: TimerView;
  activities: Record<string, string>;
  noteLabels: NoteLabels;
  onSaved: (message: string, current: TimersNow | null) => void;
  onDiscard: () => void;
}) {
  const [clientRequestId] = useState(newRequestId);
  const save = useFetcher<typeof timerAction>({ key: `stop-timer-${clientRequestId}` });
  const submitting = useRef(false);
  const result = save.data;
  const isBusy = save.state !== "idle";
  const measuredMs = timer.elapsedSeconds * 1000;

  useEffect(() => {
    if (save.state !== "idle") return;
    submitting.current = false;
    if (!result?.ok || result.clientRequestId !== clientRequestId) return;
    const entry = result.entry;
    onSaved(
      entry
        ? `${entry.isDuplicate ? "Already saved" : "Saved"}: ${entry.claimedMinutes} min for ${timer.patientName} (measured ${formatClock(entry.durationSeconds * 1000)}).` +
            reviewSentence(entry.reviewFlags)
        : `Nothing was measured for ${timer.patientName}, so nothing was saved.`,
      result.current,
    );
  }, [save.state, result, clientRequestId, timer.patientName, onSaved]);

  const error = result && !result.ok && result.clientRequestId === clientRequestId ? result : null;
  return (
    <save.Form
      method="post"
      action="/api/timer"
      className="space-y-2.5"
      aria-label="Log this time"
      onSubmit={(event) => {
        // A double click submits once; a retry after an error reuses the same request id.
        if (submitting.current) event.preventDefault();
        else submitting.current = true;
      }}
    >
      <input type="hidden" name="intent" value="stop" />
      <input type="hidden" name="timerId" value={timer.timerId} />
      <input type="hidden" name="clientRequestId" value={clientRequestId} />
      {error?.message ? (
        <Notice tone="danger" live>
          {error.message}
        </Notice>
      ) : null}
      <ActivitySelect activities={activities} defaultValue="patient_call" size="sm" />
      <TextField
        label="Minutes"
        name="claimedMinutes"
        type="number"
        inputMode="numeric"
        min={0}
        max={600}
        required
        size="sm"
        defaultValue={measuredMinutes(measuredMs)}
        error={error?.fieldErrors.claimedMinutes}
        hint={`Measured ${formatClock(measuredMs)}. More than measured goes to supervisor review; the measured time is what counts.`}
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
