import type { ActionFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useNavigation } from "@remix-run/react";
import { Button, Notice, buttonClasses } from "@carefold/ui";
import { AuthPage } from "../components/AuthPage";
import { PasswordFields, checkNewPassword } from "../components/PasswordFields";
import { PRODUCT } from "../lib/app";
import { formFailure, openApi, signInPath } from "../lib/session.server";

export const meta: MetaFunction = () => [
  { title: `Choose a new password · ${PRODUCT}` },
  // The token is in the address: keep it out of other sites' logs.
  { name: "referrer", content: "no-referrer" },
];

export async function action({ request, params }: ActionFunctionArgs) {
  const api = await openApi(request);
  const form = await request.formData();
  const password = String(form.get("password") ?? "");
  const confirm = String(form.get("confirm") ?? "");
  const reply = (body: { errors: { password?: string; confirm?: string }; linkProblem?: string }) =>
    data(body, { headers: api.headers() });

  const errors = checkNewPassword(password, confirm);
  if (errors.password || errors.confirm) return reply({ errors });
  try {
    await api.caller.auth.resetPassword({ token: params.token ?? "", password });
  } catch (error) {
    const failure = formFailure(error, request, api.headers());
    if (
      failure.code === "NOT_FOUND" ||
      failure.code === "PRECONDITION_FAILED" ||
      failure.fieldErrors.token
    ) {
      return reply({
        errors: {},
        linkProblem:
          failure.code === "PRECONDITION_FAILED" && failure.message
            ? failure.message
            : "This reset link isn't valid. Request a new one.",
      });
    }
    return reply({
      errors: { password: failure.fieldErrors.password ?? failure.message ?? undefined },
    });
  }
  throw redirect(signInPath("password_reset"), { headers: api.headers() });
}

export default function ResetPassword() {
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const submitting = navigation.state !== "idle" && navigation.formMethod === "POST";

  if (result?.linkProblem) {
    return (
      <AuthPage title="This link can't be used" description={result.linkProblem}>
        <div className="space-y-3">
          <Link to="/forgot-password" className={buttonClasses({ size: "lg", fullWidth: true })}>
            Send me a new link
          </Link>
          <Link
            to="/sign-in"
            className={buttonClasses({ variant: "secondary", size: "lg", fullWidth: true })}
          >
            Back to sign in
          </Link>
        </div>
      </AuthPage>
    );
  }

  return (
    <AuthPage
      title="Choose a new password"
      description="After this, you'll sign in with the new password, and any other sessions of your account are signed out."
    >
      <Form method="post" noValidate className="space-y-5">
        {result && (result.errors.password || result.errors.confirm) ? (
          <Notice tone="danger" live>
            The password wasn't changed. Fix the field below and try again.
          </Notice>
        ) : null}
        <PasswordFields errors={result?.errors ?? {}} label="New password" />
        <Button type="submit" size="lg" fullWidth disabled={submitting}>
          {submitting ? "Saving…" : "Save new password"}
        </Button>
      </Form>
    </AuthPage>
  );
}
