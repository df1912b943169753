import type { CarePlanBody } from "./care-plan.schemas.js";

interface ConditionTemplate {
  id: string;
  name: string;
  /** ICD-10-CM category prefixes that suggest this template. */
  prefixes: string[];
  goals: CarePlanBody["goals"];
  interventions: CarePlanBody["interventions"];
  symptomManagement: string;
  medicationManagement: string;
  communityResources: CarePlanBody["communityResources"];
}

const PCP = "Billing practitioner";
const CM = "Care coordinator (RN)";
const PATIENT = "Patient / caregiver";

/**
 * Evidence-informed starting points for the conditions CCM programmes meet most. Coordinators
 * tailor every plan; the template only saves typing. Targets follow common guideline values
 * (ADA, ACC/AHA, GOLD, KDIGO) and must be individualised by the billing practitioner.
 */
export const CARE_PLAN_TEMPLATES: ConditionTemplate[] = [
  {
    id: "diabetes", name: "Type 2 diabetes", prefixes: ["E11", "E10", "E13"],
    goals: [
      { description: "Keep blood sugar in a safe range", measure: "HbA1c", target: "< 7.0 %", status: "active" },
      { description: "Check feet daily and report sores", measure: "Self-report at monthly call", target: "Daily checks", status: "active" },
    ],
    interventions: [
      { description: "Review glucose log and HbA1c results; escalate readings < 70 or > 300 mg/dL", responsibleParty: CM, frequency: "Monthly" },
      { description: "Annual dilated eye exam, foot exam and urine albumin", responsibleParty: PCP, frequency: "Yearly" },
      { description: "Diabetes self-management education referral", responsibleParty: CM },
    ],
    symptomManagement: "Know the signs of low blood sugar (shaking, sweating, confusion): take 15 g fast sugar, recheck in 15 minutes. Call the clinic for repeated readings over 300 mg/dL.",
    medicationManagement: "Reconcile diabetes medicines monthly; check adherence and hypoglycaemia on sulfonylureas or insulin.",
    communityResources: [{ name: "Diabetes Self-Management Education and Support (DSMES) programme", purpose: "Education" }],
  },
  {
    id: "hypertension", name: "Hypertension", prefixes: ["I10", "I11", "I12", "I13", "I15", "I16"],
    goals: [{ description: "Lower blood pressure to goal", measure: "Home blood pressure average", target: "< 130/80 mmHg", status: "active" }],
    interventions: [
      { description: "Teach home blood-pressure measurement; review readings", responsibleParty: CM, frequency: "Monthly" },
      { description: "Adjust antihypertensive therapy when above goal for 2 months", responsibleParty: PCP },
      { description: "Reduce salt to under 2,300 mg a day", responsibleParty: PATIENT },
    ],
    symptomManagement: "Call 911 for chest pain, severe headache, weakness or trouble speaking. Call the clinic for readings above 180/110.",
    medicationManagement: "Confirm daily use of blood-pressure medicines; watch for dizziness and swelling.",
    communityResources: [{ name: "Local pharmacy blood-pressure checks", purpose: "Monitoring" }],
  },
  {
    id: "heart_failure", name: "Heart failure", prefixes: ["I50", "I11.0", "I13.0", "I13.2"],
    goals: [
      { description: "Stay out of the hospital", measure: "Heart-failure admissions", target: "0 in 6 months", status: "active" },
      { description: "Weigh every morning", measure: "Daily weight log", target: "Gain under 2 lb/day or 5 lb/week", status: "active" },
    ],
    interventions: [
      { description: "Review weight log and symptoms; escalate gains per action plan", responsibleParty: CM, frequency: "Weekly in the first month, then monthly" },
      { description: "Optimise guideline-directed medical therapy", responsibleParty: PCP },
      { description: "Limit fluids and salt as advised", responsibleParty: PATIENT },
    ],
    symptomManagement: "Green/yellow/red zones: call the clinic the same day for weight gain over 2 lb in a day, more swelling or breathlessness; call 911 for breathlessness at rest.",
    medicationManagement: "Reconcile diuretics and heart medicines after every hospital visit; check potassium and kidney labs as ordered.",
    communityResources: [{ name: "Cardiac rehabilitation", purpose: "Exercise and education" }],
  },
  {
    id: "copd", name: "COPD", prefixes: ["J44", "J43"],
    goals: [{ description: "Fewer flare-ups", measure: "Exacerbations needing steroids or antibiotics", target: "≤ 1 in 12 months", status: "active" }],
    interventions: [
      { description: "Check inhaler technique and adherence", responsibleParty: CM, frequency: "Every 3 months" },
      { description: "Vaccinations up to date (influenza, pneumococcal, RSV, COVID-19)", responsibleParty: PCP },
      { description: "Pulmonary rehabilitation referral", responsibleParty: CM },
    ],
    symptomManagement: "Use the COPD action plan: rescue inhaler for breathlessness; call the clinic for more sputum or a colour change; 911 for severe breathlessness.",
    medicationManagement: "Confirm maintenance inhaler use and refills; smoking-cessation medicines where relevant.",
    communityResources: [{ name: "Quitline 1-800-QUIT-NOW", purpose: "Stop smoking" }],
  },
  {
    id: "ckd", name: "Chronic kidney disease", prefixes: ["N18"],
    goals: [{ description: "Slow kidney decline", measure: "eGFR and urine albumin", target: "Stable eGFR; BP < 130/80", status: "active" }],
    interventions: [
      { description: "Track labs (eGFR, UACR, potassium) on schedule", responsibleParty: CM, frequency: "Per stage" },
      { description: "Avoid NSAIDs and adjust renally dosed medicines", responsibleParty: PCP },
      { description: "Nephrology referral at stage 4 or rapid decline", responsibleParty: PCP },
    ],
    symptomManagement: "Call the clinic for swelling, much less urine, or confusion.",
    medicationManagement: "Review every medicine for kidney dosing; avoid over-the-counter NSAIDs.",
    communityResources: [{ name: "National Kidney Foundation education", purpose: "Education" }],
  },
  {
    id: "hyperlipidemia", name: "Hyperlipidemia", prefixes: ["E78"],
    goals: [{ description: "Lower cardiovascular risk", measure: "LDL cholesterol", target: "< 100 mg/dL (individualise)", status: "active" }],
    interventions: [
      { description: "Lipid panel and statin adherence review", responsibleParty: CM, frequency: "Yearly" },
      { description: "Heart-healthy eating and activity plan", responsibleParty: PATIENT },
    ],
    symptomManagement: "Report muscle pain or weakness on statins.",
    medicationManagement: "Confirm statin adherence; check interactions.",
    communityResources: [{ name: "Community walking programme", purpose: "Physical activity" }],
  },
  {
    id: "depression", name: "Depression", prefixes: ["F32", "F33", "F34.1"],
    goals: [{ description: "Improve mood", measure: "PHQ-9", target: "< 10 or a 50 % reduction", status: "active" }],
    interventions: [
      { description: "PHQ-9 screening and suicide-risk check", responsibleParty: CM, frequency: "Monthly" },
      { description: "Adjust treatment or refer to behavioural health when PHQ-9 not improving in 8–12 weeks", responsibleParty: PCP },
    ],
    symptomManagement: "If the patient has thoughts of self-harm: call or text 988 (Suicide & Crisis Lifeline) or 911 right away.",
    medicationManagement: "Check antidepressant adherence and side effects; no abrupt stopping.",
    communityResources: [{ name: "988 Suicide & Crisis Lifeline", purpose: "Crisis support", contact: "988" }],
  },
  {
    id: "atrial_fibrillation", name: "Atrial fibrillation", prefixes: ["I48"],
    goals: [{ description: "Prevent stroke and control heart rate", measure: "Anticoagulant adherence; resting heart rate", target: "No missed doses; rate < 110 bpm", status: "active" }],
    interventions: [
      { description: "Anticoagulation adherence and bleeding check", responsibleParty: CM, frequency: "Monthly" },
      { description: "Reassess stroke and bleeding risk (CHA2DS2-VASc, HAS-BLED)", responsibleParty: PCP, frequency: "Yearly" },
    ],
    symptomManagement: "Call 911 for stroke signs (face drooping, arm weakness, speech trouble). Call the clinic for palpitations with dizziness or any unusual bleeding.",
    medicationManagement: "Confirm anticoagulant doses and interactions; INR monitoring if on warfarin.",
    communityResources: [{ name: "Medication assistance programme", purpose: "Anticoagulant cost" }],
  },
];

