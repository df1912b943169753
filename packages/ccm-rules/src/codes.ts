/**
 * The billing codes the engine emits or recognises, grouped the way the exclusion rules need
 * them (research notes §1, §2.3, §3). Descriptors are paraphrased; CPT text is AMA-copyrighted.
 */

/**
 * The form every code is compared in: trimmed and upper-case, so a hand-typed or imported
 * `g0557` is APCM (HCPCS letters are case-insensitive; CPT codes are digits and unaffected).
 */
export function normalizeCode(code: string): string {
  return code.trim().toUpperCase();
}

/** Time-based CCM codes the engine emits, by lane. */
export const CCM_CODES = {
  staffBase: "99490",
  staffAddOn: "99439",
  complexBase: "99487",
  complexAddOn: "99489",
  practitionerBase: "99491",
  practitionerAddOn: "99437",
  initiationAddOn: "G0506",
} as const;

/** PCM codes: 99424/99425 practitioner lane, 99426/99427 clinical-staff lane (§2.3). */
export const PCM_CODES = {
  practitionerBase: "99424",
  practitionerAddOn: "99425",
  staffBase: "99426",
  staffAddOn: "99427",
} as const;

/** APCM levels (§2.3): G0556 ≤1 condition, G0557 2+, G0558 2+ and QMB. */
export const APCM_CODES = { level1: "G0556", level2: "G0557", level3: "G0558" } as const;

/** Every add-on and the only base it may be billed with (§1.4). */
export const ADD_ON_BASES: Readonly<Record<string, string>> = {
  "99439": "99490",
  "99489": "99487",
  "99437": "99491",
  "99425": "99424",
  "99427": "99426",
};

/** Lane of each time-based code; two lanes in one month are never valid (§1.4, §3). */
export const CODE_LANES: Readonly<Record<string, string>> = {
  "99490": "staff",
  "99439": "staff",
  "99487": "complex",
  "99489": "complex",
  "99491": "practitioner",
  "99437": "practitioner",
  "99424": "pcm_practitioner",
  "99425": "pcm_practitioner",
  "99426": "pcm_staff",
  "99427": "pcm_staff",
};

/** CCM codes a second practitioner may not bill in the same month (§3). */
export const CCM_TIME_CODES: ReadonlySet<string> = new Set([
  "99490",
  "99439",
  "99487",
  "99489",
  "99491",
  "99437",
]);

export const PCM_TIME_CODES: ReadonlySet<string> = new Set(["99424", "99425", "99426", "99427"]);

export const APCM_BASE_CODES: ReadonlySet<string> = new Set(["G0556", "G0557", "G0558"]);

export const TCM_CODES: ReadonlySet<string> = new Set(["99495", "99496"]);

/** Services APCM bundles when the same practitioner bills them in the month (§3 [S76][S77]). */
export const APCM_BUNDLED_CODES: ReadonlySet<string> = new Set([
  ...CCM_TIME_CODES,
  ...PCM_TIME_CODES,
  "99446",
  "99447",
  "99448",
  "99449",
  "99451",
  "99452",
  "G2250",
  "G2251",
  "G2252",
  "98970",
  "98971",
  "98972",
  "99421",
  "99422",
  "99423",
]);

/** True for home-health/hospice care plan oversight or monthly ESRD codes (§3, §14.7). */
export function isHomeHealthHospiceOrEsrdCode(code: string): boolean {
  if (code === "G0181" || code === "G0182") return true;
  if (code.length !== 5 || !code.startsWith("909")) return false;
  const n = Number(code);
  return n >= 90951 && n <= 90970;
}

export const G0511 = "G0511";
