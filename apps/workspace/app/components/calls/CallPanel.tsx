import { useFetcher } from "@remix-run/react";
import { Phone, PhoneOff, Save } from "lucide-react";
import { useEffect, useRef, useState } from "react";
import {
  Badge,
  Button,
  Notice,
  RadioGroup,
  SelectField,
  TextField,
  TextareaField,
} from "@carefold/ui";
import type { action as callsAction, loader as callLoader } from "../../routes/api.calls";
import { formatPhone } from "../patients/labels";
import { useReportCallLive } from "../work/timer-context";
import { createSoftphone, type SoftphoneCall } from "./softphone";

type StartResult = Extract<
  NonNullable<ReturnType<typeof useFetcher<typeof callsAction>>["data"]>,
  { intent: "start"; ok: true }
>["start"];

const STATUS_LABEL: Record<string, string> = {
  created: "Calling…",
  queued: "Calling…",
  initiated: "Calling…",
  ringing: "Ringing…",
  "in-progress": "Connected",
  completed: "Call ended",
  busy: "Line busy",
  "no-answer": "No answer",
  failed: "Call failed",
  canceled: "Call cancelled",
};

const clock = (seconds: number) =>
  `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, "0")}`;

/** The disposition a finished call suggests (the coordinator can change it). */
function suggestedDisposition(status: string, talkSeconds: number | null) {
  if (status === "completed" && (talkSeconds ?? 0) > 0) return "answered";
  if (status === "busy") return "busy";
  if (status === "no-answer" || status === "canceled") return "no_answer";
  return undefined;
}

/**
 * Click-to-call for one patient: the calling-hours guard (with an override reason), the softphone
 * (Twilio or the local stand-in), the live status from the call record, then the outcome and the
 * draft time entry the coordinator confirms or adjusts.
 */
