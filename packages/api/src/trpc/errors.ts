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

/** The one place that turns domain errors into tRPC errors. Unknown errors never leak details. */
export function toTrpcError(error: unknown): TRPCError {
  if (error instanceof TRPCError) {
    return error.cause instanceof DomainError ? error : error;
  }
  if (error instanceof DomainError) {
    return new TRPCError({ code: TRPC_CODE[error.code], message: error.userMessage, cause: error });
  }
  if (error instanceof ScopeError) return new TRPCError({ code: "NOT_FOUND", message: "That record was not found." });
  if (isPrismaNotFound(error)) return new TRPCError({ code: "NOT_FOUND", message: "That record was not found." });
  return new TRPCError({ code: "INTERNAL_SERVER_ERROR", message: "Something went wrong on our side. Try again.", cause: error as Error });
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
