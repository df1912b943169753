import {
  APCM_BASE_CODES,
  CCM_TIME_CODES,
  G0511,
  PCM_TIME_CODES,
  TCM_CODES,
  isHomeHealthHospiceOrEsrdCode,
  normalizeCode,
} from "./codes.js";
import { compareDateToMonth, isIsoDate, parseMonthIndex } from "./dates.js";
import { createFinding } from "./findings.js";
import type { RuleOptions } from "./options.js";
import type { Finding, MonthConsent, OtherService, PatientMonthInput } from "./types.js";

/** What the month checks read; CCM and PCM inputs both satisfy it. */
export type PrerequisiteInput = Pick<
  PatientMonthInput,
  | "serviceMonth"
  | "qualifyingChronicConditions"
  | "consent"
  | "initiatingVisit"
  | "carePlan"
  | "setting"
  | "otherServices"
  | "hadInteractiveContact"
  | "ccmBilledByAnotherPractitioner"
>;

export type Program = "ccm" | "pcm";

const PROGRAM_NAME: Record<Program, string> = { ccm: "CCM", pcm: "PCM" };

/** What the month checks decide for the minute counting that follows. */
export interface MonthGate {
  /** A month-scoped `block` finding was added: nothing may be billed. */
  isBlocked: boolean;
  /**
   * The consent date entries must be compared with: the consent date when it falls in or after
   * the service month; null when consent predates the month (every entry of the month is after
   * it, so no per-entry comparison is needed) or is missing/malformed (the month is blocked).
   */
  consentCutoff: string | null;
  /**
   * The required initiating visit's date when it falls in the service month: entries dated
   * before it are set aside (CCM starts at the visit). Null otherwise (no visit required, or it
   * was before the month, or it is missing and the month is blocked anyway).
   */
  visitCutoff: string | null;
}

/**
 * The revocation that applies to a consent, or null. A revocation dated before the consent was
 * obtained belongs to an earlier consent episode: the patient revoked, then consented again, and
 * the newer consent supersedes it (issue 15). Dates must already be valid ISO dates, so string
 * order is date order.
 */
export function getRevocationInForce(consent: MonthConsent): string | null {
  const revokedOn = consent.revokedOn;
  return revokedOn != null && revokedOn >= consent.obtainedOn ? revokedOn : null;
}

function checkConsentForMonth(
  consent: MonthConsent | null,
  month: string,
  options: Readonly<RuleOptions>,
  program: Program,
  findings: Finding[],
): string | null {
  if (consent === null) {
    const text = `No consent is documented; ${PROGRAM_NAME[program]} cannot be billed until verbal or written consent is recorded.`;
    findings.push(createFinding("consent_missing", text));
    return null;
  }
  const { obtainedOn } = consent;
  if (!isIsoDate(obtainedOn) || (consent.revokedOn != null && !isIsoDate(consent.revokedOn))) {
    const text = `Consent dates must be YYYY-MM-DD (obtained "${obtainedOn}", revoked "${consent.revokedOn ?? ""}").`;
    findings.push(createFinding("consent_date_invalid", text));
    return null;
  }
  const revokedOn = getRevocationInForce(consent);
  const order = compareDateToMonth(obtainedOn, month);
  if (order > 0) {
    const text = `Consent is dated ${obtainedOn}, after the service month ${month}; nothing in ${month} can be billed.`;
    findings.push(createFinding("consent_after_month", text));
  }
  if (revokedOn !== null) {
    const revokedOrder = compareDateToMonth(revokedOn, month);
    if (revokedOrder < 0) {
      const text = `Consent was revoked on ${revokedOn} (effective the end of that month); ${month} cannot be billed.`;
      findings.push(createFinding("consent_revoked", text));
    } else if (revokedOrder === 0) {
      const text = `Consent was revoked on ${revokedOn}; revocation takes effect at the end of ${month}, so this month can be billed and later months cannot.`;
      findings.push(createFinding("consent_revoked_this_month", text));
    }
  }
  const reconfirm = options.consentReconfirmMonths;
  if (reconfirm !== null) {
    const age = parseMonthIndex(month) - parseMonthIndex(obtainedOn.substring(0, 7));
    if (age >= reconfirm) {
      const text = `Consent is dated ${obtainedOn}, ${age} months before ${month}; this practice reconfirms consent every ${reconfirm} months (CMS requires it only once).`;
      findings.push(createFinding("consent_reconfirm_due", text));
    }
  }
  return order >= 0 ? obtainedOn : null;
}

/** Checks the conditions, the initiating visit and the care plan; returns the visit cutoff (see `MonthGate`). */
function checkRecords(
  input: PrerequisiteInput,
  program: Program,
  findings: Finding[],
): string | null {
  const month = input.serviceMonth;
  const minimum = program === "ccm" ? 2 : 1;
  const count = input.qualifyingChronicConditions;
  if (!(count >= minimum)) {
    const advice =
      program === "ccm" ? " Consider PCM (99424–99427) for one complex condition." : "";
    const text = `${PROGRAM_NAME[program]} needs ${minimum === 2 ? "2 or more qualifying chronic conditions" : "1 qualifying complex chronic condition"}; ${count} attested.${advice}`;
    findings.push(createFinding("too_few_conditions", text));
  }
  const visit = input.initiatingVisit;
  let visitCutoff: string | null = null;
  if (visit.required) {
    const done = visit.completedOn;
    if (done == null || !isIsoDate(done) || compareDateToMonth(done, month) > 0) {
      const when =
        done == null
          ? "none is recorded"
          : `the one recorded (${done}) is not on or before the end of ${month}`;
      const text = `This patient needs an initiating visit (E/M, AWV or IPPE by the billing practitioner) before ${PROGRAM_NAME[program]} can be billed; ${when}.`;
      findings.push(createFinding("initiating_visit_missing", text));
    } else if (compareDateToMonth(done, month) === 0) visitCutoff = done;
  }
  if (!input.carePlan.exists) {
    const text = "No care plan is on file; a care plan must exist for every month billed.";
    findings.push(createFinding("care_plan_missing", text));
  }
  return visitCutoff;
}

