import { getClinicLocalTime } from "@carefold/ccm-rules";
import { Prisma } from "@carefold/db";
import { todayIn } from "../patients/today.js";
import { ROLLUP_STAFF_LANE_MINUTES } from "./rollup-minutes.js";

export interface WorklistFilter {
  tenantId?: string;
  callableNow?: boolean;
  scope: "mine" | "all";
  pageSize: number;
  /** The page after this patient (a row of the current page), or the page before it; neither: the top. */
  after?: string;
  before?: string;
}

/** Each clinic's current service month and clinic-local days left in it (today included). */
export function clinicCalendars(tenants: readonly { id: string; name?: string; timeZone: string }[], now: Date) {
  return tenants.map((t) => {
    const local = getClinicLocalTime(now, t.timeZone);
    const lastDay = new Date(Date.UTC(local.year, local.month, 0)).getUTCDate();
    return { tenantId: t.id, name: t.name ?? "", serviceMonth: todayIn(t.timeZone, now).slice(0, 7), daysLeft: lastDay - local.day + 1 };
  });
}

export type ClinicCalendar = ReturnType<typeof clinicCalendars>[number];

const clinicsCte = (clinics: readonly ClinicCalendar[], tenantId: string | null) => Prisma.sql`
  clinic AS (
    SELECT c.tenant_id, c.name, c.service_month::char(7) AS service_month, c.days_left
      FROM unnest(${clinics.map((c) => c.tenantId)}::uuid[], ${clinics.map((c) => c.name)}::text[], ${clinics.map((c) => c.serviceMonth)}::text[],
                  ${clinics.map((c) => c.daysLeft)}::int[]) AS c(tenant_id, name, service_month, days_left)
     WHERE ${tenantId}::uuid IS NULL OR c.tenant_id = ${tenantId}::uuid
  )`;

/**
 * Moves queued worklist rows whose month is not the clinic's current month to it, with that
 * month's rollup (none yet: 0 minutes, no contact). A no-op (two index probes per clinic) except on
 * the first view after a clinic's month changes; afterwards the index holds every queued patient
 * under the current month, which is what makes the per-clinic walk in `worklistSql` exact.
 */
export function rollOverSql(clinics: readonly ClinicCalendar[]): Prisma.Sql {
  // Two range probes per clinic on the rank index (before and after the current month).
  const stale = (comparison: "<" | ">") => Prisma.sql`
    SELECT w.tenant_id, w.patient_id, c.service_month FROM clinic c
     CROSS JOIN LATERAL (SELECT w.tenant_id, w.patient_id FROM worklist_patient w
                          WHERE w.tenant_id = c.tenant_id AND w.ccm_status IN ('enrolled', 'consented')
                            AND w.service_month ${Prisma.raw(comparison)} c.service_month
                         OFFSET 0) w`; // OFFSET 0 keeps the walk per clinic (an index range), not one join over all rows
  return Prisma.sql`
    WITH ${clinicsCte(clinics, null)},
    stale AS (${stale("<")} UNION ALL ${stale(">")})
    UPDATE worklist_patient w
       SET (service_month, minutes, last_contact_on) = (
             SELECT s.service_month, ${ROLLUP_STAFF_LANE_MINUTES}, pm.last_contact_on
               FROM (SELECT 1) one
               LEFT JOIN patient_month pm ON pm.tenant_id = w.tenant_id AND pm.patient_id = w.patient_id AND pm.service_month = s.service_month)
      FROM stale s
     WHERE w.tenant_id = s.tenant_id AND w.patient_id = s.patient_id`;
}

/**
 * The worklist page as one SQL statement (exported so the benchmark measures exactly this SQL).
 *
 * Within one clinic every patient has the same days left, so the global order (minutes needed per
 * day left, …; `worklist_rank_key`) restricted to a clinic is the order of
 * `worklist_patient_rank_idx`. The statement reads, per clinic, the next `pageSize + 1` rows of that
 * index from a start position (a LATERAL walk with a row comparison and LIMIT), merges those
 * candidates in the global order and cuts the page (+1 row tells whether there is more).
 *
 * Paging is by position (decision 0013): the page after patient X starts, in each clinic, just
 * after X's place in the global order — the rank whose key equals X's (then X's contact date,
 * names, id), or else the first rank whose key is greater. The page before X walks the index
 * backwards the same way. Only patient ids travel in URLs, never names. The total adds up the
 * trigger-kept counts of worklist_count. Filters that are off add no SQL.
 */
