import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { useFetcher, useLoaderData } from "@remix-run/react";
import { Building2, IdCard, Mail, ShieldCheck, UserPlus, UserX } from "lucide-react";
import { useEffect, useState } from "react";
import {
  Avatar,
  Badge,
  Button,
  Card,
  Checkbox,
  Dialog,
  EmptyState,
  Notice,
  PageHeader,
  RelativeTime,
  Table,
  TableEmpty,
  TBody,
  Td,
  TextField,
  Th,
  THead,
  Tr,
  initialsOf,
} from "@carefold/ui";
import { Page } from "../components/Page";
import { RouteError } from "../components/RouteError";
import { roleLabel } from "../lib/labels";
import { formFailure, pageError, requireUser } from "../lib/session.server";

export const meta: MetaFunction = () => [{ title: "Staff · Admin · Carefold Workspace" }];
export const ErrorBoundary = RouteError;

const ROLES = [
  {
    value: "coordinator",
    description: "Works the worklist in assigned clinics: calls, time, notes and care plans.",
  },
  { value: "supervisor", description: "Sees every clinic, reviews time and coaches coordinators." },
  { value: "billing", description: "Prepares month close and invoices; no patient calls." },
  {
    value: "vendor_admin",
    description: "Onboards clinics, manages staff and sees every audit log.",
  },
] as const;
type Role = (typeof ROLES)[number]["value"];

export async function loader({ request }: LoaderFunctionArgs) {
  const { caller, me, headers } = await requireUser(request);
  let staff, clinics;
  try {
    [staff, clinics] = await Promise.all([caller.admin.staff(), caller.admin.clinics()]);
  } catch (error) {
    pageError(error, request, headers(), "The admin area is for vendor administrators.");
  }
  return data(
    {
      staff,
      clinics: clinics.map((c) => ({ id: c.id, name: c.name })),
      myId: me.user.id,
      now: new Date().toISOString(),
    },
    { headers: headers() },
  );
}

type Result =
  | { intent: string; ok: true; message: string }
  | { intent: string; ok: false; message: string | null; fieldErrors: Record<string, string> };

export async function action({ request }: ActionFunctionArgs) {
  const { caller, headers } = await requireUser(request);
  const form = await request.formData();
  const intent = String(form.get("intent") ?? "");
  const reply = (result: Result) => data(result, { headers: headers() });
  const userId = String(form.get("userId") ?? "");
  const tenantId = String(form.get("tenantId") ?? "");
  const name = String(form.get("name") ?? "");
  const clinic = String(form.get("clinicName") ?? "the clinic");
  try {
    switch (intent) {
      case "invite": {
        const email = String(form.get("email") ?? "").trim();
        const roles = form.getAll("roles").map(String) as Role[];
        await caller.admin.inviteStaff({ email, name: name.trim(), roles });
        return reply({
          intent,
          ok: true,
          message: `Invitation sent to ${email}. The link in it works for 7 days.`,
        });
      }
      case "deactivate":
        await caller.admin.deactivateStaff({ userId });
        return reply({
          intent,
          ok: true,
          message: `${name} was deactivated and signed out everywhere.`,
        });
      case "assign":
        await caller.admin.assignCoordinator({ userId, tenantId });
        return reply({ intent, ok: true, message: `${name} now works ${clinic}.` });
      case "unassign":
        await caller.admin.unassignCoordinator({ userId, tenantId });
        return reply({
          intent,
          ok: true,
          message: `${name} no longer works ${clinic}. It disappears from their worklist on their next click.`,
        });
      default:
        return reply({ intent, ok: false, message: "Unknown request.", fieldErrors: {} });
    }
  } catch (error) {
    const failure = formFailure(error, request, headers());
    return reply({ intent, ok: false, message: failure.message, fieldErrors: failure.fieldErrors });
  }
}

type Person = ReturnType<typeof useLoaderData<typeof loader>>["staff"][number];

