import { randomBytes, randomUUID } from "node:crypto";
import { withTenantScope } from "@carefold/db";
import { createTestTenant, getTestDatabase } from "@carefold/db/testing";
import {
  LOCAL_TELEPHONY_CREDENTIALS,
  signTwilioRequest,
  startLocalTwilioServer,
  WEBHOOK_PATHS,
  type LocalTwilioServer,
} from "@carefold/integrations";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  TEST_WEBHOOK_BASE,
  TestBrowser,
  createUser,
  signIn,
  testConfig,
  testTelephonyFor,
  type CreatedUser,
} from "../../testing/api-test-kit.js";
import { deliverQueuedSms, recoverStuckSms, renderSmsTemplate, smsKeyword } from "./sms.service.js";
import { handleTwilioWebhook } from "./twilio-webhooks.js";

const config = testConfig();
const db = () => getTestDatabase().db;
const CLINIC_NUMBER = "+16125550300";
let tenantId: string;
let coordinator: CreatedUser;
let browser: TestBrowser;
let local: LocalTwilioServer;

async function patientWithMobile(number: string, hasSmsConsent = true) {
  return withTenantScope(db(), { tenantIds: [tenantId] }, async (tx) => {
    const p = await tx.patient.create({
      data: {
        tenantId,
        firstName: "Tess",
        lastName: `Texter${randomBytes(2).toString("hex")}`,
        dateOfBirth: new Date("1950-05-05"),
        timeZone: "America/Chicago",
      },
    });
    await tx.patientPhone.create({
      data: {
        tenantId,
        patientId: p.id,
        numberE164: number,
        type: "mobile",
        isPreferred: true,
        hasSmsConsent,
      },
    });
    return p.id;
  });
}

async function inbound(
  from: string,
  body: string,
  messageSid = `SM${randomBytes(16).toString("hex")}`,
  to = CLINIC_NUMBER,
) {
  const params = {
    MessageSid: messageSid,
    AccountSid: LOCAL_TELEPHONY_CREDENTIALS.accountSid,
    From: from,
    To: to,
    Body: body,
    NumMedia: "0",
  };
  const signature = signTwilioRequest(
    LOCAL_TELEPHONY_CREDENTIALS.authToken,
    `${TEST_WEBHOOK_BASE}${WEBHOOK_PATHS.sms}`,
    params,
  );
  const response = await handleTwilioWebhook(
    new Request(`http://127.0.0.1:3001${WEBHOOK_PATHS.sms}`, {
      method: "POST",
      headers: { "X-Twilio-Signature": signature },
      body: new URLSearchParams(params),
    }),
    "sms",
    { db: db(), telephony: testTelephonyFor(local.url), publicBaseUrl: TEST_WEBHOOK_BASE },
  );
  return { status: response.status, twiml: await response.text() };
}

beforeAll(async () => {
  tenantId = (await createTestTenant(db(), { name: "Texting Clinic" })).id;
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
  local = await startLocalTwilioServer({
    ...LOCAL_TELEPHONY_CREDENTIALS,
    voiceUrl: `${TEST_WEBHOOK_BASE}/none`,
    smsUrl: `${TEST_WEBHOOK_BASE}/none`,
  });
});
afterAll(async () => local.stop());

