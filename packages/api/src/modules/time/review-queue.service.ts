import { leanQuery, type ScopedTx } from "@carefold/db";
import { REVIEW_REASONS } from "./time-entries.service.js";

interface ReviewRow {
  id: string;
  clinic: string;
  patient: string;
  patient_id: string;
  performed_on: string;
  started_at: string | null;
  ended_at: string | null;
  duration_seconds: number;
  claimed_minutes: number;
  minutes: number;
  activity: string;
  source: string;
  review_flags: string[];
  note: string | null;
  performer_user_id: string;
  performer: string | null;
  created_at: string;
  time_zone: string;
  overlap: { entryId: string; startedAt: string; endedAt: string; performer: string | null; isSameContact: boolean } | null;
}

/**
 * Entries waiting for a supervisor: who, when, the measured seconds beside the claimed minutes,
 * the reasons in words, the note, and another counted entry on the same patient at the same time
 * (another performer: one performer's own overlaps are refused by the database).
 */
export async function listReviewQueue(tx: ScopedTx) {
  const rows = await leanQuery<ReviewRow>(
    tx,
    `SELECT e.id::text, t.name AS clinic, p.last_name || ', ' || p.first_name AS patient, e.patient_id::text, e.performed_on::text,
            to_json(e.started_at)#>>'{}' AS started_at, to_json(e.ended_at)#>>'{}' AS ended_at, e.duration_seconds, e.claimed_minutes, e.minutes,
            e.activity, e.source, e.review_flags, e.note, e.performer_user_id::text, u.name AS performer, to_json(e.created_at)#>>'{}' AS created_at, t.time_zone,
            (SELECT jsonb_build_object('entryId', o.id, 'startedAt', o.started_at, 'endedAt', o.ended_at, 'performer', ou.name,
                                       'isSameContact', coalesce(o.contact_id = e.contact_id, false))
               FROM time_entry o LEFT JOIN app_user ou ON ou.id = o.performer_user_id
              WHERE o.tenant_id = e.tenant_id AND o.patient_id = e.patient_id AND o.id <> e.id AND o.spans && e.spans
                AND NOT o.is_superseded AND o.review_status <> 'rejected'
              ORDER BY o.started_at LIMIT 1) AS overlap
       FROM time_entry e
       JOIN patient p ON p.tenant_id = e.tenant_id AND p.id = e.patient_id
       JOIN tenant t ON t.id = e.tenant_id
       LEFT JOIN app_user u ON u.id = e.performer_user_id
      WHERE e.review_status = 'pending' AND NOT e.is_superseded
      ORDER BY e.created_at ASC LIMIT 200`,
  );
  return rows.map((e) => ({
    id: e.id,
    clinic: e.clinic,
    patient: e.patient,
    patientId: e.patient_id,
    performedOn: e.performed_on,
    startedAt: e.started_at,
    endedAt: e.ended_at,
    timeZone: e.time_zone,
    /** Measured seconds: what counts. */
    durationSeconds: e.duration_seconds,
    /** What the performer typed. */
    claimedMinutes: e.claimed_minutes,
    minutes: e.minutes,
    activity: e.activity,
    source: e.source,
    flags: e.review_flags,
    reasons: e.review_flags.map((f) => REVIEW_REASONS[f] ?? f),
    note: e.note,
    performerUserId: e.performer_user_id,
    performer: e.performer,
    createdAt: e.created_at,
    overlap: e.overlap,
  }));
}