const canBeAssigned = (person: Person) => person.roles.some((r) => r === "coordinator");
const seesAllClinics = (person: Person) =>
  person.roles.some((r) => r === "supervisor" || r === "vendor_admin");

function statusBadge(status: string) {
  if (status === "active") return <Badge tone="success">Active</Badge>;
  if (status === "invited") {
    return (
      <Badge tone="brand" icon={Mail}>
        Invitation sent
      </Badge>
    );
  }
  return <Badge tone="muted">Deactivated</Badge>;
}

export default function Staff() {
  const { staff, clinics, myId, now } = useLoaderData<typeof loader>();
  const invite = useFetcher<typeof action>({ key: "invite-staff" });
  const change = useFetcher<typeof action>({ key: "staff-change" });
  const [inviteOpen, setInviteOpen] = useState(false);
  const [inviteKey, setInviteKey] = useState(0);
  const [assigningId, setAssigningId] = useState<string | null>(null);
  const [deactivating, setDeactivating] = useState<Person | null>(null);
  const [flash, setFlash] = useState<string | null>(null);

  useEffect(() => {
    if (invite.state === "idle" && invite.data?.ok) {
      setInviteOpen(false);
      setFlash(invite.data.message);
    }
  }, [invite.state, invite.data]);
  useEffect(() => {
    if (change.state === "idle" && change.data) {
      if (change.data.intent === "deactivate") setDeactivating(null);
      setFlash(change.data.ok ? change.data.message : null);
    }
  }, [change.state, change.data]);

  const assigning = staff.find((p) => p.id === assigningId) ?? null;
  const inviteErrors = invite.data && !invite.data.ok ? invite.data.fieldErrors : {};
  const inviteMessage = invite.data && !invite.data.ok ? invite.data.message : null;
  const changeError = change.data && !change.data.ok ? change.data.message : null;

  return (
    <Page>
      <PageHeader
        compact
        eyebrow="Admin"
        title="Staff"
        description="Coordinators, supervisors, billing and admins: their roles, two-step sign-in and the clinics each coordinator works."
        actions={
          <Button
            icon={UserPlus}
            onClick={() => {
              setInviteKey((k) => k + 1);
              setFlash(null);
              setInviteOpen(true);
            }}
          >
            Invite staff
          </Button>
        }
      />
      {flash ? (
        <Notice tone="success" className="mb-4" live>
          {flash}
        </Notice>
      ) : null}
      {changeError && !assigning ? (
        <Notice tone="danger" title="Nothing was changed" className="mb-4" live>
          {changeError}
        </Notice>
      ) : null}

      <Card flush>
        <Table caption="Vendor staff" dense>
          <THead>
            <Tr>
              <Th>Name</Th>
              <Th>Roles</Th>
              <Th>Clinics</Th>
              <Th>Two-step</Th>
              <Th>Last sign-in</Th>
              <Th>Status</Th>
              <Th align="right">
                <span className="sr-only">Actions</span>
              </Th>
            </Tr>
          </THead>
          <TBody>
            {staff.length === 0 ? (
              <TableEmpty colSpan={7}>
                <EmptyState
                  icon={IdCard}
                  title="No staff yet — invite your coordinators and supervisors"
                >
                  Each person gets their own account with two-step sign-in, then is assigned to
                  clinics.
                </EmptyState>
              </TableEmpty>
            ) : null}
            {staff.map((person) => {
              const isMe = person.id === myId;
              const isActive = person.status !== "deactivated";
              return (
                <Tr key={person.id} data-testid="staff-row">
                  <Td>
                    <div className="flex items-center gap-2.5">
                      <Avatar initials={initialsOf(person.name)} size="sm" />
                      <div className="min-w-0 leading-tight">
                        <p className="font-medium text-ink-900">
                          {person.name}
                          {isMe ? (
                            <span className="ml-1 font-normal text-ink-500">(you)</span>
                          ) : null}
                        </p>
                        <p className="text-xs text-ink-500">{person.email}</p>
                      </div>
                    </div>
                  </Td>
                  <Td className="whitespace-nowrap">{person.roles.map(roleLabel).join(", ")}</Td>
                  <Td className="max-w-72">
                    {seesAllClinics(person) ? (
                      <span className="text-ink-600">All clinics (by role)</span>
                    ) : canBeAssigned(person) ? (
                      person.clinics.length > 0 ? (
                        <span className="flex flex-wrap gap-1">
                          {person.clinics.map((c) => (
                            <Badge key={c.id} tone="neutral" icon={null}>
                              {c.name}
                            </Badge>
                          ))}
                        </span>
                      ) : (
                        <Badge tone="warning">None assigned</Badge>
                      )
                    ) : (
                      <span className="text-ink-500">—</span>
                    )}
                  </Td>
                  <Td className="whitespace-nowrap">
                    {person.hasTotp ? (
                      <span className="inline-flex items-center gap-1 text-ink-800">
                        <ShieldCheck aria-hidden="true" className="size-3.5 text-success-600" />
                        On
                      </span>
                    ) : (
                      <span className="text-ink-500">Not set up</span>
                    )}
                  </Td>
                  <Td className="whitespace-nowrap">
                    {person.lastSignInAt ? (
                      <RelativeTime date={person.lastSignInAt} now={now} />
                    ) : (
                      <span className="text-ink-500">Never</span>
                    )}
                  </Td>
                  <Td>{statusBadge(person.status)}</Td>
                  <Td align="right">
                    <div className="flex justify-end gap-1">
                      {canBeAssigned(person) && isActive ? (
                        <Button
                          variant="secondary"
                          size="sm"
                          icon={Building2}
                          aria-label={`Clinics of ${person.name}`}
                          onClick={() => {
                            setFlash(null);
                            setAssigningId(person.id);
                          }}
                        >
                          Clinics
                        </Button>
                      ) : null}
                      {!isMe && isActive ? (
                        <Button
                          variant="ghost"
                          size="sm"
                          icon={UserX}
                          aria-label={`Deactivate ${person.name}`}
                          title={`Deactivate ${person.name}`}
                          className="px-2 text-ink-600 hover:text-danger-700"
                          onClick={() => {
                            setFlash(null);
                            setDeactivating(person);
                          }}
                        />
                      ) : null}
                    </div>
                  </Td>
                </Tr>
              );
            })}
          </TBody>
        </Table>
      </Card>

      <Dialog
        open={inviteOpen}
        onClose={() => setInviteOpen(false)}
        size="lg"
        title="Invite staff"
        description="They get an email with a link to choose a password and set up two-step sign-in."
        footer={
          <>
            <Button variant="secondary" onClick={() => setInviteOpen(false)}>
              Cancel
            </Button>
            <Button
              type="submit"
              form="staff-invite-form"
              icon={Mail}
              disabled={invite.state !== "idle"}
            >
              {invite.state !== "idle" ? "Sending…" : "Send invitation"}
            </Button>
          </>
        }
      >
        <invite.Form
          method="post"
          noValidate
          id="staff-invite-form"
          key={inviteKey}
          className="space-y-4"
        >
          <input type="hidden" name="intent" value="invite" />
          {inviteMessage ? (
            <Notice tone="danger" live>
              {inviteMessage}
            </Notice>
          ) : null}
          <div className="grid grid-cols-2 gap-4">
            <TextField
              label="Name"
              name="name"
              required
              autoFocus
              autoComplete="off"
              error={inviteErrors.name}
            />
            <TextField
              label="Work email"
              name="email"
              type="email"
              required
              autoComplete="off"
              placeholder="name@company.com"
              error={inviteErrors.email}
            />
          </div>
          <fieldset aria-describedby={inviteErrors.roles ? "roles-error" : undefined}>
            <legend className="mb-1.5 text-compact font-medium text-ink-800">Roles</legend>
            <div className="grid grid-cols-2 gap-2">
              {ROLES.map((role) => (
                <Checkbox
                  key={role.value}
                  card
                  name="roles"
                  value={role.value}
                  defaultChecked={role.value === "coordinator"}
                  label={roleLabel(role.value)}
                  description={role.description}
                />
              ))}
            </div>
            {inviteErrors.roles ? (
              <p id="roles-error" className="mt-1.5 text-compact text-danger-700">
                {inviteErrors.roles}
              </p>
            ) : null}
          </fieldset>
        </invite.Form>
      </Dialog>

      <Dialog
        open={assigning !== null}
        onClose={() => setAssigningId(null)}
        title={assigning ? `Clinics for ${assigning.name}` : "Clinics"}
        description="A change applies on their very next click: a removed clinic's patients disappear from their worklist at once."
        footer={
          <Button variant="secondary" onClick={() => setAssigningId(null)}>
            Done
          </Button>
        }
      >
        {changeError ? (
          <Notice tone="danger" className="mb-3" live>
            {changeError}
          </Notice>
        ) : null}
        <ul className="divide-y divide-neutral-200 rounded-lg border border-neutral-200">
          {assigning
            ? clinics.map((clinic) => {
                const isAssigned = assigning.clinics.some((c) => c.id === clinic.id);
                const isBusy =
                  change.state !== "idle" && change.formData?.get("tenantId") === clinic.id;
                return (
                  <li
                    key={clinic.id}
                    className="flex items-center justify-between gap-3 px-3.5 py-2.5"
                  >
                    <span className="flex min-w-0 items-center gap-2.5">
                      <Building2 aria-hidden="true" className="size-4 shrink-0 text-ink-500" />
                      <span className="truncate text-sm font-medium text-ink-900">
                        {clinic.name}
                      </span>
                      {isAssigned ? <Badge tone="success">Assigned</Badge> : null}
                    </span>
                    <change.Form method="post">
                      <input type="hidden" name="userId" value={assigning.id} />
                      <input type="hidden" name="name" value={assigning.name} />
                      <input type="hidden" name="tenantId" value={clinic.id} />
                      <input type="hidden" name="clinicName" value={clinic.name} />
                      <Button
                        type="submit"
                        name="intent"
                        value={isAssigned ? "unassign" : "assign"}
                        variant={isAssigned ? "ghost" : "secondary"}
                        size="sm"
                        disabled={isBusy}
                        aria-label={`${isAssigned ? "Remove" : "Assign"} ${clinic.name}`}
                      >
                        {isBusy ? "Saving…" : isAssigned ? "Remove" : "Assign"}
                      </Button>
                    </change.Form>
                  </li>
                );
              })
            : null}
        </ul>
      </Dialog>

      <Dialog
        open={deactivating !== null}
        onClose={() => setDeactivating(null)}
        size="sm"
        title={deactivating ? `Deactivate ${deactivating.name}?` : "Deactivate"}
        footer={
          deactivating ? (
            <>
              <Button variant="secondary" onClick={() => setDeactivating(null)}>
                Cancel
              </Button>
              <change.Form method="post">
                <input type="hidden" name="userId" value={deactivating.id} />
                <input type="hidden" name="name" value={deactivating.name} />
                <Button
                  type="submit"
                  name="intent"
                  value="deactivate"
                  variant="danger"
                  disabled={change.state !== "idle"}
                >
                  {change.state !== "idle" ? "Deactivating…" : "Deactivate"}
                </Button>
              </change.Form>
            </>
          ) : null
        }
      >
        <p className="text-sm text-ink-700">
          They're signed out everywhere at once and can't sign in again. Their past work stays in
          the record and the audit log.
        </p>
      </Dialog>
    </Page>
  );
}
