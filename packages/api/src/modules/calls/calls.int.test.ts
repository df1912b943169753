import { randomBytes } from "node:crypto";
import { withTenantScope } from "@carefold/db";
import { createTestTenant, getTestDatabase } from "@carefold/db/testing";
import {
  LOCAL_TELEPHONY_CREDENTIALS,
  signTwilioRequest,
  WEBHOOK_PATHS,
  type WebhookKind,
} from "@carefold/integrations";
import { beforeAll, describe, expect, it } from "vitest";
import {
  TEST_WEBHOOK_BASE,
  TestBrowser,
  createUser,
  signIn,
  testConfig,
  testTelephonyFor,
  type CreatedUser,
} from "../../testing/api-test-kit.js";
import { startCall } from "./calls.service.js";
import { handleTwilioWebhook } from "./twilio-webhooks.js";

const config = testConfig();
const db = () => getTestDatabase().db;
const telephony = testTelephonyFor();
const deps = () => ({ db: db(), telephony, publicBaseUrl: TEST_WEBHOOK_BASE });
const CLINIC_NUMBER = "+16125550100";

let tenantId: string;
let coordinator: CreatedUser;
let browser: TestBrowser;

async function patient(input: { timeZone: string; state?: string; phone?: string }) {
  return withTenantScope(db(), { tenantIds: [tenantId] }, async (tx) => {
    const p = await tx.patient.create({
      data: {
        tenantId,
        firstName: "Pat",
        lastName: `Caller${randomBytes(3).toString("hex")}`,
        dateOfBirth: new Date("1948-02-02"),
        timeZone: input.timeZone,
        state: input.state ?? "MN",
      },
    });
    await tx.patientPhone.create({
      data: {
        tenantId,
        patientId: p.id,
        numberE164: input.phone ?? `+1612555${String(Math.floor(Math.random() * 9000) + 1000)}`,
        type: "mobile",
        isPreferred: true,
      },
    });
    await tx.programEnrollment.create({
      data: { tenantId, patientId: p.id, program: "ccm", status: "enrolled" },
    });
    return p.id;
  });
}

const sid = (prefix: string) => `${prefix}${randomBytes(16).toString("hex")}`;

/** A webhook request exactly as Twilio sends it: form body, signature over the public URL. */
function twilioRequest(
  kind: WebhookKind,
  params: Record<string, string>,
  query: Record<string, string> = {},
  opts: { token?: string; signedUrlBase?: string; tamper?: Record<string, string> } = {},
) {
  const search = new URLSearchParams(query).toString();
  const path = `${WEBHOOK_PATHS[kind]}${search ? `?${search}` : ""}`;
  const signature = signTwilioRequest(
    opts.token ?? LOCAL_TELEPHONY_CREDENTIALS.authToken,
    `${opts.signedUrlBase ?? TEST_WEBHOOK_BASE}${path}`,
    params,
  );
  return new Request(`http://127.0.0.1:3001${path}`, {
    method: "POST",
    headers: {
      "Content-Type": "application/x-www-form-urlencoded",
      "X-Twilio-Signature": signature,
    },
    body: new URLSearchParams({ ...params, ...opts.tamper }),
  });
}

async function readCall(callId: string) {
  return withTenantScope(db(), { tenantIds: [tenantId] }, async (tx) => ({
    call: await tx.call.findFirstOrThrow({ where: { id: callId } }),
    events: await tx.providerEvent.findMany({ where: { callId }, orderBy: { occurredAt: "asc" } }),
    drafts: await tx.callTimeDraft.findMany({ where: { callId } }),
    audits: await tx.auditEvent.count({
      where: { action: "webhook.twilio.voiceStatus", objectId: callId },
    }),
  }));
}

