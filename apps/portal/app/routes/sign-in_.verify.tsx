import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { KeyRound, Smartphone } from "lucide-react";
import { useEffect, useRef } from "react";
import { Button, Notice, TextField } from "@carefold/ui";
import { AuthPage } from "../components/AuthPage";
import { AUTH_COPY, PRODUCT } from "../lib/app";
import {
  formFailure,
  openApi,
  safeRedirect,
  signInPath,
  withRedirectTo,
} from "../lib/session.server";

export const meta: MetaFunction = () => [{ title: `Two-step sign-in · ${PRODUCT}` }];

type Method = "totp" | "recovery";

export async function loader({ request }: LoaderFunctionArgs) {
  const api = await openApi(request);
  const me = await api.caller.auth.me();
  const url = new URL(request.url);
  const redirectTo = safeRedirect(url.searchParams.get("redirectTo"));
  const headers = api.headers();
  if (!me.user) throw redirect(signInPath(me.signedOutReason, redirectTo), { headers });
  if (!me.mfa.isRequired || me.mfa.isVerified) throw redirect(redirectTo, { headers });
  if (!me.mfa.isEnrolled)
    throw redirect(withRedirectTo("/sign-in/setup-mfa", redirectTo), { headers });
  const method: Method = url.searchParams.get("method") === "recovery" ? "recovery" : "totp";
  return data({ email: me.user.email, method, redirectTo }, { headers });
}

/** Recovery codes are shown as k3m9-x7q2-p4w8; accept them typed without dashes or with spaces. */
function normaliseRecoveryCode(code: string) {
  const compact = code.toLowerCase().replace(/[\s-]+/g, "");
  return /^[a-z0-9]{12}$/.test(compact) ? compact.replace(/(.{4})(?=.)/g, "$1-") : code.trim();
}

export async function action({ request }: ActionFunctionArgs) {
  const api = await openApi(request);
  const form = await request.formData();
  const method: Method = form.get("method") === "recovery" ? "recovery" : "totp";
  const redirectTo = safeRedirect(form.get("redirectTo"));
  const code = String(form.get("code") ?? "").trim();
  const reply = (error: string) => data({ error }, { headers: api.headers() });

  if (!code) {
    return reply(
      method === "totp"
        ? "Enter the 6-digit code from your authenticator app."
        : "Enter one of your recovery codes.",
    );
  }
  try {
    const result =
      method === "totp"
        ? await api.caller.auth.verifyMfa({ code })
        : await api.caller.auth.useRecoveryCode({ code: normaliseRecoveryCode(code) });
    if (result.ok) {
      // After a recovery code, show how many are left (and how to get new ones).
      const next =
        "remaining" in result
          ? `/account/security?${new URLSearchParams({ recoveryCodesLeft: String(result.remaining) })}`
          : redirectTo;
      throw redirect(next, { headers: api.headers() });
    }
    if (result.isSignedOut) throw redirect(signInPath("mfa_failed"), { headers: api.headers() });
    // The API answers a wrong recovery code with the authenticator wording; say it in this page's terms.
    return reply(
      method === "totp"
        ? result.message
        : "That isn't one of your unused recovery codes. Check it and try again — each code works once.",
    );
  } catch (error) {
    if (error instanceof Response) throw error;
    const failure = formFailure(error, request, api.headers());
    return reply(
      failure.fieldErrors.code ?? failure.message ?? "That code didn't work. Try again.",
    );
  }
}

export default function VerifyTwoStep() {
  const { email, method, redirectTo } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const submitting = navigation.state !== "idle" && navigation.formMethod === "POST";
  const codeRef = useRef<HTMLInputElement>(null);
  const isTotp = method === "totp";

  useEffect(() => {
    if (result?.error && codeRef.current) {
      codeRef.current.value = "";
      codeRef.current.focus();
    }
  }, [result]);

  const switchTo = withRedirectToClient(isTotp ? "?method=recovery" : "?", redirectTo);

  return (
    <AuthPage
      title={isTotp ? "Enter your code" : "Use a recovery code"}
      description={
        isTotp
          ? "Open your authenticator app and enter the 6-digit code it shows for Carefold."
          : "Enter one of the ten recovery codes you saved when you set up two-step sign-in. Each code works once."
      }
      footer={
        <div className="space-y-2">
          <Form method="post" action="/sign-out" className="flex flex-wrap items-center gap-1">
            <span>
              Signing in as <span className="font-medium text-ink-700">{email}</span>.
            </span>
            <button
              type="submit"
              className="font-medium text-brand-700 hover:text-brand-800 hover:underline"
            >
              Not you? Sign out
            </button>
          </Form>
          <p>
            Lost your phone and your recovery codes? Ask {AUTH_COPY.helpContact} to reset two-step
            sign-in for your account.
          </p>
        </div>
      }
    >
      <Form method="post" noValidate className="space-y-5" key={method}>
        {result?.error ? (
          <Notice tone="danger" title="That didn't work" live>
            {result.error}
          </Notice>
        ) : null}
        <input type="hidden" name="method" value={method} />
        <input type="hidden" name="redirectTo" value={redirectTo} />
        {isTotp ? (
          <TextField
            ref={codeRef}
            label="Authentication code"
            name="code"
            inputMode="numeric"
            autoComplete="one-time-code"
            pattern="[0-9 ]*"
            maxLength={7}
            placeholder="123 456"
            icon={Smartphone}
            size="lg"
            autoFocus
            className="[&_input]:font-mono [&_input]:tracking-[0.3em]"
            hint="The code changes every 30 seconds."
          />
        ) : (
          <TextField
            ref={codeRef}
            label="Recovery code"
            name="code"
            autoComplete="off"
            autoCapitalize="off"
            spellCheck={false}
            placeholder="xxxx-xxxx-xxxx"
            icon={KeyRound}
            size="lg"
            autoFocus
            className="[&_input]:font-mono"
          />
        )}
        <Button type="submit" size="lg" fullWidth disabled={submitting}>
          {submitting ? "Checking…" : "Verify and continue"}
        </Button>
        <p className="text-center text-compact">
          <Link
            to={switchTo}
            className="font-medium text-brand-700 hover:text-brand-800 hover:underline"
          >
            {isTotp ? "Use a recovery code instead" : "Use your authenticator app instead"}
          </Link>
        </p>
      </Form>
    </AuthPage>
  );
}

function withRedirectToClient(query: string, redirectTo: string) {
  const params = new URLSearchParams(query.replace(/^\?/, ""));
  if (redirectTo !== "/") params.set("redirectTo", redirectTo);
  const search = params.toString();
  return search ? `?${search}` : "?";
}
