import type { Db } from "@carefold/db";

export const DELIVER_MAIL_QUEUE = "mail.deliver";

/** How mail leaves the building. Local mode keeps messages in the outbox (the demo mailbox). */
export interface MailTransport {
  readonly name: string;
  send(message: { to: string; subject: string; bodyText: string }): Promise<void>;
}

/** The local transport: delivery is the outbox row itself, shown in the workspace's mailbox. */
export const localMailTransport: MailTransport = { name: "local-mailbox", send: async () => {} };

/**
 * Delivers pending outbox mail. Each message is claimed with FOR UPDATE SKIP LOCKED so two workers
 * never send the same one; a failure is recorded and retried with exponential backoff (1, 2, 4, 8 minutes; 5 tries).
 */
export async function deliverPendingMail(db: Db, transport: MailTransport, batchSize = 50): Promise<{ delivered: number; failed: number }> {
  let delivered = 0;
  let failed = 0;
  for (let i = 0; i < batchSize; i++) {
    const done = await db.$transaction(async (tx) => {
      const [row] = await tx.$queryRaw<{ id: string; to_address: string; subject: string; body_text: string; attempts: number }[]>`
        SELECT id, to_address, subject, body_text, attempts FROM mail_outbox
         WHERE delivered_at IS NULL AND attempts < 5 AND next_attempt_at <= now()
         ORDER BY next_attempt_at LIMIT 1 FOR UPDATE SKIP LOCKED`;
      if (!row) return null;
      try {
        await transport.send({ to: row.to_address, subject: row.subject, bodyText: row.body_text });
        await tx.mailOutbox.update({ where: { id: row.id }, data: { deliveredAt: new Date(), attempts: row.attempts + 1, lastError: null } });
        return "delivered";
      } catch (error) {
        const backoffMinutes = 2 ** row.attempts;
        await tx.mailOutbox.update({
          where: { id: row.id },
          data: { attempts: row.attempts + 1, nextAttemptAt: new Date(Date.now() + backoffMinutes * 60_000), lastError: String((error as Error).message).slice(0, 500) },
        });
        return "failed";
      }
    });
    if (done === null) break;
    if (done === "delivered") delivered++;
    else failed++;
  }
  return { delivered, failed };
}
