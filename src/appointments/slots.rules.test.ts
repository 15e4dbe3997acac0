import fc from "fast-check";
import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import { compileSchedule } from "../schedules/schedule.rules.js";
import { findSlots, insideHours, overlapsAny, parseSuits, type Interval } from "./slots.rules.js";

const NY = "America/New_York";
const days = (hours: string[][], keys = ["mon", "tue", "wed", "thu", "fri"]) =>
  Object.fromEntries(keys.map((d) => [d, hours])) as Record<string, [string, string][]>;
const owen = compileSchedule({
  timeZone: NY,
  weekly: { ...days([["06:00", "20:00"]]), sat: [["06:00", "20:00"]] },
});
const maya = compileSchedule({ timeZone: NY, weekly: days([["09:00", "17:00"]]) });
// Mon 7 Dec 2026 10:30 New York.
const NOW = DateTime.fromISO("2026-12-07T10:30", { zone: NY }).toMillis();
const local = (ms: number) => DateTime.fromMillis(ms, { zone: NY }).toFormat("ccc dd HH:mm");

function read(text: string) {
  const r = parseSuits(text, NOW, NY);
  if (!r.ok) throw new Error(r.problem);
  return r;
}

function windowsOf(text: string, reading = 0) {
  return read(text).readings[reading]!.windows.map((w) => `${local(w.start)}–${local(w.end)}`);
}

describe("reading what suits the customer", () => {
  it("'tomorrow after 7' has two readings, 07:00 and 19:00, and says so", () => {
    const r = read("tomorrow after 7");
    expect(r.readings.map((x) => x.label)).toEqual(["tomorrow after 07:00", "tomorrow after 19:00"]);
    expect(windowsOf("tomorrow after 7", 0)).toEqual(["Tue 08 07:00–Wed 09 00:00"]);
    expect(windowsOf("tomorrow after 7", 1)).toEqual(["Tue 08 19:00–Wed 09 00:00"]);
    expect(r.ambiguity).toMatch(/07:00 or 19:00/);
  });

  it("am/pm or 24-hour times leave one reading", () => {
    expect(read("tomorrow after 7pm").readings.map((x) => x.label)).toEqual(["tomorrow after 19:00"]);
    expect(read("tomorrow after 7am").readings.map((x) => x.label)).toEqual(["tomorrow after 07:00"]);
    expect(read("tomorrow after 19:00").readings.map((x) => x.label)).toEqual(["tomorrow after 19:00"]);
    expect(read("tomorrow after 07:00").ambiguity).toBeNull();
    expect(read("after 12am").readings[0]!.label).toBe("after 00:00");
  });

  it("bare 1–6 are afternoon: 'after 3' is 15:00", () => {
    expect(read("after 3").readings.map((x) => x.label)).toEqual(["after 15:00"]);
    expect(read("after 3pm").readings).toHaveLength(1);
    // no day: every day of the next two weeks, today first
    expect(windowsOf("after 3pm").slice(0, 2)).toEqual([
      "Mon 07 15:00–Tue 08 00:00",
      "Tue 08 15:00–Wed 09 00:00",
    ]);
    expect(windowsOf("after 3pm")).toHaveLength(14);
  });

  it("'weekdays before noon' is the mornings of weekdays", () => {
    const w = windowsOf("weekdays before noon");
    expect(w[0]).toBe("Mon 07 00:00–Mon 07 12:00");
    expect(w.some((x) => x.startsWith("Sat") || x.startsWith("Sun"))).toBe(false);
    expect(w).toHaveLength(10);
  });

  it("'today', 'Monday afternoon', 'any time next week', 'Friday morning', 'weekends'", () => {
    expect(windowsOf("today")).toEqual(["Mon 07 00:00–Tue 08 00:00"]);
    expect(windowsOf("Monday afternoon")).toEqual(["Mon 07 12:00–Mon 07 17:00"]);
    expect(windowsOf("next Monday afternoon")).toEqual(["Mon 14 12:00–Mon 14 17:00"]);
    const next = windowsOf("any time next week");
    expect(next[0]).toBe("Mon 14 00:00–Tue 15 00:00");
    expect(next).toHaveLength(7);
    expect(windowsOf("Friday morning")).toEqual(["Fri 11 00:00–Fri 11 12:00"]);
    expect(windowsOf("weekends").map((x) => x.slice(0, 3))).toEqual(["Sat", "Sun", "Sat", "Sun"]);
    expect(windowsOf("Wednesday, please")).toEqual(["Wed 09 00:00–Thu 10 00:00"]);
  });

  it("'between 10 and 12' is 10:00–12:00; 'between 8 and 10' has two readings", () => {
    expect(read("between 10 and 12").readings.map((r) => r.label)).toEqual(["between 10:00 and 12:00"]);
    expect(read("between 2 and 4").readings.map((r) => r.label)).toEqual(["between 14:00 and 16:00"]);
    expect(read("tomorrow between 8 and 10").readings.map((r) => r.label)).toEqual([
      "tomorrow between 08:00 and 10:00",
      "tomorrow between 20:00 and 22:00",
    ]);
    expect(read("from 9:30 to 11").readings[0]!.label).toBe("between 09:30 and 11:00");
  });

  it("anything else is refused with the forms that are understood", () => {
    for (const text of ["", "when the cows come home", "tomorrow today", "after 25", "after 13pm", "blue"]) {
      const r = parseSuits(text, NOW, NY);
      expect(r.ok, text).toBe(false);
      if (!r.ok) expect(r.problem).toMatch(/tomorrow after 7/);
    }
  });

  it("DST: windows are wall times in the zone (8 Mar 2026 springs forward)", () => {
    const before = DateTime.fromISO("2026-03-07T12:00", { zone: NY }).toMillis();
    const r = parseSuits("tomorrow after 9am", before, NY);
    if (!r.ok) throw new Error(r.problem);
    expect(DateTime.fromMillis(r.readings[0]!.windows[0]!.start, { zone: NY }).toFormat("HH:mm")).toBe(
      "09:00",
    );
  });
});

