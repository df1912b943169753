// The Calls & messages page: one newest-first list of calls and texts across a coordinator's
// clinics, "mine" or everyone's, filtered by kind, searched by patient name or phone number.
import { withTenantScope } from "@carefold/db";
import { createTestTenant, getTestDatabase } from "@carefold/db/testing";
import { beforeAll, describe, expect, it } from "vitest";
import { TestBrowser, createUser, signIn, testConfig, type CreatedUser } from "../../testing/api-test-kit.js";

const config = testConfig();
const db = () => getTestDatabase().db;

let clinicA: { id: string; name: string };
let clinicB: { id: string; name: string };
let unassigned: { id: string; name: string };
let me: CreatedUser;
let colleague: CreatedUser;
let browser: TestBrowser;
const at = (minute: number) => new Date(Date.UTC(2026, 10, 20, 15, minute));

async function patient(tenantId: string, firstName: string, lastName: string, coordinatorUserId: string | null) {
  return withTenantScope(db(), { tenantIds: [tenantId] }, async (tx) => {
    const p = await tx.patient.create({ data: { tenantId, firstName, lastName, dateOfBirth: new Date("1950-05-05"), timeZone: "America/Chicago", state: "MN" } });
    if (coordinatorUserId) await tx.panelAssignment.create({ data: { tenantId, patientId: p.id, coordinatorUserId } });
    return p.id;
  });
}

async function call(tenantId: string, patientId: string, userId: string, minute: number, extra: { disposition?: string; talkSeconds?: number; to?: string } = {}) {
  return withTenantScope(db(), { tenantIds: [tenantId] }, async (tx) =>
    (await tx.call.create({
      data: { tenantId, patientId, userId, direction: "outbound", fromE164: "+16125550100", toE164: extra.to ?? "+16125550111", status: "completed", disposition: extra.disposition ?? null, talkSeconds: extra.talkSeconds ?? null, createdAt: at(minute) },
    })).id,
  );
}

async function text(tenantId: string, patientId: string, minute: number, input: { sentBy?: string; inbound?: boolean; body: string; phone?: string }) {
  const phone = input.phone ?? "+16125550111";
  return withTenantScope(db(), { tenantIds: [tenantId] }, async (tx) =>
    (await tx.smsMessage.create({
      data: {
        tenantId, patientId, direction: input.inbound ? "inbound" : "outbound", fromE164: input.inbound ? phone : "+16125550100", toE164: input.inbound ? "+16125550100" : phone,
        body: input.body, status: input.inbound ? "received" : "delivered", sentBy: input.sentBy ?? null, createdAt: at(minute),
      },
    })).id,
  );
}

const ids = new Map<string, string>();

beforeAll(async () => {
  clinicA = await createTestTenant(db(), { name: "Aspen Clinic" });
  clinicB = await createTestTenant(db(), { name: "Birch Clinic" });
  unassigned = await createTestTenant(db(), { name: "Cedar Clinic" });
  me = await createUser(db(), config, { kind: "vendor", vendorRoles: ["coordinator"], withTotp: true });
  colleague = await createUser(db(), config, { kind: "vendor", vendorRoles: ["coordinator"] });
  for (const clinic of [clinicA, clinicB]) {
    await withTenantScope(db(), { tenantIds: [clinic.id] }, (tx) => tx.coordinatorAssignment.create({ data: { tenantId: clinic.id, userId: me.id } }));
  }
  const ada = await patient(clinicA.id, "Ada", "Lovelace", me.id);
  const alan = await patient(clinicB.id, "Alan", "Turing", colleague.id);
  const grace = await patient(unassigned.id, "Grace", "Hopper", null);
  ids.set("my call", await call(clinicA.id, ada, me.id, 1, { disposition: "answered", talkSeconds: 310 }));
  ids.set("my voicemail", await call(clinicB.id, alan, me.id, 2, { disposition: "voicemail", talkSeconds: 25, to: "+16515550199" }));
  ids.set("colleague's call", await call(clinicB.id, alan, colleague.id, 3, { disposition: "no_answer" }));
  ids.set("my text", await text(clinicA.id, ada, 4, { sentBy: me.id, body: "Hi Ada, this is your care team. ".repeat(6) }));
  ids.set("reply on my panel", await text(clinicA.id, ada, 5, { inbound: true, body: "Thanks, call me tomorrow" }));
  ids.set("reply on colleague's panel", await text(clinicB.id, alan, 6, { inbound: true, body: "Who is this?" }));
  ids.set("other clinic", await call(unassigned.id, grace, colleague.id, 7));
  browser = new TestBrowser(db(), config, "workspace");
  await signIn(browser, me);
});

const names = (items: { id: string }[]) => items.map((i) => [...ids].find(([, id]) => id === i.id)?.[0] ?? i.id);

