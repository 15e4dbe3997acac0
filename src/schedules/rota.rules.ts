import {
  DAY_KEYS,
  MS_PER_DAY,
  parseClockTime,
  parseLocalDate,
  weekdayOf,
} from "../calendar/calendar.dates.js";
import type { DayKey } from "../calendar/calendar.dates.js";
import { isOpen, nextOpening } from "../calendar/calendar.engine.js";
import {
  compileCalendar,
  validateCalendar,
  type Calendar,
  type CalendarSpec,
} from "../calendar/calendar.rules.js";
import { openStretchEnd } from "../calendar/calendar.stretch.js";
import { instantOfWall, wallTimeOf } from "../calendar/calendar.timeline.js";

/*
 * On-call rotas: who covers the hours outside the desk's, week by week. A rota has its hours (a
 * calendar spec: e.g. weeknights 17:00–09:00 and weekends), a weekly hand-over (a weekday and a
 * local time, e.g. Monday 09:00), a first week (the hand-over on or after `startsOn` starts week
 * 0) and members in rotation order: week k is covered by members[k mod n], so two members
 * alternate weeks. Overrides (a swap, "Sam covers Saturday for Maya") replace the scheduled person
 * for a span. Pure: instants are epoch ms, no clock.
 */

const WEEK_MS = 7 * MS_PER_DAY;
export const MAX_ROTA_MEMBERS = 50;

export interface RotaSpec {
  /** When on call applies, in its own zone. */
  hours: CalendarSpec;
  handoverDay: DayKey;
  /** Local time of the weekly hand-over, "HH:MM". */
  handoverTime: string;
  /** The first hand-over on or after this local date starts week 0. */
  startsOn: string;
  /** Staff ids in rotation order. */
  memberIds: readonly string[];
}

export interface RotaOverride {
  id: string;
  staffId: string;
  startsAt: number;
  endsAt: number;
}

export interface CompiledRota {
  spec: RotaSpec;
  hours: Calendar;
  /** Wall time (local date-time as if UTC, ms) of week 0's hand-over. */
  anchorWall: number;
}

/** What is wrong with a rota, in words; empty when compileRota accepts it. */
export function validateRota(spec: RotaSpec): string[] {
  const problems = validateCalendar(spec.hours).map((p) => `hours: ${p}`);
  if (!(DAY_KEYS as readonly string[]).includes(spec.handoverDay))
    problems.push(`handoverDay: "${spec.handoverDay}" is not a day (mon…sun).`);
  if (parseClockTime(spec.handoverTime, false) === undefined)
    problems.push(`handoverTime: "${spec.handoverTime}" is not a time HH:MM.`);
  if (parseLocalDate(spec.startsOn) === undefined)
    problems.push(`startsOn: "${spec.startsOn}" is not a date YYYY-MM-DD.`);
  if (spec.memberIds.length === 0) problems.push("memberIds: a rota needs at least one member.");
  if (spec.memberIds.length > MAX_ROTA_MEMBERS)
    problems.push(`memberIds: at most ${MAX_ROTA_MEMBERS} members.`);
  if (new Set(spec.memberIds).size !== spec.memberIds.length)
    problems.push("memberIds: a member is listed twice; the order is the rotation.");
  return problems;
}

/** Compiles a valid rota (throws AppError "invalid" for bad hours, like compileCalendar). */
export function compileRota(spec: RotaSpec): CompiledRota {
  const hours = compileCalendar(spec.hours);
  const startDay = parseLocalDate(spec.startsOn) ?? 0;
  const wanted = DAY_KEYS.indexOf(spec.handoverDay);
  const firstDay = startDay + ((wanted - weekdayOf(startDay) + 7) % 7);
  const anchorWall = firstDay * MS_PER_DAY + (parseClockTime(spec.handoverTime, false) ?? 0) * 60_000;
  return { spec, hours, anchorWall };
}

/** The rota week of an instant (week 0 starts at the first hand-over); negative before it. */
export function rotaWeek(rota: CompiledRota, atMs: number): number {
  return Math.floor((wallTimeOf(rota.hours, atMs) - rota.anchorWall) / WEEK_MS);
}

