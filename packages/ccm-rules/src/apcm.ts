import {
  APCM_BASE_CODES,
  APCM_BUNDLED_CODES,
  APCM_CODES,
  TCM_CODES,
  normalizeCode,
} from "./codes.js";
import { compareDateToMonth, isIsoDate, parseMonthIndex } from "./dates.js";
import { createLine } from "./evaluate.js";
import { getRevocationInForce } from "./exclusions.js";
import { createFinding } from "./findings.js";
import { pushRateFindings } from "./lane-findings.js";
import { getMonthPrices } from "./month-prices.js";
import { resolveRuleOptions, type RuleOptions } from "./options.js";
import type { BillingLine, Finding, MonthConsent, OtherService } from "./types.js";

export interface ApcmMonthInput {
  serviceMonth: string;
  /** Chronic conditions the practitioner attests (0 is allowed for level 1). */
  qualifyingChronicConditions: number;
  /** Qualified Medicare Beneficiary: level 3 needs 2+ conditions and QMB status. */
  isQmb: boolean;
  consent: MonthConsent | null;
  /** APCM needs one for new patients or those not seen within 3 years (§5 [S79]). */
  initiatingVisit: { required: boolean; completedOn?: string };
  otherServices: OtherService[];
  apcmBilledByAnotherPractitioner?: boolean;
}

export type ApcmCode = (typeof APCM_CODES)[keyof typeof APCM_CODES];

export interface ApcmMonthResult {
  code: ApcmCode | null;
  lines: BillingLine[];
  findings: Finding[];
}

/** G0556 ≤ 1 condition, G0557 2+, G0558 2+ and QMB (§2.3 [S55][S57][S79]). */
export function getApcmLevelCode(conditions: number, isQmb: boolean): ApcmCode {
  if (conditions < 2) return APCM_CODES.level1;
  return isQmb ? APCM_CODES.level3 : APCM_CODES.level2;
}

function checkApcmServices(
  input: ApcmMonthInput,
  o: Readonly<RuleOptions>,
  findings: Finding[],
): void {
  const month = input.serviceMonth;
  const services = input.otherServices.map((s) => ({
    code: normalizeCode(s.code),
    samePractitioner: s.samePractitioner,
  }));
  const bundled = services
    .filter((s) => s.samePractitioner && APCM_BUNDLED_CODES.has(s.code))
    .map((s) => s.code);
  if (bundled.length > 0) {
    findings.push(
      createFinding(
        "apcm_bundled_service",
        `${bundled.join(", ")} billed by the same practitioner for ${month} ${bundled.length === 1 ? "is" : "are"} bundled into APCM; bill APCM or ${bundled.length === 1 ? "that service" : "those services"}, not both.`,
      ),
    );
  }
  const tcm = services.find((s) => s.samePractitioner && TCM_CODES.has(s.code));
  if (tcm !== undefined && o.apcmBlocksTcm) {
    findings.push(
      createFinding(
        "apcm_with_tcm",
        `TCM (${tcm.code}) is billed by the same practitioner for ${month}; APCM bundles TCM under this practice's policy (option apcmBlocksTcm).`,
      ),
    );
  }
  const otherApcm = services.find((s) => !s.samePractitioner && APCM_BASE_CODES.has(s.code));
  if (input.apcmBilledByAnotherPractitioner === true || otherApcm !== undefined) {
    findings.push(
      createFinding(
        "apcm_billed_elsewhere",
        `Another practitioner bills APCM for ${month}; only one practitioner can bill APCM per month.`,
      ),
    );
  }
}

function checkApcmRecords(input: ApcmMonthInput, findings: Finding[]): void {
  const month = input.serviceMonth;
  const consent = input.consent;
  if (consent === null || !isIsoDate(consent.obtainedOn)) {
    findings.push(
      createFinding(
        "consent_missing",
        "No valid APCM consent is documented; APCM cannot be billed until consent is recorded.",
      ),
    );
  } else {
    if (compareDateToMonth(consent.obtainedOn, month) > 0) {
      findings.push(
        createFinding(
          "consent_after_month",
          `Consent is dated ${consent.obtainedOn}, after the service month ${month}; nothing in ${month} can be billed.`,
        ),
      );
    }
    const revokedOn =
      consent.revokedOn != null && isIsoDate(consent.revokedOn)
        ? getRevocationInForce(consent)
        : consent.revokedOn;
    if (revokedOn != null && compareDateToMonth(revokedOn, month) < 0) {
      findings.push(
        createFinding(
          "consent_revoked",
          `Consent was revoked on ${revokedOn} (effective the end of that month); ${month} cannot be billed.`,
        ),
      );
    }
  }
  const visit = input.initiatingVisit;
  if (
    visit.required &&
    (visit.completedOn == null || compareDateToMonth(visit.completedOn, month) > 0)
  ) {
    findings.push(
      createFinding(
        "initiating_visit_missing",
        `This patient needs an initiating visit (not seen within 3 years) before APCM can be billed for ${month}.`,
      ),
    );
  }
}

/**
 * Picks the APCM level for a patient-month and checks what APCM forbids: services it bundles
 * (CCM, PCM, TCM, interprofessional consults, G2250–G2252, online digital E/M) billed by the same
 * practitioner, a second APCM practitioner, missing consent or initiating visit (§3, §5, §6).
 * APCM has no time threshold. A month with a `block` finding has no line.
 */
export function selectApcmLevel(
  input: ApcmMonthInput,
  options?: Partial<RuleOptions>,
): ApcmMonthResult {
  const o = resolveRuleOptions(options);
  const findings: Finding[] = [];
  const monthIndex = parseMonthIndex(input.serviceMonth);
  if (monthIndex < 0) {
    findings.push(
      createFinding(
        "invalid_service_month",
        `Service month "${input.serviceMonth}" is not a YYYY-MM month.`,
      ),
    );
    return { code: null, lines: [], findings };
  }
  checkApcmRecords(input, findings);
  checkApcmServices(input, o, findings);
  if (findings.some((f) => f.severity === "block")) return { code: null, lines: [], findings };
  const code = getApcmLevelCode(input.qualifyingChronicConditions, input.isQmb);
  const lines = [createLine(getMonthPrices(monthIndex, o), code, 1)];
  pushRateFindings(lines, getMonthPrices(monthIndex, o), o, findings);
  return { code, lines, findings };
}
