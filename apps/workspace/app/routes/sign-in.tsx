import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { ArrowUpRight, Lock, Mail } from "lucide-react";
import { useEffect, useRef } from "react";
import { Button, Notice, TextField } from "@carefold/ui";
import { AuthPage } from "../components/AuthPage";
import { AUTH_COPY, OTHER_APP, OTHER_PRODUCT, PRODUCT } from "../lib/app";
import {
  defaultIdleMinutes,
  fieldErrorsOf,
  formFailure,
  openApi,
  pendingMfaPath,
  publicUrl,
  safeRedirect,
  sessionLifetimeHours,
  withRedirectTo,
} from "../lib/session.server";

export const meta: MetaFunction = () => [{ title: `Sign in · ${PRODUCT}` }];

type Tone = "info" | "success" | "warning";

/** Why the person is looking at the sign-in page, in their words. */
function reasonNotice(
  reason: string | null,
  minutes: number,
): { tone: Tone; title: string; text: string } | null {
  switch (reason) {
    case "idle_timeout":
      return {
        tone: "warning",
        title: `You were signed out after ${minutes} minutes without activity`,
        text: "This protects patient information on screens left open. Sign in again to carry on.",
      };
    case "expired":
      return {
        tone: "info",
        title: "Your session ended",
        text: `A session lasts at most ${sessionLifetimeHours()} hours. Sign in again to continue.`,
      };
    case "revoked":
      return {
        tone: "warning",
        title: "You were signed out",
        text: "Your session was ended from another device or by an administrator. If you didn't expect this, reset your password after signing in.",
      };
    case "signed_out":
      return {
        tone: "success",
        title: "You're signed out",
        text: "On a shared computer, close the browser window as well.",
      };
    case "signed_out_everywhere":
      return {
        tone: "success",
        title: "You're signed out everywhere",
        text: "Every session of your account has ended, on this device and all others.",
      };
    case "mfa_failed":
      return {
        tone: "warning",
        title: "Too many wrong codes",
        text: "For your security that sign-in was ended. Sign in again with your password, then enter the current code from your authenticator app.",
      };
    case "password_reset":
      return {
        tone: "success",
        title: "Your password was changed",
        text: "Sign in with your new password. Any other sessions of your account were signed out.",
      };
    default:
      return null;
  }
}

export async function loader({ request }: LoaderFunctionArgs) {
  const api = await openApi(request);
  const me = await api.caller.auth.me();
  const url = new URL(request.url);
  const redirectTo = safeRedirect(url.searchParams.get("redirectTo"));
  if (me.user && !pendingMfaPath(me)) throw redirect(redirectTo, { headers: api.headers() });
  const minutesParam = Number(url.searchParams.get("minutes"));
  const minutes =
    Number.isInteger(minutesParam) && minutesParam > 0 && minutesParam <= 60
      ? minutesParam
      : defaultIdleMinutes();
  const reason = url.searchParams.get("reason") ?? me.signedOutReason;
  return data({ notice: reasonNotice(reason, minutes), redirectTo }, { headers: api.headers() });
}

type SignInResult =
  | { kind: "invalid"; errors: { email?: string; password?: string }; email: string }
  | {
      kind: "refused";
      status: "invalid_credentials" | "locked" | "rate_limited";
      message: string;
      email: string;
    }
  | { kind: "wrong_app"; message: string; email: string; otherAppUrl: string }
  | { kind: "error"; message: string; email: string };