/** A call started and answered by the voice webhook, ready for status callbacks. */
async function dialledCall(patientId: string) {
  const started = await withTenantScope(db(), { tenantIds: [tenantId] }, (tx) =>
    startCall(tx, { patientId, overrideReason: "Test call at any hour" }, coordinator.id),
  );
  if (started.kind !== "ready") throw new Error("call not started");
  const parentSid = sid("CA");
  const voice = await handleTwilioWebhook(
    twilioRequest("voice", {
      CallSid: parentSid,
      From: `client:${coordinator.id}`,
      To: "",
      callId: started.callId,
      tenantId,
    }),
    "voice",
    deps(),
  );
  expect(voice.status).toBe(200);
  return { callId: started.callId, childSid: sid("CA"), twiml: await voice.text() };
}

const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000).toUTCString();

const status = (childSid: string, callStatus: string, extra: Record<string, string> = {}) => ({
  CallSid: childSid,
  CallStatus: callStatus,
  Timestamp: new Date().toUTCString(),
  ...extra,
});

beforeAll(async () => {
  tenantId = (await createTestTenant(db(), { name: "Calling Clinic", timeZone: "America/Chicago" }))
    .id;
  coordinator = await createUser(db(), config, {
    kind: "vendor",
    vendorRoles: ["coordinator"],
    withTotp: true,
  });
  await withTenantScope(db(), { tenantIds: [tenantId] }, async (tx) => {
    await tx.coordinatorAssignment.create({ data: { tenantId, userId: coordinator.id } });
    await tx.clinicPhoneNumber.create({
      data: { tenantId, numberE164: CLINIC_NUMBER, isDefault: true },
    });
  });
  browser = new TestBrowser(db(), config, "workspace");
  await signIn(browser, coordinator);
});

describe("calling-hours guard (patient's own zone, DST-safe)", () => {
  it.each([
    [
      "Eastern, the day before spring-forward, 07:30 EST",
      "America/New_York",
      "2026-03-07T12:30:00Z",
      false,
    ],
    [
      "Eastern, the day of spring-forward, 08:30 EDT",
      "America/New_York",
      "2026-03-08T12:30:00Z",
      true,
    ],
    ["Eastern, after spring-forward, 21:00 EDT", "America/New_York", "2026-03-09T01:00:00Z", false],
    ["Eastern, the day of fall-back, 07:30 EST", "America/New_York", "2026-11-01T12:30:00Z", false],
    [
      "Eastern, the day after fall-back, 20:30 EST",
      "America/New_York",
      "2026-11-02T01:30:00Z",
      true,
    ],
    ["Hawaii, 07:59 HST (no DST)", "Pacific/Honolulu", "2026-07-01T17:59:00Z", false],
    ["Hawaii, 08:00 HST", "Pacific/Honolulu", "2026-07-01T18:00:00Z", true],
    ["Arizona in July, 07:30 MST (no DST)", "America/Phoenix", "2026-07-15T14:30:00Z", false],
    ["Arizona in July, 08:00 MST", "America/Phoenix", "2026-07-15T15:00:00Z", true],
  ])("%s → callable %s", async (_label, timeZone, iso, callable) => {
    const patientId = await patient({ timeZone });
    const result = await withTenantScope(db(), { tenantIds: [tenantId] }, (tx) =>
      startCall(tx, { patientId }, coordinator.id, new Date(iso)),
    );
    expect(result.kind).toBe(callable ? "ready" : "outside_calling_hours");
    const calls = await withTenantScope(db(), { tenantIds: [tenantId] }, (tx) =>
      tx.call.count({ where: { patientId } }),
    );
    expect(calls).toBe(callable ? 1 : 0);
  });

  it("an override needs a reason; the reason is kept on the call and in the audit row", async () => {
    const patientId = await patient({ timeZone: "America/New_York" });
    const late = new Date("2026-03-09T02:30:00Z"); // 22:30 EDT
    const refused = await withTenantScope(db(), { tenantIds: [tenantId] }, (tx) =>
      startCall(tx, { patientId }, coordinator.id, late),
    );
    expect(refused).toMatchObject({ kind: "outside_calling_hours", patientLocalTime: "22:30" });
    const allowed = await withTenantScope(db(), { tenantIds: [tenantId] }, (tx) =>
      startCall(
        tx,
        { patientId, overrideReason: "Patient asked for a call after work" },
        coordinator.id,
        late,
      ),
    );
    expect(allowed).toMatchObject({ kind: "ready", overridden: true, fromE164: CLINIC_NUMBER });
    // Through the API (real clock): the override is audited with its reason.
    const viaApi = await browser.call((c) =>
      c.calls.start({ patientId, overrideReason: "Patient asked for a call after work" }),
    );
    expect(viaApi.kind).toBe("ready");
    expect(viaApi.token).toMatch(/^ey/);
    const audit = await withTenantScope(db(), { tenantIds: [tenantId] }, (tx) =>
      tx.auditEvent.findFirstOrThrow({
        where: { action: "calls.start", objectId: (viaApi as { callId: string }).callId },
      }),
    );
    const call = await withTenantScope(db(), { tenantIds: [tenantId] }, (tx) =>
      tx.call.findFirstOrThrow({ where: { id: (viaApi as { callId: string }).callId } }),
    );
    // Whether the real clock needed the override depends on when the test runs; the audit row
    // carries exactly what the call carries.
    expect((audit.details as { callingHoursOverride: string | null }).callingHoursOverride).toBe(
      call.callingHoursOverride,
    );
  });
});

