import type { ScopedTx } from "@carefold/db";
import type { CoverageFact } from "./coverage-in-force.js";
import type { LoadedPatientMonth } from "./worksheet-row.js";
import { INITIATING_VISIT_KINDS } from "./initiating-visit.js";
import { lastDayOf } from "./worksheet-row.js";
import { toRuleEntries } from "../time/rule-entries.js";

const monthBounds = (serviceMonth: string) => ({ start: `${serviceMonth}-01`, end: lastDayOf(serviceMonth) });

/**
 * The patients a close evaluates: CCM enrolment active in the month (enrolled, or disenrolled
 * with an end date inside or after it), enrolled on or before the month's last day. The same
 * condition is written in loadPatientMonths and removeStaleRows.
 */
export async function countEnrolled(tx: ScopedTx, tenantId: string, serviceMonth: string): Promise<number> {
  const { start, end } = monthBounds(serviceMonth);
  const [row] = await tx.$queryRaw<{ n: bigint }[]>`
    SELECT count(*) AS n FROM program_enrollment pe
     WHERE pe.tenant_id = ${tenantId}::uuid AND pe.program = 'ccm'
       AND (pe.status = 'enrolled' OR (pe.status = 'disenrolled' AND pe.ends_on >= ${start}::date))
       AND (pe.enrolled_on IS NULL OR pe.enrolled_on <= ${end}::date)`;
  return Number(row?.n ?? 0);
}

/**
 * Deletes rows of patients no longer in the month's enrolled set (e.g. enrolment ended before it).
 * NOT IN over the enrolled set runs as one hashed lookup (an anti-join on the enrolment's
 * conditions could rescan the enrolments per row).
 */
export async function removeStaleRows(tx: ScopedTx, tenantId: string, serviceMonth: string): Promise<number> {
  const { start, end } = monthBounds(serviceMonth);
  return tx.$executeRaw`
    DELETE FROM worksheet_row w
     WHERE w.tenant_id = ${tenantId}::uuid AND w.service_month = ${serviceMonth}
       AND w.patient_id NOT IN (SELECT pe.patient_id FROM program_enrollment pe
                                 WHERE pe.tenant_id = ${tenantId}::uuid AND pe.program = 'ccm'
                                   AND (pe.status = 'enrolled' OR (pe.status = 'disenrolled' AND pe.ends_on >= ${start}::date))
                                   AND (pe.enrolled_on IS NULL OR pe.enrolled_on <= ${end}::date))`;
}

/** One tagged row of the loader's result; what x, y and z hold depends on the kind. */
interface TaggedRow {
  /** b: batch patient · s: CCM start (enrolment date) · e: countable entries (performed-on as a day offset from the 1st) · c: consent · v: face-to-face visits · l: care plan · d: diagnoses · o: other services · m: complex MDM attestation · h: the stored row's hashes · a: claim facts (MBI, address, practitioner NPI present) · g: coverages overlapping the month */
  k: "b" | "s" | "e" | "c" | "v" | "l" | "d" | "o" | "m" | "h" | "a" | "g";
  p: string;
  x: string | null;
  y: string | null;
  z: string | null;
}

/**
 * Reads the next `limit` patient-months after `afterPatientId` (patient id order) in ONE query:
 * enrolment and its start, consent in force, face-to-face visits by any practitioner up to month
 * end (initiating-visit.ts decides which one, if any, is the initiating visit), the care-plan version in force at month end,
 * chronic diagnoses, countable entries (corrections applied, rejected and zero-minute entries
 * dropped, entries awaiting review flagged), other services, complex MDM documented by the billing practitioner, and the hashes of the month's existing worksheet row. No query per patient.
 *
 * Shape, for speed at any number of clinics: the batch is the next `limit` enrolled patients; every
 * other part is a range scan of its (tenant_id, patient_id) index over the batch's patient-id range,
 * and the parts come back as one UNION ALL of tagged rows, sent as a single text value, that are
 * assembled here. There is no join between the parts, so no plan can re-run a part per patient.
 * Lists are delimited text rather than JSON (the server builds text several times faster); the
 * values — uuids, numbers, enum words, day offsets, codes — never contain the delimiters.
 */
