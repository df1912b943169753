import { deliverQueuedSms, recoverStuckSms } from "@carefold/api";
import type { Db } from "@carefold/db";

/** Sends queued texts (retries with backoff live on the message row; see deliverQueuedSms). */
export const DELIVER_SMS_QUEUE = "deliver-sms";

export type Telephony = Parameters<typeof deliverQueuedSms>[1];

/**
 * First settles texts a stopped worker left in `sending` (looked up at the provider, never sent
 * blind), then sends what is due.
 */
export async function deliverSms(db: Db, telephony: Telephony) {
  const recovered = await recoverStuckSms(db, telephony);
  const delivered = await deliverQueuedSms(db, telephony);
  return { ...delivered, recovered };
}