function checkOneService(
  service: OtherService,
  input: PrerequisiteInput,
  dateOfService: string,
  options: Readonly<RuleOptions>,
  program: Program,
): Finding | null {
  const code = normalizeCode(service.code);
  const samePractitioner = service.samePractitioner;
  const month = input.serviceMonth;
  if (CCM_TIME_CODES.has(code)) {
    if (program === "ccm" && !samePractitioner) {
      return createFinding(
        "ccm_billed_elsewhere",
        `Another practitioner bills CCM (${code}) for ${month}; only one practitioner can be paid for CCM per month.`,
      );
    }
    if (program === "ccm") {
      // The same practitioner's CCM code billed through another claim or system: ours would be
      // a second claim for a once-a-month service (§1.2, §3), which Medicare denies.
      return createFinding(
        "ccm_already_billed",
        `${code} is already billed for ${month} by the same practitioner outside this close; CCM is billed once a month, so this month's CCM is not billed again.`,
      );
    }
    if (program === "pcm" && samePractitioner) {
      return createFinding(
        "ccm_same_practitioner",
        `The same practitioner bills CCM (${code}) for ${month}; CCM and PCM by one practitioner in one month are not allowed.`,
      );
    }
  } else if (program === "ccm" && PCM_TIME_CODES.has(code) && samePractitioner) {
    return createFinding(
      "pcm_same_practitioner",
      `The same practitioner bills PCM (${code}) for ${month}; PCM and CCM by one practitioner in one month are not allowed.`,
    );
  } else if (APCM_BASE_CODES.has(code) && samePractitioner) {
    return createFinding(
      "apcm_same_practitioner",
      `The same practitioner bills APCM (${code}) for ${month}; APCM bundles ${PROGRAM_NAME[program]}, so it cannot be billed.`,
    );
  } else if (
    program === "ccm" &&
    options.ccmBlockedByG0181G0182Esrd &&
    isHomeHealthHospiceOrEsrdCode(code)
  ) {
    return createFinding(
      "home_health_hospice_esrd_same_month",
      `${code} is billed for ${month}; CCM is not billed in the same month as home-health/hospice care plan oversight or monthly ESRD services (option ccmBlockedByG0181G0182Esrd).`,
    );
  } else if (program === "ccm" && TCM_CODES.has(code) && !options.canBillCcmWithTcm) {
    return createFinding(
      "tcm_same_month",
      `TCM (${code}) is billed for ${month} and this practice does not bill CCM in a TCM month (option canBillCcmWithTcm).`,
    );
  } else if (code === G0511 && input.setting !== "office") {
    if (dateOfService >= options.g0511CutoffDate) {
      return createFinding(
        "g0511_retired",
        `G0511 is not payable for dates of service from ${options.g0511CutoffDate}; remove G0511 and bill the individual codes (e.g. 99490) for ${month}.`,
      );
    }
    return createFinding(
      "g0511_with_individual_codes",
      `G0511 is billed for ${month}; an RHC/FQHC bills either G0511 or the individual care-management codes in a month, not both.`,
    );
  }
  return null;
}

/**
 * Appends a `block` finding for every reason the month cannot be billed at all (contract
 * "Nothing billable" list, §3, §5, §6, §9) and the consent warnings; returns true when the month
 * is blocked (recorded in `gate`, with the consent cutoff for minute counting; `gate` is an
 * out-parameter so the hot path allocates nothing here). All reasons are reported, not just the first, so a biller fixes them in one pass.
 * Each code is reported once even when several services trigger it.
 */
export function checkMonthPrerequisites(
  input: PrerequisiteInput,
  dateOfService: string,
  options: Readonly<RuleOptions>,
  program: Program,
  findings: Finding[],
  gate: MonthGate,
): void {
  const start = findings.length;
  gate.visitCutoff = checkRecords(input, program, findings);
  gate.consentCutoff = checkConsentForMonth(
    input.consent,
    input.serviceMonth,
    options,
    program,
    findings,
  );
  if (input.setting !== "office" && dateOfService < options.fqhcRhcIndividualCodesFrom) {
    const text = `RHC/FQHC care management for ${input.serviceMonth} is billed as G0511; the individual codes apply from ${options.fqhcRhcIndividualCodesFrom}.`;
    findings.push(createFinding("fqhc_rhc_individual_codes_not_yet", text));
  } else {
    if (program === "ccm" && input.ccmBilledByAnotherPractitioner === true) {
      const text = `Another practitioner bills CCM for ${input.serviceMonth}; only one practitioner can be paid for CCM per month.`;
      findings.push(createFinding("ccm_billed_elsewhere", text));
    }
    for (const service of input.otherServices) {
      const finding = checkOneService(service, input, dateOfService, options, program);
      if (finding !== null && !findings.some((f, i) => i >= start && f.code === finding.code)) {
        findings.push(finding);
      }
    }
  }
  if (input.hadInteractiveContact === false && options.interactiveContact !== "off") {
    const text = `The patient was not reached interactively in ${input.serviceMonth}; at least one interactive contact per billed month is expected by this practice and many auditors.`;
    findings.push(createFinding("no_interactive_contact", text, options.interactiveContact));
  }
  gate.isBlocked = false;
  for (let i = start; i < findings.length; i++) {
    if ((findings[i] as Finding).severity === "block") gate.isBlocked = true;
  }
}
