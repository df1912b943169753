import {
  CARE_PROGRAMS,
  chooseProgram,
  evaluatePcmMonth,
  resolvePayerProgramRule,
  selectApcmLevel,
  toProgramCandidates,
  type CareProgram,
  type PayerProgramRule,
  type PaysAnswer,
  type PricedProgramLine,
  type ProgramCandidate,
  type ProgramEvaluations,
} from "@carefold/ccm-rules";
import type { ScopedTx } from "@carefold/db";
import { notFound } from "../../errors.js";
import { toContractTerms } from "../invoicing/contracts.service.js";
import { priceInvoice, selectContract } from "../invoicing/pricing.js";
import { todayIn } from "../patients/today.js";
import { evaluatePatientMonthLive } from "./patient-month.js";
import { coverageOn, type CoverageFact } from "./coverage-in-force.js";
import { resolveLineRate, splitPatientShare, type CoveragePlanType } from "./payer-rates.js";
import { lastDayOf, toRulesInput } from "./worksheet-row.js";

/** The clinic's entries for one payer, by program. */
export async function loadPayerProgramOverrides(tx: ScopedTx, tenantId: string, payerId: string) {
  const rows = await tx.payerProgramRule.findMany({ where: { tenantId, payerId } });
  return new Map(rows.map((r) => [r.program as CareProgram, { pays: r.pays as PaysAnswer, source: r.source, note: r.note, updatedAt: r.updatedAt.toISOString() }]));
}

/**
 * The patient's coverage rows overlapping the month, in the close loader's shape (its tag `g`), for
 * a month the close does not load; `coverageOn` decides which are in force, as the close does.
 */
async function loadCoverageFacts(tx: ScopedTx, tenantId: string, patientId: string, serviceMonth: string): Promise<CoverageFact[]> {
  const rows = await tx.$queryRaw<{ id: string; rank: "primary" | "secondary"; payer_id: string; plan_type: CoveragePlanType; effective_from: string; effective_to: string | null }[]>`
    SELECT c.id, c.rank, c.payer_id, c.plan_type, c.effective_from::text AS effective_from, c.effective_to::text AS effective_to
      FROM patient_coverage c
     WHERE c.tenant_id = ${tenantId}::uuid AND c.patient_id = ${patientId}::uuid AND c.superseded_at IS NULL
       AND c.effective_from <= ${lastDayOf(serviceMonth)}::date AND (c.effective_to IS NULL OR c.effective_to >= ${`${serviceMonth}-01`}::date)`;
  return rows.map((r) => ({ id: r.id, rank: r.rank, payerId: r.payer_id, planType: r.plan_type, effectiveFrom: r.effective_from, effectiveTo: r.effective_to }));
}

/** The vendor's fee for one patient-month's priced lines under the clinic's contract (the invoice's own pricing, without the monthly minimum). */
async function loadVendorFee(tx: ScopedTx, tenantId: string, patientId: string, serviceMonth: string) {
  const contracts = await tx.contract.findMany({ where: { tenantId } });
  const contract = selectContract(contracts, serviceMonth);
  const terms = contract ? { ...toContractTerms(contract), monthlyMinimumCents: 0 } : null;
  const fee = (lines: readonly PricedProgramLine[]) =>
    terms === null || lines.length === 0
      ? 0
      : priceInvoice(terms, serviceMonth, [{ worksheetResultHash: null, patientId, serviceMonth, codes: lines.map((l) => ({ code: l.code, units: l.units, expectedReimbursementCents: l.amountCents })) }]).subtotalCents;
  return { fee, pricingModel: terms?.pricing.model ?? null };
}

const NOT_EVALUATED = "Not enrolled in CCM this month: the month close does not evaluate this patient, so no program is evaluated.";

/**
 * Program choice for one patient-month (issue 24 item 5): the payer in force on the date of
 * service, the payer's answer per program, and each program's expected net — CCM from the one
 * evaluation (patient-month.ts, the worksheet's row), PCM and APCM evaluated by the rules package
 * on the same loaded facts, every line priced at the payer's rates, less the vendor's fee.
 */
