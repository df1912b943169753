import { getTestDatabase, createTestTenant } from "@carefold/db/testing";
import { withTenantScope } from "@carefold/db";
import { describe, expect, it } from "vitest";
import { deliverPendingMail, type MailTransport } from "./deliver-mail.job.js";
import { verifyAuditChains } from "./verify-audit-chains.job.js";
import { checkpointAuditChains } from "./checkpoint-audit-chains.job.js";
import { createFileCheckpointStore } from "@carefold/api";
import { randomBytes } from "node:crypto";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generateAutomaticTasks } from "./generate-tasks.job.js";

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

describe("audit checkpoints (issue 17 item 11)", () => {
  it("the hourly job signs the chain heads outside the database; the daily check fails on a forged checkpoint", async () => {
    const { db } = getTestDatabase();
    const dir = await mkdtemp(join(tmpdir(), "worker-checkpoints-"));
    const checkpointing = { store: createFileCheckpointStore(dir), key: randomBytes(32) };
    const tenant = await createTestTenant(db);
    await withTenantScope(db, { tenantIds: [tenant.id] }, (tx) =>
      tx.auditEvent.create({ data: { tenantId: tenant.id, action: "test.event", outcome: "success" } }),
    );
    const written = await checkpointAuditChains(db, checkpointing);
    expect(written.chains).toBeGreaterThanOrEqual(2);
    expect(await verifyAuditChains(db, checkpointing)).toMatchObject({ broken: [], anchorProblems: [] });

    const forged = { store: checkpointing.store, key: randomBytes(32) }; // a checkpoint signed with another key
    const result = await verifyAuditChains(db, forged);
    expect(result.anchorProblems).toEqual([{ chain: "checkpoint", status: "bad_signature" }]);
    const recorded = await db.platformAuditEvent.findFirstOrThrow({ where: { action: "audit.chainVerified" }, orderBy: { seq: "desc" } });
    expect(recorded.outcome).toBe("failure");
  });
});

describe("automatic tasks", () => {
  it("creates review-due, outreach-due and below-pace tasks once, however often it runs", async () => {
    const { db } = getTestDatabase();
    const tenant = await createTestTenant(db, { timeZone: "America/Chicago" });
    const today = new Date().toLocaleDateString("en-CA", { timeZone: "America/Chicago" });
    const ids = await withTenantScope(db, { tenantIds: [tenant.id] }, async (tx) => {
      const make = async (name: string) => (await tx.patient.create({ data: { tenantId: tenant.id, firstName: name, lastName: "Auto", dateOfBirth: new Date("1950-01-01"), timeZone: "America/Chicago" } })).id;
      const review = await make("Review");
      const outreach = await make("Outreach");
      const slow = await make("Slow");
      const plan = await tx.carePlan.create({ data: { tenantId: tenant.id, patientId: review, currentVersion: 1 } });
      await tx.carePlanVersion.create({ data: { tenantId: tenant.id, carePlanId: plan.id, version: 1, body: { reviewDueOn: today } } });
      await tx.programEnrollment.create({ data: { tenantId: tenant.id, patientId: outreach, program: "ccm", status: "outreach", updatedAt: new Date(Date.now() - 10 * 86_400_000) } });
      await tx.programEnrollment.create({ data: { tenantId: tenant.id, patientId: slow, program: "ccm", status: "enrolled" } });
      return { review, outreach, slow };
    });
    const first = await generateAutomaticTasks(db);
    expect(await generateAutomaticTasks(db)).toEqual({ created: 0 });
    const tasks = await withTenantScope(db, { tenantIds: [tenant.id] }, (tx) => tx.task.findMany());
    expect(tasks.length).toBe(first.created);
    const byKind = Object.fromEntries(tasks.map((t) => [t.kind, t.patientId]));
    expect(byKind.care_plan_review_due).toBe(ids.review);
    expect(byKind.outreach_due).toBe(ids.outreach);
    // Below pace depends on the calendar: from the 15th, when 20 minutes need more than 4 a day.
    const day = Number(today.slice(8, 10));
    const daysLeft = new Date(Number(today.slice(0, 4)), Number(today.slice(5, 7)), 0).getDate() - day + 1;
    expect(byKind.below_pace).toBe(day >= 15 && 20 > 4 * daysLeft ? ids.slow : undefined);
  });
});
