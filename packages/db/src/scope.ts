import type { Db } from "./client.js";
import { bindTransactionConnection, leanQuery, withConnectionCapture } from "./lean-sql.js";
import type { Prisma } from "./generated/prisma/client.js";

/** The transaction client handed to scoped work. */
export type ScopedTx = Prisma.TransactionClient;

/**
 * Which tenants a unit of work may see: one clinic, or a coordinator's assigned clinics (an
 * empty list sees no tenant rows). `userId` is the signed-in user, which lets them read their own
 * memberships and assignments (policies `own_rows`) before a tenant is chosen.
 */
export interface TenantScope {
  tenantIds: readonly string[];
  userId?: string;
}

export class ScopeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ScopeError";
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface ScopeOptions {
  /** Interactive-transaction timeout in ms (Prisma's default is 5 s). */
  timeoutMs?: number;
}

/**
 * THE chokepoint for tenant data. Runs `fn` in one interactive transaction whose first statement
 * sets the transaction-local tenant scope read by every RLS policy. The setting dies with the
 * transaction, so pooled connections never carry a scope into the next unit of work; an error
 * in `fn` rolls back everything it wrote.
 */
export async function withTenantScope<T>(
  db: Db,
  scope: TenantScope,
  fn: (tx: ScopedTx) => Promise<T>,
  options: ScopeOptions = {},
): Promise<T> {
  const ids = [...new Set(scope.tenantIds)];
  const invalid = [...ids, scope.userId ?? "00000000-0000-0000-0000-000000000000"].find((id) => !UUID.test(id));
  if (invalid !== undefined) throw new ScopeError(`Scope id "${invalid}" is not a UUID.`);
  // The ids are validated UUIDs above, so the scope can travel as literals with BEGIN (one round
  // trip less); if BEGIN could not carry it, it is set with parameters as the first statement.
  const scopeLiteral = `SELECT set_config('carefold.tenant_ids', '${ids.join(",")}', true), set_config('carefold.user_id', '${scope.userId ?? ""}', true)`;
  return withConnectionCapture(
    (claimed, isSentWithBegin) =>
      db.$transaction(
        async (tx) => {
          bindTransactionConnection(tx, claimed());
          if (!isSentWithBegin()) {
            await leanQuery(tx, "SELECT set_config('carefold.tenant_ids', $1, true), set_config('carefold.user_id', $2, true)", [ids.join(","), scope.userId ?? ""]);
          }
          return fn(tx);
        },
        { timeout: options.timeoutMs ?? 15_000, maxWait: 10_000 },
      ),
    { withBegin: scopeLiteral },
  );
}

/**
 * ESCAPE HATCH for system work that spans every tenant (month close across clinics, webhooks
 * before the tenant is known, retention jobs). It does not turn RLS off: it reads the tenant
 * directory and then scopes the transaction to all tenants through the same policies.
 * `reason` names the job, for logs and review; grep for withSystemScope to find every use.
 */
export async function withSystemScope<T>(
  db: Db,
  reason: string,
  fn: (tx: ScopedTx, tenantIds: string[]) => Promise<T>,
  options: ScopeOptions = {},
): Promise<T> {
  if (reason.trim().length < 3) throw new ScopeError("withSystemScope needs a reason.");
  return withConnectionCapture((claimed) =>
    db.$transaction(
      async (tx) => {
        bindTransactionConnection(tx, claimed());
        await leanQuery(tx, "SELECT set_config('carefold.system_scope', 'on', true)");
        const rows = await leanQuery<{ id: string }>(tx, "SELECT id::text AS id FROM tenant ORDER BY id");
        const ids = rows.map((r) => r.id);
        await leanQuery(tx, "SELECT set_config('carefold.system_scope', '', true), set_config('carefold.tenant_ids', $1, true)", [ids.join(",")]);
        return fn(tx, ids);
      },
      { timeout: options.timeoutMs ?? 60_000, maxWait: 10_000 },
    ),
  );
}

/**
 * Widens the scope of the current transaction to more tenants. Only for code that has just
 * proven entitlement another way (a valid invitation token; a vendor admin creating a clinic).
 * Like the scope itself, the widening ends with the transaction.
 */
export async function widenTenantScope(tx: ScopedTx, tenantIds: readonly string[]): Promise<void> {
  const invalid = tenantIds.find((id) => !UUID.test(id));
  if (invalid !== undefined) throw new ScopeError(`Scope id "${invalid}" is not a UUID.`);
  await tx.$executeRaw`SELECT set_config('carefold.tenant_ids',
    array_to_string(ARRAY(SELECT DISTINCT unnest(rls.scope_tenant_ids() || ${[...tenantIds]}::uuid[])), ','), true)`;
}
