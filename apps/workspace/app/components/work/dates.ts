/** Whole days from `from` to `to` (ISO dates, e.g. how far back a manual entry is dated). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}
