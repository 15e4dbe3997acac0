import { DateTime } from "luxon";
import { addWorkingTime, nextOpening, workingTimeBetween } from "../calendar/calendar.engine.js";
import type { Calendar } from "../calendar/calendar.rules.js";
import type { Priority } from "../cases/cases.rules.js";
import { NEVER, type Instant } from "../shared/clock.js";

/*
 * Pure decisions about promises: which agreement applies, when a target is due, how pausing
 * moves it, what the customer is told and when to warn. No I/O and no clock: every instant is
 * passed in (epoch ms, as the calendar engine uses).
 */

export const PROMISE_KINDS = [
  "reply_by",
  "callback_by",
  "deliverable_by",
  "appointment_at",
  "custom",
] as const;
export type PromiseKind = (typeof PROMISE_KINDS)[number];

export const PROMISE_TARGETS = ["first_reply", "next_reply", "resolution", "callback"] as const;
export type PromiseTarget = (typeof PROMISE_TARGETS)[number];

export const PROMISE_STATUSES = ["open", "kept", "renegotiated", "broken", "cancelled"] as const;
export type PromiseStatus = (typeof PROMISE_STATUSES)[number];

export const COVERAGES = ["calendar", "always"] as const;
export type Coverage = (typeof COVERAGES)[number];

const MINUTE_MS = 60_000;

/** Working minutes per target for one priority. */
export interface TargetMinutes {
  firstReplyMinutes: number;
  nextReplyMinutes: number;
  resolutionMinutes: number;
}

export type Targets = Record<Priority, TargetMinutes>;

/** What the rules need of an agreement. */
export interface AgreementTerms {
  id: string;
  coverage: Coverage;
  targets: Targets;
  /** Callbacks within this many working minutes of the coverage calendar. */
  callbackMinutes: number;
}

/** What a computed due time came from, stored with the promise so it can be recomputed. */
export interface AgreementBasis {
  source: "agreement";
  agreementId: string;
  /** The coverage calendar used; null when the agreement runs around the clock. */
  calendarId: string | null;
  coverage: Coverage;
  priority: Priority;
  target: PromiseTarget;
  minutes: number;
  startedAt: Instant;
  /** Working time spent paused (waiting on the customer) in completed pauses, in ms. */
  pausedMs: number;
}

/** A callback target from the workspace: real minutes from the customer's first attempt (S6). */
export interface WorkspaceCallbackBasis {
  source: "workspace";
  minutes: number;
  startedAt: Instant;
}

/** A due time a person entered (an appointment, "by 3pm", a renegotiated time). */
export interface ManualBasis {
  source: "manual";
  reason: string | null;
  /** The promise this one replaced, when renegotiated. */
  replacesId: string | null;
}

/** The next occurrence of a scheduled deliverable. */
export interface DeliverableBasis {
  source: "deliverable";
  deliverableId: string;
  agreementId: string;
}

export type PromiseBasis = AgreementBasis | WorkspaceCallbackBasis | ManualBasis | DeliverableBasis;

/** Reply targets pause while the case waits on the customer; resolution and callbacks do not. */
export function isReplyTarget(target: string | null): boolean {
  return target === "first_reply" || target === "next_reply";
}

/** The promise kind a target opens. */
export function kindOfTarget(target: PromiseTarget): PromiseKind {
  switch (target) {
    case "first_reply":
    case "next_reply":
      return "reply_by";
    case "callback":
      return "callback_by";
    case "resolution":
      return "custom";
  }
}

/**
 * The agreement that applies to a case: its client's agreement, else the workspace default,
 * else none (then the desk promises nothing by itself).
 */
export function applicableAgreement<A extends { id: string; isDefault: boolean }>(
  agreements: readonly A[],
  clientAgreementId: string | null | undefined,
): A | undefined {
  const own = clientAgreementId ? agreements.find((a) => a.id === clientAgreementId) : undefined;
  return own ?? agreements.find((a) => a.isDefault);
}

