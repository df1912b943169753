// The set-based statements of the synthetic generator. Every value is a pure function of the seed
// and a row number (hashint8extended), so a run is reproducible without a random-number state, and
// every table is filled by INSERT … SELECT over generate_series (never a statement per row).
import type { ResolvedOptions } from "./options.js";

export const ZONES_BY_SHARE: readonly [string, number][] = [
  ["America/New_York", 35],
  ["America/Chicago", 25],
  ["America/Denver", 10],
  ["America/Phoenix", 5],
  ["America/Los_Angeles", 18],
  ["America/Anchorage", 3],
  ["Pacific/Honolulu", 4],
];

const FIRST_NAMES = ["Mary", "James", "Patricia", "John", "Linda", "Robert", "Barbara", "Michael", "Elizabeth", "William", "Susan", "David", "Jessica", "Richard", "Sarah", "Joseph", "Karen", "Thomas", "Nancy", "Charles", "Lisa", "Daniel", "Betty", "Matthew"];
const LAST_NAMES = ["Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis", "Rodriguez", "Martinez", "Hernandez", "Lopez", "Gonzalez", "Wilson", "Anderson", "Thomas", "Taylor", "Moore", "Jackson", "Martin", "Lee", "Perez", "Thompson", "White", "Harris", "Sanchez", "Clark", "Ramirez", "Lewis", "Robinson", "Walker", "Young"];
/** Chronic conditions of the ccm-rules catalogue (code, description, condition group). */
const PROBLEMS: readonly [string, string, string][] = [
  ["I10", "Essential (primary) hypertension", "Hypertension"],
  ["E11.9", "Type 2 diabetes mellitus without complications", "Diabetes mellitus"],
  ["E78.5", "Hyperlipidemia, unspecified", "Hyperlipidemia"],
  ["I50.9", "Heart failure, unspecified", "Heart failure"],
  ["N18.3", "Chronic kidney disease, stage 3", "Chronic kidney disease"],
  ["J44.9", "Chronic obstructive pulmonary disease, unspecified", "COPD, emphysema, chronic bronchitis and bronchiectasis"],
  ["I48.91", "Unspecified atrial fibrillation", "Atrial fibrillation and flutter"],
  ["F33.1", "Major depressive disorder, recurrent, moderate", "Depression (major depressive and persistent depressive disorder)"],
  ["M17.0", "Bilateral primary osteoarthritis of knee", "Osteoarthritis"],
  ["E03.9", "Hypothyroidism, unspecified", "Hypothyroidism"],
  ["J45.40", "Moderate persistent asthma, uncomplicated", "Asthma"],
  ["I25.10", "Atherosclerotic heart disease of native coronary artery", "Ischemic heart disease"],
];
const ACTIVITIES = ["care_plan_review", "medication_reconciliation", "patient_call", "caregiver_call", "provider_coordination", "transition_follow_up", "community_resources", "lab_review", "documentation", "patient_call"];
/** Letters an MBI may use (no S, L, O, I, B, Z). */
const MBI_LETTERS = "ACDEFGHJKMNPQRTUVWXY";

const textArray = (values: readonly string[]) => `ARRAY[${values.map((v) => `'${v.replace(/'/g, "''")}'`).join(", ")}]::text[]`;

/** Id kinds: the second group of every generated uuid, so ids of different tables never collide. */
export const KIND = { tenant: 1, coordinator: 2, patient: 3, problem: 4, enrollment: 5, practitionerUser: 6, practitioner: 7, consent: 8, timeEntry: 9, encounter: 10, carePlan: 11, carePlanVersion: 12 } as const;

/**
 * Session helpers (pg_temp, gone when the connection closes): deterministic ids and hashes, the
 * clinic calendar, and a row source of one clinic range's patients that every per-patient insert
 * reads, so the derivations (status, enrolment date, panel) are written once.
 */
