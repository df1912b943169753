import { isIsoDate } from "./dates.js";
import { createFinding, type FindingCode } from "./findings.js";
import type { Finding } from "./types.js";

/** A documented CCM consent conversation (§6). */
export interface ConsentRecord {
  obtainedOn: string;
  method: "verbal" | "written" | null;
  /** Name or role of the person who obtained it. */
  obtainedBy: string | null;
  decision: "accepted" | "declined";
  /** The four disclosures CMS expects to be explained and documented (§6 [S5][S62][S93]). */
  disclosures: {
    /** CCM is available and how to access it. */
    availability: boolean;
    /** Coinsurance/deductible apply. */
    costSharing: boolean;
    /** The patient may stop at any time, effective the end of the calendar month. */
    stopAnyTime: boolean;
    /** Only one practitioner can furnish and be paid for CCM in a calendar month. */
    onePractitionerPerMonth: boolean;
  };
}

const DISCLOSURES: readonly [keyof ConsentRecord["disclosures"], FindingCode, string][] = [
  [
    "availability",
    "consent_disclosure_availability_missing",
    "that CCM is available and how to access it",
  ],
  [
    "costSharing",
    "consent_disclosure_cost_sharing_missing",
    "that cost sharing (coinsurance and deductible) applies",
  ],
  [
    "stopAnyTime",
    "consent_disclosure_stop_any_time_missing",
    "that the patient may stop at any time, effective the end of the calendar month",
  ],
  [
    "onePractitionerPerMonth",
    "consent_disclosure_one_practitioner_missing",
    "that only one practitioner can furnish and be paid for CCM in a month",
  ],
];

/**
 * Checks that a consent record meets CMS's content rules: the four disclosures, the method
 * (verbal or written — both valid since CY2017), who obtained it and when (§6). Consent is
 * one-time; reconfirmation is a practice option checked by the month evaluator. `asOf`
 * ('YYYY-MM-DD') flags a consent dated in the future. Returns findings; empty means complete.
 */
export function checkConsent(consent: ConsentRecord | null, asOf?: string): Finding[] {
  if (consent === null) {
    return [
      createFinding(
        "consent_missing",
        "No consent is documented; CCM cannot be billed until verbal or written consent is recorded.",
      ),
    ];
  }
  const findings: Finding[] = [];
  if (!isIsoDate(consent.obtainedOn)) {
    findings.push(
      createFinding(
        "consent_date_invalid",
        `Consent date "${consent.obtainedOn}" is not a YYYY-MM-DD date.`,
      ),
    );
  } else if (asOf !== undefined && consent.obtainedOn > asOf) {
    findings.push(
      createFinding(
        "consent_date_in_future",
        `Consent is dated ${consent.obtainedOn}, after ${asOf}; check the date.`,
      ),
    );
  }
  if (consent.decision === "declined") {
    findings.push(
      createFinding(
        "consent_declined",
        `The patient declined CCM on ${consent.obtainedOn}; CCM cannot be billed.`,
      ),
    );
  }
  if (consent.method !== "verbal" && consent.method !== "written") {
    findings.push(
      createFinding("consent_method_missing", "Record whether consent was verbal or written."),
    );
  }
  if (consent.obtainedBy === null || consent.obtainedBy.trim() === "") {
    findings.push(createFinding("consent_obtained_by_missing", "Record who obtained the consent."));
  }
  for (const [key, code, what] of DISCLOSURES) {
    if (!consent.disclosures[key]) {
      findings.push(
        createFinding(code, `The consent record does not show the patient was told ${what}.`),
      );
    }
  }
  return findings;
}