export async function loadPatientMonths(tx: ScopedTx, tenantId: string, serviceMonth: string, afterPatientId: string | null, limit: number): Promise<LoadedPatientMonth[]> {
  const { start, end } = monthBounds(serviceMonth);
  const after = afterPatientId ?? "00000000-0000-0000-0000-000000000000";
  const [result] = await tx.$queryRaw<{ parts: string | null }[]>`
    WITH batch AS MATERIALIZED (
      SELECT pe.patient_id, pe.id AS enrollment_id, p.qualifying_conditions, pe.enrolled_on,
             coalesce(pe.billing_practitioner_id, p.billing_practitioner_id) AS practitioner_id
        FROM program_enrollment pe
        JOIN patient p ON p.tenant_id = pe.tenant_id AND p.id = pe.patient_id
       WHERE pe.tenant_id = ${tenantId}::uuid AND pe.program = 'ccm'
         AND (pe.status = 'enrolled' OR (pe.status = 'disenrolled' AND pe.ends_on >= ${start}::date))
         AND (pe.enrolled_on IS NULL OR pe.enrolled_on <= ${end}::date)
         AND pe.patient_id > ${after}::uuid
       ORDER BY pe.patient_id
       LIMIT ${limit}
    ), bounds AS (SELECT patient_id AS last FROM batch ORDER BY patient_id DESC LIMIT 1)
    SELECT string_agg(t.k || E'\t' || t.p || E'\t' || coalesce(t.x, '') || E'\t' || coalesce(t.y, '') || E'\t' || coalesce(t.z, ''), E'\n') AS parts FROM (
    SELECT 'b' AS k, b.patient_id::text AS p, b.enrollment_id::text AS x, b.qualifying_conditions::text AS y, b.practitioner_id::text AS z FROM batch b
    UNION ALL
    SELECT 's', b.patient_id::text, to_char(b.enrolled_on, 'YYYY-MM-DD'), NULL, NULL FROM batch b WHERE b.enrolled_on IS NOT NULL
    UNION ALL
    -- Countable entries: corrections applied (a corrected entry is superseded), rejected and
    -- zero-second entries dropped. Measured seconds (decision 0020): the month floors once. An
    -- entry awaiting supervisor review is flagged: it does not count until approved (issue 15).
    SELECT 'e', te.patient_id::text,
           string_agg(te.id::text || ' ' || te.duration_seconds || ' ' || (te.performed_on - ${start}::date) || ' ' || te.performer_role || ' ' || te.performer_in_us::text || ' ' || coalesce(te.contact_id::text, '-') || ' ' || (te.review_status = 'pending')::text, ','),
           (sum(te.duration_seconds) FILTER (WHERE te.performer_in_us) / 60)::text, bool_or(te.activity IN ('patient_call', 'caregiver_call'))::text
      FROM time_entry te
     WHERE te.tenant_id = ${tenantId}::uuid AND te.patient_id > ${after}::uuid AND te.patient_id <= (SELECT last FROM bounds) AND te.service_month = ${serviceMonth}
       AND te.review_status <> 'rejected' AND te.duration_seconds > 0 AND NOT te.is_superseded
     GROUP BY te.patient_id
    UNION ALL
    SELECT 'c', c.patient_id::text, c.enrollment_id::text, to_char(c.obtained_on, 'YYYY-MM-DD'), to_char(c.revoked_on, 'YYYY-MM-DD')
      FROM consent c
     WHERE c.tenant_id = ${tenantId}::uuid AND c.patient_id > ${after}::uuid AND c.patient_id <= (SELECT last FROM bounds)
       AND (c.revoked_on IS NULL OR c.revoked_on >= ${start}::date)
    UNION ALL
    -- Face-to-face visits by a known practitioner up to month end: who, when, kind, CCM discussed.
    SELECT 'v', e.patient_id::text,
           string_agg(e.practitioner_id::text || ' ' || to_char(e.occurred_on, 'YYYY-MM-DD') || ' ' || e.kind::text || ' ' || e.is_ccm_discussed::text, ','), NULL, NULL
      FROM encounter e
     WHERE e.tenant_id = ${tenantId}::uuid AND e.patient_id > ${after}::uuid AND e.patient_id <= (SELECT last FROM bounds)
       AND e.kind::text = ANY (${[...INITIATING_VISIT_KINDS]}::text[]) AND e.practitioner_id IS NOT NULL AND e.occurred_on <= ${end}::date
     GROUP BY e.patient_id
    UNION ALL
    -- The care-plan version in force at month end: the highest version created by then.
    SELECT 'l', cp.patient_id::text, v.id::text || ' ' || v.version, to_char(v.shared_with_patient_on, 'YYYY-MM-DD'), v.body::text
      FROM care_plan cp
      CROSS JOIN LATERAL (SELECT v.id, v.version, v.shared_with_patient_on, v.body FROM care_plan_version v
                           WHERE v.tenant_id = cp.tenant_id AND v.care_plan_id = cp.id AND v.created_at::date <= ${end}::date
                           ORDER BY v.version DESC LIMIT 1) v
     WHERE cp.tenant_id = ${tenantId}::uuid AND cp.patient_id > ${after}::uuid AND cp.patient_id <= (SELECT last FROM bounds)
    UNION ALL
    SELECT 'd', pr.patient_id::text, string_agg(pr.icd10_code, ',' ORDER BY pr.claim_rank NULLS LAST, pr.icd10_code), NULL, NULL
      FROM problem pr
     WHERE pr.tenant_id = ${tenantId}::uuid AND pr.patient_id > ${after}::uuid AND pr.patient_id <= (SELECT last FROM bounds)
       AND pr.is_chronic AND (pr.resolved_on IS NULL OR pr.resolved_on >= ${start}::date)
     GROUP BY pr.patient_id
    UNION ALL
    SELECT 'o', o.patient_id::text, string_agg(o.code || ' ' || o.same_practitioner::text, ','), NULL, NULL
      FROM other_service o
     WHERE o.tenant_id = ${tenantId}::uuid AND o.patient_id > ${after}::uuid AND o.patient_id <= (SELECT last FROM bounds) AND o.service_month = ${serviceMonth}
     GROUP BY o.patient_id
    UNION ALL
    -- Complex MDM attestations of the month not withdrawn, with their practitioner (assemble keeps
    -- only the patient's billing practitioner's: nobody else's documentation makes a month complex).
    SELECT 'm', a.patient_id::text, a.practitioner_id::text, NULL, NULL
      FROM complex_mdm_attestation a
     WHERE a.tenant_id = ${tenantId}::uuid AND a.patient_id > ${after}::uuid AND a.patient_id <= (SELECT last FROM bounds) AND a.service_month = ${serviceMonth}
       AND NOT EXISTS (SELECT 1 FROM complex_mdm_withdrawal w WHERE w.tenant_id = a.tenant_id AND w.attestation_id = a.id)
    UNION ALL
    -- What a claim needs beyond the rules (claimability.ts): t/f for MBI, full address, practitioner NPI.
    SELECT 'a', b.patient_id::text,
           (p.mbi IS NOT NULL AND btrim(p.mbi) <> '')::text,
           (p.address_line1 IS NOT NULL AND p.city IS NOT NULL AND p.state IS NOT NULL AND p.postal_code IS NOT NULL)::text,
           EXISTS (SELECT 1 FROM practitioner pr WHERE pr.tenant_id = p.tenant_id AND pr.id = b.practitioner_id AND pr.npi IS NOT NULL)::text
      FROM batch b JOIN patient p ON p.tenant_id = ${tenantId}::uuid AND p.id = b.patient_id
    UNION ALL
    -- Coverage (issue 24): every unsuperseded coverage overlapping the month; the evaluation picks
    -- the primary and secondary in force on the date of service (coverage-in-force.ts).
    SELECT 'g', pc.patient_id::text,
           string_agg(pc.id::text || ' ' || pc.rank || ' ' || pc.payer_id::text || ' ' || pc.plan_type || ' ' || to_char(pc.effective_from, 'YYYY-MM-DD') || ' ' || coalesce(to_char(pc.effective_to, 'YYYY-MM-DD'), '-'), ',' ORDER BY pc.rank, pc.effective_from),
           NULL, NULL
      FROM patient_coverage pc
     WHERE pc.tenant_id = ${tenantId}::uuid AND pc.patient_id > ${after}::uuid AND pc.patient_id <= (SELECT last FROM bounds)
       AND pc.superseded_at IS NULL AND pc.effective_from <= ${end}::date AND (pc.effective_to IS NULL OR pc.effective_to >= ${start}::date)
     GROUP BY pc.patient_id
    UNION ALL
    -- The rows this month already has (a re-run): their hashes let the close skip unchanged rows.
    SELECT 'h', w.patient_id::text, w.input_hash, w.result_hash, NULL
      FROM worksheet_row w
     WHERE w.tenant_id = ${tenantId}::uuid AND w.service_month = ${serviceMonth} AND w.patient_id > ${after}::uuid AND w.patient_id <= (SELECT last FROM bounds)) t`;
  return assemble(parseTagged(result?.parts ?? null), start);
}

