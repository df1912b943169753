import { Prisma, type ScopedTx } from "@carefold/db";
import { STAFF_BASE_MINUTES } from "@carefold/ccm-rules";
import { notFound } from "../../errors.js";
import { STATUS_REASONS } from "../patients/enrollment.service.js";
import { todayIn } from "../patients/today.js";
import { collectionsByMonth, type CollectionsMonth } from "../remittance/remittance.service.js";
import { MINUTES_BUCKETS, monthsOf, type ReportRange } from "./reports.schemas.js";

/**
 * Where a month's numbers come from: a finished close (`closed`, `approved`), the rollups of the
 * clinic's current month (`open`, month to date), or nothing yet (`not_closed`: a past month
 * without a finished close — queued, running, reopened, failed or never requested; `future`).
 */
export type MonthState = "approved" | "closed" | "open" | "not_closed" | "future";

export interface RevenueMonth {
  month: string;
  state: MonthState;
  /** The close's own status when there is one (queued, running, reopened, failed …). */
  closeStatus: string | null;
  amountCents: number;
  byCode: { code: string; units: number; patients: number; amountCents: number }[];
}

export interface BillableRateMonth {
  month: string;
  state: MonthState;
  /** `close`: worksheet rows; `month_to_date`: enrolled patients and their minutes so far. */
  source: "close" | "month_to_date" | "none";
  evaluated: number;
  billable: number;
  blocked: number | null;
  belowThreshold: number | null;
  excluded: number | null;
  /** billable ÷ evaluated, 0–1; null when nothing was evaluated. */
  rate: number | null;
}

export interface MinutesDistribution {
  month: string;
  state: MonthState;
  /** `close`: counted minutes of the close; `rollup`: the current month so far; `none`: a past month not closed. */
  source: "close" | "rollup" | "none";
  patients: number;
  buckets: { key: string; label: string; patients: number }[];
}

export interface EnrollmentMonth {
  month: string;
  newEnrollments: number;
  disenrollments: number;
  byReason: { reason: string; label: string; count: number }[];
  enrolledAtEnd: number;
}

export interface ProductivityRow {
  month: string;
  performerUserId: string;
  performer: string;
  minutes: number;
  patients: number;
  entries: number;
}

export interface ClinicReport {
  clinic: { name: string; timeZone: string };
  from: string;
  to: string;
  currentMonth: string;
  months: { month: string; state: MonthState; closeStatus: string | null }[];
  revenue: { months: RevenueMonth[]; codes: string[]; totalCents: number };
  billableRate: BillableRateMonth[];
  minutes: MinutesDistribution;
  enrollment: EnrollmentMonth[];
  productivity: ProductivityRow[];
  /** Collected vs expected per service month, from uploaded 835s (the remittance page reads the same function). */
  collections: CollectionsMonth[];
}

const DISENROLL_LABELS: Record<string, string> = { ...STATUS_REASONS.disenrolled, unspecified: "No reason given" };
const BUCKET_BOUNDS = MINUTES_BUCKETS.map((b) => b.from);

/** The index in `MINUTES_BUCKETS` of a minute count, in SQL (the same bounds as `bucketIndexOf`). */
export const bucketIndexSql = (minutes: Prisma.Sql) =>
  Prisma.sql`greatest((SELECT count(*) FROM unnest(${BUCKET_BOUNDS}::int[]) b WHERE ${minutes} >= b) - 1, 0)::int`;

/**
 * A clinic's report over a month range (aggregates only, never a patient's name or id). Each
 * section is one set-based statement over the whole range; months are the clinic's service months.
 */
