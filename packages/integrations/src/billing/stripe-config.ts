import { z } from "zod";

/**
 * Configuration of the Stripe adapter. `apiBase` points the official SDK at another host: the
 * local Stripe lookalike under `npm start` and in tests (unset = api.stripe.com).
 */
export const StripeBillingConfigSchema = z
  .object({
    secretKey: z.string().regex(/^(sk|rk)_(test|live)_\w+$/, "must be a Stripe secret key (sk_test_… or sk_live_…)"),
    webhookSecret: z.string().regex(/^whsec_\w+$/, "must be a webhook signing secret (whsec_…)"),
    apiBase: z.string().url().optional(),
    /** Seconds a webhook's signed timestamp may be old (Stripe's default is 300). */
    webhookToleranceSeconds: z.number().int().min(1).max(3600).default(300),
  })
  .strict();

export type StripeBillingConfigInput = z.input<typeof StripeBillingConfigSchema>;
export type StripeBillingConfig = z.output<typeof StripeBillingConfigSchema>;

export const parseStripeBillingConfig = (input: StripeBillingConfigInput): StripeBillingConfig => StripeBillingConfigSchema.parse(input);
