import { invalid } from "../shared/errors.js";
import { MS_PER_DAY, yearOfDay } from "./calendar.dates.js";
import { nextOpening, previousClosing } from "./calendar.engine.js";
import { type Calendar, checkYear, instantOfWall, ownRanges, wallTimeOf } from "./calendar.timeline.js";

/*
 * Business days, the biz convention: a business day is a local date with opening hours of its
 * own (not a holiday; an exception's hours if it has one, else the weekday's). Moving N
 * business days keeps the local time of day, then settles on open time: forward to the next
 * opening, backward to the latest closing. For calendars without overnight intervals this is
 * exactly "before the first interval → its start (or, backward, the previous closing); after
 * the last → the next opening (or that interval's end)"; with overnight intervals a time that
 * the night before's interval keeps open is kept as it is.
 */

function isBusinessDay(cal: Calendar, epochDay: number): boolean {
  return ownRanges(cal, epochDay).length > 0;
}

/** The epoch day `count` business days from `epochDay` (direction +1 or -1), jumping whole weeks where no special date lies. */
function stepBusinessDays(cal: Calendar, epochDay: number, count: number, direction: 1 | -1): number {
  const perWeek = cal.businessDaysPerWeek;
  let day = epochDay;
  let remaining = count;
  while (remaining > 0) {
    const clearOfSpecials = direction > 0 ? day >= cal.lastSpecialDay : day <= cal.firstSpecialDay;
    if (clearOfSpecials && remaining > perWeek) {
      // Every week from here holds exactly perWeek business days; keep the last (partial) week for stepping.
      const weeks = Math.floor((remaining - 1) / perWeek);
      day += direction * 7 * weeks;
      remaining -= weeks * perWeek;
      checkYear(yearOfDay(day));
      continue;
    }
    day += direction;
    if (isBusinessDay(cal, day)) remaining -= 1;
  }
  checkYear(yearOfDay(day));
  return day;
}

function checkDays(days: number): void {
  if (!Number.isSafeInteger(days)) throw invalid("A number of business days must be a whole number.");
}

/** The same local time of day `days` business days away from startMs (or startMs itself for 0). */
function sameTimeOfDay(cal: Calendar, startMs: number, days: number, direction: 1 | -1): number {
  if (days === 0) return startMs;
  const wall = wallTimeOf(cal, startMs);
  const epochDay = Math.floor(wall / MS_PER_DAY);
  const timeOfDay = wall - epochDay * MS_PER_DAY;
  const targetDay = stepBusinessDays(cal, epochDay, days, direction);
  return instantOfWall(cal, targetDay * MS_PER_DAY + timeOfDay);
}

/**
 * `days` business days after startMs at the same local time, moved to the next opening when
 * that time is closed. Zero: startMs when open, else the next opening. Negative: subtract.
 */
export function addBusinessDays(cal: Calendar, startMs: number, days: number): number {
  checkDays(days);
  if (days < 0) return subtractBusinessDays(cal, startMs, -days);
  return nextOpening(cal, sameTimeOfDay(cal, startMs, days, 1));
}

/**
 * `days` business days before startMs at the same local time, moved back to the latest closing
 * when that time is closed. Zero: startMs when open, else the latest closing. Negative: add.
 */
export function subtractBusinessDays(cal: Calendar, startMs: number, days: number): number {
  checkDays(days);
  if (days < 0) return addBusinessDays(cal, startMs, -days);
  return previousClosing(cal, sameTimeOfDay(cal, startMs, days, -1));
}
