import { IANAZone } from "luxon";

/**
 * A time zone's UTC offsets over a bounded span, as a step function: offset `offsets[i]` (ms)
 * applies from instant `starts[i]` until `starts[i + 1]`. Built with a few dozen Luxon look-ups
 * per year, after which converting between instants and wall times is plain arithmetic —
 * Luxon's own offset look-up costs ~15 µs, far too slow for the engine's hot paths.
 */
export interface OffsetTable {
  readonly starts: Float64Array;
  readonly offsets: Float64Array;
}

/**
 * Offsets are sampled this often and the changes found by bisection to the second. A change
 * that is undone within one step would be missed; modern tzdata's shortest periods (Ramadan
 * suspensions of DST) last weeks, so a week is a safe step.
 */
const SAMPLE_STEP_MS = 7 * 86_400_000;
const SECOND_MS = 1000;

export function isKnownZone(name: string): boolean {
  return IANAZone.isValidZone(name);
}

export function openZone(name: string): IANAZone {
  return IANAZone.create(name);
}

function offsetAt(zone: IANAZone, atMs: number): number {
  return Math.round(zone.offset(atMs) * 60_000);
}

/** The first whole second in (lowMs, highMs] whose offset differs from lowOffset. */
function findChange(zone: IANAZone, lowMs: number, lowOffset: number, highMs: number): number {
  let low = lowMs;
  let high = highMs;
  while (high - low > SECOND_MS) {
    const mid = low + Math.floor((high - low) / (2 * SECOND_MS)) * SECOND_MS;
    if (offsetAt(zone, mid) === lowOffset) low = mid;
    else high = mid;
  }
  return high;
}

/** The offset table covering at least [fromMs, toMs]. */
export function buildOffsetTable(zone: IANAZone, fromMs: number, toMs: number): OffsetTable {
  const from = Math.floor(fromMs / SECOND_MS) * SECOND_MS;
  const starts = [-Infinity];
  const offsets = [offsetAt(zone, from)];
  let lowMs = from;
  let lowOffset = offsets[0] ?? 0;
  while (lowMs < toMs) {
    const highMs = Math.min(lowMs + SAMPLE_STEP_MS, Math.ceil(toMs / SECOND_MS) * SECOND_MS);
    const highOffset = offsetAt(zone, highMs);
    // Walk every change between the samples (two can fall in one step).
    while (lowOffset !== highOffset) {
      const changeMs = findChange(zone, lowMs, lowOffset, highMs);
      lowMs = changeMs;
      lowOffset = offsetAt(zone, changeMs);
      starts.push(changeMs);
      offsets.push(lowOffset);
    }
    lowMs = highMs;
  }
  return { starts: Float64Array.from(starts), offsets: Float64Array.from(offsets) };
}

/** The same table moved by a whole number of days (for years that repeat another year's pattern). */
export function shiftOffsetTable(table: OffsetTable, shiftMs: number): OffsetTable {
  return { starts: table.starts.map((s) => s + shiftMs), offsets: table.offsets };
}

/**
 * The instant of a wall time: the earliest instant at which the local clock reads `wallMs` or
 * later. So a time that occurs twice (fall back) takes its first occurrence, and a time skipped
 * by spring-forward maps to the moment of the jump (02:30 → 03:00 EDT): a shop that opens at
 * 02:30 is open from the first instant its clock shows a time past 02:30.
 */
export function wallToInstant(table: OffsetTable, wallMs: number): number {
  const { starts, offsets } = table;
  const count = starts.length;
  for (let i = 0; i < count; i++) {
    const offset = offsets[i] ?? 0;
    const segmentStart = starts[i] ?? -Infinity;
    const segmentEnd = i + 1 < count ? (starts[i + 1] ?? Infinity) : Infinity;
    if (wallMs < segmentStart + offset) return segmentStart;
    if (wallMs < segmentEnd + offset) return wallMs - offset;
  }
  return wallMs - (offsets[count - 1] ?? 0);
}

/** The wall time (local date-time as if UTC) of an instant the table covers. */
export function instantToWall(table: OffsetTable, atMs: number): number {
  const { starts, offsets } = table;
  let i = starts.length - 1;
  while (i > 0 && (starts[i] ?? -Infinity) > atMs) i--;
  return atMs + (offsets[i] ?? 0);
}
