import pg from "pg";
import type { Db } from "@carefold/db";
import type { ApiConfig } from "../config.js";
import { encryptSecret } from "../modules/auth/crypto.js";
import { hashPassword } from "../modules/auth/password.js";
import { createTotpSecret } from "../modules/auth/totp.js";
import { TEST_PASSWORD, TestBrowser, signIn } from "../testing/api-test-kit.js";

/**
 * Gives a generated coordinator a password and an authenticator (the generator creates users
 * without credentials), then signs in through the real procedures, password and TOTP, like the
 * workspace does. Each browser gets its own client address so sign-in rate limits stay per person.
 */
export async function signInCoordinator(db: Db, superuserUrl: string, config: ApiConfig, user: { userId: string; email: string }, ip: string): Promise<TestBrowser> {
  const totpSecret = createTotpSecret();
  const client = new pg.Client({ connectionString: superuserUrl });
  await client.connect();
  try {
    await client.query(
      `UPDATE app_user SET password_hash = $2, totp_secret_enc = $3, totp_enabled_at = now(), failed_sign_in_count = 0, locked_until = NULL WHERE id = $1`,
      [user.userId, await hashPassword(TEST_PASSWORD), encryptSecret(totpSecret, config.encryptionKey)],
    );
  } finally {
    await client.end();
  }
  const browser = new TestBrowser(db, config, "workspace", ip);
  await signIn(browser, { id: user.userId, email: user.email, totpSecret });
  return browser;
}
