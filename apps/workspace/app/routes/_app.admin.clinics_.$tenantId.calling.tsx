import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { useFetcher, useLoaderData } from "@remix-run/react";
import { Phone, Plus, Save, Trash2 } from "lucide-react";
import { Badge, Button, Card, Checkbox, Notice, TextareaField, TextField } from "@carefold/ui";
import { ClinicSettingsHeader } from "../components/ClinicSettingsHeader";
import { Page } from "../components/Page";
import { RouteError } from "../components/RouteError";
import { formatPhone } from "../components/patients/labels";
import { isUuid } from "../lib/patients.server";
import { formFailure, pageError, requireUser } from "../lib/session.server";

export const meta: MetaFunction = () => [
  { title: "Calling and texting · Admin · Carefold Workspace" },
];
export const ErrorBoundary = RouteError;

/** A clinic's caller-ID numbers (calls and texts go out from them) and call recording settings. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { caller, headers } = await requireUser(request);
  if (!isUuid(params.tenantId))
    throw data({ message: "That clinic was not found." }, { status: 404, headers: headers() });
  try {
    const [clinics, settings] = await Promise.all([
      caller.admin.clinics(),
      caller.telephony.clinicSettings({ tenantId: params.tenantId }),
    ]);
    const clinic = clinics.find((c) => c.id === params.tenantId);
    if (!clinic)
      throw data({ message: "That clinic was not found." }, { status: 404, headers: headers() });
    return data({ clinic: { id: clinic.id, name: clinic.name }, settings }, { headers: headers() });
  } catch (error) {
    if (error instanceof Response) throw error;
    pageError(error, request, headers(), "The admin area is for vendor administrators.");
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { caller, headers } = await requireUser(request);
  const tenantId = String(params.tenantId);
  const form = await request.formData();
  const intent = String(form.get("intent") ?? "");
  const text = (name: string) => String(form.get(name) ?? "").trim();
  try {
    if (intent === "add") {
      const added = await caller.telephony.addNumber({
        tenantId,
        number: text("number"),
        label: text("label") || "Main line",
        isDefault: form.get("isDefault") === "on",
      });
      return data(
        { intent, ok: true as const, message: `${formatPhone(added.numberE164)} added.` },
        { headers: headers() },
      );
    }
    if (intent === "remove") {
      await caller.telephony.removeNumber({ tenantId, numberId: text("numberId") });
      return data(
        { intent, ok: true as const, message: "Number removed." },
        { headers: headers() },
      );
    }
    await caller.telephony.saveCallSettings({
      tenantId,
      recordingEnabled: form.get("recordingEnabled") === "on",
      recordingNotice: text("recordingNotice") || undefined,
    });
    return data(
      { intent: "recording", ok: true as const, message: "Recording settings saved." },
      { headers: headers() },
    );
  } catch (error) {
    const failure = formFailure(error, request, headers());
    return data(
      {
        intent,
        ok: false as const,
        message: failure.message ?? Object.values(failure.fieldErrors)[0] ?? "That did not work.",
      },
      { headers: headers() },
    );
  }
}

export default function ClinicCalling() {
  const { clinic, settings } = useLoaderData<typeof loader>();
  const add = useFetcher<typeof action>({ key: "add-number" });
  const remove = useFetcher<typeof action>({ key: "remove-number" });
  const recording = useFetcher<typeof action>({ key: "recording" });
  const notice = (f: typeof add) =>
    f.data ? (
      <Notice tone={f.data.ok ? "success" : "danger"} live className="mt-3">
        {f.data.message}
      </Notice>
    ) : null;

  return (
    <Page>
      <ClinicSettingsHeader
        title="Calling and texting"
        clinicName={clinic.name}
        description="Patients see the clinic's own number when a coordinator calls or texts them. Texts to these numbers are threaded on the patient's chart."
      />
      <div className="grid gap-5 xl:grid-cols-2">
        <Card title="Caller-ID numbers">
          {settings.numbers.length ? (
            <ul className="divide-y divide-neutral-100" aria-label="Clinic numbers">
              {settings.numbers.map((n) => (
                <li key={n.id} className="flex items-center justify-between gap-3 py-2">
                  <span className="flex items-center gap-2">
                    <Phone aria-hidden="true" className="size-4 text-ink-500" />
                    <span className="tabular font-medium text-ink-900">
                      {formatPhone(n.numberE164)}
                    </span>
                    <span className="text-xs text-ink-500">{n.label}</span>
                    {n.isDefault ? (
                      <Badge tone="brand" icon={null}>
                        Default
                      </Badge>
                    ) : null}
                  </span>
                  <remove.Form method="post">
                    <input type="hidden" name="intent" value="remove" />
                    <input type="hidden" name="numberId" value={n.id} />
                    <Button
                      type="submit"
                      size="sm"
                      variant="ghost"
                      icon={Trash2}
                      aria-label={`Remove ${formatPhone(n.numberE164)}`}
                    >
                      Remove
                    </Button>
                  </remove.Form>
                </li>
              ))}
            </ul>
          ) : (
            <Notice tone="warning">
              This clinic has no number yet, so coordinators cannot call or text its patients.
            </Notice>
          )}
          {notice(remove)}
          <add.Form
            method="post"
            className="mt-4 grid gap-3 sm:grid-cols-[1fr_1fr_auto] sm:items-end"
            aria-label="Add a number"
          >
            <input type="hidden" name="intent" value="add" />
            <TextField
              label="Number"
              name="number"
              required
              placeholder="(612) 555-0100"
              size="sm"
            />
            <TextField label="Label" name="label" placeholder="Main line" size="sm" />
            <Button type="submit" size="sm" icon={Plus} disabled={add.state !== "idle"}>
              Add number
            </Button>
            <Checkbox
              label="Make this the default caller ID"
              name="isDefault"
              className="sm:col-span-3"
            />
          </add.Form>
          {notice(add)}
        </Card>
        <Card title="Call recording">
          <recording.Form method="post" className="space-y-3" aria-label="Recording settings">
            <input type="hidden" name="intent" value="recording" />
            <Checkbox
              label="Record calls"
              name="recordingEnabled"
              defaultChecked={settings.recordingEnabled}
              description="Only where the law allows: patients in all-party-consent states (CA, FL, PA, WA and others) are recorded only after the notice below is played."
            />
            <TextareaField
              label="Notice played to the patient before the call connects"
              name="recordingNotice"
              rows={3}
              maxLength={500}
              defaultValue={settings.recordingNotice ?? ""}
              hint="Without a notice, calls to all-party-consent states are not recorded."
            />
            <Button type="submit" size="sm" icon={Save} disabled={recording.state !== "idle"}>
              Save recording settings
            </Button>
          </recording.Form>
          {notice(recording)}
        </Card>
      </div>
    </Page>
  );
}
