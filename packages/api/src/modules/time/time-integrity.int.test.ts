import { randomUUID } from "node:crypto";
import { withTenantScope } from "@carefold/db";
import { createTestTenant, getTestDatabase } from "@carefold/db/testing";
import { beforeAll, describe, expect, it } from "vitest";
import { createRequestContext, HEARTBEAT_HEADER } from "../../http/request-context.js";
import { appRouter } from "../../root.js";
import { createUser, makeRequest, signIn, TestBrowser, testConfig } from "../../testing/api-test-kit.js";
import { listReviewQueue } from "./review-queue.service.js";
import { createManualEntry, createTimeEntry, type Performer } from "./time-entries.service.js";
import { getTimers, heartbeat, pauseOwnTimer, removeIdleSpan, startTimer, stopTimer, STALE_GRACE_MINUTES } from "./timer.service.js";

/**
 * Issue 14 against PostgreSQL: overlap refused by the database (also across clinics and between
 * two concurrent transactions), idempotent saves, the timer's state machine, the heartbeat rule,
 * review reasons. Clocks are fixed relative to now (entries must not be in the future).
 */
const db = () => getTestDatabase().db;
const config = testConfig();
let clinicA: string;
let clinicB: string;
let patientA1: string;
let patientA2: string;
let patientB1: string;
let performer: Performer;

const BASE = Date.now() - 6 * 3600_000; // 6 hours ago: every span here lies in the past
const at = (minutes: number) => new Date(BASE + minutes * 60_000);
const iso = (minutes: number) => at(minutes).toISOString();
/** A unit of work in these clinics as `who` (a person only sees their own timers). */
const scope = (tenantIds: string[], who: Performer = performer) => <T>(fn: Parameters<typeof withTenantScope<T>>[2]) => withTenantScope(db(), { tenantIds, userId: who.userId }, fn);
const both = (who: Performer = performer) => scope([clinicA, clinicB], who);

async function newPatient(tenantId: string, lastName: string) {
  return withTenantScope(db(), { tenantIds: [tenantId] }, async (tx) =>
    (await tx.patient.create({ data: { tenantId, firstName: "Pat", lastName, dateOfBirth: new Date("1950-01-01"), timeZone: "America/Chicago" } })).id,
  );
}

/** A second coordinator, so each test's spans do not collide with another test's. */
async function freshPerformer(): Promise<Performer> {
  const user = await createUser(db(), config, { kind: "vendor", vendorRoles: ["coordinator"] });
  return { userId: user.id, role: "clinical_staff", isInUs: true, accountCreatedAt: new Date("2025-01-01") };
}

const timed = (patientId: string, fromMinute: number, seconds: number, extra: Partial<Parameters<typeof createTimeEntry>[1]> = {}) => ({
  patientId,
  clientRequestId: randomUUID(),
  activity: "care_plan_review" as const,
  source: "timer" as const,
  startedAt: iso(fromMinute),
  durationSeconds: seconds,
  ...extra,
});

beforeAll(async () => {
  clinicA = (await createTestTenant(db(), { name: "Alpha Clinic", timeZone: "America/Chicago" })).id;
  clinicB = (await createTestTenant(db(), { name: "Beta Clinic", timeZone: "America/Chicago" })).id;
  patientA1 = await newPatient(clinicA, "Anders");
  patientA2 = await newPatient(clinicA, "Bishop");
  patientB1 = await newPatient(clinicB, "Carver");
  performer = await freshPerformer();
});

