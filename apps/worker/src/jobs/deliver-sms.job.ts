import { deliverQueuedSms } from "@carefold/api";
import type { Db } from "@carefold/db";

/** Sends queued texts (retries with backoff live on the message row; see deliverQueuedSms). */
export const DELIVER_SMS_QUEUE = "deliver-sms";

export type Telephony = Parameters<typeof deliverQueuedSms>[1];

export function deliverSms(db: Db, telephony: Telephony) {
  return deliverQueuedSms(db, telephony);
}
