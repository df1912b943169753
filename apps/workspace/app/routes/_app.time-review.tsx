import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Link, useFetcher, useLoaderData } from "@remix-run/react";
import { Check, ClipboardCheck, X } from "lucide-react";
import { useState } from "react";
import {
  Badge,
  Button,
  Card,
  EmptyState,
  Notice,
  PageHeader,
  RelativeTime,
  Table,
  TableEmpty,
  TBody,
  Td,
  TextField,
  Th,
  THead,
  Tr,
  cn,
} from "@carefold/ui";
import { Page } from "../components/Page";
import { RouteError } from "../components/RouteError";
import { REVIEW_FLAGS as FLAGS, flagLabel } from "../components/work/review-flags";
import { formatClock } from "../components/work/timer-state";
import { formFailure, pageError, requireUser } from "../lib/session.server";

export const meta: MetaFunction = () => [{ title: "Time review · Carefold Workspace" }];
export const ErrorBoundary = RouteError;


export async function loader({ request }: LoaderFunctionArgs) {
  const { caller, headers } = await requireUser(request);
  try {
    const [queue, activities] = await Promise.all([
      caller.time.reviewQueue(),
      caller.time.activities(),
    ]);
    return data(
      { queue, activities: activities as Record<string, string>, now: new Date().toISOString() },
      { headers: headers() },
    );
  } catch (error) {
    pageError(error, request, headers(), "Time review is for supervisors.");
  }
}

export async function action({ request }: ActionFunctionArgs) {
  const { caller, headers } = await requireUser(request);
  const form = await request.formData();
  const entryId = String(form.get("entryId") ?? "");
  const decision = form.get("decision") === "rejected" ? "rejected" : "approved";
  const reason = String(form.get("reason") ?? "").trim() || undefined;
  try {
    await caller.time.review({ entryId, decision, reason });
    return data(
      { ok: true as const, entryId, decision, message: null, fieldErrors: {} },
      { headers: headers() },
    );
  } catch (error) {
    const failure = formFailure(error, request, headers());
    return data(
      {
        ok: false as const,
        entryId,
        decision,
        message: failure.message,
        fieldErrors: failure.fieldErrors,
      },
      { headers: headers() },
    );
  }
}

type Entry = ReturnType<typeof useLoaderData<typeof loader>>["queue"][number];

const clinicTime = (iso: string, timeZone: string) =>
  new Intl.DateTimeFormat("en-US", { hour: "numeric", minute: "2-digit", timeZone }).format(new Date(iso));

/** "9:30 AM–9:47 AM" in the clinic's time, or why there is no span. */
function spanLabel(entry: Entry) {
  if (!entry.startedAt || !entry.endedAt) return "No measured span";
  return `${clinicTime(entry.startedAt, entry.timeZone)}–${clinicTime(entry.endedAt, entry.timeZone)}`;
}

