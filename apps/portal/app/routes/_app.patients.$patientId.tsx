import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { ArrowLeft, ArrowRight, FilePenLine } from "lucide-react";
import {
  Card,
  DescriptionList,
  PageHeader,
  RelativeTime,
  buttonClasses,
  buttonIconClass,
} from "@carefold/ui";
import { Page } from "../components/Page";
import { RouteError } from "../components/RouteError";
import { ClaimDiagnosisOrder } from "../components/patients/ClaimDiagnosisOrder";
import { ComplexMdmCard } from "../components/patients/ComplexMdmCard";
import { ConsentList } from "../components/patients/ConsentList";
import { MbiReveal } from "../components/patients/MbiReveal";
import { EligibilityVerdict, ProblemList } from "../components/patients/ProblemList";
import { ProgramHistory, ProgramSummary } from "../components/patients/ProgramHistory";
import { CarePlanStatusBadge } from "../components/patients/badges";
import {
  SEX_LABEL,
  ageOn,
  displayName,
  formatDate,
  formatPhone,
  languageName,
  todayIn,
} from "../components/patients/labels";
import { isUuid, redirectToDocument } from "../lib/patients.server";
import { coverageAction, loadCoverage } from "../lib/coverage.server";
import { CoverageCard } from "../components/patients/CoverageCard";
import { formFailure, pageError, requireUser } from "../lib/session.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  {
    title: data
      ? `${displayName(data.patient)} · Patients · Carefold Portal`
      : "Patient · Carefold Portal",
  },
];
export const ErrorBoundary = RouteError;