/** ISO dates by their day offset from the first of the month (entries come back as offsets: cheaper than to_char). */
function dayNamer(monthStart: string) {
  const base = Date.UTC(Number(monthStart.slice(0, 4)), Number(monthStart.slice(5, 7)) - 1, 1);
  const names = new Map<string, string>();
  return (offset: string) => {
    let name = names.get(offset);
    if (name === undefined) names.set(offset, (name = new Date(base + Number(offset) * 86_400_000).toISOString().slice(0, 10)));
    return name;
  };
}

/**
 * The tagged rows travel as one text value (tab-separated fields, one line a row): one value to
 * decode instead of thousands of rows. No field can hold a tab or a newline (jsonb text escapes
 * them), and no field is ever an empty string, so an empty field is NULL.
 */
function parseTagged(text: string | null): TaggedRow[] {
  if (!text) return [];
  return text.split("\n").map((line) => {
    const [k, p, x, y, z] = line.split("\t") as [TaggedRow["k"], string, string, string, string];
    return { k, p, x: x === "" ? null : x, y: y === "" ? null : y, z: z === "" ? null : z };
  });
}

const splitList = (text: string | null) => (text === null || text === "" ? [] : text.split(","));

interface Draft {
  month: LoadedPatientMonth;
  enrollmentId: string;
  entries: string | null;
  logged: string | null;
  contact: string | null;
}

