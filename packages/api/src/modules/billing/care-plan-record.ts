import type { CarePlanRecord } from "@carefold/ccm-rules";
import { CarePlanBodySchema } from "../care-plans/care-plan.schemas.js";
import { toRecord } from "../care-plans/care-plans.service.js";

// The close checks the care plan of every patient-month. Parsing a stored body with zod
// (CarePlanBodySchema) costs about 10 µs, as much as the rest of the evaluation, so the close
// first tries a direct reader that accepts exactly what the schema accepts without change
// (stored bodies were parsed by the schema when saved: trimmed, defaults filled in). Anything it is
// not sure about goes to the schema itself, so the result is always what zod + toRecord give.

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const GOAL_STATUSES = new Set(["active", "met", "not_met", "discontinued"]);

type Obj = Record<string, unknown>;
const isObject = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);
/** A string the schema keeps as it is: already trimmed, within the length limits. */
const isText = (v: unknown, min: number, max: number): v is string => typeof v === "string" && v.length >= min && v.length <= max && v.trim() === v;
const isOptionalText = (v: unknown, max: number) => v === undefined || isText(v, 0, max);
const isList = (v: unknown, max: number, item: (x: Obj) => boolean): v is Obj[] => Array.isArray(v) && v.length <= max && v.every((x) => isObject(x) && item(x));

/** True when CarePlanBodySchema would accept `body` and return the same values (defaults present, strings trimmed). */
function isCanonicalBody(body: unknown): body is Obj {
  if (!isObject(body)) return false;
  const b = body;
  return (
    Array.isArray(b.conditions) && b.conditions.length <= 20 && b.conditions.every((c) => typeof c === "string") &&
    isList(b.problems, 50, (p) => (p.icd10Code === undefined || (typeof p.icd10Code === "string" && p.icd10Code.length <= 10)) && isText(p.description, 1, 300)) &&
    isList(b.goals, 50, (g) => isText(g.description, 1, 300) && isText(g.measure, 1, 200) && isText(g.target, 1, 100) &&
      (g.targetDate === undefined || (typeof g.targetDate === "string" && ISO_DATE.test(g.targetDate))) && typeof g.status === "string" && GOAL_STATUSES.has(g.status)) &&
    isList(b.interventions, 80, (i) => isText(i.description, 1, 300) && isText(i.responsibleParty, 1, 120) && isOptionalText(i.frequency, 100)) &&
    isText(b.medicationManagement, 0, 4000) &&
    isText(b.symptomManagement, 0, 4000) &&
    isList(b.communityResources, 30, (r) => isText(r.name, 1, 160) && isOptionalText(r.purpose, 300) && isOptionalText(r.contact, 160)) &&
    isList(b.coordination, 30, (c) => isText(c.with, 1, 160) && isOptionalText(c.purpose, 300)) &&
    isText(b.patientPreferences, 0, 2000) &&
    (b.reviewDueOn === null || (typeof b.reviewDueOn === "string" && ISO_DATE.test(b.reviewDueOn)))
  );
}

/**
 * The care-plan record ccm-rules checks, from a stored body: what `toRecord(CarePlanBodySchema
 * .parse(body))` gives, or null when the schema rejects the body (then the close raises no
 * care-plan content findings, as before).
 */
export function readCarePlanRecord(body: unknown, sharedWithPatientOn: string | null): CarePlanRecord | null {
  if (isCanonicalBody(body)) {
    const b = body as unknown as Parameters<typeof toRecord>[0];
    return toRecord(b, sharedWithPatientOn);
  }
  const parsed = CarePlanBodySchema.safeParse(body);
  return parsed.success ? toRecord(parsed.data, sharedWithPatientOn) : null;
}
