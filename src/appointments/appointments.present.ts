import type { AppointmentKind, AppointmentStatus } from "./appointments.rules.js";
import { whenInWords } from "./appointments.rules.js";
import type { AppointmentRow } from "./appointments.store.js";
import type { Interval } from "./slots.rules.js";

/*
 * What leaves the server about appointments and slots. A slot offer names the person and the free
 * times only: never their hours, time off or why a time is missing, so a protected person's
 * schedule stays with them (the response schemas are the allow-list behind this).
 */

export interface SlotView {
  startsAt: string;
  endsAt: string;
  /** "Tue 8 Dec, 07:00 (New York time)" */
  label: string;
}

export interface SlotOfferView {
  staffId: string;
  name: string;
  kind: AppointmentKind;
  durationMinutes: number;
  suits: string;
  timeZone: string;
  /** The earliest slots of the first reading that has any. */
  slots: SlotView[];
  /** Every reading of the words, each with its earliest slots ("after 07:00", "after 19:00"). */
  readings: { label: string; slots: SlotView[] }[];
  /** What the desk assumed, in words, when the phrase was ambiguous; null when it was not. */
  assumption: string | null;
}

export function presentSlot(s: Interval, timeZone: string): SlotView {
  return {
    startsAt: new Date(s.start).toISOString(),
    endsAt: new Date(s.end).toISOString(),
    label: whenInWords(s.start, timeZone),
  };
}

export function presentSlotOffer(o: {
  staffId: string;
  name: string;
  kind: AppointmentKind;
  durationMinutes: number;
  suits: string;
  timeZone: string;
  readings: { label: string; slots: Interval[] }[];
  ambiguity: string | null;
}): SlotOfferView {
  const readings = o.readings.map((r) => ({
    label: r.label,
    slots: r.slots.map((s) => presentSlot(s, o.timeZone)),
  }));
  const withSlots = readings.filter((r) => r.slots.length > 0);
  let assumption = o.ambiguity;
  if (o.ambiguity && withSlots.length === 1 && readings.length > 1)
    assumption = `${o.ambiguity.split(";")[0]}; only "${withSlots[0]?.label}" has free slots with ${o.name}.`;
  if (withSlots.length === 0 && readings.length > 0)
    assumption = `No free time with ${o.name} fits "${o.suits.trim()}". Try a wider time, e.g. "any time next week".`;
  return {
    staffId: o.staffId,
    name: o.name,
    kind: o.kind,
    durationMinutes: o.durationMinutes,
    suits: o.suits,
    timeZone: o.timeZone,
    slots: withSlots[0]?.slots ?? [],
    readings,
    assumption,
  };
}

export interface AppointmentView {
  id: string;
  caseId: string;
  staffId: string;
  staffName: string;
  kind: AppointmentKind;
  status: AppointmentStatus;
  startsAt: string;
  endsAt: string;
  durationMinutes: number;
  /** What suited the customer, in their words. */
  suits: string;
  sequence: number;
  promiseId: string | null;
  label: string;
  createdAt: string;
  updatedAt: string;
}

export function presentAppointment(r: AppointmentRow, staffName: string, timeZone: string): AppointmentView {
  return {
    id: r.id,
    caseId: r.case_id,
    staffId: r.staff_id,
    staffName,
    kind: r.kind as AppointmentKind,
    status: r.status as AppointmentStatus,
    startsAt: r.starts_at,
    endsAt: r.ends_at,
    durationMinutes: r.duration_minutes,
    suits: r.suits,
    sequence: r.sequence,
    promiseId: r.promise_id,
    label: whenInWords(Date.parse(r.starts_at), timeZone),
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

/** The customer's view: the person's display name and the time, no staff ids. */
export interface PortalAppointmentView {
  id: string;
  kind: AppointmentKind;
  status: AppointmentStatus;
  withName: string;
  startsAt: string;
  endsAt: string;
  durationMinutes: number;
  label: string;
}

export function presentPortalAppointment(v: AppointmentView): PortalAppointmentView {
  return {
    id: v.id,
    kind: v.kind,
    status: v.status,
    withName: v.staffName,
    startsAt: v.startsAt,
    endsAt: v.endsAt,
    durationMinutes: v.durationMinutes,
    label: v.label,
  };
}
