import { Secret, TOTP } from "otpauth";
import QRCode from "qrcode";
import { randomToken, sha256Hex } from "./crypto.js";

const ISSUER = "Carefold";

const totpFor = (secretBase32: string, label = "user") =>
  new TOTP({ issuer: ISSUER, label, algorithm: "SHA1", digits: 6, period: 30, secret: Secret.fromBase32(secretBase32) });

/** A new 160-bit TOTP seed (RFC 4226 recommends ≥ 128 bits). */
export const createTotpSecret = (): string => new Secret({ size: 20 }).base32;

export async function describeEnrollment(secretBase32: string, email: string) {
  const uri = totpFor(secretBase32, email).toString();
  const qrSvg = await QRCode.toString(uri, { type: "svg", margin: 1, errorCorrectionLevel: "M" });
  return { uri, qrSvg, secret: secretBase32 };
}

const PERIOD_MS = 30_000;

/** The 30-second time step a moment falls in (RFC 6238's T). */
export const totpStepAt = (at: number): number => Math.floor(at / PERIOD_MS);

/**
 * The time step a code belongs to, accepting the current step and one either side (clock drift,
 * RFC 6238 §5.2), or null when it matches none. Callers refuse a step that was already used.
 */
export function matchTotpStep(secretBase32: string, code: string, at = Date.now()): number | null {
  const normalised = code.replace(/\s+/g, "");
  if (!/^\d{6}$/.test(normalised)) return null;
  const delta = totpFor(secretBase32).validate({ token: normalised, timestamp: at, window: 1 });
  return delta === null ? null : totpStepAt(at) + delta;
}

/** The code for a time step (default: now); used by tests and never by product code paths. */
export const generateTotp = (secretBase32: string, at = Date.now()): string =>
  totpFor(secretBase32).generate({ timestamp: at });

/** The code for a given time step; lets tests sign in twice within one 30-second window. */
export const generateTotpForStep = (secretBase32: string, step: number): string =>
  totpFor(secretBase32).generate({ timestamp: step * PERIOD_MS });

/** Ten single-use recovery codes like `k3m9-x7q2-p4w8`; only hashes are stored. */
export function createRecoveryCodes(count = 10): { codes: string[]; hashes: string[] } {
  const codes = Array.from({ length: count }, () =>
    randomToken(9).toLowerCase().replace(/[^a-z0-9]/g, "x").slice(0, 12).replace(/(.{4})(?=.)/g, "$1-"),
  );
  return { codes, hashes: codes.map(hashRecoveryCode) };
}

export const hashRecoveryCode = (code: string): string => sha256Hex(code.trim().toLowerCase().replace(/\s+/g, ""));
