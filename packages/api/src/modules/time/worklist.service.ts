import { isCallableNow } from "@carefold/ccm-rules";
import type { ScopedTx } from "@carefold/db";
import { invalidInput } from "../../errors.js";
import { clinicCalendars, rollOverSql, worklistSql, type WorklistFilter } from "./worklist-query.js";

export type { WorklistFilter } from "./worklist-query.js";

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
 * contact. Reads the worklist rows (kept from the patient-month rollups by triggers), never live
 * entries; filters and pages in the database (see worklist-query.ts for how it stays fast).
 * "Callable now" (8:00–21:00 in the patient's own zone, DST-safe) filters in SQL and is shown per
 * row by the rules package (the two agree; the worklist tests check both).
 */
export async function getWorklist(tx: ScopedTx, coordinatorId: string, tenantIds: readonly string[], filter: WorklistFilter, now = new Date()) {
  const tenants = await tx.tenant.findMany({ where: { id: { in: [...tenantIds] } }, select: { id: true, name: true, timeZone: true } });
  const clinics = clinicCalendars(tenants, now);
  await tx.$executeRaw(rollOverSql(clinics));
  const read = async (f: WorklistFilter) => {
    const rows = await tx.$queryRaw<Row[]>(worklistSql(clinics, coordinatorId, f, now));
    return f.before === undefined ? rows : rows.reverse();
  };
  let rows = await read(filter);
  const isBackward = filter.before !== undefined;
  const isAnchored = filter.after !== undefined || isBackward;
  // Back at the top (a short page going backwards), or the anchor patient left the queue: the top page.
  const isTop = !isAnchored || (isBackward && rows.length <= filter.pageSize) || rows.length === 0;
  if (isAnchored && isTop) rows = await read({ ...filter, after: undefined, before: undefined });
  const hasMore = rows.length > filter.pageSize;
  // Forward: the extra row is the last; backward (reversed): it is the first.
  const page = hasMore ? (isBackward && !isTop ? rows.slice(1) : rows.slice(0, filter.pageSize)) : rows;
  // A page holds a handful of time zones: format each zone's clock once (an Intl formatter is costly).
  const localTimes = new Map<string, string>();
  const localTimeIn = (zone: string) => {
    let time = localTimes.get(zone);
    if (time === undefined) localTimes.set(zone, (time = new Intl.DateTimeFormat("en-US", { timeZone: zone, hour: "numeric", minute: "2-digit" }).format(now)));
    return time;
  };
  const enriched = page.map((r) => {
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
      /** Whose panel the patient is on: the "Mine" view also lists unassigned patients to pick up. */
      panel: r.coordinator_user_id === coordinatorId ? ("mine" as const) : r.coordinator_user_id === null ? ("unassigned" as const) : ("other" as const),
      patientTimeZone: r.time_zone,
      patientLocalTime: localTimeIn(r.time_zone),
      isCallableNow: isCallableNow(now, r.time_zone),
    };
  });
  return {
    total: Number(page[0]?.total ?? 0),
    pageSize: filter.pageSize,
    isTop,
    rows: enriched,
    /** Patient ids to page from (never names: they end up in URLs). */
    nextAfter: (isBackward && !isTop) || hasMore ? (enriched.at(-1)?.patientId ?? null) : null,
    previousBefore: isTop ? null : (enriched[0]?.patientId ?? null),
  };
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