export function helperStatements(o: ResolvedOptions): string[] {
  const P = o.patientsPerClinic;
  const zoneCase = (h: string) => {
    let upTo = 0;
    const arms = ZONES_BY_SHARE.map(([zone, share]) => `WHEN ${h} < ${(upTo += share)} THEN '${zone}'`);
    return `CASE ${arms.join(" ")} END`;
  };
  return [
    // uuid: seed (8 hex) - kind (4) - 4xxx - 8xxx - xxxxxxxxxxxx, increasing with n (good index locality).
    `CREATE FUNCTION pg_temp.syn_id(kind int, n bigint) RETURNS uuid LANGUAGE sql IMMUTABLE AS $$
       SELECT (lpad(to_hex(${o.seed}::bigint), 8, '0') || lpad(to_hex(kind), 4, '0') || '4' || substr(h, 1, 3) || '8' || substr(h, 4, 3) || substr(h, 7, 12))::uuid
         FROM (SELECT lpad(to_hex(n), 18, '0') AS h) x $$`,
    `CREATE FUNCTION pg_temp.syn_now() RETURNS timestamptz LANGUAGE sql IMMUTABLE AS $$ SELECT '${o.now.toISOString()}'::timestamptz $$`,
    `CREATE FUNCTION pg_temp.syn_hash(n bigint, salt int) RETURNS bigint LANGUAGE sql IMMUTABLE AS $$
       SELECT hashint8extended(n, ${o.seed}::bigint * 1000 + salt) & 9223372036854775807 $$`,
    `CREATE TEMP TABLE syn_clinic AS
       SELECT idx, id, time_zone, grp, today, (date_trunc('month', today) - interval '1 month')::date AS prev_start
         FROM (SELECT c AS idx, pg_temp.syn_id(${KIND.tenant}, c) AS id, z.time_zone, c / ${o.clinicsPerCoordinator} AS grp,
                      (pg_temp.syn_now() AT TIME ZONE z.time_zone)::date AS today
                 FROM generate_series(0, ${o.clinics - 1}) c
                 CROSS JOIN LATERAL (SELECT ${zoneCase(`pg_temp.syn_hash(c, 1) % 100`)} AS time_zone) z) x`,
    `CREATE FUNCTION pg_temp.syn_patients(first_clinic int, last_clinic int)
       RETURNS TABLE (tenant_id uuid, clinic int, today date, prev_start date, time_zone text, i int, p bigint, patient_id uuid,
                      status enrollment_status, enrolled_on date, coordinator_id uuid, is_assigned boolean)
       LANGUAGE sql STABLE AS $$
       SELECT c.id, c.idx, c.today, c.prev_start, c.time_zone, i, g.p, pg_temp.syn_id(${KIND.patient}, g.p),
              CASE WHEN s.h < 92 THEN 'enrolled' WHEN s.h < 96 THEN 'consented' WHEN s.h < 98 THEN 'outreach' ELSE 'disenrolled' END::enrollment_status,
              CASE WHEN s.h < 96 THEN c.prev_start - (30 + pg_temp.syn_hash(g.p, 8) % 700)::int END,
              pg_temp.syn_id(${KIND.coordinator}, c.grp * ${o.coordinatorsPerGroup} + i % ${o.coordinatorsPerGroup}),
              i % 10 <> 9
         FROM pg_temp.syn_clinic c
        CROSS JOIN generate_series(0, ${P - 1}) i
        CROSS JOIN LATERAL (SELECT c.idx::bigint * ${P} + i AS p) g
        CROSS JOIN LATERAL (SELECT pg_temp.syn_hash(g.p, 7) % 100 AS h) s
        WHERE c.idx BETWEEN first_clinic AND last_clinic $$`,
  ];
}

