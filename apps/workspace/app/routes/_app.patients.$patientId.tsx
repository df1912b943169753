import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Link, Outlet, useLoaderData, useLocation } from "@remix-run/react";
import { ArrowLeft, Clock, Phone } from "lucide-react";
import { useEffect, useState } from "react";
import { TabNav } from "@carefold/ui";
import { RouteError } from "../components/RouteError";
import { MbiReveal } from "../components/patients/MbiReveal";
import {
  CarePlanStatusBadge,
  EligibilityBadge,
  ProgramStatusBadge,
} from "../components/patients/badges";
import {
  SEX_LABEL,
  ageOn,
  displayName,
  formatDate,
  formatPhone,
  languageName,
  todayIn,
} from "../components/patients/labels";
import { renderRouterLink } from "../components/patients/links";
import { usePatientInView } from "../components/work/timer-context";
import { isUuid, redirectToDocument } from "../lib/patients.server";
import { formFailure, pageError, requireUser } from "../lib/session.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  {
    title: data
      ? `${displayName(data.patient)} · Carefold Workspace`
      : "Patient chart · Carefold Workspace",
  },
];
export const ErrorBoundary = RouteError;

/** The chart of one patient: header and tabs; the tabs' pages read this loader's data. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { caller, headers } = await requireUser(request);
  if (!isUuid(params.patientId)) {
    throw data({ message: "That patient was not found." }, { status: 404, headers: headers() });
  }
  try {
    const [patient, reasons, clinics] = await Promise.all([
      caller.patients.get({ patientId: params.patientId }),
      caller.enrollment.reasons(),
      caller.workspace.clinics(),
    ]);
    const clinic = clinics.find((c) => c.id === patient.tenantId);
    return data(
      {
        patient,
        reasons,
        clinic: { name: clinic?.name ?? "", timeZone: clinic?.timeZone ?? patient.timeZone },
        // Service dates (consent, sharing) are the clinic's dates, as the API checks them.
        today: todayIn(clinic?.timeZone ?? patient.timeZone),
        now: new Date().toISOString(),
      },
      { headers: headers() },
    );
  } catch (error) {
    pageError(error, request, headers());
  }
}

/** Actions every tab can post to (`action="/patients/:id"`): MBI reveal and downloads. */
export async function action({ request, params }: ActionFunctionArgs) {
  const { caller, headers } = await requireUser(request);
  const form = await request.formData();
  const intent = String(form.get("intent") ?? "");
  try {
    if (intent === "reveal-mbi") {
      const { mbi } = await caller.patients.revealMbi({ patientId: String(params.patientId) });
      return data({ mbi }, { headers: headers() });
    }
    if (intent === "download") {
      return await redirectToDocument(caller, String(form.get("documentId") ?? ""), headers);
    }
    return data({ message: "Unknown request." }, { status: 400, headers: headers() });
  } catch (error) {
    const failure = formFailure(error, request, headers());
    return data({ message: failure.message ?? "That did not work." }, { headers: headers() });
  }
}

export type ChartLayoutData = ReturnType<typeof useLoaderData<typeof loader>>;
export const CHART_ROUTE_ID = "routes/_app.patients.$patientId";

/** The patient's own clock, so calls happen at a sensible hour (updates every 30 s). */
function PatientClock({ now, timeZone }: { now: string; timeZone: string }) {
  const [instant, setInstant] = useState(() => new Date(now));
  useEffect(() => {
    setInstant(new Date());
    const timer = window.setInterval(() => setInstant(new Date()), 30_000);
    return () => window.clearInterval(timer);
  }, []);
  const time = new Intl.DateTimeFormat("en-US", {
    hour: "numeric",
    minute: "2-digit",
    timeZone,
  }).format(instant);
  const zone =
    new Intl.DateTimeFormat("en-US", { timeZone, timeZoneName: "short" })
      .formatToParts(instant)
      .find((p) => p.type === "timeZoneName")?.value ?? "";
  return (
    <span className="tabular">
      {time} {zone}
    </span>
  );
}