export function worklistSql(clinics: readonly ClinicCalendar[], coordinatorId: string, filter: WorklistFilter, now: Date): Prisma.Sql {
  const isBackward = filter.before !== undefined;
  const anchorId = filter.after ?? filter.before ?? null;
  const isMine = filter.scope === "all" ? Prisma.sql`true` : Prisma.sql`(w.coordinator_user_id = ${coordinatorId}::uuid OR w.coordinator_user_id IS NULL)`;
  // Callable now: 8:00-21:00 on the patient's own clock (PostgreSQL applies DST per zone). The hour
  // is checked once per zone present in the counts, not per patient; rows and total then compare zones.
  const callableZone = filter.callableNow
    ? Prisma.sql`,
    callable_zone AS MATERIALIZED (
      SELECT coalesce(array_agg(DISTINCT n.time_zone), '{}') AS zones
        FROM clinic c JOIN worklist_count n ON n.tenant_id = c.tenant_id AND n.service_month = c.service_month
       WHERE extract(hour FROM (${now}::timestamptz AT TIME ZONE n.time_zone)) BETWEEN 8 AND 20
    )`
    : Prisma.empty;
  const isCallable = (zone: Prisma.Sql) => (filter.callableNow ? Prisma.sql`${zone} = ANY ((SELECT zones FROM callable_zone)::text[])` : Prisma.sql`true`);
  const direction = Prisma.raw(isBackward ? "DESC" : "ASC");
  const beyond = Prisma.raw(isBackward ? "<" : ">");
  // Where each clinic's walk starts (exclusive). Without an anchor: before everything.
  const start = anchorId === null
    ? Prisma.sql`start AS (SELECT c.*, -1::smallint AS s_rank, 'infinity'::date AS s_contact, ''::text AS s_last, ''::text AS s_first, '00000000-0000-0000-0000-000000000000'::uuid AS s_id FROM clinic c)`
    : Prisma.sql`
      anchor AS (
        SELECT worklist_rank_key(w.risk_rank, c.days_left) AS rank_key, w.contact_key, w.last_name, w.first_name, w.patient_id
          FROM clinic c JOIN worklist_patient w ON w.tenant_id = c.tenant_id AND w.patient_id = ${anchorId}::uuid
      ),
      start AS MATERIALIZED (
        SELECT c.*,
               -- The anchor's own rank in this clinic (then its place within the rank), or the nearest rank beyond it.
               coalesce(same.r, edge.r ${Prisma.raw(isBackward ? "+" : "-")} 1)::smallint AS s_rank,
               CASE WHEN same.r IS NOT NULL THEN a.contact_key ELSE ${Prisma.raw(isBackward ? "'-infinity'" : "'infinity'")}::date END AS s_contact,
               CASE WHEN same.r IS NOT NULL THEN a.last_name ELSE '' END AS s_last,
               CASE WHEN same.r IS NOT NULL THEN a.first_name ELSE '' END AS s_first,
               CASE WHEN same.r IS NOT NULL THEN a.patient_id ELSE '00000000-0000-0000-0000-000000000000'::uuid END AS s_id
          FROM clinic c CROSS JOIN anchor a
          LEFT JOIN LATERAL (SELECT r FROM worklist_ranks() r WHERE worklist_rank_key(r, c.days_left) = a.rank_key) same ON true
          CROSS JOIN LATERAL (SELECT ${Prisma.raw(isBackward ? "max" : "min")}(r) AS r FROM worklist_ranks() r
                               WHERE worklist_rank_key(r, c.days_left) ${beyond} a.rank_key) edge
         WHERE same.r IS NOT NULL OR edge.r IS NOT NULL
      )`;
  const queued = Prisma.sql`w.tenant_id = s.tenant_id AND w.service_month = s.service_month AND w.ccm_status IN ('enrolled', 'consented') AND ${isMine}`;
  // The total sums the trigger-kept counts (worklist_count: clinic × month × owner × zone), a few
  // rows per clinic, instead of counting every queued patient.
  const isCounted = filter.scope === "all" ? Prisma.sql`true` : Prisma.sql`(n.coordinator_user_id = ${coordinatorId}::uuid OR n.coordinator_user_id IS NULL)`;
  const total = Prisma.sql`(SELECT coalesce(sum(n.patients), 0) FROM clinic c
                             JOIN worklist_count n ON n.tenant_id = c.tenant_id AND n.service_month = c.service_month
                            WHERE ${isCounted} AND ${isCallable(Prisma.sql`n.time_zone`)})`;
  return Prisma.sql`
    WITH ${clinicsCte(clinics, filter.tenantId ?? null)}${callableZone},
    ${start},
    candidate AS (
      SELECT w.*, s.name AS clinic, s.days_left, worklist_rank_key(w.risk_rank, s.days_left) AS rank_key,
             CASE WHEN w.minutes < 20 THEN 20 - w.minutes WHEN w.minutes < 40 THEN 40 - w.minutes WHEN w.minutes < 60 THEN 60 - w.minutes ELSE 0 END AS minutes_needed
        FROM start s
       CROSS JOIN LATERAL (
             SELECT w.patient_id, w.tenant_id, w.first_name, w.last_name, w.time_zone, w.ccm_status::text AS status, w.minutes,
                    w.last_contact_on, w.contact_key, w.coordinator_user_id, w.risk_rank
               FROM worklist_patient w
              WHERE ${queued} AND ${isCallable(Prisma.sql`w.time_zone`)}
                AND (w.risk_rank, w.contact_key, w.last_name, w.first_name, w.patient_id) ${beyond} (s.s_rank, s.s_contact, s.s_last, s.s_first, s.s_id)
              ORDER BY w.risk_rank ${direction}, w.contact_key ${direction}, w.last_name ${direction}, w.first_name ${direction}, w.patient_id ${direction}
              LIMIT ${filter.pageSize + 1}) w
    )
    SELECT patient_id, tenant_id, clinic, first_name, last_name, time_zone, status, minutes, last_contact_on, coordinator_user_id, minutes_needed,
           days_left, ${total} AS total
      FROM candidate
     ORDER BY rank_key ${direction}, contact_key ${direction}, last_name ${direction}, first_name ${direction}, patient_id ${direction}
     LIMIT ${filter.pageSize + 1}`;
}
