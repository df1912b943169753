import { STAFF_BASE_MINUTES } from "@carefold/ccm-rules";
import type { ScopedTx } from "@carefold/db";
import { invalidInput, invalidState, notFound } from "../../errors.js";
import { ROLLUP_STAFF_LANE_MINUTES } from "../time/rollup-minutes.js";
import { clinicMonthPace } from "./pace.js";
import { prefixPattern } from "../../search/like-pattern.js";

/** Program statuses whose patients belong on a coordinator's panel (the worklist shows them). */
const PANEL_STATUSES = ["enrolled", "consented"];

/** Each clinic's current service month and even-pace minutes, as arrays for `unnest`. */
async function clinicMonths(tx: ScopedTx, now: Date) {
  const tenants = await tx.tenant.findMany({ orderBy: { name: "asc" }, select: { id: true, name: true, timeZone: true } });
  const months = tenants.map((t) => ({ ...t, ...clinicMonthPace(t.timeZone, now) }));
  return { months, ids: months.map((m) => m.id), serviceMonths: months.map((m) => m.serviceMonth), paces: months.map((m) => m.pace) };
}

interface LoadRow {
  coordinator_user_id: string;
  tenant_id: string;
  patients: number;
  minutes: number;
  touched: number;
  billable: number;
  at_risk: number;
  open_tasks: number;
}

export interface CaseloadCounts {
  patients: number;
  minutes: number;
  touched: number;
  billable: number;
  atRisk: number;
  openTasks: number;
}

const zero = (): CaseloadCounts => ({ patients: 0, minutes: 0, touched: 0, billable: 0, atRisk: 0, openTasks: 0 });
const add = (a: CaseloadCounts, b: CaseloadCounts): CaseloadCounts => ({
  patients: a.patients + b.patients,
  minutes: a.minutes + b.minutes,
  touched: a.touched + b.touched,
  billable: a.billable + b.billable,
  atRisk: a.atRisk + b.atRisk,
  openTasks: a.openTasks + b.openTasks,
});

/**
 * Every coordinator's caseload for the supervisor, per clinic and in total: patients on the panel,
 * counted minutes this month, patients touched (an entry this month), billable patients (enrolled
 * with the base threshold of counted minutes), at-risk patients (below the even pace for the
 * month) and open tasks. Reads the patient-month rollups, never live entries; "this month" is each
 * clinic's own month.
 */
