// Shapes of the API's patient, program and care-plan data as pages receive them (same file in both apps).
import type { Caller } from "../../lib/session.server";

export type PatientChart = Awaited<ReturnType<Caller["patients"]["get"]>>;
export type PatientRow = Awaited<ReturnType<Caller["patients"]["list"]>>["rows"][number];
export type Enrollment = PatientChart["enrollments"][number];
export type CarePlan = NonNullable<Awaited<ReturnType<Caller["carePlans"]["get"]>>>;
export type CarePlanBody = NonNullable<CarePlan["body"]>;
export type Finding = CarePlan["checklist"][number];
export type StatusReasons = Awaited<ReturnType<Caller["enrollment"]["reasons"]>>;