/** The previous and the given YYYY-MM month, newest first. */
function serviceMonthsEndingAt(month: string): string[] {
  const [y, m] = month.split("-").map(Number) as [number, number];
  const previous = m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, "0")}`;
  return [month, previous];
}

const monthLabel = (month: string) =>
  new Date(`${month}-01T00:00:00Z`).toLocaleString("en-US", { month: "long", year: "numeric", timeZone: "UTC" });

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { caller, headers, me } = await requireUser(request);
  if (!isUuid(params.patientId)) {
    throw data({ message: "That patient was not found." }, { status: 404, headers: headers() });
  }
  try {
    const [patient, reasons, coverage] = await Promise.all([
      caller.patients.get({ patientId: params.patientId }),
      caller.enrollment.reasons(),
      loadCoverage(caller, params.patientId),
    ]);
    const today = todayIn(patient.timeZone);
    // This month and the one before (documented before its close runs).
    const mdmMonths = await Promise.all(
      serviceMonthsEndingAt(today.slice(0, 7)).map(async (serviceMonth) => ({
        serviceMonth,
        label: monthLabel(serviceMonth),
        attestations: await caller.complexMdm.list({ patientId: patient.id, serviceMonth }),
      })),
    );
    const role = me.memberships.find((m) => m.tenantId === me.activeTenantId)?.role;
    return data(
      { patient, reasons, coverage, today, now: new Date().toISOString(), mdmMonths, canAttest: role === "practitioner" },
      { headers: headers() },
    );
  } catch (error) {
    pageError(error, request, headers());
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { caller, headers } = await requireUser(request);
  const form = await request.formData();
  const intent = String(form.get("intent") ?? "");
  try {
    const covered = await coverageAction(caller, String(params.patientId), intent, form);
    if (covered) return data(covered, { headers: headers() });
    if (intent === "reveal-mbi") {
      const { mbi } = await caller.patients.revealMbi({ patientId: String(params.patientId) });
      return data({ mbi }, { headers: headers() });
    }
    if (intent === "attest-mdm") {
      const note = String(form.get("note") ?? "").trim();
      await caller.complexMdm.attest({
        patientId: String(params.patientId),
        serviceMonth: String(form.get("serviceMonth") ?? ""),
        mdmLevel: String(form.get("mdmLevel") ?? "") as "moderate" | "high",
        decidedOn: String(form.get("decidedOn") ?? ""),
        ...(note ? { note } : {}),
      });
      return data({ ok: true }, { headers: headers() });
    }
    if (intent === "diagnosis-order") {
      await caller.worksheet.setDiagnosisOrder({ patientId: String(params.patientId), codes: form.getAll("codes").map(String) });
      return data({ ok: true }, { headers: headers() });
    }
    if (intent === "withdraw-mdm") {
      await caller.complexMdm.withdraw({ attestationId: String(form.get("attestationId") ?? ""), reason: String(form.get("reason") ?? "") });
      return data({ ok: true }, { headers: headers() });
    }
    if (intent === "download") {
      return await redirectToDocument(caller, String(form.get("documentId") ?? ""), headers);
    }
    return data({ message: "Unknown request." }, { status: 400, headers: headers() });
  } catch (error) {
    const failure = formFailure(error, request, headers());
    return data({ message: failure.message, fieldErrors: failure.fieldErrors }, { headers: headers() });
  }
}

export default function PatientSummary() {
  const { patient, reasons, coverage, today, now, mdmMonths, canAttest } = useLoaderData<typeof loader>();
  const ccm = patient.enrollments.find((e) => e.program === "ccm") ?? null;
  const others = patient.enrollments.filter((e) => e.program !== "ccm");
  const address = [
    patient.address.line1,
    [patient.address.city, patient.address.state].filter(Boolean).join(", "),
    patient.address.postalCode,
  ]
    .filter(Boolean)
    .join(" · ");
  const self = `/patients/${patient.id}`;

  return (
    <Page>
      <Link
        to="/patients"
        className="mb-3 inline-flex items-center gap-1.5 text-compact font-medium text-ink-600 hover:text-ink-900"
      >
        <ArrowLeft aria-hidden="true" className="size-4" />
        Patients
      </Link>
      <PageHeader
        eyebrow="Patient"
        title={displayName(patient)}
        description={`Born ${formatDate(patient.dateOfBirth)} (${ageOn(patient.dateOfBirth, today)} years) · ${SEX_LABEL[patient.sex] ?? patient.sex}${patient.medicalRecordNumber ? ` · MRN ${patient.medicalRecordNumber}` : ""}`}
      />

      <div className="grid gap-6 lg:grid-cols-3">
        <div className="min-w-0 space-y-6 lg:col-span-2">
          <Card
            flush
            title="Problems and eligibility"
            description="Chronic conditions come from the ICD-10-CM catalogue; eligibility is worked out from the active problems."
          >
            <div className="p-5 pb-4">
              <EligibilityVerdict eligibility={patient.eligibility} />
            </div>
            <div className="border-t border-neutral-200">
              <ProblemList problems={patient.problems} />
            </div>
          </Card>

          <Card title="Coverage" description="Who pays for this patient's care, in force today; claims go to the primary payer.">
            <CoverageCard coverage={coverage.coverage} payers={coverage.payers} action={self} />
          </Card>

          <Card
            title="Chronic Care Management"
            description="Where this patient is in the program, and every step so far."
          >
            <ProgramSummary enrollment={ccm} reasons={reasons} />
            <h3 className="mt-5 mb-3 text-xs font-semibold tracking-wide text-ink-500 uppercase">
              History
            </h3>
            <ProgramHistory enrollment={ccm} reasons={reasons} now={now} />
            {others.length > 0 ? (
              <p className="mt-4 text-compact text-ink-600">
                Also on file:{" "}
                {others
                  .map((e) => `${e.program.toUpperCase()} (${e.status.replace(/_/g, " ")})`)
                  .join(", ")}
              </p>
            ) : null}
          </Card>

          <Card
            title="Consent"
            description="The patient's agreement to CCM, with its evidence. Billing relies on it."
          >
            <ConsentList consents={ccm?.consents ?? []} action={self} />
          </Card>

          <Card
            title="Diagnoses on CCM claims"
            description="The billing practitioner orders the diagnoses a claim carries, principal first; the next close uses this order."
          >
            <ClaimDiagnosisOrder problems={patient.problems} canOrder={canAttest} action={self} />
          </Card>

          <Card
            title="Complex medical decision making"
            description="Moderate or high MDM documented by the billing practitioner for a month. Only then does the close bill complex CCM (99487, 99489)."
          >
            <ComplexMdmCard months={mdmMonths} canAttest={canAttest} action={self} today={today} />
          </Card>
        </div>

        <div className="min-w-0 space-y-6">
          <Card title="Demographics">
            <div className="mb-4">
              <p className="text-xs font-medium text-ink-500">Medicare Beneficiary Identifier</p>
              <div className="mt-0.5">
                <MbiReveal
                  patientId={patient.id}
                  masked={patient.mbiMasked}
                  hasMbi={patient.hasMbi}
                  action={self}
                />
              </div>
            </div>
            <DescriptionList
              columns={1}
              items={[
                {
                  term: "Phone",
                  detail:
                    patient.phones.length > 0 ? (
                      <ul className="space-y-0.5">
                        {patient.phones.map((phone) => (
                          <li key={phone.id}>
                            {formatPhone(phone.number)}{" "}
                            <span className="text-compact text-ink-500">
                              {phone.type}
                              {phone.isPreferred ? ", preferred" : ""}
                              {phone.hasSmsConsent ? ", texts OK" : ""}
                            </span>
                          </li>
                        ))}
                      </ul>
                    ) : null,
                },
                { term: "Address", detail: address },
                { term: "Time zone", detail: patient.timeZone.replace(/_/g, " ") },
                { term: "Preferred language", detail: languageName(patient.preferredLanguage) },
                {
                  term: "Billing practitioner",
                  detail: patient.billingPractitioner
                    ? `${patient.billingPractitioner.name} (NPI ${patient.billingPractitioner.npi})`
                    : null,
                },
                { term: "Other insurance", detail: patient.otherInsurance },
              ]}
            />
          </Card>

          <Card title="Care plan">
            {patient.carePlan ? (
              <>
                <div className="flex flex-wrap items-center gap-2">
                  <CarePlanStatusBadge status={patient.carePlan.status} />
                  <span className="text-compact text-ink-600">
                    Version {patient.carePlan.currentVersion}
                  </span>
                </div>
                <p className="mt-1.5 text-compact text-ink-600">
                  Last changed <RelativeTime date={patient.carePlan.updatedAt} now={now} />
                </p>
                <Link
                  to={`/care-plans/${patient.id}`}
                  className={buttonClasses({ variant: "secondary", className: "mt-4" })}
                >
                  <FilePenLine aria-hidden="true" className={buttonIconClass()} />
                  {patient.carePlan.status === "awaiting_signoff"
                    ? "Review and sign"
                    : "Read the care plan"}
                  <ArrowRight aria-hidden="true" className={buttonIconClass()} />
                </Link>
              </>
            ) : (
              <p className="text-compact text-ink-600">
                No care plan yet. The care team drafts it once the patient is enrolled; it then
                waits here for the billing practitioner's signature.
              </p>
            )}
          </Card>

          {patient.careTeam.length > 0 ? (
            <Card title="Care team">
              <ul className="space-y-2">
                {patient.careTeam.map((member) => (
                  <li key={member.id} className="text-sm">
                    <p className="font-medium text-ink-900">{member.name}</p>
                    <p className="text-compact text-ink-600">
                      {[
                        member.role,
                        member.organization,
                        member.phone ? formatPhone(member.phone) : null,
                      ]
                        .filter(Boolean)
                        .join(" · ")}
                    </p>
                  </li>
                ))}
              </ul>
            </Card>
          ) : null}
        </div>
      </div>
    </Page>
  );
}
