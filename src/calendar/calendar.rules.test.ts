import { describe, expect, it } from "vitest";
import { AppError } from "../shared/errors.js";
import { daysFromCivil, parseClockTime, parseLocalDate, weekdayOf, yearOfDay } from "./calendar.dates.js";
import { ALWAYS_NY, HARBOR, LONDON_SPLIT, NIGHT_DESK } from "./calendar.fixtures.js";
import { type CalendarSpec, compileCalendar, validateCalendar } from "./calendar.rules.js";

const withWeekly = (weekly: CalendarSpec["weekly"]): CalendarSpec => ({ timeZone: "Etc/UTC", weekly });

describe("validateCalendar", () => {
  it("accepts the fixture calendars", () => {
    for (const spec of [HARBOR, NIGHT_DESK, ALWAYS_NY, LONDON_SPLIT])
      expect(validateCalendar(spec)).toEqual([]);
  });

  it("names an unknown time zone", () => {
    expect(validateCalendar({ ...HARBOR, timeZone: "Mars/Olympus_Mons" })).toEqual([
      'timeZone: "Mars/Olympus_Mons" is not an IANA time zone.',
    ]);
  });

  it("names malformed and empty intervals", () => {
    const problems = validateCalendar(
      withWeekly({
        mon: [["9:00", "17:00"]],
        tue: [["24:00", "06:00"]],
        wed: [["09:00", "24:01"]],
        thu: [["10:00", "10:00"]],
      }),
    );
    expect(problems).toEqual([
      'weekly.mon: "9:00" is not a start time HH:MM (00:00–23:59).',
      'weekly.tue: "24:00" is not a start time HH:MM (00:00–23:59).',
      'weekly.wed: "24:01" is not an end time HH:MM (00:00–24:00).',
      "weekly.thu: 10:00–10:00 is empty; use 00:00–24:00 for a whole day.",
    ]);
  });

  it("finds overlaps within a day, across midnight, and from Saturday night into Sunday", () => {
    const overlap = "weekly: intervals overlap.";
    expect(
      validateCalendar(
        withWeekly({
          mon: [
            ["09:00", "12:00"],
            ["11:00", "13:00"],
          ],
        }),
      ),
    ).toEqual([overlap]);
    expect(validateCalendar(withWeekly({ mon: [["22:00", "06:00"]], tue: [["05:00", "09:00"]] }))).toEqual([
      overlap,
    ]);
    expect(validateCalendar(withWeekly({ sat: [["22:00", "06:00"]], sun: [["05:00", "09:00"]] }))).toEqual([
      overlap,
    ]);
    // Touching is not overlapping: the open stretches simply join.
    expect(validateCalendar(withWeekly({ sat: [["22:00", "24:00"]], sun: [["00:00", "09:00"]] }))).toEqual(
      [],
    );
  });

  it("refuses a calendar that is never open, so additions cannot search forever", () => {
    expect(validateCalendar(withWeekly({}))).toEqual([
      "weekly: the calendar is never open; give opening hours or set alwaysOpen.",
    ]);
    expect(
      validateCalendar({
        ...withWeekly({}),
        exceptions: [{ date: "2026-12-07", intervals: [["09:00", "10:00"]] }],
      }),
    ).toHaveLength(1);
  });

  it("refuses weekly hours on an alwaysOpen calendar and unknown day names", () => {
    expect(validateCalendar({ ...HARBOR, alwaysOpen: true })).toEqual([
      "weekly: an alwaysOpen calendar takes no weekly intervals.",
    ]);
    const odd = {
      timeZone: "Etc/UTC",
      weekly: { mon: [["09:00", "17:00"]], funday: [] },
    } as unknown as CalendarSpec;
    expect(validateCalendar(odd)).toEqual(['weekly: "funday" is not a day (mon…sun).']);
  });

  it("checks holiday and exception dates", () => {
    const problems = validateCalendar({
      ...HARBOR,
      holidays: ["2026-02-30", "2026-12-25"],
      exceptions: [
        { date: "2026-12-25", intervals: [] },
        { date: "2026-12-08", intervals: [["09:00", "15:15"]] },
        { date: "2026-12-08", intervals: [] },
        {
          date: "2026-12-09",
          intervals: [
            ["09:00", "12:00"],
            ["11:00", "13:00"],
          ],
        },
        { date: "next tuesday", intervals: [] },
      ],
    });
    expect(problems).toEqual([
      'holidays: "2026-02-30" is not a date YYYY-MM-DD.',
      "exceptions.2026-12-25: the date is also a holiday.",
      "exceptions.2026-12-08: the date has two exceptions.",
      "exceptions.2026-12-09: intervals overlap.",
      'exceptions: "next tuesday" is not a date YYYY-MM-DD.',
    ]);
  });
});

describe("compileCalendar", () => {
  it("throws AppError 'invalid' listing the problems", () => {
    try {
      compileCalendar(withWeekly({}));
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).code).toBe("invalid");
      expect((error as AppError).details).toEqual({
        problems: ["weekly: the calendar is never open; give opening hours or set alwaysOpen."],
      });
    }
  });
});

describe("civil dates", () => {
  it("converts dates to epoch days and back, with weekdays", () => {
    expect(daysFromCivil(1970, 1, 1)).toBe(0);
    expect(daysFromCivil(2026, 12, 25)).toBe(Date.UTC(2026, 11, 25) / 86_400_000);
    expect(weekdayOf(daysFromCivil(2026, 12, 25))).toBe(5);
    for (const day of [-719_162, -1, 0, 59, 60, 10_956, 20_819, 2_932_896]) {
      expect(yearOfDay(day)).toBe(new Date(day * 86_400_000).getUTCFullYear());
    }
  });

  it("parses dates and clock times strictly", () => {
    expect(parseLocalDate("2028-02-29")).toBe(daysFromCivil(2028, 2, 29));
    expect(parseLocalDate("2027-02-29")).toBeUndefined();
    expect(parseLocalDate("2026-13-01")).toBeUndefined();
    expect(parseClockTime("24:00", true)).toBe(1440);
    expect(parseClockTime("24:00", false)).toBeUndefined();
    expect(parseClockTime("23:60", true)).toBeUndefined();
    expect(parseClockTime("07:45", false)).toBe(465);
  });
});
