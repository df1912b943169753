// Issue 17, item 3: the one redirect validator both apps use after sign-in. A known-payload list
// plus a fast-check fuzz corpus: whatever goes in, what comes out stays on our origin.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { safeRedirect } from "./safe-redirect.js";

const ORIGIN = "https://portal.carefold.test";

/** What a browser would navigate to for a Location header of `target` sent from our origin. */
function landsOn(target: string): string {
  // Browsers strip leading/trailing C0 controls and spaces and drop tabs/newlines anywhere.
  // eslint-disable-next-line no-control-regex -- the browser rule being modelled is about control characters
  const cleaned = target.replace(/^[\u0000-\u0020]+|[\u0000-\u0020]+$/g, "").replace(/[\t\n\r]/g, "");
  return new URL(cleaned, ORIGIN).origin;
}

/** Open-redirect payloads as they arrive after one round of URL decoding (searchParams.get / form data). */
const KNOWN_PAYLOADS = [
  "//evil.example",
  "///evil.example",
  "////evil.example/x",
  "/\\evil.example",
  "/\\/evil.example",
  "\\\\evil.example",
  "\\/evil.example",
  "/\t/evil.example",
  "/\n/evil.example",
  "/\r/evil.example",
  "/\u000b/evil.example",
  "/\u000c/evil.example",
  "/\u0000/evil.example",
  "/\u007f/evil.example",
  "/%09/evil.example",
  "/%0B/evil.example",
  "/%0a/evil.example",
  "/%2F/evil.example",
  "/%2f%2fevil.example",
  "/%5Cevil.example",
  "/%5C%5Cevil.example",
  "%2F%2Fevil.example",
  "/%252F/evil.example",
  "/%25252F%25252Fevil.example",
  "https://evil.example",
  "http:evil.example",
  "javascript:alert(1)",
  "JaVaScRiPt:alert(1)",
  "data:text/html,<script>alert(1)</script>",
  "vbscript:msgbox",
  " //evil.example",
  "\t//evil.example",
  "evil.example",
  "@evil.example",
  "/@evil.example/..//evil.example",
  "/.//evil.example",
  "/..//evil.example",
  "/x/..//evil.example",
  "/%2e%2e//evil.example",
  "/\u3000/evil.example",
  "/\u2028/evil.example",
  "/%E3%80%80/evil.example",
  "/%",
  "/%zz",
  "",
];

describe("safeRedirect", () => {
  it.each(KNOWN_PAYLOADS)("refuses %j (falls back to /)", (payload) => {
    expect(safeRedirect(payload)).toBe("/");
  });

  it("keeps ordinary same-app paths with their query and fragment", () => {
    expect(safeRedirect("/patients?tab=plans&q=ann%20lee#top")).toBe("/patients?tab=plans&q=ann%20lee#top");
    expect(safeRedirect("/billing/2026-11")).toBe("/billing/2026-11");
    expect(safeRedirect("/")).toBe("/");
  });

  it("never returns into the sign-in flow", () => {
    for (const p of ["/sign-in", "/sign-in?redirectTo=/x", "/sign-in/verify", "/sign-out", "/SIGN-IN", "/%73ign-in", "/x/../sign-in"]) {
      expect(safeRedirect(p)).toBe("/");
    }
  });

  it("uses the caller's fallback and refuses non-strings", () => {
    expect(safeRedirect(null, "/home")).toBe("/home");
    expect(safeRedirect(undefined, "")).toBe("");
    expect(safeRedirect({} as unknown as string)).toBe("/");
  });

  it("fuzz: whatever comes in, the result is a same-origin path (or the fallback)", () => {
    const pieces = fc.constantFrom("/", "//", "\\", "%2F", "%5C", "%09", "%0B", "%0a", "%25", "%2e", ".", "..", "@", ":", "?", "#", "evil.example", "http", "javascript:", "\t", "\n", "\u000b", " ", "a", "sign-in");
    const payloads = fc.oneof(fc.string(), fc.array(pieces, { maxLength: 8 }).map((p) => p.join("")), fc.webUrl(), fc.webPath());
    fc.assert(
      fc.property(payloads, (payload) => {
        const result = safeRedirect(payload, "/fallback");
        if (result === "/fallback") return;
        expect(result.startsWith("/")).toBe(true);
        expect(result.startsWith("//")).toBe(false);
        // eslint-disable-next-line no-control-regex -- no control character may survive
        expect(result).not.toMatch(/[\\\u0000-\u001f\u007f]/);
        expect(landsOn(result)).toBe(ORIGIN);
        // Decoding once more (a second hop through a URL parser) must still stay on origin.
        expect(landsOn(safeDecode(result))).toBe(ORIGIN);
      }),
      { numRuns: 5_000 },
    );
  });
});

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
