import { compileCalendar, type CalendarSpec } from "../src/calendar/calendar.rules.js";
import { addWorkingTime } from "../src/calendar/calendar.engine.js";

/** The demo workspace's calendar (SCENARIOS.md): Mon–Fri 9–17, Sat 10–14, two holidays. */
const HARBOR: CalendarSpec = {
  timeZone: "America/New_York",
  weekly: {
    mon: [["09:00", "17:00"]],
    tue: [["09:00", "17:00"]],
    wed: [["09:00", "17:00"]],
    thu: [["09:00", "17:00"]],
    fri: [["09:00", "17:00"]],
    sat: [["10:00", "14:00"]],
  },
  holidays: ["2026-11-26", "2026-12-25"],
};

export interface BusinessTimeFigures {
  /** addWorkingTime on the harbor calendar with holidays. */
  harborPerSecond: number;
  /** The ceiling: the same loop doing plain addition (what a 24/7 "calendar" would be). */
  plainPerSecond: number;
  calls: number;
}

/**
 * Additions per second on one core: random starts across 2026 and durations of 0–48 working
 * hours, the spread a desk's reply and resolution targets have. Inputs are made up front so the
 * timed loops do only the work being measured; a checksum keeps the JIT from dropping it.
 */
export function benchBusinessTime(calls = 2_000_000): BusinessTimeFigures {
  const cal = compileCalendar(HARBOR);
  const from = Date.UTC(2026, 0, 1);
  const span = Date.UTC(2027, 0, 1) - from;
  const starts = new Float64Array(calls);
  const durations = new Float64Array(calls);
  let seed = 42;
  const next = () => (seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648;
  for (let i = 0; i < calls; i++) {
    starts[i] = from + Math.floor(next() * span);
    durations[i] = Math.floor(next() * 48 * 3_600_000);
  }
  const time = (fn: (s: number, d: number) => number) => {
    let check = 0;
    const t0 = performance.now();
    for (let i = 0; i < calls; i++) check += fn(starts[i]!, durations[i]!) % 7;
    const seconds = (performance.now() - t0) / 1000;
    if (check < 0) throw new Error("unreachable");
    return calls / seconds;
  };
  time((s, d) => addWorkingTime(cal, s, d)); // warm the year caches and the JIT
  return {
    harborPerSecond: time((s, d) => addWorkingTime(cal, s, d)),
    plainPerSecond: time((s, d) => s + d),
    calls,
  };
}
