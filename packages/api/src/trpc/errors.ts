import { randomBytes } from "node:crypto";
import { TRPCError } from "@trpc/server";
import { ScopeError } from "@carefold/db";
import { ZodError } from "zod";
import { DomainError, type DomainErrorCode } from "../errors.js";

const TRPC_CODE: Record<DomainErrorCode, TRPCError["code"]> = {
  unauthenticated: "UNAUTHORIZED",
  not_found: "NOT_FOUND",
  forbidden: "FORBIDDEN",
  conflict: "CONFLICT",
  invalid_input: "BAD_REQUEST",
  invalid_state: "PRECONDITION_FAILED",
  rate_limited: "TOO_MANY_REQUESTS",
  external_failure: "BAD_GATEWAY",
};

/**
 * A failure we did not expect (a Prisma or pg error, a bug): the caller sees only a generic
 * message with an error id; the server log gets that id with the procedure and the error's class,
 * code and stack frames, never its message (database messages can quote the row: PHI).
 */
export class InternalFailure extends TRPCError {
  constructor(readonly errorId: string) {
    super({ code: "INTERNAL_SERVER_ERROR", message: internalMessage(errorId) });
  }
}

export const internalMessage = (errorId: string) =>
  `Something went wrong on our side, and nothing was changed. Quote error ${errorId} if it keeps happening.`;

export function internalFailure(cause: unknown, path: string): InternalFailure {
  const failure = new InternalFailure(randomBytes(6).toString("hex"));
  console.error(`[error ${failure.errorId}] ${path}: ${describeForLog(cause)}`);
  return failure;
}

/** Class, codes and stack frames of an error (and its causes), without any message text. */
function describeForLog(error: unknown): string {
  const parts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; depth < 4 && typeof current === "object" && current !== null; depth++) {
    const e = current as { name?: unknown; code?: unknown; originalCode?: unknown; stack?: unknown; cause?: unknown };
    const codes = [e.code, e.originalCode].filter((c) => typeof c === "string" || typeof c === "number").join("/");
    const frames = typeof e.stack === "string" ? e.stack.split("\n").filter((l) => l.trimStart().startsWith("at ")).slice(0, 4).map((l) => l.trim()) : [];
    parts.push(`${String(e.name ?? (current as object).constructor?.name ?? "Error")}${codes ? ` (${codes})` : ""}${frames.length ? ` ${frames.join(" | ")}` : ""}`);
    current = e.cause;
  }
  return parts.join(" <- ") || typeof error;
}

/**
 * The one place that turns errors into tRPC errors. Domain errors keep their safe message;
 * errors tRPC raised itself (bad input, unknown procedure) pass; anything else becomes an
 * InternalFailure (generic message, error id, logged once).
 */
export function toTrpcError(error: unknown, path = "unknown"): TRPCError {
  if (error instanceof TRPCError) {
    if (error instanceof InternalFailure || error.code !== "INTERNAL_SERVER_ERROR") return error;
    if (error.cause instanceof DomainError) return toTrpcError(error.cause, path);
    return internalFailure(error.cause ?? error, path);
  }
  if (error instanceof DomainError) {
    return new TRPCError({ code: TRPC_CODE[error.code], message: error.userMessage, cause: error });
  }
  if (error instanceof ScopeError) return new TRPCError({ code: "NOT_FOUND", message: "That record was not found." });
  if (isPrismaNotFound(error)) return new TRPCError({ code: "NOT_FOUND", message: "That record was not found." });
  return internalFailure(error, path);
}

function isPrismaNotFound(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { code?: string }).code === "P2025";
}

/** The domain code of any error reaching the audit log. */
export function auditCodeOf(error: unknown): string {
  if (error instanceof DomainError) return error.code;
  if (error instanceof ZodError) return "invalid_input";
  if (error instanceof TRPCError) {
    if (error.cause instanceof DomainError) return error.cause.code;
    if (error.cause instanceof ZodError) return "invalid_input";
    return error.code.toLowerCase();
  }
  return "internal";
}

export const outcomeFor = (code: string): "denied" | "failure" =>
  ["forbidden", "not_found", "unauthenticated", "unauthorized"].includes(code) ? "denied" : "failure";
