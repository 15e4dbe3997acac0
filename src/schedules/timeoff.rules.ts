import { parseClockTime, parseLocalDate, weekdayOf, DAY_KEYS } from "../calendar/calendar.dates.js";
import type { CalendarSpec, ClockInterval } from "../calendar/calendar.rules.js";

/*
 * Time off, folded into a schedule's calendar spec as dated exceptions, so one business-time
 * engine answers every question about a person's hours.
 *
 * What a time-off entry takes out, in the schedule's own wall time:
 * - whole days (no times): the shifts that *start* on those dates, to their end — a night worker
 *   off on Tuesday misses Tuesday's 22:00–06:00 shift and still finishes Monday's night shift;
 * - `fromTime` on the first day: everything from that wall time on ("leaves at 15:15"), including
 *   the tail of a night shift that began the day before;
 * - `untilTime` on the last day: everything before that wall time on that date ("in at 11:00").
 * Each time is read on the date it belongs to.
 */

const DAY_MINUTES = 1440;
/** Longer entries are typing mistakes; longer leave is written as several entries. */
export const MAX_TIME_OFF_DAYS = 731;

export interface TimeOff {
  /** First local date off, YYYY-MM-DD in the schedule's zone. */
  startsOn: string;
  /** Last local date off (inclusive); the same as startsOn for one day. */
  endsOn: string;
  /** Off from this wall time on startsOn ("15:15"); absent: from the first shift of startsOn. */
  fromTime?: string | null | undefined;
  /** Back at this wall time on endsOn ("11:00"); absent: through the shifts that start on endsOn. */
  untilTime?: string | null | undefined;
}

function hasTime(value: string | null | undefined): value is string {
  return value !== null && value !== undefined;
}

/** [start, end) in minutes since 1970-01-01 00:00 wall time ("wall minutes"). */
interface Span {
  start: number;
  end: number;
}

function parseRange([from, to]: ClockInterval): { start: number; end: number } | undefined {
  const start = parseClockTime(from, false);
  const end = parseClockTime(to, true);
  if (start === undefined || end === undefined || start === end) return undefined;
  return { start, end: end > start ? end : end + DAY_MINUTES };
}

/** The ranges a date contributes itself (minutes after its midnight): holiday none, else exception, else weekday. */
function ownRanges(spec: CalendarSpec, epochDay: number, holidays: Set<number>): Span[] {
  if (holidays.has(epochDay)) return [];
  const exception = spec.exceptions?.find((e) => parseLocalDate(e.date) === epochDay);
  const day = DAY_KEYS[weekdayOf(epochDay)];
  const intervals = exception ? exception.intervals : day ? (spec.weekly[day] ?? []) : [];
  return intervals.flatMap((i) => {
    const r = parseRange(i);
    return r ? [r] : [];
  });
}

/** What is wrong with a time-off entry, in words (empty when it is fine). */
export function validateTimeOff(t: TimeOff): string[] {
  const problems: string[] = [];
  const first = parseLocalDate(t.startsOn);
  const last = parseLocalDate(t.endsOn);
  if (first === undefined) problems.push(`startsOn: "${t.startsOn}" is not a date YYYY-MM-DD.`);
  if (last === undefined) problems.push(`endsOn: "${t.endsOn}" is not a date YYYY-MM-DD.`);
  if (hasTime(t.fromTime) && parseClockTime(t.fromTime, false) === undefined)
    problems.push(`fromTime: "${t.fromTime}" is not a time HH:MM (00:00–23:59).`);
  if (hasTime(t.untilTime) && parseClockTime(t.untilTime, true) === undefined)
    problems.push(`untilTime: "${t.untilTime}" is not a time HH:MM (00:00–24:00).`);
  if (problems.length > 0 || first === undefined || last === undefined) return problems;
  if (last < first) problems.push("endsOn is before startsOn.");
  else if (last - first + 1 > MAX_TIME_OFF_DAYS)
    problems.push(`Time off is at most ${MAX_TIME_OFF_DAYS} days; write longer leave as several entries.`);
  else if (
    first === last &&
    hasTime(t.fromTime) &&
    hasTime(t.untilTime) &&
    (parseClockTime(t.untilTime, true) ?? 0) <= (parseClockTime(t.fromTime, false) ?? 0)
  )
    problems.push("untilTime must be after fromTime on a one-day entry.");
  return problems;
}

