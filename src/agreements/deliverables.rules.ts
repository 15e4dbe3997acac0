import { DateTime, IANAZone } from "luxon";
import rrule from "rrule";

const { rrulestr, RRule } = rrule;

/*
 * Scheduled deliverables are RFC 5545 recurrence rules whose DTSTART names the client's zone:
 *   DTSTART;TZID=America/New_York:20261204T120000
 *   RRULE:FREQ=WEEKLY;BYDAY=FR
 * The rrule package reads such zones through the host's Intl and returns "UTC" dates that stand
 * for wall times, which is easy to misread. So the rule is expanded in floating wall time here
 * and each occurrence is placed in the zone with Luxon: Friday 12:00 stays 12:00 across DST.
 */

export interface Recurrence {
  timeZone: string;
  rule: InstanceType<typeof RRule>;
}

const DTSTART = /^DTSTART(?:;TZID=([^:;\s]+))?:(\d{8}T\d{6})(Z?)$/;
/** Deliverables recur by the day or slower; sub-daily rules are refused as a mistake. */
const ALLOWED_FREQ = /FREQ=(DAILY|WEEKLY|MONTHLY|YEARLY)(;|$)/;

/** Parses the rule, or returns what is wrong with it in words. */
export function parseRecurrence(text: string): Recurrence | string[] {
  const lines = text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l.length > 0);
  const start = lines.find((l) => l.startsWith("DTSTART"));
  const ruleLine = lines.find((l) => l.startsWith("RRULE:"));
  const problems: string[] = [];
  const m = start ? DTSTART.exec(start) : null;
  if (!m) problems.push('rrule: give a start as "DTSTART;TZID=Area/City:YYYYMMDDTHHMMSS".');
  if (!ruleLine) problems.push('rrule: give a rule line such as "RRULE:FREQ=WEEKLY;BYDAY=FR".');
  else if (!ALLOWED_FREQ.test(ruleLine))
    problems.push("rrule: FREQ must be DAILY, WEEKLY, MONTHLY or YEARLY.");
  if (m && ruleLine && lines.length !== 2)
    problems.push("rrule: give exactly one DTSTART line and one RRULE line.");
  if (!m || !ruleLine || problems.length > 0) return problems;
  const timeZone = m[3] === "Z" ? "UTC" : (m[1] ?? "UTC");
  if (!IANAZone.isValidZone(timeZone)) return [`rrule: "${timeZone}" is not an IANA time zone.`];
  try {
    const rule = rrulestr(`DTSTART:${m[2] ?? ""}Z\n${ruleLine}`);
    if (!(rule instanceof RRule)) return ["rrule: give one rule."];
    if (Number.isNaN(rule.options.dtstart.getTime())) return ["rrule: the start is not a date."];
    return { timeZone, rule };
  } catch (err) {
    return [`rrule: ${err instanceof Error ? err.message : "the rule is not valid"}.`];
  }
}

/** What is wrong with a deliverable's rule; empty when it is usable. */
export function validateRecurrence(text: string): string[] {
  const parsed = parseRecurrence(text);
  return Array.isArray(parsed) ? parsed : [];
}

/** Epoch ms as a "floating" Date whose UTC fields are the wall time in the zone. */
function toFloating(ms: number, timeZone: string): Date {
  const local = DateTime.fromMillis(ms, { zone: timeZone });
  return new Date(
    Date.UTC(
      local.year,
      local.month - 1,
      local.day,
      local.hour,
      local.minute,
      local.second,
      local.millisecond,
    ),
  );
}

function fromFloating(d: Date, timeZone: string): number {
  return DateTime.fromObject(
    {
      year: d.getUTCFullYear(),
      month: d.getUTCMonth() + 1,
      day: d.getUTCDate(),
      hour: d.getUTCHours(),
      minute: d.getUTCMinutes(),
      second: d.getUTCSeconds(),
    },
    { zone: timeZone },
  ).toMillis();
}

/** The first occurrence at or after `fromMs` (epoch ms), or undefined when the rule has ended. */
export function nextOccurrence(recurrence: Recurrence, fromMs: number): number | undefined {
  const found = recurrence.rule.after(toFloating(fromMs, recurrence.timeZone), true);
  return found ? fromFloating(found, recurrence.timeZone) : undefined;
}
