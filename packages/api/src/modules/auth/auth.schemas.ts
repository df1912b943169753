import { z } from "zod";

export const EmailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .min(3, "Enter your e-mail address.")
  .max(254)
  .email("Enter a valid e-mail address, like name@clinic.org.");

export const SignInInputSchema = z.object({
  email: EmailSchema,
  password: z.string().min(1, "Enter your password.").max(256),
});

export const TotpCodeSchema = z.object({
  code: z.string().trim().regex(/^\d{3}\s?\d{3}$/, "Enter the 6-digit code from your authenticator app."),
});

export const RecoveryCodeSchema = z.object({
  code: z.string().trim().min(8, "Enter one of your recovery codes.").max(40),
});

export const TokenSchema = z.object({ token: z.string().min(20).max(200) });

export const NewPasswordSchema = z.string().min(1, "Choose a password.").max(256);

export const AcceptInvitationSchema = TokenSchema.extend({
  name: z.string().trim().min(1, "Enter your name.").max(120),
  password: NewPasswordSchema,
});

export const ResetPasswordSchema = TokenSchema.extend({ password: NewPasswordSchema });

export type SignInResult =
  | { status: "signed_in"; next: "done" | "verify_mfa" | "enroll_mfa" }
  | { status: "invalid_credentials" | "locked" | "rate_limited" | "wrong_app"; message: string };
