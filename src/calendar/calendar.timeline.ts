import type { IANAZone } from "luxon";
import { invalid } from "../shared/errors.js";
import {
  MAX_YEAR,
  MIN_YEAR,
  MS_PER_DAY,
  MS_PER_MINUTE,
  daysFromCivil,
  isLeapYear,
  weekdayOf,
  yearOfDay,
} from "./calendar.dates.js";
import {
  type OffsetTable,
  buildOffsetTable,
  instantToWall,
  shiftOffsetTable,
  wallToInstant,
} from "./calendar.zone.js";

/** Opening hours of one local date in minutes after its midnight; `end` may pass 1440 (overnight). */
export interface MinuteRange {
  readonly start: number;
  readonly end: number;
}

/**
 * One local calendar year of open time as sorted, disjoint epoch-ms ranges [starts[i], ends[i]),
 * with running totals so "open time before t" is one binary search. Ranges are clipped to the
 * year, so an overnight interval on 31 December is split at midnight; the halves touch, which
 * every operation treats as one open stretch.
 */
export interface YearChunk {
  readonly year: number;
  /** The instant of local midnight starting 1 January, and of the next year. */
  readonly startMs: number;
  readonly endMs: number;
  readonly starts: Float64Array;
  readonly ends: Float64Array;
  /** cumEnd[i]: open ms in this year up to ends[i]. */
  readonly cumEnd: Float64Array;
  readonly total: number;
  readonly offsets: OffsetTable;
}

interface TimelineMemo {
  readonly chunks: Map<number, YearChunk>;
  readonly totals: Map<number, number>;
  /** Year-type key → the year whose chunk regular years of that type are copied from. */
  readonly templates: Map<number, number>;
  last: YearChunk | undefined;
}

/** A compiled calendar: the rules in machine form plus a memo of computed years (see compileCalendar). */
export interface Calendar {
  readonly timeZone: string;
  readonly zone: IANAZone;
  /** Opening hours by weekday, index 0 = Sunday. */
  readonly weekly: readonly (readonly MinuteRange[])[];
  readonly holidays: ReadonlySet<number>;
  readonly exceptions: ReadonlyMap<number, readonly MinuteRange[]>;
  /** How many weekdays have opening hours; lets business-day counting jump whole weeks. */
  readonly businessDaysPerWeek: number;
  /** Epoch days of the first and last holiday or exception (±Infinity when there are none). */
  readonly firstSpecialDay: number;
  readonly lastSpecialDay: number;
  /** Years outside [regularBefore, regularFrom) hold no special dates and follow fixed zone rules. */
  readonly regularBefore: number;
  readonly regularFrom: number;
  /** Memoised years. Filling it never changes an answer, so the functions stay pure in effect. */
  readonly memo: TimelineMemo;
}

/** Chunks kept at once; totals are kept for every year touched (one number each). */
const CHUNK_CACHE_LIMIT = 512;

export function createMemo(): TimelineMemo {
  return { chunks: new Map(), totals: new Map(), templates: new Map(), last: undefined };
}

/** The opening hours a date contributes itself: none on a holiday, the exception's if any, else the week's. */
export function ownRanges(cal: Calendar, epochDay: number): readonly MinuteRange[] {
  if (cal.holidays.has(epochDay)) return [];
  return cal.exceptions.get(epochDay) ?? cal.weekly[weekdayOf(epochDay)] ?? [];
}

export function checkYear(year: number): void {
  if (year < MIN_YEAR || year > MAX_YEAR) {
    throw invalid(`Business time beyond the supported years ${MIN_YEAR}–${MAX_YEAR}.`, { year });
  }
}

/** Merges touching or overlapping [start, end) pairs (flat array, any order) into sorted disjoint ones. */
function mergePairs(pairs: number[]): number[] {
  const order: [number, number][] = [];
  for (let i = 0; i < pairs.length; i += 2) order.push([pairs[i] ?? 0, pairs[i + 1] ?? 0]);
  order.sort((a, b) => a[0] - b[0]);
  const merged: number[] = [];
  for (const [start, end] of order) {
    const lastEnd = merged[merged.length - 1];
    if (lastEnd !== undefined && start <= lastEnd) merged[merged.length - 1] = Math.max(lastEnd, end);
    else merged.push(start, end);
  }
  return merged;
}

/** Removes closed windows (sorted, disjoint pairs) from open ranges (sorted, disjoint pairs). */
function cutWindows(open: number[], closed: number[]): number[] {
  const result: number[] = [];
  for (let i = 0; i < open.length; i += 2) {
    let start = open[i] ?? 0;
    const end = open[i + 1] ?? 0;
    for (let j = 0; j < closed.length && start < end; j += 2) {
      const closedStart = closed[j] ?? 0;
      const closedEnd = closed[j + 1] ?? 0;
      if (closedEnd <= start || closedStart >= end) continue;
      if (closedStart > start) result.push(start, closedStart);
      start = closedEnd;
    }
    if (start < end) result.push(start, end);
  }
  return result;
}

function toChunk(
  year: number,
  startMs: number,
  endMs: number,
  pairs: number[],
  offsets: OffsetTable,
): YearChunk {
  const count = pairs.length / 2;
  const starts = new Float64Array(count);
  const ends = new Float64Array(count);
  const cumEnd = new Float64Array(count);
  let total = 0;
  for (let i = 0; i < count; i++) {
    const start = pairs[2 * i] ?? 0;
    const end = pairs[2 * i + 1] ?? 0;
    total += end - start;
    starts[i] = start;
    ends[i] = end;
    cumEnd[i] = total;
  }
  return { year, startMs, endMs, starts, ends, cumEnd, total, offsets };
}

