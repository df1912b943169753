import { hash, verify } from "@node-rs/argon2";
import { invalidInput } from "../../errors.js";

/** OWASP Password Storage Cheat Sheet: argon2id, m=19 MiB, t=2, p=1. */
const ARGON2_OPTIONS = { algorithm: 2 /* Argon2id */, memoryCost: 19_456, timeCost: 2, parallelism: 1 };

export const hashPassword = (password: string): Promise<string> => hash(password, ARGON2_OPTIONS);

export async function verifyPassword(storedHash: string | null, password: string): Promise<boolean> {
  // Verify against a dummy hash when the user has none, so timing does not reveal which accounts exist.
  const target = storedHash ?? DUMMY_HASH;
  const ok = await verify(target, password).catch(() => false);
  return ok && storedHash !== null;
}

const DUMMY_HASH =
  "$argon2id$v=19$m=19456,t=2,p=1$MJI+JuSReVL1i8AUmGdIsA$SfWTScMqUbmdA/sBLCzCKAxWk+EJ9t4mEZY0JEffOV4";

/** NIST SP 800-63B: length over composition rules; block the obvious. */
export function assertPasswordAcceptable(password: string, email: string): void {
  if (password.length < 12) throw invalidInput("Use at least 12 characters for your password.");
  if (password.length > 256) throw invalidInput("Use at most 256 characters for your password.");
  const lower = password.toLowerCase();
  if (lower.includes(email.toLowerCase().split("@")[0] ?? "\u0000")) {
    throw invalidInput("Your password must not contain your e-mail name.");
  }
  if (/^(.)\1+$/.test(password) || COMMON.has(lower)) throw invalidInput("That password is too easy to guess.");
}

const COMMON = new Set(["password1234", "123456789012", "qwertyuiopas", "carefold1234", "letmein12345"]);
