// `npm start`: database (embedded unless DATABASE_URL), migrations, demo data, then the portal,
// the workspace and the worker. One Ctrl-C stops everything, embedded PostgreSQL last.
import { resolve } from "node:path";
import { DEMO_PASSWORD, DEMO_USERS, seedDemoBilling, seedDemoPatients, seedDemoUsers } from "@carefold/api";
import { createDb, seedDemoData, DEMO_CLINICS } from "@carefold/db";
import { LOCAL_TELEPHONY_CREDENTIALS, startLocalS3Server, startLocalStripeServer, startLocalTwilioServer, WEBHOOK_PATHS } from "@carefold/integrations";
import { ConfigError, loadBootstrapEnv, snapshotProcessEnv } from "@carefold/env";
import { startLocalDatabase } from "./database.js";
import { REPO_ROOT, startWebApp, startWorker, waitForHttp, type ManagedProcess } from "./processes.js";
import { loadLocalSecrets } from "./secrets.js";

const log = (line: string) => console.log(`[start] ${line}`);

async function main() {
  const env = loadBootstrapEnv();
  const secrets = loadLocalSecrets(resolve(REPO_ROOT, env.CAREFOLD_DATA_DIR, `secrets-${env.CAREFOLD_DATABASE}.json`), env);
  const database = await startLocalDatabase(env, log);
  const db = createDb(database.appUrl, 2);
  const { clinicsCreated } = await seedDemoData(db);
  const { usersCreated } = await seedDemoUsers(db, Buffer.from(secrets.dataEncryptionKey, "base64"));
  const { patientsCreated } = await seedDemoPatients(db, { today: new Date().toISOString().slice(0, 10) });
  // Last month's time and the clinics' billing profiles, so a month close can be demonstrated.
  await seedDemoBilling(db, { today: new Date().toISOString().slice(0, 10) });
  await db.$disconnect();
  log(clinicsCreated || usersCreated || patientsCreated ? `seeded ${clinicsCreated} demo clinic(s), ${usersCreated} user(s), ${patientsCreated} patient(s)` : "demo data already present");

  // Local S3-compatible server for documents (consent forms, care-plan PDFs, imports).
  const s3 = await startLocalS3Server({ directory: resolve(REPO_ROOT, env.CAREFOLD_DATA_DIR, `s3-${env.CAREFOLD_DATABASE}`), port: 0, bucket: "carefold-documents" });

  const portalUrl = `http://127.0.0.1:${env.PORTAL_PORT}`;
  const workspaceUrl = `http://127.0.0.1:${env.WORKSPACE_PORT}`;

  // Local Twilio stand-in: the softphone rings and answers here, texts are "sent" here, and its
  // signed callbacks go to the workspace's webhook routes exactly as Twilio's would.
  const twilio = await startLocalTwilioServer({
    ...LOCAL_TELEPHONY_CREDENTIALS,
    port: env.LOCAL_TWILIO_PORT ?? env.WORKSPACE_PORT + 1000,
    voiceUrl: `${workspaceUrl}${WEBHOOK_PATHS.voice}`,
    smsUrl: `${workspaceUrl}${WEBHOOK_PATHS.sms}`,
    log: (line) => log(`local twilio: ${line}`),
  });
  // Local Stripe lookalike: the worker's Stripe SDK talks to it; it keeps invoices in a ledger
  // file, serves hosted invoice pages and posts signed webhooks to the workspace.
  const stripeWebhookSecret = "whsec_carefold_local";
  const stripe = await startLocalStripeServer({
    port: env.LOCAL_STRIPE_PORT ?? env.WORKSPACE_PORT + 10,
    ledgerFile: resolve(REPO_ROOT, env.CAREFOLD_DATA_DIR, `stripe-${env.CAREFOLD_DATABASE}.json`),
    webhookUrl: `${workspaceUrl}/webhooks/stripe`,
    webhookSecret: stripeWebhookSecret,
  });
  const childEnv = {
    ...snapshotProcessEnv(),
    // The production build runs here with the local stand-ins' published secrets (packages/env).
    CAREFOLD_LOCAL_RUN: "1",
    APP_DATABASE_URL: database.appUrl,
    DATA_ENCRYPTION_KEY: secrets.dataEncryptionKey,
    // Audit-chain checkpoints go outside the database: a folder beside it, signed with a local key.
    AUDIT_CHECKPOINT_KEY: secrets.auditCheckpointKey,
    AUDIT_CHECKPOINT_DIR: env.AUDIT_CHECKPOINT_DIR ?? resolve(REPO_ROOT, env.CAREFOLD_DATA_DIR, `audit-checkpoints-${env.CAREFOLD_DATABASE}`),
    PORTAL_PUBLIC_URL: portalUrl,
    WORKSPACE_PUBLIC_URL: workspaceUrl,
    S3_BUCKET: s3.bucket,
    S3_REGION: s3.region,
    S3_ENDPOINT: s3.endpoint,
    S3_FORCE_PATH_STYLE: "true",
    S3_ACCESS_KEY_ID: s3.credentials.accessKeyId,
    S3_SECRET_ACCESS_KEY: s3.credentials.secretAccessKey,
    LOCAL_TWILIO_URL: twilio.url,
    STRIPE_SECRET_KEY: "sk_test_carefold_local",
    STRIPE_WEBHOOK_SECRET: stripeWebhookSecret,
    STRIPE_API_BASE: stripe.url,
  };
  const processes: ManagedProcess[] = [
    startWebApp("portal", env.PORTAL_PORT, childEnv),
    startWebApp("workspace", env.WORKSPACE_PORT, childEnv),
    startWorker(childEnv),
  ];

  let stopping = false;
  const stopAll = async (exitCode: number) => {
    if (stopping) return;
    stopping = true;
    log("stopping…");
    for (const p of processes) if (p.child.exitCode === null) p.child.kill("SIGTERM");
    await Promise.all(processes.map((p) => p.exited));
    await s3.stop();
    await twilio.stop();
    await stripe.stop();
    await database.embedded?.stop();
    log("stopped");
    process.exit(exitCode);
  };
  process.on("SIGINT", () => void stopAll(0));
  process.on("SIGTERM", () => void stopAll(0));
  for (const p of processes) {
    void p.exited.then((code) => {
      if (!stopping) {
        log(`${p.name} exited unexpectedly (code ${code}); stopping the rest`);
        void stopAll(1);
      }
    });
  }

  await Promise.all([waitForHttp(`${portalUrl}/healthz`), waitForHttp(`${workspaceUrl}/healthz`)]);
  console.log(
    [
      "",
      "  Carefold is running",
      `  Clinic portal:         ${portalUrl}`,
      `  Coordinator workspace: ${workspaceUrl}   (vendor admin: ${workspaceUrl}/admin)`,
      `  Database:              ${database.description}`,
      `  Documents (S3):        local S3-compatible server at ${s3.endpoint}`,
      `  Calls and texts:       local Twilio stand-in at ${twilio.url} (a patient texts the clinic: POST ${twilio.url}/sms/inbound {"from","to","body"})`,
      `  Invoices (Stripe):     local Stripe lookalike at ${stripe.url}`,
      `  Demo clinics:          ${DEMO_CLINICS.map((c) => c.name).join(", ")}`,
      `  Demo sign-ins (password "${DEMO_PASSWORD}"):`,
      ...DEMO_USERS.map((u) => `    ${u.kind === "vendor" ? "workspace" : "portal   "}  ${u.email.padEnd(28)} ${u.name}${u.hasTotp ? "  (two-step: npm run demo:codes)" : ""}`),
      "",
      "  Press Ctrl-C to stop.",
      "",
    ].join("\n"),
  );
}

main().catch((error) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
