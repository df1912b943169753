import { Lock } from "lucide-react";
import { TextField } from "@carefold/ui";

export const PASSWORD_RULE =
  "At least 12 characters. A short sentence is easy to remember and hard to guess.";

/** New password + confirmation, with the rule shown up front. */
export function PasswordFields({
  errors,
  label = "Password",
}: {
  errors: { password?: string; confirm?: string };
  label?: string;
}) {
  return (
    <>
      <TextField
        label={label}
        name="password"
        type="password"
        autoComplete="new-password"
        icon={Lock}
        size="lg"
        required
        minLength={12}
        hint={PASSWORD_RULE}
        error={errors.password}
      />
      <TextField
        label="Type it again"
        name="confirm"
        type="password"
        autoComplete="new-password"
        icon={Lock}
        size="lg"
        required
        error={errors.confirm}
      />
    </>
  );
}

/** Checks done before asking the server (which applies the full rules). */
export function checkNewPassword(password: string, confirm: string) {
  const errors: { password?: string; confirm?: string } = {};
  if (password.length < 12) {
    errors.password = password
      ? `Use at least 12 characters — this one has ${password.length}.`
      : "Choose a password of at least 12 characters.";
  } else if (password !== confirm) {
    errors.confirm = "The two passwords are different. Type the same password twice.";
  }
  return errors;
}
