import { useFetcher } from "@remix-run/react";
import { ClockPlus, Save } from "lucide-react";
import { useEffect, useRef, useState } from "react";
import { Button, Dialog, Notice, TextField } from "@carefold/ui";
import type { action as manualAction } from "../../routes/api.time-manual";
import type { NoteLabels } from "../patients/PatientTimeline";
import { ActivitySelect } from "./ActivitySelect";
import { NoteFields } from "./NoteFields";
import { reviewSentence } from "./review-flags";
import { newRequestId } from "./timer-state";
import { daysBetween } from "./dates";

/**
 * Time logged by hand (issue 14, item 4): work done away from the timer, or a day the timer was
 * forgotten. Date and start time are the clinic's (the server turns them into an instant); the
 * duration is what the coordinator claims.
 * It carries no measurement, so the supervisor review shows it as claimed, and a back-dated or
 * long entry waits for review — the answer says which and why.
 */
export function ManualEntryButton({
  patient,
  timeZone,
  today,
  activities,
  noteLabels,
  size = "sm",
  fullWidth,
}: {
  patient: { id: string; name: string };
  timeZone: string;
  today: string;
  activities: Record<string, string>;
  noteLabels: NoteLabels;
  size?: "sm" | "md";
  fullWidth?: boolean;
}) {
  const [open, setOpen] = useState(false);
  const [formKey, setFormKey] = useState(0);
  const [saved, setSaved] = useState<string | null>(null);
  return (
    <>
      <Button
        variant="ghost"
        size={size}
        icon={ClockPlus}
        fullWidth={fullWidth}
        onClick={() => {
          setSaved(null);
          setFormKey((k) => k + 1);
          setOpen(true);
        }}
      >
        Add time manually
      </Button>
      {saved ? (
        <Notice tone="success" live className="mt-2">
          {saved}
        </Notice>
      ) : null}
      <Dialog
        open={open}
        onClose={() => setOpen(false)}
        title={`Add time for ${patient.name}`}
        description={`Times are the clinic's (${timeZone.replace(/_/g, " ")}).`}
      >
        <ManualEntryForm
          key={formKey}
          patientId={patient.id}
          patientName={patient.name}
          today={today}
          activities={activities}
          noteLabels={noteLabels}
          onSaved={(message) => {
            setSaved(message);
            setOpen(false);
          }}
        />
      </Dialog>
    </>
  );
}

function ManualEntryForm({
  patientId,
  patientName,
  today,
  activities,
  noteLabels,
  onSaved,
}: {
  patientId: string;
  patientName: string;
  today: string;
  activities: Record<string, string>;
  noteLabels: NoteLabels;
  onSaved: (message: string) => void;
}) {
  // One request id per form: a double click or a retry after an error never logs the time twice.
  const [clientRequestId] = useState(newRequestId);
  const save = useFetcher<typeof manualAction>({ key: `manual-time-${clientRequestId}` });
  const submitting = useRef(false);
  const [date, setDate] = useState(today);
  const result = save.data;
  const error = result && !result.ok ? result : null;
  const isBackdated = date < today;
  const isFuture = date > today;

  useEffect(() => {
    if (save.state !== "idle") return;
    submitting.current = false;
    if (!result?.ok || result.clientRequestId !== clientRequestId) return;
    onSaved(
      `${result.isDuplicate ? "Already saved" : "Saved"}: ${result.claimedMinutes} min for ${patientName} on ${date}.` +
        reviewSentence(result.reviewFlags),
    );
  }, [save.state, result, clientRequestId, patientName, date, onSaved]);

  return (
    <save.Form
      method="post"
      action="/api/time-manual"
      className="space-y-3"
      aria-label="Add time manually"
      onSubmit={(event) => {
        if (submitting.current || isFuture) event.preventDefault();
        else submitting.current = true;
      }}
    >
      <input type="hidden" name="patientId" value={patientId} />
      <input type="hidden" name="clientRequestId" value={clientRequestId} />
      {error?.message ? (
        <Notice tone="danger" live>
          {error.message}
        </Notice>
      ) : null}
      <div className="grid gap-3 sm:grid-cols-3">
        <TextField
          label="Date"
          name="date"
          type="date"
          required
          max={today}
          value={date}
          onChange={(event) => setDate(event.target.value)}
          error={error?.fieldErrors.date ?? (isFuture ? "That is still to come." : undefined)}
        />
        <TextField
          label="Start time"
          name="startTime"
          type="time"
          required
          error={error?.fieldErrors.startTime}
        />
        <TextField
          label="Minutes"
          name="durationMinutes"
          type="number"
          inputMode="numeric"
          min={1}
          max={600}
          required
          error={error?.fieldErrors.durationMinutes}
        />
      </div>
      <ActivitySelect activities={activities} defaultValue="care_plan_review" />
      <NoteFields labels={noteLabels} error={error?.fieldErrors["interaction.body"]} />
      <Notice tone={isBackdated ? "warning" : "info"} live>
        {isBackdated
          ? `Back-dated ${daysBetween(date, today)} ${daysBetween(date, today) === 1 ? "day" : "days"}. Typed time has no timer behind it: entries logged more than 7 days after the work, or longer than 60 minutes, go to a supervisor for review before they are relied on.`
          : "Typed time has no timer behind it: an entry longer than 60 minutes goes to a supervisor for review."}
      </Notice>
      <div className="flex justify-end">
        <Button type="submit" icon={Save} disabled={save.state !== "idle"}>
          {save.state !== "idle" ? "Saving…" : "Save time"}
        </Button>
      </div>
    </save.Form>
  );
}
