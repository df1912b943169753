import fc from "fast-check";
import { randomUUID } from "node:crypto";
import { withTenantScope } from "@carefold/db";
import { createTestTenant, getTestDatabase } from "@carefold/db/testing";
import { beforeAll, describe, expect, it } from "vitest";
import { correctTimeEntry, createTimeEntry, type Performer } from "./time-entries.service.js";
import { createUser, testConfig } from "../../testing/api-test-kit.js";

const db = () => getTestDatabase().db;
let tenantId: string;
let patientId: string;
let performer: Performer;
const NOW = new Date("2026-11-20T15:00:00Z");
const THIS_MONTH = "2026-11";
const LAST_MONTH = "2026-10";

beforeAll(async () => {
  tenantId = (await createTestTenant(db(), { timeZone: "America/Chicago" })).id;
  const user = await createUser(db(), testConfig(), { kind: "vendor", vendorRoles: ["coordinator"] });
  performer = { userId: user.id, role: "clinical_staff", isInUs: true, accountCreatedAt: new Date("2025-01-01") };
  patientId = await withTenantScope(db(), { tenantIds: [tenantId] }, async (tx) =>
    (await tx.patient.create({ data: { tenantId, firstName: "Tim", lastName: "Ledger", dateOfBirth: new Date("1950-01-01"), timeZone: "America/Chicago" } })).id,
  );
});

const inScope = <T>(fn: Parameters<typeof withTenantScope<T>>[2]) => withTenantScope(db(), { tenantIds: [tenantId] }, fn);

/** What the months must add up to, kept independently of the database. */
interface Model {
  entries: Map<string, { id: string; month: string; minutes: number; requestId: string; superseded: boolean }>;
  locked: Set<string>;
}

type Command =
  | { kind: "create"; month: string; minutes: number }
  | { kind: "retry" }
  | { kind: "concurrentDuplicate"; month: string; minutes: number }
  | { kind: "correct"; minutes: number }
  | { kind: "close"; month: string }
  | { kind: "reopen"; month: string };

const month = fc.constantFrom(THIS_MONTH, LAST_MONTH);
const commandArb: fc.Arbitrary<Command> = fc.oneof(
  fc.record({ kind: fc.constant("create" as const), month, minutes: fc.integer({ min: 1, max: 45 }) }),
  fc.constant({ kind: "retry" as const }),
  fc.record({ kind: fc.constant("concurrentDuplicate" as const), month, minutes: fc.integer({ min: 1, max: 45 }) }),
  fc.record({ kind: fc.constant("correct" as const), minutes: fc.integer({ min: 0, max: 45 }) }),
  fc.record({ kind: fc.constant("close" as const), month }),
  fc.record({ kind: fc.constant("reopen" as const), month }),
);

const dateIn = (m: string) => (m === THIS_MONTH ? "2026-11-10" : "2026-10-10");

