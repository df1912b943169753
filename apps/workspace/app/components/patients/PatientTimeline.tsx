// The chart's timeline: what happened with the patient, newest first, from `timeline.patient`.
import { Badge, RelativeTime, Timeline, type TimelineItem, type Tone } from "@carefold/ui";
import { reasonLabel } from "./ProgramHistory";
import { formatDate, programStatusOf } from "./labels";
import type { StatusReasons } from "./types";
import { formatClock } from "../work/timer-state";

export interface NoteLabels {
  contacts: Record<string, string>;
  channels: Record<string, string>;
  outcomes: Record<string, string>;
  topics: Record<string, string>;
}

interface Note {
  id: string;
  at: string;
  kind: string;
  body: string;
  contactWith: string | null;
  channel: string | null;
  outcome: string | null;
  topics: string[];
  by: string | null;
}

type Item =
  | {
      type: "time_entry";
      id: string;
      at: string;
      performedOn: string;
      minutes: number;
      /** Measured seconds: what counts (the minutes are these, floored). */
      durationSeconds: number;
      activity: string;
      source: string;
      by: string | null;
      reviewStatus: string;
      reviewReason: string | null;
      isSuperseded: boolean;
      correctsEntryId: string | null;
      entryNote: string | null;
      notes: Note[];
    }
  | ({ type: "note" } & Note)
  | {
      type: "task_closed";
      id: string;
      at: string;
      title: string;
      status: string;
      outcome: string | null;
      by: string | null;
    }
  | {
      type: "enrollment";
      id: string;
      at: string;
      fromStatus: string | null;
      toStatus: string;
      reason: string | null;
      note: string | null;
      by: string | null;
    }
  | {
      type: "consent";
      id: string;
      at: string;
      method: string;
      obtainedOn: string;
      obtainedBy: string;
      revokedOn: string | null;
    };

const OUTCOME_TONE: Record<string, Tone> = {
  reached: "success",
  completed: "success",
  left_message: "warning",
  no_answer: "warning",
  declined: "danger",
};

/** "Patient · Phone · Reached" from a note's structured facts. */
function noteHeadline(note: Note, labels: NoteLabels) {
  return [
    note.contactWith ? labels.contacts[note.contactWith] : null,
    note.channel ? labels.channels[note.channel] : null,
  ]
    .filter(Boolean)
    .join(" · ");
}

function NoteBody({ note, labels }: { note: Note; labels: NoteLabels }) {
  const headline = noteHeadline(note, labels);
  return (
    <div
      className="mt-1 rounded-md border border-neutral-200 bg-neutral-50 px-2.5 py-1.5"
      data-testid="timeline-note"
    >
      {headline || note.outcome ? (
        <p className="flex flex-wrap items-center gap-1.5 text-2xs font-medium text-ink-700">
          {headline ? <span>{headline}</span> : null}
          {note.outcome ? (
            <Badge tone={OUTCOME_TONE[note.outcome] ?? "neutral"} icon={null}>
              {labels.outcomes[note.outcome] ?? note.outcome}
            </Badge>
          ) : null}
        </p>
      ) : null}
      <p className="mt-0.5 whitespace-pre-line text-compact text-ink-800">{note.body}</p>
      {note.topics.length > 0 ? (
        <ul className="mt-1 flex flex-wrap gap-1" aria-label="Topics">
          {note.topics.map((t) => (
            <li
              key={t}
              className="rounded bg-white px-1.5 py-0.5 text-2xs text-ink-600 ring-1 ring-neutral-200"
            >
              {labels.topics[t] ?? t}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

const by = (name: string | null) => (name ? ` by ${name}` : "");

function toTimelineItem(
  item: Item,
  ctx: {
    now: string;
    activities: Record<string, string>;
    labels: NoteLabels;
    reasons: StatusReasons;
  },
): TimelineItem {
  const time = <RelativeTime date={item.at} now={ctx.now} />;
  switch (item.type) {
    case "time_entry": {
      const struck = item.isSuperseded || item.reviewStatus === "rejected";
      return {
        id: item.id,
        time,
        tone: struck ? "muted" : "brand",
        title: (
          <span className={struck ? "text-ink-500 line-through" : undefined}>
            {formatClock(item.durationSeconds * 1000)} · {ctx.activities[item.activity] ?? item.activity}
          </span>
        ),
        description: (
          <>
            <span>
              {item.correctsEntryId ? "Correction" : item.source === "timer" ? "Timed" : "Logged"}{" "}
              for {formatDate(item.performedOn)}
              {by(item.by)}
            </span>
            {item.isSuperseded ? <span> · replaced by a correction</span> : null}
            {item.reviewStatus === "pending" ? (
              <Badge tone="warning" className="ml-1.5">
                Waiting for review
              </Badge>
            ) : null}
            {item.reviewStatus === "rejected" ? (
              <span className="text-danger-700"> · rejected: {item.reviewReason}</span>
            ) : null}
            {item.entryNote ? <p className="mt-0.5 italic">“{item.entryNote}”</p> : null}
            {item.notes.map((n) => (
              <NoteBody key={n.id} note={n} labels={ctx.labels} />
            ))}
          </>
        ),
      };
    }
    case "note":
      return {
        id: item.id,
        time,
        tone: "neutral",
        title: `${item.kind === "interaction" ? "Interaction note" : item.kind === "clinical" ? "Clinical note" : "Note"}${by(item.by)}`,
        description: <NoteBody note={item} labels={ctx.labels} />,
      };
    case "task_closed":
      return {
        id: item.id,
        time,
        tone: item.status === "done" ? "success" : "muted",
        title: `${item.status === "done" ? "Task done" : "Task cancelled"}: ${item.title}`,
        description: item.outcome ? `${item.outcome}${by(item.by)}` : by(item.by).trim(),
      };
    case "enrollment": {
      const to = programStatusOf(item.toStatus);
      const reason = reasonLabel(ctx.reasons, item.toStatus, item.reason);
      return {
        id: item.id,
        time,
        tone: to.tone,
        title: item.fromStatus
          ? `Program: ${programStatusOf(item.fromStatus).label} → ${to.label}`
          : `Program: ${to.label}`,
        description:
          [reason, item.note ? `“${item.note}”` : null, item.by ? `by ${item.by}` : null]
            .filter(Boolean)
            .join(" — ") || undefined,
      };
    }
    case "consent":
      return {
        id: item.id,
        time,
        tone: item.revokedOn ? "danger" : "success",
        title: `${item.method === "written" ? "Written" : "Verbal"} consent recorded`,
        description: `Obtained ${formatDate(item.obtainedOn)} by ${item.obtainedBy}${item.revokedOn ? ` · revoked ${formatDate(item.revokedOn)}` : ""}`,
      };
  }
}

export function PatientTimeline({
  items,
  now,
  activities,
  labels,
  reasons,
}: {
  items: Item[];
  now: string;
  activities: Record<string, string>;
  labels: NoteLabels;
  reasons: StatusReasons;
}) {
  return (
    <Timeline
      dense
      items={items.map((item) => toTimelineItem(item, { now, activities, labels, reasons }))}
    />
  );
}