/** Builds the patient-months (in patient order) from the tagged rows; parts of patients outside the batch are ignored. */
/**
 * Which of two consents (by obtained date) speaks for the month: the latest obtained by the
 * month's end — a consent obtained after it, e.g. after a revocation that takes effect at the end
 * of this month, belongs to a later month — else the first obtained after the month (which the
 * rules then find too late).
 */
function isBetterConsent(candidate: string, current: string | null, monthEnd: string): boolean {
  if (current === null) return true;
  const isCandidateIn = candidate <= monthEnd;
  if (isCandidateIn !== current <= monthEnd) return isCandidateIn;
  return isCandidateIn ? candidate > current : candidate < current;
}

function assemble(rows: TaggedRow[], monthStart: string): LoadedPatientMonth[] {
  const dayOf = dayNamer(monthStart);
  const monthEnd = lastDayOf(monthStart.slice(0, 7));
  const byPatient = new Map<string, Draft>();
  for (const r of rows) {
    if (r.k !== "b") continue;
    byPatient.set(r.p, {
      enrollmentId: r.x!,
      entries: null,
      logged: null,
      contact: null,
      month: {
        patientId: r.p,
        qualifyingConditions: Number(r.y),
        billingPractitionerId: r.z,
        consent: null,
        ccmStartsOn: null,
        visits: [],
        carePlan: null,
        diagnosisCodes: [],
        loggedMinutes: 0,
        entries: [],
        otherServices: [],
        coverages: [],
      },
    });
  }
  for (const r of rows) {
    const draft = byPatient.get(r.p);
    if (!draft || r.k === "b") continue;
    const m = draft.month;
    switch (r.k) {
      case "e":
        draft.entries = r.x;
        draft.logged = r.y;
        draft.contact = r.z;
        break;
      case "c":
        // The consent of this enrolment in force in the month (see isBetterConsent).
        if (r.x === draft.enrollmentId && isBetterConsent(r.y!, m.consent?.obtainedOn ?? null, monthEnd)) m.consent = { obtainedOn: r.y!, revokedOn: r.z };
        break;
      case "s":
        m.ccmStartsOn = r.x;
        break;
      case "v":
        m.visits = splitList(r.x).map((item) => {
          const [practitionerId, occurredOn, kind, discussed] = item.split(" ") as [string, string, string, string];
          return { practitionerId, occurredOn, kind, isCcmDiscussed: discussed === "true" };
        });
        break;
      case "m":
        if (r.x === m.billingPractitionerId) m.complexMdm = true;
        break;
      case "l": {
        const [versionId, version] = r.x!.split(" ") as [string, string];
        m.carePlan = { versionId, version: Number(version), body: JSON.parse(r.z!) as unknown, sharedWithPatientOn: r.y };
        break;
      }
      case "d":
        // Principal first: by the billing practitioner's claim rank, then by code.
        m.diagnosisCodes = splitList(r.x);
        break;
      case "a":
        m.claimFacts = { mbi: r.x === "true", address: r.y === "true", practitionerNpi: r.z === "true" };
        break;
      case "g":
        m.coverages = splitList(r.x).map((item) => {
          const [id, rank, payerId, planType, effectiveFrom, effectiveTo] = item.split(" ") as [string, CoverageFact["rank"], string, CoverageFact["planType"], string, string];
          return { id, rank, payerId, planType, effectiveFrom, effectiveTo: effectiveTo === "-" ? null : effectiveTo };
        });
        break;
      case "h":
        m.stored = { inputHash: r.x!, resultHash: r.y! };
        break;
      case "o":
        m.otherServices = splitList(r.x).map((item) => {
          const [code, samePractitioner] = item.split(" ") as [string, string];
          return { code, samePractitioner: samePractitioner === "true" };
        });
        break;
    }
  }
  const months: LoadedPatientMonth[] = [];
  for (const draft of byPatient.values()) {
    const m = draft.month;
    m.entries = toRuleEntries(
      splitList(draft.entries).map((item) => {
        const [id, seconds, dayOffset, performerRole, performerInUs, contactId, pending] = item.split(" ") as [string, string, string, LoadedPatientMonth["entries"][number]["performerRole"], string, string, string];
        return { id, durationSeconds: Number(seconds), performedOn: dayOf(dayOffset), performerRole, performerInUS: performerInUs === "true", contactId: contactId === "-" ? null : contactId, pendingReview: pending === "true" };
      }),
    ).map(({ performerInUS, ...e }) => ({ ...e, performerInUs: performerInUS }));
    m.loggedMinutes = draft.logged === null ? 0 : Number(draft.logged);
    // No entries at all: unknown (nothing raised); entries without a call: no interactive contact.
    if (m.entries.length > 0) m.hadInteractiveContact = draft.contact === "true";
    months.push(m);
  }
  // Patient id order (the cursor is the last one): canonical lower-case uuids sort as PostgreSQL sorts uuids.
  return months.sort((a, b) => (a.patientId < b.patientId ? -1 : 1));
}
