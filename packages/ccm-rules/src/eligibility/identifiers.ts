/**
 * Format checks for identifiers that arrive with patient imports: ICD-10-CM codes, NPIs and
 * Medicare Beneficiary Identifiers. Format only — none of these prove the identifier exists.
 */

const ICD10_CM = /^[A-Z][0-9][A-Z0-9](?:\.[A-Z0-9]{1,4})?$/;
const ICD10_CM_UNDOTTED = /^[A-Z][0-9][A-Z0-9][A-Z0-9]{1,4}$/;

/**
 * Canonical form of an ICD-10-CM code — trimmed, upper case, dot after the category
 * ("e119" → "E11.9") — or `undefined` when the shape is wrong. Shape: letter, digit,
 * letter-or-digit, then optionally a dot and 1–4 letters or digits (U07.1, C4A.0, S72.001A).
 */
export function normalizeIcd10Cm(code: string): string | undefined {
  const value = code.trim().toUpperCase();
  if (ICD10_CM.test(value)) return value;
  if (ICD10_CM_UNDOTTED.test(value)) return `${value.substring(0, 3)}.${value.substring(3)}`;
  return undefined;
}

/** True when `code` has the shape of an ICD-10-CM code (dot optional, any case). */
export function isValidIcd10Cm(code: string): boolean {
  return normalizeIcd10Cm(code) !== undefined;
}

/**
 * NPI check digit (CMS NPI standard): Luhn over the first nine digits prefixed with the card
 * issuer prefix 80840 — which adds a constant 24 to the sum. Accepts exactly 10 digits.
 */
export function isValidNpi(npi: string): boolean {
  if (!/^\d{10}$/.test(npi)) return false;
  let sum = 24;
  for (let i = 0; i < 9; i++) {
    let digit = npi.charCodeAt(i) - 48;
    if (i % 2 === 0) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return (10 - (sum % 10)) % 10 === npi.charCodeAt(9) - 48;
}

export type MbiValidation =
  | { isValid: true; normalized: string }
  | { isValid: false; position: number | null; message: string };

type MbiSlot = "nonzero" | "letter" | "alnum" | "digit";

// CMS MBI format: C A AN N A AN N A A N N (positions 1–11).
const MBI_SLOTS: readonly MbiSlot[] = [
  "nonzero",
  "letter",
  "alnum",
  "digit",
  "letter",
  "alnum",
  "digit",
  "letter",
  "letter",
  "digit",
  "digit",
];
const MBI_EXCLUDED_LETTERS = "SLOIBZ";

function checkMbiChar(char: string, slot: MbiSlot, position: number): string | null {
  const isDigit = char >= "0" && char <= "9";
  const isLetter = char >= "A" && char <= "Z";
  if (!isDigit && !isLetter) return `"${char}" is not allowed (position ${position})`;
  if (isLetter && MBI_EXCLUDED_LETTERS.includes(char) && slot !== "digit" && slot !== "nonzero") {
    return `letter ${char} is never used in an MBI (position ${position}); S, L, O, I, B and Z are excluded`;
  }
  if (slot === "nonzero" && (!isDigit || char === "0")) {
    return `${isDigit ? "0" : "letter"} where a digit 1–9 belongs (position ${position})`;
  }
  if (slot === "digit" && !isDigit) return `letter where a digit belongs (position ${position})`;
  if (slot === "letter" && !isLetter) return `digit where a letter belongs (position ${position})`;
  return null;
}

/**
 * Validates a Medicare Beneficiary Identifier: 11 characters after removing dashes and
 * upper-casing; position 1 a digit 1–9; 2, 5, 8, 9 letters; 3 and 6 letter or digit; 4, 7, 10,
 * 11 digits; letters S, L, O, I, B, Z never appear. The error names the first wrong position
 * and what belongs there, so an import screen can point at it.
 */
export function validateMbi(input: string): MbiValidation {
  const value = input.trim().replaceAll("-", "").toUpperCase();
  if (value.length !== MBI_SLOTS.length) {
    return {
      isValid: false,
      position: null,
      message: `MBI has ${value.length} characters without dashes; 11 expected`,
    };
  }
  for (let i = 0; i < MBI_SLOTS.length; i++) {
    const error = checkMbiChar(value.charAt(i), MBI_SLOTS[i] as MbiSlot, i + 1);
    if (error !== null) return { isValid: false, position: i + 1, message: error };
  }
  return { isValid: true, normalized: value };
}