describe("SMS", () => {
  it.each([
    ["STOP", "stop"],
    [" stop ", "stop"],
    ["Unsubscribe", "stop"],
    ["STOP!", "stop"],
    ["start", "start"],
    ["HELP", "help"],
    ["Please stop calling at dinner", null],
    ["yes please", null],
  ])("%j is keyword %s", (body, keyword) => expect(smsKeyword(body)).toBe(keyword));

  it("fills template variables and refuses unknown or missing ones", () => {
    expect(
      renderSmsTemplate("Hi {firstName}, {clinicName}", { firstName: "Tess", clinicName: "Maple" }),
    ).toBe("Hi Tess, Maple");
    expect(() => renderSmsTemplate("Hi {ssn}", { firstName: "Tess" })).toThrow(
      /not a known variable/,
    );
    expect(() => renderSmsTemplate("On {date}", {})).toThrow(/Fill in \{date\}/);
  });

  it("an opted-out number cannot be texted (the refusal says why); START opts back in", async () => {
    const number = "+16125550301";
    const patientId = await patientWithMobile(number);
    const stop = await inbound(number, "STOP");
    expect(stop.twiml).toContain("Reply START");
    await expect(
      browser.call((c) =>
        c.calls.sendSms({
          patientId,
          clientRequestId: randomUUID(),
          templateKind: "monthly_check_in",
        }),
      ),
    ).rejects.toThrow(/replied STOP .* cannot be texted/);
    const suppressed = await withTenantScope(db(), { tenantIds: [tenantId] }, (tx) =>
      tx.smsSuppression.findMany({ where: { numberE164: number } }),
    );
    expect(suppressed).toMatchObject([{ reason: "stop_keyword" }]);
    // A message queued before the STOP is not sent either.
    await inbound(number, "START");
    const queued = await browser.call((c) =>
      c.calls.sendSms({
        patientId,
        clientRequestId: randomUUID(),
        templateKind: "callback_request",
      }),
    );
    await inbound(number, "STOP");
    const result = await deliverQueuedSms(db(), testTelephonyFor(local.url));
    expect(result.claimed).toBeGreaterThanOrEqual(1);
    const message = await withTenantScope(db(), { tenantIds: [tenantId] }, (tx) =>
      tx.smsMessage.findFirstOrThrow({ where: { id: queued.messageId } }),
    );
    expect(message).toMatchObject({ status: "failed", lastError: "opted out before sending" });
    expect(local.messages().some((m) => m.to === number)).toBe(false);
    const help = await inbound(number, "HELP");
    expect(help.twiml).toContain("Reply STOP to opt out");
  });

  it("sends through the queue with the SDK, from the clinic's number, and records delivery once", async () => {
    const number = "+16125550302";
    const patientId = await patientWithMobile(number);
    const requestId = randomUUID();
    const queued = await browser.call((c) =>
      c.calls.sendSms({ patientId, clientRequestId: requestId, templateKind: "monthly_check_in" }),
    );
    const again = await browser.call((c) =>
      c.calls.sendSms({ patientId, clientRequestId: requestId, templateKind: "monthly_check_in" }),
    );
    expect(again).toMatchObject({ messageId: queued.messageId, isDuplicate: true });
    await deliverQueuedSms(db(), testTelephonyFor(local.url));
    const sent = local.messages().filter((m) => m.to === number);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({
      from: CLINIC_NUMBER,
      body: expect.stringMatching(/^Hi Tess, your care team at Texting Clinic/),
    });
    const row = await withTenantScope(db(), { tenantIds: [tenantId] }, (tx) =>
      tx.smsMessage.findFirstOrThrow({ where: { id: queued.messageId } }),
    );
    expect(row).toMatchObject({ status: "sent", sid: sent[0]!.sid, attempts: 1 });
  });

  it("retries a failed send with backoff and gives up after five attempts", async () => {
    const patientId = await patientWithMobile("+16125550303");
    const queued = await browser.call((c) =>
      c.calls.sendSms({ patientId, clientRequestId: randomUUID(), body: "Checking in" }),
    );
    const down = testTelephonyFor("http://127.0.0.1:9"); // nothing listens: connection refused
    let now = new Date();
    for (let attempt = 1; attempt <= 5; attempt++) {
      await deliverQueuedSms(db(), down, now);
      const row = await withTenantScope(db(), { tenantIds: [tenantId] }, (tx) =>
        tx.smsMessage.findFirstOrThrow({ where: { id: queued.messageId } }),
      );
      expect(row.attempts).toBe(attempt);
      expect(row.status).toBe(attempt < 5 ? "queued" : "failed");
      if (attempt < 5)
        expect(row.nextAttemptAt!.getTime() - now.getTime()).toBe(2 ** (attempt - 1) * 60_000);
      now = new Date((row.nextAttemptAt ?? now).getTime() + 1000);
    }
  });

  it("an inbound text is threaded on the patient's chart and creates one task, even when delivered twice", async () => {
    const number = "+16125550304";
    const patientId = await patientWithMobile(number);
    const messageSid = `SM${randomBytes(16).toString("hex")}`;
    for (let i = 0; i < 2; i++)
      expect(
        (await inbound(number, "Can someone call me about my insulin?", messageSid)).status,
      ).toBe(200);
    const { messages } = await browser.call((c) => c.calls.forPatient({ patientId }));
    expect(messages).toMatchObject([
      { direction: "inbound", body: "Can someone call me about my insulin?", status: "received" },
    ]);
    const tasks = await browser.call((c) => c.tasks.open({ patientId, mineOnly: false }));
    expect(tasks.filter((t: { kind: string }) => t.kind === "inbound_message")).toHaveLength(1);
  });

  it("ignores a text to a number no clinic owns", async () => {
    const result = await inbound("+16125550305", "hello", undefined, "+16125559999");
    expect(result.status).toBe(200);
    expect(result.twiml).not.toContain("<Message>");
  });
});