/** The instant of the hand-over that starts week k. */
export function handoverAt(rota: CompiledRota, week: number): number {
  return instantOfWall(rota.hours, rota.anchorWall + week * WEEK_MS);
}

function memberOfWeek(rota: CompiledRota, week: number): string | undefined {
  const n = rota.spec.memberIds.length;
  return n === 0 ? undefined : rota.spec.memberIds[((week % n) + n) % n];
}

export interface OnCall {
  staffId: string;
  /** Who the rota's week names (differs from staffId under an override). */
  scheduledStaffId: string;
  week: number;
  byOverride: boolean;
  /** When this person's stretch ends: the hours close, the week hands over, or an override starts or ends. */
  until: number;
  /** The rest of the rota in rotation order after this week's member: who is paged next. */
  next: string[];
}

/** The override covering atMs: the last one listed wins (callers list them oldest first). */
function overrideAt(overrides: readonly RotaOverride[], atMs: number): RotaOverride | undefined {
  let found: RotaOverride | undefined;
  for (const o of overrides) if (o.startsAt <= atMs && atMs < o.endsAt) found = o;
  return found;
}

/** Who is on call at atMs, or undefined outside the rota's hours or before its first week. */
export function onCallAt(
  rota: CompiledRota,
  atMs: number,
  overrides: readonly RotaOverride[] = [],
): OnCall | undefined {
  if (!isOpen(rota.hours, atMs)) return undefined;
  const week = rotaWeek(rota, atMs);
  if (week < 0) return undefined;
  const scheduled = memberOfWeek(rota, week);
  if (scheduled === undefined) return undefined;
  const override = overrideAt(overrides, atMs);
  const staffId = override?.staffId ?? scheduled;
  let until = Math.min(openStretchEnd(rota.hours, atMs) ?? atMs, handoverAt(rota, week + 1));
  if (override) until = Math.min(until, override.endsAt);
  for (const o of overrides) if (o.startsAt > atMs && o.startsAt < until) until = o.startsAt;
  const n = rota.spec.memberIds.length;
  const order = Array.from({ length: n }, (_, i) => memberOfWeek(rota, week + i) ?? scheduled);
  const next = order.filter((id) => id !== staffId);
  return { staffId, scheduledStaffId: scheduled, week, byOverride: override !== undefined, until, next };
}

export interface RotaSegment {
  staffId: string;
  start: number;
  end: number;
  byOverride: boolean;
}

/** Who is on call when, over [fromMs, toMs): the rota view (at most `limit` segments). */
export function rotaPlan(
  rota: CompiledRota,
  fromMs: number,
  toMs: number,
  overrides: readonly RotaOverride[] = [],
  limit = 200,
): RotaSegment[] {
  const out: RotaSegment[] = [];
  let at = fromMs;
  const firstHandover = handoverAt(rota, 0);
  while (at < toMs && out.length < limit) {
    if (at < firstHandover && isOpen(rota.hours, at)) {
      at = firstHandover;
      continue;
    }
    const onCall = onCallAt(rota, at, overrides);
    if (onCall) {
      const end = Math.min(onCall.until, toMs);
      const last = out[out.length - 1];
      // A hand-over to the same person (one-member rotas) continues the segment.
      if (last && last.end === at && last.staffId === onCall.staffId && last.byOverride === onCall.byOverride)
        last.end = end;
      else out.push({ staffId: onCall.staffId, start: at, end, byOverride: onCall.byOverride });
      at = onCall.until;
      continue;
    }
    at = nextOpening(rota.hours, at);
  }
  return out;
}

/**
 * Who a page goes to, in order: the person on call, then the rest of the rota in rotation order,
 * then the on-call person's manager. Inactive people and repeats are dropped.
 */
export function pageChain(
  onCall: OnCall,
  managerOf: (staffId: string) => string | null | undefined,
  isActive: (staffId: string) => boolean,
): string[] {
  const order = [onCall.staffId, ...(onCall.byOverride ? [onCall.scheduledStaffId] : []), ...onCall.next];
  const manager = managerOf(onCall.staffId);
  if (manager) order.push(manager);
  const out: string[] = [];
  for (const id of order) if (!out.includes(id) && isActive(id)) out.push(id);
  return out;
}