export async function getProgramChoice(tx: ScopedTx, patientId: string, now = new Date(), serviceMonth?: string) {
  const patient = await tx.patient.findFirst({ where: { id: patientId }, select: { tenantId: true, tenant: { select: { timeZone: true } } } });
  if (!patient) throw notFound("That patient");
  const { tenantId } = patient;
  const month = serviceMonth ?? todayIn(patient.tenant.timeZone, now).slice(0, 7);
  const live = await evaluatePatientMonthLive(tx, tenantId, month, patientId);
  const dateOfService = live.row?.dateOfService ?? (live.settings.dateOfService === "first_day_of_month" ? `${month}-01` : lastDayOf(month));
  // The coverage in force on the date of service and its payer, exactly as the close reads them (decision 0050).
  const inForce = coverageOn(live.loaded?.coverages ?? (await loadCoverageFacts(tx, tenantId, patientId, month)), dateOfService);
  const primary = inForce.primary;
  const payer = primary ? live.settings.payers?.get(primary.payerId) : undefined;
  const coverage = primary && payer ? { payerId: primary.payerId, name: payer.name, planType: primary.planType, secondaryPlanType: inForce.secondary?.planType ?? null, contracted: payer.contracted } : null;
  const overrides = coverage ? await loadPayerProgramOverrides(tx, tenantId, coverage.payerId) : new Map();
  const rules = Object.fromEntries(CARE_PROGRAMS.map((p) => [p, resolvePayerProgramRule(coverage?.planType ?? "medicare", p, overrides.get(p))])) as Record<CareProgram, PayerProgramRule>;

  let candidates: ProgramCandidate[];
  if (live.loaded && live.row) {
    const input = toRulesInput(live.loaded, live.settings);
    // PCM and APCM under the payer's prices, their lines out even without a confirmed national
    // amount (priced at the payer's rate below, else shown at $0.00 with the reason).
    const options = { ...(payer?.options ?? live.settings.options), unpricedCodes: "price_at_zero" as const };
    const { complexMdm: _c, g0506: _g, ccmBilledByAnotherPractitioner: _b, ...pcmInput } = input;
    const isQmb = coverage?.planType === "qmb" || coverage?.secondaryPlanType === "qmb";
    const apcm = selectApcmLevel({ serviceMonth: month, qualifyingChronicConditions: input.qualifyingChronicConditions, isQmb, consent: input.consent, initiatingVisit: input.initiatingVisit, otherServices: input.otherServices }, options);
    const evaluations: ProgramEvaluations = { ccm: { lines: live.row.lines, findings: live.row.findings }, pcm: evaluatePcmMonth(pcmInput, options), apcm };
    candidates = toProgramCandidates(evaluations);
  } else {
    candidates = toProgramCandidates({ ccm: { lines: [], findings: [] }, pcm: { lines: [], findings: [] }, apcm: { lines: [], findings: [] } }).map((c) => ({ ...c, qualifies: null, reasons: [NOT_EVALUATED] }));
  }

  const vendor = await loadVendorFee(tx, tenantId, patientId, month);
  const choice = chooseProgram({
    serviceMonth: month,
    payer: coverage ? { name: coverage.name, planType: coverage.planType } : null,
    rules,
    candidates,
    // THE rate of a line for the payer (payer-rates.ts resolveLineRate), the close's own.
    priceLine: (line) => {
      const rate = resolveLineRate({ planType: coverage!.planType, contracted: coverage!.contracted }, line.code, line.units, dateOfService, live.settings.options);
      return { ...line, amountCents: rate.amountCents, basis: rate.unitCents === undefined ? "unpriced" : rate.basis };
    },
    patientShareCents: (allowed) => splitPatientShare(allowed, coverage!.planType, coverage!.secondaryPlanType).patientShareCents,
    vendorFeeCents: (_program, lines) => vendor.fee(lines),
  });
  return {
    tenantId,
    patientId,
    dateOfService,
    payerId: coverage?.payerId ?? null,
    secondaryPlanType: coverage?.secondaryPlanType ?? null,
    /** The worksheet row's CCM amount for the month (the close would write it now). */
    worksheetAmountCents: live.row?.amountCents ?? null,
    vendorPricingModel: vendor.pricingModel,
    hasVendorContract: vendor.pricingModel !== null,
    ...choice,
  };
}
