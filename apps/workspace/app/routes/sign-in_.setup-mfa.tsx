import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import type { ShouldRevalidateFunction } from "@remix-run/react";
import {
  Form,
  Link,
  useActionData,
  useLoaderData,
  useNavigate,
  useNavigation,
} from "@remix-run/react";
import { ArrowRight, Download, ShieldCheck, Smartphone } from "lucide-react";
import { useState, type ReactNode } from "react";
import { Button, Checkbox, CopyButton, Notice, TextField } from "@carefold/ui";
import { AuthPage } from "../components/AuthPage";
import { PRODUCT } from "../lib/app";
import { groupSecret } from "../lib/labels";
import {
  formFailure,
  openApi,
  pageError,
  safeRedirect,
  signInPath,
  withRedirectTo,
} from "../lib/session.server";

export const meta: MetaFunction = () => [{ title: `Set up two-step sign-in · ${PRODUCT}` }];

/**
 * The loader starts a fresh enrolment (new secret) each time it runs, so it must not run again
 * after the code is submitted: the QR code on screen has to stay the one the phone scanned.
 */
export const shouldRevalidate: ShouldRevalidateFunction = ({
  formMethod,
  defaultShouldRevalidate,
}) => (formMethod ? false : defaultShouldRevalidate);

export async function loader({ request }: LoaderFunctionArgs) {
  const api = await openApi(request);
  const me = await api.caller.auth.me();
  const url = new URL(request.url);
  const isSigningIn = me.user ? me.mfa.isRequired && !me.mfa.isVerified : false;
  const redirectTo = safeRedirect(
    url.searchParams.get("redirectTo"),
    isSigningIn ? "/" : "/account/security",
  );
  const headers = api.headers();
  if (!me.user) throw redirect(signInPath(me.signedOutReason, redirectTo), { headers });
  if (me.mfa.isEnrolled) {
    throw redirect(
      isSigningIn ? withRedirectTo("/sign-in/verify", redirectTo) : "/account/security",
      { headers },
    );
  }
  let enrollment;
  try {
    enrollment = await api.caller.auth.startMfaEnrollment();
  } catch (error) {
    pageError(error, request, api.headers());
  }
  return data(
    {
      email: me.user.email,
      qrSvg: enrollment.qrSvg,
      secret: enrollment.secret,
      isSigningIn,
      redirectTo,
    },
    { headers: api.headers() },
  );
}

export async function action({ request }: ActionFunctionArgs) {
  const api = await openApi(request);
  const form = await request.formData();
  const code = String(form.get("code") ?? "").trim();
  if (!code) {
    return data(
      { ok: false as const, error: "Enter the 6-digit code your authenticator app shows now." },
      { headers: api.headers() },
    );
  }
  try {
    const { recoveryCodes } = await api.caller.auth.confirmMfaEnrollment({ code });
    return data({ ok: true as const, recoveryCodes }, { headers: api.headers() });
  } catch (error) {
    const failure = formFailure(error, request, api.headers());
    return data(
      {
        ok: false as const,
        error: failure.fieldErrors.code ?? failure.message ?? "That code didn't work.",
      },
      { headers: api.headers() },
    );
  }
}

function Step({ number, title, children }: { number: number; title: string; children: ReactNode }) {
  return (
    <li className="flex gap-3.5">
      <span className="tabular flex size-6 shrink-0 items-center justify-center rounded-full bg-brand-600 text-xs font-semibold text-white">
        {number}
      </span>
      <div className="min-w-0 flex-1">
        <h2 className="text-sm font-semibold text-ink-900">{title}</h2>
        <div className="mt-1 text-compact text-ink-600">{children}</div>
      </div>
    </li>
  );
}

