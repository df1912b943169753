import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { useFetcher, useLoaderData } from "@remix-run/react";
import { Mail, ShieldCheck, UserPlus, UserRound } from "lucide-react";
import { useEffect, useState } from "react";
import {
  Avatar,
  Badge,
  Button,
  Card,
  Dialog,
  EmptyState,
  Notice,
  PageHeader,
  RelativeTime,
  SelectField,
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

export const meta: MetaFunction = () => [{ title: "Users · Carefold Portal" }];
export const ErrorBoundary = RouteError;

const ROLES = [
  {
    value: "clinic_admin",
    description: "Manages the clinic's users, patients and billing, and sees the audit log.",
  },
  {
    value: "practitioner",
    description: "The billing practitioner: signs care plans and approves the monthly worksheet.",
  },
  {
    value: "clinic_staff",
    description: "Looks up patients and care plans; can't approve billing or manage users.",
  },
] as const;

export async function loader({ request }: LoaderFunctionArgs) {
  const { caller, me, headers } = await requireUser(request);
  let users;
  try {
    users = await caller.users.list();
  } catch (error) {
    pageError(error, request, headers(), "The user list is for your clinic's administrators.");
  }
  const clinic = me.memberships.find((m) => m.tenantId === me.activeTenantId);
  return data(
    {
      users,
      myId: me.user.id,
      clinicName: clinic?.tenantName ?? "your clinic",
      isMfaRequired: clinic?.mfaRequired ?? false,
      now: new Date().toISOString(),
    },
    { headers: headers() },
  );
}

type ActionResult =
  | { intent: string; ok: true; message: string }
  | {
      intent: string;
      ok: false;
      message: string | null;
      fieldErrors: Record<string, string>;
    };

export async function action({ request }: ActionFunctionArgs) {
  const { caller, headers } = await requireUser(request);
  const form = await request.formData();
  const intent = String(form.get("intent") ?? "");
  const reply = (result: ActionResult) => data(result, { headers: headers() });
  try {
    if (intent === "invite") {
      const email = String(form.get("email") ?? "").trim();
      const name = String(form.get("name") ?? "").trim();
      const role = String(form.get("role") ?? "") as (typeof ROLES)[number]["value"];
      await caller.users.invite({ email, name, role });
      return reply({
        intent,
        ok: true,
        // The same answer whether or not the address has an account (issue 17).
        message: `Invitation sent to ${email}. They join your clinic once they accept it.`,
      });
    }
    const userId = String(form.get("userId") ?? "");
    const name = String(form.get("name") ?? "The user");
    if (intent === "deactivate") {
      await caller.users.deactivate({ userId });
      return reply({ intent, ok: true, message: `${name} was deactivated and signed out.` });
    }
    if (intent === "reactivate") {
      await caller.users.reactivate({ userId });
      return reply({ intent, ok: true, message: `${name} can sign in again.` });
    }
    return reply({ intent, ok: false, message: "Unknown request.", fieldErrors: {} });
  } catch (error) {
    const failure = formFailure(error, request, headers());
    return reply({ intent, ok: false, message: failure.message, fieldErrors: failure.fieldErrors });
  }
}

type User = ReturnType<typeof useLoaderData<typeof loader>>["users"][number];

function statusBadge(user: User) {
  if (user.membershipStatus === "deactivated") return <Badge tone="muted">Deactivated</Badge>;
  if (user.membershipStatus === "pending" || user.accountStatus === "invited") {
    return (
      <Badge tone="brand" icon={Mail}>
        Invitation sent
      </Badge>
    );
  }
  if (user.accountStatus !== "active") return <Badge tone="muted">Account disabled</Badge>;
  return <Badge tone="success">Active</Badge>;
}

export default function Users() {
  const { users, myId, clinicName, isMfaRequired, now } = useLoaderData<typeof loader>();
  const invite = useFetcher<typeof action>({ key: "invite-user" });
  const status = useFetcher<typeof action>({ key: "user-status" });
  const [inviteOpen, setInviteOpen] = useState(false);
  const [inviteKey, setInviteKey] = useState(0);
  const [role, setRole] = useState<string>("clinic_staff");
  const [confirm, setConfirm] = useState<User | null>(null);
  const [flash, setFlash] = useState<string | null>(null);

  useEffect(() => {
    if (invite.state === "idle" && invite.data?.ok) {
      setInviteOpen(false);
      setFlash(invite.data.message);
    }
  }, [invite.state, invite.data]);
  useEffect(() => {
    if (status.state === "idle" && status.data) {
      setConfirm(null);
      setFlash(status.data.ok ? status.data.message : null);
    }
  }, [status.state, status.data]);

  const inviteErrors = invite.data && !invite.data.ok ? invite.data.fieldErrors : {};
  const inviteMessage = invite.data && !invite.data.ok ? invite.data.message : null;
  const statusError = status.data && !status.data.ok ? status.data.message : null;
  const pending = users.filter((u) => u.membershipStatus === "pending").length;
  const active = users.filter(
    (u) => u.membershipStatus === "active" && u.accountStatus === "active",
  ).length;

  function openInvite() {
    setInviteKey((k) => k + 1);
    setRole("clinic_staff");
    setFlash(null);
    setInviteOpen(true);
  }

  return (
    <Page>
      <PageHeader
        title="Users"
        description={`People at ${clinicName} who can use Carefold, and what each of them may do.`}
        actions={
          <Button icon={UserPlus} onClick={openInvite}>
            Invite user
          </Button>
        }
      />

      {flash ? (
        <Notice tone="success" className="mb-5" live>
          {flash}
        </Notice>
      ) : null}
      {statusError ? (
        <Notice tone="danger" title="Nothing was changed" className="mb-5" live>
          {statusError}
        </Notice>
      ) : null}

      <Card
        flush
        title={`${active} active user${active === 1 ? "" : "s"}`}
        description={
          pending > 0
            ? `${pending} invitation${pending === 1 ? "" : "s"} waiting to be accepted.`
            : "Everyone invited has accepted."
        }
      >
        <Table caption={`Users of ${clinicName}`}>
          <THead>
            <Tr>
              <Th>Name</Th>
              <Th>Role</Th>
              <Th>Status</Th>
              <Th>Two-step sign-in</Th>
              <Th>Last sign-in</Th>
              <Th align="right">
                <span className="sr-only">Actions</span>
              </Th>
            </Tr>
          </THead>
          <TBody>
            {users.length === 0 ? (
              <TableEmpty colSpan={6}>
                <EmptyState icon={UserRound} title="No users yet — invite your team">
                  Clinic admins manage patients, billing and users; billing practitioners sign care
                  plans.
                </EmptyState>
              </TableEmpty>
            ) : null}
            {users.map((user) => {
              const isMe = user.userId === myId;
              const isDeactivated = user.membershipStatus === "deactivated";
              return (
                <Tr key={user.userId} className={isDeactivated ? "bg-neutral-25" : undefined}>
                  <Td>
                    <div className="flex items-center gap-3">
                      <Avatar initials={initialsOf(user.name)} />
                      <div className="min-w-0 leading-tight">
                        <p className="font-medium text-ink-900">
                          {user.name}
                          {isMe ? (
                            <span className="ml-1.5 text-compact font-normal text-ink-500">
                              (you)
                            </span>
                          ) : null}
                        </p>
                        <p className="mt-0.5 text-compact text-ink-500">{user.email}</p>
                      </div>
                    </div>
                  </Td>
                  <Td>{roleLabel(user.role)}</Td>
                  <Td>{statusBadge(user)}</Td>
                  <Td>
                    {user.membershipStatus === "pending" ? (
                      <span className="text-ink-500">—</span>
                    ) : user.hasTotp ? (
                      <span className="inline-flex items-center gap-1.5 text-ink-800">
                        <ShieldCheck aria-hidden="true" className="size-4 text-success-600" />
                        On
                      </span>
                    ) : isMfaRequired && user.accountStatus === "active" ? (
                      <Badge tone="warning">Not set up</Badge>
                    ) : (
                      <span className="text-ink-500">Off</span>
                    )}
                  </Td>
                  <Td>
                    {user.membershipStatus === "pending" ? (
                      <span className="text-ink-500">—</span>
                    ) : user.lastSignInAt ? (
                      <RelativeTime date={user.lastSignInAt} now={now} />
                    ) : (
                      <span className="text-ink-500">Never</span>
                    )}
                  </Td>
                  <Td align="right">
                    {isMe ? null : isDeactivated ? (
                      <status.Form method="post">
                        <input type="hidden" name="userId" value={user.userId} />
                        <input type="hidden" name="name" value={user.name} />
                        <Button
                          type="submit"
                          name="intent"
                          value="reactivate"
                          variant="secondary"
                          size="sm"
                          aria-label={`Reactivate ${user.name}`}
                        >
                          Reactivate
                        </Button>
                      </status.Form>
                    ) : (
                      <Button
                        variant="ghost"
                        size="sm"
                        aria-label={`Deactivate ${user.name}`}
                        onClick={() => {
                          setFlash(null);
                          setConfirm(user);
                        }}
                      >
                        Deactivate
                      </Button>
                    )}
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
        title="Invite a user"
        description={`They get an email asking them to join ${clinicName}; they become a member once they accept.`}
        footer={
          <>
            <Button variant="secondary" onClick={() => setInviteOpen(false)}>
              Cancel
            </Button>
            <Button type="submit" form="invite-form" icon={Mail} disabled={invite.state !== "idle"}>
              {invite.state !== "idle" ? "Sending…" : "Send invitation"}
            </Button>
          </>
        }
      >
        <invite.Form
          method="post"
          noValidate
          className="space-y-4"
          key={inviteKey}
          id="invite-form"
        >
          <input type="hidden" name="intent" value="invite" />
          {inviteMessage ? (
            <Notice tone="danger" live>
              {inviteMessage}
            </Notice>
          ) : null}
          <TextField
            label="Name"
            name="name"
            autoComplete="off"
            required
            autoFocus
            error={inviteErrors.name}
          />
          <TextField
            label="Work email"
            name="email"
            type="email"
            autoComplete="off"
            required
            placeholder="name@clinic.org"
            error={inviteErrors.email}
          />
          <div>
            <SelectField
              label="Role"
              name="role"
              value={role}
              onChange={(event) => setRole(event.currentTarget.value)}
            >
              {ROLES.map((option) => (
                <option key={option.value} value={option.value}>
                  {roleLabel(option.value)}
                </option>
              ))}
            </SelectField>
            <p className="mt-1.5 text-xs text-ink-500">
              {ROLES.find((option) => option.value === role)?.description}
            </p>
          </div>
        </invite.Form>
      </Dialog>

      <Dialog
        open={confirm !== null}
        onClose={() => setConfirm(null)}
        size="sm"
        title={confirm ? `Deactivate ${confirm.name}?` : "Deactivate"}
        footer={
          confirm ? (
            <>
              <Button variant="secondary" onClick={() => setConfirm(null)}>
                Cancel
              </Button>
              <status.Form method="post">
                <input type="hidden" name="userId" value={confirm.userId} />
                <input type="hidden" name="name" value={confirm.name} />
                <Button
                  type="submit"
                  name="intent"
                  value="deactivate"
                  variant="danger"
                  disabled={status.state !== "idle"}
                >
                  {status.state !== "idle" ? "Deactivating…" : "Deactivate"}
                </Button>
              </status.Form>
            </>
          ) : null
        }
      >
        <p className="text-sm text-ink-700">
          They're signed out at once and can no longer open {clinicName} in Carefold. Their past
          work stays in the record and the audit log. You can reactivate them later.
        </p>
      </Dialog>
    </Page>
  );
}
