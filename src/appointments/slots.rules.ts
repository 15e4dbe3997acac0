import { DateTime } from "luxon";
import { shiftsBetween, type Schedule } from "../schedules/schedule.rules.js";

/*
 * Appointment slots, pure: what suits the customer in plain words → windows of instants in the
 * customer's (the workspace's) time zone, and the earliest free slots of a person inside their
 * hours, the customer's windows and outside their existing appointments. No I/O, no clock.
 *
 * Bare hours: "after 3" means 15:00 (nobody books a desk for 03:00): 1–6 are read as afternoon,
 * 12 as noon, 13–23 as written. 7–11 are ambiguous ("tomorrow after 7" with Owen in 06:00–20:00
 * could be 07:00 or 19:00, both inside his hours), so such a phrase has two readings and the desk
 * offers the earliest slots of each, saying so; "7am", "7pm" or "19:00" leave one reading.
 */

const MINUTE_MS = 60_000;
const DAY_MIN = 1440;
/** Phrases without a day look this many days ahead (today included). */
export const HORIZON_DAYS = 14;
export const DEFAULT_SLOT_COUNT = 5;
/** Slots start on a quarter-hour grid. */
export const SLOT_STEP_MINUTES = 15;

export const UNDERSTOOD_FORMS = [
  "today",
  "tomorrow after 7",
  "weekdays before noon",
  "Monday afternoon",
  "any time next week",
  "after 3pm",
  "between 10 and 12",
  "Friday morning",
  "weekends",
];

export interface Interval {
  start: number;
  end: number;
}

export interface Reading {
  /** The phrase as the desk read it, e.g. "tomorrow after 19:00". */
  label: string;
  windows: Interval[];
}

export type ParsedSuits =
  { ok: true; readings: Reading[]; ambiguity: string | null } | { ok: false; problem: string };

const WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];
const WEEKDAY_RE = "(mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day|nesday|sday|urday|rsday)?";

/** A day part: which local dates (as Luxon DateTimes at midnight) the phrase covers. */
interface DayPart {
  words: string;
  dates: (today: DateTime) => DateTime[];
}

/** A time of day in minutes, with the other reading of an ambiguous bare hour. */
interface ClockRead {
  minutes: number;
  alt: number | undefined;
  text: string;
}

/** A time part: local-minute ranges with a label, one per reading. */
interface TimePart {
  readings: { label: string; ranges: [number, number][] }[];
  ambiguous: string | null;
}

const hhmm = (min: number) =>
  `${String(Math.floor(min / 60)).padStart(2, "0")}:${String(min % 60).padStart(2, "0")}`;

function daysFrom(today: DateTime, n: number): DateTime[] {
  return Array.from({ length: n }, (_, i) => today.plus({ days: i }));
}

function weekdayIndex(word: string): number {
  const w = word.slice(0, 3);
  return WEEKDAYS.findIndex((d) => d.startsWith(w)) + 1; // Luxon: 1 = Monday
}

