import type { ActionFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useNavigation } from "@remix-run/react";
import { ArrowLeft, Mail, MailCheck } from "lucide-react";
import { Button, TextField, buttonClasses, buttonIconClass } from "@carefold/ui";
import { AuthPage } from "../components/AuthPage";
import { AUTH_COPY, PRODUCT } from "../lib/app";
import { formFailure, openApi } from "../lib/session.server";

export const meta: MetaFunction = () => [{ title: `Reset your password · ${PRODUCT}` }];

export async function action({ request }: ActionFunctionArgs) {
  const api = await openApi(request);
  const form = await request.formData();
  const email = String(form.get("email") ?? "").trim();
  if (!email) {
    return data(
      { sent: false as const, email, error: "Enter the email address of your account." },
      { headers: api.headers() },
    );
  }
  try {
    // Always the same answer, whether or not the address has an account.
    await api.caller.auth.requestPasswordReset({ email });
    return data({ sent: true as const, email }, { headers: api.headers() });
  } catch (error) {
    const failure = formFailure(error, request, api.headers());
    return data(
      {
        sent: false as const,
        email,
        error: failure.fieldErrors.email ?? failure.message ?? "Check the address and try again.",
      },
      { headers: api.headers() },
    );
  }
}

const backLink = (
  <Link
    to="/sign-in"
    className={buttonClasses({ variant: "ghost", size: "sm", className: "-ml-3" })}
  >
    <ArrowLeft aria-hidden="true" className={buttonIconClass("sm")} />
    Back to sign in
  </Link>
);

export default function ForgotPassword() {
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const submitting = navigation.state !== "idle" && navigation.formMethod === "POST";

  if (result?.sent) {
    return (
      <AuthPage
        title="Check your email"
        description={
          <>
            If <span className="font-medium text-ink-800">{result.email}</span> has an account,
            we've sent it a link to choose a new password. The link works once, for 30 minutes.
          </>
        }
        footer={
          <p>
            No email after a few minutes? Check your spam folder, or ask {AUTH_COPY.helpContact}.
          </p>
        }
      >
        <div
          className="flex items-start gap-3 rounded-xl border border-success-200 bg-success-50 px-4 py-3.5 text-compact text-success-800"
          role="status"
        >
          <MailCheck aria-hidden="true" className="mt-0.5 size-5 shrink-0 text-success-600" />
          <p>
            Open the email titled{" "}
            <span className="font-semibold">"Reset your Carefold password"</span> and follow the
            link in it on this device.
          </p>
        </div>
        <div className="mt-6">{backLink}</div>
      </AuthPage>
    );
  }

  return (
    <AuthPage
      title="Reset your password"
      description="Enter the email address you sign in with. We'll send you a link to choose a new password."
    >
      <Form method="post" noValidate className="space-y-5">
        <TextField
          label="Email"
          name="email"
          type="email"
          autoComplete="username"
          inputMode="email"
          icon={Mail}
          size="lg"
          required
          autoFocus
          placeholder={AUTH_COPY.emailHint}
          defaultValue={result?.email}
          error={result?.error}
        />
        <Button type="submit" size="lg" fullWidth disabled={submitting}>
          {submitting ? "Sending…" : "Send reset link"}
        </Button>
        {backLink}
      </Form>
    </AuthPage>
  );
}
