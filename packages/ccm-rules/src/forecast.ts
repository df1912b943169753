import { getClinicLocalTime } from "./clinic-time.js";
import { getDaysInMonth, parseMonthIndex } from "./dates.js";
import type { NextThreshold } from "./types.js";

export type ForecastLevel = "met" | "on_track" | "at_risk" | "critical" | "not_billable";

/** What the forecast needs; most fields come straight from `evaluatePatientMonth`. */
export interface ForecastInput {
  serviceMonth: string;
  /** The current instant. */
  now: Date;
  /** The clinic's IANA time zone; month boundaries and "today" are clinic-local. */
  timeZone: string;
  /** Countable minutes so far in the lane in use (`countedMinutes.staff`, or `.practitioner` in the practitioner lane). */
  countedMinutes: number;
  /** `PatientMonthResult.next`. */
  next: NextThreshold | null;
  /** `PatientMonthResult.lane !== null`: a base code already bills. */
  isBaseMet: boolean;
  /** `isMonthBlocked(result.findings)`: calls cannot make the month billable. */
  isBlocked?: boolean;
  /** Countable minutes per clinic-local day for the last N days (any order). */
  recentDailyMinutes?: readonly number[];
  /** Alternative to `recentDailyMinutes`: minutes counted in the last `days` days. */
  recentMinutes?: { minutes: number; days: number };
}

export interface ForecastOptions {
  /** Not on track with this many days left or fewer → critical. */
  criticalDaysLeft: number;
  /** Not on track and needing more than this many minutes a day → critical. */
  criticalMinutesPerDay: number;
}

export const DEFAULT_FORECAST_OPTIONS: Readonly<ForecastOptions> = Object.freeze({
  criticalDaysLeft: 5,
  criticalMinutesPerDay: 10,
});

export interface MonthEndForecast {
  level: ForecastLevel;
  /** 0–99, higher = call sooner; bands: on_track 1–33, at_risk 34–66, critical 67–99, else 0. */
  riskScore: number;
  isOnTrack: boolean;
  targetCode: string | null;
  minutesNeeded: number;
  /** Clinic-local calendar days left in the month, today included. */
  daysLeft: number;
  /** Minutes a day needed to reach the target; null when no day is left or no target. */
  minutesPerDayNeeded: number | null;
  paceMinutesPerDay: number;
  /** Counted minutes plus pace × days left, rounded down. */
  projectedMinutes: number;
}

function measurePace(input: ForecastInput, daysElapsed: number): number {
  const daily = input.recentDailyMinutes;
  if (daily !== undefined && daily.length > 0)
    return daily.reduce((sum, m) => sum + m, 0) / daily.length;
  const recent = input.recentMinutes;
  if (recent !== undefined && recent.days > 0) return recent.minutes / recent.days;
  return daysElapsed > 0 ? input.countedMinutes / daysElapsed : 0;
}

function pickLevel(
  input: ForecastInput,
  daysLeft: number,
  isOnTrack: boolean,
  perDay: number,
  o: ForecastOptions,
): ForecastLevel {
  if (input.isBlocked === true) return "not_billable";
  if (input.next === null || daysLeft === 0) return input.isBaseMet ? "met" : "not_billable";
  if (isOnTrack) return "on_track";
  return daysLeft <= o.criticalDaysLeft || perDay > o.criticalMinutesPerDay
    ? "critical"
    : "at_risk";
}

const BAND_START: Record<ForecastLevel, number> = {
  met: 0,
  not_billable: 0,
  on_track: 1,
  at_risk: 34,
  critical: 67,
};

/**
 * Month-end forecast for the worklist: will the patient reach the next threshold (`next`) by
 * the end of the service month at the current pace? Days are clinic-local calendar days
 * computed with the zone's IANA rules, so DST changes and a UTC date that differs from the
 * clinic's date never shift a day. Pace is the recent daily average when given, else the
 * month-to-date average. The risk score keeps levels in separate bands so sorting by score
 * never ranks an on-track patient above an at-risk one; within a band, a missing base code
 * ranks above an add-on, then more minutes a day needed ranks higher.
 */
export function forecastMonthEnd(
  input: ForecastInput,
  options: Partial<ForecastOptions> = {},
): MonthEndForecast {
  const o = { ...DEFAULT_FORECAST_OPTIONS, ...options };
  const monthIndex = parseMonthIndex(input.serviceMonth);
  if (monthIndex < 0) throw new RangeError(`serviceMonth "${input.serviceMonth}" is not YYYY-MM`);
  if (!(input.countedMinutes >= 0)) throw new RangeError("countedMinutes must be ≥ 0");
  const local = getClinicLocalTime(input.now, input.timeZone);
  const daysInMonth = getDaysInMonth(Math.floor(monthIndex / 12), (monthIndex % 12) + 1);
  const order = local.year * 12 + local.month - 1 - monthIndex;
  const daysLeft = order < 0 ? daysInMonth : order === 0 ? daysInMonth - local.day + 1 : 0;
  const daysElapsed = order < 0 ? 0 : order === 0 ? local.day : daysInMonth;
  const pace = measurePace(input, daysElapsed);
  const minutesNeeded = input.next?.minutesNeeded ?? 0;
  const projectedMinutes = input.countedMinutes + Math.floor(pace * daysLeft);
  const perDay = daysLeft > 0 ? minutesNeeded / daysLeft : Number.POSITIVE_INFINITY;
  const reachesTarget = input.next !== null && daysLeft > 0 && pace * daysLeft >= minutesNeeded;
  const level = pickLevel(input, daysLeft, reachesTarget, perDay, o);
  const isOnTrack = level === "met" || level === "on_track";
  let riskScore = BAND_START[level];
  if (riskScore > 0) {
    const urgency = Math.min(1, perDay / o.criticalMinutesPerDay);
    riskScore += (input.isBaseMet ? 0 : 16) + Math.round(16 * urgency);
  }
  return {
    level,
    riskScore,
    isOnTrack,
    targetCode: input.next?.code ?? null,
    minutesNeeded,
    daysLeft,
    minutesPerDayNeeded: input.next === null || daysLeft === 0 ? null : Math.ceil(perDay),
    paceMinutesPerDay: Math.round(pace * 10) / 10,
    projectedMinutes,
  };
}
