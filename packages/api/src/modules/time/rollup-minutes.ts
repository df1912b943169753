import { Prisma } from "@carefold/db";

/**
 * A patient-month rollup's minutes toward the staff lanes as @carefold/ccm-rules counts them:
 * clinical staff and billing-practitioner seconds together, floored once (not each role's floored
 * minutes added: 10:30 + 10:30 is 21 minutes). For queries that read `patient_month` as `pm`
 * (LEFT JOIN: no rollup is 0). The worklist's trigger keeps `worklist_patient.minutes` the same
 * way (migration 20261208200000; decision 0037).
 */
export const ROLLUP_STAFF_LANE_MINUTES = Prisma.sql`coalesce((pm.staff_seconds + pm.practitioner_seconds) / 60, 0)`;
