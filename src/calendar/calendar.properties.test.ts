import fc from "fast-check";
import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import { daysFromCivil } from "./calendar.dates.js";
import {
  addWorkingTime,
  isOpen,
  nextOpening,
  previousClosing,
  subtractWorkingTime,
  workingTimeBetween,
} from "./calendar.engine.js";
import { ALWAYS_NY, DST_SUNDAYS, HARBOR, LONDON_SPLIT, NIGHT_DESK } from "./calendar.fixtures.js";
import {
  type CalendarSpec,
  type ClockInterval,
  compileCalendar,
  validateCalendar,
} from "./calendar.rules.js";

const HOUR = 3_600_000;
const calendars = [HARBOR, NIGHT_DESK, ALWAYS_NY, DST_SUNDAYS, LONDON_SPLIT].map((spec) => ({
  spec,
  cal: compileCalendar(spec),
}));

/** Instants over 2026–2027: two of each DST change and the fixtures' holidays and exceptions. */
const instant = fc.integer({ min: Date.UTC(2026, 0, 1), max: Date.UTC(2027, 11, 31) });
/** Up to ~3 weeks, sometimes whole minutes, sometimes zero. */
const duration = fc.oneof(
  fc.integer({ min: 0, max: 500 * HOUR }),
  fc.integer({ min: 0, max: 30_000 }).map((m) => m * 60_000),
  fc.constant(0),
);
const calendar = fc.constantFrom(...calendars);
const RUNS = { numRuns: 400 };

describe("business-time properties on the fixture calendars", () => {
  it("elapsed(start, add(start, d)) === d, and elapsed(subtract(start, d), start) === d", () => {
    fc.assert(
      fc.property(calendar, instant, duration, ({ cal }, start, d) => {
        expect(workingTimeBetween(cal, start, addWorkingTime(cal, start, d))).toBe(d);
        expect(workingTimeBetween(cal, subtractWorkingTime(cal, start, d), start)).toBe(d);
      }),
      RUNS,
    );
  });

  it("add is monotonic in the start and in the duration", () => {
    fc.assert(
      fc.property(calendar, instant, instant, duration, duration, ({ cal }, a, b, d1, d2) => {
        const [early, late] = a <= b ? [a, b] : [b, a];
        const [short, long] = d1 <= d2 ? [d1, d2] : [d2, d1];
        expect(addWorkingTime(cal, early, short)).toBeLessThanOrEqual(addWorkingTime(cal, late, short));
        expect(addWorkingTime(cal, early, short)).toBeLessThanOrEqual(addWorkingTime(cal, early, long));
        expect(subtractWorkingTime(cal, early, short)).toBeLessThanOrEqual(
          subtractWorkingTime(cal, late, short),
        );
        expect(subtractWorkingTime(cal, early, long)).toBeLessThanOrEqual(
          subtractWorkingTime(cal, early, short),
        );
      }),
      RUNS,
    );
  });

  it("add lands in open time or exactly on a closing; subtract in open time or on an opening", () => {
    fc.assert(
      fc.property(calendar, instant, duration, ({ cal }, start, d) => {
        const end = addWorkingTime(cal, start, d);
        expect(end).toBeGreaterThanOrEqual(start);
        expect(isOpen(cal, end) || (d > 0 && isOpen(cal, end - 1))).toBe(true);
        const begin = subtractWorkingTime(cal, start, d);
        expect(begin).toBeLessThanOrEqual(start);
        if (d > 0) expect(isOpen(cal, begin)).toBe(true);
        else expect(isOpen(cal, begin) || isOpen(cal, begin - 1)).toBe(true);
      }),
      RUNS,
    );
  });

  it("subtract inverts add from open instants", () => {
    fc.assert(
      fc.property(calendar, instant, duration, ({ cal }, t, d) => {
        const start = nextOpening(cal, t);
        expect(subtractWorkingTime(cal, addWorkingTime(cal, start, d), d)).toBe(start);
      }),
      RUNS,
    );
  });

  it("nextOpening is open with no open time before it; previousClosing mirrors it", () => {
    fc.assert(
      fc.property(calendar, instant, ({ cal }, t) => {
        const opening = nextOpening(cal, t);
        expect(isOpen(cal, opening)).toBe(true);
        expect(workingTimeBetween(cal, t, opening)).toBe(0);
        if (!isOpen(cal, t)) expect(isOpen(cal, opening - 1)).toBe(false);
        const closing = previousClosing(cal, t);
        expect(closing).toBeLessThanOrEqual(t);
        expect(workingTimeBetween(cal, closing, t)).toBe(0);
        if (!isOpen(cal, t)) expect(isOpen(cal, closing - 1)).toBe(true);
      }),
      RUNS,
    );
  });

  it("elapsed adds up over consecutive spans", () => {
    fc.assert(
      fc.property(calendar, instant, instant, instant, ({ cal }, a, b, c) => {
        const [x, y, z] = [a, b, c].sort((p, q) => p - q) as [number, number, number];
        expect(workingTimeBetween(cal, x, y) + workingTimeBetween(cal, y, z)).toBe(
          workingTimeBetween(cal, x, z),
        );
      }),
      RUNS,
    );
  });
});

describe("years far from today (copied from a template year) agree with years computed directly", () => {
  // A holiday in 2400 makes every year up to 2401 computed directly from the rules.
  const templated = compileCalendar({ ...HARBOR, holidays: [] });
  const direct = compileCalendar({ ...HARBOR, holidays: ["2400-06-01"] });
  it("gives the same answers between 2101 and 2399", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: Date.UTC(2101, 0, 1), max: Date.UTC(2399, 0, 1) }),
        duration,
        (start, d) => {
          expect(addWorkingTime(templated, start, d)).toBe(addWorkingTime(direct, start, d));
          expect(isOpen(templated, start)).toBe(isOpen(direct, start));
        },
      ),
      { numRuns: 200 },
    );
  });
});