describe("texts left in sending by a stopped worker", () => {
  it("are looked up at the provider, never sent blind: found ones take its sid, lost ones are queued again and sent once", async () => {
    const telephony = testTelephonyFor(local.url);
    const numbers = { handed: "+16125550310", lost: "+16125550311", recent: "+16125550312", exhausted: "+16125550313" } as const;
    const ids: Record<string, string> = {};
    for (const [label, number] of Object.entries(numbers)) {
      const patientId = await patientWithMobile(number);
      ids[label] = (await browser.call((c) => c.calls.sendSms({ patientId, clientRequestId: randomUUID(), body: `Hello from your care team (${label})` }))).messageId;
    }
    // The worker claimed them (status sending) and stopped; only "handed" had reached the provider.
    const claimedAt = new Date(Date.now() - 10 * 60_000);
    const inScope = <T>(fn: Parameters<typeof withTenantScope<T>>[2]) => withTenantScope(db(), { tenantIds: [tenantId] }, fn);
    await inScope(async (tx) => {
      await tx.smsMessage.updateMany({ where: { id: { in: [ids.handed!, ids.lost!] } }, data: { status: "sending", attempts: 1, updatedAt: claimedAt } });
      await tx.smsMessage.updateMany({ where: { id: ids.exhausted! }, data: { status: "sending", attempts: 5, updatedAt: claimedAt } });
      await tx.smsMessage.updateMany({ where: { id: ids.recent! }, data: { status: "sending", attempts: 1, updatedAt: new Date() } });
    });
    const handed = await inScope((tx) => tx.smsMessage.findFirstOrThrow({ where: { id: ids.handed! } }));
    const atProvider = await telephony.sendSms({ from: handed.fromE164, to: numbers.handed, body: handed.body, statusCallbackUrl: `${TEST_WEBHOOK_BASE}/nowhere` });

    // The provider cannot be asked: nothing changes.
    expect(await recoverStuckSms(db(), testTelephonyFor("http://127.0.0.1:9"))).toEqual({ found: 0, requeued: 0, failed: 0, unknown: 3 });
    const status = async (label: string) => inScope((tx) => tx.smsMessage.findFirstOrThrow({ where: { id: ids[label]! } }));
    expect((await status("lost")).status).toBe("sending");

    const now = new Date();
    expect(await recoverStuckSms(db(), telephony, now)).toEqual({ found: 1, requeued: 1, failed: 1, unknown: 0 });
    expect(await status("handed")).toMatchObject({ sid: atProvider.sid, status: expect.stringMatching(/^(sent|delivered)$/), lastError: null });
    expect(await status("lost")).toMatchObject({ status: "queued", sid: null, nextAttemptAt: now, lastError: expect.stringContaining("queued again") });
    expect(await status("exhausted")).toMatchObject({ status: "failed", lastError: expect.stringContaining("attempts used up") });
    expect((await status("recent")).status).toBe("sending");

    await deliverQueuedSms(db(), telephony);
    expect(local.messages().filter((m) => m.to === numbers.handed)).toHaveLength(1);
    expect(local.messages().filter((m) => m.to === numbers.lost)).toHaveLength(1);
    expect(local.messages().filter((m) => m.to === numbers.exhausted)).toHaveLength(0);
    expect((await status("lost")).status).toBe("sent");
  });
});