async function run(model: Model, cmd: Command) {
  const last = [...model.entries.values()].at(-1);
  switch (cmd.kind) {
    case "create":
    case "concurrentDuplicate": {
      const requestId = randomUUID();
      const input = { patientId, clientRequestId: requestId, minutes: cmd.minutes, activity: "patient_call" as const, source: "manual" as const, performedOn: dateIn(cmd.month) };
      const attempts = cmd.kind === "create" ? [input] : [input, input];
      const results = await Promise.allSettled(attempts.map((i) => inScope((tx) => createTimeEntry(tx, i, performer, NOW))));
      if (model.locked.has(cmd.month)) {
        for (const r of results) expect(r).toMatchObject({ status: "rejected", reason: { message: expect.stringMatching(/is closed for this clinic/) } });
        return;
      }
      const ok = results.filter((r) => r.status === "fulfilled") as PromiseFulfilledResult<{ entryId: string; isDuplicate: boolean }>[];
      // Two identical concurrent submits: one writes, the other gets the same entry (or a unique
      // violation it can retry safely) — never two entries.
      expect(ok.length).toBeGreaterThanOrEqual(1);
      expect(new Set(ok.map((r) => r.value.entryId)).size).toBe(1);
      model.entries.set(ok[0]!.value.entryId, { id: ok[0]!.value.entryId, month: cmd.month, minutes: cmd.minutes, requestId, superseded: false });
      return;
    }
    case "retry": {
      if (!last) return;
      // A retried submit never writes a second entry, whether or not the month closed since.
      const again = await inScope((tx) => createTimeEntry(tx, { patientId, clientRequestId: last.requestId, minutes: last.minutes, activity: "patient_call", source: "manual", performedOn: dateIn(last.month) }, performer, NOW));
      expect(again).toMatchObject({ entryId: last.id, isDuplicate: true });
      return;
    }
    case "correct": {
      const target = [...model.entries.values()].filter((e) => !e.superseded).at(-1);
      if (!target) return;
      const requestId = randomUUID();
      const result = await inScope((tx) => correctTimeEntry(tx, { entryId: target.id, clientRequestId: requestId, minutes: cmd.minutes, reason: "wrong duration" }, performer)).catch((e) => e as Error);
      if (model.locked.has(target.month)) {
        expect(result).toBeInstanceOf(Error);
        return;
      }
      expect(result).not.toBeInstanceOf(Error);
      target.superseded = true;
      const id = (result as { entryId: string }).entryId;
      model.entries.set(id, { id, month: target.month, minutes: cmd.minutes, requestId, superseded: false });
      return;
    }
    case "close":
      await inScope((tx) => tx.serviceMonthLock.upsert({ where: { tenantId_serviceMonth: { tenantId, serviceMonth: cmd.month } }, create: { tenantId, serviceMonth: cmd.month }, update: {} }));
      model.locked.add(cmd.month);
      return;
    case "reopen":
      await inScope((tx) => tx.serviceMonthLock.deleteMany({ where: { tenantId, serviceMonth: cmd.month } }));
      model.locked.delete(cmd.month);
      return;
  }
}

async function assertMatchesModel(model: Model) {
  for (const m of [THIS_MONTH, LAST_MONTH]) {
    const expected = [...model.entries.values()].filter((e) => e.month === m && !e.superseded).reduce((n, e) => n + e.minutes, 0);
    const { rollup, live } = await inScope(async (tx) => {
      const pm = await tx.patientMonth.findUnique({ where: { tenantId_patientId_serviceMonth: { tenantId, patientId, serviceMonth: m } } });
      const [row] = await tx.$queryRaw<{ sum: bigint | null }[]>`
        SELECT sum(e.minutes) AS sum FROM time_entry e
         WHERE e.tenant_id = ${tenantId}::uuid AND e.patient_id = ${patientId}::uuid AND e.service_month = ${m}
           AND NOT EXISTS (SELECT 1 FROM time_entry c WHERE c.tenant_id = e.tenant_id AND c.corrects_entry_id = e.id)`;
      return { rollup: pm?.staffMinutes ?? 0, live: Number(row?.sum ?? 0) };
    });
    expect({ month: m, rollup, live }).toEqual({ month: m, rollup: expected, live: expected });
  }
}

describe("time entries (model-based)", () => {
  it("after every step of ≥ 500 random command sequences the rollup equals the entries and the model", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(commandArb, { minLength: 1, maxLength: 6 }), async (commands) => {
        // Each sequence starts from a new patient and no closed months.
        await inScope((tx) => tx.serviceMonthLock.deleteMany({ where: { tenantId } }));
        const fresh = await inScope(async (tx) => (await tx.patient.create({ data: { tenantId, firstName: "Seq", lastName: randomUUID().slice(0, 8), dateOfBirth: new Date("1950-01-01"), timeZone: "America/Chicago" } })).id);
        patientId = fresh;
        const model: Model = { entries: new Map(), locked: new Set() };
        for (const cmd of commands) {
          await run(model, cmd);
          await assertMatchesModel(model);
        }
      }),
      { numRuns: 500 },
    );
  }, 600_000);
});
