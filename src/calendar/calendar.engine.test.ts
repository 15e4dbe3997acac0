import { describe, expect, it } from "vitest";
import { AppError } from "../shared/errors.js";
import { addBusinessDays, subtractBusinessDays } from "./calendar.days.js";
import {
  addWorkingTime,
  isOpen,
  nextOpening,
  previousClosing,
  subtractWorkingTime,
  workingTimeBetween,
} from "./calendar.engine.js";
import { ALWAYS_NY, DST_SUNDAYS, HARBOR, LONDON_SPLIT, NIGHT_DESK } from "./calendar.fixtures.js";
import { instantToMs, msToInstant } from "./calendar.instants.js";
import { type CalendarSpec, compileCalendar } from "./calendar.rules.js";

const MIN = 60_000;
const HOUR = 60 * MIN;
const ms = (iso: string): number => instantToMs(iso);
const iso = (value: number): string => msToInstant(value);
const sundays = (intervals: [string, string][]): CalendarSpec => ({
  timeZone: "America/New_York",
  weekly: { sun: intervals },
});

const harbor = compileCalendar(HARBOR);
const night = compileCalendar(NIGHT_DESK);
const always = compileCalendar(ALWAYS_NY);
const dstSundays = compileCalendar(DST_SUNDAYS);
const london = compileCalendar(LONDON_SPLIT);

describe("DST in America/New_York (fall back 2026-11-01 06:00Z, spring forward 2027-03-14 07:00Z)", () => {
  it("an interval spanning the changed hour counts real time: 00:00–04:00 is 5 h at fall-back, 3 h at spring-forward", () => {
    expect(workingTimeBetween(dstSundays, ms("2026-11-01T04:00:00Z"), ms("2026-11-02T00:00:00Z"))).toBe(
      5 * HOUR,
    );
    expect(workingTimeBetween(dstSundays, ms("2027-03-14T05:00:00Z"), ms("2027-03-15T00:00:00Z"))).toBe(
      3 * HOUR,
    );
  });

  it("adding across the repeated hour ends on the 04:00 closing, and past it on the next opening", () => {
    const opening = ms("2026-11-01T04:00:00Z");
    expect(iso(addWorkingTime(dstSundays, opening, 4 * HOUR))).toBe("2026-11-01T08:00:00.000Z");
    expect(iso(addWorkingTime(dstSundays, opening, 5 * HOUR))).toBe("2026-11-01T09:00:00.000Z");
    expect(iso(addWorkingTime(dstSundays, opening, 5 * HOUR + MIN))).toBe("2026-11-08T04:01:00.000Z");
  });

  it("an hour the clocks skip (02:00–03:00 at spring-forward) holds no open time; at fall-back it is one hour", () => {
    const gap = compileCalendar(sundays([["02:00", "03:00"]]));
    expect(workingTimeBetween(gap, ms("2027-03-14T00:00:00Z"), ms("2027-03-15T00:00:00Z"))).toBe(0);
    expect(iso(nextOpening(gap, ms("2027-03-14T00:00:00Z")))).toBe("2027-03-21T06:00:00.000Z");
    expect(workingTimeBetween(gap, ms("2026-11-01T00:00:00Z"), ms("2026-11-02T00:00:00Z"))).toBe(HOUR);
  });

  it("01:00–02:00 opens at the first 01:00 and so lasts two real hours at fall-back", () => {
    const repeated = compileCalendar(sundays([["01:00", "02:00"]]));
    expect(workingTimeBetween(repeated, ms("2026-11-01T00:00:00Z"), ms("2026-11-02T00:00:00Z"))).toBe(
      2 * HOUR,
    );
    expect(isOpen(repeated, ms("2026-11-01T05:00:00Z"))).toBe(true);
    expect(isOpen(repeated, ms("2026-11-01T07:00:00Z"))).toBe(false);
    // At spring-forward it closes when the clock jumps past 02:00.
    expect(workingTimeBetween(repeated, ms("2027-03-14T00:00:00Z"), ms("2027-03-15T00:00:00Z"))).toBe(HOUR);
  });

  it("an opening inside the skipped hour (02:30) opens at the jump, 03:00 EDT", () => {
    const late = compileCalendar(sundays([["02:30", "05:00"]]));
    expect(isOpen(late, ms("2027-03-14T06:59:59Z"))).toBe(false);
    expect(isOpen(late, ms("2027-03-14T07:00:00Z"))).toBe(true);
    expect(workingTimeBetween(late, ms("2027-03-14T00:00:00Z"), ms("2027-03-15T00:00:00Z"))).toBe(2 * HOUR);
  });

  it("24/7 counts real elapsed time across both changes", () => {
    expect(workingTimeBetween(always, ms("2027-03-13T12:00:00Z"), ms("2027-03-15T12:00:00Z"))).toBe(
      48 * HOUR,
    );
    expect(workingTimeBetween(always, ms("2026-10-31T12:00:00Z"), ms("2026-11-02T12:00:00Z"))).toBe(
      48 * HOUR,
    );
    const start = ms("2026-10-31T12:34:56.789Z");
    expect(addWorkingTime(always, start, 24 * HOUR)).toBe(start + 24 * HOUR);
    expect(subtractWorkingTime(always, start, 10 * 365 * 24 * HOUR)).toBe(start - 10 * 365 * 24 * HOUR);
  });

  it("a night shift over the fall-back night lasts nine hours", () => {
    expect(workingTimeBetween(night, ms("2026-11-01T00:00:00Z"), ms("2026-11-01T12:00:00Z"))).toBe(9 * HOUR);
    expect(isOpen(night, ms("2026-11-01T10:59:59Z"))).toBe(true);
    expect(isOpen(night, ms("2026-11-01T11:00:00Z"))).toBe(false);
  });

  it("business days keep the local time across a change (Fri 10:00 EST → Mon 10:00 EDT)", () => {
    const weekdays = compileCalendar({ ...HARBOR, weekly: { ...HARBOR.weekly, sat: [] }, holidays: [] });
    expect(iso(addBusinessDays(weekdays, ms("2027-03-12T15:00:00Z"), 1))).toBe("2027-03-15T14:00:00.000Z");
    expect(iso(subtractBusinessDays(weekdays, ms("2027-03-15T14:00:00Z"), 1))).toBe(
      "2027-03-12T15:00:00.000Z",
    );
  });
});

