import { getTestDatabase, createTestTenant } from "@carefold/db/testing";
import { withTenantScope } from "@carefold/db";
import { describe, expect, it } from "vitest";
import { deliverPendingMail, type MailTransport } from "./deliver-mail.job.js";
import { verifyAuditChains } from "./verify-audit-chains.job.js";

describe("mail delivery", () => {
  it("delivers each pending message once, records failures and retries them later", async () => {
    const { db } = getTestDatabase();
    await db.mailOutbox.createMany({
      data: [
        { toAddress: "a@example.org", subject: "A", bodyText: "a", kind: "invitation" },
        { toAddress: "bounce@example.org", subject: "B", bodyText: "b", kind: "invitation" },
      ],
    });
    const sent: string[] = [];
    let isBouncing = true;
    const transport: MailTransport = {
      name: "test",
      send: async ({ to }) => {
        if (to.startsWith("bounce") && isBouncing) throw new Error("mailbox unavailable");
        sent.push(to);
      },
    };
    const [one, two] = await Promise.all([deliverPendingMail(db, transport), deliverPendingMail(db, transport)]);
    expect(one.delivered + two.delivered).toBe(1);
    expect(one.failed + two.failed).toBe(1);
    expect(sent).toEqual(["a@example.org"]);
    const bounced = await db.mailOutbox.findFirstOrThrow({ where: { toAddress: "bounce@example.org" } });
    expect(bounced).toMatchObject({ deliveredAt: null, attempts: 1, lastError: "mailbox unavailable" });

    isBouncing = false;
    expect(await deliverPendingMail(db, transport)).toEqual({ delivered: 0, failed: 0 }); // backing off
    await db.mailOutbox.updateMany({ data: { nextAttemptAt: new Date(Date.now() - 1000) } });
    expect(await deliverPendingMail(db, transport)).toEqual({ delivered: 1, failed: 0 });
    expect(sent).toEqual(["a@example.org", "bounce@example.org"]);
    expect(await deliverPendingMail(db, transport)).toEqual({ delivered: 0, failed: 0 });
  });
});

describe("audit chain verification job", () => {
  it("verifies every tenant chain and the platform chain and records the result", async () => {
    const { db } = getTestDatabase();
    const tenant = await createTestTenant(db);
    await withTenantScope(db, { tenantIds: [tenant.id] }, (tx) =>
      tx.auditEvent.create({ data: { tenantId: tenant.id, action: "test.event", outcome: "success" } }),
    );
    const result = await verifyAuditChains(db);
    expect(result.broken).toEqual([]);
    expect(result.chains).toBeGreaterThanOrEqual(2);
    const recorded = await db.platformAuditEvent.findFirstOrThrow({ where: { action: "audit.chainVerified" } });
    expect(recorded.outcome).toBe("success");
  });
});
