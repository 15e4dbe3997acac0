import { invalid } from "../shared/errors.js";
import { DAY_KEYS, type DayKey, parseClockTime, parseLocalDate, yearOfDay } from "./calendar.dates.js";
import { type Calendar, type MinuteRange, createMemo } from "./calendar.timeline.js";
import { isKnownZone, openZone } from "./calendar.zone.js";

export type { Calendar } from "./calendar.timeline.js";
export type { DayKey } from "./calendar.dates.js";

/** An opening interval in local wall time: ["09:00", "17:00"]; "24:00" ends at midnight; an end before the start runs past midnight. */
export type ClockInterval = [string, string];

/** A calendar as people write it (and as stored). Staff schedules use the same shape. */
export interface CalendarSpec {
  /** IANA zone in which every time and date below is read, e.g. "America/New_York". */
  timeZone: string;
  /** Opening intervals per weekday; a missing or empty day is closed. Ignored shape for 24/7. */
  weekly: Partial<Record<DayKey, ClockInterval[]>>;
  /** Whole local dates ("YYYY-MM-DD") that are closed, including the night before's interval past midnight. */
  holidays?: string[];
  /** Dated exceptions: replace that date's own intervals ([] = closed that date, e.g. "leaves at 15:15"). */
  exceptions?: { date: string; intervals: ClockInterval[] }[];
  /** Open around the clock every day (holidays and exceptions still apply); `weekly` must then be empty. */
  alwaysOpen?: boolean;
}

const MINUTES_PER_WEEK = 7 * 1440;
/** Before this year every zone ran on fixed local mean time, so years repeat by type. */
const EARLIEST_IRREGULAR_YEAR = 1700;
/** From this year on, zones are taken to follow their current DST rules forever (as tzdata does). */
const LATEST_IRREGULAR_YEAR = 2100;

/** Parses one interval, or explains what is wrong with it. */
function parseInterval(interval: ClockInterval, where: string): MinuteRange | string {
  const [from, to] = interval;
  const start = parseClockTime(from, false);
  const end = parseClockTime(to, true);
  if (start === undefined) return `${where}: "${from}" is not a start time HH:MM (00:00–23:59).`;
  if (end === undefined) return `${where}: "${to}" is not an end time HH:MM (00:00–24:00).`;
  if (start === end) return `${where}: ${from}–${to} is empty; use 00:00–24:00 for a whole day.`;
  return { start, end: end > start ? end : end + 1440 };
}

/** Parses a list of intervals into ranges, pushing problems for bad ones. */
function parseIntervals(intervals: ClockInterval[], where: string, problems: string[]): MinuteRange[] {
  const ranges: MinuteRange[] = [];
  for (const interval of intervals) {
    const parsed = parseInterval(interval, where);
    if (typeof parsed === "string") problems.push(parsed);
    else ranges.push(parsed);
  }
  return ranges;
}

/** Whether any two ranges overlap; with a period, ranges wrap around it (Sunday night into Monday). */
function hasOverlap(ranges: MinuteRange[], period?: number): boolean {
  const sorted = [...ranges].sort((a, b) => a.start - b.start);
  for (let i = 1; i < sorted.length; i++) {
    const previous = sorted[i - 1];
    const current = sorted[i];
    if (previous && current && current.start < previous.end) return true;
  }
  const first = sorted[0];
  const last = sorted[sorted.length - 1];
  return period !== undefined && first !== undefined && last !== undefined && last.end - period > first.start;
}

function parseWeekly(spec: CalendarSpec, problems: string[]): MinuteRange[][] {
  for (const key of Object.keys(spec.weekly)) {
    if (!(DAY_KEYS as readonly string[]).includes(key))
      problems.push(`weekly: "${key}" is not a day (mon…sun).`);
  }
  const hasWeeklyHours = DAY_KEYS.some((day) => (spec.weekly[day] ?? []).length > 0);
  if (spec.alwaysOpen === true) {
    if (hasWeeklyHours) {
      problems.push("weekly: an alwaysOpen calendar takes no weekly intervals.");
    }
    return DAY_KEYS.map(() => [{ start: 0, end: 1440 }]);
  }
  const weekly = DAY_KEYS.map((day) => parseIntervals(spec.weekly[day] ?? [], `weekly.${day}`, problems));
  const onOneWeek = weekly.flatMap((ranges, i) =>
    ranges.map((r) => ({ start: r.start + i * 1440, end: r.end + i * 1440 })),
  );
  if (hasOverlap(onOneWeek, MINUTES_PER_WEEK)) problems.push("weekly: intervals overlap.");
  if (!hasWeeklyHours) {
    // An always-closed calendar would make every addition search forever; refuse it up front.
    problems.push("weekly: the calendar is never open; give opening hours or set alwaysOpen.");
  }
  return weekly;
}

