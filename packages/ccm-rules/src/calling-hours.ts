import { getClinicLocalTime } from "./clinic-time.js";

/** Local calling window: from `startHour`:00 up to, not including, `endHour`:00. */
export interface CallingWindow {
  startHour: number;
  endHour: number;
}

/** 8 am–9 pm in the called person's zone, the TCPA window. */
export const DEFAULT_CALLING_WINDOW: Readonly<CallingWindow> = Object.freeze({
  startHour: 8,
  endHour: 21,
});

/**
 * True when `now` falls inside the calling window in `timeZone` (the patient's zone), e.g.
 * 08:00–20:59 by default. Uses the zone's own rules, so it is right across DST changes and in
 * zones without DST (Pacific/Honolulu, America/Phoenix). Throws `RangeError` for an unknown zone
 * or a window outside 0–24 — a guard must fail loudly, not allow a call.
 */
export function isCallableNow(
  now: Date,
  timeZone: string,
  window: CallingWindow = DEFAULT_CALLING_WINDOW,
): boolean {
  const { startHour, endHour } = window;
  if (
    !Number.isInteger(startHour) ||
    !Number.isInteger(endHour) ||
    startHour < 0 ||
    endHour > 24 ||
    startHour >= endHour
  ) {
    throw new RangeError(`Invalid calling window ${startHour}–${endHour}`);
  }
  const { hour } = getClinicLocalTime(now, timeZone);
  return hour >= startHour && hour < endHour;
}
