import pg from "pg";

/**
 * Direct database access for what a browser cannot do: age a session, read the local outbox.
 * The e2e web server uses DATABASE_URL when set, else the embedded PostgreSQL on port 54349
 * (playwright.config.ts); its product database is carefold_e2e.
 */
function e2eDatabaseUrl(): string {
  // The test harness (not product code) needs to know where the test database runs.
  // eslint-disable-next-line no-restricted-properties
  const env = process.env;
  const admin =
    env.DATABASE_URL ?? "postgresql://postgres:carefold_local_superuser@127.0.0.1:54349/postgres";
  const url = new URL(admin);
  url.pathname = `/${env.E2E_DATABASE ?? "carefold_e2e"}`;
  return url.toString();
}

export async function withDb<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: e2eDatabaseUrl() });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** Pretends the person has been away: every live session's last activity moves back. */
export async function ageSessions(email: string, minutes: number): Promise<number> {
  return withDb(async (client) => {
    const result = await client.query(
      `UPDATE user_session SET last_seen_at = last_seen_at - make_interval(mins => $2)
        WHERE revoked_at IS NULL AND user_id = (SELECT id FROM app_user WHERE email = $1)`,
      [email, minutes],
    );
    return result.rowCount ?? 0;
  });
}

/** The link in the newest e-mail of a kind sent to an address (the local mail adapter's outbox). */
export async function latestMailLink(to: string, kind = "invitation"): Promise<string> {
  return withDb(async (client) => {
    const result = await client.query<{ body_text: string }>(
      `SELECT body_text FROM mail_outbox WHERE to_address = $1 AND kind = $2
        ORDER BY created_at DESC LIMIT 1`,
      [to, kind],
    );
    const body = result.rows[0]?.body_text;
    const link = body?.match(/https?:\/\/\S+/)?.[0];
    if (!link) throw new Error(`no ${kind} e-mail with a link for ${to}`);
    return link;
  });
}

/** Sign-in attempts recorded for an address (to prove a refused request never reached sign-in). */
export async function signInAttempts(email: string): Promise<number> {
  return withDb(async (client) => {
    const result = await client.query<{ count: string }>(
      "SELECT count(*) FROM sign_in_attempt WHERE email = $1",
      [email],
    );
    return Number(result.rows[0]?.count ?? 0);
  });
}

/**
 * Removes a person's timers (running and paused). The server keeps one timer per person across
 * tests; a test that times a patient starts from none, whatever an earlier test left.
 */
export async function clearTimers(email: string): Promise<void> {
  await withDb((client) =>
    client.query("DELETE FROM work_timer WHERE user_id = (SELECT id FROM app_user WHERE email = $1)", [email]),
  );
}

/**
 * Takes back a close a test ran on a demo clinic's month (its runs and worksheet rows go with it,
 * and the month's entries unlock), so later specs find the month as the demo seed left it: not
 * closed. Only for a close that was not approved or exported.
 */
export async function undoMonthClose(clinicName: string, serviceMonth: string): Promise<void> {
  await withDb(async (client) => {
    await client.query("BEGIN");
    const params = [clinicName, serviceMonth];
    const tenant = "(SELECT id FROM tenant WHERE name = $1)";
    const { rowCount } = await client.query(`DELETE FROM month_close WHERE tenant_id = ${tenant} AND service_month = $2 AND status = 'closed'`, params);
    if (rowCount !== 1) throw new Error(`no closed, unapproved ${serviceMonth} for ${clinicName} to undo`);
    await client.query(`DELETE FROM service_month_lock WHERE tenant_id = ${tenant} AND service_month = $2`, params);
    await client.query("COMMIT");
  });
}

/** Time entries waiting for a supervisor's review, in every clinic. */
export async function pendingTimeEntries(): Promise<number> {
  return withDb(async (client) => {
    const result = await client.query<{ count: string }>("SELECT count(*) FROM time_entry WHERE review_status = 'pending' AND NOT is_superseded");
    return Number(result.rows[0]?.count ?? 0);
  });
}

/**
 * Lets real time pass. The page's clock can be faked, the server's cannot: a timer counts the
 * seconds the server measures, so a test that wants measured seconds waits for them.
 */
export const letRealSecondsPass = (seconds: number) => new Promise<void>((done) => setTimeout(done, seconds * 1000));
