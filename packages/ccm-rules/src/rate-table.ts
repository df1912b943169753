/**
 * National non-facility Medicare amounts per unit, in cents (research notes §2.2, §2.3).
 *
 * Only confirmed figures are listed. A code/period that is missing here has no confirmed
 * amount and every lookup returns `undefined`; approximations ("~$88") and conflicting quotes
 * are deliberately left out (§14.11). Before 2026 there is one conversion factor; from 2026
 * qualifying APM participants (QP) have their own, so those entries carry `qpCents` where the
 * notes give it.
 *
 * To add a year: append one entry per code with `effectiveFrom` 'YYYY-01-01', `effectiveTo`
 * 'YYYY-12-31', the amount in cents, the source tag(s) and a confidence. `rate-table.test.ts`
 * checks that periods of a code never overlap and that every entry is tagged.
 */

export type Confidence = "H" | "M" | "L";

export interface RateEntry {
  code: string;
  /** First date of service the amount applies to, 'YYYY-MM-DD'. */
  effectiveFrom: string;
  /** Last date of service the amount applies to, inclusive. */
  effectiveTo: string;
  /** Non-QP (or the single) conversion factor amount, integer cents per unit. */
  cents: number;
  /** Qualifying APM participant amount (2026 on), when published or computed in the notes. */
  qpCents?: number;
  confidence: Confidence;
  /** Source tags from the research notes §16, e.g. "[S44]". */
  source: string;
  note?: string;
}

const Y2024A = { effectiveFrom: "2024-01-01", effectiveTo: "2024-03-08" } as const;
const Y2024B = { effectiveFrom: "2024-03-09", effectiveTo: "2024-12-31" } as const;
const Y2025 = { effectiveFrom: "2025-01-01", effectiveTo: "2025-12-31" } as const;
const Y2026 = { effectiveFrom: "2026-01-01", effectiveTo: "2026-12-31" } as const;

const CF_2024A = "2024 CF $32.7442 (Jan 1–Mar 8)";
const CF_2024B = "2024 CF $33.2875 after the mid-year fix (Mar 9–Dec 31)";

export const RATE_TABLE: readonly RateEntry[] = [
  { code: "99490", ...Y2024A, cents: 6156, confidence: "H", source: "[S44]", note: CF_2024A },
  { code: "99490", ...Y2024B, cents: 6258, confidence: "H", source: "[S44]", note: CF_2024B },
  { code: "99490", ...Y2025, cents: 6049, confidence: "H", source: "[S20][S45]" },
  { code: "99490", ...Y2026, cents: 6613, qpCents: 6646, confidence: "H", source: "[S21][S22]" },

  { code: "99439", ...Y2024A, cents: 4715, confidence: "H", source: "[S44]", note: CF_2024A },
  { code: "99439", ...Y2024B, cents: 4793, confidence: "H", source: "[S44]", note: CF_2024B },
  { code: "99439", ...Y2025, cents: 4593, confidence: "H", source: "[S20][S45]" },
  { code: "99439", ...Y2026, cents: 5044, qpCents: 5069, confidence: "H", source: "[S21][S24]" },

  { code: "99487", ...Y2024A, cents: 13196, confidence: "H", source: "[S44]", note: CF_2024A },
  { code: "99487", ...Y2024B, cents: 13415, confidence: "H", source: "[S44]", note: CF_2024B },
  { code: "99487", ...Y2025, cents: 13165, confidence: "H", source: "[S20]" },
  { code: "99487", ...Y2026, cents: 14429, qpCents: 14501, confidence: "H", source: "[S22][S23]" },

  { code: "99489", ...Y2024A, cents: 7105, confidence: "H", source: "[S44]", note: CF_2024A },
  { code: "99489", ...Y2024B, cents: 7223, confidence: "H", source: "[S44]", note: CF_2024B },
  { code: "99489", ...Y2025, cents: 7052, confidence: "H", source: "[S20][S25]" },
  { code: "99489", ...Y2026, cents: 7816, qpCents: 7855, confidence: "H", source: "[S21][S24]" },

  { code: "99491", ...Y2025, cents: 8216, confidence: "H", source: "[S25]" },

  { code: "99437", ...Y2025, cents: 5758, confidence: "M", source: "[S25]" },
  {
    code: "99437",
    ...Y2026,
    cents: 6313,
    qpCents: 6344,
    confidence: "L",
    source: "[S24]",
    note: "Computed from 1.89 RVU × CF; the same site states $64.67, which is inconsistent.",
  },

  { code: "99425", ...Y2025, cents: 5887, confidence: "M", source: "[S25]" },
  { code: "99425", ...Y2026, cents: 6146, confidence: "M", source: "[S21]" },

  { code: "99453", ...Y2025, cents: 1973, confidence: "M", source: "[S49]" },
  { code: "99454", ...Y2025, cents: 4302, confidence: "M", source: "[S49]" },
  { code: "99457", ...Y2025, cents: 4787, confidence: "M", source: "[S49]" },
  { code: "99458", ...Y2025, cents: 3849, confidence: "M", source: "[S49]" },

  { code: "G0556", ...Y2025, cents: 1520, confidence: "M", source: "[S55]" },
  { code: "G0557", ...Y2025, cents: 4884, confidence: "M", source: "[S55]" },
  { code: "G0558", ...Y2025, cents: 10707, confidence: "M", source: "[S55]" },
  { code: "G0568", ...Y2026, cents: 14930, confidence: "M", source: "[S21][S56]" },
];

/** First year with separate QP and non-QP conversion factors (§2.1 [S41]). */
export const FIRST_QP_YEAR = 2026;
