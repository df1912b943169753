import { STAFF_BASE_MINUTES, getClinicLocalTime } from "@carefold/ccm-rules";

/**
 * Minutes a patient should have by now to reach the base threshold (20) by month end at an even
 * pace: the threshold × completed clinic-local days ÷ days in the month, rounded down. On the 1st
 * nobody is behind; on the last day the pace is just under the threshold.
 */
export function paceMinutes(day: number, daysInMonth: number, threshold = STAFF_BASE_MINUTES): number {
  if (!Number.isInteger(day) || !Number.isInteger(daysInMonth) || day < 1 || daysInMonth < 28 || day > daysInMonth) {
    throw new RangeError(`day ${day} of a ${daysInMonth}-day month`);
  }
  return Math.floor((threshold * (day - 1)) / daysInMonth);
}

/** Below pace = not yet billable and behind the even pace for the clinic's month so far. */
export const isBelowPace = (minutes: number, pace: number, threshold = STAFF_BASE_MINUTES) => minutes < threshold && minutes < pace;

/** The clinic's service month and today's pace, from its own calendar (not the server's). */
export function clinicMonthPace(timeZone: string, now: Date) {
  const local = getClinicLocalTime(now, timeZone);
  const daysInMonth = new Date(Date.UTC(local.year, local.month, 0)).getUTCDate();
  return { serviceMonth: `${local.year}-${String(local.month).padStart(2, "0")}`, pace: paceMinutes(local.day, daysInMonth), day: local.day, daysInMonth };
}