function parseDayPart(text: string): { part: DayPart | undefined; rest: string } | undefined {
  const rules: [RegExp, (m: RegExpMatchArray) => DayPart][] = [
    [/\btoday\b/, () => ({ words: "today", dates: (t) => [t] })],
    [/\btomorrow\b/, () => ({ words: "tomorrow", dates: (t) => [t.plus({ days: 1 })] })],
    [
      /\bnext week\b/,
      () => ({
        words: "next week",
        dates: (t) => daysFrom(t.startOf("week").plus({ weeks: 1 }), 7),
      }),
    ],
    [
      /\bthis week\b/,
      () => ({
        words: "this week",
        dates: (t) => daysFrom(t, 8 - t.weekday),
      }),
    ],
    [
      /\b(?:weekdays|week days|any weekday|a weekday)\b/,
      () => ({
        words: "weekdays",
        dates: (t) => daysFrom(t, HORIZON_DAYS).filter((d) => d.weekday <= 5),
      }),
    ],
    [
      /\b(?:weekends?|saturday or sunday)\b/,
      () => ({
        words: "weekends",
        dates: (t) => daysFrom(t, HORIZON_DAYS).filter((d) => d.weekday >= 6),
      }),
    ],
    [
      new RegExp(`\\b(?:next |this |on )?${WEEKDAY_RE}s?\\b`),
      (m) => {
        const idx = weekdayIndex(m[1] ?? "");
        const next = m[0].startsWith("next ");
        return {
          words: WEEKDAYS[idx - 1] ?? "",
          dates: (t) => {
            let ahead = (idx - t.weekday + 7) % 7;
            if (next && ahead === 0) ahead = 7;
            return [t.plus({ days: ahead })];
          },
        };
      },
    ],
  ];
  let part: DayPart | undefined;
  let rest = text;
  for (const [re, make] of rules) {
    const m = rest.match(re);
    if (!m) continue;
    if (part) return undefined; // two day parts ("today tomorrow"): not a phrase we read
    part = make(m);
    rest = rest.replace(re, " ");
  }
  return { part, rest };
}

const CLOCK = String.raw`(noon|midday|midnight|\d{1,2}(?:[:.]\d{2})?(?:\s*[ap]\.?m\.?)?)`;

/** "7" → 07:00 or 19:00; "3" → 15:00; "7pm" → 19:00; "19:00" → 19:00; "noon" → 12:00. */
function readClock(raw: string): ClockRead | undefined {
  const text = raw
    .replace(/\s+/g, "")
    .replace(/\./g, (s, i: number, all: string) => (/\d/.test(all[i + 1] ?? "") ? ":" : ""));
  if (text === "noon" || text === "midday") return { minutes: 720, alt: undefined, text: "noon" };
  if (text === "midnight") return { minutes: DAY_MIN, alt: undefined, text: "midnight" };
  const m = text.match(/^(\d{1,2})(?::(\d{2}))?(am|pm)?$/);
  if (!m) return undefined;
  let h = Number(m[1]);
  const min = m[2] === undefined ? 0 : Number(m[2]);
  const suffix = m[3];
  if (min > 59 || h > 24 || (h === 24 && min > 0)) return undefined;
  if (suffix) {
    if (h < 1 || h > 12) return undefined;
    if (suffix === "am" && h === 12) h = 0;
    if (suffix === "pm" && h !== 12) h += 12;
    return { minutes: h * 60 + min, alt: undefined, text: hhmm(h * 60 + min) };
  }
  const written = m[2] !== undefined && (m[1] ?? "").length === 2; // "07:30", "19:00": 24-hour
  if (written || h === 0 || h >= 12)
    return { minutes: h * 60 + min, alt: undefined, text: hhmm(h * 60 + min) };
  if (h <= 6) return { minutes: (h + 12) * 60 + min, alt: undefined, text: hhmm((h + 12) * 60 + min) };
  return { minutes: h * 60 + min, alt: (h + 12) * 60 + min, text: hhmm(h * 60 + min) };
}

function readingsOf(c: ClockRead): number[] {
  return c.alt === undefined ? [c.minutes] : [c.minutes, c.alt];
}

function ambiguityOf(raw: string, c: ClockRead): string | null {
  if (c.alt === undefined) return null;
  return `"${raw.trim()}" could be ${hhmm(c.minutes)} or ${hhmm(c.alt)}; the earliest slots of both readings are offered.`;
}

