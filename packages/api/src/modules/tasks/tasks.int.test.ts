import { withTenantScope } from "@carefold/db";
import { createTestTenant, getTestDatabase } from "@carefold/db/testing";
import { expect, it } from "vitest";
import { TestBrowser, createUser, signIn, testConfig } from "../../testing/api-test-kit.js";
import { createTask } from "./tasks.service.js";

const config = testConfig();

it("manual tasks close with an outcome; automatic ones are created once per key; notes are immutable", async () => {
  const db = getTestDatabase().db;
  const tenantId = (await createTestTenant(db)).id;
  const coordinator = await createUser(db, config, { kind: "vendor", vendorRoles: ["coordinator"], withTotp: true });
  const patientId = await withTenantScope(db, { tenantIds: [tenantId] }, async (tx) => {
    await tx.coordinatorAssignment.create({ data: { tenantId, userId: coordinator.id } });
    return (await tx.patient.create({ data: { tenantId, firstName: "Ida", lastName: "Task", dateOfBirth: new Date("1950-01-01"), timeZone: "America/Chicago" } })).id;
  });
  const browser = new TestBrowser(db, config, "workspace");
  await signIn(browser, coordinator);
  const { taskId } = await browser.call((c) => c.tasks.create({ patientId, title: "Call about refill", dueOn: "2026-12-01" }));
  expect(await browser.call((c) => c.tasks.open({ mineOnly: true }))).toEqual([expect.objectContaining({ id: taskId, title: "Call about refill", dueOn: "2026-12-01", kind: "manual" })]);
  await expect(browser.call((c) => c.tasks.close({ taskId, status: "done", outcome: "" }))).rejects.toMatchObject({ code: "BAD_REQUEST" });
  await browser.call((c) => c.tasks.close({ taskId, status: "done", outcome: "Refill sent to pharmacy" }));
  expect(await browser.call((c) => c.tasks.open({}))).toEqual([]);
  await expect(browser.call((c) => c.tasks.close({ taskId, status: "done", outcome: "again" }))).rejects.toMatchObject({ code: "PRECONDITION_FAILED" });

  const auto = (tx: Parameters<typeof createTask>[0]) => createTask(tx, { tenantId, patientId, kind: "below_pace", title: "Below pace", dueOn: "2026-11-25", sourceKey: `below_pace:${patientId}:2026-11` }, null);
  const [a, b] = await Promise.all([withTenantScope(db, { tenantIds: [tenantId] }, auto), withTenantScope(db, { tenantIds: [tenantId] }, auto)].map((p) => p.catch((e) => e)));
  const ok = [a, b].filter((r) => !(r instanceof Error));
  expect(ok.length).toBeGreaterThanOrEqual(1);
  expect(await withTenantScope(db, { tenantIds: [tenantId] }, (tx) => tx.task.count({ where: { kind: "below_pace" } }))).toBe(1);

  await browser.call((c) => c.tasks.addNote({ patientId, body: "Discussed inhaler technique." }));
  expect((await browser.call((c) => c.tasks.notes({ patientId })))[0]).toMatchObject({ kind: "interaction", body: "Discussed inhaler technique." });
  await expect(withTenantScope(db, { tenantIds: [tenantId] }, (tx) => tx.note.updateMany({ data: { body: "changed" } }))).rejects.toThrow(/permission denied/);
});