describe("Twilio webhooks", () => {
  it("accepts a validly signed callback and refuses a tampered body, a wrong token or another URL with 403 and no side effect", async () => {
    const patientId = await patient({ timeZone: "America/Chicago" });
    const { callId, childSid } = await dialledCall(patientId);
    const ref = { tenant: tenantId, call: callId };
    const completed = status(childSid, "completed", { CallDuration: "125" });
    const refused = [
      twilioRequest("voiceStatus", completed, ref, { tamper: { CallDuration: "9999" } }),
      twilioRequest("voiceStatus", completed, ref, { token: "not-the-auth-token-of-this-account" }),
      twilioRequest("voiceStatus", completed, ref, { signedUrlBase: "https://evil.example" }),
      new Request(`http://127.0.0.1:3001${WEBHOOK_PATHS.voiceStatus}?${new URLSearchParams(ref)}`, {
        method: "POST",
        body: new URLSearchParams(completed),
      }),
    ];
    for (const request of refused) {
      const response = await handleTwilioWebhook(request, "voiceStatus", deps());
      expect(response.status).toBe(403);
    }
    let state = await readCall(callId);
    expect(state.events).toHaveLength(0);
    expect(state.call.status).toBe("queued");
    expect(state.drafts).toHaveLength(0);

    const ok = await handleTwilioWebhook(
      twilioRequest("voiceStatus", completed, ref),
      "voiceStatus",
      deps(),
    );
    expect(ok.status).toBe(200);
    state = await readCall(callId);
    expect(state.call).toMatchObject({ status: "completed", talkSeconds: 125, sid: childSid });
    expect(state.drafts).toMatchObject([{ minutes: 2, talkSeconds: 125, status: "pending" }]);
  });

  it.each([
    ["once", 1, "sequential"],
    ["5× one after another", 5, "sequential"],
    ["10× at the same time", 10, "concurrent"],
  ] as const)(
    "the same completed callback delivered %s changes the call once and leaves one draft",
    async (_label, times, mode) => {
      const patientId = await patient({ timeZone: "America/Chicago" });
      const { callId, childSid } = await dialledCall(patientId);
      const ref = { tenant: tenantId, call: callId };
      await handleTwilioWebhook(
        twilioRequest("voiceStatus", status(childSid, "in-progress"), ref),
        "voiceStatus",
        deps(),
      );
      const completed = status(childSid, "completed", { CallDuration: "300" });
      const deliver = () =>
        handleTwilioWebhook(twilioRequest("voiceStatus", completed, ref), "voiceStatus", deps());
      const responses =
        mode === "concurrent" ? await Promise.all(Array.from({ length: times }, deliver)) : [];
      if (mode === "sequential") for (let i = 0; i < times; i++) responses.push(await deliver());
      expect(responses.map((r) => r.status)).toEqual(Array(times).fill(200));
      const state = await readCall(callId);
      expect(state.events.filter((e) => e.event === "completed")).toHaveLength(1);
      expect(state.drafts).toHaveLength(1);
      expect(state.drafts[0]).toMatchObject({ minutes: 5, talkSeconds: 300 });
      expect(state.call).toMatchObject({ status: "completed", talkSeconds: 300 });
      // One audited state change per distinct callback: in-progress + completed.
      expect(state.audits).toBe(2);
    },
  );

  it("ends in the right final state when callbacks arrive out of order (completed before ringing)", async () => {
    const patientId = await patient({ timeZone: "America/Chicago" });
    const { callId, childSid } = await dialledCall(patientId);
    const ref = { tenant: tenantId, call: callId };
    const t0 = Date.parse("2026-11-20T16:00:00Z");
    const at = (s: number) => new Date(t0 + s * 1000).toUTCString();
    for (const [callStatus, second, extra] of [
      ["completed", 95, { CallDuration: "80" }],
      ["ringing", 5, {}],
      ["in-progress", 15, {}],
      ["initiated", 0, {}],
    ] as const) {
      const response = await handleTwilioWebhook(
        twilioRequest(
          "voiceStatus",
          status(childSid, callStatus, { ...extra, Timestamp: at(second) }),
          ref,
        ),
        "voiceStatus",
        deps(),
      );
      expect(response.status).toBe(200);
    }
    const state = await readCall(callId);
    expect(state.call).toMatchObject({
      status: "completed",
      talkSeconds: 80,
      answeredAt: new Date(at(15)),
      endedAt: new Date(at(95)),
    });
    expect(state.events.map((e) => e.event)).toEqual([
      "initiated",
      "ringing",
      "in-progress",
      "completed",
    ]);
    expect(state.drafts).toHaveLength(1);
  });

  it("a busy or unanswered call leaves no draft time", async () => {
    const patientId = await patient({ timeZone: "America/Chicago" });
    const { callId, childSid } = await dialledCall(patientId);
    await handleTwilioWebhook(
      twilioRequest("voiceStatus", status(childSid, "busy", { CallDuration: "0" }), {
        tenant: tenantId,
        call: callId,
      }),
      "voiceStatus",
      deps(),
    );
    const state = await readCall(callId);
    expect(state.call).toMatchObject({ status: "busy", talkSeconds: 0 });
    expect(state.drafts).toHaveLength(0);
  });

  it("the voice URL dials only for the coordinator who started the call, from the clinic's number", async () => {
    const patientId = await patient({ timeZone: "America/Chicago", phone: "+16125550177" });
    const started = await withTenantScope(db(), { tenantIds: [tenantId] }, (tx) =>
      startCall(tx, { patientId, overrideReason: "Test call at any hour" }, coordinator.id),
    );
    if (started.kind !== "ready") throw new Error("not started");
    const stranger = await handleTwilioWebhook(
      twilioRequest("voice", {
        CallSid: sid("CA"),
        From: "client:00000000-0000-4000-8000-000000000000",
        callId: started.callId,
        tenantId,
      }),
      "voice",
      deps(),
    );
    expect(await stranger.text()).toMatch(/<Hangup\/>/);
    const own = await handleTwilioWebhook(
      twilioRequest("voice", {
        CallSid: sid("CA"),
        From: `client:${coordinator.id}`,
        callId: started.callId,
        tenantId,
      }),
      "voice",
      deps(),
    );
    const twiml = await own.text();
    expect(twiml).toContain(`callerId="${CLINIC_NUMBER}"`);
    expect(twiml).toContain(">+16125550177</Number>");
    expect(twiml).toContain(
      `${TEST_WEBHOOK_BASE}/webhooks/twilio/voice-status?tenant=${tenantId}&amp;call=${started.callId}`,
    );
    expect(twiml).not.toContain("record=");
  });
});