/**
 * isOpen against an independent reading of the rules through Luxon: take the local date and
 * time, then look at the date's own intervals and the night before's. Skips instants within
 * two hours of an offset change, where "local time" is ambiguous by design.
 */
function isOpenByLuxon(spec: CalendarSpec, atMs: number): boolean {
  const local = DateTime.fromMillis(atMs, { zone: spec.timeZone });
  const day = daysFromCivil(local.year, local.month, local.day);
  const minute = local.hour * 60 + local.minute + local.second / 60 + local.millisecond / 60_000;
  const isHoliday = (d: number): boolean =>
    (spec.holidays ?? []).some((h) => daysFromCivil(+h.slice(0, 4), +h.slice(5, 7), +h.slice(8, 10)) === d);
  const own = (d: number): [number, number][] => {
    if (isHoliday(d)) return [];
    const dated = (spec.exceptions ?? []).find(
      (e) => daysFromCivil(+e.date.slice(0, 4), +e.date.slice(5, 7), +e.date.slice(8, 10)) === d,
    );
    const keys = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"] as const;
    const intervals = dated?.intervals ?? spec.weekly[keys[(((d + 4) % 7) + 7) % 7]!] ?? [];
    return intervals.map(([a, b]) => {
      const start = +a.slice(0, 2) * 60 + +a.slice(3, 5);
      const end = +b.slice(0, 2) * 60 + +b.slice(3, 5);
      return [start, end > start ? end : end + 1440];
    });
  };
  if (isHoliday(day)) return false;
  return (
    own(day).some(([s, e]) => s <= minute && minute < e) ||
    own(day - 1).some(([, e]) => e > 1440 && minute < e - 1440)
  );
}

const ZONES = ["Etc/UTC", "America/New_York", "Europe/London", "Australia/Sydney", "Asia/Kolkata"];
const quarter = fc.integer({ min: 0, max: 96 });
/** Up to two intervals per day from sorted quarter-hour points; sometimes the last runs past midnight. */
const dayIntervals = fc
  .tuple(fc.uniqueArray(quarter, { maxLength: 4 }), fc.boolean())
  .map(([points, overnight]): ClockInterval[] => {
    const sorted = [...points].sort((a, b) => a - b);
    const clock = (q: number): string =>
      `${String(Math.floor(q / 4)).padStart(2, "0")}:${String((q % 4) * 15).padStart(2, "0")}`;
    const result: ClockInterval[] = [];
    for (let i = 0; i + 1 < sorted.length; i += 2) {
      const start = sorted[i]!;
      const end = sorted[i + 1]!;
      if (start === 96) continue;
      result.push([clock(start), clock(end)]);
    }
    const last = result[result.length - 1];
    if (overnight && last && last[1] !== "24:00" && last[1] > "06:00")
      result[result.length - 1] = [last[0], "03:00"];
    return result;
  });
const spec = fc
  .record({
    timeZone: fc.constantFrom(...ZONES),
    days: fc.array(dayIntervals, { minLength: 7, maxLength: 7 }),
    holidays: fc.uniqueArray(fc.integer({ min: 0, max: 700 }), { maxLength: 6 }),
    exceptions: fc.uniqueArray(fc.tuple(fc.integer({ min: 0, max: 700 }), dayIntervals), {
      maxLength: 4,
      selector: ([d]) => d,
    }),
  })
  .map(({ timeZone, days, holidays, exceptions }): CalendarSpec => {
    const date = (offset: number): string =>
      new Date(Date.UTC(2026, 0, 1 + offset)).toISOString().slice(0, 10);
    const [sun, mon, tue, wed, thu, fri, sat] = days;
    return {
      timeZone,
      weekly: { sun: sun!, mon: mon!, tue: tue!, wed: wed!, thu: thu!, fri: fri!, sat: sat! },
      holidays: holidays.map(date),
      exceptions: exceptions
        .filter(([d]) => !holidays.includes(d))
        .map(([d, intervals]) => ({ date: date(d), intervals })),
    };
  });

describe("random calendars", () => {
  it("isOpen agrees with reading the rules through Luxon directly", () => {
    fc.assert(
      fc.property(spec, fc.array(instant, { minLength: 20, maxLength: 20 }), (s, instants) => {
        fc.pre(validateCalendar(s).length === 0);
        const cal = compileCalendar(s);
        const offsetAt = (at: number): number => DateTime.fromMillis(at, { zone: s.timeZone }).offset;
        for (const t of instants) {
          if (offsetAt(t - 2 * HOUR) !== offsetAt(t + 2 * HOUR)) continue;
          expect(isOpen(cal, t), `${JSON.stringify(s)} at ${new Date(t).toISOString()}`).toBe(
            isOpenByLuxon(s, t),
          );
        }
      }),
      { numRuns: 150 },
    );
  });

  it("elapsed(start, add(start, d)) === d and subtract inverts add from open instants", () => {
    fc.assert(
      fc.property(spec, instant, duration, (s, t, d) => {
        fc.pre(validateCalendar(s).length === 0);
        const cal = compileCalendar(s);
        const start = nextOpening(cal, t);
        const end = addWorkingTime(cal, start, d);
        expect(workingTimeBetween(cal, start, end)).toBe(d);
        expect(subtractWorkingTime(cal, end, d)).toBe(start);
      }),
      { numRuns: 150 },
    );
  });
});
