import { describe, expect, it } from "vitest";
import { pageError } from "./session.server";

/** A TRPCError as the API's server-side caller throws it for a refused input (shape only). */
function badRequest(issues: { path: (string | number)[]; message: string }[]) {
  const error = new Error(JSON.stringify(issues, null, 2)) as Error & {
    code: string;
    cause: unknown;
  };
  error.name = "TRPCError";
  error.code = "BAD_REQUEST";
  error.cause = { issues };
  return error;
}

function thrownBy(run: () => unknown): { data: { message: string }; init: { status: number } } {
  try {
    run();
  } catch (thrown) {
    return thrown as { data: { message: string }; init: { status: number } };
  }
  throw new Error("pageError returned");
}

describe("pageError: what an error page says", () => {
  const request = new Request("http://127.0.0.1/reports?month=2026-13");

  it("names the field a refused address value was for, never zod's JSON", () => {
    const error = badRequest([{ path: ["month"], message: "Use a month like 2026-11" }]);
    const page = thrownBy(() => pageError(error, request, new Headers()));
    expect(page.init.status).toBe(400);
    expect(page.data.message).toContain("month: Use a month like 2026-11");
    expect(page.data.message).not.toMatch(/[[{]/);
  });

  it("keeps the API's own words for a refusal that is not about the input", () => {
    const error = Object.assign(new Error("That patient is not in your clinic."), {
      name: "TRPCError",
      code: "NOT_FOUND",
    });
    const page = thrownBy(() => pageError(error, request, new Headers()));
    expect(page.init.status).toBe(404);
    expect(page.data.message).toBe("That patient is not in your clinic.");
  });
});
