import { useFetcher } from "@remix-run/react";
import { MessageSquare, Send } from "lucide-react";
import { useEffect, useState } from "react";
import { Badge, Button, Notice, SelectField } from "@carefold/ui";
import type { action as callsAction } from "../../routes/api.calls";

export interface ThreadMessage {
  id: string;
  direction: string;
  body: string;
  status: string;
  createdAt: string;
  lastError: string | null;
}

export interface CallRow {
  id: string;
  createdAt: string;
  status: string;
  talkSeconds: number | null;
  disposition: string | null;
  caller: string | null;
  overridden: boolean;
}

const when = (iso: string) =>
  new Intl.DateTimeFormat("en-US", {
    month: "short",
    day: "numeric",
    hour: "numeric",
    minute: "2-digit",
  }).format(new Date(iso));
const newRequestId = () =>
  typeof crypto !== "undefined" && "randomUUID" in crypto
    ? crypto.randomUUID()
    : `${Date.now()}-${Math.random()}`;

/** The patient's calls and text thread on the chart, with a templated text to send. */
export function Communications({
  patientId,
  calls,
  messages,
  dispositions,
  templates,
}: {
  patientId: string;
  calls: CallRow[];
  messages: ThreadMessage[];
  dispositions: Record<string, string>;
  templates: Record<string, string>;
}) {
  const send = useFetcher<typeof callsAction>({ key: `sms-${patientId}` });
  const [requestId, setRequestId] = useState(newRequestId);
  const result = send.data?.intent === "sms" ? send.data : null;
  useEffect(() => {
    if (send.state === "idle" && result?.ok) setRequestId(newRequestId());
  }, [send.state, result?.ok]);

  return (
    <div className="space-y-4">
      <section aria-label="Text messages">
        <h3 className="mb-2 flex items-center gap-1.5 text-xs font-semibold tracking-wide text-ink-600 uppercase">
          <MessageSquare aria-hidden="true" className="size-3.5" /> Text messages
        </h3>
        {messages.length ? (
          <ol className="max-h-72 space-y-1.5 overflow-y-auto" aria-label="Text thread">
            {messages.map((m) => (
              <li key={m.id} className={m.direction === "inbound" ? "mr-8" : "ml-8"}>
                <div
                  className={`rounded-lg px-3 py-2 text-compact ${m.direction === "inbound" ? "bg-neutral-100 text-ink-900" : "bg-brand-50 text-ink-900"}`}
                >
                  {m.body}
                </div>
                <p
                  className={`mt-0.5 text-2xs text-ink-500 ${m.direction === "inbound" ? "" : "text-right"}`}
                >
                  {m.direction === "inbound" ? "Patient" : "Clinic"} · {when(m.createdAt)} ·{" "}
                  {m.status}
                </p>
              </li>
            ))}
          </ol>
        ) : (
          <p className="text-compact text-ink-500">No texts with this patient yet.</p>
        )}
        <send.Form
          method="post"
          action="/api/calls"
          className="mt-2.5 flex items-end gap-2"
          aria-label="Send a text"
        >
          <input type="hidden" name="intent" value="sms" />
          <input type="hidden" name="patientId" value={patientId} />
          <input type="hidden" name="clientRequestId" value={requestId} />
          <SelectField
            label="Template"
            name="templateKind"
            size="sm"
            className="flex-1"
            defaultValue="monthly_check_in"
          >
            {Object.entries(templates).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </SelectField>
          <Button
            type="submit"
            size="sm"
            variant="secondary"
            icon={Send}
            disabled={send.state !== "idle"}
          >
            Send text
          </Button>
        </send.Form>
        {result && !result.ok && result.message ? (
          <Notice tone="warning" live className="mt-2">
            {result.message}
          </Notice>
        ) : null}
        {result?.ok ? (
          <Notice tone="success" live className="mt-2">
            Text queued; it leaves from the clinic's number in a few seconds.
          </Notice>
        ) : null}
      </section>
      <section aria-label="Recent calls">
        <h3 className="mb-2 text-xs font-semibold tracking-wide text-ink-600 uppercase">
          Recent calls
        </h3>
        {calls.length ? (
          <ul className="divide-y divide-neutral-100 text-compact">
            {calls.map((c) => (
              <li key={c.id} className="flex items-center justify-between gap-2 py-1.5">
                <span className="min-w-0">
                  <span className="text-ink-900">{when(c.createdAt)}</span>{" "}
                  <span className="text-xs text-ink-500">{c.caller ?? ""}</span>
                </span>
                <span className="flex items-center gap-1.5">
                  {c.overridden ? (
                    <Badge tone="warning" icon={null}>
                      after hours
                    </Badge>
                  ) : null}
                  <Badge tone={c.disposition === "answered" ? "success" : "neutral"} icon={null}>
                    {c.disposition ? (dispositions[c.disposition] ?? c.disposition) : c.status}
                  </Badge>
                  {c.talkSeconds ? (
                    <span className="tabular text-xs text-ink-600">
                      {Math.floor(c.talkSeconds / 60)}:{String(c.talkSeconds % 60).padStart(2, "0")}
                    </span>
                  ) : null}
                </span>
              </li>
            ))}
          </ul>
        ) : (
          <p className="text-compact text-ink-500">No calls yet.</p>
        )}
      </section>
    </div>
  );
}
