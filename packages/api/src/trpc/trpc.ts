import { withSystemScope, withTenantScope } from "@carefold/db";
import { initTRPC, TRPCError } from "@trpc/server";
import { ZodError } from "zod";
import { DomainError } from "../errors.js";
import { AuditNote } from "../modules/audit/audit-note.js";
import { writeAuditEvent } from "../modules/audit/audit.writer.js";
import { findPatientIdentity } from "../modules/audit/phi-read.js";
import type { AuthState, TenantRole, VendorRole } from "../modules/auth/session.service.js";
import type { Context, ScopedContext } from "./context.js";
import { InternalFailure, auditCodeOf, outcomeFor, toTrpcError } from "./errors.js";

/** Per-procedure settings: `timeoutMs` for long units of work (panel import commit). */
export interface ProcedureMeta {
  timeoutMs?: number;
}

const t = initTRPC.context<Context>().meta<ProcedureMeta>().create({
  /**
   * The last word on what leaves over HTTP: errors the middleware already mapped pass with their
   * safe message; an internal error that escaped it (e.g. while serialising a result) is mapped
   * here, so no internal message reaches a browser.
   */
  errorFormatter({ shape, error, path }) {
    const safe = error.code === "INTERNAL_SERVER_ERROR" && !(error instanceof InternalFailure) ? toTrpcError(error, path) : error;
    const zod = safe.cause instanceof ZodError ? safe.cause.flatten() : null;
    const domainCode = safe.cause instanceof DomainError ? safe.cause.code : null;
    const errorId = safe instanceof InternalFailure ? safe.errorId : null;
    return { ...shape, message: safe.message, data: { ...shape.data, stack: undefined, zod, domainCode, errorId } };
  },
});

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;

/** Every error leaves through toTrpcError: domain codes map one way, internals never leak. */
const mapErrors = t.middleware(async ({ next, path }) => {
  const result = await next();
  if (!result.ok) throw toTrpcError(result.error.cause instanceof DomainError ? result.error.cause : result.error, path);
  return result;
});

/** NUL characters cannot be stored in PostgreSQL text; refuse them in any input, as invalid input. */
const rejectNulCharacters = t.middleware(async ({ getRawInput, next }) => {
  if (containsNul(await getRawInput())) {
    throw new DomainError("invalid_input", "Text cannot contain NUL characters (\\0). Remove them and try again.");
  }
  return next();
});

function containsNul(input: unknown): boolean {
  const pending: unknown[] = [input];
  for (let seen = 0; pending.length > 0 && seen < 100_000; seen++) {
    const value = pending.pop();
    if (typeof value === "string") {
      if (value.includes("\u0000")) return true;
    } else if (Array.isArray(value)) {
      pending.push(...value);
    } else if (typeof value === "object" && value !== null) {
      for (const [key, inner] of Object.entries(value)) pending.push(key, inner);
    }
  }
  return false;
}

type Scope = { kind: "tenants"; tenantIds: string[] } | { kind: "system"; reason: string };

/** Thrown inside the transaction to roll it back while keeping the procedure's result. */
class Rollback {
  constructor(readonly error: TRPCError) {}
}

/**
 * The unit of work: one transaction with the scope set first, the procedure, then exactly one
 * audit row for a mutation (or an audited read) in the same transaction. On failure everything
 * rolls back and the failure itself is audited in a fresh transaction.
 */
function unitOfWork(resolveScope: (ctx: Context) => Scope) {
  return t.middleware(async ({ ctx, type, path, next, meta }) => {
    const scope = resolveScope(ctx);
    const options = { timeoutMs: meta?.timeoutMs };
    const audit = new AuditNote(path);
    const userId = ctx.auth?.user.id;
    const run = <T>(fn: (tx: ScopedContext["tx"], tenantIds: readonly string[]) => Promise<T>) =>
      scope.kind === "system"
        ? withSystemScope(ctx.db, scope.reason, (tx, ids) => fn(tx, ids), options)
        : withTenantScope(ctx.db, { tenantIds: scope.tenantIds, userId }, (tx) => fn(tx, scope.tenantIds), options);
    const isAudited = () => type === "mutation" || audit.isRead;
    try {
      return await run(async (tx, tenantIds) => {
        const result = await next({ ctx: { tx, audit, tenantIds } satisfies Partial<ScopedContext> });
        if (!result.ok) throw new Rollback(result.error);
        if (type === "query" && !audit.isRead) noteUndeclaredPhiRead(audit, result.data, tenantIds);
        if (isAudited()) await writeAuditEvent(tx, ctx, audit, audit.outcome ?? "success", tenantIds);
        return result;
      });
    } catch (error) {
      const failure = error instanceof Rollback ? error.error : toTrpcError(error, path);
      if (isAudited()) {
        const code = auditCodeOf(failure);
        await run((tx, tenantIds) => writeAuditEvent(tx, ctx, audit, outcomeFor(code), tenantIds, code)).catch(() => {});
      }
      throw failure;
    }
  });
}

/**
 * A query that returned a patient's identity without declaring the read is audited all the same
 * (issue 17 item 6): the read lands in the clinic's chain when one clinic is in scope.
 */
function noteUndeclaredPhiRead(audit: AuditNote, data: unknown, tenantIds: readonly string[]) {
  const fields = findPatientIdentity(data);
  if (!fields) return;
  audit.isRead = true;
  audit.describe({
    tenantId: audit.subject.tenantId ?? (tenantIds.length === 1 ? tenantIds[0] : null),
    objectType: audit.subject.objectType ?? "patient_list",
    details: { ...audit.subject.details, phiFields: fields },
  });
}

