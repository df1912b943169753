import { z } from "zod";
import { IsoDateSchema } from "../../schemas.js";


const text = (max: number, what: string) => z.string().trim().min(1, `Enter ${what}.`).max(max);

/** A SMART goal: specific description, how it is measured, the target, and by when. */
export const GoalSchema = z.object({
  description: text(300, "the goal"),
  measure: text(200, "how progress is measured"),
  target: text(100, "the target value"),
  targetDate: IsoDateSchema.optional(),
  status: z.enum(["active", "met", "not_met", "discontinued"]).default("active"),
});

export const CarePlanBodySchema = z.object({
  conditions: z.array(z.string()).max(20).default([]),
  problems: z.array(z.object({ icd10Code: z.string().max(10).optional(), description: text(300, "the problem") })).max(50),
  goals: z.array(GoalSchema).max(50),
  interventions: z.array(z.object({ description: text(300, "the intervention"), responsibleParty: text(120, "who is responsible"), frequency: z.string().trim().max(100).optional() })).max(80),
  medicationManagement: z.string().trim().max(4000),
  symptomManagement: z.string().trim().max(4000),
  communityResources: z.array(z.object({ name: text(160, "the resource"), purpose: z.string().trim().max(300).optional(), contact: z.string().trim().max(160).optional() })).max(30),
  coordination: z.array(z.object({ with: text(160, "who you coordinate with"), purpose: z.string().trim().max(300).optional() })).max(30),
  patientPreferences: z.string().trim().max(2000).default(""),
  reviewDueOn: IsoDateSchema.nullable(),
});
export type CarePlanBody = z.infer<typeof CarePlanBodySchema>;

export const SaveCarePlanSchema = z.object({
  patientId: z.string().uuid(),
  /** The version the editor started from (0 for a new plan): a stale save is refused. */
  expectedVersion: z.number().int().min(0),
  body: CarePlanBodySchema,
});

export const SignCarePlanSchema = z.object({ patientId: z.string().uuid(), version: z.number().int().min(1) });

export const ShareCarePlanSchema = z.object({
  patientId: z.string().uuid(),
  version: z.number().int().min(1),
  sharedOn: IsoDateSchema,
  method: z.enum(["mail", "in_person", "patient_portal", "email", "fax_to_caregiver"]),
});
