/**
 * Recognises a patient's identity in a procedure's answer, so the unit of work can audit every
 * read of PHI, also from a procedure that forgot to call `recordRead` (issue 17 item 6: the billing
 * worksheet, patient lists and the sign-off queue returned names, dates of birth and MBIs without
 * an audit row). The registry is of field names; `phi-read-audit.int.test.ts` checks every query
 * by the fixture patient's values, so a field this registry misses fails that test.
 */

/** Fields that identify a patient wherever they appear: name parts, date of birth, MBI, contact. */
export const PATIENT_IDENTITY_FIELDS = ["firstName", "lastName", "dateOfBirth", "mbi", "numberE164", "addressLine1", "phones"] as const;
/** Fields that name a patient when they sit next to a `patientId` (list rows: "Last, First"). */
const PATIENT_NAME_FIELDS = ["name", "patient", "patientName"] as const;

const MAX_NODES = 5_000;

/** The PHI field names of the first patient-identifying object found, or null. Stops early. */
export function findPatientIdentity(value: unknown): string[] | null {
  const stack: unknown[] = [value];
  let visited = 0;
  while (stack.length > 0 && visited++ < MAX_NODES) {
    const node = stack.pop();
    if (node === null || typeof node !== "object" || node instanceof Date) continue;
    if (Array.isArray(node)) {
      for (let i = node.length - 1; i >= 0; i--) stack.push(node[i]);
      continue;
    }
    const record = node as Record<string, unknown>;
    const fields: string[] = PATIENT_IDENTITY_FIELDS.filter((f) => record[f] !== undefined && record[f] !== null);
    if ("patientId" in record) fields.push(...PATIENT_NAME_FIELDS.filter((f) => typeof record[f] === "string"));
    if (fields.length > 0) return fields;
    for (const child of Object.values(record)) if (child !== null && typeof child === "object") stack.push(child);
  }
  return null;
}
