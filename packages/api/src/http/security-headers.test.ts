// Issue 17, item 13: the headers every response carries, and the session cookie's Secure flag
// following the same https decision as HSTS (the web server's, which honours TRUST_PROXY).
import type { Db } from "@carefold/db";
import { describe, expect, it } from "vitest";
import { testConfig } from "../testing/api-test-kit.js";
import { CLIENT_PROTO_HEADER, createRequestContext } from "./request-context.js";
import { createCspNonce, securityHeaders } from "./security-headers.js";

describe("securityHeaders", () => {
  it("allows only our own and nonce-marked scripts, no framing, no sniffing", () => {
    const nonce = createCspNonce();
    const headers = securityHeaders({ isHttps: false, nonce });
    const csp = headers["Content-Security-Policy"]!;
    const scriptSrc = csp.split("; ").find((d) => d.startsWith("script-src "))!;
    expect(scriptSrc).toBe(`script-src 'self' 'nonce-${nonce}'`);
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(headers).toMatchObject({ "X-Frame-Options": "DENY", "X-Content-Type-Options": "nosniff", "Referrer-Policy": "same-origin" });
    expect(headers["Strict-Transport-Security"]).toBeUndefined();
    expect(securityHeaders({ isHttps: true, nonce })["Strict-Transport-Security"]).toContain("max-age=");
  });

  it("makes a fresh nonce each time and refuses a weak one", () => {
    expect(createCspNonce()).not.toBe(createCspNonce());
    expect(() => securityHeaders({ isHttps: false, nonce: "abc" })).toThrow(/nonce/);
  });
});

describe("the session cookie's Secure flag", () => {
  async function cookieFor(url: string, headers: Record<string, string>) {
    const { ctx, responseCookies } = await createRequestContext(new Request(url, { headers }), "portal", {} as Db, testConfig());
    ctx.cookies.setSession = { token: "t".repeat(43), maxAgeSeconds: 60 };
    return responseCookies()[0]!;
  }

  it("follows the web server's protocol decision, not a client's X-Forwarded-Proto", async () => {
    // Behind a trusted proxy the server decided https (and sends HSTS): Secure.
    expect(await cookieFor("http://portal.test/x", { [CLIENT_PROTO_HEADER]: "https" })).toMatch(/; Secure$/);
    // An untrusted X-Forwarded-Proto: the server decided http, so neither HSTS nor Secure.
    expect(await cookieFor("http://portal.test/x", { [CLIENT_PROTO_HEADER]: "http", "x-forwarded-proto": "https" })).not.toContain("Secure");
    // Without the web server (tests, vite dev) the request's own URL decides.
    expect(await cookieFor("https://portal.test/x", {})).toMatch(/; Secure$/);
  });
});