export async function getCaseload(tx: ScopedTx, now = new Date()) {
  const { months, ids, serviceMonths, paces } = await clinicMonths(tx, now);
  const rows = await tx.$queryRaw<LoadRow[]>`
    WITH clinic AS (
      SELECT * FROM unnest(${ids}::uuid[], ${serviceMonths}::text[], ${paces}::int[]) AS c(tenant_id, service_month, pace_minutes)
    ), panel AS (
      SELECT pa.coordinator_user_id, pa.tenant_id, pa.patient_id, c.pace_minutes,
             ${ROLLUP_STAFF_LANE_MINUTES} AS minutes,
             coalesce(pm.entry_count, 0) > 0 AS touched,
             coalesce(pe.status = 'enrolled', false) AS enrolled
        FROM clinic c
        JOIN panel_assignment pa ON pa.tenant_id = c.tenant_id
        LEFT JOIN program_enrollment pe ON pe.tenant_id = pa.tenant_id AND pe.patient_id = pa.patient_id AND pe.program = 'ccm'
        LEFT JOIN patient_month pm ON pm.tenant_id = pa.tenant_id AND pm.patient_id = pa.patient_id AND pm.service_month = c.service_month
    ), tasks AS (
      SELECT pa.coordinator_user_id, pa.tenant_id, count(*)::int AS open_tasks
        FROM task t JOIN panel_assignment pa ON pa.tenant_id = t.tenant_id AND pa.patient_id = t.patient_id
       WHERE t.status = 'open'
       GROUP BY 1, 2
    ), load AS (
      SELECT coordinator_user_id, tenant_id, count(*)::int AS patients, sum(minutes)::int AS minutes,
             count(*) FILTER (WHERE touched)::int AS touched,
             count(*) FILTER (WHERE enrolled AND minutes >= ${STAFF_BASE_MINUTES})::int AS billable,
             count(*) FILTER (WHERE enrolled AND minutes < ${STAFF_BASE_MINUTES} AND minutes < pace_minutes)::int AS at_risk
        FROM panel GROUP BY 1, 2
    )
    SELECT coalesce(l.coordinator_user_id, t.coordinator_user_id) AS coordinator_user_id, coalesce(l.tenant_id, t.tenant_id) AS tenant_id,
           coalesce(l.patients, 0) AS patients, coalesce(l.minutes, 0) AS minutes, coalesce(l.touched, 0) AS touched,
           coalesce(l.billable, 0) AS billable, coalesce(l.at_risk, 0) AS at_risk, coalesce(t.open_tasks, 0) AS open_tasks
      FROM load l FULL JOIN tasks t ON t.coordinator_user_id = l.coordinator_user_id AND t.tenant_id = l.tenant_id`;
  const unassigned = await tx.$queryRaw<{ tenant_id: string; patients: number }[]>`
    SELECT pe.tenant_id, count(*)::int AS patients
      FROM program_enrollment pe
      LEFT JOIN panel_assignment pa ON pa.tenant_id = pe.tenant_id AND pa.patient_id = pe.patient_id
     WHERE pe.program = 'ccm' AND pe.status = ANY(${PANEL_STATUSES}::enrollment_status[]) AND pa.patient_id IS NULL
     GROUP BY 1`;

  const people = await tx.appUser.findMany({
    where: { kind: "vendor", OR: [{ vendorRoles: { some: { role: "coordinator" } } }, { id: { in: [...new Set(rows.map((r) => r.coordinator_user_id))] } }] },
    orderBy: { name: "asc" },
    select: { id: true, name: true, email: true, status: true, coordinatorAssignments: { select: { tenantId: true } } },
  });
  const clinicName = new Map(months.map((m) => [m.id, m.name]));
  const coordinators = people.map((person) => {
    const assigned = new Set(person.coordinatorAssignments.map((a) => a.tenantId));
    const mine = rows.filter((r) => r.coordinator_user_id === person.id);
    // Assigned clinics first (even when empty), then clinics they still hold patients in.
    const tenantIds = [...months.map((m) => m.id).filter((id) => assigned.has(id)), ...mine.map((r) => r.tenant_id).filter((id) => !assigned.has(id))];
    const clinics = [...new Set(tenantIds)].map((tenantId) => {
      const r = mine.find((x) => x.tenant_id === tenantId);
      const counts: CaseloadCounts = r ? { patients: r.patients, minutes: r.minutes, touched: r.touched, billable: r.billable, atRisk: r.at_risk, openTasks: r.open_tasks } : zero();
      return { tenantId, name: clinicName.get(tenantId) ?? "", isAssigned: assigned.has(tenantId), ...counts };
    });
    return { userId: person.id, name: person.name, email: person.email, status: person.status, clinics, totals: clinics.reduce(add, zero()) };
  });
  return {
    clinics: months.map((m) => ({ id: m.id, name: m.name, serviceMonth: m.serviceMonth, paceMinutes: m.pace, unassigned: unassigned.find((u) => u.tenant_id === m.id)?.patients ?? 0 })),
    coordinators,
    thresholdMinutes: STAFF_BASE_MINUTES,
  };
}

export interface PanelPatientFilter {
  tenantId?: string;
  /** A coordinator's id, or "unassigned". */
  coordinator?: string;
  search?: string;
  page: number;
  pageSize: number;
}

