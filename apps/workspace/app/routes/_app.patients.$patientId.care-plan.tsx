import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import {
  Form,
  useBeforeUnload,
  useBlocker,
  useFetcher,
  useLoaderData,
  useNavigation,
  useRouteLoaderData,
} from "@remix-run/react";
import { FileDown, FilePlus2, Plus, Save, Send, Trash2 } from "lucide-react";
import { useCallback, useEffect, useMemo, useState, type ReactNode } from "react";
import {
  Badge,
  Button,
  Card,
  Checkbox,
  CopyButton,
  Dialog,
  Kbd,
  Notice,
  RelativeTime,
  SelectField,
  Spinner,
  TextareaField,
  TextField,
  cn,
} from "@carefold/ui";
import { RouteError } from "../components/RouteError";
import { CarePlanChecklist } from "../components/patients/CarePlanChecklist";
import { goalStatusLabel } from "../components/patients/CarePlanDocument";
import { DocumentDownload } from "../components/patients/DocumentDownload";
import { CarePlanStatusBadge } from "../components/patients/badges";
import {
  SHARE_METHODS,
  displayName,
  formatDate,
  plural,
  shareMethodLabel,
} from "../components/patients/labels";
import type { CarePlanBody } from "../components/patients/types";
import { isUuid, redirectToDocument } from "../lib/patients.server";
import { formFailure, pageError, requireUser } from "../lib/session.server";
import { CHART_ROUTE_ID, type ChartLayoutData } from "./_app.patients.$patientId";

export const meta: MetaFunction = ({ matches }) => {
  const chart = matches.find((m) => m.id === CHART_ROUTE_ID)?.data as ChartLayoutData | undefined;
  return [
    {
      title: chart
        ? `Care plan · ${displayName(chart.patient)} · Carefold Workspace`
        : "Care plan · Carefold Workspace",
    },
  ];
};
export const ErrorBoundary = RouteError;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { caller, headers } = await requireUser(request);
  const patientId = params.patientId;
  if (!isUuid(patientId)) {
    throw data({ message: "That patient was not found." }, { status: 404, headers: headers() });
  }
  const url = new URL(request.url);
  try {
    const [plan, templates] = await Promise.all([
      caller.carePlans.get({ patientId }),
      caller.carePlans.templates(),
    ]);
    const known = new Set(templates.map((t) => t.id));
    const chosen = url.searchParams.getAll("template").filter((id) => known.has(id));
    let draft: Awaited<ReturnType<typeof caller.carePlans.draftFromTemplates>> | null = null;
    let suggested: string[] = [];
    if (!plan?.body) {
      if (url.searchParams.get("start") === "1") {
        draft = await caller.carePlans.draftFromTemplates({ patientId, templateIds: chosen });
      } else {
        suggested = (await caller.carePlans.draftFromTemplates({ patientId })).templateIds;
      }
    }
    return data(
      { plan, templates, draft, suggested, now: new Date().toISOString() },
      { headers: headers() },
    );
  } catch (error) {
    pageError(error, request, headers());
  }
}

type ActionResult =
  | { intent: string; ok: true; message: string; version?: number }
  | {
      intent: string;
      ok: false;
      code: string;
      message: string;
      fieldErrors: Record<string, string>;
    };

export async function action({ request, params }: ActionFunctionArgs) {
  const { caller, headers } = await requireUser(request);
  const patientId = String(params.patientId);
  const reply = (result: ActionResult) => data(result, { headers: headers() });
  let intent = "";
  try {
    if (request.headers.get("content-type")?.includes("application/json")) {
      const payload = (await request.json()) as {
        intent?: string;
        expectedVersion?: number;
        body?: CarePlanBody;
      };
      intent = String(payload.intent ?? "");
      if (intent !== "save" || !payload.body) {
        return reply({
          intent,
          ok: false,
          code: "BAD_REQUEST",
          message: "Unknown request.",
          fieldErrors: {},
        });
      }
      const saved = await caller.carePlans.save({
        patientId,
        expectedVersion: Number(payload.expectedVersion ?? 0),
        body: payload.body,
      });
      return reply({
        intent,
        ok: true,
        version: saved.version,
        message: `Version ${saved.version} saved. It now waits for the billing practitioner's sign-off in the clinic portal.`,
      });
    }
    const form = await request.formData();
    intent = String(form.get("intent") ?? "");
    const version = Number(form.get("version"));
    if (intent === "pdf") {
      const { documentId } = await caller.carePlans.generatePdf({ patientId, version });
      return await redirectToDocument(caller, documentId, headers);
    }
    if (intent === "shared") {
      const sharedOn = String(form.get("sharedOn") ?? "");
      const method = String(form.get("method") ?? "") as (typeof SHARE_METHODS)[number]["value"];
      await caller.carePlans.recordShared({ patientId, version, sharedOn, method });
      return reply({
        intent,
        ok: true,
        message: `Recorded: shared with the patient on ${formatDate(sharedOn)} ${shareMethodLabel(method)}.`,
      });
    }
    return reply({
      intent,
      ok: false,
      code: "BAD_REQUEST",
      message: "Unknown request.",
      fieldErrors: {},
    });
  } catch (error) {
    const failure = formFailure(error, request, headers());
    return reply({
      intent,
      ok: false,
      code: failure.code,
      message:
        failure.message ??
        "Some fields need attention before this version can be saved; they are marked below.",
      fieldErrors: failure.fieldErrors,
    });
  }
}

