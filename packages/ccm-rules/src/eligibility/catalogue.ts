/**
 * Chronic conditions common in Medicare, with their ICD-10-CM category prefixes. CMS publishes
 * no exhaustive list and excludes none (§4 [S1][S85]); this catalogue is a screening aid for
 * finding CCM/PCM candidates, not an eligibility determination — the billing practitioner
 * attests that conditions are expected to last ≥ 12 months and put the patient at risk.
 *
 * Prefixes are written with the dot where it belongs and match codes after normalisation
 * (`normalizeIcd10Cm`). Only active-disease categories are listed: history codes (Z85 "personal
 * history of cancer", Z86.73 stroke without residuals) and acute categories (I21 acute MI) are
 * left out on purpose.
 *
 * `canBeComplexSingle` marks conditions that can by themselves be the "single complex chronic
 * condition" of PCM (99424–99427, §2.3, §4 [S46]): serious enough to need a disease-specific
 * plan and to risk hospitalisation. It flags a candidate only; clinical judgement decides.
 */
export interface ChronicCondition {
  id: string;
  name: string;
  icd10Prefixes: readonly string[];
  canBeComplexSingle: boolean;
}

function condition(
  id: string,
  name: string,
  icd10Prefixes: string[],
  canBeComplexSingle: boolean,
): ChronicCondition {
  return Object.freeze({
    id,
    name,
    icd10Prefixes: Object.freeze(icd10Prefixes),
    canBeComplexSingle,
  });
}

export const CHRONIC_CONDITIONS: readonly ChronicCondition[] = Object.freeze([
  condition("hypertension", "Hypertension", ["I10", "I11", "I12", "I13", "I15"], true),
  condition("hyperlipidemia", "Hyperlipidemia", ["E78"], false),
  condition("diabetes", "Diabetes mellitus", ["E08", "E09", "E10", "E11", "E13"], true),
  condition("ischemic_heart_disease", "Ischemic heart disease", ["I20", "I25"], true),
  condition("heart_failure", "Heart failure", ["I50"], true),
  condition("atrial_fibrillation", "Atrial fibrillation and flutter", ["I48"], true),
  condition("chronic_kidney_disease", "Chronic kidney disease", ["N18"], true),
  condition(
    "copd",
    "COPD, emphysema, chronic bronchitis and bronchiectasis",
    ["J41", "J42", "J43", "J44", "J47"],
    true,
  ),
  condition("asthma", "Asthma", ["J45"], true),
  condition(
    "depression",
    "Depression (major depressive and persistent depressive disorder)",
    ["F32", "F33", "F34.1"],
    true,
  ),
  condition("anxiety", "Anxiety disorders", ["F41"], false),
  condition(
    "dementia",
    "Alzheimer's disease and other dementias",
    ["F01", "F02", "F03", "G30", "G31.0", "G31.83"],
    true,
  ),
  condition("rheumatoid_arthritis", "Rheumatoid arthritis", ["M05", "M06"], true),
  condition("osteoarthritis", "Osteoarthritis", ["M15", "M16", "M17", "M18", "M19"], false),
  condition("osteoporosis", "Osteoporosis", ["M80", "M81"], false),
  condition("obesity", "Obesity", ["E66"], false),
  condition("stroke_sequelae", "Sequelae of stroke", ["I69"], true),
  condition("hypothyroidism", "Hypothyroidism", ["E02", "E03", "E89.0"], false),
  condition("cancer", "Malignant neoplasm (active, in treatment)", ["C"], true),
  condition("chronic_pain", "Chronic pain", ["G89.2", "G89.4"], false),
  condition("parkinsons", "Parkinson's disease", ["G20"], true),
  condition("multiple_sclerosis", "Multiple sclerosis", ["G35"], true),
  condition("epilepsy", "Epilepsy", ["G40"], true),
  condition("schizophrenia", "Schizophrenia and schizoaffective disorder", ["F20", "F25"], true),
  condition("bipolar_disorder", "Bipolar disorder", ["F31"], true),
  condition("ptsd", "Post-traumatic stress disorder", ["F43.1"], false),
  condition("hiv", "HIV disease", ["B20"], true),
  condition(
    "chronic_liver_disease",
    "Chronic hepatitis and cirrhosis",
    ["B18", "K70", "K74"],
    true,
  ),
  condition("pulmonary_hypertension", "Pulmonary hypertension", ["I27.0", "I27.2"], true),
  condition("peripheral_artery_disease", "Peripheral artery disease", ["I70.2", "I73.9"], false),
  condition("glaucoma", "Glaucoma", ["H40"], false),
  condition("benign_prostatic_hyperplasia", "Benign prostatic hyperplasia", ["N40"], false),
  condition("autism_spectrum", "Autism spectrum disorder", ["F84.0"], false),
  condition("sleep_apnea", "Obstructive sleep apnea", ["G47.33"], false),
  condition("post_covid_condition", "Post COVID-19 condition (long COVID)", ["U09.9"], false),
]);
