import { describe, expect, it } from "vitest";
import { toE164 } from "./phone-number.js";

describe("toE164", () => {
  it.each([
    ["(612) 555-0142", "+16125550142"],
    ["612-555-0142", "+16125550142"],
    ["1 612 555 0142", "+16125550142"],
    ["+1 612 555 0142", "+16125550142"],
    ["+44 20 7946 0958", "+442079460958"],
    ["555-0142", null],
    ["(112) 555-0142", null],
    ["+0 123", null],
    ["not a number", null],
  ])("%s → %s", (input, expected) => expect(toE164(input)).toBe(expected));
});
