import { describe, expect, it } from "vitest";
import { ALWAYS_NY, HARBOR, NIGHT_DESK } from "./calendar.fixtures.js";
import { nextOpenStretches, stretchLabel, type OpenStretch } from "./calendar.openings.js";
import { compileCalendar, type CalendarSpec } from "./calendar.rules.js";

const ms = (iso: string) => Date.parse(iso);
const iso = (s: OpenStretch) => [
  new Date(s.opensAt).toISOString(),
  s.closesAt === null ? null : new Date(s.closesAt).toISOString(),
];
const labels = (spec: CalendarSpec, from: string, count: number) =>
  nextOpenStretches(compileCalendar(spec), ms(from), count).map((s) => stretchLabel(s, spec.timeZone));

describe("next open stretches of a calendar", () => {
  it("starts with the open stretch now, then the next openings (harbor desk, S1 Monday 10:30)", () => {
    const cal = compileCalendar(HARBOR);
    expect(nextOpenStretches(cal, ms("2026-12-07T15:30:00Z"), 3).map(iso)).toEqual([
      ["2026-12-07T15:30:00.000Z", "2026-12-07T22:00:00.000Z"],
      ["2026-12-08T14:00:00.000Z", "2026-12-08T22:00:00.000Z"],
      ["2026-12-09T14:00:00.000Z", "2026-12-09T22:00:00.000Z"],
    ]);
    expect(labels(HARBOR, "2026-12-07T15:30:00Z", 2)).toEqual([
      "Mon 7 Dec, 10:30–17:00",
      "Tue 8 Dec, 09:00–17:00",
    ]);
  });

  it("skips closed days and holidays (Christmas on a Friday, then Saturday's short day)", () => {
    expect(labels(HARBOR, "2026-12-24T22:30:00Z", 3)).toEqual([
      "Sat 26 Dec, 10:00–14:00",
      "Mon 28 Dec, 09:00–17:00",
      "Tue 29 Dec, 09:00–17:00",
    ]);
  });

  it("keeps an overnight interval one stretch, across midnight and the year's end", () => {
    expect(labels(NIGHT_DESK, "2026-12-30T12:00:00Z", 3)).toEqual([
      "Wed 30 Dec, 22:00 – Thu 31 Dec, 06:00",
      // 31 December is an exception: 20:00–02:00, running into the new year.
      "Thu 31 Dec, 20:00 – Fri 1 Jan, 02:00",
      "Fri 1 Jan, 22:00 – Sat 2 Jan, 06:00",
    ]);
  });

  it("a day open to midnight reads 24:00, and a 24/7 calendar is open around the clock", () => {
    const lateDesk: CalendarSpec = { timeZone: "Europe/London", weekly: { mon: [["18:00", "24:00"]] } };
    expect(labels(lateDesk, "2026-12-07T12:00:00Z", 1)).toEqual(["Mon 7 Dec, 18:00–24:00"]);
    const always = nextOpenStretches(compileCalendar(ALWAYS_NY), ms("2026-12-07T15:30:00Z"), 5);
    expect(always.map(iso)).toEqual([["2026-12-07T15:30:00.000Z", null]]);
    expect(stretchLabel(always[0]!, "America/New_York")).toBe("from Mon 7 Dec, 10:30, around the clock");
    // A holiday ends the 24/7 stretch: it closes at the holiday's midnight and opens after it.
    const withHoliday = compileCalendar({ ...ALWAYS_NY, holidays: ["2026-12-25"] });
    expect(nextOpenStretches(withHoliday, ms("2026-12-20T12:00:00Z"), 2).map(iso)).toEqual([
      ["2026-12-20T12:00:00.000Z", "2026-12-25T05:00:00.000Z"],
      ["2026-12-26T05:00:00.000Z", null],
    ]);
  });

  it("writes local times on DST days", () => {
    // 8 Mar 2026 clocks go forward in New York: Monday 9 Mar opens at 09:00 EDT (13:00Z).
    const cal = compileCalendar(HARBOR);
    expect(nextOpenStretches(cal, ms("2026-03-08T12:00:00Z"), 1).map(iso)).toEqual([
      ["2026-03-09T13:00:00.000Z", "2026-03-09T21:00:00.000Z"],
    ]);
  });
});
