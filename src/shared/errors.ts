/**
 * The one domain error. Domain code throws it with a code; the HTTP layer owns the single
 * code → status table (see problem.ts). Domain code never throws HTTP exceptions.
 */
export type ErrorCode =
  | "invalid"
  | "unauthenticated"
  | "forbidden"
  | "not-found"
  | "conflict"
  | "policy-refused"
  | "not-on-duty"
  | "rate-limited"
  | "too-large"
  | "not-understood";

export class AppError extends Error {
  readonly code: ErrorCode;
  /** Extra members for the problem details body, e.g. which field was wrong. Never private data. */
  readonly details: Record<string, unknown> | undefined;

  constructor(code: ErrorCode, message: string, details?: Record<string, unknown>) {
    super(message);
    this.name = "AppError";
    this.code = code;
    this.details = details;
  }
}

/** Not-found deliberately says the same for "exists in another workspace" and "never existed". */
export function notFound(kind: string): AppError {
  return new AppError("not-found", `No such ${kind}.`, { resource: kind });
}

export function forbidden(permission: string): AppError {
  return new AppError("forbidden", `You do not have the permission "${permission}".`, { permission });
}

export function invalid(message: string, details?: Record<string, unknown>): AppError {
  return new AppError("invalid", message, details);
}

export function conflict(message: string, details?: Record<string, unknown>): AppError {
  return new AppError("conflict", message, details);
}