describe("finding slots", () => {
  it("S5: Owen, tomorrow after 7 → 07:00, 07:30 … in 30-minute slots", () => {
    const w = read("tomorrow after 7").readings;
    const early = findSlots({
      schedule: owen,
      busy: [],
      durationMinutes: 30,
      nowMs: NOW,
      windows: w[0]!.windows,
    });
    expect(early.map((s) => local(s.start))).toEqual([
      "Tue 08 07:00",
      "Tue 08 07:30",
      "Tue 08 08:00",
      "Tue 08 08:30",
      "Tue 08 09:00",
    ]);
    const late = findSlots({
      schedule: owen,
      busy: [],
      durationMinutes: 30,
      nowMs: NOW,
      windows: w[1]!.windows,
    });
    // his hours end at 20:00: two half-hour slots after 19:00
    expect(late.map((s) => local(s.start))).toEqual(["Tue 08 19:00", "Tue 08 19:30"]);
  });

  it("skips busy appointments and never offers the past", () => {
    const busy = [
      {
        start: DateTime.fromISO("2026-12-07T11:00", { zone: NY }).toMillis(),
        end: DateTime.fromISO("2026-12-07T12:00", { zone: NY }).toMillis(),
      },
    ];
    const slots = findSlots({
      schedule: maya,
      busy,
      durationMinutes: 30,
      nowMs: NOW,
      windows: read("today").readings[0]!.windows,
      count: 3,
    });
    expect(slots.map((s) => local(s.start))).toEqual(["Mon 07 10:30", "Mon 07 12:00", "Mon 07 12:30"]);
    const odd = findSlots({
      schedule: maya,
      busy: [],
      durationMinutes: 30,
      nowMs: NOW + 60_000,
      windows: read("today").readings[0]!.windows,
      count: 1,
    });
    expect(local(odd[0]!.start)).toBe("Mon 07 10:45");
  });

  it("nothing when the window misses the hours", () => {
    expect(
      findSlots({
        schedule: maya,
        busy: [],
        durationMinutes: 30,
        nowMs: NOW,
        windows: read("weekends").readings[0]!.windows,
      }),
    ).toEqual([]);
    expect(
      findSlots({
        schedule: maya,
        busy: [],
        durationMinutes: 600,
        nowMs: NOW,
        windows: read("tomorrow").readings[0]!.windows,
      }),
    ).toEqual([]);
  });

  it("insideHours and overlapsAny", () => {
    const t = (s: string) => DateTime.fromISO(s, { zone: NY }).toMillis();
    expect(insideHours(maya, { start: t("2026-12-08T16:30"), end: t("2026-12-08T17:00") })).toBe(true);
    expect(insideHours(maya, { start: t("2026-12-08T16:45"), end: t("2026-12-08T17:15") })).toBe(false);
    expect(insideHours(maya, { start: t("2026-12-12T10:00"), end: t("2026-12-12T10:30") })).toBe(false);
    expect(overlapsAny({ start: 0, end: 10 }, [{ start: 10, end: 20 }])).toBe(false);
    expect(overlapsAny({ start: 0, end: 11 }, [{ start: 10, end: 20 }])).toBe(true);
  });

  const phrases = [
    "tomorrow after 7",
    "weekdays before noon",
    "today",
    "Monday afternoon",
    "any time next week",
    "after 3pm",
    "between 10 and 12",
    "weekends",
  ];
  it("properties: inside hours, inside a window, never busy, never past, sorted, disjoint", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...phrases),
        fc.integer({ min: 0, max: 14 * 24 * 60 }),
        fc.array(
          fc.record({ at: fc.integer({ min: 0, max: 14 * 24 * 4 }), len: fc.integer({ min: 1, max: 12 }) }),
          { maxLength: 12 },
        ),
        fc.constantFrom(15, 30, 45, 60, 90),
        fc.constantFrom(owen, maya),
        (phrase, nowOffset, busySpec, duration, schedule) => {
          const now = NOW + nowOffset * 60_000;
          const parsed = parseSuits(phrase, now, NY);
          if (!parsed.ok) return false;
          const busy: Interval[] = busySpec.map((b) => ({
            start: now + b.at * 15 * 60_000,
            end: now + (b.at + b.len) * 15 * 60_000,
          }));
          for (const r of parsed.readings) {
            const slots = findSlots({
              schedule,
              busy,
              durationMinutes: duration,
              nowMs: now,
              windows: r.windows,
            });
            slots.forEach((s, i) => {
              expect(s.end - s.start).toBe(duration * 60_000);
              expect(s.start).toBeGreaterThanOrEqual(now);
              expect(insideHours(schedule, s)).toBe(true);
              expect(r.windows.some((w) => w.start <= s.start && w.end >= s.end)).toBe(true);
              expect(overlapsAny(s, busy)).toBe(false);
              if (i > 0) expect(s.start).toBeGreaterThanOrEqual(slots[i - 1]!.end);
            });
          }
          return true;
        },
      ),
      { numRuns: 200 },
    );
  });
});
