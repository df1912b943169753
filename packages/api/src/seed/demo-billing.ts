import { DEMO_CLINICS, withTenantScope, type Db, type ScopedTx } from "@carefold/db";
import { runMonthClose } from "../modules/billing/month-close.service.js";
import { approveMonth } from "../modules/billing/worksheet.service.js";

/** Minutes logged last month per enrolled demo patient, cycling: below, at and above thresholds. */
const LAST_MONTH_MINUTES = [22, 12, 45, 27, 0, 64, 35, 20, 18];
/** Minutes the month before last, for the patients enrolled by then (that month is closed and approved). */
const EARLIER_MONTH_MINUTES = [31, 24, 8, 52, 20, 0, 41, 66, 15];

/**
 * The cycles above go to patients in this order: by name and birth date, which the demo patients
 * always have, not by their ids, which are new each seed (the demo's months must look the same on
 * every machine and every day, e.g. always with billable rows for the walkthroughs).
 */
const BY_PATIENT = [{ patient: { lastName: "asc" as const } }, { patient: { firstName: "asc" as const } }, { patient: { dateOfBirth: "asc" as const } }];

/** Demo billing profiles (synthetic NPIs with valid check digits, 555 phone numbers). */
const PROFILES = [
  { billingNpi: "1245319599", taxId: "411234567", postalCode: "553690001", contactPhone: "7635550100", submitterId: "MAPLEGROVE01", receiverId: "MEDICAREJ6", payerId: "06102" },
  { billingNpi: "1316045628", taxId: "861234567", postalCode: "850160001", contactPhone: "6025550100", submitterId: "DESERTSKY01", receiverId: "MEDICAREJF", payerId: "03102" },
];

/**
 * Makes last month closable in the demo: each demo clinic gets its billing profile and, for its
 * enrolled patients, last month's time (approved), enrolment dated at consent and the care plan
 * dated before the month before last. Patients consented this month are not part of last month's
 * close; one plan in five was never given to the patient, so those months are blocked with the
 * rule's reason. The month before last gets time too (patients enrolled by then) and is closed
 * and approved by the clinic admin, so billing history and Reports have a finished month while
 * last month stays open for the month-close walkthrough.
 * Idempotent: a clinic with a billing profile is left alone.
 */
