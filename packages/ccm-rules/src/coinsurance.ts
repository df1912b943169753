/** Part B coinsurance after the deductible is met: 20 % of the allowed amount (§10 [S84][S109]). */
export const PART_B_COINSURANCE_PERCENT = 20;

/**
 * The patient's 20 % coinsurance on an allowed amount, in integer cents, rounded half up to the
 * nearest cent (e.g. 10642 → 2128, 6613 → 1323). Integer arithmetic only, so no floating-point
 * drift; assumes the annual Part B deductible is already met. Throws on a negative or
 * fractional amount because that is a caller bug, not a billing case.
 */
export function calculateCoinsuranceCents(allowedCents: number): number {
  if (!Number.isInteger(allowedCents) || allowedCents < 0) {
    throw new RangeError(`allowedCents must be a non-negative integer, got ${allowedCents}`);
  }
  return Math.floor((allowedCents * PART_B_COINSURANCE_PERCENT + 50) / 100);
}

/**
 * Splits an allowed amount into Medicare's 80 % and the 20 % coinsurance. For QMB patients the
 * coinsurance is owed by Medicaid, never collected from the patient (§10 [S55][S79]), so
 * `patientCents` is 0. `medicareCents + coinsuranceCents` always equals the allowed amount;
 * sequestration is not applied.
 */
export function splitCostSharing(
  allowedCents: number,
  patient: { isQmb?: boolean } = {},
): { medicareCents: number; coinsuranceCents: number; patientCents: number } {
  const coinsuranceCents = calculateCoinsuranceCents(allowedCents);
  const patientCents = patient.isQmb === true ? 0 : coinsuranceCents;
  return { medicareCents: allowedCents - coinsuranceCents, coinsuranceCents, patientCents };
}