/** The wall-minute window an entry takes out (see the file comment for whole days). */
function windowOf(spec: CalendarSpec, t: TimeOff, holidays: Set<number>): Span | undefined {
  const first = parseLocalDate(t.startsOn);
  const last = parseLocalDate(t.endsOn);
  if (first === undefined || last === undefined) return undefined;
  let start: number;
  if (hasTime(t.fromTime)) start = first * DAY_MINUTES + (parseClockTime(t.fromTime, false) ?? 0);
  else {
    // Whole first day: leave the night before's shift alone up to where it ends.
    const spill = Math.max(0, ...ownRanges(spec, first - 1, holidays).map((r) => r.end - DAY_MINUTES));
    start = first * DAY_MINUTES + spill;
  }
  let end: number;
  if (hasTime(t.untilTime)) end = last * DAY_MINUTES + (parseClockTime(t.untilTime, true) ?? DAY_MINUTES);
  else {
    // Whole last day: through the end of every shift that starts on it.
    const latest = Math.max(DAY_MINUTES, ...ownRanges(spec, last, holidays).map((r) => r.end));
    end = last * DAY_MINUTES + latest;
  }
  return end > start ? { start, end } : undefined;
}

function subtract(spans: Span[], windows: readonly Span[]): Span[] {
  let out = spans;
  for (const w of windows) {
    const next: Span[] = [];
    for (const s of out) {
      if (w.end <= s.start || w.start >= s.end) next.push(s);
      else {
        if (w.start > s.start) next.push({ start: s.start, end: w.start });
        if (w.end < s.end) next.push({ start: w.end, end: s.end });
      }
    }
    out = next;
  }
  return out;
}

function clock(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return `${String(h).padStart(2, "0")}:${String(m).padStart(2, "0")}`;
}

/** A date's own span as a calendar interval: end "24:00" at midnight, an end past midnight wraps. */
function toInterval(startRel: number, endRel: number): ClockInterval {
  const end = endRel === DAY_MINUTES ? "24:00" : clock(endRel > DAY_MINUTES ? endRel - DAY_MINUTES : endRel);
  return [clock(startRel), end];
}

function dateOf(epochDay: number): string {
  return new Date(epochDay * 86_400_000).toISOString().slice(0, 10);
}

function mergeSpans(spans: Span[]): Span[] {
  const sorted = [...spans].sort((a, b) => a.start - b.start);
  const out: Span[] = [];
  for (const s of sorted) {
    const last = out[out.length - 1];
    if (last && s.start <= last.end) last.end = Math.max(last.end, s.end);
    else out.push({ ...s });
  }
  return out;
}

/**
 * The schedule's calendar spec with time off folded in as dated exceptions: each touched date's
 * own hours minus every time-off window. A piece left over after midnight (a night shift the
 * person returns to at 02:00) moves to the date it starts on. Entries that do not parse are
 * ignored here — validateTimeOff refuses them before they are stored.
 */
export function withTimeOff(spec: CalendarSpec, timeOff: readonly TimeOff[]): CalendarSpec {
  if (timeOff.length === 0 || spec.alwaysOpen === true) return spec;
  const holidays = new Set(
    (spec.holidays ?? []).map(parseLocalDate).filter((d): d is number => d !== undefined),
  );
  const windows = timeOff.map((t) => windowOf(spec, t, holidays)).filter((w): w is Span => w !== undefined);
  if (windows.length === 0) return spec;
  const pending: number[] = [];
  for (const w of windows) {
    for (let d = Math.floor(w.start / DAY_MINUTES) - 1; d <= Math.floor((w.end - 1) / DAY_MINUTES); d++)
      pending.push(d);
  }
  const rewritten = new Map<number, Span[]>();
  const seen = new Set<number>();
  while (pending.length > 0) {
    const day = pending.pop() ?? 0;
    if (seen.has(day) || holidays.has(day)) continue;
    seen.add(day);
    const own = ownRanges(spec, day, holidays).map((r) => ({
      start: day * DAY_MINUTES + r.start,
      end: day * DAY_MINUTES + r.end,
    }));
    if (!rewritten.has(day)) rewritten.set(day, []);
    for (const piece of subtract(own, windows)) {
      const target = Math.floor(piece.start / DAY_MINUTES);
      if (holidays.has(target)) continue; // a holiday closes that whole date anyway
      rewritten.set(target, [...(rewritten.get(target) ?? []), piece]);
      if (!seen.has(target)) pending.push(target);
    }
  }
  const exceptions = (spec.exceptions ?? []).filter((e) => {
    const d = parseLocalDate(e.date);
    return d === undefined || !rewritten.has(d);
  });
  for (const [day, spans] of [...rewritten].sort((a, b) => a[0] - b[0])) {
    const base = day * DAY_MINUTES;
    exceptions.push({
      date: dateOf(day),
      intervals: mergeSpans(spans).map((s) => toInterval(s.start - base, s.end - base)),
    });
  }
  return { ...spec, exceptions };
}