describe("recording policy", () => {
  async function setRecording(enabled: boolean, notice: string | null) {
    await withTenantScope(db(), { tenantIds: [tenantId] }, (tx) =>
      tx.clinicCallSetting.upsert({
        where: { tenantId },
        create: { tenantId, recordingEnabled: enabled, recordingNotice: notice },
        update: { recordingEnabled: enabled, recordingNotice: notice },
      }),
    );
  }

  it("does not record an all-party-state patient without the notice, but records a one-party-state patient", async () => {
    await setRecording(true, null);
    const california = await dialledCall(
      await patient({ timeZone: "America/Los_Angeles", state: "CA" }),
    );
    expect(california.twiml).not.toContain("record=");
    expect((await readCall(california.callId)).call.recordingDecision).toBe("blocked_no_notice");
    const texas = await dialledCall(await patient({ timeZone: "America/Chicago", state: "TX" }));
    expect(texas.twiml).toContain('record="record-from-answer-dual"');
    await setRecording(false, null);
  });

  it("with a notice: the patient hears it before the coordinator is connected, it is logged, and the recording is linked to the call and the day's verbal consent", async () => {
    const notice = "This call is recorded for your care record.";
    await setRecording(true, notice);
    const patientId = await patient({ timeZone: "America/Los_Angeles", state: "CA" });
    const { callId, childSid, twiml } = await dialledCall(patientId);
    expect(twiml).toContain('record="record-from-answer-dual"');
    expect(twiml).toContain(
      `url="${TEST_WEBHOOK_BASE}/webhooks/twilio/callee-notice?tenant=${tenantId}&amp;call=${callId}"`,
    );
    const ref = { tenant: tenantId, call: callId };
    const heard = await handleTwilioWebhook(
      twilioRequest(
        "calleeNotice",
        { CallSid: childSid, AccountSid: LOCAL_TELEPHONY_CREDENTIALS.accountSid },
        ref,
      ),
      "calleeNotice",
      deps(),
    );
    expect(await heard.text()).toContain(`<Say>${notice}</Say>`);
    expect((await readCall(callId)).call.recordingNoticePlayedAt).not.toBeNull();

    // Verbal consent recorded the same day: the recording becomes its evidence.
    const consentId = await withTenantScope(db(), { tenantIds: [tenantId] }, async (tx) => {
      const enrollment = await tx.programEnrollment.findFirstOrThrow({ where: { patientId } });
      const today = new Intl.DateTimeFormat("en-CA", { timeZone: "America/Chicago" }).format(
        new Date(),
      );
      const consent = await tx.consent.create({
        data: {
          tenantId,
          enrollmentId: enrollment.id,
          patientId,
          method: "verbal",
          disclosedAvailability: true,
          disclosedCostSharing: true,
          disclosedStopAnytime: true,
          disclosedSinglePractitioner: true,
          obtainedByName: "Coordinator",
          obtainedOn: new Date(`${today}T00:00:00Z`),
        },
      });
      return consent.id;
    });
    const recordingSid = sid("RE");
    const recording = {
      CallSid: childSid,
      RecordingSid: recordingSid,
      RecordingStatus: "completed",
      RecordingDuration: "64",
      RecordingUrl: `https://api.twilio.com/2010-04-01/Accounts/AC/Recordings/${recordingSid}`,
    };
    for (let i = 0; i < 3; i++)
      expect(
        (
          await handleTwilioWebhook(
            twilioRequest("recordingStatus", recording, ref),
            "recordingStatus",
            deps(),
          )
        ).status,
      ).toBe(200);
    const rows = await withTenantScope(db(), { tenantIds: [tenantId] }, (tx) =>
      tx.callRecording.findMany({ where: { callId } }),
    );
    expect(rows).toMatchObject([
      { recordingSid, durationSeconds: 64, storageLocation: recording.RecordingUrl, consentId },
    ]);
    await setRecording(false, null);
  });
});

