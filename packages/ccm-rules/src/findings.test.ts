import { describe, expect, it } from "vitest";
import { checkBillingLines } from "./line-validation.js";
import {
  FINDING_CODES,
  FINDING_DEFINITIONS,
  agree,
  createFinding,
  isMonthBlocked,
  pluralMinutes,
} from "./findings.js";

describe("finding catalogue", () => {
  it("is a closed set of snake_case codes with a severity, scope and description", () => {
    expect(new Set(FINDING_CODES).size).toBe(FINDING_CODES.length);
    for (const code of FINDING_CODES) {
      expect(code).toMatch(/^[a-z0-9]+(_[a-z0-9]+)*$/);
      const definition = FINDING_DEFINITIONS[code];
      expect(["block", "warn"]).toContain(definition.severity);
      expect(["month", "request"]).toContain(definition.scope);
      expect(definition.about.length).toBeGreaterThan(5);
    }
  });

  it("creates findings with the catalogue severity unless overridden", () => {
    expect(createFinding("below_threshold", "m")).toEqual({
      code: "below_threshold",
      severity: "warn",
      message: "m",
    });
    expect(createFinding("no_interactive_contact", "m", "block").severity).toBe("block");
  });

  it("separates month blocks from request blocks, and treats unknown blocks as month blocks", () => {
    expect(
      isMonthBlocked([
        createFinding("g0506_previously_billed", "x"),
        createFinding("rate_unknown", "y"),
      ]),
    ).toBe(false);
    expect(isMonthBlocked([createFinding("consent_missing", "x")])).toBe(true);
    expect(isMonthBlocked([{ code: "from_elsewhere", severity: "block", message: "" }])).toBe(true);
    expect(isMonthBlocked([])).toBe(false);
  });

  it("words counts", () => {
    expect(pluralMinutes(1)).toBe("1 minute");
    expect(pluralMinutes(8)).toBe("8 minutes");
    expect(agree(1, "does", "do")).toBe("does");
    expect(agree(2, "does", "do")).toBe("do");
  });
});

describe("checkBillingLines", () => {
  const line = (code: string, units = 1) => ({ code, units, amountCents: 0 });

  it("accepts valid sets", () => {
    expect(checkBillingLines([])).toEqual([]);
    expect(checkBillingLines([line("99490"), line("99439", 2)])).toEqual([]);
    expect(checkBillingLines([line("99487"), line("99489", 3)])).toEqual([]);
    expect(checkBillingLines([line("99491"), line("99437")])).toEqual([]);
    expect(checkBillingLines([line("99424"), line("99425")])).toEqual([]);
    expect(checkBillingLines([line("99490"), line("G0506"), line("99457")])).toEqual([]);
  });

  it("rejects duplicates, orphans and mixed lanes with plain messages", () => {
    expect(checkBillingLines([line("99490"), line("99490")]).map((f) => f.code)).toEqual([
      "duplicate_line",
    ]);
    const mixed = checkBillingLines([line("99490"), line("99487")]);
    expect(mixed).toEqual([
      {
        code: "mixed_lanes",
        severity: "block",
        message:
          "99490 (staff) and 99487 (complex) belong to different lanes; only one lane can be billed per patient-month.",
      },
    ]);
    expect(checkBillingLines([line("99427")])[0]?.message).toBe(
      "99427 is an add-on to 99426, which is not billed; an add-on is never billed without its own base code.",
    );
    expect(checkBillingLines([line("99426"), line("99424")])[0]?.message).toContain(
      "99426 (pcm staff) and 99424 (pcm practitioner)",
    );
  });
});
