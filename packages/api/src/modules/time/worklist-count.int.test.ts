// The worklist total comes from worklist_count, kept by statement triggers on worklist_patient
// (decision 0013). These tests change the facts the way the product does — enrolment status,
// panel owner, the patient's time zone, new months from time entries, the month roll-over, new
// patients, several rows in one statement, concurrent transactions — and check after every step
// that the counts equal counting worklist_patient itself.
import { randomUUID } from "node:crypto";
import fc from "fast-check";
import pg from "pg";
import { withTenantScope } from "@carefold/db";
import { listSyntheticCoordinators, seedSyntheticData } from "@carefold/db/synthetic";
import { getTestDatabase } from "@carefold/db/testing";
import { beforeAll, describe, expect, it } from "vitest";
import { createTimeEntry } from "./time-entries.service.js";
import { getWorklist } from "./worklist.service.js";

const SEEDED_AT = new Date("2026-11-20T15:00:00Z");
const STATUSES = ["identified", "outreach", "consented", "enrolled", "disenrolled"] as const;
const ZONES = ["America/Chicago", "America/Phoenix", "Pacific/Honolulu", "America/New_York"];

let tenantIds: string[];
let coordinatorIds: string[];
let patients: { id: string; tenantId: string }[];
const db = () => getTestDatabase().db;
const inScope = <T>(fn: Parameters<typeof withTenantScope<T>>[2]) => withTenantScope(db(), { tenantIds }, fn);

/** What the counts must be: worklist_patient counted directly. */
const COUNT_BY_KEY = `
  SELECT tenant_id::text, service_month, coordinator_user_id::text, time_zone, count(*)::int AS patients FROM worklist_patient
   WHERE ccm_status IN ('enrolled', 'consented') GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4`;
const KEPT_COUNTS = `
  SELECT tenant_id::text, service_month, coordinator_user_id::text, time_zone, patients FROM worklist_count
   WHERE patients <> 0 ORDER BY 1, 2, 3, 4`;

async function ownerQuery<T extends pg.QueryResultRow>(sql: string, params: unknown[] = []) {
  const client = new pg.Client({ connectionString: getTestDatabase().ownerUrl });
  await client.connect();
  try {
    // The owner is subject to the forced policies as well: scope it to the test's clinics.
    await client.query("BEGIN");
    await client.query("SELECT set_config('carefold.tenant_ids', $1, true)", [tenantIds.join(",")]);
    const { rows } = await client.query<T>(sql, params);
    await client.query("COMMIT");
    return rows;
  } finally {
    await client.end();
  }
}

async function expectCountsConsistent() {
  const [expected, kept] = [await ownerQuery(COUNT_BY_KEY), await ownerQuery(KEPT_COUNTS)];
  expect(kept).toEqual(expected);
}

type Command =
  | { kind: "status"; patients: number[]; status: (typeof STATUSES)[number] }
  | { kind: "assign"; patient: number; owner: number | null }
  | { kind: "zone"; patient: number; zone: string }
  | { kind: "entry"; patient: number; performedOn: string }
  | { kind: "view"; at: string }
  | { kind: "newPatient"; tenant: number; status: (typeof STATUSES)[number] };

const patientArb = fc.nat({ max: 39 });
const commandArb: fc.Arbitrary<Command> = fc.oneof(
  fc.record({ kind: fc.constant("status" as const), patients: fc.uniqueArray(patientArb, { minLength: 1, maxLength: 5 }), status: fc.constantFrom(...STATUSES) }),
  fc.record({ kind: fc.constant("assign" as const), patient: patientArb, owner: fc.option(fc.nat({ max: 1 }), { nil: null }) }),
  fc.record({ kind: fc.constant("zone" as const), patient: patientArb, zone: fc.constantFrom(...ZONES) }),
  // November (the seeded month) or December: a December entry moves the patient's row to December.
  fc.record({ kind: fc.constant("entry" as const), patient: patientArb, performedOn: fc.constantFrom("2026-11-10", "2026-11-19", "2026-12-03") }),
  // A worklist request rolls every queued row over to the clinic's month at that instant.
  fc.record({ kind: fc.constant("view" as const), at: fc.constantFrom("2026-11-21T15:00:00Z", "2026-12-04T15:00:00Z") }),
  fc.record({ kind: fc.constant("newPatient" as const), tenant: fc.nat({ max: 1 }), status: fc.constantFrom(...STATUSES) }),
);

