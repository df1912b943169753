import { Link, useFetcher } from "@remix-run/react";
import { Timer } from "lucide-react";
import { Badge, Button, Card, Notice, RelativeTime, SelectField, TextField } from "@carefold/ui";
import type { action as callsAction } from "../../routes/api.calls";

export interface PendingCall {
  callId: string;
  patientId: string;
  patientName: string;
  clinic: string;
  at: string;
  talkSeconds: number;
  suggestedMinutes: number;
  disposition: string | null;
  serviceMonth: string;
  isMonthClosed: boolean;
}

const talk = (seconds: number) =>
  `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, "0")}`;

/**
 * Calls whose talk time was never confirmed (the coordinator hung up and moved on). Confirmed, the
 * minutes count toward the patient's month; discarded, they never do. Each row posts to the same
 * call action the call panel uses (`finish` with the draft, or `discard`).
 */
export function PendingCallTime({
  calls,
  dispositions,
  now,
}: {
  calls: PendingCall[];
  dispositions: Record<string, string>;
  now: string;
}) {
  if (calls.length === 0) return null;
  return (
    <Card
      flush
      className="mb-4"
      title={`Call time to confirm (${calls.length})`}
      description="Talk time counts toward the patient's month only once you confirm it. Adjust the minutes to the care work done, or discard time that was not care."
    >
      <ul className="divide-y divide-neutral-200" aria-label="Call time to confirm">
        {calls.map((call) => (
          <PendingCallRow key={call.callId} call={call} dispositions={dispositions} now={now} />
        ))}
      </ul>
    </Card>
  );
}

function PendingCallRow({
  call,
  dispositions,
  now,
}: {
  call: PendingCall;
  dispositions: Record<string, string>;
  now: string;
}) {
  const fetcher = useFetcher<typeof callsAction>({ key: `pending-time-${call.callId}` });
  const result = fetcher.state === "idle" ? fetcher.data : undefined;
  const failure = result && !result.ok ? result : null;
  const busy = fetcher.state !== "idle";
  return (
    <li className="px-4 py-3">
      <fetcher.Form
        method="post"
        action="/api/calls"
        className="flex flex-wrap items-end gap-x-4 gap-y-2"
        aria-label={`Call time for ${call.patientName}`}
      >
        <input type="hidden" name="callId" value={call.callId} />
        <input type="hidden" name="hasDraft" value="1" />
        <div className="min-w-56 flex-1">
          <Link
            to={`/patients/${call.patientId}`}
            className="font-medium text-ink-900 underline-offset-2 hover:text-brand-700 hover:underline"
          >
            {call.patientName}
          </Link>
          <p className="text-xs text-ink-500">
            {call.clinic} · <RelativeTime date={call.at} now={now} /> · talk time{" "}
            <span className="font-mono tabular-nums">{talk(call.talkSeconds)}</span>
          </p>
        </div>
        {call.isMonthClosed ? (
          <Badge tone="warning">
            {call.serviceMonth} is closed — ask a supervisor to reopen it or discard
          </Badge>
        ) : (
          <>
            <SelectField
              label="Outcome"
              name="disposition"
              size="sm"
              defaultValue={call.disposition ?? ""}
              className="w-40"
              error={failure?.fieldErrors?.disposition}
            >
              <option value="">Choose…</option>
              {Object.entries(dispositions).map(([value, label]) => (
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
              size="sm"
              defaultValue={call.suggestedMinutes}
              className="w-24"
              icon={Timer}
            />
            <Button type="submit" name="intent" value="finish" size="sm" disabled={busy}>
              Confirm time
            </Button>
          </>
        )}
        <Button
          type="submit"
          name="intent"
          value="discard"
          size="sm"
          variant="ghost"
          disabled={busy}
        >
          Discard
        </Button>
      </fetcher.Form>
      {failure?.message ? (
        <Notice tone="danger" live className="mt-2">
          {failure.message}
        </Notice>
      ) : null}
    </li>
  );
}
