import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import {
  Link,
  useFetcher,
  useLoaderData,
  useLocation,
  useRouteLoaderData,
} from "@remix-run/react";
import {
  ClipboardCheck,
  FileSignature,
  History,
  NotebookPen,
  Pill,
  ShieldAlert,
  Stethoscope,
  Users,
} from "lucide-react";
import { useEffect, useState } from "react";
import {
  Badge,
  Button,
  Card,
  Checkbox,
  DescriptionList,
  Dialog,
  EmptyState,
  FileField,
  Notice,
  RadioGroup,
  SelectField,
  Spinner,
  Table,
  TableEmpty,
  TBody,
  Td,
  TextareaField,
  TextField,
  Th,
  THead,
  Tr,
} from "@carefold/ui";
import { CallPanel } from "../components/calls/CallPanel";
import { Communications } from "../components/calls/Communications";
import { ConsentList } from "../components/patients/ConsentList";
import { EligibilityVerdict, ProblemList } from "../components/patients/ProblemList";
import { ProgramHistory, ProgramSummary } from "../components/patients/ProgramHistory";
import {
  ALLOWED_MOVES,
  CAN_RECORD_CONSENT,
  DISCLOSURES,
  MOVE_LABEL,
  PROGRAM_STATUS,
  formatDate,
  formatPhone,
  type DisclosureKey,
  type ProgramStatus,
} from "../components/patients/labels";
import { PatientTimeline } from "../components/patients/PatientTimeline";
import { ManualEntryButton } from "../components/work/ManualEntry";
import { NoteFields } from "../components/work/NoteFields";
import type { ChartShortcutState } from "../components/ShellShortcuts";
import { noteVocabulary, readNoteFields } from "../lib/notes.server";
import { shortcutTarget } from "../lib/shortcuts";
import { fileAsBase64, isUuid } from "../lib/patients.server";
import { coverageAction, loadCoverage } from "../lib/coverage.server";
import { CoverageCard } from "../components/patients/CoverageCard";
import { formFailure, pageError, requireUser } from "../lib/session.server";
import { CHART_ROUTE_ID, type ChartLayoutData } from "./_app.patients.$patientId";

type ActionResult =
  | { intent: string; ok: true; message: string; warnings: string[] }
  | { intent: string; ok: false; message: string; fieldErrors: Record<string, string> };

const MAX_EVIDENCE_BYTES = 10 * 1024 * 1024;
const EVIDENCE_TYPES = ["application/pdf", "image/png", "image/jpeg"] as const;