function parseHolidays(spec: CalendarSpec, problems: string[]): Set<number> {
  const holidays = new Set<number>();
  for (const date of spec.holidays ?? []) {
    const day = parseLocalDate(date);
    if (day === undefined) problems.push(`holidays: "${date}" is not a date YYYY-MM-DD.`);
    else holidays.add(day);
  }
  return holidays;
}

function parseExceptions(
  spec: CalendarSpec,
  holidays: Set<number>,
  problems: string[],
): Map<number, MinuteRange[]> {
  const exceptions = new Map<number, MinuteRange[]>();
  for (const { date, intervals } of spec.exceptions ?? []) {
    const day = parseLocalDate(date);
    const where = `exceptions.${date}`;
    if (day === undefined) problems.push(`exceptions: "${date}" is not a date YYYY-MM-DD.`);
    else if (exceptions.has(day)) problems.push(`${where}: the date has two exceptions.`);
    else if (holidays.has(day)) problems.push(`${where}: the date is also a holiday.`);
    else {
      const ranges = parseIntervals(intervals, where, problems);
      if (hasOverlap(ranges)) problems.push(`${where}: intervals overlap.`);
      exceptions.set(day, ranges);
    }
  }
  return exceptions;
}

interface ParsedSpec {
  weekly: MinuteRange[][];
  holidays: Set<number>;
  exceptions: Map<number, MinuteRange[]>;
  problems: string[];
}

function parseSpec(spec: CalendarSpec): ParsedSpec {
  const problems: string[] = [];
  if (!isKnownZone(spec.timeZone)) problems.push(`timeZone: "${spec.timeZone}" is not an IANA time zone.`);
  const weekly = parseWeekly(spec, problems);
  const holidays = parseHolidays(spec, problems);
  const exceptions = parseExceptions(spec, holidays, problems);
  return { weekly, holidays, exceptions, problems };
}

/** What is wrong with a calendar, in words; empty when compileCalendar will accept it. */
export function validateCalendar(spec: CalendarSpec): string[] {
  return parseSpec(spec).problems;
}

/**
 * Turns a spec into a Calendar for the engine's functions. Throws AppError "invalid" listing
 * the problems when validateCalendar finds any — so no compiled calendar is ever closed for
 * good, and every addition ends. Compile once per calendar and keep it: it memoises years.
 */
export function compileCalendar(spec: CalendarSpec): Calendar {
  const { weekly, holidays, exceptions, problems } = parseSpec(spec);
  if (problems.length > 0) throw invalid(`The calendar is not valid: ${problems.join(" ")}`, { problems });
  const specialDays = [...holidays, ...exceptions.keys()];
  const firstSpecialDay = specialDays.length > 0 ? Math.min(...specialDays) : Infinity;
  const lastSpecialDay = specialDays.length > 0 ? Math.max(...specialDays) : -Infinity;
  return {
    timeZone: spec.timeZone,
    zone: openZone(spec.timeZone),
    weekly,
    holidays,
    exceptions,
    businessDaysPerWeek: weekly.filter((ranges) => ranges.length > 0).length,
    firstSpecialDay,
    lastSpecialDay,
    regularBefore: Math.min(
      EARLIEST_IRREGULAR_YEAR,
      Number.isFinite(firstSpecialDay) ? yearOfDay(firstSpecialDay) : Infinity,
    ),
    // The year after the last special date still sees its overnight interval on 1 January.
    regularFrom: Math.max(
      LATEST_IRREGULAR_YEAR + 1,
      Number.isFinite(lastSpecialDay) ? yearOfDay(lastSpecialDay) + 2 : -Infinity,
    ),
    memo: createMemo(),
  };
}