/** Panel patients (enrolled or consented to CCM) with their coordinator, for (bulk) reassignment. */
export async function listPanelPatients(tx: ScopedTx, filter: PanelPatientFilter, now = new Date()) {
  const { ids, serviceMonths } = await clinicMonths(tx, now);
  const coordinatorId = filter.coordinator && filter.coordinator !== "unassigned" ? filter.coordinator : null;
  const prefix = filter.search ? prefixPattern(filter.search.trim().toLowerCase()) : null;
  const rows = await tx.$queryRaw<{ patient_id: string; tenant_id: string; clinic: string; first_name: string; last_name: string; status: string; coordinator_user_id: string | null; coordinator: string | null; minutes: number; total: number }[]>`
    WITH clinic AS (SELECT * FROM unnest(${ids}::uuid[], ${serviceMonths}::text[]) AS c(tenant_id, service_month))
    SELECT p.id AS patient_id, p.tenant_id, t.name AS clinic, p.first_name, p.last_name, pe.status::text AS status,
           pa.coordinator_user_id, u.name AS coordinator,
           ${ROLLUP_STAFF_LANE_MINUTES}::int AS minutes,
           count(*) OVER ()::int AS total
      FROM clinic c
      JOIN patient p ON p.tenant_id = c.tenant_id
      JOIN tenant t ON t.id = p.tenant_id
      JOIN program_enrollment pe ON pe.tenant_id = p.tenant_id AND pe.patient_id = p.id AND pe.program = 'ccm' AND pe.status = ANY(${PANEL_STATUSES}::enrollment_status[])
      LEFT JOIN panel_assignment pa ON pa.tenant_id = p.tenant_id AND pa.patient_id = p.id
      LEFT JOIN app_user u ON u.id = pa.coordinator_user_id
      LEFT JOIN patient_month pm ON pm.tenant_id = p.tenant_id AND pm.patient_id = p.id AND pm.service_month = c.service_month
     WHERE (${filter.tenantId ?? null}::uuid IS NULL OR p.tenant_id = ${filter.tenantId ?? null}::uuid)
       AND (${filter.coordinator ?? null}::text IS NULL
            OR (${filter.coordinator ?? null}::text = 'unassigned' AND pa.patient_id IS NULL)
            OR pa.coordinator_user_id = ${coordinatorId}::uuid)
       AND (${prefix}::text IS NULL OR p.name_key LIKE ${prefix} OR lower(p.first_name) LIKE ${prefix})
     ORDER BY p.last_name, p.first_name, p.id
     LIMIT ${filter.pageSize} OFFSET ${(filter.page - 1) * filter.pageSize}`;
  return {
    total: rows[0]?.total ?? 0,
    page: filter.page,
    pageSize: filter.pageSize,
    rows: rows.map((r) => ({ patientId: r.patient_id, tenantId: r.tenant_id, clinic: r.clinic, name: `${r.last_name}, ${r.first_name}`, programStatus: r.status, coordinatorUserId: r.coordinator_user_id, coordinator: r.coordinator, minutes: r.minutes })),
  };
}

/** The coordinator patients are given to: an active vendor coordinator. */
async function targetCoordinator(tx: ScopedTx, userId: string) {
  const user = await tx.appUser.findFirst({ where: { id: userId, kind: "vendor", status: { not: "deactivated" }, vendorRoles: { some: { role: "coordinator" } } }, select: { id: true, name: true, coordinatorAssignments: { select: { tenantId: true } } } });
  if (!user) throw notFound("That coordinator");
  return { ...user, clinics: new Set(user.coordinatorAssignments.map((a) => a.tenantId)) };
}

/**
 * Gives patients to a coordinator in one statement, and moves the open tasks the previous
 * coordinator held on those patients with them (so nothing waits in the old person's queue).
 * The coordinator must work each patient's clinic.
 */
