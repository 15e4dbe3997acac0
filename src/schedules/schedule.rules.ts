import { hasAuthority, type AuthorityLevel } from "../auth/auth.rules.js";
import { isOpen, nextOpening, workingTimeBetween } from "../calendar/calendar.engine.js";
import {
  compileCalendar,
  validateCalendar,
  type Calendar,
  type CalendarSpec,
} from "../calendar/calendar.rules.js";
import { openStretchEnd, openStretchStart, openStretches } from "../calendar/calendar.stretch.js";
import { validateTimeOff, withTimeOff, type TimeOff } from "./timeoff.rules.js";

/*
 * A staff member's schedule is a calendar spec (weekly hours in their own time zone, optional
 * holidays and dated exceptions, overnight shifts as intervals that end before they start) plus
 * time off. Both compile into one Calendar of the business-time engine; every query below is a
 * pure function of that calendar and an instant (epoch ms). No I/O, no clock.
 */

const MINUTE_MS = 60_000;

/** The weekly hours as stored: a calendar spec without `alwaysOpen` (nobody works 24/7). */
export type ScheduleSpec = Omit<CalendarSpec, "alwaysOpen">;

export interface Schedule {
  timeZone: string;
  calendar: Calendar;
}

/** What is wrong with weekly hours and time off, in words; empty when compileSchedule accepts them. */
export function validateSchedule(spec: ScheduleSpec, timeOff: readonly TimeOff[] = []): string[] {
  if ((spec as CalendarSpec).alwaysOpen === true)
    return ["A staff schedule has weekly hours, not alwaysOpen."];
  const own = validateCalendar(spec);
  if (own.length > 0) return own;
  const offProblems = timeOff.flatMap((t, i) => validateTimeOff(t).map((p) => `timeOff[${i}]: ${p}`));
  if (offProblems.length > 0) return offProblems;
  return validateCalendar(withTimeOff(spec, timeOff));
}

/** Compiles hours and time off into one engine calendar; throws AppError "invalid" like compileCalendar. */
export function compileSchedule(spec: ScheduleSpec, timeOff: readonly TimeOff[] = []): Schedule {
  return { timeZone: spec.timeZone, calendar: compileCalendar(withTimeOff(spec, timeOff)) };
}

/** Whether the person is working at the instant (shifts are half-open: on at the start, off at the end). */
export function isOnDuty(s: Schedule, atMs: number): boolean {
  return isOpen(s.calendar, atMs);
}

/** When the person is next in: atMs itself while on duty, else the start of their next shift. */
export function nextIn(s: Schedule, afterMs: number): number {
  return nextOpening(s.calendar, afterMs);
}

/** The end of the shift the person is in at atMs (back-to-back shifts are one), or undefined when off. */
export function onDutyUntil(s: Schedule, atMs: number): number | undefined {
  return openStretchEnd(s.calendar, atMs);
}

/** The start of the shift the person is in at atMs, or undefined when off. */
export function onDutySince(s: Schedule, atMs: number): number | undefined {
  return openStretchStart(s.calendar, atMs);
}

/** Whether the person is on duty without a break for at least the next `minutes` from atMs. */
export function onDutyFor(s: Schedule, atMs: number, minutes: number): boolean {
  if (!(minutes >= 0)) return false;
  const until = onDutyUntil(s, atMs);
  return until !== undefined && until - atMs >= minutes * MINUTE_MS;
}

/** Working minutes between two instants (for loads and hand-over margins). */
export function workingMinutesBetween(s: Schedule, fromMs: number, toMs: number): number {
  return Math.floor(workingTimeBetween(s.calendar, fromMs, toMs) / MINUTE_MS);
}

/** The shifts overlapping [fromMs, toMs), clipped to it: the week view. */
export function shiftsBetween(s: Schedule, fromMs: number, toMs: number): { start: number; end: number }[] {
  return openStretches(s.calendar, fromMs, toMs, 200);
}

/** A staff member as the duty queries see them. */
export interface DutyCandidate {
  id: string;
  name: string;
  authority: AuthorityLevel;
  teamIds: readonly string[];
  skills: readonly string[];
  isActive: boolean;
  /** Undefined: no schedule on file, so never counted as on duty. */
  schedule: Schedule | undefined;
}

export interface DutyFilter {
  teamId?: string | undefined;
  authorityAtLeast?: AuthorityLevel | undefined;
  /** Matched case-insensitively against the person's skills. */
  skill?: string | undefined;
  /** Only people still on duty this many minutes from now (a hand-over margin, S7). */
  forMinutes?: number | undefined;
}

export interface OnDuty {
  id: string;
  name: string;
  authority: AuthorityLevel;
  /** The end of their current shift, epoch ms. */
  until: number;
}

export function normaliseSkill(skill: string): string {
  return skill.trim().toLowerCase();
}

/** Whether the candidate fits the filter's team, authority and skill (not their hours). */
export function fitsFilter(c: DutyCandidate, filter: DutyFilter): boolean {
  if (!c.isActive) return false;
  if (filter.teamId !== undefined && !c.teamIds.includes(filter.teamId)) return false;
  if (filter.authorityAtLeast !== undefined && !hasAuthority(c.authority, filter.authorityAtLeast))
    return false;
  if (filter.skill !== undefined) {
    const wanted = normaliseSkill(filter.skill);
    if (!c.skills.some((s) => normaliseSkill(s) === wanted)) return false;
  }
  return true;
}

/**
 * Who is on duty at atMs among the candidates, filtered by team, authority at least X, skill and
 * a margin: ordered by who stays longest, then by name, so the first is the safest to hand to.
 */
export function whoIsOnDuty(
  candidates: readonly DutyCandidate[],
  atMs: number,
  filter: DutyFilter = {},
): OnDuty[] {
  const out: OnDuty[] = [];
  for (const c of candidates) {
    if (!c.schedule || !fitsFilter(c, filter)) continue;
    const until = onDutyUntil(c.schedule, atMs);
    if (until === undefined) continue;
    if (filter.forMinutes !== undefined && until - atMs < filter.forMinutes * MINUTE_MS) continue;
    out.push({ id: c.id, name: c.name, authority: c.authority, until });
  }
  return out.sort((a, b) => b.until - a.until || a.name.localeCompare(b.name) || (a.id < b.id ? -1 : 1));
}