describe("intervals crossing midnight (22:00–06:00)", () => {
  it("is open on both sides of midnight and closed at 06:00", () => {
    expect(isOpen(night, ms("2026-12-08T04:00:00Z"))).toBe(true);
    expect(isOpen(night, ms("2026-12-08T10:59:00Z"))).toBe(true);
    expect(isOpen(night, ms("2026-12-08T11:00:00Z"))).toBe(false);
    expect(iso(previousClosing(night, ms("2026-12-08T12:00:00Z")))).toBe("2026-12-08T11:00:00.000Z");
  });

  it("a holiday closes its whole date, including the night before's tail", () => {
    expect(isOpen(night, ms("2026-12-25T04:59:59Z"))).toBe(true);
    expect(isOpen(night, ms("2026-12-25T05:00:00Z"))).toBe(false);
    expect(iso(nextOpening(night, ms("2026-12-25T05:00:00Z")))).toBe("2026-12-27T03:00:00.000Z");
    expect(iso(addWorkingTime(night, ms("2026-12-25T04:00:00Z"), 2 * HOUR))).toBe("2026-12-27T04:00:00.000Z");
  });

  it("an exception night (20:00–02:00) runs through New Year without a break at midnight", () => {
    const evening = ms("2027-01-01T01:00:00Z");
    expect(iso(addWorkingTime(night, evening, 4 * HOUR))).toBe("2027-01-01T05:00:00.000Z");
    expect(isOpen(night, ms("2027-01-01T05:00:00Z"))).toBe(true);
    expect(nextOpening(night, ms("2027-01-01T05:00:00Z"))).toBe(ms("2027-01-01T05:00:00Z"));
    expect(iso(addWorkingTime(night, evening, 6 * HOUR))).toBe("2027-01-01T07:00:00.000Z");
    expect(iso(addWorkingTime(night, evening, 6 * HOUR + MIN))).toBe("2027-01-02T03:01:00.000Z");
    expect(iso(subtractWorkingTime(night, ms("2027-01-01T07:00:00Z"), 6 * HOUR))).toBe(
      "2027-01-01T01:00:00.000Z",
    );
    expect(workingTimeBetween(night, ms("2026-12-31T12:00:00Z"), ms("2027-01-02T00:00:00Z"))).toBe(6 * HOUR);
  });
});