describe("overlap is refused by the database", () => {
  it("names the other entry when the caller can see it", async () => {
    const me = await freshPerformer();
    await both()((tx) => createTimeEntry(tx, timed(patientA1, 0, 600), me));
    const refused = both()((tx) => createTimeEntry(tx, timed(patientA2, 5, 300), me));
    await expect(refused).rejects.toMatchObject({ code: "conflict", message: expect.stringMatching(/overlaps your entry for Anders, Pat on .+ – /) });
    // Back to back is fine: [0, 10) and [10, 15).
    await expect(both()((tx) => createTimeEntry(tx, timed(patientA2, 10, 300), me))).resolves.toMatchObject({ durationSeconds: 300 });
  });

  it("across clinics: an entry in a clinic the caller cannot open now still blocks, without its patient", async () => {
    const me = await freshPerformer();
    await scope([clinicA])((tx) => createTimeEntry(tx, timed(patientA1, 20, 600), me));
    const refused = scope([clinicB])((tx) => createTimeEntry(tx, timed(patientB1, 25, 120), me));
    await expect(refused).rejects.toMatchObject({ code: "conflict", message: expect.stringMatching(/overlaps another entry of yours \(saved just now, or in a clinic you cannot open now\)/) });
    await expect(refused).rejects.not.toMatchObject({ message: expect.stringContaining("Anders") });
  });

  it("two concurrent transactions on two connections: one commits, the other is refused", async () => {
    const me = await freshPerformer();
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let inserted!: () => void;
    const firstInserted = new Promise<void>((resolve) => (inserted = resolve));
    // Transaction 1 writes its entry and keeps the transaction open.
    const first = both()(async (tx) => {
      const r = await createTimeEntry(tx, timed(patientA1, 40, 600), me);
      inserted();
      await held;
      return r;
    });
    await firstInserted;
    // Transaction 2 cannot see the uncommitted row (the check in createTimeEntry passes), so its
    // INSERT waits on the exclusion constraint until transaction 1 commits, then fails.
    const second = both()((tx) => createTimeEntry(tx, timed(patientA2, 45, 600), me));
    // Its outcome is taken at once: it may be refused while the test still awaits the first, and a
    // refusal nobody has caught yet is an unhandled rejection that fails the whole run.
    const secondOutcome = second.then(
      (entry) => ({ refused: false as const, entry }),
      (error: unknown) => ({ refused: true as const, error }),
    );
    await new Promise((r) => setTimeout(r, 300));
    release();
    await expect(first).resolves.toMatchObject({ isDuplicate: false });
    await expect(secondOutcome).resolves.toMatchObject({ refused: true, error: { code: "conflict", message: expect.stringMatching(/overlaps another entry of yours/) } });
    const count = await both()((tx) => tx.timeEntry.count({ where: { performerUserId: me.userId } }));
    expect(count).toBe(1);
  });

  it("a rejected or corrected entry no longer holds its time; a correction keeps the original's time", async () => {
    const me = await freshPerformer();
    const original = await both()((tx) => createTimeEntry(tx, timed(patientA1, 60, 900), me));
    const { correctTimeEntry } = await import("./time-entries.service.js");
    const correction = await both()((tx) => correctTimeEntry(tx, { entryId: original.entryId, clientRequestId: randomUUID(), minutes: 10, reason: "Part was charting" }, me));
    const rows = await both()((tx) => tx.timeEntry.findMany({ where: { id: { in: [original.entryId, correction.entryId] } }, orderBy: { createdAt: "asc" } }));
    expect(rows.map((r) => [r.isSuperseded, r.durationSeconds, r.claimedMinutes])).toEqual([[true, 900, 15], [false, 600, 10]]);
    // The correction now holds [60, 75): a new entry there is refused.
    await expect(both()((tx) => createTimeEntry(tx, timed(patientA2, 62, 60), me))).rejects.toMatchObject({ code: "conflict" });
  });
});

describe("idempotent saves", () => {
  it("a retried save with the same request id returns the first entry and writes nothing", async () => {
    const me = await freshPerformer();
    const input = timed(patientA1, 90, 125);
    const first = await both()((tx) => createTimeEntry(tx, input, me));
    const again = await both()((tx) => createTimeEntry(tx, input, me));
    const together = await Promise.all([1, 2, 3].map(() => both()((tx) => createTimeEntry(tx, input, me))));
    expect(again).toMatchObject({ entryId: first.entryId, isDuplicate: true, durationSeconds: 125, claimedMinutes: 2 });
    for (const r of together) expect(r.entryId).toBe(first.entryId);
    expect(await both()((tx) => tx.timeEntry.count({ where: { performerUserId: me.userId } }))).toBe(1);
    const month = await both()((tx) => tx.patientMonth.findFirstOrThrow({ where: { patientId: patientA1, serviceMonth: first.serviceMonth } }));
    expect(month.staffSeconds % 60).toBeGreaterThanOrEqual(0);
  });
});