/** Records an authorisation denial (platform log) and returns the error to throw. */
async function deny(ctx: Context, path: string, error: DomainError): Promise<TRPCError> {
  const note = new AuditNote(path);
  note.describe({ details: { reason: error.code } });
  await withTenantScope(ctx.db, { tenantIds: [] }, (tx) => writeAuditEvent(tx, ctx, note, "denied", [], error.code)).catch(
    () => {},
  );
  return toTrpcError(error);
}

const signInRequired = () => new DomainError("unauthenticated", "Please sign in to continue.");

/** Signed in (password done) but MFA may still be pending: only MFA steps use this. */
const requireSession = t.middleware(async ({ ctx, path, next }) => {
  if (!ctx.auth) throw await deny(ctx, path, signInRequired());
  return next({ ctx: { auth: ctx.auth } });
});

/** Fully signed in: password and, where required, the second factor. */
const requireAuth = t.middleware(async ({ ctx, path, next }) => {
  const auth = ctx.auth;
  if (!auth) throw await deny(ctx, path, signInRequired());
  if (auth.isMfaRequired && !auth.isMfaVerified) {
    throw await deny(ctx, path, new DomainError("unauthenticated", "Finish signing in with your authenticator code."));
  }
  return next({ ctx: { auth } });
});

const base = t.procedure.use(mapErrors).use(rejectNulCharacters);

/** No transaction, no session: liveness only (must answer even when the database is down). */
export const bareProcedure = base;

/** Anyone; runs in a unit of work with no tenant in scope (global tables only). */
export const publicProcedure = base.use(unitOfWork(() => ({ kind: "tenants", tenantIds: [] })));

/** Password verified, second factor possibly pending. */
export const sessionProcedure = base.use(requireSession).use(unitOfWork(() => ({ kind: "tenants", tenantIds: [] })));

/** Fully signed-in user; own data only (no tenant in scope). */
export const authedProcedure = base.use(requireAuth).use(unitOfWork(() => ({ kind: "tenants", tenantIds: [] })));

const hasVendorRole = (auth: AuthState, roles: readonly VendorRole[]) => auth.user.vendorRoles.some((r) => roles.includes(r));

/**
 * A clinic user acting in their active clinic with one of `roles`. Scope: that one tenant.
 */
export function tenantProcedure(...roles: TenantRole[]) {
  return base
    .use(requireAuth)
    .use(async ({ ctx, path, next }) => {
      const auth = ctx.auth!;
      const membership = auth.memberships.find((m) => m.tenantId === auth.activeTenantId);
      if (!membership || ctx.app !== "portal") throw await deny(ctx, path, new DomainError("forbidden", "Choose a clinic you belong to."));
      if (roles.length && !roles.includes(membership.role)) {
        throw await deny(ctx, path, new DomainError("forbidden", "Your role in this clinic does not allow that."));
      }
      return next({ ctx: { tenantId: membership.tenantId, tenantRole: membership.role } });
    })
    .use(unitOfWork((ctx) => ({ kind: "tenants", tenantIds: [ctx.auth!.activeTenantId!] })));
}

/**
 * Vendor clinical staff in the workspace. Coordinators see only their assigned clinics (read
 * fresh every request); supervisors and vendor admins see every clinic.
 */
export const coordinatorProcedure = base
  .use(requireAuth)
  .use(async ({ ctx, path, next }) => {
    const auth = ctx.auth!;
    if (ctx.app !== "workspace" || !hasVendorRole(auth, ["coordinator", "supervisor", "vendor_admin"])) {
      throw await deny(ctx, path, new DomainError("forbidden", "This area is for care-coordination staff."));
    }
    return next();
  })
  .use(
    unitOfWork((ctx) =>
      hasVendorRole(ctx.auth!, ["supervisor", "vendor_admin"])
        ? { kind: "system", reason: "supervisor or vendor admin: all clinics" }
        : { kind: "tenants", tenantIds: ctx.auth!.assignedTenantIds },
    ),
  );

/** Vendor roles with a system-wide view (`vendor_admin` always qualifies). */
export function vendorProcedure(...roles: VendorRole[]) {
  return base
    .use(requireAuth)
    .use(async ({ ctx, path, next }) => {
      if (ctx.app !== "workspace" || !hasVendorRole(ctx.auth!, ["vendor_admin", ...roles])) {
        throw await deny(ctx, path, new DomainError("forbidden", "This area is for vendor administrators."));
      }
      return next();
    })
    .use(unitOfWork(() => ({ kind: "system", reason: "vendor administration" })));
}

export const vendorAdminProcedure = vendorProcedure();

/**
 * Care work on patients, from either app: clinic users in the portal act in their active clinic
 * (clinic_admin, practitioner, clinic_staff); vendor care staff in the workspace act in the clinics
 * in their scope. Services receive `tenantIds` and look records up through RLS.
 */
export const careProcedure = base
  .use(requireAuth)
  .use(async ({ ctx, path, next }) => {
    const auth = ctx.auth!;
    if (ctx.app === "portal") {
      if (!auth.memberships.some((m) => m.tenantId === auth.activeTenantId)) {
        throw await deny(ctx, path, new DomainError("forbidden", "Choose a clinic you belong to."));
      }
    } else if (!hasVendorRole(auth, ["coordinator", "supervisor", "vendor_admin"])) {
      throw await deny(ctx, path, new DomainError("forbidden", "This area is for care-coordination staff."));
    }
    return next();
  })
  .use(
    unitOfWork((ctx) =>
      ctx.app === "portal"
        ? { kind: "tenants", tenantIds: [ctx.auth!.activeTenantId!] }
        : hasVendorRole(ctx.auth!, ["supervisor", "vendor_admin"])
          ? { kind: "system", reason: "supervisor or vendor admin: all clinics" }
          : { kind: "tenants", tenantIds: ctx.auth!.assignedTenantIds },
    ),
  );