type LoaderData = ReturnType<typeof useLoaderData<typeof loader>>;
type Template = LoaderData["templates"][number];

export default function CarePlanPage() {
  const { plan, templates, draft, suggested, now } = useLoaderData<typeof loader>();
  const chart = useRouteLoaderData(CHART_ROUTE_ID) as ChartLayoutData;
  const templateNames = useMemo(
    () => Object.fromEntries(templates.map((t) => [t.id, t.name])),
    [templates],
  );

  if (plan?.body) {
    return (
      <CarePlanEditor
        key={`plan-${plan.id}`}
        patientName={displayName(chart.patient)}
        today={chart.today}
        now={now}
        plan={plan}
        initial={{ body: plan.body, version: plan.currentVersion }}
        templateNames={templateNames}
      />
    );
  }
  if (draft) {
    return (
      <CarePlanEditor
        key={`draft-${draft.templateIds.join(",")}`}
        patientName={displayName(chart.patient)}
        today={chart.today}
        now={now}
        plan={null}
        initial={{ body: draft.body, version: 0 }}
        templateNames={templateNames}
      />
    );
  }
  return (
    <TemplatePicker
      templates={templates}
      suggested={suggested}
      problems={chart.patient.problems.filter((p) => !p.resolvedOn)}
    />
  );
}

function TemplatePicker({
  templates,
  suggested,
  problems,
}: {
  templates: Template[];
  suggested: string[];
  problems: ChartLayoutData["patient"]["problems"];
}) {
  const [chosen, setChosen] = useState(() => new Set(suggested));
  const navigation = useNavigation();
  const busy = navigation.state === "loading" && navigation.location.search.includes("start=1");
  return (
    <div className="px-6 pt-5 pb-10">
      <Card
        className="max-w-3xl"
        title="Start the care plan — choose the conditions it covers"
        description="Each template adds evidence-based goals, interventions and symptom advice for one condition. Tailor everything afterwards; nothing is saved until you save."
      >
        <Form method="get" className="space-y-5">
          <input type="hidden" name="start" value="1" />
          {problems.length > 0 ? (
            <p className="text-compact text-ink-600">
              Suggested from the problem list:{" "}
              <span className="font-medium text-ink-900">
                {problems
                  .filter((p) => p.isChronic)
                  .map((p) => `${p.icd10Code} ${p.description}`)
                  .join("; ") || "no chronic conditions on file"}
              </span>
            </p>
          ) : null}
          <fieldset>
            <legend className="mb-2 text-compact font-medium text-ink-800">
              Condition templates
            </legend>
            <div className="grid gap-2 sm:grid-cols-2">
              {templates.map((template) => (
                <Checkbox
                  key={template.id}
                  card
                  name="template"
                  value={template.id}
                  checked={chosen.has(template.id)}
                  onChange={(event) => {
                    const next = new Set(chosen);
                    if (event.currentTarget.checked) next.add(template.id);
                    else next.delete(template.id);
                    setChosen(next);
                  }}
                  label={
                    <span className="inline-flex items-center gap-2">
                      {template.name}
                      {suggested.includes(template.id) ? (
                        <Badge tone="brand" icon={null}>
                          Suggested
                        </Badge>
                      ) : null}
                    </span>
                  }
                />
              ))}
            </div>
          </fieldset>
          <div className="flex items-center gap-3">
            <Button type="submit" icon={busy ? undefined : FilePlus2} disabled={busy}>
              {busy ? <Spinner /> : null}
              {chosen.size > 0
                ? `Start from ${plural(chosen.size, "template")}`
                : "Start a blank care plan"}
            </Button>
            <p className="text-xs text-ink-500">
              The problem list is copied in; the review date is set three months ahead.
            </p>
          </div>
        </Form>
      </Card>
    </div>
  );
}

