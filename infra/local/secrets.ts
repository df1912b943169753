import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";

export interface LocalSecrets {
  dataEncryptionKey: string;
}

/**
 * Secrets for a local run: taken from the environment when given, otherwise generated once and
 * kept next to the local database (both live under .data, so they stay consistent).
 */
export function loadLocalSecrets(file: string, fromEnv: { DATA_ENCRYPTION_KEY?: string }): LocalSecrets {
  if (fromEnv.DATA_ENCRYPTION_KEY) return { dataEncryptionKey: fromEnv.DATA_ENCRYPTION_KEY };
  if (existsSync(file)) return JSON.parse(readFileSync(file, "utf8")) as LocalSecrets;
  const secrets = { dataEncryptionKey: randomBytes(32).toString("base64") };
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  return secrets;
}