export default function SetUpTwoStep() {
  const { email, qrSvg, secret, isSigningIn, redirectTo } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const submitting = navigation.state !== "idle" && navigation.formMethod === "POST";

  if (result?.ok) {
    return <RecoveryCodes codes={result.recoveryCodes} email={email} next={redirectTo} />;
  }

  return (
    <AuthPage
      size="md"
      title="Set up two-step sign-in"
      description={
        isSigningIn
          ? "Your account needs a second step at sign-in: a code from an app on your phone. It takes about a minute."
          : "Add a code from your phone to every sign-in, so a stolen password alone can't open your account."
      }
      footer={
        isSigningIn ? (
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
        ) : (
          <Link to="/account/security" className="font-medium text-brand-700 hover:underline">
            Cancel and go back to account security
          </Link>
        )
      }
    >
      <ol className="space-y-7">
        <Step number={1} title="Install an authenticator app">
          Google Authenticator, Microsoft Authenticator, 1Password or Authy all work. Use one on a
          phone only you have.
        </Step>
        <Step number={2} title="Scan this QR code with the app">
          <div className="mt-3 flex flex-wrap items-start gap-5">
            <div
              role="img"
              aria-label="QR code to add Carefold to your authenticator app"
              className="size-40 shrink-0 rounded-lg border border-neutral-200 bg-white p-2 shadow-xs [&_svg]:size-full"
              // Generated on the server by the qrcode library from the otpauth:// URI; no user input.
              dangerouslySetInnerHTML={{ __html: qrSvg }}
            />
            <div className="min-w-0 flex-1 basis-40">
              <p>Can't scan? Choose "enter a setup key" in the app and type:</p>
              <p
                className="mt-2 rounded-md border border-neutral-200 bg-neutral-50 px-3 py-2 font-mono text-sm font-semibold tracking-wide break-words text-ink-900"
                data-testid="totp-secret"
              >
                {groupSecret(secret)}
              </p>
              <p className="mt-1.5 text-xs text-ink-500">Account: {email} · time-based, 6 digits</p>
              <CopyButton text={secret} label="Copy key" className="mt-2" />
            </div>
          </div>
        </Step>
        <Step number={3} title="Enter the 6-digit code the app shows">
          <Form method="post" noValidate className="mt-3 space-y-4">
            {result && !result.ok ? (
              <Notice tone="danger" live>
                {result.error}
              </Notice>
            ) : null}
            <TextField
              label="Code from the app"
              name="code"
              inputMode="numeric"
              autoComplete="one-time-code"
              maxLength={7}
              placeholder="123 456"
              icon={Smartphone}
              size="lg"
              className="[&_input]:font-mono [&_input]:tracking-[0.3em]"
              error={result && !result.ok ? "Check the code and try again." : undefined}
            />
            <Button type="submit" size="lg" fullWidth icon={ShieldCheck} disabled={submitting}>
              {submitting ? "Checking…" : "Turn on two-step sign-in"}
            </Button>
          </Form>
        </Step>
      </ol>
    </AuthPage>
  );
}

function RecoveryCodes({ codes, email, next }: { codes: string[]; email: string; next: string }) {
  const [saved, setSaved] = useState(false);
  const navigate = useNavigate();
  const text = [
    `Carefold recovery codes for ${email}`,
    `Created ${new Date().toISOString().slice(0, 10)}. Each code signs you in once, without your phone.`,
    "",
    ...codes.map((code, index) => `${String(index + 1).padStart(2, " ")}. ${code}`),
    "",
    "Keep them somewhere safe and private, such as a password manager.",
    "",
  ].join("\n");

  function download() {
    const url = URL.createObjectURL(new Blob([text], { type: "text/plain" }));
    const link = document.createElement("a");
    link.href = url;
    link.download = "carefold-recovery-codes.txt";
    document.body.append(link);
    link.click();
    link.remove();
    URL.revokeObjectURL(url);
  }

  return (
    <AuthPage
      size="md"
      title="Save your recovery codes"
      description="Two-step sign-in is on. If you lose your phone, each of these codes lets you sign in once instead of a code from the app."
    >
      <Notice tone="warning" title="This is the only time these codes are shown">
        Download them or copy them into a password manager now. Anyone with a code and your password
        can sign in.
      </Notice>
      <ol
        aria-label="Recovery codes"
        className="mt-5 grid grid-cols-2 gap-x-6 gap-y-2 rounded-xl border border-neutral-200 bg-neutral-50 px-5 py-4"
      >
        {codes.map((code, index) => (
          <li key={code} className="flex items-baseline gap-2.5">
            <span className="tabular w-5 text-right text-xs text-ink-500">{index + 1}.</span>
            <code className="font-mono text-sm font-semibold tracking-wide text-ink-900">
              {code}
            </code>
          </li>
        ))}
      </ol>
      <div className="mt-3 flex flex-wrap gap-2">
        <Button variant="secondary" size="sm" icon={Download} onClick={download}>
          Download .txt
        </Button>
        <CopyButton text={text} label="Copy all" />
      </div>
      <Checkbox
        card
        className="mt-6"
        label="I saved these codes somewhere safe"
        description="You can't see them again after you continue."
        checked={saved}
        onChange={(event) => setSaved(event.currentTarget.checked)}
      />
      <Button
        size="lg"
        fullWidth
        className="mt-5"
        trailingIcon={ArrowRight}
        disabled={!saved}
        onClick={() => navigate(next)}
      >
        Continue
      </Button>
    </AuthPage>
  );
}
