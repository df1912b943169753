/**
 * Normalises a US/NANP or international number to E.164 (`+15551234567`), or returns null.
 * Accepts `(555) 123-4567`, `555-123-4567`, `1 555 123 4567`, `+44 20 7946 0958`.
 */
export function toE164(input: string): string | null {
  const trimmed = input.trim();
  const digits = trimmed.replace(/[^\d]/g, "");
  if (trimmed.startsWith("+")) return /^[1-9]\d{6,14}$/.test(digits) ? `+${digits}` : null;
  if (digits.length === 10 && /^[2-9]/.test(digits)) return `+1${digits}`;
  if (digits.length === 11 && digits.startsWith("1") && /^[2-9]/.test(digits[1]!))
    return `+${digits}`;
  return null;
}
