import type { CalendarSpec } from "./calendar.rules.js";

/*
 * Calendars the calendar tests share: the demo workspace's harbor desk and a few shapes that
 * exercise the edges (overnight, 24/7, DST-sensitive hours). Test-only data, no logic.
 */

const NINE_TO_FIVE: [string, string][] = [["09:00", "17:00"]];

export const HARBOR: CalendarSpec = {
  timeZone: "America/New_York",
  weekly: {
    mon: NINE_TO_FIVE,
    tue: NINE_TO_FIVE,
    wed: NINE_TO_FIVE,
    thu: NINE_TO_FIVE,
    fri: NINE_TO_FIVE,
    sat: [["10:00", "14:00"]],
  },
  holidays: ["2026-11-26", "2026-12-25"],
};

/** A night desk, 22:00–06:00 every night, with a holiday and a short night. */
export const NIGHT_DESK: CalendarSpec = {
  timeZone: "America/New_York",
  weekly: {
    mon: [["22:00", "06:00"]],
    tue: [["22:00", "06:00"]],
    wed: [["22:00", "06:00"]],
    thu: [["22:00", "06:00"]],
    fri: [["22:00", "06:00"]],
    sat: [["22:00", "06:00"]],
    sun: [["22:00", "06:00"]],
  },
  holidays: ["2026-12-25"],
  exceptions: [{ date: "2026-12-31", intervals: [["20:00", "02:00"]] }],
};

export const ALWAYS_NY: CalendarSpec = { timeZone: "America/New_York", weekly: {}, alwaysOpen: true };

/** Hours that straddle the DST changes in New York (02:00 local) every Sunday. */
export const DST_SUNDAYS: CalendarSpec = {
  timeZone: "America/New_York",
  weekly: { sun: [["00:00", "04:00"]], sat: [["23:00", "23:30"]] },
};

/** A split day in London with lunch closed, and dated exceptions. */
export const LONDON_SPLIT: CalendarSpec = {
  timeZone: "Europe/London",
  weekly: {
    mon: [
      ["08:30", "12:00"],
      ["13:00", "17:30"],
    ],
    wed: [
      ["08:30", "12:00"],
      ["13:00", "17:30"],
    ],
    fri: [["08:30", "12:00"]],
  },
  holidays: ["2026-12-25", "2027-01-01"],
  exceptions: [
    { date: "2026-12-23", intervals: [] },
    { date: "2026-12-27", intervals: [["10:00", "12:00"]] },
  ],
};
