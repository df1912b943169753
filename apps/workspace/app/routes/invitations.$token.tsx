import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { ArrowUpRight, Building2, UserRound } from "lucide-react";
import { Button, Notice, TextField, buttonClasses } from "@carefold/ui";
import { AuthPage } from "../components/AuthPage";
import { PasswordFields, checkNewPassword } from "../components/PasswordFields";
import { APP, PRODUCT } from "../lib/app";
import { roleLabel } from "../lib/labels";
import { formFailure, isApiError, openApi, publicUrl } from "../lib/session.server";

export const meta: MetaFunction = () => [
  { title: `Accept your invitation · ${PRODUCT}` },
  // The token is in the address: keep it out of other sites' logs.
  { name: "referrer", content: "no-referrer" },
];

const UNUSABLE =
  "This invitation link isn't valid. Check that you opened the whole link from the email.";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const api = await openApi(request);
  const token = params.token ?? "";
  try {
    const invitation = await api.caller.auth.describeInvitation({ token });
    const otherAppUrl =
      invitation.app === APP ? null : `${publicUrl(invitation.app)}/invitations/${token}`;
    return data({ state: "open" as const, invitation, otherAppUrl }, { headers: api.headers() });
  } catch (error) {
    if (
      !isApiError(error) ||
      !["NOT_FOUND", "PRECONDITION_FAILED", "BAD_REQUEST"].includes(error.code)
    ) {
      throw error;
    }
    const message = error.code === "PRECONDITION_FAILED" ? error.message : UNUSABLE;
    return data({ state: "unusable" as const, message }, { status: 410, headers: api.headers() });
  }
}

type Errors = { name?: string; password?: string; confirm?: string };

export async function action({ request, params }: ActionFunctionArgs) {
  const api = await openApi(request);
  const form = await request.formData();
  const name = String(form.get("name") ?? "").trim();
  const password = String(form.get("password") ?? "");
  const confirm = String(form.get("confirm") ?? "");
  const reply = (body: { errors: Errors; message?: string }) =>
    data(body, { headers: api.headers() });

  const errors: Errors = checkNewPassword(password, confirm);
  if (!name) errors.name = "Enter your name as colleagues know it.";
  if (errors.name || errors.password || errors.confirm) return reply({ errors });

  let accepted;
  try {
    accepted = await api.caller.auth.acceptInvitation({
      token: params.token ?? "",
      name,
      password,
    });
  } catch (error) {
    const failure = formFailure(error, request, api.headers());
    if (failure.code === "NOT_FOUND" || failure.code === "PRECONDITION_FAILED") {
      return reply({ errors: {}, message: failure.message ?? UNUSABLE });
    }
    return reply({
      errors: {
        name: failure.fieldErrors.name,
        // The password rules (length, not the e-mail name, not a common password) come back as a message.
        password: failure.fieldErrors.password ?? failure.message ?? undefined,
      },
    });
  }
  if (accepted.next === "wrong_app") {
    return reply({
      errors: {},
      message:
        "This invitation belongs to the other Carefold app. Open the link from the email again.",
    });
  }
  throw redirect(accepted.next === "enroll_mfa" ? "/sign-in/setup-mfa" : "/", {
    headers: api.headers(),
  });
}

export default function AcceptInvitation() {
  const page = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const submitting = navigation.state !== "idle" && navigation.formMethod === "POST";

  if (page.state === "unusable") {
    return (
      <AuthPage title="This invitation can't be used" description={page.message}>
        <div className="space-y-3">
          <Link to="/sign-in" className={buttonClasses({ size: "lg", fullWidth: true })}>
            Go to sign in
          </Link>
          <p className="text-compact text-ink-600">
            Invitations work once and for 7 days. If yours has run out, ask the person who invited
            you to send a new one.
          </p>
        </div>
      </AuthPage>
    );
  }

  const { invitation, otherAppUrl } = page;
  const where = invitation.clinicName ?? "the Carefold care team";

  if (otherAppUrl) {
    return (
      <AuthPage
        title="Open this invitation in the right app"
        description={`Your invitation to ${where} is for the other Carefold app.`}
      >
        <a href={otherAppUrl} className={buttonClasses({ size: "lg", fullWidth: true })}>
          Continue there
          <ArrowUpRight aria-hidden="true" className="size-4" />
        </a>
      </AuthPage>
    );
  }

  const errors = result?.errors ?? {};
  return (
    <AuthPage
      title="Accept your invitation"
      description="Choose your password to finish setting up your account."
      footer={
        <p>
          Already set up your account?{" "}
          <Link to="/sign-in" className="font-medium text-brand-700 hover:underline">
            Sign in
          </Link>
          . This system contains protected health information; access is logged.
        </p>
      }
    >
      <div
        className="mb-6 rounded-xl border border-neutral-200 bg-neutral-25 p-4"
        data-testid="invitation-summary"
      >
        <div className="flex items-center gap-3">
          <span className="flex size-10 shrink-0 items-center justify-center rounded-lg bg-brand-50 text-brand-600 ring-1 ring-brand-100 ring-inset">
            <Building2 aria-hidden="true" className="size-5" />
          </span>
          <div className="min-w-0 leading-tight">
            <p className="truncate text-sm font-semibold text-ink-900">{where}</p>
            <p className="mt-0.5 text-compact text-ink-600">{roleLabel(invitation.role)}</p>
          </div>
        </div>
        <dl className="mt-3.5 border-t border-neutral-200 pt-3 text-compact">
          <div className="flex justify-between gap-3">
            <dt className="text-ink-500">Sign-in email</dt>
            <dd className="truncate font-medium text-ink-800">{invitation.email}</dd>
          </div>
        </dl>
      </div>
      <Form method="post" noValidate className="space-y-5">
        {result?.message ? (
          <Notice tone="danger" title="We couldn't accept the invitation" live>
            {result.message}
          </Notice>
        ) : null}
        <TextField
          label="Your name"
          name="name"
          autoComplete="name"
          icon={UserRound}
          size="lg"
          required
          defaultValue={invitation.name}
          hint="As your colleagues and the audit log will see it."
          error={errors.name}
        />
        <input type="hidden" name="email" value={invitation.email} autoComplete="username" />
        <PasswordFields errors={errors} />
        <Button type="submit" size="lg" fullWidth disabled={submitting}>
          {submitting ? "Setting up your account…" : "Create account and sign in"}
        </Button>
      </Form>
    </AuthPage>
  );
}
