import type { ScopedTx } from "@carefold/db";
import { notFound } from "../../errors.js";
import { DEFAULT_INITIATING_VISIT_POLICY, type InitiatingVisitPolicy } from "./initiating-visit.js";

/** The clinic's initiating-visit settings (defaults until the clinic has a settings row). */
export async function loadInitiatingVisitPolicy(tx: ScopedTx, tenantId: string): Promise<InitiatingVisitPolicy> {
  const row = await tx.tenantSetting.findUnique({
    where: { tenantId },
    select: { initiatingVisitNeedsCcmDiscussed: true, initiatingVisitCountsTcm: true },
  });
  if (!row) return DEFAULT_INITIATING_VISIT_POLICY;
  return { needsCcmDiscussed: row.initiatingVisitNeedsCcmDiscussed, countsTcm: row.initiatingVisitCountsTcm };
}

/** Saves the clinic's settings; returns the previous ones for the audit record. */
export async function saveInitiatingVisitPolicy(tx: ScopedTx, tenantId: string, policy: InitiatingVisitPolicy) {
  const tenant = await tx.tenant.findFirst({ where: { id: tenantId }, select: { id: true } });
  if (!tenant) throw notFound("That clinic");
  const previous = await loadInitiatingVisitPolicy(tx, tenantId);
  const data = { initiatingVisitNeedsCcmDiscussed: policy.needsCcmDiscussed, initiatingVisitCountsTcm: policy.countsTcm, updatedAt: new Date() };
  await tx.tenantSetting.upsert({ where: { tenantId }, create: { tenantId, ...data }, update: data });
  return { previous, policy };
}