describe("SMS consent (issue 17 item 9)", () => {
  const setConsent = (number: string, hasSmsConsent: boolean) =>
    withTenantScope(db(), { tenantIds: [tenantId] }, (tx) => tx.patientPhone.updateMany({ where: { numberE164: number }, data: { hasSmsConsent } }));

  it("refuses to queue a text to a number without SMS consent, and queues nothing", async () => {
    const number = "+16125550320";
    const patientId = await patientWithMobile(number, false);
    const send = browser.call((c) => c.calls.sendSms({ patientId, clientRequestId: randomUUID(), body: "Checking in" }));
    await expect(send).rejects.toMatchObject({ cause: { code: "invalid_state" }, message: expect.stringMatching(/has not agreed to text messages/) });
    const queued = await withTenantScope(db(), { tenantIds: [tenantId] }, (tx) => tx.smsMessage.count({ where: { patientId } }));
    expect(queued).toBe(0);
  });

  it("the worker does not send a queued text whose consent was withdrawn before delivery", async () => {
    const number = "+16125550321";
    const patientId = await patientWithMobile(number);
    const queued = await browser.call((c) => c.calls.sendSms({ patientId, clientRequestId: randomUUID(), body: "Checking in" }));
    await setConsent(number, false);
    await deliverQueuedSms(db(), testTelephonyFor(local.url));
    const message = await withTenantScope(db(), { tenantIds: [tenantId] }, (tx) => tx.smsMessage.findFirstOrThrow({ where: { id: queued.messageId } }));
    expect(message).toMatchObject({ status: "failed", lastError: "no SMS consent at delivery" });
    expect(local.messages().some((m) => m.to === number)).toBe(false);
  });

  it("an opted-out phone row is refused even without a suppression entry (service level)", async () => {
    const number = "+16125550322";
    const patientId = await patientWithMobile(number);
    const queued = await browser.call((c) => c.calls.sendSms({ patientId, clientRequestId: randomUUID(), body: "Checking in" }));
    await withTenantScope(db(), { tenantIds: [tenantId] }, (tx) => tx.patientPhone.updateMany({ where: { numberE164: number }, data: { optedOutAt: new Date() } }));
    await expect(browser.call((c) => c.calls.sendSms({ patientId, clientRequestId: randomUUID(), body: "Again" }))).rejects.toThrow(/replied STOP/);
    await deliverQueuedSms(db(), testTelephonyFor(local.url));
    const message = await withTenantScope(db(), { tenantIds: [tenantId] }, (tx) => tx.smsMessage.findFirstOrThrow({ where: { id: queued.messageId } }));
    expect(message.status).toBe("failed");
    expect(local.messages().some((m) => m.to === number)).toBe(false);
  });
});

describe("sendSms idempotency under concurrency (issue 17 item 12)", () => {
  it("five concurrent sends with one request id all answer with the first message, none fails", async () => {
    const patientId = await patientWithMobile("+16125550330");
    const clientRequestId = randomUUID();
    const results = await Promise.allSettled(
      Array.from({ length: 5 }, () => browser.call((c) => c.calls.sendSms({ patientId, clientRequestId, body: "Once only" }))),
    );
    expect(results.map((r) => r.status)).toEqual(Array(5).fill("fulfilled"));
    const ids = new Set(results.map((r) => (r as PromiseFulfilledResult<{ messageId: string }>).value.messageId));
    expect(ids.size).toBe(1);
    const rows = await withTenantScope(db(), { tenantIds: [tenantId] }, (tx) => tx.smsMessage.count({ where: { clientRequestId } }));
    expect(rows).toBe(1);
  });
});