/** Computes a year from the rules: each date's hours through the zone, minus holidays, clipped to the year. */
function buildYear(cal: Calendar, year: number): YearChunk {
  const firstDay = daysFromCivil(year, 1, 1);
  const nextYearDay = daysFromCivil(year + 1, 1, 1);
  // Margins cover overnight intervals and offsets of up to ±26 h either side.
  const offsets = buildOffsetTable(cal.zone, (firstDay - 2) * MS_PER_DAY, (nextYearDay + 3) * MS_PER_DAY);
  const toInstant = (wallMs: number): number => wallToInstant(offsets, wallMs);
  const startMs = toInstant(firstDay * MS_PER_DAY);
  const endMs = toInstant(nextYearDay * MS_PER_DAY);
  const open: number[] = [];
  const closed: number[] = [];
  // 31 December of the year before is included for its overnight interval running into 1 January.
  for (let day = firstDay - 1; day < nextYearDay; day++) {
    const midnight = day * MS_PER_DAY;
    for (const range of ownRanges(cal, day)) {
      const start = Math.max(startMs, toInstant(midnight + range.start * MS_PER_MINUTE));
      const end = Math.min(endMs, toInstant(midnight + range.end * MS_PER_MINUTE));
      // Spring-forward can empty an interval (02:00–03:00 on the night the clocks skip it).
      if (end > start) open.push(start, end);
    }
    // A holiday closes its whole date, including the tail of the night before's interval.
    if (day >= firstDay && cal.holidays.has(day))
      closed.push(toInstant(midnight), toInstant(midnight + MS_PER_DAY));
  }
  return toChunk(year, startMs, endMs, cutWindows(mergePairs(open), closed), offsets);
}

/** A regular year is another regular year of the same type moved by whole days: same dates, same zone rules. */
function shiftYear(source: YearChunk, year: number): YearChunk {
  const shiftMs = (daysFromCivil(year, 1, 1) - daysFromCivil(source.year, 1, 1)) * MS_PER_DAY;
  return {
    year,
    startMs: source.startMs + shiftMs,
    endMs: source.endMs + shiftMs,
    starts: source.starts.map((s) => s + shiftMs),
    ends: source.ends.map((e) => e + shiftMs),
    cumEnd: source.cumEnd,
    total: source.total,
    offsets: shiftOffsetTable(source.offsets, shiftMs),
  };
}

function isRegularYear(cal: Calendar, year: number): boolean {
  return year < cal.regularBefore || year >= cal.regularFrom;
}

/**
 * The year a regular year copies. Weekday-based DST rules ("second Sunday in March") and weekly
 * hours depend only on the weekday of 1 January and on leapness, so 14 types cover all years on
 * each side (early years: fixed local mean time; late years: the zone's current rules forever).
 */
function templateYearFor(cal: Calendar, year: number): number {
  const side = year >= cal.regularFrom ? 1 : 0;
  const key = side * 100 + weekdayOf(daysFromCivil(year, 1, 1)) * 2 + (isLeapYear(year) ? 1 : 0);
  const known = cal.memo.templates.get(key);
  if (known !== undefined) return known;
  cal.memo.templates.set(key, year);
  return year;
}

function makeYear(cal: Calendar, year: number): YearChunk {
  if (!isRegularYear(cal, year)) return buildYear(cal, year);
  const template = templateYearFor(cal, year);
  return template === year ? buildYear(cal, year) : shiftYear(yearChunk(cal, template), year);
}

/** The chunk of a local year, computed once and memoised. */
export function yearChunk(cal: Calendar, year: number): YearChunk {
  const cached = cal.memo.chunks.get(year);
  if (cached) return cached;
  checkYear(year);
  const chunk = makeYear(cal, year);
  const { chunks, totals } = cal.memo;
  if (chunks.size >= CHUNK_CACHE_LIMIT) {
    const oldest = chunks.keys().next();
    if (oldest.done !== true) chunks.delete(oldest.value);
  }
  chunks.set(year, chunk);
  totals.set(year, chunk.total);
  return chunk;
}

/** Open ms in a local year; cheap for far years, which are never materialised. */
export function yearTotal(cal: Calendar, year: number): number {
  const known = cal.memo.totals.get(year);
  if (known !== undefined) return known;
  checkYear(year);
  const source = isRegularYear(cal, year) ? templateYearFor(cal, year) : year;
  const total = yearChunk(cal, source).total;
  cal.memo.totals.set(year, total);
  return total;
}

/** The chunk holding an instant (its local year). The last one used is checked first. */
export function chunkAt(cal: Calendar, atMs: number): YearChunk {
  const last = cal.memo.last;
  if (last !== undefined && atMs >= last.startMs && atMs < last.endMs) return last;
  const utcYear = yearOfDay(Math.floor(atMs / MS_PER_DAY));
  let chunk = yearChunk(cal, utcYear);
  if (atMs < chunk.startMs) chunk = yearChunk(cal, utcYear - 1);
  else if (atMs >= chunk.endMs) chunk = yearChunk(cal, utcYear + 1);
  cal.memo.last = chunk;
  return chunk;
}

/** Local wall time of an instant. */
export function wallTimeOf(cal: Calendar, atMs: number): number {
  return instantToWall(chunkAt(cal, atMs).offsets, atMs);
}

/** The instant of a wall time (first occurrence; skipped times map to the jump). */
export function instantOfWall(cal: Calendar, wallMs: number): number {
  const chunk = yearChunk(cal, yearOfDay(Math.floor(wallMs / MS_PER_DAY)));
  return wallToInstant(chunk.offsets, wallMs);
}