export async function seedDemoBilling(db: Db, opts: { today: string }): Promise<{ clinicsSeeded: number }> {
  const lastMonthStart = shiftMonth(opts.today.slice(0, 7), -1);
  const earlierMonth = shiftMonth(lastMonthStart.slice(0, 7), -1).slice(0, 7);
  let clinicsSeeded = 0;
  for (const [index, clinic] of DEMO_CLINICS.entries()) {
    const closeEarlier = await withTenantScope(db, { tenantIds: [clinic.id] }, async (tx) => {
      if (await tx.billingSetting.findUnique({ where: { tenantId: clinic.id } })) return false;
      const profile = PROFILES[index % PROFILES.length]!;
      await tx.billingSetting.create({
        data: { tenantId: clinic.id, billingName: clinic.name, addressLine1: clinic.location.addressLine1, city: clinic.location.city, state: clinic.location.state, ...profile },
      });
      const coordinator = await tx.appUser.findUnique({ where: { email: "coordinator@carefold.demo" }, select: { id: true } });
      if (!coordinator) return false;
      const enrolled = await tx.programEnrollment.findMany({ where: { tenantId: clinic.id, program: "ccm", status: "enrolled" }, orderBy: BY_PATIENT, select: { patientId: true } });
      await seedDemoCoverage(tx, clinic.id, profile.payerId, coordinator.id, enrolled.map((e) => e.patientId), [earlierMonth, lastMonthStart.slice(0, 7)]);
      for (const [i, { patientId }] of enrolled.entries()) {
        const minutes = LAST_MONTH_MINUTES[i % LAST_MONTH_MINUTES.length]!;
        const split = minutes > 25 ? [minutes - 20, 20] : [minutes];
        for (const [k, m] of split.entries()) {
          if (m === 0) continue;
          const day = String(6 + 9 * k + (i % 5)).padStart(2, "0");
          await tx.$executeRaw`
            INSERT INTO time_entry (tenant_id, patient_id, service_month, performed_on, minutes, activity, performer_user_id, performer_role, performer_in_us, source, client_request_id)
            VALUES (${clinic.id}::uuid, ${patientId}::uuid, ${lastMonthStart.slice(0, 7)}, ${`${lastMonthStart.slice(0, 7)}-${day}`}::date, ${m},
                    ${k === 0 && i % 4 !== 3 ? "patient_call" : "care_plan_review"}, ${coordinator.id}::uuid, 'clinical_staff', true, 'manual', ${`demo-last-month-${patientId}-${k}`})
            ON CONFLICT (tenant_id, client_request_id) DO NOTHING`;
        }
      }
      // The demo's enrolments, plans and hand-outs are written at seed time; date them where a
      // clinic that has run CCM for a while would have them: enrolled on the consent date, the
      // plan written and (for four patients in five) given to the patient before last month.
      await tx.$executeRaw`
        UPDATE program_enrollment pe SET enrolled_on = c.first_consent
          FROM (SELECT enrollment_id, min(obtained_on) AS first_consent FROM consent WHERE tenant_id = ${clinic.id}::uuid GROUP BY enrollment_id) c
         WHERE pe.tenant_id = ${clinic.id}::uuid AND pe.id = c.enrollment_id AND pe.status = 'enrolled'`;
      const planDate = `${shiftMonth(earlierMonth, -1).slice(0, 7)}-15`;
      for (const [i, { patientId }] of enrolled.entries()) {
        await tx.$executeRaw`
          UPDATE care_plan_version v SET created_at = ${`${planDate}T12:00:00Z`}::timestamptz,
                 shared_with_patient_on = ${i % 5 === 2 ? null : planDate}::date, shared_method = ${i % 5 === 2 ? null : "in_person"}
            FROM care_plan cp WHERE cp.tenant_id = v.tenant_id AND cp.id = v.care_plan_id AND v.tenant_id = ${clinic.id}::uuid
             AND cp.patient_id = ${patientId}::uuid AND v.version = 1`;
      }
      // The month before last: time for the patients enrolled by its end (cycle of minutes above).
      const enrolledBy = await tx.programEnrollment.findMany({
        where: { tenantId: clinic.id, program: "ccm", status: "enrolled", enrolledOn: { lte: new Date(`${shiftMonth(earlierMonth, 1).slice(0, 7)}-01T00:00:00Z`) } },
        orderBy: BY_PATIENT,
        select: { patientId: true, enrolledOn: true },
      });
      for (const [i, { patientId, enrolledOn }] of enrolledBy.entries()) {
        if (enrolledOn && enrolledOn.toISOString().slice(0, 7) > earlierMonth) continue;
        const minutes = EARLIER_MONTH_MINUTES[i % EARLIER_MONTH_MINUTES.length]!;
        if (minutes === 0) continue;
        const day = String(10 + (i % 12)).padStart(2, "0");
        await tx.$executeRaw`
          INSERT INTO time_entry (tenant_id, patient_id, service_month, performed_on, minutes, activity, performer_user_id, performer_role, performer_in_us, source, client_request_id)
          VALUES (${clinic.id}::uuid, ${patientId}::uuid, ${earlierMonth}, ${`${earlierMonth}-${day}`}::date, ${minutes}, 'patient_call',
                  ${coordinator.id}::uuid, 'clinical_staff', true, 'manual', ${`demo-earlier-month-${patientId}`})
          ON CONFLICT (tenant_id, client_request_id) DO NOTHING`;
      }
      clinicsSeeded += 1;
      return true;
    });
    if (!closeEarlier) continue;
    await runMonthClose(db, { tenantId: clinic.id, serviceMonth: earlierMonth });
    await withTenantScope(db, { tenantIds: [clinic.id] }, async (tx) => {
      const admin = await tx.membership.findFirst({ where: { tenantId: clinic.id, role: "clinic_admin" }, orderBy: { userId: "asc" }, select: { userId: true } });
      if (admin) await approveMonth(tx, clinic.id, earlierMonth, admin.userId);
    });
  }
  return { clinicsSeeded };
}

/**
 * Issue 24: the demo panel's payers. Every demo clinic's directory has traditional Medicare (the
 * billing profile's payer id), two Medicare Advantage plans — Maple Advantage HMO with a contracted
 * fee schedule for the demo's months, Northstar MA without one (priced at Medicare's amount,
 * marked assumed) — a Medigap carrier and the state Medicaid agency. Enrolled patients, in the
 * minutes cycle's order (of nine): Maple MA, then traditional Medicare except Northstar MA (4th),
 * Medigap secondary (6th) and QMB secondary (7th), so last month bills every kind; every other
 * patient with an MBI has traditional Medicare.
 */
