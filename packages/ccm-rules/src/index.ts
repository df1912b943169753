// Public API of @carefold/ccm-rules. Pure functions, no I/O; see README.md.
export type {
  BillingLine,
  CcmLane,
  Finding,
  MonthConsent,
  NextThreshold,
  OtherService,
  PatientMonthInput,
  PatientMonthResult,
  PerformerRole,
  TimeEntryInput,
} from "./types.js";
export { evaluatePatientMonth } from "./evaluate.js";
export { STAFF_BASE_MINUTES } from "./lanes.js";
export { DEFAULT_RULE_OPTIONS, resolveRuleOptions, type RuleOptions } from "./options.js";
export {
  FINDING_CODES,
  FINDING_DEFINITIONS,
  formatDuration,
  isMonthBlocked,
  type FindingCode,
  type FindingDefinition,
} from "./findings.js";
export { checkBillingLines } from "./line-validation.js";
export {
  ADD_ON_BASES,
  APCM_BUNDLED_CODES,
  APCM_CODES,
  CCM_CODES,
  CCM_TIME_CODES,
  PCM_CODES,
  PCM_TIME_CODES,
} from "./codes.js";
export {
  formatCents,
  getLatestKnownRateCents,
  getRateEntry,
  priceUnit,
  rateCents,
  rateCentsOn,
  type ConversionFactorChoice,
  type FeeSchedule,
} from "./rates.js";
export { RATE_TABLE, type Confidence, type RateEntry } from "./rate-table.js";
export {
  PART_B_COINSURANCE_PERCENT,
  calculateCoinsuranceCents,
  splitCostSharing,
} from "./coinsurance.js";
export { CHRONIC_CONDITIONS, type ChronicCondition } from "./eligibility/catalogue.js";
export {
  assessEligibility,
  type EligibilityAssessment,
  type ProblemListItem,
  type QualifyingCondition,
} from "./eligibility/assess.js";
export {
  isValidIcd10Cm,
  isValidNpi,
  normalizeIcd10Cm,
  validateMbi,
  type MbiValidation,
} from "./eligibility/identifiers.js";
export { checkConsent, type ConsentRecord } from "./consent.js";
export { checkCarePlan, type CarePlanRecord } from "./care-plan.js";
export {
  DEFAULT_FORECAST_OPTIONS,
  forecastMonthEnd,
  type ForecastInput,
  type ForecastLevel,
  type ForecastOptions,
  type MonthEndForecast,
} from "./forecast.js";
export { DEFAULT_CALLING_WINDOW, isCallableNow, type CallingWindow } from "./calling-hours.js";
export { getClinicLocalTime, toClinicDate, type ClinicLocalTime } from "./clinic-time.js";
export { evaluatePcmMonth, type PcmLane, type PcmMonthInput, type PcmMonthResult } from "./pcm.js";
export {
  getApcmLevelCode,
  selectApcmLevel,
  type ApcmCode,
  type ApcmMonthInput,
  type ApcmMonthResult,
} from "./apcm.js";
export {
  CARE_PROGRAMS,
  CARE_PROGRAM_CODES,
  CARE_PROGRAM_NAMES,
  DEFAULT_PAYER_PROGRAM_RULES,
  PAYER_PLAN_TYPES,
  resolvePayerProgramRule,
  type CareProgram,
  type PayerPlanType,
  type PayerProgramOverride,
  type PayerProgramRule,
  type PaysAnswer,
} from "./payer-programs.js";
export {
  EXCLUSIVE_PROGRAMS,
  chooseProgram,
  toProgramCandidates,
  type PricedProgramLine,
  type ProgramCandidate,
  type ProgramChoice,
  type ProgramChoiceInput,
  type ProgramEvaluations,
  type ProgramOption,
  type ProgramStatus,
  type RateBasis,
} from "./program-choice.js";