/** The agreed minutes for a target at a priority. */
export function targetMinutes(agreement: AgreementTerms, priority: Priority, target: PromiseTarget): number {
  const t = agreement.targets[priority];
  switch (target) {
    case "first_reply":
      return t.firstReplyMinutes;
    case "next_reply":
      return t.nextReplyMinutes;
    case "resolution":
      return t.resolutionMinutes;
    case "callback":
      return agreement.callbackMinutes;
  }
}

/** The calendar a target runs in: none (real time) for 24/7 agreements or when no calendar is known. */
function coverageCalendar(coverage: Coverage, calendar: Calendar | null): Calendar | null {
  return coverage === "always" ? null : calendar;
}

/** Adds working time; a zero duration leaves the instant alone (the engine would move it to an opening). */
function addIn(calendar: Calendar | null, fromMs: number, durationMs: number): number {
  if (calendar === null) return fromMs + durationMs;
  if (durationMs === 0) return fromMs;
  return addWorkingTime(calendar, fromMs, durationMs);
}

/** Working time between two instants in the calendar, or real time without one. */
export function elapsedIn(calendar: Calendar | null, fromMs: number, toMs: number): number {
  if (calendar === null) return Math.max(0, toMs - fromMs);
  return workingTimeBetween(calendar, fromMs, toMs);
}

export interface DueForInput {
  agreement: AgreementTerms;
  /** The coverage calendar (ignored when the agreement is 24/7); null: around the clock. */
  calendar: Calendar | null;
  priority: Priority;
  target: PromiseTarget;
  /** When the clock starts, epoch ms. */
  from: number;
}

/**
 * When a target falls due: `from` plus the agreed working minutes in the coverage calendar
 * (a result on a closing stays there: 4 h from 13:00 on a 9–17 day is 17:00 that day), or plus
 * real minutes when the agreement runs around the clock.
 */
export function dueFor({ agreement, calendar, priority, target, from }: DueForInput): number {
  const minutes = targetMinutes(agreement, priority, target);
  return addIn(coverageCalendar(agreement.coverage, calendar), from, minutes * MINUTE_MS);
}

/** The basis a computed target stores, so recomputation and pausing can redo the sum. */
export function basisFor(
  input: DueForInput & { calendarId: string | null },
  startedAt: Instant,
): AgreementBasis {
  const usesCalendar = input.agreement.coverage === "calendar" && input.calendar !== null;
  return {
    source: "agreement",
    agreementId: input.agreement.id,
    calendarId: usesCalendar ? input.calendarId : null,
    coverage: input.agreement.coverage,
    priority: input.priority,
    target: input.target,
    minutes: targetMinutes(input.agreement, input.priority, input.target),
    startedAt,
    pausedMs: 0,
  };
}

/** The due time a computed basis gives: start + agreed minutes, then + the working time paused. */
export function dueFromBasis(basis: AgreementBasis, calendar: Calendar | null, startMs: number): number {
  const cal = basis.calendarId === null ? null : calendar;
  const due = addIn(cal, startMs, basis.minutes * MINUTE_MS);
  return addIn(cal, due, basis.pausedMs);
}

/**
 * Resuming a paused target: the working time spent paused is added to the basis, so the due time
 * moves by exactly that much working time (a pause over a closed night moves it by nothing).
 */
export function resumeBasis(
  basis: AgreementBasis,
  calendar: Calendar | null,
  pausedAtMs: number,
  resumedAtMs: number,
): AgreementBasis {
  const cal = basis.calendarId === null ? null : calendar;
  return { ...basis, pausedMs: basis.pausedMs + elapsedIn(cal, pausedAtMs, resumedAtMs) };
}

/** The case's due time: the earliest open, unpaused promise, or NEVER (nothing is owed now). */
export function caseDueAt(
  promises: readonly { status: string; dueAt: Instant; pausedAt: Instant | null }[],
): Instant {
  let earliest = NEVER;
  for (const p of promises) {
    if (p.status === "open" && p.pausedAt === null && p.dueAt < earliest) earliest = p.dueAt;
  }
  return earliest;
}

/**
 * When a callback is due by the workspace's target: real minutes from the earliest attempt
 * (three calls in ten minutes are one callback due 30 minutes after the first, S6).
 */
