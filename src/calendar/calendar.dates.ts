/**
 * Civil-date arithmetic on "epoch days" (days since 1970-01-01 in the proleptic Gregorian
 * calendar) and "wall" milliseconds (a local date-time written as if it were UTC). Pure integer
 * maths so the hot paths never build Date or Luxon objects.
 */

export const MS_PER_MINUTE = 60_000;
export const MS_PER_DAY = 86_400_000;

/** The engine answers for local years 1–9999: ISO-8601 strings stay four-digit and doubles stay exact. */
export const MIN_YEAR = 1;
export const MAX_YEAR = 9999;

export const DAY_KEYS = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"] as const;
export type DayKey = (typeof DAY_KEYS)[number];

/** Epoch day of a civil date (Howard Hinnant's days_from_civil; exact for any year). */
export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const monthFromMarch = (month + 9) % 12;
  const dayOfYear = Math.floor((153 * monthFromMarch + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}

/** Civil year of an epoch day (the inverse of daysFromCivil, year only). */
export function yearOfDay(epochDay: number): number {
  const z = epochDay + 719_468;
  const era = Math.floor(z / 146_097);
  const dayOfEra = z - era * 146_097;
  const yearOfEra = Math.floor(
    (dayOfEra -
      Math.floor(dayOfEra / 1460) +
      Math.floor(dayOfEra / 36_524) -
      Math.floor(dayOfEra / 146_096)) /
      365,
  );
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const monthFromMarch = Math.floor((5 * dayOfYear + 2) / 153);
  const year = yearOfEra + era * 400;
  return monthFromMarch >= 10 ? year + 1 : year;
}

/** Day of the week of an epoch day, 0 = Sunday (1970-01-01 was a Thursday). */
export function weekdayOf(epochDay: number): number {
  return (((epochDay + 4) % 7) + 7) % 7;
}

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Epoch day of a "YYYY-MM-DD" date, or undefined when it is not a real date in years 1–9999. */
export function parseLocalDate(text: string): number | undefined {
  const match = DATE_PATTERN.exec(text);
  if (!match) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (year < MIN_YEAR || month < 1 || month > 12 || day < 1) return undefined;
  const epochDay = daysFromCivil(year, month, day);
  // Rejects 2026-02-30 and friends: the next month must start after this day.
  const nextMonthStart = month === 12 ? daysFromCivil(year + 1, 1, 1) : daysFromCivil(year, month + 1, 1);
  return epochDay < nextMonthStart ? epochDay : undefined;
}

const CLOCK_PATTERN = /^(\d{2}):(\d{2})$/;

/** Minutes after midnight of "HH:MM" (00:00–23:59, or "24:00" = 1440 when allowed), else undefined. */
export function parseClockTime(text: string, allowMidnightEnd: boolean): number | undefined {
  if (text === "24:00") return allowMidnightEnd ? 1440 : undefined;
  const match = CLOCK_PATTERN.exec(text);
  if (!match) return undefined;
  const hours = Number(match[1]);
  const minutes = Number(match[2]);
  return hours < 24 && minutes < 60 ? hours * 60 + minutes : undefined;
}