/** Users, clinics, settings, practitioners, memberships and coordinator assignments (small tables). */
export function clinicStatements(o: ResolvedOptions, coordinators: number): string[] {
  return [
    `INSERT INTO app_user (id, email, name, kind, status, created_at, performer_role, works_in_us)
       SELECT pg_temp.syn_id(${KIND.coordinator}, n), format('syn%s-coordinator-%s@synthetic.carefold.test', ${o.seed}, n),
              format('Synthetic Coordinator %s', n + 1), 'vendor', 'active', pg_temp.syn_now() - interval '1 year', 'clinical_staff', true
         FROM generate_series(0, ${coordinators - 1}) n`,
    `INSERT INTO vendor_role_grant (user_id, role) SELECT pg_temp.syn_id(${KIND.coordinator}, n), 'coordinator' FROM generate_series(0, ${coordinators - 1}) n`,
    `INSERT INTO app_user (id, email, name, kind, status, created_at, performer_role, works_in_us)
       SELECT pg_temp.syn_id(${KIND.practitionerUser}, idx), format('syn%s-practitioner-%s@synthetic.carefold.test', ${o.seed}, idx),
              format('Dr. Synthetic %s', idx + 1), 'clinic', 'active', pg_temp.syn_now() - interval '1 year', 'billing_practitioner', true
         FROM pg_temp.syn_clinic`,
    `INSERT INTO tenant (id, name, slug, time_zone, status, setting, created_at, updated_at)
       SELECT id, format('Synthetic Clinic %s', lpad((idx + 1)::text, 4, '0')), format('syn-%s-%s', ${o.seed}, idx + 1), time_zone, 'active',
              (CASE pg_temp.syn_hash(idx, 2) % 20 WHEN 0 THEN 'fqhc' WHEN 1 THEN 'rhc' ELSE 'office' END)::care_setting,
              pg_temp.syn_now() - interval '2 years', pg_temp.syn_now() - interval '2 years'
         FROM pg_temp.syn_clinic`,
    `INSERT INTO tenant_setting (tenant_id) SELECT id FROM pg_temp.syn_clinic`,
    `INSERT INTO coordinator_assignment (tenant_id, user_id, assigned_at)
       SELECT c.id, pg_temp.syn_id(${KIND.coordinator}, c.grp * ${o.coordinatorsPerGroup} + k), pg_temp.syn_now() - interval '1 year'
         FROM pg_temp.syn_clinic c CROSS JOIN generate_series(0, ${o.coordinatorsPerGroup - 1}) k`,
    `INSERT INTO practitioner (tenant_id, id, name, npi, credentials, user_id)
       SELECT id, pg_temp.syn_id(${KIND.practitioner}, idx), format('Dr. Synthetic %s', idx + 1), '1' || lpad(idx::text, 9, '0'), 'MD',
              pg_temp.syn_id(${KIND.practitionerUser}, idx)
         FROM pg_temp.syn_clinic`,
    `INSERT INTO membership (tenant_id, user_id, role) SELECT id, pg_temp.syn_id(${KIND.practitionerUser}, idx), 'practitioner' FROM pg_temp.syn_clinic`,
  ];
}

/**
 * A signed plan with every element the close checks (problem list, measurable goal, intervention
 * with an owner, medication and symptom management, coordination, review date). Reviewed yearly.
 */
const COMPLETE_PLAN = `jsonb_build_object('conditions', '[]'::jsonb,
  'problems', jsonb_build_array(jsonb_build_object('description', 'Chronic conditions on the problem list')),
  'goals', jsonb_build_array(jsonb_build_object('description', 'Keep blood pressure controlled', 'measure', 'Home BP log', 'target', 'below 140/90', 'status', 'active')),
  'interventions', jsonb_build_array(jsonb_build_object('description', 'Monthly medication review', 'responsibleParty', 'Care coordinator')),
  'medicationManagement', 'Reconcile medications monthly.', 'symptomManagement', 'Call the clinic for chest pain or shortness of breath.',
  'communityResources', '[]'::jsonb, 'coordination', jsonb_build_array(jsonb_build_object('with', 'Cardiology', 'purpose', 'Medication titration')),
  'patientPreferences', '', 'reviewDueOn', to_char(greatest(s.enrolled_on, s.prev_start) + 365, 'YYYY-MM-DD'))`;

/**
 * Per-patient tables for clinics first..last ($1, $2): patients, two chronic problems each, the
 * CCM enrolment (92 % enrolled, 4 % consented, the rest outreach or disenrolled), consent with the
 * four disclosures, the initiating visit, a signed care plan (95 % complete, the rest with empty
 * sections), and the panel assignment.
 */
