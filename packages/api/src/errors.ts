/** The closed set of domain error codes (docs/architecture.md, Conventions). */
export type DomainErrorCode =
  | "unauthenticated"
  | "not_found"
  | "forbidden"
  | "conflict"
  | "invalid_input"
  | "invalid_state"
  | "rate_limited"
  | "external_failure";

/**
 * An expected failure of a use-case. `userMessage` is safe to show (no internals, no PHI);
 * `message` may carry detail for logs. Cross-tenant misses are always `not_found`.
 */
export class DomainError extends Error {
  constructor(
    readonly code: DomainErrorCode,
    readonly userMessage: string,
    internalMessage?: string,
  ) {
    super(internalMessage ?? userMessage);
    this.name = "DomainError";
  }
}

export const notFound = (what = "That record") => new DomainError("not_found", `${what} was not found.`);
export const forbidden = (message = "You do not have permission to do that.") => new DomainError("forbidden", message);
export const invalidInput = (message: string) => new DomainError("invalid_input", message);
export const invalidState = (message: string) => new DomainError("invalid_state", message);
export const conflict = (message: string) => new DomainError("conflict", message);
