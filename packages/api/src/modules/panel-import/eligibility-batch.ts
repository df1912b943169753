import { assessEligibility } from "@carefold/ccm-rules";
import type { ScopedTx } from "@carefold/db";

/** Recomputes stored eligibility for many patients with two queries plus one update per status group. */
export async function refreshEligibilityMany(tx: ScopedTx, tenantId: string, patientIds: string[]) {
  if (patientIds.length === 0) return;
  const problems = await tx.problem.findMany({ where: { tenantId, patientId: { in: patientIds } }, select: { patientId: true, icd10Code: true, resolvedOn: true } });
  const byPatient = new Map<string, { code: string; status: "active" | "resolved" }[]>(patientIds.map((id) => [id, []]));
  for (const p of problems) byPatient.get(p.patientId)!.push({ code: p.icd10Code, status: p.resolvedOn ? "resolved" : "active" });
  const groups = new Map<string, string[]>();
  for (const [id, list] of byPatient) {
    const a = assessEligibility(list);
    const key = `${a.status}|${a.qualifying.length}`;
    groups.set(key, [...(groups.get(key) ?? []), id]);
  }
  for (const [key, ids] of groups) {
    const [eligibility, count] = key.split("|");
    await tx.patient.updateMany({ where: { tenantId, id: { in: ids } }, data: { eligibility, qualifyingConditions: Number(count) } });
  }
}