async function seedDemoCoverage(tx: ScopedTx, tenantId: string, medicarePayerId: string, enteredBy: string, enrolled: readonly string[], months: readonly string[]) {
  const payer = async (name: string, planType: string, ediPayerId: string) => {
    const [row] = await tx.$queryRaw<{ id: string }[]>`
      INSERT INTO payer (tenant_id, name, plan_type, edi_payer_id) VALUES (${tenantId}::uuid, ${name}, ${planType}, ${ediPayerId})
      ON CONFLICT (tenant_id, lower(btrim(name))) DO UPDATE SET updated_at = payer.updated_at RETURNING id::text`;
    return row!.id;
  };
  const medicare = await payer("Medicare", "medicare", medicarePayerId);
  const maple = await payer("Maple Advantage HMO", "medicare_advantage", "MAPLEMA1");
  const northstar = await payer("Northstar Medicare Advantage", "medicare_advantage", "NSTAR22");
  const medigap = await payer("Heartland Medigap Plan G", "medigap", "HRTGAP7");
  const medicaid = await payer("State Medicaid", "medicaid", "SKMCD01");
  for (const year of new Set(months.map((m) => Number(m.slice(0, 4))))) {
    for (const [code, cents] of [["99490", 7000], ["99439", 5300], ["99487", 14500], ["99489", 7600], ["99491", 8800], ["99437", 6200]] as const) {
      await tx.$executeRaw`
        INSERT INTO payer_fee_schedule_rate (tenant_id, payer_id, code, year, cents, entered_by, source)
        VALUES (${tenantId}::uuid, ${maple}::uuid, ${code}, ${year}, ${cents}, ${enteredBy}::uuid, 'Demo: Maple Advantage HMO provider contract')
        ON CONFLICT DO NOTHING`;
    }
  }
  const cover = async (patientId: string, payerId: string, rank: "primary" | "secondary", planType: string, memberId: string | null) => {
    await tx.$executeRaw`
      INSERT INTO patient_coverage (tenant_id, patient_id, payer_id, rank, plan_type, member_id, effective_from, source)
      SELECT p.tenant_id, p.id, ${payerId}::uuid, ${rank}, ${planType}, coalesce(${memberId}, p.mbi), DATE '2020-01-01', 'manual'
        FROM patient p WHERE p.tenant_id = ${tenantId}::uuid AND p.id = ${patientId}::uuid AND coalesce(${memberId}, p.mbi) IS NOT NULL
         AND NOT EXISTS (SELECT 1 FROM patient_coverage c WHERE c.tenant_id = p.tenant_id AND c.patient_id = p.id AND c.rank = ${rank} AND c.superseded_at IS NULL)`;
  };
  for (const [i, patientId] of enrolled.entries()) {
    const member = (prefix: string) => `${prefix}${String(100001 + i)}`;
    switch (i % 9) {
      case 0:
        await cover(patientId, maple, "primary", "medicare_advantage", member("MPL"));
        break;
      case 3:
        await cover(patientId, northstar, "primary", "medicare_advantage", member("NS"));
        break;
      case 5:
        await cover(patientId, medigap, "secondary", "medigap", member("HG"));
        break;
      case 6:
        await cover(patientId, medicaid, "secondary", "qmb", member("QMB"));
        break;
    }
  }
  // Everyone else with an MBI (and the secondaries' primaries): traditional Medicare.
  await tx.$executeRaw`
    INSERT INTO patient_coverage (tenant_id, patient_id, payer_id, rank, plan_type, member_id, effective_from, source)
    SELECT p.tenant_id, p.id, ${medicare}::uuid, 'primary', 'medicare', p.mbi, DATE '2020-01-01', 'manual'
      FROM patient p
     WHERE p.tenant_id = ${tenantId}::uuid AND p.mbi IS NOT NULL
       AND NOT EXISTS (SELECT 1 FROM patient_coverage c WHERE c.tenant_id = p.tenant_id AND c.patient_id = p.id AND c.rank = 'primary' AND c.superseded_at IS NULL)`;
}

function shiftMonth(month: string, by: number): string {
  const [y, m] = month.split("-").map(Number) as [number, number];
  const d = new Date(Date.UTC(y, m - 1 + by, 1));
  return d.toISOString().slice(0, 10);
}