describe("harbor desk: closings, zero amounts, holidays and exceptions", () => {
  it("a duration ending at 14:00 on Saturday ends at 14:00, not Monday 09:00", () => {
    expect(iso(addWorkingTime(harbor, ms("2026-12-05T15:00:00Z"), 4 * HOUR))).toBe(
      "2026-12-05T19:00:00.000Z",
    );
    expect(iso(subtractWorkingTime(harbor, ms("2026-12-07T22:00:00Z"), 8 * HOUR))).toBe(
      "2026-12-07T14:00:00.000Z",
    );
  });

  it("zero amounts settle on open time and otherwise do nothing", () => {
    const open = ms("2026-12-07T15:00:00Z");
    const sunday = ms("2026-12-06T15:00:00Z");
    expect(addWorkingTime(harbor, open, 0)).toBe(open);
    expect(subtractWorkingTime(harbor, open, 0)).toBe(open);
    expect(iso(addWorkingTime(harbor, sunday, 0))).toBe("2026-12-07T14:00:00.000Z");
    expect(iso(subtractWorkingTime(harbor, sunday, 0))).toBe("2026-12-05T19:00:00.000Z");
    expect(subtractWorkingTime(harbor, ms("2026-12-05T19:00:00Z"), 0)).toBe(ms("2026-12-05T19:00:00Z"));
    expect(workingTimeBetween(harbor, open, open)).toBe(0);
    expect(iso(addBusinessDays(harbor, sunday, 0))).toBe("2026-12-07T14:00:00.000Z");
    expect(iso(subtractBusinessDays(harbor, sunday, 0))).toBe("2026-12-05T19:00:00.000Z");
  });

  it("negative amounts run the other way", () => {
    const open = ms("2026-12-07T15:00:00Z");
    expect(addWorkingTime(harbor, open, -HOUR)).toBe(subtractWorkingTime(harbor, open, HOUR));
    expect(addBusinessDays(harbor, open, -2)).toBe(subtractBusinessDays(harbor, open, 2));
  });

  it("business days skip Thanksgiving and settle on open time", () => {
    expect(iso(addBusinessDays(harbor, ms("2026-11-25T17:00:00Z"), 1))).toBe("2026-11-27T17:00:00.000Z");
    expect(iso(addBusinessDays(harbor, ms("2026-12-05T18:00:00Z"), 1))).toBe("2026-12-07T18:00:00.000Z");
    expect(iso(addBusinessDays(harbor, ms("2026-12-04T21:00:00Z"), 1))).toBe("2026-12-07T14:00:00.000Z");
    expect(iso(subtractBusinessDays(harbor, ms("2026-12-07T21:00:00Z"), 1))).toBe("2026-12-05T19:00:00.000Z");
  });

  it("a dated exception replaces that date's hours ('leaves at 15:15 today')", () => {
    const early = compileCalendar({
      ...HARBOR,
      exceptions: [{ date: "2026-12-08", intervals: [["09:00", "15:15"]] }],
    });
    expect(isOpen(early, ms("2026-12-08T20:14:00Z"))).toBe(true);
    expect(isOpen(early, ms("2026-12-08T20:15:00Z"))).toBe(false);
    expect(iso(addWorkingTime(early, ms("2026-12-08T14:00:00Z"), 7 * HOUR))).toBe("2026-12-09T14:45:00.000Z");
  });

  it("an exception with no intervals closes the date; one on a closed day opens it", () => {
    const closure = compileCalendar({ ...HARBOR, exceptions: [{ date: "2026-12-09", intervals: [] }] });
    expect(iso(addWorkingTime(closure, ms("2026-12-08T14:00:00Z"), 8 * HOUR))).toBe(
      "2026-12-08T22:00:00.000Z",
    );
    expect(iso(addWorkingTime(closure, ms("2026-12-08T14:00:00Z"), 9 * HOUR))).toBe(
      "2026-12-10T15:00:00.000Z",
    );
    expect(isOpen(london, ms("2026-12-27T10:30:00Z"))).toBe(true);
    expect(isOpen(london, ms("2026-12-23T10:30:00Z"))).toBe(false);
  });

  it("a split day in London skips lunch", () => {
    expect(iso(addWorkingTime(london, ms("2026-12-07T11:00:00Z"), 2 * HOUR))).toBe(
      "2026-12-07T14:00:00.000Z",
    );
    expect(workingTimeBetween(london, ms("2026-12-07T00:00:00Z"), ms("2026-12-08T00:00:00Z"))).toBe(8 * HOUR);
  });
});