describe("draft time from a call", () => {
  it("is confirmed (or adjusted) into one time entry through the normal path; the month's minutes move", async () => {
    const patientId = await patient({ timeZone: "America/Chicago" });
    const { callId, childSid } = await dialledCall(patientId);
    await handleTwilioWebhook(
      // Ended 20 minutes ago: the calls of this file are one coordinator's, and one person's
      // calls cannot overlap in time (issue 14).
      twilioRequest("voiceStatus", status(childSid, "completed", { CallDuration: "410", Timestamp: minutesAgo(20) }), {
        tenant: tenantId,
        call: callId,
      }),
      "voiceStatus",
      deps(),
    );
    const before = await browser.call((c) => c.time.monthToDate({ patientId }));
    const detail = await browser.call((c) => c.calls.get({ callId }));
    // 6 min 50 s: the suggested claim is 6 whole minutes (never rounded up to 7).
    expect(detail.draft).toMatchObject({ minutes: 6, talkSeconds: 410, status: "pending" });
    await browser.call((c) => c.calls.setDisposition({ callId, disposition: "answered" }));
    const first = await browser.call((c) =>
      c.calls.confirmTime({ callId, minutes: 8, activity: "patient_call" }),
    );
    const again = await browser.call((c) =>
      c.calls.confirmTime({ callId, minutes: 8, activity: "patient_call" }),
    );
    expect(again).toMatchObject({ entryId: first.entryId, isDuplicate: true });
    const after = await browser.call((c) => c.time.monthToDate({ patientId }));
    expect(JSON.stringify(after)).not.toBe(JSON.stringify(before));
    const entry = await withTenantScope(db(), { tenantIds: [tenantId] }, (tx) =>
      tx.timeEntry.findFirstOrThrow({ where: { id: first.entryId } }),
    );
    // The measured talk time counts; the typed 8 minutes are a claim above it, sent to review.
    expect(entry).toMatchObject({
      durationSeconds: 410,
      claimedMinutes: 8,
      minutes: 6,
      reviewStatus: "pending",
      reviewFlags: expect.arrayContaining(["claim_exceeds_measured"]),
      source: "call",
      callId,
      clientRequestId: `call:${callId}`,
    });
    const month = await withTenantScope(db(), { tenantIds: [tenantId] }, (tx) =>
      tx.patientMonth.findFirstOrThrow({ where: { patientId } }),
    );
    expect(month.staffSeconds + month.practitionerSeconds + month.nonClinicalSeconds).toBe(410);
    expect(month.staffMinutes + month.practitionerMinutes + month.nonClinicalMinutes).toBe(6);
    expect((await browser.call((c) => c.calls.get({ callId }))).draft).toMatchObject({
      status: "confirmed",
      timeEntryId: first.entryId,
    });
  });
});

