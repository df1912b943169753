import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { KeyRound, LogOut, Monitor, ShieldCheck, Smartphone } from "lucide-react";
import { useState, type ReactNode } from "react";
import {
  Badge,
  Button,
  Card,
  Dialog,
  Notice,
  PageHeader,
  RelativeTime,
  Table,
  TBody,
  Td,
  Th,
  THead,
  Tr,
  buttonClasses,
  buttonIconClass,
} from "@carefold/ui";
import { Page } from "../components/Page";
import { RouteError } from "../components/RouteError";
import { PRODUCT } from "../lib/app";
import { describeDevice } from "../lib/labels";
import { formFailure, pageError, requireUser, signInPath } from "../lib/session.server";

export const meta: MetaFunction = () => [{ title: `Account security · ${PRODUCT}` }];
export const ErrorBoundary = RouteError;

export async function loader({ request }: LoaderFunctionArgs) {
  const { caller, me, headers } = await requireUser(request);
  let sessions;
  try {
    sessions = await caller.account.sessions();
  } catch (error) {
    pageError(error, request, headers());
  }
  const left = new URL(request.url).searchParams.get("recoveryCodesLeft");
  return data(
    {
      email: me.user.email,
      hasTotp: me.user.hasTotp,
      isMfaRequired: me.mfa.isRequired,
      sessions,
      recoveryCodesLeft: left !== null && /^\d+$/.test(left) ? Number(left) : null,
      now: new Date().toISOString(),
    },
    { headers: headers() },
  );
}

export async function action({ request }: ActionFunctionArgs) {
  const { caller, me, headers } = await requireUser(request);
  const form = await request.formData();
  const intent = form.get("intent");
  try {
    if (intent === "sign-out-everywhere") {
      await caller.account.signOutEverywhere();
      throw redirect(signInPath("signed_out_everywhere"), { headers: headers() });
    }
    if (intent === "revoke") {
      const device = String(form.get("device") ?? "That session");
      await caller.account.revokeSession({ sessionId: String(form.get("sessionId") ?? "") });
      return data(
        { ok: true as const, message: `${device} was signed out.` },
        { headers: headers() },
      );
    }
    if (intent === "send-reset") {
      await caller.auth.requestPasswordReset({ email: me.user.email });
      return data(
        {
          ok: true as const,
          message: `We emailed a link to ${me.user.email}. It works once, for 30 minutes.`,
        },
        { headers: headers() },
      );
    }
  } catch (error) {
    if (error instanceof Response) throw error;
    const failure = formFailure(error, request, headers());
    return data(
      { ok: false as const, message: failure.message ?? "That didn't work. Try again." },
      { headers: headers() },
    );
  }
  return data(
    { ok: false as const, message: "Unknown request." },
    { status: 400, headers: headers() },
  );
}

function SettingRow({
  icon: Icon,
  title,
  status,
  children,
  action,
}: {
  icon: typeof KeyRound;
  title: string;
  status?: ReactNode;
  children: ReactNode;
  action?: ReactNode;
}) {
  return (
    <div className="flex flex-wrap items-start gap-x-4 gap-y-3 py-5 first:pt-0 last:pb-0">
      <span className="flex size-9 shrink-0 items-center justify-center rounded-lg bg-neutral-100 text-ink-600">
        <Icon aria-hidden="true" className="size-4.5" />
      </span>
      <div className="min-w-0 flex-1 basis-64">
        <div className="flex flex-wrap items-center gap-2">
          <h3 className="text-sm font-semibold text-ink-900">{title}</h3>
          {status}
        </div>
        <div className="mt-1 text-compact text-ink-600">{children}</div>
      </div>
      {action != null ? <div className="shrink-0">{action}</div> : null}
    </div>
  );
}