/** The timeline (newest first; `?before=` pages back), calls and texts, and the words they need. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { caller, headers } = await requireUser(request);
  const patientId = String(params.patientId);
  if (!isUuid(patientId)) throw data({ message: "That patient was not found." }, { status: 404 });
  const before = new URL(request.url).searchParams.get("before");
  try {
    const [timeline, communications, dispositions, templates, coverage] = await Promise.all([
      caller.timeline.patient({
        patientId,
        before: before && !Number.isNaN(Date.parse(before)) ? before : undefined,
        limit: 30,
      }),
      caller.calls.forPatient({ patientId }),
      caller.calls.dispositions(),
      caller.calls.smsTemplates(),
      loadCoverage(caller, patientId),
    ]);
    return data(
      {
        timeline,
        isOlderPage: Boolean(before),
        ...noteVocabulary(),
        communications,
        dispositions: dispositions as Record<string, string>,
        templates: templates as Record<string, string>,
        coverage,
      },
      { headers: headers() },
    );
  } catch (error) {
    pageError(error, request, headers());
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { caller, headers } = await requireUser(request);
  const patientId = String(params.patientId);
  const form = await request.formData();
  const intent = String(form.get("intent") ?? "");
  const text = (name: string) => String(form.get(name) ?? "").trim();
  const ok = (message: string, warnings: string[] = []) =>
    data<ActionResult>({ intent, ok: true, message, warnings }, { headers: headers() });
  const fail = (message: string, fieldErrors: Record<string, string> = {}) =>
    data<ActionResult>({ intent, ok: false, message, fieldErrors }, { headers: headers() });
  try {
    const covered = await coverageAction(caller, patientId, intent, form);
    if (covered) return ok(covered.message);
    if (intent === "transition") {
      const to = text("to") as Exclude<ProgramStatus, "consented">;
      await caller.enrollment.transition({
        patientId,
        program: "ccm",
        to,
        reason: text("reason") || undefined,
        note: text("note") || undefined,
      });
      return ok(`Moved to ${PROGRAM_STATUS[to]?.label ?? to}.`);
    }

    if (intent === "visit") {
      const kind = text("kind") as "em_visit" | "awv" | "ippe" | "tcm_face_to_face";
      await caller.chart.addEncounter({
        patientId,
        kind,
        occurredOn: text("occurredOn"),
        practitionerId: text("practitionerId") || undefined,
        isCcmDiscussed: form.get("isCcmDiscussed") === "on",
      });
      return ok(`Visit recorded for ${formatDate(text("occurredOn"))}.`);
    }

    if (intent === "consent") {
      const method = text("method") === "written" ? "written" : "verbal";
      const confirmed = new Set(form.getAll("disclosure").map(String));
      const missing = DISCLOSURES.filter((d) => !confirmed.has(d.key));
      if (missing.length > 0) {
        return fail(
          `Confirm all four disclosures before recording consent. Still to confirm: ${missing.map((d) => `“${d.label}”`).join(", ")}.`,
          { disclosures: "Confirm each disclosure with the patient." },
        );
      }
      const obtainedOn = text("obtainedOn");
      let evidenceDocumentId: string | undefined;
      if (method === "written") {
        const file = await fileAsBase64(form.get("evidence"));
        if (!file) {
          return fail("Attach the signed consent form (PDF, PNG or JPEG) for written consent.", {
            evidence: "Choose the scanned, signed form.",
          });
        }
        if (!EVIDENCE_TYPES.includes(file.type as (typeof EVIDENCE_TYPES)[number])) {
          return fail(`${file.name} is not a PDF, PNG or JPEG. Scan the form to one of those.`, {
            evidence: "Use a PDF, PNG or JPEG file.",
          });
        }
        if (file.size > MAX_EVIDENCE_BYTES) {
          return fail(`${file.name} is larger than 10 MB. Scan it at a lower resolution.`, {
            evidence: "Up to 10 MB.",
          });
        }
        const uploaded = await caller.documents.upload({
          patientId,
          kind: "consent_form",
          fileName: file.name,
          contentType: file.type as (typeof EVIDENCE_TYPES)[number],
          base64: file.base64,
        });
        evidenceDocumentId = uploaded.documentId;
      }
      const disclosures = Object.fromEntries(
        DISCLOSURES.map((d) => [d.key, confirmed.has(d.key)]),
      ) as Record<DisclosureKey, boolean>;
      const result = await caller.enrollment.recordConsent({
        patientId,
        program: "ccm",
        method,
        disclosures,
        obtainedOn,
        evidenceDocumentId,
        notes: text("notes") || undefined,
      });
      return ok(
        `${method === "written" ? "Written" : "Verbal"} consent recorded for ${formatDate(obtainedOn)}. The patient can now be enrolled.`,
        result.warnings.map((w) => w.message),
      );
    }

    if (intent === "note") {
      const note = readNoteFields(form);
      if (!note) return fail("Write the note before saving it.", { note: "Write the note." });
      await caller.tasks.addNote({ patientId, kind: "interaction", ...note });
      return ok("Note saved to the timeline.");
    }

    if (intent === "revoke") {
      const result = await caller.enrollment.revokeConsent({
        patientId,
        consentId: text("consentId"),
        revokedOn: text("revokedOn"),
        note: text("note") || undefined,
      });
      return ok(
        `Consent revoked. CCM continues until ${formatDate(result.effectiveOn)}, the end of that month, and then stops.`,
      );
    }
    return fail("Unknown request.");
  } catch (error) {
    const failure = formFailure(error, request, headers());
    return fail(
      failure.message ?? Object.values(failure.fieldErrors)[0] ?? "That did not work.",
      failure.fieldErrors,
    );
  }
}

export default function PatientChart() {
  const { patient, reasons, today, now, clinic } = useRouteLoaderData(
    CHART_ROUTE_ID,
  ) as ChartLayoutData;
  const ccm = patient.enrollments.find((e) => e.program === "ccm") ?? null;
  const status = (ccm?.status ?? "none") as ProgramStatus | "none";
  const { timeline, isOlderPage, noteLabels, activities, communications, dispositions, templates, coverage } =
    useLoaderData<typeof loader>();
  const [dialog, setDialog] = useState<
    | { kind: "move"; to: ProgramStatus }
    | { kind: "note" }
    | { kind: "consent" }
    | { kind: "revoke"; consentId: string }
    | null
  >(null);
  const [isOpen, setOpen] = useState(false);
  const [dialogKey, setDialogKey] = useState(0);
  const [flash, setFlash] = useState<{ message: string; warnings: string[] } | null>(null);
  const program = useFetcher<typeof action>({ key: `program-${patient.id}` });
  const location = useLocation();

  // `c` or `n` pressed on a page without the button (the worklist, the care plan): press it here.
  useEffect(() => {
    const shortcut = (location.state as ChartShortcutState | null)?.shortcut;
    if (shortcut) shortcutTarget(shortcut)?.click();
  }, [location.key]);

  useEffect(() => {
    if (program.state === "idle" && program.data?.ok) {
      setOpen(false);
      setFlash({ message: program.data.message, warnings: program.data.warnings });
    }
  }, [program.state, program.data]);

  const moves = ALLOWED_MOVES[status];
  const canConsent = CAN_RECORD_CONSENT.has(status);
  // Dialogs stay mounted after closing, so the native <dialog> returns focus to the button.
  const open = (next: NonNullable<typeof dialog>) => {
    setFlash(null);
    setDialog(next);
    setDialogKey((k) => k + 1);
    setOpen(true);
  };
  const close = () => setOpen(false);
  const address = [
    patient.address.line1,
    [patient.address.city, patient.address.state].filter(Boolean).join(", "),
    patient.address.postalCode,
  ]
    .filter(Boolean)
    .join(" · ");

  return (
    <div className="grid min-h-0 flex-1 gap-5 px-6 pt-5 pb-10 xl:grid-cols-[minmax(0,1fr)_24rem]">
      <div className="min-w-0 space-y-5">
        <Card
          flush
          title="Problems and eligibility"
          description="Active problems decide CCM eligibility."
        >
          <div className="px-4 pt-3 pb-3">
            <EligibilityVerdict eligibility={patient.eligibility} />
          </div>
          <div className="border-t border-neutral-200">
            <ProblemList problems={patient.problems} dense />
          </div>
        </Card>
        <Card
          flush
          title="Timeline"
          description="Notes, time, closed tasks and program events, newest first."
          actions={
            <div className="flex items-start gap-2">
              <ManualEntryButton
                patient={{ id: patient.id, name: `${patient.firstName} ${patient.lastName}` }}
                timeZone={clinic.timeZone}
                today={today}
                activities={activities}
                noteLabels={noteLabels}
              />
              <Button
                size="sm"
                variant="secondary"
                icon={NotebookPen}
                data-shortcut="note"
                onClick={() => open({ kind: "note" })}
              >
                Add note
              </Button>
            </div>
          }
        >
          <div className="px-4 py-3" data-testid="patient-timeline">
            {flash && dialog?.kind === "note" ? (
              <Notice tone="success" live className="mb-3">
                {flash.message}
              </Notice>
            ) : null}
            {timeline.items.length === 0 ? (
              <EmptyState
                icon={History}
                size="sm"
                title="Nothing here yet — log time or add a note after the first call"
              >
                Calls, notes, closed tasks and consent show up here as they happen.
              </EmptyState>
            ) : (
              <PatientTimeline
                items={timeline.items}
                now={now}
                activities={activities}
                labels={noteLabels}
                reasons={reasons}
              />
            )}
            <div className="mt-3 flex gap-4 text-compact">
              {isOlderPage ? (
                <Link to="." className="font-medium text-brand-700 hover:underline">
                  ← Newest
                </Link>
              ) : null}
              {timeline.nextBefore ? (
                <Link
                  to={`?before=${encodeURIComponent(timeline.nextBefore)}`}
                  className="font-medium text-brand-700 hover:underline"
                >
                  Older events →
                </Link>
              ) : null}
            </div>
          </div>
        </Card>

        <div className="grid gap-5 lg:grid-cols-2">
          <Card flush title="Medications">
            <Table caption="Medications" dense>
              <THead>
                <Tr>
                  <Th>Medicine</Th>
                  <Th>Dose</Th>
                  <Th>How often</Th>
                  <Th>Since</Th>
                </Tr>
              </THead>
              <TBody>
                {patient.medications.length === 0 ? (
                  <TableEmpty colSpan={4}>
                    <EmptyState
                      icon={Pill}
                      size="sm"
                      title="No medications on file — reconcile them on the next call"
                    >
                      Note changes in the care plan's medication management.
                    </EmptyState>
                  </TableEmpty>
                ) : null}
                {patient.medications.map((m) => (
                  <Tr key={m.id} className={m.stoppedOn ? "text-ink-500" : undefined}>
                    <Td className="font-medium">
                      {m.name}
                      {m.stoppedOn ? (
                        <span className="ml-1.5 text-xs font-normal">
                          stopped {formatDate(m.stoppedOn)}
                        </span>
                      ) : null}
                    </Td>
                    <Td>{m.dose ?? "—"}</Td>
                    <Td>{m.frequency ?? "—"}</Td>
                    <Td className="whitespace-nowrap">
                      {m.startedOn ? formatDate(m.startedOn) : "—"}
                    </Td>
                  </Tr>
                ))}
              </TBody>
            </Table>
          </Card>

          <Card flush title="Allergies">
            <Table caption="Allergies" dense>
              <THead>
                <Tr>
                  <Th>Substance</Th>
                  <Th>Reaction</Th>
                  <Th>Severity</Th>
                </Tr>
              </THead>
              <TBody>
                {patient.allergies.length === 0 ? (
                  <TableEmpty colSpan={3}>
                    <EmptyState
                      icon={ShieldAlert}
                      size="sm"
                      title="No allergies recorded — ask on the next call"
                    >
                      “No known allergies” is worth recording too.
                    </EmptyState>
                  </TableEmpty>
                ) : null}
                {patient.allergies.map((a) => (
                  <Tr key={a.id}>
                    <Td className="font-medium">{a.substance}</Td>
                    <Td>{a.reaction ?? "—"}</Td>
                    <Td>
                      {a.severity ? (
                        <Badge
                          tone={/severe|life/i.test(a.severity) ? "danger" : "neutral"}
                          icon={null}
                        >
                          {a.severity}
                        </Badge>
                      ) : (
                        "—"
                      )}
                    </Td>
                  </Tr>
                ))}
              </TBody>
            </Table>
          </Card>
        </div>

        <div className="grid gap-5 lg:grid-cols-2">
          <Card title="Care team">
            {patient.careTeam.length === 0 ? (
              <EmptyState icon={Users} size="sm" title="No outside care team recorded">
                Add specialists and caregivers to the care plan's coordination section.
              </EmptyState>
            ) : (
              <ul className="space-y-2">
                {patient.careTeam.map((member) => (
                  <li key={member.id} className="text-compact">
                    <p className="font-medium text-ink-900">{member.name}</p>
                    <p className="text-ink-600">
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
            )}
          </Card>
          <Card title="Visits that matter to CCM" id="visits">
            <VisitForm
              patientId={patient.id}
              practitioner={patient.billingPractitioner ?? null}
              today={today}
            />
            {patient.encounters.length === 0 ? (
              <EmptyState icon={Stethoscope} size="sm" title="No initiating visit on file">
                CCM starts after an E/M visit, AWV or IPPE with the billing practitioner.
              </EmptyState>
            ) : (
              <ul className="space-y-2">
                {patient.encounters.map((e) => (
                  <li key={e.id} className="flex items-baseline justify-between gap-3 text-compact">
                    <span className="font-medium text-ink-900">
                      {e.kind.toUpperCase()} · {formatDate(e.occurredOn)}
                    </span>
                    <span className="text-ink-600">
                      {e.practitioner ?? ""}
                      {e.isCcmDiscussed ? " · CCM discussed" : ""}
                    </span>
                  </li>
                ))}
              </ul>
            )}
          </Card>
        </div>
      </div>

      <aside aria-label="Program and consent" className="min-w-0 space-y-5">
        <Card title="CCM program">
          {flash && dialog?.kind !== "note" ? (
            <Notice tone="success" live className="mb-3">
              {flash.message}
              {flash.warnings.length > 0 ? (
                <ul className="mt-1 list-disc pl-4 text-warning-800">
                  {flash.warnings.map((w) => (
                    <li key={w}>{w}</li>
                  ))}
                </ul>
              ) : null}
            </Notice>
          ) : null}
          <ProgramSummary enrollment={ccm} reasons={reasons} />
          <div
            className="mt-4 flex flex-wrap gap-2"
            role="group"
            aria-label="Move along the funnel"
          >
            {canConsent ? (
              <Button
                size="sm"
                icon={FileSignature}
                variant={
                  status === "outreach" || status === "identified" || status === "none"
                    ? "primary"
                    : "secondary"
                }
                onClick={() => open({ kind: "consent" })}
              >
                Record consent
              </Button>
            ) : null}
            {moves.map((to) => (
              <Button
                key={to}
                size="sm"
                variant={
                  to === "enrolled"
                    ? "primary"
                    : to === "outreach" && !canConsent
                      ? "primary"
                      : "secondary"
                }
                icon={to === "enrolled" ? ClipboardCheck : undefined}
                onClick={() => open({ kind: "move", to })}
              >
                {MOVE_LABEL[to]}
              </Button>
            ))}
          </div>
          <h3 className="mt-5 mb-2.5 text-2xs font-semibold tracking-wide text-ink-500 uppercase">
            History
          </h3>
          <ProgramHistory enrollment={ccm} reasons={reasons} now={now} dense />
        </Card>

        <Card title="Consent">
          <ConsentList
            dense
            consents={ccm?.consents ?? []}
            action={`/patients/${patient.id}`}
            actions={(consent) =>
              consent.revokedOn ? null : (
                <Button
                  size="sm"
                  variant="ghost"
                  onClick={() => open({ kind: "revoke", consentId: consent.id })}
                >
                  Revoke
                </Button>
              )
            }
          />
        </Card>

        <Card title="Calls and texts">
          <div className="space-y-4">
            <CallPanel
              patientId={patient.id}
              patientName={`${patient.firstName} ${patient.lastName}`}
              activities={activities}
              dispositions={dispositions}
            />
            <Communications
              patientId={patient.id}
              calls={communications.calls}
              messages={communications.messages}
              dispositions={dispositions}
              templates={templates}
            />
          </div>
        </Card>

        <Card title="Coverage" description="Who pays for this patient's care, in force today.">
          <CoverageCard coverage={coverage.coverage} payers={coverage.payers} action={`/patients/${patient.id}?index`} />
        </Card>

        <Card title="Contact">
          <DescriptionList
            dense
            columns={1}
            items={[
              {
                term: "Phones",
                detail:
                  patient.phones.length > 0 ? (
                    <ul className="space-y-0.5">
                      {patient.phones.map((p) => (
                        <li key={p.id}>
                          <span className="tabular">{formatPhone(p.number)}</span>{" "}
                          <span className="text-xs text-ink-500">
                            {p.type}
                            {p.isPreferred ? ", preferred" : ""}
                            {p.hasSmsConsent ? ", texts OK" : ", no texts"}
                            {p.isOptedOut ? ", opted out" : ""}
                          </span>
                        </li>
                      ))}
                    </ul>
                  ) : null,
              },
              { term: "Address", detail: address },
              { term: "Time zone", detail: patient.timeZone.replace(/_/g, " ") },
              {
                term: "Billing practitioner",
                detail: patient.billingPractitioner?.name ?? null,
              },
              { term: "Other insurance", detail: patient.otherInsurance },
            ]}
          />
        </Card>
      </aside>

      {dialog?.kind === "move" ? (
        <MoveDialog
          key={dialogKey}
          open={isOpen}
          to={dialog.to}
          reasons={
            (reasons as Record<string, Record<string, string> | undefined>)[dialog.to] ?? null
          }
          practitioner={patient.billingPractitioner?.name ?? null}
          fetcher={program}
          onClose={close}
        />
      ) : null}
      {dialog?.kind === "note" ? (
        <NoteDialog
          key={dialogKey}
          open={isOpen}
          labels={noteLabels}
          fetcher={program}
          onClose={close}
        />
      ) : null}
      {dialog?.kind === "consent" ? (
        <ConsentDialog
          key={dialogKey}
          open={isOpen}
          today={today}
          fetcher={program}
          onClose={close}
        />
      ) : null}
      {dialog?.kind === "revoke" ? (
        <RevokeDialog
          key={dialogKey}
          open={isOpen}
          consentId={dialog.consentId}
          today={today}
          fetcher={program}
          onClose={close}
        />
      ) : null}
    </div>
  );
}

type ProgramFetcher = ReturnType<typeof useFetcher<typeof action>>;

/** The failure of this dialog's last submission (not one from before it opened). */
function useDialogError(fetcher: ProgramFetcher, intent: string) {
  const [before] = useState(fetcher.data);
  const result = fetcher.state === "idle" && fetcher.data !== before ? fetcher.data : undefined;
  return result && !result.ok && result.intent === intent ? result : null;
}