export function CallPanel({
  patientId,
  patientName,
  activities,
  dispositions,
}: {
  patientId: string | null;
  patientName: string | null;
  activities: Record<string, string>;
  dispositions: Record<string, string>;
}) {
  const start = useFetcher<typeof callsAction>({ key: `call-start-${patientId ?? "none"}` });
  const poll = useFetcher<typeof callLoader>();
  const finish = useFetcher<typeof callsAction>({ key: `call-finish-${patientId ?? "none"}` });
  const [active, setActive] = useState<Extract<StartResult, { kind: "ready" }> | null>(null);
  const [softphoneError, setSoftphoneError] = useState<string | null>(null);
  const [hangingUp, setHangingUp] = useState(false);
  const [now, setNow] = useState(() => Date.now());
  const [savedMessage, setSavedMessage] = useState<string | null>(null);
  const softphoneCall = useRef<SoftphoneCall | null>(null);
  /** The call the softphone was connected for (a start result is acted on once). */
  const connectedFor = useRef<string | null>(null);

  // A new patient: forget the previous call (a live call keeps the panel until it ends).
  useEffect(() => {
    setSavedMessage(null);
  }, [patientId]);

  const started = start.data?.intent === "start" && start.data.ok ? start.data.start : null;
  const guard = started?.kind === "outside_calling_hours" ? started : null;
  const startError = start.data && !start.data.ok ? start.data : null;

  // A ready call: connect the softphone once.
  useEffect(() => {
    if (
      started?.kind !== "ready" ||
      !started.token ||
      !started.provider ||
      connectedFor.current === started.callId
    )
      return;
    connectedFor.current = started.callId;
    setActive(started);
    setSoftphoneError(null);
    setSavedMessage(null);
    createSoftphone(started.provider, started.token)
      .connect({ callId: started.callId, tenantId: started.tenantId })
      .then((call) => {
        softphoneCall.current = call;
      })
      .catch((error: Error) => setSoftphoneError(error.message));
  }, [started]);

  const call = poll.data?.ok
    ? poll.data.call.id === active?.callId
      ? poll.data.call
      : null
    : null;
  const isFinal = call?.isFinal ?? false;
  const needsDraft =
    isFinal && call?.status === "completed" && (call.talkSeconds ?? 0) > 0 && !call.draft;

  // Follow the call record (driven by the provider's webhooks) until it has ended with its draft.
  useEffect(() => {
    if (!active || (isFinal && !needsDraft)) return;
    const load = () => poll.load(`/api/calls?callId=${active.callId}`);
    load();
    const id = window.setInterval(load, 1000);
    return () => window.clearInterval(id);
  }, [active?.callId, isFinal, needsDraft]);

  const live = call?.status === "in-progress";
  // Until the call has ended, it keeps the session alive and the idle prompt quiet.
  useReportCallLive(`call-${patientId ?? "none"}`, active != null && !isFinal);
  useEffect(() => {
    if (!live) return;
    const id = window.setInterval(() => setNow(Date.now()), 1000);
    return () => window.clearInterval(id);
  }, [live]);

  useEffect(() => {
    if (finish.state === "idle" && finish.data?.intent === "finish" && finish.data.ok) {
      const { logged, loggedSeconds } = finish.data;
      setSavedMessage(
        loggedSeconds != null
          ? `Call saved: ${clock(loggedSeconds)} of talk time logged${logged != null ? ` (${logged} min claimed)` : ""}.`
          : "Call saved.",
      );
      setActive(null);
      softphoneCall.current = null;
    }
  }, [finish.state, finish.data]);

  const hangUp = async () => {
    setHangingUp(true);
    try {
      await softphoneCall.current?.hangup();
    } finally {
      setHangingUp(false);
    }
  };

  if (!patientId) {
    return <p className="text-compact text-ink-500">Choose a patient to call.</p>;
  }

  // Idle (or outside calling hours).
  if (!active) {
    return (
      <div className="space-y-2.5">
        {savedMessage ? (
          <Notice tone="success" live>
            {savedMessage}
          </Notice>
        ) : null}
        {startError?.message ? (
          <Notice tone="danger" live>
            {startError.message}
          </Notice>
        ) : null}
        {guard ? (
          <start.Form
            method="post"
            action="/api/calls"
            className="space-y-2.5"
            aria-label="Call outside calling hours"
          >
            <Notice tone="warning" live title="Outside calling hours">
              It is {guard.patientLocalTime} for {patientName ?? "the patient"}. Calls are allowed{" "}
              {guard.window.startHour}:00–{guard.window.endHour}:00 in the patient's time zone.
            </Notice>
            <input type="hidden" name="intent" value="start" />
            <input type="hidden" name="patientId" value={patientId} />
            <TextareaField
              label="Reason to call now"
              name="overrideReason"
              rows={2}
              dense
              required
              minLength={5}
              maxLength={300}
              error={startError?.fieldErrors?.overrideReason}
              hint="Recorded with the call and in the audit log."
            />
            <Button
              type="submit"
              size="sm"
              variant="danger"
              icon={Phone}
              fullWidth
              disabled={start.state !== "idle"}
            >
              Call anyway
            </Button>
          </start.Form>
        ) : (
          <>
            <p className="text-compact font-medium text-ink-700">No active call</p>
            <p className="text-xs text-ink-500">
              Calls go out from the clinic's own number, between 8:00 and 21:00 in the patient's
              time zone.
            </p>
            <start.Form method="post" action="/api/calls">
              <input type="hidden" name="intent" value="start" />
              <input type="hidden" name="patientId" value={patientId} />
              <Button
                type="submit"
                variant="secondary"
                size="sm"
                icon={Phone}
                fullWidth
                data-shortcut="call"
                disabled={start.state !== "idle"}
              >
                {start.state !== "idle" ? "Starting…" : "Call patient"}
              </Button>
            </start.Form>
          </>
        )}
      </div>
    );
  }

  const status = call?.status ?? "created";
  const talk =
    live && call?.answeredAt
      ? Math.max(0, Math.round((now - Date.parse(call.answeredAt)) / 1000))
      : (call?.talkSeconds ?? 0);
  const finishError = finish.data && !finish.data.ok ? finish.data : null;

  return (
    <div className="space-y-2.5" data-testid="call-panel">
      <div className="flex items-center justify-between gap-2">
        <p className="text-compact font-semibold text-ink-900" role="status" aria-live="polite">
          {STATUS_LABEL[status] ?? status}
        </p>
        {live || isFinal ? (
          <span className="tabular text-compact text-ink-700" aria-label="Talk time">
            {clock(talk)}
          </span>
        ) : null}
      </div>
      <p className="text-xs text-ink-500">
        From the clinic's number <span className="tabular">{formatPhone(active.fromE164)}</span>
        {active.overridden ? " · outside calling hours (override recorded)" : ""}
      </p>
      {active.recording !== "off" ? (
        <Badge tone={active.recording === "blocked_no_notice" ? "warning" : "neutral"} icon={null}>
          {active.recording === "blocked_no_notice"
            ? "Not recorded: this state needs the recording notice"
            : active.recording === "record_after_notice"
              ? "Recorded after the notice"
              : "Recorded"}
        </Badge>
      ) : null}
      {softphoneError ? (
        <Notice tone="danger" live>
          {softphoneError}
        </Notice>
      ) : null}
      {!isFinal ? (
        <Button
          variant="danger"
          size="sm"
          icon={PhoneOff}
          fullWidth
          onClick={() => void hangUp()}
          disabled={hangingUp}
        >
          {hangingUp ? "Hanging up…" : "Hang up"}
        </Button>
      ) : call ? (
        <finish.Form
          method="post"
          action="/api/calls"
          className="space-y-2.5"
          aria-label="After the call"
        >
          <input type="hidden" name="intent" value="finish" />
          <input type="hidden" name="callId" value={call.id} />
          <input
            type="hidden"
            name="hasDraft"
            value={call.draft?.status === "pending" ? "1" : "0"}
          />
          {finishError?.message ? (
            <Notice tone="danger" live>
              {finishError.message}
            </Notice>
          ) : null}
          <RadioGroup
            legend="How did the call go?"
            name="disposition"
            defaultValue={suggestedDisposition(status, call.talkSeconds)}
            options={Object.entries(dispositions).map(([value, label]) => ({ value, label }))}
            error={finishError?.fieldErrors?.disposition}
          />
          {call.draft?.status === "pending" ? (
            <fieldset className="space-y-2 rounded-lg border border-neutral-200 bg-neutral-50 p-2.5">
              <legend className="px-1 text-xs font-semibold text-ink-700">Draft time entry</legend>
              <TextField
                label="Minutes"
                name="minutes"
                type="number"
                inputMode="numeric"
                min={0}
                max={600}
                required
                size="sm"
                defaultValue={call.draft.minutes}
                hint={`Talk time ${clock(call.draft.talkSeconds)} is what counts (whole minutes, never rounded up). More claimed goes to supervisor review.`}
                error={finishError?.fieldErrors?.minutes}
              />
              <SelectField label="Activity" name="activity" size="sm" defaultValue="patient_call">
                {Object.entries(activities).map(([value, label]) => (
                  <option key={value} value={value}>
                    {label}
                  </option>
                ))}
              </SelectField>
              <TextareaField label="Note" name="note" rows={2} dense maxLength={4000} />
            </fieldset>
          ) : (
            <p className="text-xs text-ink-500">No talk time, so nothing to log.</p>
          )}
          <Button type="submit" size="sm" icon={Save} fullWidth disabled={finish.state !== "idle"}>
            {finish.state !== "idle"
              ? "Saving…"
              : call.draft?.status === "pending"
                ? "Save outcome and confirm time"
                : "Save outcome"}
          </Button>
        </finish.Form>
      ) : null}
    </div>
  );
}