describe("call time in seconds (issue 14)", () => {
  it("a 30-second call counts 30 seconds and claims 0 minutes, not 1", async () => {
    const patientId = await patient({ timeZone: "America/Chicago" });
    const { callId, childSid } = await dialledCall(patientId);
    await handleTwilioWebhook(twilioRequest("voiceStatus", status(childSid, "completed", { CallDuration: "30", Timestamp: minutesAgo(40) }), { tenant: tenantId, call: callId }), "voiceStatus", deps());
    expect((await browser.call((c) => c.calls.get({ callId }))).draft).toMatchObject({ minutes: 0, talkSeconds: 30 });
    await browser.call((c) => c.calls.setDisposition({ callId, disposition: "answered" }));
    const entry = await browser.call((c) => c.calls.confirmTime({ callId, minutes: 0, activity: "patient_call" }));
    expect(entry).toMatchObject({ durationSeconds: 30, claimedMinutes: 0 });
    expect(entry.reviewFlags).not.toContain("claim_exceeds_measured");
    const month = await withTenantScope(db(), { tenantIds: [tenantId] }, (tx) => tx.patientMonth.findFirstOrThrow({ where: { patientId } }));
    expect(month).toMatchObject({ staffSeconds: 30, staffMinutes: 0 });
  });

  it("a call absorbs the running timer: the same seconds never count on the timer too", async () => {
    const patientId = await patient({ timeZone: "America/Chicago" });
    const { timer } = await browser.call((c) => c.time.timer.start({ patientId, activity: "care_plan_review" }));
    const { callId, childSid } = await dialledCall(patientId);
    await handleTwilioWebhook(twilioRequest("voiceStatus", status(childSid, "completed", { CallDuration: "45" }), { tenant: tenantId, call: callId }), "voiceStatus", deps());
    await browser.call((c) => c.calls.setDisposition({ callId, disposition: "answered" }));
    await browser.call((c) => c.calls.confirmTime({ callId, minutes: 0, activity: "patient_call" }));
    // The call's 45 s span covers the whole timer (started a moment ago): nothing is left to save.
    const stopped = await browser.call((c) => c.time.timer.stop({ timerId: timer.timerId, clientRequestId: `timer-${callId}` }));
    expect(stopped.entry).toBeNull();
    const month = await withTenantScope(db(), { tenantIds: [tenantId] }, (tx) => tx.patientMonth.findFirstOrThrow({ where: { patientId } }));
    expect(month.staffSeconds).toBe(45);
  });
});