describe("very large amounts", () => {
  it("adds and removes 1,000,000 working hours quickly and exactly", () => {
    const fresh = compileCalendar(HARBOR);
    const start = ms("2026-12-07T14:00:00Z");
    const began = performance.now();
    const end = addWorkingTime(fresh, start, 1_000_000 * HOUR);
    expect(workingTimeBetween(fresh, start, end)).toBe(1_000_000 * HOUR);
    expect(subtractWorkingTime(fresh, end, 1_000_000 * HOUR)).toBe(start);
    const earlier = subtractWorkingTime(fresh, start, 1_000_000 * HOUR);
    expect(workingTimeBetween(fresh, earlier, start)).toBe(1_000_000 * HOUR);
    expect(performance.now() - began).toBeLessThan(5_000);
  });

  it("adds ten years' worth of minutes (5,256,000 working minutes)", () => {
    const start = ms("2026-12-07T14:00:00Z");
    const end = addWorkingTime(harbor, start, 5_256_000 * MIN);
    expect(workingTimeBetween(harbor, start, end)).toBe(5_256_000 * MIN);
    expect(isOpen(harbor, end) || isOpen(harbor, end - 1)).toBe(true);
  });

  it("jumps whole weeks of business days and agrees with stepping one day at a time", () => {
    const start = ms("2026-10-05T16:00:00Z");
    let stepped = start;
    for (let i = 0; i < 400; i++) stepped = addBusinessDays(harbor, stepped, 1);
    expect(addBusinessDays(harbor, start, 400)).toBe(stepped);
    const far = addBusinessDays(harbor, start, 100_000);
    expect(subtractBusinessDays(harbor, far, 100_000)).toBe(start);
  });

  it("refuses results beyond year 9999 and nonsense amounts, with AppError 'invalid'", () => {
    const start = ms("2026-12-07T14:00:00Z");
    expect(() => addWorkingTime(harbor, start, 1e15)).toThrow(AppError);
    expect(() => addWorkingTime(harbor, start, Number.NaN)).toThrow(/finite/);
    expect(() => addBusinessDays(harbor, start, 1.5)).toThrow(/whole number/);
    expect(() => isOpen(harbor, Number.POSITIVE_INFINITY)).toThrow(AppError);
  });
});

describe("instants", () => {
  it("reads ISO-8601 instants with offsets and refuses local date-times", () => {
    expect(instantToMs("2026-12-07T09:00:00-05:00")).toBe(ms("2026-12-07T14:00:00Z"));
    expect(() => instantToMs("2026-12-07T09:00:00")).toThrow(AppError);
    expect(msToInstant(0)).toBe("1970-01-01T00:00:00.000Z");
  });
});
