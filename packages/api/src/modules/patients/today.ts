import { toClinicDate } from "@carefold/ccm-rules";

/** Today's date ('YYYY-MM-DD') in a clinic's or patient's time zone (service dates are local). */
export const todayIn = (timeZone: string, now = new Date()): string => toClinicDate(now, timeZone);
