import { invalid } from "../shared/errors.js";
import {
  type Calendar,
  type YearChunk,
  chunkAt,
  checkYear,
  yearChunk,
  yearTotal,
} from "./calendar.timeline.js";

/*
 * The business-time engine. Every instant is epoch milliseconds (UTC) and every duration is
 * milliseconds. Open time is a union of half-open intervals [opening, closing). "C(t)", the
 * open time before t, is non-decreasing; additions and subtractions invert it:
 *   add(t, d)      = the earliest x with C(x) = C(t) + d  (so it stops on a closing, not the next opening)
 *   subtract(t, d) = the latest   x with C(x) = C(t) - d  (so it stops on an opening)
 * Within a local year C is one binary search over precomputed ranges; across years, whole
 * years are skipped by their totals, so a duration of centuries costs one step per year.
 */

function at(values: Float64Array, index: number): number {
  return values[index] ?? NaN;
}

/** Index of the last range starting at or before atMs, or -1. */
function lastStartAtOrBefore(chunk: YearChunk, atMs: number): number {
  const { starts } = chunk;
  let low = 0;
  let high = starts.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (at(starts, mid) <= atMs) low = mid + 1;
    else high = mid;
  }
  return low - 1;
}

/** Index of the first range whose running total at its end reaches target (or passes it when strict). */
function firstReaching(chunk: YearChunk, target: number, strict: boolean): number {
  const { cumEnd } = chunk;
  let low = 0;
  let high = cumEnd.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    const value = at(cumEnd, mid);
    if (value < target || (strict && value === target)) low = mid + 1;
    else high = mid;
  }
  return low;
}

function cumStart(chunk: YearChunk, index: number): number {
  return index === 0 ? 0 : at(chunk.cumEnd, index - 1);
}

/** Open ms of the chunk's year before atMs (atMs inside the chunk). */
function openBefore(chunk: YearChunk, atMs: number): number {
  const i = lastStartAtOrBefore(chunk, atMs);
  if (i < 0) return 0;
  const start = at(chunk.starts, i);
  return cumStart(chunk, i) + Math.min(atMs - start, at(chunk.ends, i) - start);
}

/** The instant where the year's running total reaches target: earliest, or latest when `latest`. */
function instantAtTotal(chunk: YearChunk, target: number, latest: boolean): number {
  const i = firstReaching(chunk, target, latest);
  return at(chunk.starts, i) + (target - cumStart(chunk, i));
}

function checkInstant(atMs: number): void {
  if (!Number.isFinite(atMs)) throw invalid("An instant must be a finite number of milliseconds.");
}

function checkDuration(durationMs: number): void {
  if (!Number.isFinite(durationMs)) throw invalid("A duration must be a finite number of milliseconds.");
}

/** Whether the calendar is open at the instant (intervals are half-open: open at opening, closed at closing). */
export function isOpen(cal: Calendar, atMs: number): boolean {
  checkInstant(atMs);
  const chunk = chunkAt(cal, atMs);
  const i = lastStartAtOrBefore(chunk, atMs);
  return i >= 0 && atMs < at(chunk.ends, i);
}

/** The first open instant at or after atMs: atMs itself when open, else the next opening. */
export function nextOpening(cal: Calendar, atMs: number): number {
  checkInstant(atMs);
  const chunk = chunkAt(cal, atMs);
  const i = lastStartAtOrBefore(chunk, atMs);
  if (i >= 0 && atMs < at(chunk.ends, i)) return atMs;
  if (i + 1 < chunk.starts.length) return at(chunk.starts, i + 1);
  for (let year = chunk.year + 1; ; year++) {
    const next = yearChunk(cal, year);
    if (next.starts.length > 0) return at(next.starts, 0);
  }
}

/** The last instant at or before atMs that is open or a closing: atMs when open, else the latest closing. */
export function previousClosing(cal: Calendar, atMs: number): number {
  checkInstant(atMs);
  const chunk = chunkAt(cal, atMs);
  const i = lastStartAtOrBefore(chunk, atMs);
  if (i >= 0) return Math.min(atMs, at(chunk.ends, i));
  for (let year = chunk.year - 1; ; year--) {
    const previous = yearChunk(cal, year);
    const count = previous.ends.length;
    if (count > 0) return at(previous.ends, count - 1);
  }
}

/**
 * The earliest instant by which durationMs of open time has passed since startMs. A result on
 * a closing time stays there (8 h from 09:00 is 17:00 that day). Zero: the first open instant
 * at or after startMs. Negative: subtractWorkingTime.
 */
export function addWorkingTime(cal: Calendar, startMs: number, durationMs: number): number {
  checkInstant(startMs);
  checkDuration(durationMs);
  if (durationMs < 0) return subtractWorkingTime(cal, startMs, -durationMs);
  if (durationMs === 0) return nextOpening(cal, startMs);
  const chunk = chunkAt(cal, startMs);
  let target = openBefore(chunk, startMs) + durationMs;
  let year = chunk.year;
  if (target <= chunk.total) return instantAtTotal(chunk, target, false);
  // Skip whole years by their totals; open time is never more than real time, so this ends.
  for (let total = chunk.total; target > total; total = yearTotal(cal, year)) {
    target -= total;
    year += 1;
    checkYear(year);
  }
  return instantAtTotal(yearChunk(cal, year), target, false);
}

/**
 * The latest instant from which durationMs of open time runs up to startMs. A result on an
 * opening stays there. Zero: the last open instant at or before startMs (the latest closing
 * when startMs is closed). Negative: addWorkingTime.
 */
export function subtractWorkingTime(cal: Calendar, startMs: number, durationMs: number): number {
  checkInstant(startMs);
  checkDuration(durationMs);
  if (durationMs < 0) return addWorkingTime(cal, startMs, -durationMs);
  if (durationMs === 0) return previousClosing(cal, startMs);
  const chunk = chunkAt(cal, startMs);
  let target = openBefore(chunk, startMs) - durationMs;
  if (target >= 0) return instantAtTotal(chunk, target, true);
  let year = chunk.year;
  while (target < 0) {
    year -= 1;
    checkYear(year);
    target += yearTotal(cal, year);
  }
  // target < that year's total here, so a range strictly past it exists.
  return instantAtTotal(yearChunk(cal, year), target, true);
}

/** Open time between two instants, in ms; 0 when toMs <= fromMs. */
export function workingTimeBetween(cal: Calendar, fromMs: number, toMs: number): number {
  checkInstant(fromMs);
  checkInstant(toMs);
  if (toMs <= fromMs) return 0;
  const first = chunkAt(cal, fromMs);
  const fromOpen = openBefore(first, fromMs);
  const firstYear = first.year;
  const firstTotal = first.total;
  const last = chunkAt(cal, toMs);
  if (last.year === firstYear) return openBefore(last, toMs) - fromOpen;
  let elapsed = firstTotal - fromOpen + openBefore(last, toMs);
  for (let year = firstYear + 1; year < last.year; year++) elapsed += yearTotal(cal, year);
  return elapsed;
}
