// Where a patient is in the CCM program, and how they got there.
import { RelativeTime, Timeline, type TimelineItem } from "@carefold/ui";
import { ProgramStatusBadge } from "./badges";
import { formatDate, programStatusOf } from "./labels";
import type { Enrollment, StatusReasons } from "./types";

/** "financial" → "Cost sharing / coinsurance" (from the reason taxonomy); consent events too. */
export function reasonLabel(
  reasons: StatusReasons,
  status: string | null | undefined,
  reason: string | null | undefined,
) {
  if (!reason) return null;
  if (reason === "verbal_consent") return "Verbal consent recorded";
  if (reason === "written_consent") return "Signed consent form recorded";
  const forStatus = status
    ? (reasons as Record<string, Record<string, string> | undefined>)[status]
    : undefined;
  return forStatus?.[reason] ?? reason.replace(/_/g, " ");
}

export function ProgramSummary({
  enrollment,
  reasons,
}: {
  enrollment: Enrollment | null;
  reasons: StatusReasons;
}) {
  const status = programStatusOf(enrollment?.status);
  const reason = enrollment
    ? reasonLabel(reasons, enrollment.status, enrollment.statusReason)
    : null;
  return (
    <div>
      <div className="flex flex-wrap items-center gap-2">
        <ProgramStatusBadge status={enrollment?.status} />
        <span className="text-compact text-ink-600">{status.description}</span>
      </div>
      {reason ? <p className="mt-1.5 text-compact text-ink-700">Reason: {reason}</p> : null}
      {enrollment?.enrolledOn || enrollment?.endsOn ? (
        <p className="mt-1.5 text-compact text-ink-600">
          {enrollment.enrolledOn ? `Enrolled on ${formatDate(enrollment.enrolledOn)}` : null}
          {enrollment.enrolledOn && enrollment.endsOn ? " · " : null}
          {enrollment.endsOn ? `Program ends on ${formatDate(enrollment.endsOn)}` : null}
        </p>
      ) : null}
    </div>
  );
}

export function ProgramHistory({
  enrollment,
  reasons,
  now,
  dense,
}: {
  enrollment: Enrollment | null;
  reasons: StatusReasons;
  now: string;
  dense?: boolean;
}) {
  if (!enrollment || enrollment.history.length === 0) {
    return <p className="text-compact text-ink-500">No program events yet.</p>;
  }
  const items: TimelineItem[] = [...enrollment.history].reverse().map((event, index) => {
    const to = programStatusOf(event.to);
    const reason = reasonLabel(reasons, event.to, event.reason);
    return {
      id: `${event.at}-${index}`,
      tone: to.tone,
      title: event.from ? `${programStatusOf(event.from).label} → ${to.label}` : `${to.label}`,
      time: <RelativeTime date={event.at} now={now} />,
      description:
        reason || event.note ? (
          <>
            {reason}
            {reason && event.note ? " — " : null}
            {event.note ? <span className="italic">“{event.note}”</span> : null}
          </>
        ) : undefined,
    };
  });
  return <Timeline items={items} dense={dense} />;
}