export function callbackDue(attemptsMs: readonly number[], minutes: number): number | undefined {
  if (attemptsMs.length === 0) return undefined;
  return Math.min(...attemptsMs) + minutes * MINUTE_MS;
}

export interface HonestPromise {
  /** The earliest due time the agreement allows for the target, epoch ms. */
  dueAt: number;
  /** Whether that is still today in the given zone (a "same-day answer" is honest only then). */
  isSameDay: boolean;
  /** Whether the coverage calendar is open now (false: the clock starts at the next opening). */
  isOpenNow: boolean;
  /** When the clock starts: now when open, else the next opening. */
  startsAt: number;
}

/**
 * The earliest promise the desk can honestly make at an instant (S6 at 16:45: "what the
 * agreement allows"): the target's due time from now, whether that is today, and whether the
 * desk is open now.
 */
export function honestPromise(input: DueForInput & { timeZone: string }): HonestPromise {
  const cal = coverageCalendar(input.agreement.coverage, input.calendar);
  const dueAt = dueFor(input);
  const startsAt = cal === null ? input.from : nextOpening(cal, input.from);
  const day = (ms: number) => DateTime.fromMillis(ms, { zone: input.timeZone }).toISODate();
  return { dueAt, isSameDay: day(dueAt) === day(input.from), isOpenNow: startsAt === input.from, startsAt };
}

/** "New York" from "America/New_York"; "UTC" stays "UTC". */
export function zoneCity(timeZone: string): string {
  const last = timeZone.split("/").at(-1) ?? timeZone;
  return last.replace(/_/g, " ");
}

const LEADS: Record<PromiseKind, string> = {
  reply_by: "We will reply by",
  callback_by: "We will call you back by",
  deliverable_by: "We will deliver by",
  appointment_at: "Your appointment is on",
  custom: "We will get back to you by",
};

/**
 * The promise in the customer's words and time zone:
 * "We will reply by Tue 8 Dec, 10:30 (New York time)". A resolution target says "resolve".
 */
export function customerWording(
  dueAt: Instant | number,
  timeZone: string,
  kind: PromiseKind,
  target: PromiseTarget | null = null,
): string {
  const ms = typeof dueAt === "number" ? dueAt : Date.parse(dueAt);
  const when = DateTime.fromMillis(ms, { zone: timeZone }).setLocale("en-US").toFormat("ccc d LLL, HH:mm");
  const lead = target === "resolution" ? "We will resolve this by" : LEADS[kind];
  return `${lead} ${when} (${zoneCity(timeZone)} time)`;
}

export const DEFAULT_WARNING_FRACTIONS: readonly number[] = [0.75];

/**
 * When to warn that a promise is at risk: at each fraction of the span from its creation to its
 * due time (default 75%). Fractions outside (0, 1) are ignored; results are ascending and
 * strictly between creation and due.
 */
export function warningInstants({
  createdAt,
  dueAt,
  fractions = DEFAULT_WARNING_FRACTIONS,
}: {
  createdAt: number;
  dueAt: number;
  fractions?: readonly number[];
}): number[] {
  if (!(dueAt > createdAt)) return [];
  const span = dueAt - createdAt;
  const out = new Set<number>();
  for (const f of fractions) {
    if (!(f > 0 && f < 1)) continue;
    const at = createdAt + Math.round(span * f);
    if (at > createdAt && at < dueAt) out.add(at);
  }
  return [...out].sort((a, b) => a - b);
}

/**
 * The warning instants of a promise as its due work schedules them: fractions of the span from
 * its last change (`updatedAt`: opened, moved or resumed) to its due time. The promise view
 * shows the first as `warnAt`, so the console turns amber exactly when the desk warns.
 */
export function promiseWarningInstants(
  p: { updatedAt: Instant; dueAt: Instant },
  fractions: readonly number[] = DEFAULT_WARNING_FRACTIONS,
): number[] {
  return warningInstants({ createdAt: Date.parse(p.updatedAt), dueAt: Date.parse(p.dueAt), fractions });
}

/** Closing a promise: which states a promise may move to from which. Only open promises change. */
export function canClose(from: PromiseStatus, to: PromiseStatus): boolean {
  return from === "open" && to !== "open";
}
