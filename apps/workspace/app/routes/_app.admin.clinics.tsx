import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Link, useFetcher, useLoaderData } from "@remix-run/react";
import { Building2, Mail, Plus } from "lucide-react";
import { useEffect, useState } from "react";
import {
  Badge,
  Button,
  Card,
  Dialog,
  EmptyState,
  Notice,
  PageHeader,
  SelectField,
  Table,
  TableEmpty,
  TBody,
  Td,
  TextField,
  Th,
  THead,
  Tr,
} from "@carefold/ui";
import { Page } from "../components/Page";
import { RouteError } from "../components/RouteError";
import { SETTINGS, TIME_ZONES, settingLabel, slugify, timeZoneLabel } from "../lib/clinic-options";
import { formFailure, pageError, requireUser } from "../lib/session.server";

export const meta: MetaFunction = () => [{ title: "Clinics · Admin · Carefold Workspace" }];
export const ErrorBoundary = RouteError;

export async function loader({ request }: LoaderFunctionArgs) {
  const { caller, headers } = await requireUser(request);
  let clinics;
  try {
    clinics = await caller.admin.clinics();
  } catch (error) {
    pageError(error, request, headers(), "The admin area is for vendor administrators.");
  }
  return data({ clinics }, { headers: headers() });
}

type Setting = (typeof SETTINGS)[number]["value"];

export async function action({ request }: ActionFunctionArgs) {
  const { caller, headers } = await requireUser(request);
  const form = await request.formData();
  const text = (name: string) => String(form.get(name) ?? "").trim();
  const input = {
    name: text("name"),
    slug: text("slug"),
    timeZone: text("timeZone"),
    setting: text("setting") as Setting,
    admin: { name: text("adminName"), email: text("adminEmail") },
  };
  try {
    await caller.admin.createClinic(input);
    return data(
      {
        ok: true as const,
        message: `${input.name} is set up. We emailed an invitation to ${input.admin.email}, its first administrator.`,
      },
      { headers: headers() },
    );
  } catch (error) {
    const failure = formFailure(error, request, headers());
    const f = failure.fieldErrors;
    return data(
      {
        ok: false as const,
        message: failure.message,
        fieldErrors: {
          name: f.name,
          slug: f.slug,
          timeZone: f.timeZone,
          setting: f.setting,
          adminName: f["admin.name"],
          adminEmail: f["admin.email"],
        },
      },
      { headers: headers() },
    );
  }
}

const STATUS: Record<string, ["success" | "brand" | "muted", string]> = {
  active: ["success", "Active"],
  onboarding: ["brand", "Onboarding"],
};