export async function getClinicReport(tx: ScopedTx, tenantId: string, range: ReportRange, now = new Date()): Promise<ClinicReport> {
  const tenant = await tx.tenant.findUnique({ where: { id: tenantId }, select: { name: true, timeZone: true } });
  if (!tenant) throw notFound("That clinic");
  const currentMonth = todayIn(tenant.timeZone, now).slice(0, 7);
  const { from, to } = range;

  const closes = await tx.$queryRaw<{ month: string; status: string }[]>`
    SELECT service_month AS month, status FROM month_close
     WHERE tenant_id = ${tenantId}::uuid AND service_month BETWEEN ${from} AND ${to}`;
  const closeOf = new Map(closes.map((c) => [c.month, c.status]));
  const stateOf = (month: string): MonthState => {
    const status = closeOf.get(month);
    if (status === "approved" || status === "closed") return status;
    if (month === currentMonth) return "open";
    return month > currentMonth ? "future" : "not_closed";
  };
  const months = monthsOf(from, to).map((month) => ({ month, state: stateOf(month), closeStatus: closeOf.get(month) ?? null }));

  // (a) Revenue: billable rows of finished closes, by billed code.
  const lines = await tx.$queryRaw<{ month: string; code: string; units: number; patients: number; amount_cents: bigint }[]>`
    SELECT w.service_month AS month, l.code, sum(l.units)::int AS units, count(DISTINCT w.patient_id)::int AS patients, sum(l."amountCents")::bigint AS amount_cents
      FROM worksheet_row w
      JOIN month_close c ON c.tenant_id = w.tenant_id AND c.service_month = w.service_month AND c.status IN ('closed', 'approved')
     CROSS JOIN LATERAL jsonb_to_recordset(w.lines) AS l(code text, units int, "amountCents" bigint)
     WHERE w.tenant_id = ${tenantId}::uuid AND w.service_month BETWEEN ${from} AND ${to} AND w.status = 'billable'
     GROUP BY w.service_month, l.code
     ORDER BY w.service_month, l.code`;
  const revenueMonths: RevenueMonth[] = months.map(({ month, state, closeStatus }) => {
    const byCode = lines.filter((l) => l.month === month).map((l) => ({ code: l.code, units: l.units, patients: l.patients, amountCents: Number(l.amount_cents) }));
    return { month, state, closeStatus, amountCents: byCode.reduce((s, c) => s + c.amountCents, 0), byCode };
  });
  const codes = [...new Set(lines.map((l) => l.code))].sort();

  // (b) Billable rate: worksheet rows of finished closes; the open month from the rollups.
  const rates = await tx.$queryRaw<{ month: string; evaluated: number; billable: number; blocked: number; below: number; excluded: number }[]>`
    SELECT w.service_month AS month, count(*)::int AS evaluated,
           count(*) FILTER (WHERE w.status = 'billable')::int AS billable,
           count(*) FILTER (WHERE w.status = 'blocked')::int AS blocked,
           count(*) FILTER (WHERE w.status = 'below_threshold')::int AS below,
           count(*) FILTER (WHERE w.status = 'excluded')::int AS excluded
      FROM worksheet_row w
      JOIN month_close c ON c.tenant_id = w.tenant_id AND c.service_month = w.service_month AND c.status IN ('closed', 'approved')
     WHERE w.tenant_id = ${tenantId}::uuid AND w.service_month BETWEEN ${from} AND ${to}
     GROUP BY w.service_month`;
  const openInRange = currentMonth >= from && currentMonth <= to && stateOf(currentMonth) === "open";
  const [mtd] = openInRange
    ? await tx.$queryRaw<{ enrolled: number; at_threshold: number }[]>`
        SELECT count(*)::int AS enrolled, count(*) FILTER (WHERE coalesce(pm.staff_minutes, 0) >= ${STAFF_BASE_MINUTES})::int AS at_threshold
          FROM program_enrollment e
          LEFT JOIN patient_month pm ON pm.tenant_id = e.tenant_id AND pm.patient_id = e.patient_id AND pm.service_month = ${currentMonth}
         WHERE e.tenant_id = ${tenantId}::uuid AND e.program = 'ccm' AND e.status = 'enrolled'`
    : [];
  const billableRate: BillableRateMonth[] = months.map(({ month, state }) => {
    const r = rates.find((x) => x.month === month);
    if (r) return { month, state, source: "close", evaluated: r.evaluated, billable: r.billable, blocked: r.blocked, belowThreshold: r.below, excluded: r.excluded, rate: r.evaluated ? r.billable / r.evaluated : null };
    if (month === currentMonth && mtd) {
      return { month, state, source: "month_to_date", evaluated: mtd.enrolled, billable: mtd.at_threshold, blocked: null, belowThreshold: null, excluded: null, rate: mtd.enrolled ? mtd.at_threshold / mtd.enrolled : null };
    }
    return { month, state, source: "none", evaluated: 0, billable: 0, blocked: null, belowThreshold: null, excluded: null, rate: null };
  });

  // (c) Minutes distribution for one month: the close's counted staff minutes, else the rollups.
  const newestClosed = [...months].reverse().find((m) => m.state === "closed" || m.state === "approved")?.month;
  const distMonth = range.month ?? newestClosed ?? (openInRange ? currentMonth : to);
  const distState = stateOf(distMonth);
  const isClosedDist = distState === "closed" || distState === "approved";
  // A past month without a finished close has no distribution: today's enrolled patients were not
  // necessarily that month's, and its minutes are not counted yet.
  const source: MinutesDistribution["source"] = isClosedDist ? "close" : distMonth === currentMonth ? "rollup" : "none";
  const bucketRows =
    source === "close"
      ? await tx.$queryRaw<{ bucket: number; patients: number }[]>`
        SELECT ${bucketIndexSql(Prisma.sql`w.staff_minutes`)} AS bucket, count(*)::int AS patients
          FROM worksheet_row w
         WHERE w.tenant_id = ${tenantId}::uuid AND w.service_month = ${distMonth}
         GROUP BY 1`
      : source === "rollup"
        ? await tx.$queryRaw<{ bucket: number; patients: number }[]>`
        SELECT ${bucketIndexSql(Prisma.sql`coalesce(pm.staff_minutes, 0)`)} AS bucket, count(*)::int AS patients
          FROM program_enrollment e
          LEFT JOIN patient_month pm ON pm.tenant_id = e.tenant_id AND pm.patient_id = e.patient_id AND pm.service_month = ${distMonth}
         WHERE e.tenant_id = ${tenantId}::uuid AND e.program = 'ccm' AND e.status = 'enrolled'
         GROUP BY 1`
        : [];
  const buckets = MINUTES_BUCKETS.map((b, i) => ({ key: b.key, label: b.label, patients: bucketRows.find((r) => r.bucket === i)?.patients ?? 0 }));
  const minutes: MinutesDistribution = {
    month: distMonth,
    state: distState,
    source,
    patients: buckets.reduce((s, b) => s + b.patients, 0),
    buckets,
  };

  // (d) Enrolment and churn (CCM): status intervals from the events, in the clinic's calendar.
  const enrollmentRows = await tx.$queryRaw<{ month: string; new_enrollments: number; disenrollments: number; enrolled_at_end: number }[]>`
    WITH months AS (
      SELECT to_char(d, 'YYYY-MM') AS month, d::timestamp AS starts, (d + interval '1 month')::timestamp AS ends
        FROM generate_series(${`${from}-01`}::date, ${`${to}-01`}::date, interval '1 month') AS d
    ), ev AS (
      SELECT e.to_status, e.from_status, e.at AT TIME ZONE ${tenant.timeZone} AS local_at,
             lead(e.at AT TIME ZONE ${tenant.timeZone}) OVER (PARTITION BY e.enrollment_id ORDER BY e.at, e.id) AS next_at
        FROM enrollment_event e
        JOIN program_enrollment pe ON pe.tenant_id = e.tenant_id AND pe.id = e.enrollment_id AND pe.program = 'ccm'
       WHERE e.tenant_id = ${tenantId}::uuid
    )
    SELECT m.month,
           count(*) FILTER (WHERE ev.to_status = 'enrolled' AND ev.from_status IS DISTINCT FROM 'enrolled' AND ev.local_at >= m.starts)::int AS new_enrollments,
           count(*) FILTER (WHERE ev.to_status = 'disenrolled' AND ev.local_at >= m.starts)::int AS disenrollments,
           count(*) FILTER (WHERE ev.to_status = 'enrolled' AND (ev.next_at IS NULL OR ev.next_at >= m.ends))::int AS enrolled_at_end
      FROM months m
      LEFT JOIN ev ON ev.local_at < m.ends AND (ev.next_at IS NULL OR ev.next_at >= m.starts)
     GROUP BY m.month
     ORDER BY m.month`;
  const reasons = await tx.$queryRaw<{ month: string; reason: string; count: number }[]>`
    SELECT to_char(e.at AT TIME ZONE ${tenant.timeZone}, 'YYYY-MM') AS month, coalesce(e.reason, 'unspecified') AS reason, count(*)::int AS count
      FROM enrollment_event e
      JOIN program_enrollment pe ON pe.tenant_id = e.tenant_id AND pe.id = e.enrollment_id AND pe.program = 'ccm'
     WHERE e.tenant_id = ${tenantId}::uuid AND e.to_status = 'disenrolled'
       AND e.at AT TIME ZONE ${tenant.timeZone} >= ${`${from}-01`}::date
       AND e.at AT TIME ZONE ${tenant.timeZone} < (${`${to}-01`}::date + interval '1 month')
     GROUP BY 1, 2
     ORDER BY 1, 3 DESC, 2`;
  const enrollment: EnrollmentMonth[] = enrollmentRows.map((r) => ({
    month: r.month,
    newEnrollments: r.new_enrollments,
    disenrollments: r.disenrollments,
    byReason: reasons.filter((x) => x.month === r.month).map((x) => ({ reason: x.reason, label: DISENROLL_LABELS[x.reason] ?? x.reason, count: x.count })),
    enrolledAtEnd: r.enrolled_at_end,
  }));

  // (e) Coordinator productivity: entries in force (not replaced by a correction, not rejected).
  const productivityRows = await tx.$queryRaw<{ month: string; performer_user_id: string; performer: string; minutes: number; patients: number; entries: number }[]>`
    SELECT t.service_month AS month, t.performer_user_id::text, u.name AS performer, sum(t.minutes)::int AS minutes,
           count(DISTINCT t.patient_id)::int AS patients, count(*)::int AS entries
      FROM time_entry t
      JOIN app_user u ON u.id = t.performer_user_id
     WHERE t.tenant_id = ${tenantId}::uuid AND t.service_month BETWEEN ${from} AND ${to}
       AND t.minutes > 0 AND t.review_status <> 'rejected'
       AND NOT EXISTS (SELECT 1 FROM time_entry c WHERE c.tenant_id = t.tenant_id AND c.corrects_entry_id = t.id)
     GROUP BY t.service_month, t.performer_user_id, u.name
     ORDER BY t.service_month, minutes DESC, u.name`;
  const productivity = productivityRows.map((r) => ({ month: r.month, performerUserId: r.performer_user_id, performer: r.performer, minutes: r.minutes, patients: r.patients, entries: r.entries }));

  return {
    clinic: tenant,
    from,
    to,
    currentMonth,
    months,
    revenue: { months: revenueMonths, codes, totalCents: revenueMonths.reduce((s, m) => s + m.amountCents, 0) },
    billableRate,
    minutes,
    enrollment,
    productivity,
    collections: await collectionsByMonth(tx, tenantId, monthsOf(from, to)),
  };
}