function parseTimePart(text: string): { part: TimePart | undefined; rest: string } | undefined {
  const named: [RegExp, string, [number, number]][] = [
    [/\b(?:in the )?mornings?\b/, "morning", [0, 720]],
    [/\b(?:in the )?afternoons?\b/, "afternoon", [720, 1020]],
    [/\b(?:in the )?evenings?\b/, "evening", [1020, DAY_MIN]],
    [/\b(?:at )?lunch ?time\b|\bover lunch\b/, "lunchtime", [720, 840]],
  ];
  for (const [re, label, range] of named) {
    if (re.test(text))
      return {
        part: { readings: [{ label, ranges: [range] }], ambiguous: null },
        rest: text.replace(re, " "),
      };
  }
  const between = text.match(
    new RegExp(`\\b(?:between|from)\\s+${CLOCK}\\s+(?:and|to|until|till|-)\\s+${CLOCK}`),
  );
  if (between) {
    const a = readClock(between[1] ?? "");
    const b = readClock(between[2] ?? "");
    if (!a || !b) return undefined;
    const pairs: [number, number][] = [];
    for (const x of readingsOf(a)) for (const y of readingsOf(b)) if (y > x) pairs.push([x, y]);
    // "between 10 and 12": 10:00–12:00 only (22:00 is after noon); keep the tightest readings.
    const kept = pairs.filter(
      ([x, y]) => !pairs.some(([x2, y2]) => x2 >= x && y2 <= y && (x2 !== x || y2 !== y)),
    );
    if (kept.length === 0) return undefined;
    return {
      part: {
        readings: kept.map(([x, y]) => ({ label: `between ${hhmm(x)} and ${hhmm(y)}`, ranges: [[x, y]] })),
        ambiguous:
          kept.length > 1
            ? `"${between[0].trim()}" could be ${kept.map(([x, y]) => `${hhmm(x)}–${hhmm(y)}`).join(" or ")}; the earliest slots of each reading are offered.`
            : null,
      },
      rest: text.replace(between[0], " "),
    };
  }
  const single = text.match(new RegExp(`\\b(after|from|before|by|until|till|at)\\s+${CLOCK}`));
  if (single) {
    const c = readClock(single[2] ?? "");
    if (!c) return undefined;
    const word =
      single[1] === "before" || single[1] === "by" || single[1] === "until" || single[1] === "till"
        ? "before"
        : single[1] === "at"
          ? "at"
          : "after";
    return {
      part: {
        readings: readingsOf(c).map((min) => ({
          label: `${word} ${hhmm(min)}`,
          ranges: [
            word === "before"
              ? [0, min]
              : word === "at"
                ? [min, Math.min(DAY_MIN, min + 60)]
                : [min, DAY_MIN],
          ],
        })),
        ambiguous: ambiguityOf(single[2] ?? "", c),
      },
      rest: text.replace(single[0], " "),
    };
  }
  return { part: undefined, rest: text };
}

const FILLER =
  /\b(?:any ?time|anytime|any day|whenever|is fine|works|suits me|suits|would be good|good|ok|okay|please|preferably|ideally|maybe|the|on|in|or|and|at|day|time)\b|[,.;!?]/g;

/** What the desk answers when a phrase cannot be read: the forms it understands. */
export function unparsedProblem(text: string): string {
  return `"${text.trim()}" is not a time the desk can read. Try a day, a time of day or both, e.g. ${UNDERSTOOD_FORMS.map((f) => `"${f}"`).join(", ")}.`;
}

/**
 * Reads what suits the customer into windows of instants, in `zone`, from `nowMs`.
 * Windows may start in the past (today's morning); slot finding never offers the past.
 */