// ---------------------------------------------------------------------------------------------
// The editor

type Plan = NonNullable<LoaderData["plan"]>;
type Goal = CarePlanBody["goals"][number];
type Intervention = CarePlanBody["interventions"][number];
type Resource = CarePlanBody["communityResources"][number];
type Coordination = CarePlanBody["coordination"][number];
type Problem = CarePlanBody["problems"][number];

const RESPONSIBLE = [
  "Billing practitioner",
  "Care coordinator (RN)",
  "Patient / caregiver",
  "Pharmacist",
  "Specialist",
];

const GOAL_STATUSES = ["active", "met", "not_met", "discontinued"] as const;

/** What the API expects: trimmed text, optional fields left out when empty. */
function cleanBody(body: CarePlanBody): CarePlanBody {
  const opt = (v: string | undefined) => (v?.trim() ? v.trim() : undefined);
  return {
    ...body,
    problems: body.problems.map((p) => ({
      icd10Code: opt(p.icd10Code),
      description: p.description.trim(),
    })),
    goals: body.goals.map((g) => ({
      ...g,
      description: g.description.trim(),
      measure: g.measure.trim(),
      target: g.target.trim(),
      targetDate: opt(g.targetDate),
    })),
    interventions: body.interventions.map((i) => ({
      description: i.description.trim(),
      responsibleParty: i.responsibleParty.trim(),
      frequency: opt(i.frequency),
    })),
    communityResources: body.communityResources.map((r) => ({
      name: r.name.trim(),
      purpose: opt(r.purpose),
      contact: opt(r.contact),
    })),
    coordination: body.coordination.map((c) => ({ with: c.with.trim(), purpose: opt(c.purpose) })),
    medicationManagement: body.medicationManagement.trim(),
    symptomManagement: body.symptomManagement.trim(),
    patientPreferences: body.patientPreferences.trim(),
    reviewDueOn: body.reviewDueOn || null,
  };
}

/** The plan as plain text, so a coordinator can keep their edits when a save is refused. */
function planAsText(body: CarePlanBody): string {
  const lines: string[] = [];
  lines.push(
    "PROBLEMS",
    ...body.problems.map((p) => `- ${p.icd10Code ? `${p.icd10Code} ` : ""}${p.description}`),
  );
  lines.push(
    "",
    "GOALS",
    ...body.goals.map(
      (g) =>
        `- ${g.description} | measure: ${g.measure} | target: ${g.target}${g.targetDate ? ` | by ${g.targetDate}` : ""} | ${goalStatusLabel(g.status)}`,
    ),
  );
  lines.push(
    "",
    "INTERVENTIONS",
    ...body.interventions.map(
      (i) => `- ${i.description} | ${i.responsibleParty}${i.frequency ? ` | ${i.frequency}` : ""}`,
    ),
  );
  lines.push("", "MEDICATION MANAGEMENT", body.medicationManagement);
  lines.push("", "SYMPTOM MANAGEMENT", body.symptomManagement);
  lines.push(
    "",
    "COMMUNITY RESOURCES",
    ...body.communityResources.map(
      (r) =>
        `- ${r.name}${r.purpose ? ` — ${r.purpose}` : ""}${r.contact ? ` (${r.contact})` : ""}`,
    ),
  );
  lines.push(
    "",
    "COORDINATION",
    ...body.coordination.map((c) => `- ${c.with}${c.purpose ? ` — ${c.purpose}` : ""}`),
  );
  lines.push(
    "",
    "PATIENT PREFERENCES",
    body.patientPreferences,
    "",
    `REVIEW DUE: ${body.reviewDueOn ?? ""}`,
  );
  return lines.join("\n");
}

