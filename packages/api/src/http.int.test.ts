// /api/trpc over real HTTP requests: no PHI in URLs. A query's input is refused in the address
// (GET `?input=`, single or batched) without being read or echoed, and accepted in a POST body.
import { getTestDatabase, createTestTenant } from "@carefold/db/testing";
import { beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_API_CONFIG } from "./config.js";
import { respondTrpc } from "./http.js";
import { refuseInputInUrl } from "./http/input-in-url.js";
import { TestBrowser, createUser, signIn, testConfig, testTelephonyFor } from "./testing/api-test-kit.js";

const config = testConfig();
const db = () => getTestDatabase().db;
const origin = DEFAULT_API_CONFIG.publicUrls.portal;
const NAME = "Quillfeather";
let cookie: string;

const deps = () => ({
  db: db(),
  config,
  storage: () => {
    throw new Error("no storage in this test");
  },
  telephony: () => testTelephonyFor(),
});

function trpc(path: string, init: { method?: string; body?: unknown } = {}) {
  const headers: Record<string, string> = { cookie, "user-agent": "vitest", "x-carefold-client-ip": "203.0.113.7" };
  if (init.method && init.method !== "GET") Object.assign(headers, { origin, "content-type": "application/json" });
  const request = new Request(`${origin}/api/trpc/${path}`, {
    method: init.method ?? "GET",
    headers,
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  return respondTrpc(request, "portal", deps());
}

beforeAll(async () => {
  const tenant = await createTestTenant(db(), { name: "Url Clinic" });
  const admin = await createUser(db(), config, { kind: "clinic", memberships: [{ tenantId: tenant.id, role: "clinic_admin" }] });
  const browser = new TestBrowser(db(), config, "portal");
  await signIn(browser, admin);
  await browser.call((c) => c.patients.create({ firstName: "Ottilie", lastName: NAME, dateOfBirth: "1941-03-05" }));
  await browser.call((c) => c.patients.create({ firstName: "Bram", lastName: "Ellery", dateOfBirth: "1950-07-09" }));
  cookie = browser.cookie!;
});

describe("/api/trpc and PHI in the address", () => {
  it("refuses a query whose input stands in the address, without echoing it", async () => {
    const input = encodeURIComponent(JSON.stringify({ search: NAME }));
    for (const path of [`patients.list?input=${input}`, `patients.list?batch=1&input=${encodeURIComponent(JSON.stringify({ 0: { search: NAME } }))}`]) {
      const response = await trpc(path);
      expect(response.status).toBe(400);
      const body = await response.text();
      expect(body).toContain("not accepted in the address");
      expect(body).not.toContain(NAME);
    }
  });

  it("answers the same query posted, with the input in the body", async () => {
    const response = await trpc("patients.list", { method: "POST", body: { search: NAME, page: 1, pageSize: 25 } });
    expect(response.status).toBe(200);
    const { result } = (await response.json()) as { result: { data: { total: number; rows: { name: string }[] } } };
    expect(result.data.total).toBe(1);
    expect(result.data.rows[0]!.name).toContain(NAME);
  });

  it("answers posted batches of queries", async () => {
    const response = await trpc("patients.list,auth.me?batch=1", { method: "POST", body: { 0: { search: "Ellery" }, 1: undefined } });
    expect(response.status).toBe(200);
    const [list, me] = (await response.json()) as [{ result: { data: { total: number } } }, { result: { data: { user: unknown } } }];
    expect(list.result.data.total).toBe(1);
    expect(me.result.data.user).toBeTruthy();
  });

  it("still answers a GET without input", async () => {
    const response = await trpc("auth.me");
    expect(response.status).toBe(200);
  });

  it("leaves mutations and input-free requests alone", () => {
    expect(refuseInputInUrl(new Request(`${origin}/api/trpc/auth.me`))).toBeNull();
    expect(refuseInputInUrl(new Request(`${origin}/api/trpc/x?input=1`, { method: "POST" }))).toBeNull();
    expect(refuseInputInUrl(new Request(`${origin}/api/trpc/x?input=1`, { method: "HEAD" }))?.status).toBe(400);
  });
});
