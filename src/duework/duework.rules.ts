import type { Instant } from "../shared/clock.js";

/** Pure decisions of the due-work runner: statuses, retry backoff, claim windows. No I/O, no time reads. */

export const DUE_WORK_STATUSES = ["pending", "done", "failed", "cancelled"] as const;
export type DueWorkStatus = (typeof DUE_WORK_STATUSES)[number];

export function isDueWorkStatus(value: string): value is DueWorkStatus {
  return (DUE_WORK_STATUSES as readonly string[]).includes(value);
}

/** First retry waits this long; each later one doubles it. */
export const RETRY_BASE_MS = 30_000;
/** Backoff stops growing here so a large maxAttempts does not push work into next year. */
export const RETRY_MAX_MS = 6 * 60 * 60 * 1000;
/** Errors are stored for people to read, not to hold whole stack dumps. */
export const LAST_ERROR_MAX_CHARS = 2000;

/** How long to wait before the next try after `failures` failed runs (1 → 30 s, 2 → 60 s, 3 → 2 min …). */
export function retryDelayMs(failures: number): number {
  const exponent = Math.max(0, failures - 1);
  return Math.min(RETRY_MAX_MS, RETRY_BASE_MS * 2 ** exponent);
}

export type FailureOutcome =
  { status: "pending"; attempts: number; dueAt: Instant } | { status: "failed"; attempts: number };

/**
 * What a failed run leads to: another try after the backoff, or `failed` once `maxAttempts` runs
 * have failed (the row then stays for people to look at; nothing retries it).
 */
export function afterFailure(previousAttempts: number, maxAttempts: number, now: Date): FailureOutcome {
  const attempts = previousAttempts + 1;
  if (attempts >= maxAttempts) return { status: "failed", attempts };
  return { status: "pending", attempts, dueAt: addMs(now, retryDelayMs(attempts)) };
}

export function addMs(at: Date, ms: number): Instant {
  return new Date(at.getTime() + ms).toISOString();
}

/** Whether a claim that ends at `claimExpiresAt` is still ours to act on at `now`. */
export function claimHeld(claimExpiresAt: Instant, now: Date): boolean {
  return now.getTime() < new Date(claimExpiresAt).getTime();
}

/** An error as one line of text for `last_error`. */
export function describeError(error: unknown): string {
  const text =
    error instanceof Error
      ? `${error.name}: ${error.message}`
      : typeof error === "string"
        ? error
        : safeJson(error);
  return text.length > LAST_ERROR_MAX_CHARS ? `${text.slice(0, LAST_ERROR_MAX_CHARS - 1)}…` : text;
}

// JSON.stringify answers undefined for undefined, functions and symbols, despite its declared type.
const jsonOf: (value: unknown) => string | undefined = JSON.stringify;

function safeJson(value: unknown): string {
  try {
    return jsonOf(value) ?? String(value);
  } catch {
    return String(value);
  }
}
