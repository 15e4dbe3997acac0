import { createEvent } from "ics";
import { AppError } from "../shared/errors.js";

/*
 * The iCalendar file of an appointment (RFC 5545/5546), written by the `ics` package. UID is the
 * appointment's id, so a calendar updates the one event; SEQUENCE grows with each reschedule and
 * the cancel; METHOD is REQUEST for a booking or a move and CANCEL for a cancellation. DTSTAMP is
 * the desk's clock, not the machine's.
 */

export interface IcsInput {
  appointmentId: string;
  domain: string;
  method: "REQUEST" | "CANCEL";
  sequence: number;
  startMs: number;
  durationMinutes: number;
  title: string;
  description: string;
  organizer: { name: string; email: string };
  attendee: { name: string; email: string } | null;
  stampMs: number;
}

export function appointmentUid(appointmentId: string, domain: string): string {
  return `appointment-${appointmentId}@${domain}`;
}

function stamp(ms: number): string {
  return new Date(ms)
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d{3}/, "");
}

export function appointmentIcs(input: IcsInput): string {
  const made = createEvent({
    start: input.startMs,
    startInputType: "utc",
    startOutputType: "utc",
    duration: { minutes: input.durationMinutes },
    title: input.title,
    description: input.description,
    uid: appointmentUid(input.appointmentId, input.domain),
    sequence: input.sequence,
    method: input.method,
    status: input.method === "CANCEL" ? "CANCELLED" : "CONFIRMED",
    organizer: input.organizer,
    ...(input.attendee && {
      attendees: [{ ...input.attendee, rsvp: false, partstat: "ACCEPTED", role: "REQ-PARTICIPANT" }],
    }),
    productId: "frontdesk/appointments",
  });
  if (made.error || !made.value)
    throw new AppError("invalid", `The calendar file could not be written: ${made.error?.message ?? ""}`);
  return made.value.replace(/^DTSTAMP:\d{8}T\d{6}Z/m, `DTSTAMP:${stamp(input.stampMs)}`);
}
