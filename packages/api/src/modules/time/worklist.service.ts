import { getClinicLocalTime, isCallableNow } from "@carefold/ccm-rules";
import type { ScopedTx } from "@carefold/db";
import { invalidInput } from "../../errors.js";
import { todayIn } from "../patients/today.js";

export interface WorklistFilter {
  tenantId?: string;
  callableNow?: boolean;
  scope: "mine" | "all";
  page: number;
  pageSize: number;
}

interface Row {
  patient_id: string;
  tenant_id: string;
  clinic: string;
  first_name: string;
  last_name: string;
  time_zone: string;
  status: string;
  minutes: number;
  last_contact_on: Date | null;
  coordinator_user_id: string | null;
  minutes_needed: number;
  days_left: number;
  total: bigint;
}

/**
 * One queue across every clinic in the coordinator's scope, riskiest first: minutes still needed
 * for the next CCM threshold (20/40/60) per clinic-local day left in the month, then the oldest
 * contact. Reads the patient-month rollup, never live entries; filters and pages in the database.
 * "Callable now" (8:00–21:00 in the patient's own zone, DST-safe) filters in SQL and is shown per
 * row by the rules package (the two agree; the worklist tests check both).
 */
export async function getWorklist(tx: ScopedTx, coordinatorId: string, tenantIds: readonly string[], filter: WorklistFilter, now = new Date()) {
  const tenants = await tx.tenant.findMany({ where: { id: { in: [...tenantIds] } }, select: { id: true, timeZone: true } });
  const months = tenants.map((t) => todayIn(t.timeZone, now).slice(0, 7));
  const daysLeft = tenants.map((t) => {
    const local = getClinicLocalTime(now, t.timeZone);
    const lastDay = new Date(Date.UTC(local.year, local.month, 0)).getUTCDate();
    return lastDay - local.day + 1;
  });
  const rows = await tx.$queryRaw<Row[]>`
    WITH clinic AS (
      SELECT * FROM unnest(${tenants.map((t) => t.id)}::uuid[], ${months}::text[], ${daysLeft}::int[]) AS c(tenant_id, service_month, days_left)
    ), queue AS (
      SELECT p.id AS patient_id, p.tenant_id, t.name AS clinic, p.first_name, p.last_name, p.time_zone, pe.status,
             coalesce(pm.staff_minutes, 0) + coalesce(pm.practitioner_minutes, 0) AS minutes,
             pm.last_contact_on, pa.coordinator_user_id, c.days_left
        FROM clinic c
        JOIN patient p ON p.tenant_id = c.tenant_id
        JOIN tenant t ON t.id = p.tenant_id
        JOIN program_enrollment pe ON pe.tenant_id = p.tenant_id AND pe.patient_id = p.id AND pe.program = 'ccm' AND pe.status IN ('enrolled', 'consented')
        LEFT JOIN panel_assignment pa ON pa.tenant_id = p.tenant_id AND pa.patient_id = p.id
        LEFT JOIN patient_month pm ON pm.tenant_id = p.tenant_id AND pm.patient_id = p.id AND pm.service_month = c.service_month
       WHERE (${filter.tenantId ?? null}::uuid IS NULL OR p.tenant_id = ${filter.tenantId ?? null}::uuid)
         AND (${filter.scope} = 'all' OR pa.coordinator_user_id = ${coordinatorId}::uuid OR pa.coordinator_user_id IS NULL)
         -- Callable now: 8:00-21:00 on the patient's own clock (PostgreSQL applies DST per zone).
         AND (NOT ${filter.callableNow ?? false} OR extract(hour FROM (${now}::timestamptz AT TIME ZONE p.time_zone)) >= 8
                                                 AND extract(hour FROM (${now}::timestamptz AT TIME ZONE p.time_zone)) < 21)
    )
    SELECT *, CASE WHEN minutes < 20 THEN 20 - minutes WHEN minutes < 40 THEN 40 - minutes WHEN minutes < 60 THEN 60 - minutes ELSE 0 END AS minutes_needed,
           count(*) OVER () AS total
      FROM queue
     ORDER BY (CASE WHEN minutes < 20 THEN 20 - minutes WHEN minutes < 40 THEN 40 - minutes WHEN minutes < 60 THEN 60 - minutes ELSE 0 END) = 0,
              minutes < 20 DESC,
              (CASE WHEN minutes < 20 THEN 20 - minutes WHEN minutes < 40 THEN 40 - minutes WHEN minutes < 60 THEN 60 - minutes ELSE 0 END)::numeric / greatest(days_left, 1) DESC,
              last_contact_on ASC NULLS FIRST, last_name, first_name, patient_id
     LIMIT ${filter.pageSize} OFFSET ${(filter.page - 1) * filter.pageSize}`;
  const enriched = rows.map((r) => {
    const minutes = Number(r.minutes);
    const needed = Number(r.minutes_needed);
    return {
      patientId: r.patient_id,
      tenantId: r.tenant_id,
      clinic: r.clinic,
      name: `${r.last_name}, ${r.first_name}`,
      programStatus: r.status,
      minutes,
      nextThreshold: needed > 0 ? minutes + needed : null,
      minutesNeeded: needed,
      daysLeft: r.days_left,
      minutesPerDayNeeded: needed > 0 ? Math.round((needed / Math.max(r.days_left, 1)) * 10) / 10 : 0,
      lastContactOn: r.last_contact_on ? r.last_contact_on.toISOString().slice(0, 10) : null,
      isMine: r.coordinator_user_id === coordinatorId,
      patientTimeZone: r.time_zone,
      patientLocalTime: new Intl.DateTimeFormat("en-US", { timeZone: r.time_zone, hour: "numeric", minute: "2-digit" }).format(now),
      isCallableNow: isCallableNow(now, r.time_zone),
    };
  });
  return { total: Number(rows[0]?.total ?? 0), page: filter.page, pageSize: filter.pageSize, rows: enriched };
}

/** Gives patients to a coordinator (bulk); the coordinator must work that clinic. */
export async function assignPanel(tx: ScopedTx, input: { patientIds: string[]; coordinatorUserId: string }, actorId: string) {
  const patients = await tx.patient.findMany({ where: { id: { in: input.patientIds } }, select: { id: true, tenantId: true } });
  const assigned = await tx.coordinatorAssignment.findMany({ where: { userId: input.coordinatorUserId }, select: { tenantId: true } });
  const clinics = new Set(assigned.map((a) => a.tenantId));
  const outside = patients.filter((p) => !clinics.has(p.tenantId));
  if (outside.length) throw invalidInput(`This coordinator does not work the clinic of ${outside.length} of these patients. Assign the clinic first.`);
  for (const p of patients) {
    await tx.panelAssignment.upsert({
      where: { tenantId_patientId: { tenantId: p.tenantId, patientId: p.id } },
      create: { tenantId: p.tenantId, patientId: p.id, coordinatorUserId: input.coordinatorUserId, assignedBy: actorId },
      update: { coordinatorUserId: input.coordinatorUserId, assignedBy: actorId, assignedAt: new Date() },
    });
  }
  return { assigned: patients.length, notFound: input.patientIds.length - patients.length };
}
