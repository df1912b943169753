import {
  FINDING_DEFINITIONS,
  type FindingCode,
  type FindingDefinition,
} from "./finding-catalogue.js";
import type { Finding } from "./types.js";

export {
  FINDING_CODES,
  FINDING_DEFINITIONS,
  type FindingCode,
  type FindingDefinition,
} from "./finding-catalogue.js";

// A Map keeps the per-finding severity lookup fast (the catalogue object is in dictionary mode).
const SEVERITY_BY_CODE = new Map<string, Finding["severity"]>(
  Object.entries(FINDING_DEFINITIONS).map(([code, definition]) => [code, definition.severity]),
);

/** A finding with the catalogue severity, unless the caller passes one (option-driven codes). */
export function createFinding(
  code: FindingCode,
  message: string,
  severity: Finding["severity"] = SEVERITY_BY_CODE.get(code) as Finding["severity"],
): Finding {
  return { code, severity, message };
}

/**
 * True when a month-scoped `block` finding is present, i.e. nothing in the month may be billed.
 * Request-scoped blocks (a refused G0506) leave the rest of the month billable.
 */
export function isMonthBlocked(findings: readonly Finding[]): boolean {
  for (const f of findings) {
    if (f.severity !== "block") continue;
    const definition = (FINDING_DEFINITIONS as Record<string, FindingDefinition | undefined>)[
      f.code
    ];
    if (definition === undefined || definition.scope === "month") return true;
  }
  return false;
}

/** "1 minute" / "8 minutes". */
export function pluralMinutes(minutes: number): string {
  return minutes === 1 ? "1 minute" : `${minutes} minutes`;
}

/**
 * A duration in seconds as words: "1 minute", "8 minutes", "45 seconds", "8 minutes 10 seconds".
 * Whole minutes read exactly as `pluralMinutes`, so existing messages do not change.
 */
export function formatDuration(seconds: number): string {
  const minutes = Math.floor(seconds / 60);
  const rest = seconds - minutes * 60;
  if (rest === 0) return pluralMinutes(minutes);
  const restText = rest === 1 ? "1 second" : `${rest} seconds`;
  return minutes === 0 ? restText : `${pluralMinutes(minutes)} ${restText}`;
}

/** Verb agreement for a duration: singular only for exactly one minute or one second. */
export function agreeDuration(seconds: number, singular: string, plural: string): string {
  return seconds === 60 || seconds === 1 ? singular : plural;
}

/** Verb agreement for minute counts: `agree(1, "does", "do")` → "does". */
export function agree(count: number, singular: string, plural: string): string {
  return count === 1 ? singular : plural;
}
