import type { ScopedTx } from "@carefold/db";

export interface OutgoingMail {
  to: string;
  subject: string;
  bodyText: string;
  kind: "invitation" | "password_reset" | "access_granted" | "membership_invitation";
}

/**
 * Queues an e-mail in the transactional outbox, in the same transaction as the change that
 * caused it; the worker delivers it (locally: the outbox is the demo mailbox). No PHI in mail.
 */
export async function queueMail(tx: ScopedTx, mail: OutgoingMail): Promise<void> {
  await tx.mailOutbox.create({
    data: { toAddress: mail.to, subject: mail.subject, bodyText: mail.bodyText, kind: mail.kind },
  });
}