export async function action({ request }: ActionFunctionArgs) {
  const api = await openApi(request);
  const form = await request.formData();
  const email = String(form.get("email") ?? "").trim();
  const password = String(form.get("password") ?? "");
  const redirectTo = safeRedirect(form.get("redirectTo"));
  const reply = (result: SignInResult) => data(result, { headers: api.headers() });

  // Empty fields are answered here, without a (logged) sign-in attempt.
  const errors: { email?: string; password?: string } = {};
  if (!email) errors.email = `Enter the email address you use for ${PRODUCT}.`;
  if (!password) errors.password = "Enter your password.";
  if (errors.email || errors.password) return reply({ kind: "invalid", errors, email });

  let result;
  try {
    result = await api.caller.auth.signIn({ email, password });
  } catch (error) {
    const fields = fieldErrorsOf(error);
    if (fields.email || fields.password) {
      return reply({
        kind: "invalid",
        errors: { email: fields.email, password: fields.password },
        email,
      });
    }
    const failure = formFailure(error, request, api.headers());
    return reply({
      kind: "error",
      message: failure.message ?? "Check the form and try again.",
      email,
    });
  }

  if (result.status === "signed_in") {
    const next =
      result.next === "verify_mfa"
        ? withRedirectTo("/sign-in/verify", redirectTo)
        : result.next === "enroll_mfa"
          ? withRedirectTo("/sign-in/setup-mfa", redirectTo)
          : redirectTo;
    throw redirect(next, { headers: api.headers() });
  }
  if (result.status === "wrong_app") {
    return reply({
      kind: "wrong_app",
      message: result.message,
      email,
      otherAppUrl: `${publicUrl(OTHER_APP)}/sign-in`,
    });
  }
  return reply({ kind: "refused", status: result.status, message: result.message, email });
}

const refusedTitle = {
  invalid_credentials: "We couldn't sign you in",
  locked: "Sign-in paused",
  rate_limited: "Too many attempts",
} as const;

export default function SignIn() {
  const { notice, redirectTo } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const submitting = navigation.state !== "idle" && navigation.formAction === "/sign-in";
  const errors = result?.kind === "invalid" ? result.errors : {};
  const emailRef = useRef<HTMLInputElement>(null);
  const passwordRef = useRef<HTMLInputElement>(null);

  // After a failed attempt, put the cursor where the problem is; a refused password is cleared.
  useEffect(() => {
    if (!result) return;
    if (result.kind === "invalid" && result.errors.email) emailRef.current?.focus();
    else if (result.kind === "invalid" || result.kind === "refused") {
      if (passwordRef.current && result.kind === "refused") passwordRef.current.value = "";
      passwordRef.current?.focus();
    }
  }, [result]);

  return (
    <AuthPage
      title="Sign in"
      description={AUTH_COPY.audience}
      footer={
        <>
          <p>{AUTH_COPY.needAccount}</p>
          <p className="mt-2">
            This system contains protected health information. Access is logged.
          </p>
        </>
      }
    >
      <Form method="post" noValidate className="space-y-5">
        {result?.kind === "refused" ? (
          <Notice
            tone={result.status === "rate_limited" ? "warning" : "danger"}
            title={refusedTitle[result.status]}
            live
          >
            {result.message}
          </Notice>
        ) : result?.kind === "wrong_app" ? (
          <Notice tone="info" title="Wrong place to sign in" live>
            <p>{result.message}</p>
            <a
              href={result.otherAppUrl}
              className="mt-2 inline-flex items-center gap-1 font-semibold underline underline-offset-2"
            >
              Go to {OTHER_PRODUCT}
              <ArrowUpRight aria-hidden="true" className="size-3.5" />
            </a>
          </Notice>
        ) : result?.kind === "error" ? (
          <Notice tone="danger" title="Sign-in didn't work" live>
            {result.message}
          </Notice>
        ) : notice ? (
          <Notice tone={notice.tone} title={notice.title} live>
            {notice.text}
          </Notice>
        ) : null}
        <input type="hidden" name="redirectTo" value={redirectTo} />
        <TextField
          ref={emailRef}
          label="Email"
          name="email"
          type="email"
          autoComplete="username"
          inputMode="email"
          icon={Mail}
          size="lg"
          required
          placeholder={AUTH_COPY.emailHint}
          defaultValue={result?.email}
          error={errors.email}
        />
        <TextField
          ref={passwordRef}
          label="Password"
          name="password"
          type="password"
          autoComplete="current-password"
          icon={Lock}
          size="lg"
          required
          error={errors.password}
          labelAside={
            <Link
              to="/forgot-password"
              className="text-compact font-medium text-brand-700 hover:text-brand-800 hover:underline"
            >
              Forgot password?
            </Link>
          }
        />
        <Button type="submit" size="lg" fullWidth disabled={submitting}>
          {submitting ? "Signing in…" : "Sign in"}
        </Button>
      </Form>
    </AuthPage>
  );
}
