// Issue 17, item 12 (and the batch limits of item 7): what /api/trpc answers when something goes
// wrong. Domain errors keep their safe message; anything else (Prisma, pg, a trigger) becomes a
// generic message with an error id, and only the id, the procedure and the error's class and code
// are logged (no message: it may carry PHI).
import pg from "pg";
import { getTestDatabase, createTestTenant } from "@carefold/db/testing";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { DEFAULT_API_CONFIG } from "../config.js";
import { respondTrpc } from "../http.js";
import { TestBrowser, createUser, signIn, testConfig, testTelephonyFor } from "../testing/api-test-kit.js";
import { MAX_BATCH_CALLS, MAX_BODY_BYTES } from "../http/trpc-limits.js";

const config = testConfig();
const db = () => getTestDatabase().db;
const origin = DEFAULT_API_CONFIG.publicUrls.portal;
const SECRET_NAME = "Wolstenholme";
let cookie: string;

const deps = () => ({ db: db(), config, storage: () => { throw new Error("no storage"); }, telephony: () => testTelephonyFor() });

function post(path: string, body: string, extra: Record<string, string> = {}) {
  const request = new Request(`${origin}/api/trpc/${path}`, {
    method: "POST",
    headers: { cookie, origin, "content-type": "application/json", "user-agent": "vitest", "x-carefold-client-ip": "203.0.113.7", ...extra },
    body,
  });
  return respondTrpc(request, "portal", deps());
}

const patient = (firstName: string, lastName: string) => ({ firstName, lastName, dateOfBirth: "1941-03-05" });

beforeAll(async () => {
  const tenant = await createTestTenant(db(), { name: "Error Clinic" });
  const admin = await createUser(db(), config, { kind: "clinic", memberships: [{ tenantId: tenant.id, role: "clinic_admin" }] });
  const browser = new TestBrowser(db(), config, "portal");
  await signIn(browser, admin);
  cookie = browser.cookie!;
});

afterEach(() => vi.restoreAllMocks());

describe("errors through /api/trpc", () => {
  it("refuses a NUL byte in a name as invalid input, with no database internals in the answer", async () => {
    const response = await post("patients.create", JSON.stringify(patient("Ann\u0000a", SECRET_NAME)));
    const text = await response.text();
    expect(response.status).toBe(400);
    expect(JSON.parse(text)).toMatchObject({ error: { message: expect.stringMatching(/cannot contain/i), data: { domainCode: "invalid_input" } } });
    expect(text).not.toMatch(/prisma|invalid byte sequence|0x00|invocation|postgres/i);
    expect(await db().patient.count({ where: { lastName: SECRET_NAME } })).toBe(0);
  });

  it("answers an unexpected database error with a generic message and an error id, and logs the id without the message", async () => {
    // A database fault this code does not expect: a trigger whose error text carries the row's data.
    const owner = new pg.Client({ connectionString: getTestDatabase().ownerUrl });
    await owner.connect();
    await owner.query(`CREATE FUNCTION test_fail_patient() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'simulated fault for %', NEW.last_name USING ERRCODE = 'XX000'; END $$`);
    await owner.query("CREATE TRIGGER test_fail_patient BEFORE INSERT ON patient FOR EACH ROW EXECUTE FUNCTION test_fail_patient()");
    const logged = vi.spyOn(console, "error").mockImplementation(() => {});
    try {
      const response = await post("patients.create", JSON.stringify(patient("Ann", SECRET_NAME)));
      const text = await response.text();
      expect(response.status).toBe(500);
      expect(text).not.toContain(SECRET_NAME);
      expect(text).not.toMatch(/prisma|simulated fault|trigger|invocation|stack/i);
      const body = JSON.parse(text) as { error: { message: string; data: { errorId: string } } };
      const errorId = body.error.data.errorId;
      expect(errorId).toMatch(/^[0-9a-f]{12}$/);
      expect(body.error.message).toBe(`Something went wrong on our side, and nothing was changed. Quote error ${errorId} if it keeps happening.`);
      const lines = logged.mock.calls.map((c) => c.join(" "));
      expect(lines.some((l) => l.includes(errorId) && l.includes("patients.create"))).toBe(true);
      expect(lines.join("\n")).not.toContain(SECRET_NAME);
    } finally {
      await owner.query("DROP TRIGGER test_fail_patient ON patient; DROP FUNCTION test_fail_patient()");
      await owner.end();
    }
  });

  it("refuses a batch of more calls than allowed with a clear 400, running none of them", async () => {
    const calls = MAX_BATCH_CALLS + 1;
    const paths = Array.from({ length: calls }, () => "patients.create").join(",");
    const input = Object.fromEntries(Array.from({ length: calls }, (_, i) => [i, patient("Batch", `${SECRET_NAME}${i}`)]));
    const response = await post(`${paths}?batch=1`, JSON.stringify(input));
    expect(response.status).toBe(400);
    expect(await response.text()).toContain(`at most ${MAX_BATCH_CALLS} calls`);
    expect(await db().patient.count({ where: { firstName: "Batch" } })).toBe(0);

    // tRPC decodes the path before splitting it: encoded commas are calls too.
    const encoded = await post(`${Array.from({ length: calls }, () => "patients.create").join("%2C")}?batch=1`, JSON.stringify(input));
    expect(encoded.status).toBe(400);
    expect(await db().patient.count({ where: { firstName: "Batch" } })).toBe(0);

    const allowed = Array.from({ length: MAX_BATCH_CALLS }, () => "auth.me").join(",");
    expect((await post(`${allowed}?batch=1`, "{}")).status).toBe(200);
  });

  it("refuses a request body over the size limit with 413", async () => {
    const big = JSON.stringify(patient("A".repeat(MAX_BODY_BYTES), SECRET_NAME));
    const response = await post("patients.create", big);
    expect(response.status).toBe(413);
    expect(await response.text()).toContain("too large");
  });
});