const MOVE_TEXT: Partial<Record<ProgramStatus, string>> = {
  outreach: "The care team starts contacting the patient about CCM.",
  enrolled:
    "CCM starts today. Consent is on file; the patient's billing practitioner bills for it.",
  declined: "The patient said no. You can start outreach again later.",
  unable_to_reach: "Outreach stops for now. You can start it again later.",
  ineligible: "The patient does not qualify for CCM.",
  disenrolled: "CCM stops today for this patient.",
  identified: "Put the patient back among the CCM candidates.",
};

function MoveDialog({
  open,
  to,
  reasons,
  practitioner,
  fetcher,
  onClose,
}: {
  open: boolean;
  to: ProgramStatus;
  reasons: Record<string, string> | null;
  practitioner: string | null;
  fetcher: ProgramFetcher;
  onClose: () => void;
}) {
  const error = useDialogError(fetcher, "transition");
  const busy = fetcher.state !== "idle";
  const formId = `move-${to}`;
  return (
    <Dialog
      open={open}
      onClose={onClose}
      size="sm"
      title={MOVE_LABEL[to]}
      description={MOVE_TEXT[to]}
      footer={
        <>
          <Button variant="secondary" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" form={formId} disabled={busy}>
            {busy ? <Spinner /> : null}
            {to === "enrolled" ? "Enroll" : `Move to ${PROGRAM_STATUS[to].label}`}
          </Button>
        </>
      }
    >
      <fetcher.Form method="post" id={formId} className="space-y-4">
        <input type="hidden" name="intent" value="transition" />
        <input type="hidden" name="to" value={to} />
        {error ? (
          <Notice tone="danger" live>
            {error.message}
          </Notice>
        ) : null}
        {to === "enrolled" ? (
          <p className="text-compact text-ink-700">
            Billing practitioner:{" "}
            <span className="font-medium text-ink-900">{practitioner ?? "not assigned yet"}</span>
          </p>
        ) : null}
        {reasons ? (
          <SelectField label="Reason" name="reason" required defaultValue="">
            <option value="" disabled>
              Choose a reason…
            </option>
            {Object.entries(reasons).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </SelectField>
        ) : null}
        <TextareaField label="Note (optional)" name="note" rows={2} maxLength={1000} dense />
      </fetcher.Form>
    </Dialog>
  );
}

function NoteDialog({
  open,
  labels,
  fetcher,
  onClose,
}: {
  open: boolean;
  labels: Parameters<typeof NoteFields>[0]["labels"];
  fetcher: ProgramFetcher;
  onClose: () => void;
}) {
  const error = useDialogError(fetcher, "note");
  const busy = fetcher.state !== "idle";
  return (
    <Dialog
      open={open}
      onClose={onClose}
      size="lg"
      title="Add an interaction note"
      description="Who you dealt with, how, what came of it. Notes cannot be changed later; add another to correct one. To count minutes, save the note with the timer instead."
      footer={
        <>
          <Button variant="secondary" onClick={onClose}>
            Cancel
          </Button>
          <Button
            type="submit"
            form="note-form"
            disabled={busy}
            icon={busy ? undefined : NotebookPen}
          >
            {busy ? <Spinner /> : null}
            {busy ? "Saving…" : "Save note"}
          </Button>
        </>
      }
    >
      <fetcher.Form method="post" id="note-form" className="space-y-4">
        <input type="hidden" name="intent" value="note" />
        {error?.message ? (
          <Notice tone="danger" live>
            {error.message}
          </Notice>
        ) : null}
        <NoteFields labels={labels} error={error?.fieldErrors.note ?? error?.fieldErrors.body} />
      </fetcher.Form>
    </Dialog>
  );
}

function ConsentDialog({
  open,
  today,
  fetcher,
  onClose,
}: {
  open: boolean;
  today: string;
  fetcher: ProgramFetcher;
  onClose: () => void;
}) {
  const [method, setMethod] = useState<"verbal" | "written">("verbal");
  const error = useDialogError(fetcher, "consent");
  const busy = fetcher.state !== "idle";
  return (
    <Dialog
      open={open}
      onClose={onClose}
      size="lg"
      title="Record consent"
      description="Read each disclosure to the patient (or check it on the signed form) and tick it when they have understood it."
      footer={
        <>
          <Button variant="secondary" onClick={onClose}>
            Cancel
          </Button>
          <Button
            type="submit"
            form="consent-form"
            disabled={busy}
            icon={busy ? undefined : FileSignature}
          >
            {busy ? <Spinner /> : null}
            {busy ? "Recording…" : "Record consent"}
          </Button>
        </>
      }
    >
      <fetcher.Form
        method="post"
        encType="multipart/form-data"
        id="consent-form"
        className="space-y-5"
      >
        <input type="hidden" name="intent" value="consent" />
        {error ? (
          <Notice tone="danger" live title="Consent was not recorded">
            {error.message}
          </Notice>
        ) : null}
        <RadioGroup
          legend="How did the patient agree?"
          name="method"
          cards
          value={method}
          onChange={(value) => setMethod(value as "verbal" | "written")}
          options={[
            {
              value: "verbal",
              label: "Verbal",
              description: "Said yes on the phone or in person.",
            },
            {
              value: "written",
              label: "Written",
              description: "Signed the consent form; attach a scan.",
            },
          ]}
        />
        <fieldset
          aria-describedby={error?.fieldErrors.disclosures ? "disclosures-error" : undefined}
        >
          <legend className="mb-1.5 text-compact font-medium text-ink-800">
            The four required disclosures
          </legend>
          <div className="grid gap-2 sm:grid-cols-2">
            {DISCLOSURES.map((d) => (
              <Checkbox
                key={d.key}
                card
                name="disclosure"
                value={d.key}
                label={d.label}
                description={d.description}
              />
            ))}
          </div>
          {error?.fieldErrors.disclosures ? (
            <p id="disclosures-error" className="mt-1.5 text-compact text-danger-700">
              {error.fieldErrors.disclosures}
            </p>
          ) : null}
        </fieldset>
        <div className="grid gap-4 sm:grid-cols-2">
          <TextField
            label="Date of consent"
            name="obtainedOn"
            type="date"
            required
            defaultValue={today}
            max={today}
            error={error?.fieldErrors.obtainedOn}
          />
          {method === "written" ? (
            <FileField
              label="Signed consent form"
              name="evidence"
              accept="application/pdf,image/png,image/jpeg"
              hint="PDF, PNG or JPEG, up to 10 MB."
              error={error?.fieldErrors.evidence}
            />
          ) : null}
        </div>
        <TextareaField label="Notes (optional)" name="notes" rows={2} maxLength={2000} dense />
      </fetcher.Form>
    </Dialog>
  );
}

function RevokeDialog({
  open,
  consentId,
  today,
  fetcher,
  onClose,
}: {
  open: boolean;
  consentId: string;
  today: string;
  fetcher: ProgramFetcher;
  onClose: () => void;
}) {
  const error = useDialogError(fetcher, "revoke");
  const busy = fetcher.state !== "idle";
  return (
    <Dialog
      open={open}
      onClose={onClose}
      size="sm"
      title="Revoke consent"
      description="The patient asked to stop CCM. It stops at the end of the month they asked in; that month can still be billed."
      footer={
        <>
          <Button variant="secondary" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" form="revoke-form" variant="danger" disabled={busy}>
            {busy ? <Spinner /> : null}
            Revoke consent
          </Button>
        </>
      }
    >
      <fetcher.Form method="post" id="revoke-form" className="space-y-4">
        <input type="hidden" name="intent" value="revoke" />
        <input type="hidden" name="consentId" value={consentId} />
        {error ? (
          <Notice tone="danger" live>
            {error.message}
          </Notice>
        ) : null}
        <TextField
          label="Date the patient asked to stop"
          name="revokedOn"
          type="date"
          required
          defaultValue={today}
          max={today}
        />
        <TextareaField label="Note (optional)" name="note" rows={2} maxLength={1000} dense />
      </fetcher.Form>
    </Dialog>
  );
}

const VISIT_KINDS = [
  ["em_visit", "E/M visit"],
  ["awv", "Annual wellness visit (AWV)"],
  ["ippe", "Welcome to Medicare (IPPE)"],
  ["tcm_face_to_face", "TCM face-to-face visit"],
] as const;

/**
 * Records a face-to-face visit held by the billing practitioner. The close counts it as the CCM
 * initiating visit when one is owed and CCM was discussed (issue 15); minutes before it that month
 * do not count.
 */
function VisitForm({
  patientId,
  practitioner,
  today,
}: {
  patientId: string;
  practitioner: { id: string; name: string } | null;
  today: string;
}) {
  const fetcher = useFetcher<typeof action>({ key: `visit-${patientId}` });
  const result = fetcher.state === "idle" && fetcher.data?.intent === "visit" ? fetcher.data : null;
  if (!practitioner) {
    return (
      <p className="mb-3 text-compact text-ink-600">
        Set the patient&apos;s billing practitioner to record the initiating visit.
      </p>
    );
  }
  return (
    <fetcher.Form method="post" aria-label="Record a visit" className="mb-4 space-y-2 border-b border-neutral-100 pb-4">
      <input type="hidden" name="intent" value="visit" />
      <input type="hidden" name="practitionerId" value={practitioner.id} />
      <div className="grid grid-cols-2 gap-2">
        <SelectField label="Visit" name="kind" size="sm" defaultValue="em_visit">
          {VISIT_KINDS.map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </SelectField>
        <TextField label="Date" name="occurredOn" type="date" size="sm" max={today} required />
      </div>
      <Checkbox name="isCcmDiscussed" label={`CCM discussed with the patient by ${practitioner.name}`} defaultChecked />
      <div className="flex items-center gap-3">
        <Button type="submit" size="sm" variant="secondary" disabled={fetcher.state !== "idle"}>
          Record visit
        </Button>
        {result ? (
          <span role="status" className={result.ok ? "text-compact text-success-700" : "text-compact text-danger-700"}>
            {result.message}
          </span>
        ) : null}
      </div>
    </fetcher.Form>
  );
}
