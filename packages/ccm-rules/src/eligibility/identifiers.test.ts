import { describe, expect, it } from "vitest";
import { isValidIcd10Cm, isValidNpi, normalizeIcd10Cm, validateMbi } from "./identifiers.js";

describe("ICD-10-CM", () => {
  it.each([
    ["E11.9", "E11.9"],
    ["e11.9", "E11.9"],
    [" E119 ", "E11.9"],
    ["U07.1", "U07.1"],
    ["I10", "I10"],
    ["C4A.0", "C4A.0"],
    ["S72001A", "S72.001A"],
    ["M1A.0711", "M1A.0711"],
  ])("normalises %s to %s", (input, expected) => {
    expect(normalizeIcd10Cm(input)).toBe(expected);
    expect(isValidIcd10Cm(input)).toBe(true);
  });

  it.each(["", "E1", "11.9", "E11.", "E11.12345", "EE1.1", "E11-9", "E11.9.1", "E1193456"])(
    "rejects %j",
    (code) => {
      expect(isValidIcd10Cm(code)).toBe(false);
      expect(normalizeIcd10Cm(code)).toBeUndefined();
    },
  );
});

describe("NPI", () => {
  it("accepts valid check digits", () => {
    expect(isValidNpi("1234567893")).toBe(true);
    expect(isValidNpi("1245319599")).toBe(true);
  });

  it("rejects wrong check digits and shapes", () => {
    expect(isValidNpi("1234567890")).toBe(false);
    expect(isValidNpi("123456789")).toBe(false);
    expect(isValidNpi("12345678931")).toBe(false);
    expect(isValidNpi("12345678a3")).toBe(false);
  });
});

describe("MBI", () => {
  it("accepts the CMS example with or without dashes and in lower case", () => {
    expect(validateMbi("1EG4-TE5-MK73")).toEqual({ isValid: true, normalized: "1EG4TE5MK73" });
    expect(validateMbi("1eg4te5mk73")).toEqual({ isValid: true, normalized: "1EG4TE5MK73" });
    expect(validateMbi("9A94A94AA99").isValid).toBe(true);
  });

  it.each([
    ["1EG4-TE5-MK7", null, "MBI has 10 characters without dashes; 11 expected"],
    ["0EG4TE5MK73", 1, "0 where a digit 1–9 belongs (position 1)"],
    ["AEG4TE5MK73", 1, "letter where a digit 1–9 belongs (position 1)"],
    ["12G4TE5MK73", 2, "digit where a letter belongs (position 2)"],
    [
      "1SG4TE5MK73",
      2,
      "letter S is never used in an MBI (position 2); S, L, O, I, B and Z are excluded",
    ],
    [
      "1EO4TE5MK73",
      3,
      "letter O is never used in an MBI (position 3); S, L, O, I, B and Z are excluded",
    ],
    ["1EGATE5MK73", 4, "letter where a digit belongs (position 4)"],
    ["1EG4TE5M173", 9, "digit where a letter belongs (position 9)"],
    ["1EG4TE5MK7Z", 11, "letter where a digit belongs (position 11)"],
    ["1EG4T#5MK73", 6, '"#" is not allowed (position 6)'],
  ])("explains %s", (input, position, message) => {
    expect(validateMbi(input)).toEqual({ isValid: false, position, message });
  });
});
