import { DateTime } from "luxon";
import type { Role } from "../auth/auth.rules.js";
import type { Disclosure } from "../staff/staff.rules.js";
import { zoneCity } from "../promises/promises.rules.js";
import { nextIn, onDutyUntil, shiftsBetween, type Schedule } from "./schedule.rules.js";

/*
 * What the desk may say about when a colleague is in. Pure: the facts (a compiled schedule, an
 * instant) and who is asking go in; a status and ready wording come out. The presenters pass on
 * only what this allows, so a protected schedule cannot reach a receptionist or a customer.
 */

/**
 * How much of a person's schedule a reader may see:
 * - "full": the person themselves, anyone above them in the reports-to chain, an admin, or the
 *   system — hours, time off and notes;
 * - "disclosed": anyone else, when the person's schedule may be disclosed — hours and when they
 *   are in or next in, never time-off notes;
 * - "protected": anyone else, when it is protected — nothing about hours or being on duty.
 */
export type ScheduleAccess = "full" | "disclosed" | "protected";

export interface ScheduleReader {
  isSystem: boolean;
  staffId: string | null;
  role: Role;
}

/** The managers above a person, nearest first (a loop in the data stops the walk). */
export function managerChain(staffId: string, reportsTo: ReadonlyMap<string, string | null>): string[] {
  const out: string[] = [];
  let cursor = reportsTo.get(staffId) ?? null;
  while (cursor !== null && cursor !== staffId && !out.includes(cursor)) {
    out.push(cursor);
    cursor = reportsTo.get(cursor) ?? null;
  }
  return out;
}

export function scheduleAccess(
  reader: ScheduleReader,
  subject: { id: string; disclosure: Disclosure },
  managers: readonly string[],
): ScheduleAccess {
  if (reader.isSystem || reader.role === "admin") return "full";
  if (reader.staffId !== null && (reader.staffId === subject.id || managers.includes(reader.staffId)))
    return "full";
  return subject.disclosure === "protected" ? "protected" : "disclosed";
}

/** Whether a reader with this access may learn when the person is in (hours, on duty, next in). */
export function maySeeHours(access: ScheduleAccess): boolean {
  return access !== "protected";
}

/** The one answer about protected staff, to customers and receptionists alike (S1c). */
export const PROTECTED_WORDING = "I can't share staff schedules — can I help you, or take a message?";

export type DutyState = "in" | "off" | "no_schedule" | "not_shared";

export interface DeskStatus {
  state: DutyState;
  /** While in: the end of the current shift (epoch ms). */
  onDutyUntil: number | undefined;
  /** While off: the start of the next shift (epoch ms). */
  nextInAt: number | undefined;
  /** For the receptionist: the state in a line, and what to say. */
  receptionist: string;
  /** Ready to say to the customer. */
  customer: string;
}

function startOfDay(atMs: number, zone: string): number {
  return DateTime.fromMillis(atMs, { zone }).startOf("day").toMillis();
}

function sameDay(a: number, b: number, zone: string): boolean {
  return startOfDay(a, zone) === startOfDay(b, zone);
}

/** "Tue 8 Dec 09:00" (with the year when it is not this year's), in the schedule's zone. */
export function formatWhen(ms: number, zone: string, nowMs: number): string {
  const at = DateTime.fromMillis(ms, { zone }).setLocale("en-US");
  const now = DateTime.fromMillis(nowMs, { zone });
  return at.toFormat(at.year === now.year ? "ccc d LLL HH:mm" : "ccc d LLL yyyy HH:mm");
}

function formatTime(ms: number, zone: string): string {
  return DateTime.fromMillis(ms, { zone }).toFormat("HH:mm");
}

const OFFER = "Can I help you, or take a message?";

interface Facts {
  name: string;
  schedule: Schedule;
  atMs: number;
}

function factsStatus({ name, schedule, atMs }: Facts): Omit<DeskStatus, "customer"> & { customer: string } {
  const zone = schedule.timeZone;
  const city = zoneCity(zone);
  const until = onDutyUntil(schedule, atMs);
  if (until !== undefined) {
    const untilText = Number.isFinite(until)
      ? sameDay(until, atMs, zone)
        ? `${formatTime(until, zone)} today`
        : formatWhen(until, zone, atMs)
      : "further notice";
    return {
      state: "in",
      onDutyUntil: until,
      nextInAt: undefined,
      receptionist: `${name} is in until ${untilText}.`,
      customer: `${name} is working now, until ${untilText} (${city} time).`,
    };
  }
  const next = nextIn(schedule, atMs);
  const when = formatWhen(next, zone, atMs);
  if (sameDay(next, atMs, zone)) {
    const time = formatTime(next, zone);
    return {
      state: "off",
      onDutyUntil: undefined,
      nextInAt: next,
      receptionist: `${name} is not in right now; in today at ${time}.`,
      customer: `${name} is not in right now and will be in today at ${time} (${city} time). ${OFFER}`,
    };
  }
  const workedToday = shiftsBetween(schedule, startOfDay(atMs, zone), atMs).length > 0;
  const lead = workedToday ? "has finished for today" : "is off today";
  return {
    state: "off",
    onDutyUntil: undefined,
    nextInAt: next,
    receptionist: `${name} ${lead}; next in ${when}.`,
    customer: `${name} ${lead} and is next in on ${when} (${city} time). ${OFFER}`,
  };
}

export interface DeskStatusInput {
  name: string;
  disclosure: Disclosure;
  access: ScheduleAccess;
  schedule: Schedule | undefined;
  atMs: number;
}

/**
 * The status card's facts and wording. A protected person's card for a reader without full
 * access says only PROTECTED_WORDING; with full access the reader sees the facts, but the words
 * for the customer are still the protected ones — the desk never tells a customer their hours.
 */
export function deskStatus(input: DeskStatusInput): DeskStatus {
  const { name, disclosure, access, schedule } = input;
  if (!maySeeHours(access)) {
    return {
      state: "not_shared",
      onDutyUntil: undefined,
      nextInAt: undefined,
      receptionist: `${name}'s schedule is private. Say: "${PROTECTED_WORDING}"`,
      customer: PROTECTED_WORDING,
    };
  }
  if (!schedule) {
    return {
      state: "no_schedule",
      onDutyUntil: undefined,
      nextInAt: undefined,
      receptionist: `${name} has no schedule on file.`,
      customer:
        disclosure === "protected"
          ? PROTECTED_WORDING
          : `I can't say when ${name} is next in — can I help you, or take a message?`,
    };
  }
  const facts = factsStatus({ name, schedule, atMs: input.atMs });
  if (disclosure === "protected") {
    return {
      ...facts,
      receptionist: `${facts.receptionist} (Protected: only ${name}, their managers and admins see this.)`,
      customer: PROTECTED_WORDING,
    };
  }
  return facts;
}