export function patientStatements(): { table: string; sql: string }[] {
  const codes = textArray(PROBLEMS.map((p) => p[0]));
  const descriptions = textArray(PROBLEMS.map((p) => p[1]));
  const groups = textArray(PROBLEMS.map((p) => p[2]));
  const n = PROBLEMS.length;
  const letter = (expr: string) => `substr('${MBI_LETTERS}', 1 + (${expr}) % 20, 1)`;
  const digit = (div: number) => `((s.i / ${div}) % 10)::text`;
  const mbi = `(1 + s.clinic % 9)::text || ${letter("s.clinic")} || ${digit(100_000)} || ${digit(10_000)} || ${letter("s.clinic / 20")} || ${digit(1_000)} || ${digit(100)} || ${letter("s.clinic / 400")} || ${letter("s.i")} || ${digit(10)} || ${digit(1)}`;
  const source = `pg_temp.syn_patients($1, $2) s`;
  const problemIndex = `CASE WHEN j = 0 THEN pg_temp.syn_hash(s.p, 9) % ${n} ELSE (pg_temp.syn_hash(s.p, 9) % ${n} + 1 + pg_temp.syn_hash(s.p, 10) % ${n - 1}) % ${n} END`;
  return [
    {
      table: "patient",
      sql: `INSERT INTO patient (tenant_id, id, first_name, last_name, date_of_birth, sex, mbi, time_zone, billing_practitioner_id, status, eligibility, qualifying_conditions, created_at, updated_at,
                             address_line1, city, state, postal_code)
        SELECT s.tenant_id, s.patient_id,
               (${textArray(FIRST_NAMES)})[1 + pg_temp.syn_hash(s.p, 2) % ${FIRST_NAMES.length}],
               (${textArray(LAST_NAMES)})[1 + pg_temp.syn_hash(s.p, 3) % ${LAST_NAMES.length}],
               date '1935-01-01' + (pg_temp.syn_hash(s.p, 4) % 9000)::int,
               (CASE WHEN pg_temp.syn_hash(s.p, 5) % 2 = 0 THEN 'female' ELSE 'male' END)::patient_sex,
               ${mbi},
               CASE WHEN pg_temp.syn_hash(s.p, 6) % 20 = 0 THEN (${textArray(ZONES_BY_SHARE.map((z) => z[0]))})[1 + pg_temp.syn_hash(s.p, 11) % ${ZONES_BY_SHARE.length}] ELSE s.time_zone END,
               pg_temp.syn_id(${KIND.practitioner}, s.clinic), 'active', 'ccm_candidate', 2,
               pg_temp.syn_now() - interval '400 days', pg_temp.syn_now() - interval '400 days',
               (100 + s.i % 9000)::text || ' Main St', 'Springfield', 'IL', '62701'
          FROM ${source}`,
    },
    {
      table: "problem",
      sql: `INSERT INTO problem (tenant_id, id, patient_id, icd10_code, description, condition_group, is_chronic, onset_on)
        SELECT s.tenant_id, pg_temp.syn_id(${KIND.problem}, s.p * 2 + j), s.patient_id, (${codes})[1 + k], (${descriptions})[1 + k], (${groups})[1 + k], true,
               date '2010-01-01' + (pg_temp.syn_hash(s.p * 2 + j, 12) % 4000)::int
          FROM ${source} CROSS JOIN generate_series(0, 1) j CROSS JOIN LATERAL (SELECT ${problemIndex} AS k) x`,
    },
    {
      table: "program_enrollment",
      sql: `INSERT INTO program_enrollment (tenant_id, id, patient_id, program, status, billing_practitioner_id, enrolled_on, updated_at)
        SELECT s.tenant_id, pg_temp.syn_id(${KIND.enrollment}, s.p), s.patient_id, 'ccm', s.status, pg_temp.syn_id(${KIND.practitioner}, s.clinic),
               s.enrolled_on, pg_temp.syn_now() - interval '30 days'
          FROM ${source}`,
    },
    {
      table: "consent",
      sql: `INSERT INTO consent (tenant_id, id, enrollment_id, patient_id, method, disclosed_availability, disclosed_cost_sharing, disclosed_stop_anytime,
                                 disclosed_single_practitioner, obtained_by_user_id, obtained_by_name, obtained_on)
        SELECT s.tenant_id, pg_temp.syn_id(${KIND.consent}, s.p), pg_temp.syn_id(${KIND.enrollment}, s.p), s.patient_id,
               (CASE WHEN pg_temp.syn_hash(s.p, 13) % 4 = 0 THEN 'written' ELSE 'verbal' END)::consent_method, true, true, true, true,
               s.coordinator_id, 'Synthetic Coordinator', s.enrolled_on
          FROM ${source} WHERE s.enrolled_on IS NOT NULL`,
    },
    {
      table: "encounter",
      sql: `INSERT INTO encounter (tenant_id, id, patient_id, kind, occurred_on, practitioner_id, is_ccm_discussed)
        SELECT s.tenant_id, pg_temp.syn_id(${KIND.encounter}, s.p), s.patient_id, 'awv', s.enrolled_on - 14, pg_temp.syn_id(${KIND.practitioner}, s.clinic), true
          FROM ${source} WHERE s.enrolled_on IS NOT NULL`,
    },
    {
      table: "care_plan",
      sql: `INSERT INTO care_plan (tenant_id, id, patient_id, current_version, status, created_at, updated_at)
        SELECT s.tenant_id, pg_temp.syn_id(${KIND.carePlan}, s.p), s.patient_id, 1, 'signed', s.enrolled_on::timestamptz, s.enrolled_on::timestamptz
          FROM ${source} WHERE s.status = 'enrolled'`,
    },
    {
      table: "care_plan_version",
      sql: `INSERT INTO care_plan_version (tenant_id, id, care_plan_id, version, body, created_at, signed_by_practitioner_id, signed_at, shared_with_patient_on, shared_method)
        SELECT s.tenant_id, pg_temp.syn_id(${KIND.carePlanVersion}, s.p), pg_temp.syn_id(${KIND.carePlan}, s.p), 1,
               CASE WHEN pg_temp.syn_hash(s.p, 14) % 100 < 95 THEN ${COMPLETE_PLAN} ELSE
               jsonb_build_object('conditions', '[]'::jsonb, 'problems', '[]'::jsonb, 'goals', '[]'::jsonb, 'interventions', '[]'::jsonb,
                 'medicationManagement', '', 'symptomManagement', '', 'communityResources', '[]'::jsonb, 'coordination', '[]'::jsonb,
                 'patientPreferences', '', 'reviewDueOn', to_char(s.enrolled_on + 365, 'YYYY-MM-DD')) END,
               s.enrolled_on::timestamptz, pg_temp.syn_id(${KIND.practitioner}, s.clinic), s.enrolled_on::timestamptz + interval '1 day', s.enrolled_on + 2, 'mail'
          FROM ${source} WHERE s.status = 'enrolled'`,
    },
    {
      table: "panel_assignment",
      sql: `INSERT INTO panel_assignment (tenant_id, patient_id, coordinator_user_id, assigned_at)
        SELECT s.tenant_id, s.patient_id, s.coordinator_id, pg_temp.syn_now() - interval '60 days' FROM ${source} WHERE s.is_assigned`,
    },
  ];
}

