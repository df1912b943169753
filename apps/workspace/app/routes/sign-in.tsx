import type { ActionFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useNavigation } from "@remix-run/react";
import { Lock, Mail } from "lucide-react";
import { useEffect, useRef } from "react";
import { AuthLayout, Button, Notice, TextField } from "@carefold/ui";

export const meta: MetaFunction = () => [{ title: "Sign in · Carefold Workspace" }];

type SignInResult =
  | { kind: "invalid"; errors: { email?: string; password?: string }; email: string }
  | { kind: "unavailable"; email: string };

export async function action({ request }: ActionFunctionArgs): Promise<SignInResult> {
  const form = await request.formData();
  const email = String(form.get("email") ?? "").trim();
  const password = String(form.get("password") ?? "");
  const errors: { email?: string; password?: string } = {};
  if (!email) errors.email = "Enter your work email address.";
  else if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email))
    errors.email = "Enter an email address like name@company.com.";
  if (!password) errors.password = "Enter your password.";
  if (errors.email || errors.password) return { kind: "invalid", errors, email };
  // Accounts, passwords and two-factor sign-in arrive with the identity issue.
  return { kind: "unavailable", email };
}

export default function SignIn() {
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const submitting = navigation.state === "submitting";
  const errors = result?.kind === "invalid" ? result.errors : {};
  const emailRef = useRef<HTMLInputElement>(null);
  const passwordRef = useRef<HTMLInputElement>(null);

  // After a failed attempt, put the cursor where the first problem is.
  useEffect(() => {
    if (result?.kind !== "invalid") return;
    (result.errors.email ? emailRef : passwordRef).current?.focus();
  }, [result]);

  return (
    <AuthLayout
      product="Carefold Workspace"
      tagline="One worklist across every clinic you care for, built for the keyboard."
      highlights={[
        "Patients ordered by month-end risk and the right time to call",
        "Timer, calls and notes in one place, with shortcuts for each",
        "Month-to-date minutes against every billing threshold",
      ]}
      title="Sign in"
      description="For care coordinators, supervisors and admins."
      footer={
        <>
          <p>Need an account? Ask your supervisor or a Carefold admin.</p>
          <p className="mt-2">
            This system contains protected health information. Access is logged.
          </p>
        </>
      }
    >
      <Form method="post" noValidate className="space-y-5">
        {result?.kind === "unavailable" ? (
          <Notice tone="info" title="Sign-in isn't switched on yet" live>
            Accounts arrive with the identity release. Until then, the workspace opens without
            signing in.
          </Notice>
        ) : null}
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
        />
        <Button type="submit" size="lg" fullWidth disabled={submitting}>
          {submitting ? "Signing in…" : "Sign in"}
        </Button>
      </Form>
    </AuthLayout>
  );
}