/** Combines the templates of the chosen conditions into one starting plan. */
export function buildPlanFromTemplates(templateIds: string[], problems: { icd10Code: string; description: string }[], reviewDueOn: string): CarePlanBody {
  const chosen = CARE_PLAN_TEMPLATES.filter((t) => templateIds.includes(t.id));
  return {
    conditions: chosen.map((t) => t.id),
    problems: problems.map((p) => ({ icd10Code: p.icd10Code, description: p.description })),
    goals: chosen.flatMap((t) => t.goals),
    interventions: chosen.flatMap((t) => t.interventions),
    medicationManagement: ["Reconcile all medicines monthly and after every care transition.", ...chosen.map((t) => t.medicationManagement)].join("\n"),
    symptomManagement: chosen.map((t) => `${t.name}: ${t.symptomManagement}`).join("\n"),
    communityResources: chosen.flatMap((t) => t.communityResources),
    coordination: [{ with: "Billing practitioner", purpose: "Monthly review of this plan" }],
    patientPreferences: "",
    reviewDueOn,
  };
}

/** Templates that match a patient's problem list (for the "start from template" picker). */
export function suggestTemplates(codes: string[]): string[] {
  return CARE_PLAN_TEMPLATES.filter((t) => codes.some((c) => t.prefixes.some((p) => c.startsWith(p)))).map((t) => t.id);
}