function CarePlanEditor({
  patientName,
  today,
  now,
  plan,
  initial,
  templateNames,
}: {
  patientName: string;
  today: string;
  now: string;
  plan: Plan | null;
  initial: { body: CarePlanBody; version: number };
  templateNames: Record<string, string>;
}) {
  const [body, setBody] = useState<CarePlanBody>(initial.body);
  const [baseVersion, setBaseVersion] = useState(initial.version);
  // What is stored for baseVersion (null: nothing saved yet, so the draft is all unsaved).
  const [savedJson, setSavedJson] = useState<string | null>(
    initial.version > 0 ? JSON.stringify(cleanBody(initial.body)) : null,
  );
  const save = useFetcher<typeof action>({ key: "care-plan-save" });
  const [flash, setFlash] = useState<string | null>(null);

  const isDirty = savedJson === null || JSON.stringify(cleanBody(body)) !== savedJson;
  const saving = save.state !== "idle";
  const result = save.state === "idle" ? save.data : undefined;
  const failure = result && !result.ok && result.intent === "save" ? result : null;
  const errors = failure?.fieldErrors ?? {};
  const isConflict = failure?.code === "CONFLICT";
  const latestVersion = plan?.currentVersion ?? 0;
  const someoneElseSaved = latestVersion > baseVersion;

  useEffect(() => {
    if (
      save.state === "idle" &&
      save.data?.ok &&
      save.data.intent === "save" &&
      save.data.version
    ) {
      setBaseVersion(save.data.version);
      setSavedJson(JSON.stringify(cleanBody(body)));
      setFlash(save.data.message);
    }
    // Runs when a save completes; `body` is what was submitted (editing is locked while saving).
  }, [save.state, save.data]);

  const submitSave = useCallback(() => {
    if (saving) return;
    setFlash(null);
    save.submit(
      {
        intent: "save",
        expectedVersion: baseVersion,
        body: cleanBody(body),
      } as unknown as Parameters<typeof save.submit>[0],
      { method: "post", encType: "application/json" },
    );
  }, [save, saving, baseVersion, body]);

  const loadLatest = () => {
    if (!plan?.body) return;
    setBody(plan.body);
    setBaseVersion(plan.currentVersion);
    setSavedJson(JSON.stringify(cleanBody(plan.body)));
    setFlash(`Showing version ${plan.currentVersion}, as saved.`);
  };

  // Ctrl/Cmd+S saves, wherever the focus is.
  useEffect(() => {
    function onKeyDown(event: KeyboardEvent) {
      if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === "s") {
        event.preventDefault();
        if (isDirty && !someoneElseSaved) submitSave();
      }
    }
    window.addEventListener("keydown", onKeyDown);
    return () => window.removeEventListener("keydown", onKeyDown);
  }, [isDirty, someoneElseSaved, submitSave]);

  // Leaving with unsaved edits asks first (in-app links and closing the tab).
  const blocker = useBlocker(
    ({ currentLocation, nextLocation }) =>
      isDirty && currentLocation.pathname !== nextLocation.pathname,
  );
  useBeforeUnload(
    useCallback(
      (event: BeforeUnloadEvent) => {
        if (isDirty) event.preventDefault();
      },
      [isDirty],
    ),
  );

  const set = <K extends keyof CarePlanBody>(key: K, value: CarePlanBody[K]) =>
    setBody((b) => ({ ...b, [key]: value }));

  const status = plan && baseVersion === plan.currentVersion ? plan.status : null;
  const nextVersion = baseVersion + 1;

  return (
    <div className="grid min-h-0 flex-1 gap-5 px-6 pt-5 pb-10 xl:grid-cols-[minmax(0,1fr)_22rem]">
      <fieldset disabled={saving} className="min-w-0 space-y-5">
        <legend className="sr-only">Care plan of {patientName}</legend>
        {savedJson === null ? (
          <Notice tone="warning" title="Not saved yet">
            This draft comes from the condition templates. Tailor the goals and interventions to{" "}
            {patientName}, then save it; the billing practitioner signs it in the clinic portal.
          </Notice>
        ) : null}

        <Section
          title="Problems"
          description={
            body.conditions.length > 0
              ? `Built from: ${body.conditions.map((c) => templateNames[c] ?? c).join(", ")}.`
              : "The conditions this plan addresses."
          }
        >
          <Rows
            items={body.problems}
            onChange={(items) => set("problems", items)}
            newItem={(): Problem => ({ icd10Code: "", description: "" })}
            noun="problem"
            columns="grid-cols-[7rem_minmax(0,1fr)_auto]"
            render={(item, i, update) => (
              <>
                <TextField
                  size="sm"
                  label={`Problem ${i + 1}: ICD-10 code`}
                  hideLabel
                  placeholder="ICD-10"
                  value={item.icd10Code ?? ""}
                  onChange={(e) => update({ icd10Code: e.currentTarget.value })}
                  error={errors[`body.problems.${i}.icd10Code`]}
                  className="font-mono"
                />
                <TextField
                  size="sm"
                  label={`Problem ${i + 1}: description`}
                  hideLabel
                  placeholder="Problem"
                  value={item.description}
                  onChange={(e) => update({ description: e.currentTarget.value })}
                  error={errors[`body.problems.${i}.description`]}
                />
              </>
            )}
            header={["ICD-10", "Problem"]}
          />
        </Section>

        <Section
          title="Goals"
          description="SMART goals: what, how it is measured, the target and by when."
        >
          <Rows
            items={body.goals}
            onChange={(items) => set("goals", items)}
            newItem={(): Goal => ({
              description: "",
              measure: "",
              target: "",
              targetDate: undefined,
              status: "active",
            })}
            noun="goal"
            stacked
            render={(item, i, update) => (
              <div className="grid gap-2 @md:grid-cols-2 @xl:grid-cols-[minmax(0,1.2fr)_minmax(0,1fr)_9.25rem_7.75rem]">
                <TextField
                  size="sm"
                  className="@md:col-span-2 @xl:col-span-4"
                  label={`Goal ${i + 1}`}
                  placeholder="What the patient wants to achieve"
                  value={item.description}
                  onChange={(e) => update({ description: e.currentTarget.value })}
                  error={errors[`body.goals.${i}.description`]}
                />
                <TextField
                  size="sm"
                  label="Measure"
                  placeholder="e.g. HbA1c"
                  value={item.measure}
                  onChange={(e) => update({ measure: e.currentTarget.value })}
                  error={errors[`body.goals.${i}.measure`]}
                />
                <TextField
                  size="sm"
                  label="Target"
                  placeholder="e.g. < 7.0 %"
                  value={item.target}
                  onChange={(e) => update({ target: e.currentTarget.value })}
                  error={errors[`body.goals.${i}.target`]}
                />
                <TextField
                  size="sm"
                  type="date"
                  label="By"
                  value={item.targetDate ?? ""}
                  onChange={(e) => update({ targetDate: e.currentTarget.value })}
                  error={errors[`body.goals.${i}.targetDate`]}
                />
                <SelectField
                  size="sm"
                  label="Status"
                  value={item.status}
                  onChange={(e) => update({ status: e.currentTarget.value as Goal["status"] })}
                >
                  {GOAL_STATUSES.map((s) => (
                    <option key={s} value={s}>
                      {goalStatusLabel(s)}
                    </option>
                  ))}
                </SelectField>
              </div>
            )}
          />
        </Section>

        <Section title="Interventions" description="What will be done, by whom, and how often.">
          <datalist id="responsible-parties">
            {RESPONSIBLE.map((r) => (
              <option key={r} value={r} />
            ))}
          </datalist>
          <Rows
            items={body.interventions}
            onChange={(items) => set("interventions", items)}
            newItem={(): Intervention => ({ description: "", responsibleParty: "", frequency: "" })}
            noun="intervention"
            stacked
            render={(item, i, update) => (
              <div className="grid gap-2 @md:grid-cols-2 @3xl:grid-cols-[minmax(0,1fr)_12rem_9rem]">
                <TextField
                  size="sm"
                  className="@md:col-span-2 @3xl:col-span-1"
                  label={`Intervention ${i + 1}`}
                  placeholder="What will be done"
                  value={item.description}
                  onChange={(e) => update({ description: e.currentTarget.value })}
                  error={errors[`body.interventions.${i}.description`]}
                />
                <TextField
                  size="sm"
                  label="Who is responsible"
                  list="responsible-parties"
                  value={item.responsibleParty}
                  onChange={(e) => update({ responsibleParty: e.currentTarget.value })}
                  error={errors[`body.interventions.${i}.responsibleParty`]}
                />
                <TextField
                  size="sm"
                  label="How often"
                  placeholder="e.g. Monthly"
                  value={item.frequency ?? ""}
                  onChange={(e) => update({ frequency: e.currentTarget.value })}
                />
              </div>
            )}
          />
        </Section>

        <div className="grid gap-5 2xl:grid-cols-2">
          <Section title="Medication management">
            <TextareaField
              label="Medication management"
              hideLabel
              dense
              rows={5}
              value={body.medicationManagement}
              onChange={(e) => set("medicationManagement", e.currentTarget.value)}
              error={errors["body.medicationManagement"]}
            />
          </Section>
          <Section title="Symptom management">
            <TextareaField
              label="Symptom management"
              hideLabel
              dense
              rows={5}
              value={body.symptomManagement}
              onChange={(e) => set("symptomManagement", e.currentTarget.value)}
              error={errors["body.symptomManagement"]}
            />
          </Section>
        </div>

        <div className="grid gap-5 2xl:grid-cols-2">
          <Section title="Community resources">
            <Rows
              items={body.communityResources}
              onChange={(items) => set("communityResources", items)}
              newItem={(): Resource => ({ name: "", purpose: "", contact: "" })}
              noun="resource"
              columns="grid-cols-[minmax(0,1.4fr)_minmax(0,1fr)_minmax(0,1fr)_auto]"
              header={["Resource", "Purpose", "Contact"]}
              render={(item, i, update) => (
                <>
                  <TextField
                    size="sm"
                    label={`Resource ${i + 1}`}
                    hideLabel
                    value={item.name}
                    onChange={(e) => update({ name: e.currentTarget.value })}
                    error={errors[`body.communityResources.${i}.name`]}
                  />
                  <TextField
                    size="sm"
                    label={`Resource ${i + 1}: purpose`}
                    hideLabel
                    value={item.purpose ?? ""}
                    onChange={(e) => update({ purpose: e.currentTarget.value })}
                  />
                  <TextField
                    size="sm"
                    label={`Resource ${i + 1}: contact`}
                    hideLabel
                    value={item.contact ?? ""}
                    onChange={(e) => update({ contact: e.currentTarget.value })}
                  />
                </>
              )}
            />
          </Section>
          <Section
            title="Coordination of care"
            description="Practitioners, providers and services this plan is coordinated with."
          >
            <Rows
              items={body.coordination}
              onChange={(items) => set("coordination", items)}
              newItem={(): Coordination => ({ with: "", purpose: "" })}
              noun="contact"
              columns="grid-cols-[minmax(0,1fr)_minmax(0,1.3fr)_auto]"
              header={["With", "Purpose"]}
              render={(item, i, update) => (
                <>
                  <TextField
                    size="sm"
                    label={`Coordination ${i + 1}: with`}
                    hideLabel
                    value={item.with}
                    onChange={(e) => update({ with: e.currentTarget.value })}
                    error={errors[`body.coordination.${i}.with`]}
                  />
                  <TextField
                    size="sm"
                    label={`Coordination ${i + 1}: purpose`}
                    hideLabel
                    value={item.purpose ?? ""}
                    onChange={(e) => update({ purpose: e.currentTarget.value })}
                  />
                </>
              )}
            />
          </Section>
        </div>

        <Section title="The patient's priorities and review">
          <div className="grid gap-4 md:grid-cols-[minmax(0,1fr)_12rem]">
            <TextareaField
              label="What matters to the patient"
              dense
              rows={3}
              placeholder="In their words: what they want from their care, and what gets in the way."
              value={body.patientPreferences}
              onChange={(e) => set("patientPreferences", e.currentTarget.value)}
            />
            <TextField
              size="sm"
              type="date"
              label="Review due on"
              value={body.reviewDueOn ?? ""}
              onChange={(e) => set("reviewDueOn", e.currentTarget.value || null)}
              error={errors["body.reviewDueOn"]}
            />
          </div>
        </Section>
      </fieldset>

      <aside
        aria-label="Saving and sign-off"
        className="min-w-0 space-y-5 xl:sticky xl:top-19 xl:self-start"
      >
        <Card>
          <div className="flex flex-wrap items-center gap-2">
            {status ? (
              <CarePlanStatusBadge status={status} />
            ) : someoneElseSaved ? (
              <Badge tone="warning">Out of date</Badge>
            ) : (
              <Badge tone="muted">Not saved</Badge>
            )}
            <span className="text-compact text-ink-600">
              {baseVersion > 0
                ? `Version ${baseVersion}${someoneElseSaved ? ` (latest is ${latestVersion})` : ""}`
                : "New plan"}
            </span>
          </div>
          {plan && status === "signed" && plan.signedBy ? (
            <p className="mt-2 text-compact text-ink-700">
              Signed by {plan.signedBy}
              {plan.signedAt ? (
                <>
                  {" "}
                  <RelativeTime date={plan.signedAt} now={now} />
                </>
              ) : null}
              . Saving changes makes version {nextVersion}, which needs a new signature.
            </p>
          ) : status === "awaiting_signoff" ? (
            <p className="mt-2 text-compact text-ink-700">
              Waiting for the billing practitioner to sign it in the clinic portal.
            </p>
          ) : null}

          <p className="mt-3 text-xs text-ink-600" aria-live="polite">
            {saving ? "Saving…" : isDirty ? "You have unsaved changes." : "All changes saved."}
          </p>
          <Button
            className="mt-2"
            fullWidth
            icon={saving ? undefined : Save}
            disabled={!isDirty || saving || someoneElseSaved}
            onClick={submitSave}
          >
            {saving ? <Spinner /> : null}
            {saving ? "Saving…" : `Save as version ${nextVersion}`}
          </Button>
          <p className="mt-1.5 text-center text-2xs text-ink-500">
            or press <Kbd>Ctrl</Kbd> + <Kbd>S</Kbd>
          </p>

          {flash && !failure ? (
            <Notice tone="success" live className="mt-3">
              {flash}
            </Notice>
          ) : null}
          {failure && !isConflict ? (
            <Notice tone="danger" live className="mt-3" title="Not saved">
              {failure.message}
            </Notice>
          ) : null}
          {isConflict || (someoneElseSaved && !saving) ? (
            <Notice
              tone="warning"
              live
              className="mt-3"
              title={
                isConflict
                  ? "Not saved: someone else saved first"
                  : `Version ${latestVersion} was saved by someone else`
              }
            >
              <p>
                {isConflict
                  ? failure?.message
                  : `You are editing version ${baseVersion}. Saving now would be refused; your edits are still here.`}
              </p>
              <div className="mt-2 flex flex-wrap gap-2">
                <CopyButton text={planAsText(body)} label="Copy my edits" />
                <Button size="sm" variant="secondary" onClick={loadLatest}>
                  Load version {latestVersion}
                </Button>
              </div>
              <p className="mt-1.5 text-xs">
                Loading the latest version replaces what is on screen.
              </p>
            </Notice>
          ) : null}
        </Card>

        <Card
          title="Completeness check"
          description={
            plan && baseVersion > 0
              ? `Of saved version ${plan.currentVersion}${isDirty ? "; save to check your changes" : ""}.`
              : "Checked once the plan is saved."
          }
        >
          {plan && baseVersion > 0 ? (
            <CarePlanChecklist findings={plan.checklist} dense />
          ) : (
            <p className="text-compact text-ink-500">
              Save the plan to see which required parts are there.
            </p>
          )}
        </Card>

        {plan && baseVersion > 0 ? (
          <PatientCopy plan={plan} today={today} isDirty={isDirty} />
        ) : null}

        {plan && plan.history.length > 0 ? (
          <Card title="Versions">
            <ol className="space-y-2">
              {plan.history.map((v) => (
                <li
                  key={v.version}
                  className="flex items-baseline justify-between gap-3 text-compact"
                >
                  <span className="font-medium text-ink-900">Version {v.version}</span>
                  <span className="text-right text-ink-600">
                    {v.signedAt ? (
                      `Signed by ${v.signedBy}`
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
        ) : null}
      </aside>

      <Dialog
        open={blocker.state === "blocked"}
        onClose={() => blocker.reset?.()}
        size="sm"
        title="Leave without saving?"
        footer={
          <>
            <Button variant="secondary" onClick={() => blocker.reset?.()}>
              Stay and save
            </Button>
            <Button variant="danger" onClick={() => blocker.proceed?.()}>
              Leave and lose changes
            </Button>
          </>
        }
      >
        <p className="text-sm text-ink-700">Your changes to the care plan are not saved yet.</p>
      </Dialog>
    </div>
  );
}

function PatientCopy({ plan, today, isDirty }: { plan: Plan; today: string; isDirty: boolean }) {
  const shared = useFetcher<typeof action>({ key: "care-plan-shared" });
  const result = shared.state === "idle" ? shared.data : undefined;
  return (
    <Card
      title="Patient copy"
      description="A PDF of the saved version, in plain language, for the patient."
    >
      <DocumentDownload
        intent="pdf"
        fields={{ version: String(plan.currentVersion) }}
        label={`Generate PDF (version ${plan.currentVersion})`}
        icon={FileDown}
        variant={isDirty ? "ghost" : "secondary"}
      />
      {isDirty ? (
        <p className="mt-1 text-xs text-ink-500">
          Made from the saved version; save first to include your changes.
        </p>
      ) : null}

      <div className="mt-4 border-t border-neutral-200 pt-4">
        {plan.sharedWithPatientOn ? (
          <p className="mb-3 text-compact text-ink-800" data-testid="shared">
            Shared with the patient on {formatDate(plan.sharedWithPatientOn)}{" "}
            {shareMethodLabel(plan.sharedMethod)}.
          </p>
        ) : (
          <p className="mb-3 text-compact text-ink-600">
            Not recorded as shared yet. Medicare expects the patient to get a copy.
          </p>
        )}
        <shared.Form method="post" className="space-y-3">
          <input type="hidden" name="intent" value="shared" />
          <input type="hidden" name="version" value={plan.currentVersion} />
          <div className="grid grid-cols-2 gap-2">
            <TextField
              size="sm"
              type="date"
              label="Shared on"
              name="sharedOn"
              required
              defaultValue={today}
              max={today}
            />
            <SelectField size="sm" label="How" name="method" defaultValue="mail">
              {SHARE_METHODS.map((m) => (
                <option key={m.value} value={m.value}>
                  {m.option}
                </option>
              ))}
            </SelectField>
          </div>
          <Button
            type="submit"
            size="sm"
            variant="secondary"
            icon={Send}
            disabled={shared.state !== "idle"}
          >
            Record as shared
          </Button>
          {result ? (
            <Notice tone={result.ok ? "success" : "danger"} live>
              {result.message}
            </Notice>
          ) : null}
        </shared.Form>
      </div>
    </Card>
  );
}

function Section({
  title,
  description,
  children,
}: {
  title: string;
  description?: string;
  children: ReactNode;
}) {
  return (
    <Card title={title} description={description}>
      {children}
    </Card>
  );
}

/** Editable rows of a list section: add, edit in place, remove (each control labelled). */
function Rows<T>({
  items,
  onChange,
  newItem,
  noun,
  render,
  columns,
  header,
  stacked,
}: {
  items: T[];
  onChange: (items: T[]) => void;
  newItem: () => T;
  noun: string;
  render: (item: T, index: number, update: (patch: Partial<T>) => void) => ReactNode;
  /** Grid columns for one-line rows (ending with `auto` for the remove button). */
  columns?: string;
  header?: string[];
  /** Rows that wrap their own fields (goals), with the remove button beside them. */
  stacked?: boolean;
}) {
  const update = (index: number, patch: Partial<T>) =>
    onChange(items.map((item, i) => (i === index ? { ...item, ...patch } : item)));
  const remove = (index: number) => onChange(items.filter((_, i) => i !== index));
  return (
    <div>
      {items.length === 0 ? (
        <p className="mb-3 text-compact text-ink-500">None yet.</p>
      ) : stacked ? (
        <ol className="space-y-3">
          {items.map((item, i) => (
            <li
              key={i}
              className="flex items-start gap-2 rounded-lg border border-neutral-200 bg-neutral-25 p-3"
            >
              <span
                className="tabular mt-7 w-5 shrink-0 text-right text-xs font-semibold text-ink-500"
                aria-hidden="true"
              >
                {i + 1}
              </span>
              <div className="@container min-w-0 flex-1">
                {render(item, i, (patch) => update(i, patch))}
              </div>
              <RemoveButton
                label={`Remove ${noun} ${i + 1}`}
                onClick={() => remove(i)}
                className="mt-6"
              />
            </li>
          ))}
        </ol>
      ) : (
        <div role="list" className="space-y-2">
          {header ? (
            <div
              aria-hidden="true"
              className={cn(
                "grid gap-2 text-2xs font-semibold tracking-wide text-ink-500 uppercase",
                columns,
              )}
            >
              {header.map((h) => (
                <span key={h}>{h}</span>
              ))}
              <span className="w-8" />
            </div>
          ) : null}
          {items.map((item, i) => (
            <div role="listitem" key={i} className={cn("grid items-start gap-2", columns)}>
              {render(item, i, (patch) => update(i, patch))}
              <RemoveButton label={`Remove ${noun} ${i + 1}`} onClick={() => remove(i)} />
            </div>
          ))}
        </div>
      )}
      <Button
        size="sm"
        variant="ghost"
        icon={Plus}
        className="mt-2"
        onClick={() => onChange([...items, newItem()])}
      >
        Add {noun}
      </Button>
    </div>
  );
}

function RemoveButton({
  label,
  onClick,
  className,
}: {
  label: string;
  onClick: () => void;
  className?: string;
}) {
  return (
    <button
      type="button"
      onClick={onClick}
      aria-label={label}
      title={label}
      className={cn(
        "flex size-8 shrink-0 items-center justify-center rounded-md text-ink-500 transition-colors hover:bg-danger-50 hover:text-danger-700",
        className,
      )}
    >
      <Trash2 aria-hidden="true" className="size-4" />
    </button>
  );
}
