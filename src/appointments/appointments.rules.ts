import { DateTime } from "luxon";
import { zoneCity } from "../promises/promises.rules.js";

/* Pure words and limits of appointments: kinds, durations, what the customer is told. */

export const APPOINTMENT_KINDS = ["meeting", "callback"] as const;
export type AppointmentKind = (typeof APPOINTMENT_KINDS)[number];
export const APPOINTMENT_STATUSES = ["scheduled", "cancelled"] as const;
export type AppointmentStatus = (typeof APPOINTMENT_STATUSES)[number];

export const DEFAULT_DURATION: Record<AppointmentKind, number> = { meeting: 30, callback: 15 };
export const MIN_DURATION = 5;
export const MAX_DURATION = 240;

export type AppointmentChange = "booked" | "rescheduled" | "cancelled";

/** "Tue 8 Dec, 07:00 (New York time)" */
export function whenInWords(ms: number, timeZone: string): string {
  const when = DateTime.fromMillis(ms, { zone: timeZone }).setLocale("en-US").toFormat("ccc d LLL, HH:mm");
  return `${when} (${zoneCity(timeZone)} time)`;
}

export function kindWord(kind: AppointmentKind): string {
  return kind === "callback" ? "call back" : "meeting";
}

export function appointmentTitle(kind: AppointmentKind, staffName: string): string {
  return kind === "callback" ? `Call back from ${staffName}` : `Meeting with ${staffName}`;
}

/** What the customer is told, in the timeline (portal) and the mail body. */
export function customerMessage(input: {
  change: AppointmentChange;
  kind: AppointmentKind;
  staffName: string;
  startMs: number;
  durationMinutes: number;
  timeZone: string;
  previousStartMs?: number | undefined;
}): string {
  const when = whenInWords(input.startMs, input.timeZone);
  const what =
    input.kind === "callback" ? `${input.staffName} will call you` : `your meeting with ${input.staffName}`;
  switch (input.change) {
    case "booked":
      return input.kind === "callback"
        ? `${input.staffName} will call you on ${when}. The invitation is attached; reply here if the time stops suiting you.`
        : `Your meeting with ${input.staffName} is booked for ${when} (${input.durationMinutes} minutes). The invitation is attached; reply here if the time stops suiting you.`;
    case "rescheduled":
      return `We have moved ${input.kind === "callback" ? "the call" : what}${input.previousStartMs !== undefined ? ` from ${whenInWords(input.previousStartMs, input.timeZone)}` : ""} to ${when}${input.kind === "callback" ? `: ${what} then` : ""}. The updated invitation is attached.`;
    case "cancelled":
      return `The ${kindWord(input.kind)} with ${input.staffName} on ${when} is cancelled. Reply here if you would like another time.`;
  }
}

export function mailSubject(change: AppointmentChange, kind: AppointmentKind, caseNumber: number): string {
  const what = kind === "callback" ? "Call back" : "Meeting";
  const verb = change === "booked" ? "booked" : change === "rescheduled" ? "moved" : "cancelled";
  return `${what} ${verb} [#${caseNumber}]`;
}