describe("timer state machine", () => {
  it("start, refuse a second, switch with pause, remove idle, resume with stop, stop; retried stop is the same entry", async () => {
    const me = await freshPerformer();
    const run = both(me);
    const t0 = at(120);
    const a = (await run((tx) => startTimer(tx, me, { patientId: patientA1, activity: "care_plan_review" }, t0))).timer;
    expect(a).toMatchObject({ state: "running", elapsedSeconds: 0, idlePromptMinutes: 5, patientName: "Anders, Pat" });
    // Another patient without a choice: a conflict naming the running timer's patient.
    await expect(run((tx) => startTimer(tx, me, { patientId: patientA2, activity: "other" }, at(121)))).rejects.toMatchObject({ code: "conflict", message: expect.stringContaining("Anders, Pat") });
    // Switch with pause: A pauses at 3 min, B runs.
    const b = (await run((tx) => startTimer(tx, me, { patientId: patientA2, activity: "other", switch: "pause" }, at(123)))).timer;
    const timers = await run((tx) => getTimers(tx, me.userId, at(124)));
    expect(timers.running?.timerId).toBe(b.timerId);
    expect(timers.paused).toEqual([expect.objectContaining({ timerId: a.timerId, elapsedSeconds: 180 })]);
    // B: "Was this time spent on the patient?" — no, for minute 125–127.
    await run((tx) => removeIdleSpan(tx, me.userId, { timerId: b.timerId, idleFrom: iso(125), idleTo: iso(127) }, at(127)));
    // Resume A, stopping B: B is saved with its measured seconds (123→128 minus 2 idle minutes).
    const resumed = await run((tx) => startTimer(tx, me, { patientId: patientA1, activity: "care_plan_review", switch: "stop", clientRequestId: `stop-b-${me.userId}` }, at(128)));
    expect(resumed.stoppedEntry).toMatchObject({ durationSeconds: 180, claimedMinutes: 3 });
    expect(resumed.timer).toMatchObject({ timerId: a.timerId, state: "running", elapsedSeconds: 180 });
    // Pause and stop A at 130: 3 + 2 minutes.
    await run((tx) => pauseOwnTimer(tx, me.userId, a.timerId, at(130)));
    const stopId = `stop-a-${me.userId}`;
    const stopped = await run((tx) => stopTimer(tx, me, { timerId: a.timerId, clientRequestId: stopId }, at(131)));
    expect(stopped.entry).toMatchObject({ durationSeconds: 300, claimedMinutes: 5, isDuplicate: false });
    const retried = await run((tx) => stopTimer(tx, me, { timerId: a.timerId, clientRequestId: stopId }, at(131)));
    expect(retried.entry).toMatchObject({ entryId: stopped.entry!.entryId, isDuplicate: true });
    expect((await run((tx) => getTimers(tx, me.userId, at(132)))).running).toBeNull();
    // The entries are measured spans: A's two pieces, B's piece without the idle span.
    const spans = await run((tx) => tx.$queryRaw<{ spans: string }[]>`SELECT spans::text FROM time_entry WHERE performer_user_id = ${me.userId}::uuid ORDER BY created_at`);
    expect(spans).toHaveLength(2);
    expect(spans[0]!.spans.match(/\[/g)).toHaveLength(2); // B: [123,125) and [127,128)
    expect(spans[1]!.spans.match(/\[/g)).toHaveLength(2); // A: [120,123) and [128,130)
  });

  it("one running timer per person in the database, even across clinics", async () => {
    const me = await freshPerformer();
    await scope([clinicA], me)((tx) => startTimer(tx, me, { patientId: patientA1, activity: "other" }, at(140)));
    // The clinic-B scope cannot see the running timer in clinic A; the unique index still refuses.
    await expect(scope([clinicB], me)((tx) => startTimer(tx, me, { patientId: patientB1, activity: "other" }, at(141)))).rejects.toMatchObject({ code: "conflict" });
  });

  it("a 2-second timer with 90 claimed minutes counts 2 seconds and goes to review with the reason", async () => {
    const me = await freshPerformer();
    const { timer } = await both(me)((tx) => startTimer(tx, me, { patientId: patientA1, activity: "other" }, at(150)));
    const { entry } = await both(me)((tx) => stopTimer(tx, me, { timerId: timer.timerId, clientRequestId: randomUUID(), claimedMinutes: 90, note: "Long call" }, new Date(at(150).getTime() + 2_000)));
    expect(entry).toMatchObject({ durationSeconds: 2, claimedMinutes: 90, reviewFlags: expect.arrayContaining(["claim_exceeds_measured", "long_entry"]) });
    const queue = await both(me)((tx) => listReviewQueue(tx));
    const row = queue.find((r) => r.id === entry!.entryId)!;
    expect(row).toMatchObject({ durationSeconds: 2, claimedMinutes: 90, note: "Long call", reasons: expect.arrayContaining(["Claimed minutes are more than the measured time"]) });
  });

  it("a stale running timer is paused at its last activity; a session that ends loses nothing", async () => {
    const me = await freshPerformer();
    const { timer } = await both(me)((tx) => startTimer(tx, me, { patientId: patientA2, activity: "other" }, at(160)));
    // Input at minute 164, then nothing: after the idle prompt (5) + grace, it pauses at 164.
    await both(me)((tx) => tx.$executeRaw`UPDATE work_timer SET last_activity_at = ${at(164)} WHERE id = ${timer.timerId}::uuid`);
    const later = at(164 + 5 + STALE_GRACE_MINUTES + 30);
    const timers = await both(me)((tx) => getTimers(tx, me.userId, later));
    expect(timers.running).toBeNull();
    expect(timers.paused[0]).toMatchObject({ timerId: timer.timerId, elapsedSeconds: 240 });
    const { entry } = await both(me)((tx) => stopTimer(tx, me, { timerId: timer.timerId, clientRequestId: randomUUID() }, later));
    expect(entry).toMatchObject({ durationSeconds: 240 });
  });
});

describe("manual and back-dated entries", () => {
  it("are placed at their clinic-local start; beyond the clinic's window they go to review", async () => {
    const me = await freshPerformer();
    await withTenantScope(db(), { tenantIds: [clinicA] }, (tx) => tx.$executeRaw`INSERT INTO tenant_setting (tenant_id, backdate_window_days) VALUES (${clinicA}::uuid, 3) ON CONFLICT (tenant_id) DO UPDATE SET backdate_window_days = 3`);
    const day = (daysBack: number) => new Date(Date.now() - daysBack * 86_400_000).toLocaleDateString("en-CA", { timeZone: "America/Chicago" });
    const recent = await both()((tx) => createManualEntry(tx, { patientId: patientA1, clientRequestId: randomUUID(), date: day(2), startTime: "09:30", durationMinutes: 15, activity: "lab_review" }, me));
    expect(recent.reviewFlags).not.toContain("backdated");
    const old = await both()((tx) => createManualEntry(tx, { patientId: patientA1, clientRequestId: randomUUID(), date: day(5), startTime: "09:30", durationMinutes: 15, activity: "lab_review", note: "Found in fax" }, me));
    expect(old.reviewFlags).toContain("backdated");
    const started = await both()((tx) => tx.timeEntry.findFirstOrThrow({ where: { id: old.entryId } }));
    // 09:30 in Chicago is 15:30 or 14:30 UTC (daylight saving).
    expect(started.startedAt!.toISOString()).toMatch(/T1[45]:30:00/);
    expect(started.durationSeconds).toBe(900);
    // The same start again (another patient) is an overlap.
    await expect(both()((tx) => createManualEntry(tx, { patientId: patientA2, clientRequestId: randomUUID(), date: day(5), startTime: "09:40", durationMinutes: 5, activity: "lab_review" }, me))).rejects.toMatchObject({ code: "conflict" });
  });

  it("two performers on one contact count once (the longest); the review list shows the overlap", async () => {
    const me = await freshPerformer();
    const other = { ...(await freshPerformer()), accountCreatedAt: new Date() }; // new staff: reviewed
    const contactId = randomUUID();
    const patient = await newPatient(clinicA, "Contact");
    await both()((tx) => createTimeEntry(tx, timed(patient, 200, 600, { contactId }), me));
    const second = await both()((tx) => createTimeEntry(tx, timed(patient, 199, 900, { contactId }), other));
    const month = await both()((tx) => tx.patientMonth.findFirstOrThrow({ where: { patientId: patient } }));
    expect(month.staffSeconds).toBe(900);
    const row = (await both()((tx) => listReviewQueue(tx))).find((r) => r.id === second.entryId)!;
    expect(row.overlap).toMatchObject({ isSameContact: true });
  });
});

describe("heartbeat", () => {
  async function session() {
    const user = await createUser(db(), config, { kind: "vendor", vendorRoles: ["coordinator"], withTotp: true });
    await withTenantScope(db(), { tenantIds: [clinicA] }, (tx) => tx.coordinatorAssignment.create({ data: { tenantId: clinicA, userId: user.id } }));
    const browser = new TestBrowser(db(), config, "workspace");
    await signIn(browser, user);
    return { user, browser };
  }
  const lastSeen = async (userId: string) => (await db().userSession.findFirstOrThrow({ where: { userId, revokedAt: null } })).lastSeenAt.getTime();
  const pushBack = (userId: string) => db().userSession.updateMany({ where: { userId }, data: { lastSeenAt: new Date(Date.now() - 10 * 60_000) } });
  async function beat(browser: TestBrowser, hadInput: boolean) {
    const request = makeRequest("workspace", { cookie: browser.cookie });
    request.headers.set(HEARTBEAT_HEADER, "1");
    const { ctx } = await createRequestContext(request, "workspace", db(), config);
    return appRouter.createCaller(ctx).time.heartbeat({ hadInput });
  }

  it("does not keep an idle session alive; a running timer does", async () => {
    const { user, browser } = await session();
    await pushBack(user.id);
    const before = await lastSeen(user.id);
    expect(await beat(browser, true)).toMatchObject({ keepsSessionAlive: false, reason: null });
    expect(await lastSeen(user.id)).toBe(before);

    const me: Performer = { userId: user.id, role: "clinical_staff", isInUs: true, accountCreatedAt: new Date("2025-01-01") };
    await withTenantScope(db(), { tenantIds: [clinicA], userId: user.id }, (tx) => startTimer(tx, me, { patientId: patientA1, activity: "other" }));
    expect(await beat(browser, false)).toMatchObject({ keepsSessionAlive: true, reason: "timer" });
    expect(await lastSeen(user.id)).toBeGreaterThan(before);
  });

  it("the heartbeat service moves the timer's last activity only with input", async () => {
    const me = await freshPerformer();
    const { timer } = await both(me)((tx) => startTimer(tx, me, { patientId: patientA2, activity: "other" }, at(300)));
    const sessionId = randomUUID();
    await db().userSession.create({ data: { id: sessionId, userId: me.userId, app: "workspace", tokenHash: randomUUID(), idleTimeoutMinutes: 15, expiresAt: new Date(Date.now() + 3600_000), lastSeenAt: at(300) } });
    const quiet = await both(me)((tx) => heartbeat(tx, me.userId, sessionId, { hadInput: false }, at(302)));
    expect(quiet.timer?.lastActivityAt).toBe(iso(300));
    const active = await both(me)((tx) => heartbeat(tx, me.userId, sessionId, { hadInput: true }, at(303)));
    expect(active).toMatchObject({ keepsSessionAlive: true, reason: "timer" });
    expect(active.timer?.lastActivityAt).toBe(iso(303));
    expect(active.timer?.timerId).toBe(timer.timerId);
  });
});