export default function AccountSecurity() {
  const { email, hasTotp, isMfaRequired, sessions, recoveryCodesLeft, now } =
    useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const busyIntent = navigation.state !== "idle" ? navigation.formData?.get("intent") : null;
  const [confirmEverywhere, setConfirmEverywhere] = useState(false);
  const others = sessions.filter((s) => !s.isCurrent).length;

  return (
    <Page>
      <div className="max-w-4xl">
        <PageHeader
          title="Account security"
          description={`How you sign in as ${email}, and where you're signed in right now.`}
        />

        {recoveryCodesLeft !== null ? (
          <Notice
            tone={recoveryCodesLeft <= 3 ? "warning" : "info"}
            title={`You signed in with a recovery code — ${recoveryCodesLeft} left`}
            className="mb-6"
            live
          >
            Each code works once. If you lost your phone, ask an administrator to reset two-step
            sign-in so you can set it up on a new one and get fresh codes.
          </Notice>
        ) : null}
        {result ? (
          <Notice tone={result.ok ? "success" : "danger"} className="mb-6" live>
            {result.message}
          </Notice>
        ) : null}

        <Card title="How you sign in">
          <div className="divide-y divide-neutral-200">
            <SettingRow
              icon={KeyRound}
              title="Password"
              action={
                <Form method="post">
                  <Button
                    type="submit"
                    name="intent"
                    value="send-reset"
                    variant="secondary"
                    size="sm"
                    disabled={busyIntent === "send-reset"}
                  >
                    {busyIntent === "send-reset" ? "Sending…" : "Email me a reset link"}
                  </Button>
                </Form>
              }
            >
              To change your password, we email you a single-use link. Changing it signs out your
              other sessions.
            </SettingRow>
            <SettingRow
              icon={Smartphone}
              title="Two-step sign-in"
              status={
                hasTotp ? (
                  <Badge tone="success">On</Badge>
                ) : (
                  <Badge tone={isMfaRequired ? "warning" : "muted"}>Off</Badge>
                )
              }
              action={
                hasTotp ? null : (
                  <Link
                    to="/sign-in/setup-mfa?redirectTo=%2Faccount%2Fsecurity"
                    className={buttonClasses({ variant: "primary", size: "sm" })}
                  >
                    <ShieldCheck aria-hidden="true" className={buttonIconClass("sm")} />
                    Set up two-step sign-in
                  </Link>
                )
              }
            >
              {hasTotp
                ? "Every sign-in asks for a code from your authenticator app. If you lose your phone, use one of the recovery codes you saved."
                : "Add a code from an app on your phone to every sign-in, so a stolen password alone can't open your account. It takes about a minute."}
            </SettingRow>
          </div>
        </Card>

        <Card
          className="mt-6"
          flush
          title="Where you're signed in"
          description={
            others === 0
              ? "Only this browser is signed in to your account."
              : `This browser and ${others} other session${others === 1 ? "" : "s"}. Sign out any you don't recognise.`
          }
          actions={
            <Button
              variant="secondary"
              size="sm"
              icon={LogOut}
              onClick={() => setConfirmEverywhere(true)}
            >
              Sign out everywhere
            </Button>
          }
        >
          <Table caption="Active sessions">
            <THead>
              <Tr>
                <Th>Device</Th>
                <Th>App</Th>
                <Th>IP address</Th>
                <Th>Signed in</Th>
                <Th>Last active</Th>
                <Th align="right">
                  <span className="sr-only">Actions</span>
                </Th>
              </Tr>
            </THead>
            <TBody>
              {sessions.map((session) => {
                const device = describeDevice(session.userAgent);
                return (
                  <Tr key={session.id}>
                    <Td>
                      <span className="flex items-center gap-2.5">
                        <Monitor aria-hidden="true" className="size-4 shrink-0 text-ink-500" />
                        <span className="font-medium text-ink-900">{device}</span>
                        {session.isCurrent ? (
                          <Badge tone="brand" icon={null}>
                            This browser
                          </Badge>
                        ) : null}
                      </span>
                    </Td>
                    <Td>{session.app === "portal" ? "Clinic portal" : "Workspace"}</Td>
                    <Td className="tabular font-mono text-compact">{session.ip ?? "—"}</Td>
                    <Td>
                      <RelativeTime date={session.createdAt} now={now} />
                    </Td>
                    <Td>
                      <RelativeTime date={session.lastSeenAt} now={now} />
                    </Td>
                    <Td align="right">
                      {session.isCurrent ? (
                        <span className="text-compact text-ink-500">You're here</span>
                      ) : (
                        <Form method="post">
                          <input type="hidden" name="sessionId" value={session.id} />
                          <input type="hidden" name="device" value={device} />
                          <Button
                            type="submit"
                            name="intent"
                            value="revoke"
                            variant="ghost"
                            size="sm"
                            aria-label={`Sign out ${device} at ${session.ip ?? "an unknown address"}`}
                          >
                            Sign out
                          </Button>
                        </Form>
                      )}
                    </Td>
                  </Tr>
                );
              })}
            </TBody>
          </Table>
        </Card>
      </div>

      <Dialog
        open={confirmEverywhere}
        onClose={() => setConfirmEverywhere(false)}
        title="Sign out everywhere?"
        description="Every session of your account ends at once — on this browser too."
        footer={
          <>
            <Button variant="secondary" onClick={() => setConfirmEverywhere(false)}>
              Cancel
            </Button>
            <Form method="post">
              <Button
                type="submit"
                name="intent"
                value="sign-out-everywhere"
                variant="danger"
                icon={LogOut}
              >
                Sign out everywhere
              </Button>
            </Form>
          </>
        }
      >
        <p className="text-sm text-ink-700">
          Use this if you signed in on a shared or lost device. To come back, you'll sign in with
          your password{hasTotp ? " and a code from your authenticator app" : ""}.
        </p>
      </Dialog>
    </Page>
  );
}
