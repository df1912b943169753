import { getClinicLocalTime } from "@carefold/ccm-rules";
import { Prisma } from "@carefold/db";
import { todayIn } from "../patients/today.js";

export interface WorklistFilter {
  tenantId?: string;
  callableNow?: boolean;
  scope: "mine" | "all";
  page: number;
  pageSize: number;
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
             SELECT s.service_month, coalesce(pm.staff_minutes + pm.practitioner_minutes, 0), pm.last_contact_on
               FROM (SELECT 1) one
               LEFT JOIN patient_month pm ON pm.tenant_id = w.tenant_id AND pm.patient_id = w.patient_id AND pm.service_month = s.service_month)
      FROM stale s
     WHERE w.tenant_id = s.tenant_id AND w.patient_id = s.patient_id`;
}

/**
 * The worklist page as one SQL statement (exported so the benchmark measures exactly this SQL).
 *
 * Within one clinic every patient has the same days left, so the global order (minutes needed per
 * day left, …) restricted to a clinic is the order of `worklist_patient_rank_idx`. The statement
 * therefore reads, per clinic, only the first `offset + pageSize` matching rows of that index
 * (a LATERAL walk with LIMIT), merges those candidates in the global order and cuts the page. The
 * minutes still needed are computed once (in `candidate`). The total adds up the trigger-kept
 * counts of worklist_count (decision 0013).
 * Filters that are off add no SQL, so each variant gets its own simple plan.
 */
export function worklistSql(clinics: readonly ClinicCalendar[], coordinatorId: string, filter: WorklistFilter, now: Date): Prisma.Sql {
  const offset = (filter.page - 1) * filter.pageSize;
  const isMine = filter.scope === "all" ? Prisma.sql`true` : Prisma.sql`(w.coordinator_user_id = ${coordinatorId}::uuid OR w.coordinator_user_id IS NULL)`;
  // Callable now: 8:00-21:00 on the patient's own clock (PostgreSQL applies DST per zone).
  const isCallable = (zone: Prisma.Sql) =>
    filter.callableNow ? Prisma.sql`extract(hour FROM (${now}::timestamptz AT TIME ZONE ${zone})) BETWEEN 8 AND 20` : Prisma.sql`true`;
  const globalOrder = Prisma.sql`minutes_needed = 0, minutes < 20 DESC, minutes_needed::numeric / greatest(days_left, 1) DESC,
                                 last_contact_on ASC NULLS FIRST, last_name, first_name, patient_id`;
  const queued = Prisma.sql`w.tenant_id = c.tenant_id AND w.service_month = c.service_month AND w.ccm_status IN ('enrolled', 'consented') AND ${isMine}`;
  // The total sums the trigger-kept counts (worklist_count: clinic × month × owner × zone), a few
  // rows per clinic, instead of counting every queued patient; "callable now" checks the hour once per zone.
  const isCounted = filter.scope === "all" ? Prisma.sql`true` : Prisma.sql`(n.coordinator_user_id = ${coordinatorId}::uuid OR n.coordinator_user_id IS NULL)`;
  const total = Prisma.sql`(SELECT coalesce(sum(n.patients), 0) FROM clinic c
                             JOIN worklist_count n ON n.tenant_id = c.tenant_id AND n.service_month = c.service_month
                            WHERE ${isCounted} AND ${isCallable(Prisma.sql`n.time_zone`)})`;
  return Prisma.sql`
    WITH ${clinicsCte(clinics, filter.tenantId ?? null)},
    candidate AS (
      SELECT w.*, c.name AS clinic, c.days_left,
             CASE WHEN w.minutes < 20 THEN 20 - w.minutes WHEN w.minutes < 40 THEN 40 - w.minutes WHEN w.minutes < 60 THEN 60 - w.minutes ELSE 0 END AS minutes_needed
        FROM clinic c
       CROSS JOIN LATERAL (
             SELECT w.patient_id, w.tenant_id, w.first_name, w.last_name, w.time_zone, w.ccm_status::text AS status, w.minutes,
                    w.last_contact_on, w.coordinator_user_id
               FROM worklist_patient w
              WHERE ${queued} AND ${isCallable(Prisma.sql`w.time_zone`)}
              ORDER BY w.risk_rank, w.last_contact_on NULLS FIRST, w.last_name, w.first_name, w.patient_id
              LIMIT ${offset + filter.pageSize}) w
    )
    SELECT *, ${total} AS total
      FROM candidate
     ORDER BY ${globalOrder}
     LIMIT ${filter.pageSize} OFFSET ${offset}`;
}