/**
 * Time entries of clinics $1..$2: `entriesPerPatient` per patient on clinic-local dates from the
 * first of the previous month to today (or, with `entryMonths: "previous"`, within the previous month). 90 % by the patient's coordinator as clinical staff, 5 %
 * by the billing practitioner, 5 % non-clinical; 2 % performed outside the US; 1 % rejected and
 * 1 % pending review; 20 % are calls (they set the last contact).
 */
export function timeEntryStatement(o: ResolvedOptions): string {
  const E = o.entriesPerPatient;
  // Days the entries may fall on, from the first of the previous month: up to today, or that month only.
  const days = o.entryMonths === "previous" ? `date_trunc('month', s.today)::date - s.prev_start` : `s.today - s.prev_start + 1`;
  // Minutes-only entries like those written before seconds were recorded (migration 20261207130000):
  // their measurement is minutes * 60 seconds, with no spans.
  return `INSERT INTO time_entry (tenant_id, id, patient_id, service_month, performed_on, minutes, duration_seconds, claimed_minutes, activity, performer_user_id, performer_role,
                                  performer_in_us, source, client_request_id, review_status, review_flags, review_reason, created_at)
    SELECT s.tenant_id, pg_temp.syn_id(${KIND.timeEntry}, k.n), s.patient_id, to_char(x.d, 'YYYY-MM'), x.d,
           m.minutes, m.minutes * 60, m.minutes,
           (${textArray(ACTIVITIES)})[1 + pg_temp.syn_hash(k.n, 22) % ${ACTIVITIES.length}],
           CASE WHEN x.role < 90 OR x.role >= 95 THEN s.coordinator_id ELSE pg_temp.syn_id(${KIND.practitionerUser}, s.clinic) END,
           CASE WHEN x.role < 90 THEN 'clinical_staff' WHEN x.role < 95 THEN 'billing_practitioner' ELSE 'non_clinical' END,
           pg_temp.syn_hash(k.n, 23) % 50 <> 0,
           CASE WHEN x.r % 3 = 0 THEN 'manual' ELSE 'timer' END,
           'synthetic-' || k.n,
           CASE x.review WHEN 0 THEN 'rejected' WHEN 1 THEN 'pending' ELSE 'approved' END,
           CASE WHEN x.review <= 1 THEN ARRAY['backdated'] ELSE '{}'::text[] END,
           CASE WHEN x.review = 0 THEN 'Synthetic rejection' END,
           least(pg_temp.syn_now(), (x.d + time '15:00') AT TIME ZONE s.time_zone)
      FROM pg_temp.syn_patients($1, $2) s
     CROSS JOIN generate_series(0, ${E - 1}) j
     CROSS JOIN LATERAL (SELECT s.p * ${E} + j AS n) k
     CROSS JOIN LATERAL (SELECT s.prev_start + (pg_temp.syn_hash(k.n, 20) % (${days}))::int AS d,
                                pg_temp.syn_hash(k.n, 21) AS r, pg_temp.syn_hash(k.n, 24) % 100 AS role, pg_temp.syn_hash(k.n, 25) % 100 AS review) x
     CROSS JOIN LATERAL (SELECT CASE WHEN x.r % 10 < 7 THEN 5 + x.r % 16 ELSE 20 + x.r % 26 END AS minutes) m`;
}

