import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";

export interface LocalSecrets {
  dataEncryptionKey: string;
  /** Signs the audit-chain checkpoints the worker writes outside the database (decision 0029). */
  auditCheckpointKey: string;
}

const newKey = () => randomBytes(32).toString("base64");

/**
 * Secrets for a local run: taken from the environment when given, otherwise generated once and
 * kept next to the local database (both live under .data, so they stay consistent). A file from
 * an older run that lacks a newer secret gets it added, keeping the ones it has.
 */
export function loadLocalSecrets(file: string, fromEnv: { DATA_ENCRYPTION_KEY?: string; AUDIT_CHECKPOINT_KEY?: string }): LocalSecrets {
  const stored: Partial<LocalSecrets> = existsSync(file) ? (JSON.parse(readFileSync(file, "utf8")) as Partial<LocalSecrets>) : {};
  const secrets: LocalSecrets = {
    dataEncryptionKey: fromEnv.DATA_ENCRYPTION_KEY ?? stored.dataEncryptionKey ?? newKey(),
    auditCheckpointKey: fromEnv.AUDIT_CHECKPOINT_KEY ?? stored.auditCheckpointKey ?? newKey(),
  };
  if (stored.dataEncryptionKey !== secrets.dataEncryptionKey || stored.auditCheckpointKey !== secrets.auditCheckpointKey) {
    if (!fromEnv.DATA_ENCRYPTION_KEY || !fromEnv.AUDIT_CHECKPOINT_KEY) {
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, JSON.stringify({ ...stored, ...secrets }, null, 2), { mode: 0o600 });
    }
  }
  return secrets;
}