export function parseSuits(text: string, nowMs: number, zone: string): ParsedSuits {
  const clean = text.toLowerCase().replace(/\s+/g, " ").trim();
  if (clean.length === 0 || clean.length > 200) return { ok: false, problem: unparsedProblem(text) };
  const day = parseDayPart(clean);
  if (!day) return { ok: false, problem: unparsedProblem(text) };
  const time = parseTimePart(day.rest);
  if (!time) return { ok: false, problem: unparsedProblem(text) };
  const leftover = time.rest.replace(FILLER, " ").trim();
  const anyTime = /\bany ?time\b|\banytime\b|\bwhenever\b|\bany day\b/.test(clean);
  if (leftover.length > 0 || (!day.part && !time.part && !anyTime))
    return { ok: false, problem: unparsedProblem(text) };
  const today = DateTime.fromMillis(nowMs, { zone }).startOf("day");
  const dates = day.part ? day.part.dates(today) : daysFrom(today, HORIZON_DAYS);
  const timeReadings = time.part?.readings ?? [{ label: "", ranges: [[0, DAY_MIN] as [number, number]] }];
  const readings = timeReadings.map((r) => ({
    label:
      [day.part?.words ?? (time.part ? "" : "any time"), r.label].filter(Boolean).join(" ") || "any time",
    windows: dates.flatMap((d) =>
      r.ranges.map(([from, to]) => ({
        start: atWall(d, from),
        end: to >= DAY_MIN ? d.plus({ days: 1 }).toMillis() : atWall(d, to),
      })),
    ),
  }));
  return { ok: true, readings, ambiguity: time.part?.ambiguous ?? null };
}

/** The instant of a wall time on a local date (Luxon's plus of minutes is absolute, not wall time). */
function atWall(date: DateTime, minutes: number): number {
  return date.set({ hour: Math.floor(minutes / 60), minute: minutes % 60 }).toMillis();
}

function mergeIntervals(list: readonly Interval[]): Interval[] {
  const sorted = list.filter((i) => i.end > i.start).sort((a, b) => a.start - b.start);
  const out: Interval[] = [];
  for (const i of sorted) {
    const last = out[out.length - 1];
    if (last && i.start <= last.end) last.end = Math.max(last.end, i.end);
    else out.push({ ...i });
  }
  return out;
}

export interface SlotQuery {
  schedule: Schedule;
  /** The person's existing appointments (any case): never overlapped. */
  busy: readonly Interval[];
  durationMinutes: number;
  nowMs: number;
  windows: readonly Interval[];
  count?: number;
  stepMinutes?: number;
}

function ceilTo(ms: number, stepMs: number): number {
  return Math.ceil(ms / stepMs) * stepMs;
}

/**
 * The earliest free slots: each lies wholly inside one of the person's shifts and one of the
 * customer's windows, starts at or after now on the step grid, and overlaps no busy interval.
 * Ascending and non-overlapping among themselves.
 */
export function findSlots(q: SlotQuery): Interval[] {
  const count = q.count ?? DEFAULT_SLOT_COUNT;
  const stepMs = (q.stepMinutes ?? SLOT_STEP_MINUTES) * MINUTE_MS;
  const dur = q.durationMinutes * MINUTE_MS;
  if (!(dur > 0) || count <= 0) return [];
  const busy = mergeIntervals(q.busy);
  const out: Interval[] = [];
  for (const w of mergeIntervals(q.windows)) {
    if (w.end <= q.nowMs) continue;
    const from = Math.max(w.start, q.nowMs);
    for (const shift of shiftsBetween(q.schedule, from, w.end)) {
      let start = ceilTo(Math.max(shift.start, from), stepMs);
      while (start + dur <= shift.end) {
        const clash = busy.find((b) => b.start < start + dur && b.end > start);
        if (clash) {
          start = ceilTo(clash.end, stepMs);
          continue;
        }
        out.push({ start, end: start + dur });
        if (out.length >= count) return out;
        start += dur > stepMs ? ceilTo(dur, stepMs) : stepMs;
      }
    }
  }
  return out;
}

/** Whether [start, end) lies wholly inside one shift of the schedule. */
export function insideHours(schedule: Schedule, slot: Interval): boolean {
  const shifts = shiftsBetween(schedule, slot.start, slot.end);
  const first = shifts[0];
  return shifts.length === 1 && first !== undefined && first.start <= slot.start && first.end >= slot.end;
}

export function overlapsAny(slot: Interval, busy: readonly Interval[]): boolean {
  return busy.some((b) => b.start < slot.end && b.end > slot.start);
}