/**
 * The rollup of clinics $1..$2 built in one aggregate, by the same rule as the product's trigger
 * (patient_month_refresh): seconds count when performed in the US and not rejected, by performer
 * role; entry_count counts every entry; the last contact is the latest call. (The generator
 * writes no corrections, so no entry is superseded.)
 */
export const ROLLUP_STATEMENT = `INSERT INTO patient_month (tenant_id, patient_id, service_month, staff_seconds, practitioner_seconds, non_clinical_seconds,
                               staff_minutes, practitioner_minutes, non_clinical_minutes, entry_count, last_contact_on, updated_at)
  SELECT r.tenant_id, r.patient_id, r.service_month, r.staff, r.practitioner, r.non_clinical, r.staff / 60, r.practitioner / 60, r.non_clinical / 60,
         r.entry_count, r.last_contact_on, r.updated_at
    FROM (SELECT e.tenant_id, e.patient_id, e.service_month,
                 coalesce(sum(e.duration_seconds) FILTER (WHERE e.performer_in_us AND e.review_status <> 'rejected' AND e.performer_role = 'clinical_staff'), 0)::integer AS staff,
                 coalesce(sum(e.duration_seconds) FILTER (WHERE e.performer_in_us AND e.review_status <> 'rejected' AND e.performer_role = 'billing_practitioner'), 0)::integer AS practitioner,
                 coalesce(sum(e.duration_seconds) FILTER (WHERE e.performer_in_us AND e.review_status <> 'rejected' AND e.performer_role = 'non_clinical'), 0)::integer AS non_clinical,
                 count(*) AS entry_count, max(e.performed_on) FILTER (WHERE e.activity IN ('patient_call', 'caregiver_call')) AS last_contact_on, max(e.created_at) AS updated_at
            FROM time_entry e
           WHERE e.tenant_id IN (SELECT id FROM pg_temp.syn_clinic WHERE idx BETWEEN $1 AND $2)
           GROUP BY e.tenant_id, e.patient_id, e.service_month) r`;

/** The worklist rows of clinics $1..$2 from the facts (the product's own builder, see migration 20261129065000). */
export const WORKLIST_STATEMENT = `INSERT INTO worklist_patient (tenant_id, patient_id, ccm_status, coordinator_user_id, last_name, first_name, time_zone, service_month, minutes, last_contact_on)
  SELECT w.* FROM worklist_patient_rows(now()) w WHERE w.tenant_id IN (SELECT id FROM pg_temp.syn_clinic WHERE idx BETWEEN $1 AND $2)`;
