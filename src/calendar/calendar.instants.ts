import type { Instant } from "../shared/clock.js";
import { invalid } from "../shared/errors.js";

/*
 * The engine works in epoch milliseconds; instants cross the domain's boundaries as ISO-8601
 * UTC strings (src/shared/clock.ts). These two adapters are the only conversions needed.
 */

/** Epoch ms of an ISO-8601 instant with an offset or Z; throws AppError "invalid" otherwise. */
export function instantToMs(instant: Instant): number {
  // Date.parse reads offset-less date-times as local system time; an instant must say its offset.
  if (!/(Z|[+-]\d{2}:\d{2})$/.test(instant)) throw invalid(`"${instant}" is not an instant with an offset.`);
  const ms = Date.parse(instant);
  if (Number.isNaN(ms)) throw invalid(`"${instant}" is not an ISO-8601 instant.`);
  return ms;
}

/** The ISO-8601 UTC string (with milliseconds) of epoch ms. */
export function msToInstant(ms: number): Instant {
  return new Date(ms).toISOString();
}