describe("heartbeat during a call (issue 14)", () => {
  it("a live call keeps the session alive; once it ends, nothing does", async () => {
    // Earlier tests of this file leave dialled calls that never ended: end them first.
    await withTenantScope(db(), { tenantIds: [tenantId] }, (tx) => tx.call.updateMany({ where: { userId: coordinator.id }, data: { status: "canceled" } }));
    const patientId = await patient({ timeZone: "America/Chicago" });
    const { callId, childSid } = await dialledCall(patientId);
    expect(await browser.call((c) => c.time.heartbeat({ hadInput: false }))).toMatchObject({ keepsSessionAlive: true, reason: "call" });
    await handleTwilioWebhook(twilioRequest("voiceStatus", status(childSid, "completed", { CallDuration: "20", Timestamp: minutesAgo(60) }), { tenant: tenantId, call: callId }), "voiceStatus", deps());
    expect(await browser.call((c) => c.time.heartbeat({ hadInput: true }))).toMatchObject({ keepsSessionAlive: false, reason: null });
  });
});

describe("tenant isolation", () => {
  it("a coordinator cannot call, read or confirm time of a clinic they are not assigned to", async () => {
    const other = (await createTestTenant(db(), { name: "Unassigned Clinic" })).id;
    const foreignPatient = await withTenantScope(db(), { tenantIds: [other] }, async (tx) => {
      const p = await tx.patient.create({
        data: {
          tenantId: other,
          firstName: "Olive",
          lastName: "Other",
          dateOfBirth: new Date("1950-01-01"),
          timeZone: "America/Chicago",
        },
      });
      await tx.patientPhone.create({
        data: { tenantId: other, patientId: p.id, numberE164: "+16125550166", isPreferred: true },
      });
      await tx.clinicPhoneNumber.create({
        data: { tenantId: other, numberE164: "+16125550111", isDefault: true },
      });
      return p.id;
    });
    const foreignCall = await withTenantScope(db(), { tenantIds: [other] }, (tx) =>
      startCall(tx, { patientId: foreignPatient, overrideReason: "fixture call" }, coordinator.id),
    );
    if (foreignCall.kind !== "ready") throw new Error("fixture");
    await expect(
      browser.call((c) => c.calls.start({ patientId: foreignPatient })),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(
      browser.call((c) => c.calls.get({ callId: foreignCall.callId })),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(
      browser.call((c) => c.calls.confirmTime({ callId: foreignCall.callId, minutes: 5 })),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await browser.call((c) => c.calls.forPatient({ patientId: foreignPatient }))).toEqual({
      calls: [],
      messages: [],
    });
  });
});
