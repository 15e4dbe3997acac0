import { invalid } from "../shared/errors.js";
import { type Calendar, type YearChunk, chunkAt, yearChunk } from "./calendar.timeline.js";

/*
 * Open stretches: the maximal open interval around an instant. The engine answers "is it open"
 * and "when does it next open"; staff schedules also need "until when" (on duty until 17:00, on
 * call until Monday 09:00). Ranges that touch — an overnight interval split at New Year, or two
 * intervals written back to back — count as one stretch, as they do in every engine operation.
 */

function checkInstantMs(atMs: number): void {
  if (!Number.isFinite(atMs)) throw invalid("An instant must be a finite number of milliseconds.");
}

/** Years looked ahead for the end of a stretch; an around-the-clock calendar never ends. */
const MAX_YEARS_AHEAD = 3;

function lastStartAtOrBefore(chunk: YearChunk, atMs: number): number {
  let low = 0;
  let high = chunk.starts.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if ((chunk.starts[mid] ?? Infinity) <= atMs) low = mid + 1;
    else high = mid;
  }
  return low - 1;
}

/**
 * The end of the open stretch containing atMs (the first closing after it), or undefined when
 * the calendar is closed at atMs. A stretch that runs on for more than about three years (a 24/7
 * calendar) answers Infinity.
 */
export function openStretchEnd(cal: Calendar, atMs: number): number | undefined {
  checkInstantMs(atMs);
  let chunk = chunkAt(cal, atMs);
  let i = lastStartAtOrBefore(chunk, atMs);
  if (i < 0 || atMs >= (chunk.ends[i] ?? -Infinity)) return undefined;
  let end = chunk.ends[i] ?? atMs;
  for (let years = 0; years <= MAX_YEARS_AHEAD;) {
    if (i + 1 < chunk.starts.length) {
      if ((chunk.starts[i + 1] ?? Infinity) > end) return end;
      i += 1;
      end = Math.max(end, chunk.ends[i] ?? end);
      continue;
    }
    // The last range of the year: it continues only if next year opens exactly where this ends.
    if (end < chunk.endMs) return end;
    chunk = yearChunk(cal, chunk.year + 1);
    i = -1;
    years += 1;
    if (chunk.starts.length === 0 || (chunk.starts[0] ?? Infinity) > end) return end;
  }
  return Infinity;
}

/**
 * The start of the open stretch containing atMs (its opening), or undefined when closed at atMs.
 * Looks back at most about three years (a 24/7 calendar answers -Infinity).
 */
export function openStretchStart(cal: Calendar, atMs: number): number | undefined {
  checkInstantMs(atMs);
  let chunk = chunkAt(cal, atMs);
  let i = lastStartAtOrBefore(chunk, atMs);
  if (i < 0 || atMs >= (chunk.ends[i] ?? -Infinity)) return undefined;
  let start = chunk.starts[i] ?? atMs;
  for (let years = 0; years <= MAX_YEARS_AHEAD;) {
    if (i > 0) {
      if ((chunk.ends[i - 1] ?? -Infinity) < start) return start;
      i -= 1;
      start = Math.min(start, chunk.starts[i] ?? start);
      continue;
    }
    if (start > chunk.startMs) return start;
    chunk = yearChunk(cal, chunk.year - 1);
    i = chunk.starts.length;
    years += 1;
    if (chunk.ends.length === 0 || (chunk.ends[chunk.ends.length - 1] ?? -Infinity) < start) return start;
  }
  return -Infinity;
}

/** The open stretches overlapping [fromMs, toMs), clipped to it, in order (at most `limit`). */
export function openStretches(
  cal: Calendar,
  fromMs: number,
  toMs: number,
  limit = 1000,
): { start: number; end: number }[] {
  checkInstantMs(fromMs);
  checkInstantMs(toMs);
  const out: { start: number; end: number }[] = [];
  let at = fromMs;
  while (at < toMs && out.length < limit) {
    const end = openStretchEnd(cal, at);
    if (end !== undefined) {
      out.push({ start: at, end: Math.min(end, toMs) });
      at = end;
      continue;
    }
    const next = nextOpeningWithin(cal, at, toMs);
    if (next === undefined) break;
    at = next;
  }
  return out;
}

/** The next opening after atMs (closed there) if it comes before toMs. */
function nextOpeningWithin(cal: Calendar, atMs: number, toMs: number): number | undefined {
  let chunk = chunkAt(cal, atMs);
  let i = lastStartAtOrBefore(chunk, atMs) + 1;
  for (;;) {
    if (i < chunk.starts.length) {
      const start = chunk.starts[i] ?? Infinity;
      return start < toMs ? start : undefined;
    }
    if (chunk.endMs >= toMs) return undefined;
    chunk = yearChunk(cal, chunk.year + 1);
    i = 0;
  }
}
