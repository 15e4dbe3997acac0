import { DateTime } from "luxon";
import { chunkAt, yearChunk, type Calendar, type YearChunk } from "./calendar.timeline.js";

/** One stretch of open time: [opensAt, closesAt), epoch ms; closesAt null when it does not end within the horizon. */
export interface OpenStretch {
  opensAt: number;
  closesAt: number | null;
}

/** How far ahead a stretch is followed before it is called "open around the clock". */
const HORIZON_MS = 366 * 86_400_000;

/** Index of the first range ending after atMs in a chunk (ranges are sorted and disjoint). */
function firstEndingAfter(chunk: YearChunk, atMs: number): number {
  let low = 0;
  let high = chunk.ends.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if ((chunk.ends[mid] ?? Infinity) <= atMs) low = mid + 1;
    else high = mid;
  }
  return low;
}

/** Walks the calendar's ranges from an instant on, across years. */
function* rangesFrom(cal: Calendar, fromMs: number): Generator<[number, number]> {
  let chunk = chunkAt(cal, fromMs);
  let i = firstEndingAfter(chunk, fromMs);
  for (;;) {
    while (i < chunk.starts.length) {
      yield [chunk.starts[i] ?? NaN, chunk.ends[i] ?? NaN];
      i += 1;
    }
    chunk = yearChunk(cal, chunk.year + 1);
    i = 0;
  }
}

/**
 * The next `count` open stretches at or after `fromMs` (the current one first when open now,
 * starting at `fromMs`). Ranges that touch — an overnight interval, a year's end, a 24/7 week —
 * are one stretch; a stretch still open a year on has `closesAt` null ("around the clock").
 * Every compiled calendar opens at some point (compileCalendar refuses one that never does).
 */
export function nextOpenStretches(cal: Calendar, fromMs: number, count: number): OpenStretch[] {
  const out: OpenStretch[] = [];
  let current: { opensAt: number; closesAt: number } | undefined;
  for (const [start, end] of rangesFrom(cal, fromMs)) {
    const opensAt = Math.max(start, fromMs);
    if (current && opensAt <= current.closesAt) {
      current.closesAt = Math.max(current.closesAt, end);
    } else {
      if (current) out.push(current);
      if (out.length >= count) return out;
      current = { opensAt, closesAt: end };
    }
    if (current.closesAt - current.opensAt > HORIZON_MS) {
      out.push({ opensAt: current.opensAt, closesAt: null });
      return out;
    }
  }
  return out;
}

/**
 * A stretch in words, in the calendar's zone: "Mon 7 Dec, 09:00–17:00", "Fri 24 Dec, 22:00 –
 * Sat 25 Dec, 06:00", or "from Mon 7 Dec, 09:00, around the clock".
 */
export function stretchLabel(stretch: OpenStretch, timeZone: string): string {
  const at = (ms: number) => DateTime.fromMillis(ms, { zone: timeZone }).setLocale("en-US");
  const opens = at(stretch.opensAt);
  const day = (d: DateTime) => d.toFormat("ccc d LLL");
  if (stretch.closesAt === null) return `from ${day(opens)}, ${opens.toFormat("HH:mm")}, around the clock`;
  // A closing at midnight belongs to the day it ends: "09:00–24:00" rather than the next date.
  const closes = at(stretch.closesAt);
  const endsAtMidnight = closes.hour === 0 && closes.minute === 0 && closes.second === 0;
  const lastDay = endsAtMidnight ? closes.minus({ days: 1 }) : closes;
  const closeTime = endsAtMidnight ? "24:00" : closes.toFormat("HH:mm");
  if (lastDay.hasSame(opens, "day")) return `${day(opens)}, ${opens.toFormat("HH:mm")}–${closeTime}`;
  return `${day(opens)}, ${opens.toFormat("HH:mm")} – ${day(lastDay)}, ${closeTime}`;
}