export default function PatientChartLayout() {
  const { patient, clinic, today, now } = useLoaderData<typeof loader>();
  const { pathname } = useLocation();
  const ccm = patient.enrollments.find((e) => e.program === "ccm") ?? null;
  const preferred = patient.phones.find((p) => p.isPreferred) ?? patient.phones[0];
  const base = `/patients/${patient.id}`;
  // The chart and the care plan: `t`, `c` and `n` act on this patient.
  usePatientInView({ id: patient.id, name: displayName(patient) });

  return (
    <div className="flex min-h-0 flex-1 flex-col">
      <header className="border-b border-neutral-200 bg-white px-6 pt-4" data-testid="chart-header">
        <Link
          to="/patients"
          className="inline-flex items-center gap-1 text-xs font-medium text-ink-600 hover:text-ink-900"
        >
          <ArrowLeft aria-hidden="true" className="size-3.5" />
          Patients
        </Link>
        <div className="mt-1.5 flex flex-wrap items-start justify-between gap-x-8 gap-y-3">
          <div className="min-w-0">
            <div className="flex flex-wrap items-center gap-2.5">
              <h1 className="text-xl font-semibold tracking-tight text-ink-900">
                {displayName(patient)}
              </h1>
              <ProgramStatusBadge status={ccm?.status} />
              <EligibilityBadge eligibility={patient.eligibility.status} />
            </div>
            <p className="mt-1 text-compact text-ink-600">
              {formatDate(patient.dateOfBirth)} ({ageOn(patient.dateOfBirth, today)} y) ·{" "}
              {SEX_LABEL[patient.sex] ?? patient.sex} · {languageName(patient.preferredLanguage)}
              {clinic.name ? ` · ${clinic.name}` : ""}
              {patient.medicalRecordNumber ? ` · MRN ${patient.medicalRecordNumber}` : ""}
            </p>
          </div>
          <dl className="flex flex-wrap items-start gap-x-8 gap-y-2 text-compact">
            <div>
              <dt className="text-2xs font-semibold tracking-wide text-ink-500 uppercase">MBI</dt>
              <dd className="mt-0.5">
                <MbiReveal
                  patientId={patient.id}
                  masked={patient.mbiMasked}
                  hasMbi={patient.hasMbi}
                  action={base}
                  dense
                />
              </dd>
            </div>
            <div>
              <dt className="text-2xs font-semibold tracking-wide text-ink-500 uppercase">
                Patient's time
              </dt>
              <dd className="mt-0.5 flex items-center gap-1.5 font-medium text-ink-900">
                <Clock aria-hidden="true" className="size-3.5 text-ink-500" />
                <PatientClock now={now} timeZone={patient.timeZone} />
              </dd>
            </div>
            <div>
              <dt className="text-2xs font-semibold tracking-wide text-ink-500 uppercase">
                Preferred phone
              </dt>
              <dd className="mt-0.5 flex items-center gap-1.5 font-medium text-ink-900">
                <Phone aria-hidden="true" className="size-3.5 text-ink-500" />
                {preferred ? (
                  <>
                    <span className="tabular">{formatPhone(preferred.number)}</span>
                    <span className="font-normal text-ink-500">{preferred.type}</span>
                  </>
                ) : (
                  <span className="font-normal text-ink-500">None on file</span>
                )}
              </dd>
            </div>
          </dl>
        </div>
        <TabNav
          className="mt-3 border-b-0"
          label="Patient chart"
          dense
          currentPath={pathname}
          renderLink={renderRouterLink}
          items={[
            { href: base, label: "Chart", end: true },
            {
              href: `${base}/care-plan`,
              label: "Care plan",
              badge: <CarePlanStatusBadge status={patient.carePlan?.status} />,
            },
          ]}
        />
      </header>
      <Outlet />
    </div>
  );
}
