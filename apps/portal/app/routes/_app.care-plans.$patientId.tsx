import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Link, useFetcher, useLoaderData } from "@remix-run/react";
import { ArrowLeft, FileDown, FilePenLine, PenLine } from "lucide-react";
import { useEffect, useState } from "react";
import {
  Button,
  Card,
  Dialog,
  EmptyState,
  Notice,
  PageHeader,
  RelativeTime,
  Spinner,
  buttonClasses,
  formatAbsoluteTime,
} from "@carefold/ui";
import { Page } from "../components/Page";
import { RouteError } from "../components/RouteError";
import { CarePlanChecklist } from "../components/patients/CarePlanChecklist";
import { CarePlanDocument } from "../components/patients/CarePlanDocument";
import { DocumentDownload } from "../components/patients/DocumentDownload";
import { CarePlanStatusBadge } from "../components/patients/badges";
import { displayName, formatDate, shareMethodLabel } from "../components/patients/labels";
import { isUuid, redirectToDocument } from "../lib/patients.server";
import { formFailure, pageError, requireUser } from "../lib/session.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  {
    title: data
      ? `Care plan of ${displayName(data.patient)} · Carefold Portal`
      : "Care plan · Carefold Portal",
  },
];
export const ErrorBoundary = RouteError;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { caller, me, headers } = await requireUser(request);
  const patientId = params.patientId;
  if (!isUuid(patientId)) {
    throw data({ message: "That patient was not found." }, { status: 404, headers: headers() });
  }
  try {
    const [plan, chart, templates, practitioners] = await Promise.all([
      caller.carePlans.get({ patientId }),
      caller.patients.get({ patientId }),
      caller.carePlans.templates(),
      caller.patients.practitioners(),
    ]);
    return data(
      {
        plan,
        patient: {
          id: chart.id,
          firstName: chart.firstName,
          lastName: chart.lastName,
          dateOfBirth: chart.dateOfBirth,
          billingPractitioner: chart.billingPractitioner?.name ?? null,
        },
        templateNames: Object.fromEntries(templates.map((t) => [t.id, t.name])),
        me: practitioners.find((p) => p.userId === me.user.id)?.name ?? null,
        signers: practitioners.filter((p) => p.userId !== null).map((p) => p.name),
        now: new Date().toISOString(),
      },
      { headers: headers() },
    );
  } catch (error) {
    pageError(error, request, headers());
  }
}

type ActionResult = { ok: true; message: string } | { ok: false; message: string; code: string };

export async function action({ request, params }: ActionFunctionArgs) {
  const { caller, headers } = await requireUser(request);
  const patientId = String(params.patientId);
  const form = await request.formData();
  const intent = String(form.get("intent") ?? "");
  const version = Number(form.get("version"));
  const reply = (result: ActionResult) => data(result, { headers: headers() });
  try {
    if (intent === "sign") {
      const signed = await caller.carePlans.sign({ patientId, version });
      // The patient copy carries the signature: make it now, so the next download has it.
      const pdf = await caller.carePlans.generatePdf({ patientId, version }).then(
        () => true,
        () => false,
      );
      return reply({
        ok: true,
        message: `Signed by ${signed.signedBy}. Version ${version} is now the care plan of record${pdf ? ", and the patient copy (PDF) includes your signature" : ""}.`,
      });
    }
    if (intent === "pdf") {
      // A fresh PDF of the version on screen (it shows whether and by whom it is signed).
      const { documentId } = await caller.carePlans.generatePdf({ patientId, version });
      return await redirectToDocument(caller, documentId, headers);
    }
    return reply({ ok: false, message: "Unknown request.", code: "BAD_REQUEST" });
  } catch (error) {
    const failure = formFailure(error, request, headers());
    return reply({
      ok: false,
      message: failure.message ?? "That did not work. Reload the page and try again.",
      code: failure.code,
    });
  }
}