describe("calls and messages log", () => {
  it.each([
    ["mine, everything", { who: "mine", kind: "all" }, ["reply on my panel", "my text", "my voicemail", "my call"]],
    ["everyone, everything (only my clinics)", { who: "everyone", kind: "all" }, ["reply on colleague's panel", "reply on my panel", "my text", "colleague's call", "my voicemail", "my call"]],
    ["mine, calls", { who: "mine", kind: "calls" }, ["my voicemail", "my call"]],
    ["everyone, voicemails", { who: "everyone", kind: "voicemails" }, ["my voicemail"]],
    ["everyone, texts", { who: "everyone", kind: "texts" }, ["reply on colleague's panel", "reply on my panel", "my text"]],
    ["a name, any case, both words", { who: "everyone", kind: "all", search: "turing ALAN" }, ["reply on colleague's panel", "colleague's call", "my voicemail"]],
    ["a phone number as typed", { who: "everyone", kind: "all", search: "(651) 555-0199" }, ["my voicemail"]],
    ["a name outside my clinics", { who: "everyone", kind: "all", search: "Hopper" }, []],
    ["LIKE wildcards are plain characters", { who: "everyone", kind: "all", search: "%" }, []],
  ] as const)("%s", async (_, filter, expected) => {
    const log = await browser.call((c) => c.calls.log(filter));
    expect(names(log.items)).toEqual(expected);
    expect(log.total).toBe(expected.length);
  });

  it("describes each row: patient, clinic, who, outcome, talk time, a shortened text", async () => {
    const log = await browser.call((c) => c.calls.log({ who: "everyone" }));
    const byName = new Map(log.items.map((i) => [names([i])[0], i]));
    expect(byName.get("my voicemail")).toMatchObject({
      kind: "call", patientName: "Turing, Alan", clinic: "Birch Clinic", direction: "outbound", phone: "+16515550199",
      disposition: "voicemail", dispositionLabel: "Left voicemail", talkSeconds: 25, by: expect.stringContaining("Test"), at: at(2).toISOString(),
    });
    expect(byName.get("reply on my panel")).toMatchObject({ kind: "text", direction: "inbound", by: null, preview: "Thanks, call me tomorrow", status: "received" });
    const long = byName.get("my text")!;
    expect(long.preview!.length).toBeLessThanOrEqual(121);
    expect(long.preview!.endsWith("…")).toBe(true);
  });

  it("pages newest first without repeating or skipping a row", async () => {
    const first = await browser.call((c) => c.calls.log({ who: "everyone", pageSize: 10 }));
    expect(first.items).toHaveLength(6);
    const everything = first.items.map((i) => i.id);
    expect(new Set(everything).size).toBe(6);
    const times = first.items.map((i) => i.at);
    expect([...times].sort().reverse()).toEqual(times);
    const beyond = await browser.call((c) => c.calls.log({ who: "everyone", pageSize: 10, page: 2 }));
    expect(beyond).toMatchObject({ total: 6, items: [] });
  });

  it("refuses a search longer than 100 characters with a clear message, and clinic accounts", async () => {
    await expect(browser.call((c) => c.calls.log({ search: "x".repeat(101) }))).rejects.toThrow("Search for at most 100 characters.");
    const clinicAdmin = await createUser(db(), config, { kind: "clinic", memberships: [{ tenantId: clinicA.id, role: "clinic_admin" }] });
    const portal = new TestBrowser(db(), config, "portal");
    await signIn(portal, clinicAdmin);
    await expect(portal.call((c) => c.calls.log({}))).rejects.toThrow(/care-coordination staff/);
  });
});

describe("call time waiting to be confirmed", () => {
  async function draft(tenantId: string, patientId: string, userId: string, answeredAt: Date, status = "pending") {
    return withTenantScope(db(), { tenantIds: [tenantId] }, async (tx) => {
      const c = await tx.call.create({
        data: { tenantId, patientId, userId, direction: "outbound", fromE164: "+16125550100", toE164: "+16125550111", status: "completed", answeredAt, talkSeconds: 185, createdAt: answeredAt },
      });
      await tx.callTimeDraft.create({ data: { tenantId, callId: c.id, patientId, userId, talkSeconds: 185, minutes: 3, status, resolvedAt: status === "pending" ? null : new Date() } });
      return c.id;
    });
  }

  it("lists my pending drafts oldest first, says which months closed, and drops a draft once confirmed", async () => {
    const ada = (await browser.call((c) => c.calls.log({ search: "Lovelace" }))).items[0]!.patientId!;
    const alan = (await browser.call((c) => c.calls.log({ who: "everyone", search: "Turing" }))).items[0]!.patientId!;
    const now = new Date();
    const closedMonthCall = await draft(clinicB.id, alan, me.id, new Date("2026-09-15T15:00:00Z"));
    const openCall = await draft(clinicA.id, ada, me.id, now);
    await draft(clinicA.id, ada, me.id, new Date(now.getTime() - 60_000), "discarded");
    await draft(clinicB.id, alan, colleague.id, now);
    await withTenantScope(db(), { tenantIds: [clinicB.id] }, (tx) => tx.serviceMonthLock.create({ data: { tenantId: clinicB.id, serviceMonth: "2026-09" } }));

    const pending = await browser.call((c) => c.calls.pendingTime());
    expect(pending.map((p) => p.callId)).toEqual([closedMonthCall, openCall]);
    expect(pending[0]).toMatchObject({ patientName: "Turing, Alan", clinic: "Birch Clinic", talkSeconds: 185, suggestedMinutes: 3, serviceMonth: "2026-09", isMonthClosed: true });
    expect(pending[1]).toMatchObject({ patientName: "Lovelace, Ada", clinic: "Aspen Clinic", isMonthClosed: false });

    await browser.call((c) => c.calls.confirmTime({ callId: openCall, minutes: 4 }));
    expect((await browser.call((c) => c.calls.pendingTime())).map((p) => p.callId)).toEqual([closedMonthCall]);
    await browser.call((c) => c.calls.discardTime({ callId: closedMonthCall }));
    expect(await browser.call((c) => c.calls.pendingTime())).toEqual([]);
  });
});
