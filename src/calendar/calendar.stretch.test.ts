import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isOpen, nextOpening } from "./calendar.engine.js";
import { ALWAYS_NY, HARBOR, LONDON_SPLIT, NIGHT_DESK } from "./calendar.fixtures.js";
import { compileCalendar } from "./calendar.rules.js";
import { openStretchEnd, openStretchStart, openStretches } from "./calendar.stretch.js";

const harbor = compileCalendar(HARBOR);
const night = compileCalendar(NIGHT_DESK);
const always = compileCalendar(ALWAYS_NY);
const london = compileCalendar(LONDON_SPLIT);
const NY = (iso: string) => Date.parse(iso); // instants written with their offset

describe("open stretches", () => {
  it("ends at the day's closing and starts at its opening", () => {
    expect(openStretchEnd(harbor, NY("2026-12-07T10:30:00-05:00"))).toBe(NY("2026-12-07T17:00:00-05:00"));
    expect(openStretchStart(harbor, NY("2026-12-07T10:30:00-05:00"))).toBe(NY("2026-12-07T09:00:00-05:00"));
    expect(openStretchEnd(harbor, NY("2026-12-07T17:00:00-05:00"))).toBeUndefined();
    expect(openStretchEnd(harbor, NY("2026-12-07T09:00:00-05:00"))).toBe(NY("2026-12-07T17:00:00-05:00"));
    expect(openStretchStart(harbor, NY("2026-12-06T12:00:00-05:00"))).toBeUndefined();
  });

  it("runs overnight intervals through midnight and through New Year", () => {
    expect(openStretchEnd(night, NY("2026-12-08T23:00:00-05:00"))).toBe(NY("2026-12-09T06:00:00-05:00"));
    expect(openStretchStart(night, NY("2026-12-09T03:00:00-05:00"))).toBe(NY("2026-12-08T22:00:00-05:00"));
    // 31 Dec has the exception 20:00–02:00, split at New Year inside the engine: still one stretch.
    expect(openStretchEnd(night, NY("2026-12-31T21:00:00-05:00"))).toBe(NY("2027-01-01T02:00:00-05:00"));
    expect(openStretchStart(night, NY("2027-01-01T01:00:00-05:00"))).toBe(NY("2026-12-31T20:00:00-05:00"));
  });

  it("answers Infinity for a calendar that never closes", () => {
    expect(openStretchEnd(always, NY("2026-12-07T10:30:00-05:00"))).toBe(Infinity);
    expect(openStretchStart(always, NY("2026-12-07T10:30:00-05:00"))).toBe(-Infinity);
  });

  it("lists the stretches of a week, clipped", () => {
    const from = NY("2026-12-07T12:00:00+00:00");
    const to = NY("2026-12-09T12:00:00+00:00");
    expect(openStretches(london, from, to)).toEqual([
      // Monday 12:00–13:00 is lunch, closed.
      { start: NY("2026-12-07T13:00:00+00:00"), end: NY("2026-12-07T17:30:00+00:00") },
      { start: NY("2026-12-09T08:30:00+00:00"), end: to },
    ]);
  });

  it("agrees with isOpen and nextOpening at random instants", () => {
    const cals = [harbor, night, london];
    fc.assert(
      fc.property(
        fc.constantFrom(...cals),
        fc.integer({ min: Date.UTC(2026, 0, 1), max: Date.UTC(2027, 11, 31) }),
        (cal, at) => {
          const end = openStretchEnd(cal, at);
          const start = openStretchStart(cal, at);
          if (!isOpen(cal, at)) {
            expect(end).toBeUndefined();
            expect(start).toBeUndefined();
            return;
          }
          expect(end).toBeGreaterThan(at);
          expect(start).toBeLessThanOrEqual(at);
          expect(isOpen(cal, end! - 1)).toBe(true);
          expect(isOpen(cal, end!)).toBe(false);
          expect(isOpen(cal, start!)).toBe(true);
          expect(isOpen(cal, start! - 1)).toBe(false);
          expect(nextOpening(cal, end!)).toBeGreaterThan(end!);
          // The stretch is open throughout: sample it.
          for (let k = 1; k < 8; k++) expect(isOpen(cal, start! + ((end! - start!) * k) / 8)).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });
});