export default function CarePlanReview() {
  const { plan, patient, templateNames, me, signers, now } = useLoaderData<typeof loader>();
  const sign = useFetcher<typeof action>({ key: "sign-care-plan" });
  const [confirmOpen, setConfirmOpen] = useState(false);

  useEffect(() => {
    if (sign.state === "idle" && sign.data) setConfirmOpen(false);
  }, [sign.state, sign.data]);

  const name = displayName(patient);
  const back = (
    <Link
      to="/care-plans"
      className="mb-3 inline-flex items-center gap-1.5 text-compact font-medium text-ink-600 hover:text-ink-900"
    >
      <ArrowLeft aria-hidden="true" className="size-4" />
      Care plans
    </Link>
  );

  if (!plan || !plan.body) {
    return (
      <Page>
        {back}
        <PageHeader eyebrow="Care plan" title={name} />
        <Card>
          <EmptyState
            icon={FilePenLine}
            title="No care plan yet — the care team drafts it after enrollment"
            action={
              <Link
                to={`/patients/${patient.id}`}
                className={buttonClasses({ variant: "secondary" })}
              >
                Open the patient
              </Link>
            }
          >
            Once a coordinator saves a draft, it appears in your sign-off queue.
          </EmptyState>
        </Card>
      </Page>
    );
  }

  const isSigned = plan.status === "signed" && plan.signedAt !== null;
  const result = sign.state === "idle" ? sign.data : undefined;

  return (
    <Page>
      {back}
      <PageHeader
        eyebrow={`Care plan · version ${plan.currentVersion}`}
        title={name}
        description={`Born ${formatDate(patient.dateOfBirth)} · Billing practitioner: ${patient.billingPractitioner ?? "not assigned"}`}
        actions={
          <>
            <Link to={`/patients/${patient.id}`} className={buttonClasses({ variant: "ghost" })}>
              Patient summary
            </Link>
            <DocumentDownload
              intent="pdf"
              fields={{ version: String(plan.currentVersion) }}
              label="Download PDF"
              icon={FileDown}
              size="md"
            />
          </>
        }
      />

      {result ? (
        <Notice
          tone={result.ok ? "success" : "danger"}
          live
          className="mb-5"
          title={result.ok ? "Care plan signed" : "The plan was not signed"}
        >
          {result.message}
        </Notice>
      ) : null}

      <div className="grid gap-6 lg:grid-cols-3">
        <Card
          className="min-w-0 lg:col-span-2"
          title={`What you are signing: version ${plan.currentVersion}`}
          description="The plan as the care team saved it. The patient copy (PDF) has the same content."
        >
          <CarePlanDocument body={plan.body} templateNames={templateNames} />
        </Card>

        <div className="min-w-0 space-y-6">
          <Card title="Sign-off">
            <div className="flex flex-wrap items-center gap-2">
              <CarePlanStatusBadge status={plan.status} />
              <span className="text-compact text-ink-600">Version {plan.currentVersion}</span>
            </div>
            {isSigned ? (
              <p className="mt-3 text-sm text-ink-800" data-testid="signature">
                Signed by <span className="font-semibold">{plan.signedBy}</span>{" "}
                <RelativeTime date={plan.signedAt!} now={now} />
                <span className="block text-xs text-ink-500">
                  {formatAbsoluteTime(plan.signedAt!, "UTC")}
                </span>
              </p>
            ) : me ? (
              <>
                <p className="mt-3 text-compact text-ink-700">
                  Read the plan, then sign it as the billing practitioner. Your signature, the date
                  and the time are recorded with this version.
                </p>
                <Button
                  className="mt-4"
                  fullWidth
                  icon={PenLine}
                  onClick={() => setConfirmOpen(true)}
                >
                  Sign version {plan.currentVersion}
                </Button>
              </>
            ) : (
              <p className="mt-3 text-compact text-ink-700">
                Only a billing practitioner linked to their Carefold account can sign.{" "}
                {signers.length > 0
                  ? `${signers.join(" and ")} ${signers.length === 1 ? "signs" : "sign"} for this clinic.`
                  : "Nobody at this clinic is linked yet."}
              </p>
            )}
          </Card>

          <Card
            title="Completeness check"
            description="The Medicare care-plan elements, checked on this version."
          >
            <CarePlanChecklist findings={plan.checklist} />
          </Card>

          <Card title="Patient copy">
            {plan.sharedWithPatientOn ? (
              <p className="text-sm text-ink-800">
                Shared with the patient on {formatDate(plan.sharedWithPatientOn)}{" "}
                {shareMethodLabel(plan.sharedMethod)}.
              </p>
            ) : (
              <p className="text-compact text-ink-600">
                Not recorded as shared yet. After signing, the care team gives the patient a copy
                and records when and how.
              </p>
            )}
          </Card>

          <Card title="Versions">
            <ol className="space-y-2.5">
              {plan.history.map((v) => (
                <li
                  key={v.version}
                  className="flex items-baseline justify-between gap-3 text-compact"
                >
                  <span className="font-medium text-ink-900">
                    Version {v.version}
                    {v.version === plan.currentVersion ? (
                      <span className="font-normal text-ink-500"> (current)</span>
                    ) : null}
                  </span>
                  <span className="text-right text-ink-600">
                    {v.signedAt ? (
                      <>Signed by {v.signedBy}</>
                    ) : (
                      <>
                        Saved <RelativeTime date={v.createdAt} now={now} />
                      </>
                    )}
                  </span>
                </li>
              ))}
            </ol>
          </Card>
        </div>
      </div>

      <Dialog
        open={confirmOpen}
        onClose={() => setConfirmOpen(false)}
        size="sm"
        title={`Sign version ${plan.currentVersion}?`}
        description={`${name}'s care plan`}
        footer={
          <>
            <Button variant="secondary" onClick={() => setConfirmOpen(false)}>
              Cancel
            </Button>
            <sign.Form method="post">
              <input type="hidden" name="version" value={plan.currentVersion} />
              <Button
                type="submit"
                name="intent"
                value="sign"
                icon={sign.state === "idle" ? PenLine : undefined}
                disabled={sign.state !== "idle"}
              >
                {sign.state !== "idle" ? (
                  <>
                    <Spinner />
                    Signing…
                  </>
                ) : (
                  "Sign care plan"
                )}
              </Button>
            </sign.Form>
          </>
        }
      >
        <p className="text-sm text-ink-700">
          You confirm that you reviewed this plan and approve it as {name}'s comprehensive care
          plan. It is signed as <span className="font-semibold">{me}</span>, with today's date and
          time. If the care team changes the plan later, the new version comes back to you.
        </p>
      </Dialog>
    </Page>
  );
}