async function run(cmd: Command) {
  switch (cmd.kind) {
    case "status": {
      // One statement for several patients: the trigger sees them in one transition table.
      const ids = cmd.patients.map((i) => patients[i]!.id);
      await inScope((tx) => tx.programEnrollment.updateMany({ where: { patientId: { in: ids }, program: "ccm" }, data: { status: cmd.status } }));
      return;
    }
    case "assign": {
      const p = patients[cmd.patient]!;
      await inScope(async (tx) => {
        if (cmd.owner === null) await tx.panelAssignment.deleteMany({ where: { tenantId: p.tenantId, patientId: p.id } });
        else {
          const coordinatorUserId = coordinatorIds[cmd.owner]!;
          await tx.panelAssignment.upsert({
            where: { tenantId_patientId: { tenantId: p.tenantId, patientId: p.id } },
            create: { tenantId: p.tenantId, patientId: p.id, coordinatorUserId, assignedBy: coordinatorUserId },
            update: { coordinatorUserId },
          });
        }
      });
      return;
    }
    case "zone": {
      const p = patients[cmd.patient]!;
      await inScope((tx) => tx.patient.update({ where: { tenantId_id: { tenantId: p.tenantId, id: p.id } }, data: { timeZone: cmd.zone } }));
      return;
    }
    case "entry": {
      const p = patients[cmd.patient]!;
      const performer = { userId: coordinatorIds[0]!, role: "clinical_staff" as const, isInUs: true, accountCreatedAt: new Date("2025-01-01") };
      await inScope((tx) =>
        createTimeEntry(tx, { patientId: p.id, clientRequestId: randomUUID(), minutes: 7, activity: "patient_call", source: "manual", performedOn: cmd.performedOn }, performer, new Date("2026-12-05T15:00:00Z")),
      );
      return;
    }
    case "view":
      await inScope((tx) => getWorklist(tx, coordinatorIds[0]!, tenantIds, { scope: "all", pageSize: 5 }, new Date(cmd.at)));
      return;
    case "newPatient": {
      const tenantId = tenantIds[cmd.tenant]!;
      await inScope(async (tx) => {
        const p = await tx.patient.create({ data: { tenantId, firstName: "New", lastName: randomUUID().slice(0, 8), dateOfBirth: new Date("1950-01-01"), timeZone: "America/Chicago" } });
        await tx.programEnrollment.create({ data: { tenantId, patientId: p.id, program: "ccm", status: cmd.status } });
      });
      return;
    }
  }
}

beforeAll(async () => {
  const { adminUrl, name } = getTestDatabase();
  const url = Object.assign(new URL(adminUrl), { pathname: `/${name}` }).toString();
  await seedSyntheticData(url, { clinics: 2, patientsPerClinic: 20, entriesPerPatient: 1, clinicsPerCoordinator: 2, coordinatorsPerGroup: 2, seed: 11, now: SEEDED_AT });
  const coordinators = await listSyntheticCoordinators(url, 11);
  tenantIds = coordinators[0]!.tenantIds;
  coordinatorIds = coordinators.map((c) => c.userId);
  patients = await inScope((tx) => tx.patient.findMany({ select: { id: true, tenantId: true }, orderBy: { id: "asc" } }));
  expect(patients).toHaveLength(40);
}, 120_000);

describe("worklist counts (trigger-kept)", () => {
  it("start equal to the rows after the bulk seed (rebuilt) and are not empty", async () => {
    expect((await ownerQuery(KEPT_COUNTS)).length).toBeGreaterThan(0);
    await expectCountsConsistent();
  });

  it("equal counting the rows after every step of 150 random command sequences", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(commandArb, { minLength: 1, maxLength: 8 }), async (commands) => {
        for (const cmd of commands) {
          await run(cmd);
          await expectCountsConsistent();
        }
      }),
      { numRuns: 150 },
    );
  }, 600_000);

  it("stay exact under concurrent transactions changing the same clinic's keys", async () => {
    await Promise.all(
      patients.slice(0, 20).map((_, i) =>
        run(i % 3 === 0 ? { kind: "status", patients: [i], status: i % 2 ? "enrolled" : "disenrolled" } : i % 3 === 1 ? { kind: "assign", patient: i, owner: i % 2 } : { kind: "zone", patient: i, zone: ZONES[i % 4]! }),
      ),
    );
    await expectCountsConsistent();
  });

  it("follow a deleted worklist row", async () => {
    await run({ kind: "status", patients: [5], status: "enrolled" });
    const before = await ownerQuery<{ n: number }>("SELECT coalesce(sum(patients), 0)::int AS n FROM worklist_count");
    const victim = patients[5]!;
    // The app role may not delete; a patient's deletion (retention, as the owner) cascades to this row.
    await ownerQuery("DELETE FROM worklist_patient WHERE patient_id = $1", [victim.id]);
    const after = await ownerQuery<{ n: number }>("SELECT coalesce(sum(patients), 0)::int AS n FROM worklist_count");
    expect(after[0]!.n).toBe(before[0]!.n - 1);
    await expectCountsConsistent();
  });

  it("give the worklist total without counting rows, equal to the rows in the queue", async () => {
    const page = await inScope((tx) => getWorklist(tx, coordinatorIds[0]!, tenantIds, { scope: "mine", pageSize: 5 }, new Date("2026-12-04T15:00:00Z")));
    const [queued] = await ownerQuery<{ n: number }>(
      "SELECT count(*)::int AS n FROM worklist_patient WHERE ccm_status IN ('enrolled', 'consented') AND (coordinator_user_id = $1 OR coordinator_user_id IS NULL) AND service_month = '2026-12'",
      [coordinatorIds[0]],
    );
    expect(queued!.n).toBeGreaterThan(5);
    expect(page.total).toBe(queued!.n);
  });
});