export async function assignPatients(tx: ScopedTx, input: { patientIds: string[]; coordinatorUserId: string }, actorId: string) {
  const target = await targetCoordinator(tx, input.coordinatorUserId);
  const patients = await tx.patient.findMany({ where: { id: { in: input.patientIds } }, select: { id: true, tenantId: true, tenant: { select: { name: true } } } });
  if (patients.length !== new Set(input.patientIds).size) throw notFound(`${new Set(input.patientIds).size - patients.length} of these patients`);
  const outside = [...new Set(patients.filter((p) => !target.clinics.has(p.tenantId)).map((p) => p.tenant.name))];
  if (outside.length) throw invalidInput(`${target.name} does not work ${outside.join(" or ")}. Assign the clinic to them first.`);
  const before = await tx.panelAssignment.findMany({ where: { patientId: { in: patients.map((p) => p.id) } }, select: { tenantId: true, patientId: true, coordinatorUserId: true } });
  const moving = before.filter((b) => b.coordinatorUserId !== target.id);
  const unchanged = before.length - moving.length;
  const changing = patients.filter((p) => !before.some((b) => b.patientId === p.id && b.coordinatorUserId === target.id));
  if (changing.length) {
    await tx.$executeRaw`
      INSERT INTO panel_assignment (tenant_id, patient_id, coordinator_user_id, assigned_by)
      SELECT m.tenant_id, m.patient_id, ${target.id}::uuid, ${actorId}::uuid
        FROM unnest(${changing.map((p) => p.tenantId)}::uuid[], ${changing.map((p) => p.id)}::uuid[]) AS m(tenant_id, patient_id)
      ON CONFLICT (tenant_id, patient_id) DO UPDATE
        SET coordinator_user_id = EXCLUDED.coordinator_user_id, assigned_by = EXCLUDED.assigned_by, assigned_at = now()`;
  }
  const tasksMoved = moving.length
    ? await tx.$executeRaw`
        UPDATE task t SET assignee_user_id = ${target.id}::uuid
          FROM unnest(${moving.map((m) => m.tenantId)}::uuid[], ${moving.map((m) => m.patientId)}::uuid[], ${moving.map((m) => m.coordinatorUserId)}::uuid[]) AS m(tenant_id, patient_id, previous)
         WHERE t.tenant_id = m.tenant_id AND t.patient_id = m.patient_id AND t.status = 'open' AND t.assignee_user_id = m.previous`
    : 0;
  return { assigned: changing.length, unchanged, tasksMoved, tenantIds: [...new Set(patients.map((p) => p.tenantId))] };
}

/**
 * Moves a whole caseload within one clinic: every patient coordinator `from` holds there (or every
 * unassigned panel patient, `from: "unassigned"`) goes to `to`.
 */
export async function moveCaseload(tx: ScopedTx, input: { tenantId: string; from: string; to: string }, actorId: string) {
  if (input.from === input.to) throw invalidInput("Choose a different coordinator to move the patients to.");
  const rows =
    input.from === "unassigned"
      ? await tx.$queryRaw<{ patient_id: string }[]>`
          SELECT pe.patient_id FROM program_enrollment pe
            LEFT JOIN panel_assignment pa ON pa.tenant_id = pe.tenant_id AND pa.patient_id = pe.patient_id
           WHERE pe.tenant_id = ${input.tenantId}::uuid AND pe.program = 'ccm' AND pe.status = ANY(${PANEL_STATUSES}::enrollment_status[]) AND pa.patient_id IS NULL`
      : await tx.$queryRaw<{ patient_id: string }[]>`
          SELECT patient_id FROM panel_assignment WHERE tenant_id = ${input.tenantId}::uuid AND coordinator_user_id = ${input.from}::uuid`;
  if (rows.length === 0) throw invalidState(input.from === "unassigned" ? "This clinic has no unassigned patients." : "That coordinator has no patients in this clinic.");
  return assignPatients(tx, { patientIds: rows.map((r) => r.patient_id), coordinatorUserId: input.to }, actorId);
}

/** Takes a clinic from a coordinator, refused while they still hold patients there. */
export async function ensureNoPatientsLeft(tx: ScopedTx, input: { userId: string; tenantId: string }) {
  const left = await tx.panelAssignment.count({ where: { tenantId: input.tenantId, coordinatorUserId: input.userId } });
  if (left > 0) throw invalidState(`This coordinator still has ${left} ${left === 1 ? "patient" : "patients"} in this clinic. Move them to someone else first.`);
}