export default function Clinics() {
  const { clinics } = useLoaderData<typeof loader>();
  const create = useFetcher<typeof action>({ key: "create-clinic" });
  const [open, setOpen] = useState(false);
  const [formKey, setFormKey] = useState(0);
  const [name, setName] = useState("");
  const [slug, setSlug] = useState("");
  const [slugEdited, setSlugEdited] = useState(false);
  const [flash, setFlash] = useState<string | null>(null);

  useEffect(() => {
    if (create.state === "idle" && create.data?.ok) {
      setOpen(false);
      setFlash(create.data.message);
    }
  }, [create.state, create.data]);

  function start() {
    setFormKey((k) => k + 1);
    setName("");
    setSlug("");
    setSlugEdited(false);
    setFlash(null);
    setOpen(true);
  }

  const errors: Partial<Record<string, string>> =
    create.data && !create.data.ok ? create.data.fieldErrors : {};
  const formMessage = create.data && !create.data.ok ? create.data.message : null;

  return (
    <Page>
      <PageHeader
        compact
        eyebrow="Admin"
        title="Clinics"
        description="Partner clinics, their setting and time zone, their users and assigned coordinators."
        actions={
          <Button icon={Plus} onClick={start}>
            Onboard clinic
          </Button>
        }
      />
      {flash ? (
        <Notice tone="success" className="mb-4" live>
          {flash}{" "}
          <Link to="/admin/mailbox" className="font-semibold underline underline-offset-2">
            Open the mailbox
          </Link>
        </Notice>
      ) : null}
      <Card flush>
        <Table caption="Partner clinics" dense>
          <THead>
            <Tr>
              <Th>Clinic</Th>
              <Th>Setting</Th>
              <Th>Time zone</Th>
              <Th>Status</Th>
              <Th align="right">Users</Th>
              <Th align="right">Coordinators</Th>
            </Tr>
          </THead>
          <TBody>
            {clinics.length === 0 ? (
              <TableEmpty colSpan={6}>
                <EmptyState
                  icon={Building2}
                  title="No clinics yet — onboard your first partner clinic"
                  action={
                    <Button icon={Plus} onClick={start}>
                      Onboard clinic
                    </Button>
                  }
                >
                  Add the clinic with its time zone and first administrator, then assign
                  coordinators to it.
                </EmptyState>
              </TableEmpty>
            ) : null}
            {clinics.map((clinic) => {
              const [tone, label] = STATUS[clinic.status] ?? (["muted", clinic.status] as const);
              return (
                <Tr key={clinic.id}>
                  <Td>
                    <span className="block font-medium text-ink-900">{clinic.name}</span>
                    <span className="block font-mono text-2xs text-ink-500">{clinic.slug}</span>
                    <span className="flex gap-3">
                      <Link to={`/admin/clinics/${clinic.id}/calling`} className="text-2xs font-medium text-brand-700 hover:underline">
                        Calling and texting
                      </Link>
                      <Link to={`/admin/clinics/${clinic.id}/billing`} className="text-2xs font-medium text-brand-700 hover:underline">
                        Billing profile
                      </Link>
                      <Link to={`/admin/clinics/${clinic.id}/fee-schedule`} className="text-2xs font-medium text-brand-700 hover:underline">
                        Fee schedule
                      </Link>
                    </span>
                  </Td>
                  <Td>{settingLabel(clinic.setting)}</Td>
                  <Td>
                    <span title={clinic.timeZone}>{timeZoneLabel(clinic.timeZone)}</span>
                  </Td>
                  <Td>
                    <Badge tone={tone}>{label}</Badge>
                  </Td>
                  <Td align="right">{clinic.userCount}</Td>
                  <Td align="right">
                    {clinic.coordinatorCount === 0 ? (
                      <span className="text-warning-700">None yet</span>
                    ) : (
                      clinic.coordinatorCount
                    )}
                  </Td>
                </Tr>
              );
            })}
          </TBody>
        </Table>
      </Card>

      <Dialog
        open={open}
        onClose={() => setOpen(false)}
        size="lg"
        title="Onboard a clinic"
        description="The clinic starts in onboarding. Its first administrator gets an email invitation and then invites the rest of the clinic."
        footer={
          <>
            <Button variant="secondary" onClick={() => setOpen(false)}>
              Cancel
            </Button>
            <Button type="submit" form="clinic-form" icon={Mail} disabled={create.state !== "idle"}>
              {create.state !== "idle" ? "Creating…" : "Create clinic and send invitation"}
            </Button>
          </>
        }
      >
        <create.Form method="post" noValidate id="clinic-form" key={formKey} className="space-y-5">
          {formMessage ? (
            <Notice tone="danger" title="The clinic wasn't created" live>
              {formMessage}
            </Notice>
          ) : null}
          <fieldset className="grid grid-cols-2 gap-4">
            <legend className="mb-3 text-2xs font-semibold tracking-wider text-ink-500 uppercase">
              Clinic
            </legend>
            <TextField
              label="Clinic name"
              name="name"
              required
              autoFocus
              autoComplete="off"
              placeholder="Cedar Valley Family Practice"
              value={name}
              onChange={(event) => {
                setName(event.currentTarget.value);
                if (!slugEdited) setSlug(slugify(event.currentTarget.value));
              }}
              error={errors.name}
              className="col-span-2"
            />
            <TextField
              label="Short name"
              name="slug"
              required
              autoComplete="off"
              value={slug}
              onChange={(event) => {
                setSlugEdited(true);
                setSlug(event.currentTarget.value);
              }}
              hint="Lower-case letters, digits and dashes; used in exports."
              error={errors.slug}
              className="col-span-2 [&_input]:font-mono"
            />
            <SelectField label="Time zone" name="timeZone" defaultValue="America/Chicago">
              {TIME_ZONES.map((zone) => (
                <option key={zone.value} value={zone.value}>
                  {zone.label}
                </option>
              ))}
            </SelectField>
            <SelectField label="Setting" name="setting" defaultValue="office">
              {SETTINGS.map((setting) => (
                <option key={setting.value} value={setting.value}>
                  {setting.label}
                </option>
              ))}
            </SelectField>
          </fieldset>
          <fieldset className="grid grid-cols-2 gap-4 border-t border-neutral-200 pt-4">
            <legend className="sr-only">First administrator</legend>
            <p className="col-span-2 text-2xs font-semibold tracking-wider text-ink-500 uppercase">
              First administrator
            </p>
            <TextField
              label="Name"
              name="adminName"
              required
              autoComplete="off"
              error={errors.adminName}
            />
            <TextField
              label="Email"
              name="adminEmail"
              type="email"
              required
              autoComplete="off"
              placeholder="name@clinic.org"
              error={errors.adminEmail}
            />
          </fieldset>
        </create.Form>
      </Dialog>
    </Page>
  );
}