function ReviewRow({ entry, activity, now }: { entry: Entry; activity: string; now: string }) {
  const review = useFetcher<typeof action>({ key: `review-${entry.id}` });
  const [rejecting, setRejecting] = useState(false);
  const busy = review.state !== "idle";
  const failure = review.data && !review.data.ok ? review.data : null;
  return (
    <Tr>
      <Td>
        <Link
          to={`/patients/${entry.patientId}`}
          className="font-medium text-ink-900 hover:underline"
        >
          {entry.patient}
        </Link>
        <div className="text-2xs text-ink-500">{entry.clinic}</div>
      </Td>
      <Td>
        <div className="text-ink-900">{entry.performer ?? "Former staff"}</div>
        <div className="text-2xs text-ink-500">
          Logged <RelativeTime date={entry.createdAt} now={now} />
        </div>
      </Td>
      <Td className="tabular">
        <div>{entry.performedOn}</div>
        <div className="text-2xs text-ink-500">{spanLabel(entry)}</div>
      </Td>
      <Td align="right" className="tabular">
        <div className="font-semibold text-ink-900" aria-label="Measured">
          {formatClock(entry.durationSeconds * 1000)}
        </div>
        <div className="text-2xs text-ink-500">measured</div>
      </Td>
      <Td align="right" className="tabular">
        <div
          className={cn(
            "font-semibold",
            entry.claimedMinutes * 60 > entry.durationSeconds ? "text-warning-700" : "text-ink-900",
          )}
        >
          {entry.claimedMinutes} min
        </div>
        <div className="text-2xs text-ink-500">claimed</div>
      </Td>
      <Td>
        <div>{activity}</div>
        {entry.note ? <p className="mt-0.5 max-w-56 text-2xs text-ink-600">{entry.note}</p> : null}
      </Td>
      <Td>
        <ul className="flex flex-wrap gap-1" aria-label="Why it is flagged">
          {entry.flags.map((flag, index) => (
            <li key={flag} title={entry.reasons[index] ?? FLAGS[flag]?.hint}>
              <Badge tone="warning">{flagLabel(flag)}</Badge>
            </li>
          ))}
        </ul>
        {entry.overlap ? (
          <p className="mt-1 text-2xs text-danger-700">
            Overlaps {entry.overlap.performer ?? "another person"}'s entry
            {entry.overlap.isSameContact ? " on the same contact (counted once)" : ""}:{" "}
            {clinicTime(entry.overlap.startedAt, entry.timeZone)}–
            {clinicTime(entry.overlap.endedAt, entry.timeZone)}
          </p>
        ) : null}
      </Td>
      <Td className="w-[22rem]">
        <review.Form
          method="post"
          className="space-y-1.5"
          aria-label={`Review ${entry.minutes} min for ${entry.patient}`}
        >
          <input type="hidden" name="entryId" value={entry.id} />
          {failure?.message ? (
            <Notice tone="danger" live>
              {failure.message}
            </Notice>
          ) : null}
          {rejecting ? (
            <>
              <TextField
                label="Reason (the coordinator sees it)"
                name="reason"
                size="sm"
                required
                autoFocus
                error={failure?.fieldErrors.reason}
              />
              <div className="flex gap-2">
                <Button
                  type="submit"
                  name="decision"
                  value="rejected"
                  variant="danger"
                  size="sm"
                  icon={X}
                  disabled={busy}
                >
                  Reject entry
                </Button>
                <Button type="button" variant="ghost" size="sm" onClick={() => setRejecting(false)}>
                  Cancel
                </Button>
              </div>
            </>
          ) : (
            <div className="flex gap-2">
              <Button
                type="submit"
                name="decision"
                value="approved"
                size="sm"
                icon={Check}
                disabled={busy}
              >
                Approve
              </Button>
              <Button
                type="button"
                variant="secondary"
                size="sm"
                icon={X}
                onClick={() => setRejecting(true)}
                disabled={busy}
              >
                Reject…
              </Button>
            </div>
          )}
        </review.Form>
      </Td>
    </Tr>
  );
}

export default function TimeReview() {
  const { queue, activities, now } = useLoaderData<typeof loader>();
  return (
    <Page>
      <PageHeader
        compact
        title="Time review"
        description="Entries flagged for a second look: long or back-dated entries, claims over what was measured, work by new staff. Only the measured time counts while they wait."
      />
      <Card flush>
        <Table caption="Time entries waiting for review" dense>
          <THead>
            <Tr>
              <Th>Patient</Th>
              <Th>Who</Th>
              <Th>When</Th>
              <Th align="right">Measured</Th>
              <Th align="right">Claimed</Th>
              <Th>Activity and note</Th>
              <Th>Why</Th>
              <Th>Decision</Th>
            </Tr>
          </THead>
          <TBody>
            {queue.length ? (
              queue.map((entry) => (
                <ReviewRow
                  key={entry.id}
                  entry={entry}
                  activity={activities[entry.activity] ?? entry.activity}
                  now={now}
                />
              ))
            ) : (
              <TableEmpty colSpan={8}>
                <EmptyState
                  icon={ClipboardCheck}
                  title="Nothing to review — submitted time entries wait here"
                >
                  Long entries, back-dated time and entries by new staff appear here for approval.
                </EmptyState>
              </TableEmpty>
            )}
          </TBody>
        </Table>
      </Card>
      <p className="mt-2 text-2xs text-ink-500">
        {queue.length === 200 ? "Showing the oldest 200 entries." : null}
      </p>
    </Page>
  );
}
