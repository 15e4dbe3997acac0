import { DateTime } from "luxon";
import { recordAudit, type AuditActor } from "../audit/audit.service.js";
import type { Actor } from "../auth/auth.rules.js";
import { requirePermission } from "../auth/permissions.js";
import { findPromiseSettings } from "../calendars/calendars.store.js";
import { recordEntry } from "../cases/timeline.service.js";
import { findCase, insertEventEntry, lockCase, type CaseRow, type EntryRow } from "../cases/cases.store.js";
import { findCustomer } from "../customers/customers.store.js";
import type { Conn } from "../db/database.js";
import type { Deps } from "../deps.js";
import { queueMail } from "../email/email.outbox.js";
import { textToHtml } from "../email/email.acknowledgement.js";
import { mailOf, workspaceAddress } from "../email/email.settings.js";
import { caseEvent, publishCaseEvents } from "../events/events.publish.js";
import { queueEmail, workEmailOf } from "../notifications/notifications.service.js";
import { findPromise } from "../promises/promises.store.js";
import { closePromise, movePromise, openPromise, syncCaseDueAt } from "../promises/promises.writes.js";
import { accessOf, loadRoster } from "../schedules/roster.js";
import { toInstant } from "../shared/clock.js";
import { AppError, conflict, invalid, notFound } from "../shared/errors.js";
import { findWorkspaceById } from "../workspaces/workspaces.store.js";
import { appointmentIcs } from "./appointments.ics.js";
import {
  presentAppointment,
  presentSlotOffer,
  type AppointmentView,
  type SlotOfferView,
} from "./appointments.present.js";
import {
  APPOINTMENT_KINDS,
  appointmentTitle,
  customerMessage,
  DEFAULT_DURATION,
  whenInWords,
  mailSubject,
  MAX_DURATION,
  MIN_DURATION,
  type AppointmentChange,
  type AppointmentKind,
} from "./appointments.rules.js";
import {
  findAppointment,
  insertAppointment,
  listBusy,
  listCaseAppointments,
  lockStaffForBooking,
  updateAppointmentRow,
  type AppointmentRow,
} from "./appointments.store.js";
import { findSlots, insideHours, parseSuits, UNDERSTOOD_FORMS, type Interval } from "./slots.rules.js";

/*
 * Appointments: a meeting or callback with a named person on a case. Slots come from the
 * person's hours (their schedule with time off) minus their booked appointments, inside what
 * suits the customer; the slot list never says why a time is not offered, so a protected
 * person's hours and time off do not reach colleagues. Booking, moving and cancelling write the
 * appointment, its `appointment_at` promise, a timeline event, a customer-visible message with
 * the mail and its .ics, the audit entry and the person's notification in one transaction; the
 * live event goes out after commit.
 */

const MINUTE_MS = 60_000;

async function zoneOf(conn: Conn, workspaceId: string): Promise<string> {
  return (await findPromiseSettings(conn, workspaceId)).time_zone;
}

/**
 * Whether the reader may not learn when this person is in: a protected person, read by a customer
 * or by a colleague who is neither them, above them in the chain, nor an admin.
 */
function isShielded(
  reader: AuditActor,
  roster: Awaited<ReturnType<typeof loadRoster>>,
  staffId: string,
): boolean {
  const member = roster.members.get(staffId);
  if (!member) return true;
  if (reader.kind === "customer") return member.disclosure === "protected";
  return "role" in reader && accessOf(reader as Actor, roster, staffId) === "protected";
}

/** The start of the next day in the zone: a shielded reader is offered nothing earlier. */
function startOfTomorrow(ms: number, zone: string): number {
  return DateTime.fromMillis(ms, { zone }).plus({ days: 1 }).startOf("day").toMillis();
}

function kindOf(kind: string | undefined): AppointmentKind {
  if (kind === undefined) return "meeting";
  if (!(APPOINTMENT_KINDS as readonly string[]).includes(kind))
    throw invalid(`kind must be one of ${APPOINTMENT_KINDS.join(", ")}.`, { field: "kind" });
  return kind as AppointmentKind;
}

function durationOf(kind: AppointmentKind, minutes: number | undefined): number {
  const d = minutes ?? DEFAULT_DURATION[kind];
  if (!Number.isInteger(d) || d < MIN_DURATION || d > MAX_DURATION)
    throw invalid(`duration is whole minutes from ${MIN_DURATION} to ${MAX_DURATION}.`, {
      field: "duration",
    });
  return d;
}

/** With no words from the customer, the earliest slots at all. */
export const NO_PREFERENCE = "any time";

export interface SlotQuery {
  suits?: string | undefined;
  duration?: number | undefined;
  kind?: string | undefined;
}

/** The earliest free slots of a person that fit what suits the customer, per reading of the words. */
export async function offerSlots(
  deps: Deps,
  actor: Actor,
  staffId: string,
  q: SlotQuery,
): Promise<SlotOfferView> {
  requirePermission(actor, "cases:read");
  const roster = await loadRoster(deps.db, actor.workspaceId);
  return slotsFor(deps, actor.workspaceId, staffId, q, undefined, isShielded(actor, roster, staffId));
}

async function slotsFor(
  deps: Deps,
  workspaceId: string,
  staffId: string,
  q: SlotQuery,
  exceptId: string | undefined,
  /**
   * The reader may not learn when this (protected) person is in: slots start from tomorrow, since
   * a free slot at the next quarter hour today would say they are on duty now.
   */
  shielded: boolean,
): Promise<SlotOfferView> {
  const kind = kindOf(q.kind);
  const duration = durationOf(kind, q.duration);
  const roster = await loadRoster(deps.db, workspaceId);
  const m = roster.members.get(staffId);
  if (!m || !m.isActive) throw notFound("staff member");
  const zone = await zoneOf(deps.db, workspaceId);
  const clockMs = deps.clock.now().getTime();
  const now = shielded ? startOfTomorrow(clockMs, zone) : clockMs;
  const suits = q.suits ?? NO_PREFERENCE;
  const parsed = parseSuits(suits, clockMs, zone);
  if (!parsed.ok)
    throw new AppError("not-understood", parsed.problem, { field: "suits", understood: UNDERSTOOD_FORMS });
  const all = parsed.readings.flatMap((r) => r.windows);
  const from = Math.max(now, Math.min(...all.map((w) => w.start)));
  const to = Math.max(from, ...all.map((w) => w.end));
  const busy = (
    await listBusy(
      deps.db,
      workspaceId,
      staffId,
      new Date(from).toISOString(),
      new Date(to).toISOString(),
      exceptId,
    )
  ).map((b) => ({ start: Date.parse(b.starts_at), end: Date.parse(b.ends_at) }));
  const readings = parsed.readings.map((r) => ({
    label: r.label,
    slots: m.schedule
      ? findSlots({ schedule: m.schedule, busy, durationMinutes: duration, nowMs: now, windows: r.windows })
      : [],
  }));
  return presentSlotOffer({
    staffId,
    name: m.name,
    kind,
    durationMinutes: duration,
    suits,
    timeZone: zone,
    readings,
    ambiguity: parsed.ambiguity,
  });
}

export interface BookInput {
  staffId: string;
  kind: string;
  startsAt: string;
  durationMinutes?: number | undefined;
  suits: string;
}

function futureSlot(startsAt: string, duration: number, nowMs: number): Interval {
  const start = Date.parse(startsAt);
  if (Number.isNaN(start)) throw invalid("startsAt is not an instant.", { field: "startsAt" });
  if (start < nowMs) throw invalid("startsAt is in the past.", { field: "startsAt" });
  return { start, end: start + duration * MINUTE_MS };
}

/**
 * Refuses a slot outside the person's hours or overlapping one of their appointments. The person
 * is locked first, so two bookings of one person queue (the second sees the first and gets 409).
 * The refusal does not say which: "not a free slot" tells a colleague nothing of protected hours.
 */
async function checkFree(
  trx: Conn,
  deps: Deps,
  workspaceId: string,
  staffId: string,
  slot: Interval,
  exceptId: string | undefined,
  /** Who picks the time: a colleague without full access, or the customer, is shielded (see slotsFor). */
  reader: AuditActor,
): Promise<{ name: string }> {
  const staff = await lockStaffForBooking(trx, deps.dialect, workspaceId, staffId);
  if (!staff || staff.is_active !== 1)
    throw invalid("staffId does not name an active staff member.", { field: "staffId" });
  const roster = await loadRoster(trx, workspaceId);
  const schedule = roster.members.get(staffId)?.schedule;
  const shielded = isShielded(reader, roster, staffId);
  const earliest = shielded ? startOfTomorrow(deps.clock.now().getTime(), await zoneOf(trx, workspaceId)) : 0;
  const clash = await listBusy(
    trx,
    workspaceId,
    staffId,
    new Date(slot.start).toISOString(),
    new Date(slot.end).toISOString(),
    exceptId,
  );
  // One answer for "booked meanwhile" and "outside their hours or on time off": two answers would
  // let anyone probe a protected person's hours by telling the two apart.
  if (clash.length > 0 || !schedule || !insideHours(schedule, slot) || slot.start < earliest)
    throw conflict(`That time is not one of ${staff.name}'s free slots; ask for slots again.`, {
      reason: "not-a-free-slot",
    });
  return { name: staff.name };
}

interface Telling {
  change: AppointmentChange;
  previousStartMs?: number | undefined;
}

/**
 * Tells the customer, in the caller's transaction: a message on the case's timeline (the portal
 * shows it) and, when the customer has an email and outbound mail has an address, the mail with
 * the .ics (REQUEST, or CANCEL). Returns the mail id, if one was queued.
 */
async function tellCustomer(
  trx: Conn,
  deps: Deps,
  actor: AuditActor,
  c: CaseRow,
  a: AppointmentRow,
  staffName: string,
  telling: Telling,
  at: string,
): Promise<string | null> {
  const timeZone = await zoneOf(trx, c.workspace_id);
  const kind = a.kind as AppointmentKind;
  const body = customerMessage({
    change: telling.change,
    kind,
    staffName,
    startMs: Date.parse(a.starts_at),
    durationMinutes: a.duration_minutes,
    timeZone,
    previousStartMs: telling.previousStartMs,
  });
  const row: EntryRow = {
    id: deps.newId(),
    workspace_id: c.workspace_id,
    case_id: c.id,
    kind: "message",
    direction: "out",
    channel: "email",
    body,
    author_staff_id: actor.staffId,
    author_customer_id: null,
    call_answer_seconds: null,
    call_duration_seconds: null,
    data: JSON.stringify({ appointmentId: a.id, change: telling.change }),
    created_at: at,
  };
  const customer = c.customer_id ? await findCustomer(trx, c.workspace_id, c.customer_id) : undefined;
  const ws = await findWorkspaceById(trx, c.workspace_id);
  const from = ws ? workspaceAddress(mailOf(deps).settings, ws.slug) : null;
  let mailId: string | null = null;
  if (customer?.email && ws && from) {
    const ics = appointmentIcs({
      appointmentId: a.id,
      domain: from.split("@")[1] ?? "frontdesk.invalid",
      method: telling.change === "cancelled" ? "CANCEL" : "REQUEST",
      sequence: a.sequence,
      startMs: Date.parse(a.starts_at),
      durationMinutes: a.duration_minutes,
      title: `${appointmentTitle(kind, staffName)} (${ws.name}, case #${c.number})`,
      description: body,
      organizer: { name: ws.name, email: from },
      attendee: { name: customer.name, email: customer.email },
      stampMs: Date.parse(at),
    });
    const method = telling.change === "cancelled" ? "CANCEL" : "REQUEST";
    const queued = await queueMail(trx, deps, {
      workspaceId: c.workspace_id,
      caseId: c.id,
      entryId: row.id,
      purpose: "notification",
      from: { address: from, name: ws.name },
      to: [customer.email],
      replyTo: from,
      subject: mailSubject(telling.change, kind, c.number),
      text: body,
      html: textToHtml(body),
      headers: { "Auto-Submitted": "auto-generated" },
      attachments: [
        {
          filename: telling.change === "cancelled" ? "cancel.ics" : "invite.ics",
          content: ics,
          contentType: `text/calendar; charset=utf-8; method=${method}`,
        },
      ],
    });
    mailId = queued.mailId;
    row.data = JSON.stringify({
      appointmentId: a.id,
      change: telling.change,
      email: {
        mailId: queued.mailId,
        messageId: queued.messageId,
        to: [customer.email],
        status: queued.status,
      },
    });
  }
  await recordEntry(trx, deps, actor, c, row, at);
  return mailId;
}

/** Notifies the person the appointment is with, unless they made the change themselves. */
async function tellStaff(
  trx: Conn,
  deps: Deps,
  actor: AuditActor,
  c: CaseRow,
  a: AppointmentRow,
  change: AppointmentChange,
): Promise<void> {
  if (actor.staffId === a.staff_id) return;
  const to = await workEmailOf(trx, c.workspace_id, a.staff_id);
  if (!to) return;
  const timeZone = await zoneOf(trx, c.workspace_id);
  const who = actor.kind === "customer" ? "The customer" : "A colleague";
  const verb = change === "booked" ? "booked" : change === "rescheduled" ? "moved" : "cancelled";
  const what = a.kind === "callback" ? "a callback" : "a meeting";
  const when = `${whenInWords(Date.parse(a.starts_at), timeZone)}, ${a.duration_minutes} minutes`;
  await queueEmail(trx, deps, {
    workspaceId: c.workspace_id,
    kind: `appointment.${change}`,
    recipientStaffId: a.staff_id,
    subjectKind: "case",
    subjectId: c.id,
    to,
    subject: `${mailSubject(change, a.kind as AppointmentKind, c.number)}: ${c.subject}`,
    body: `${who} ${verb} an appointment with you on case #${c.number}: ${what} on ${when}.`,
  });
}

async function lockedCase(trx: Conn, deps: Deps, workspaceId: string, caseId: string): Promise<CaseRow> {
  const c = await lockCase(trx, deps.dialect, workspaceId, caseId);
  if (!c) throw notFound("case");
  return c;
}

/** Books a meeting or callback with a named person on a case; 409 when the slot is not free. */
export async function bookAppointment(
  deps: Deps,
  actor: Actor,
  caseId: string,
  input: BookInput,
): Promise<AppointmentView> {
  requirePermission(actor, "cases:write");
  const kind = kindOf(input.kind);
  const duration = durationOf(kind, input.durationMinutes);
  const now = deps.clock.now();
  const at = toInstant(now);
  const slot = futureSlot(input.startsAt, duration, now.getTime());
  const suits = input.suits.trim();
  const made = await deps.db.transaction().execute(async (trx) => {
    const c = await lockedCase(trx, deps, actor.workspaceId, caseId);
    if (c.is_open !== 1) throw conflict(`A ${c.status} case takes no new appointments.`);
    const { name } = await checkFree(trx, deps, actor.workspaceId, input.staffId, slot, undefined, actor);
    const id = deps.newId();
    const startsAt = new Date(slot.start).toISOString();
    const promise = await openPromise(trx, deps, actor, {
      caseId,
      kind: "appointment_at",
      target: null,
      description: appointmentTitle(kind, name),
      dueAt: startsAt,
      basis: { source: "manual", reason: `appointment ${id}`, replacesId: null },
      toldCustomer: true,
      at,
    });
    const row: AppointmentRow = {
      id,
      workspace_id: actor.workspaceId,
      case_id: caseId,
      staff_id: input.staffId,
      kind,
      status: "scheduled",
      starts_at: startsAt,
      ends_at: new Date(slot.end).toISOString(),
      duration_minutes: duration,
      suits,
      sequence: 0,
      promise_id: promise.id,
      created_by_id: actor.staffId,
      created_at: at,
      updated_at: at,
      cancelled_at: null,
    };
    await insertAppointment(trx, row);
    await syncCaseDueAt(trx, actor.workspaceId, caseId);
    await insertEventEntry(trx, {
      id: deps.newId(),
      workspaceId: actor.workspaceId,
      caseId,
      body: "appointment booked",
      data: { appointmentId: id, staffId: input.staffId, kind, startsAt, durationMinutes: duration, suits },
      authorStaffId: actor.staffId,
      at,
    });
    await tellCustomer(trx, deps, actor, c, row, name, { change: "booked" }, at);
    await tellStaff(trx, deps, actor, c, row, "booked");
    await recordAudit(trx, deps, actor, {
      action: "appointment.booked",
      subjectKind: "appointment",
      subjectId: id,
      data: {
        caseId,
        staffId: input.staffId,
        kind,
        startsAt,
        durationMinutes: duration,
        promiseId: promise.id,
      },
    });
    return { c, row, name };
  });
  publishCaseEvents(deps, caseEvent(made.c, "promise.opened", actor, at));
  return presentAppointment(made.row, made.name, await zoneOf(deps.db, actor.workspaceId));
}

export async function listAppointments(deps: Deps, actor: Actor, caseId: string): Promise<AppointmentView[]> {
  requirePermission(actor, "cases:read");
  const c = await findCase(deps.db, actor.workspaceId, caseId);
  if (!c) throw notFound("case");
  return presentRows(
    deps.db,
    actor.workspaceId,
    await listCaseAppointments(deps.db, actor.workspaceId, caseId),
  );
}

export async function presentRows(
  conn: Conn,
  workspaceId: string,
  rows: AppointmentRow[],
): Promise<AppointmentView[]> {
  const zone = await zoneOf(conn, workspaceId);
  const roster = rows.length > 0 ? await loadRoster(conn, workspaceId) : undefined;
  return rows.map((r) => presentAppointment(r, roster?.members.get(r.staff_id)?.name ?? "", zone));
}

export interface RescheduleInput {
  startsAt: string;
  durationMinutes?: number | undefined;
  suits?: string | undefined;
}

/** Loads an appointment and locks its case (lock order case → promise, as everywhere). */
async function lockedAppointment(
  trx: Conn,
  deps: Deps,
  workspaceId: string,
  id: string,
  inScope: (c: CaseRow) => boolean = () => true,
): Promise<{ a: AppointmentRow; c: CaseRow }> {
  const first = await findAppointment(trx, workspaceId, id);
  if (!first) throw notFound("appointment");
  const c = await lockCase(trx, deps.dialect, workspaceId, first.case_id);
  const a = await findAppointment(trx, workspaceId, id);
  if (!a || !c || !inScope(c)) throw notFound("appointment");
  if (a.status !== "scheduled")
    throw conflict(`The appointment is ${a.status}.`, { appointmentStatus: a.status });
  // What has happened is not moved: a closed case's appointment, or one that has begun, stays put
  // (its promise may already be kept or broken).
  if (c.is_open !== 1) throw conflict(`The case is ${c.status}; its appointments can no longer change.`);
  if (Date.parse(a.starts_at) <= deps.clock.now().getTime())
    throw conflict("The appointment has already begun; book a new one instead.");
  return { a, c };
}

/** Moves an appointment (staff or the customer): SEQUENCE + 1, the promise moves with it. */
export async function rescheduleCore(
  deps: Deps,
  actor: AuditActor,
  id: string,
  input: RescheduleInput,
  inScope?: (c: CaseRow) => boolean,
): Promise<AppointmentView> {
  const now = deps.clock.now();
  const at = toInstant(now);
  const done = await deps.db.transaction().execute(async (trx) => {
    const { a, c } = await lockedAppointment(trx, deps, actor.workspaceId, id, inScope);
    const duration = durationOf(a.kind as AppointmentKind, input.durationMinutes ?? a.duration_minutes);
    const slot = futureSlot(input.startsAt, duration, now.getTime());
    const { name } = await checkFree(trx, deps, actor.workspaceId, a.staff_id, slot, a.id, actor);
    const next: AppointmentRow = {
      ...a,
      starts_at: new Date(slot.start).toISOString(),
      ends_at: new Date(slot.end).toISOString(),
      duration_minutes: duration,
      suits: input.suits?.trim() || a.suits,
      sequence: a.sequence + 1,
      updated_at: at,
    };
    await updateAppointmentRow(trx, actor.workspaceId, id, {
      starts_at: next.starts_at,
      ends_at: next.ends_at,
      duration_minutes: duration,
      suits: next.suits,
      sequence: next.sequence,
      updated_at: at,
    });
    const p = a.promise_id ? await findPromise(trx, actor.workspaceId, a.promise_id) : undefined;
    if (p && p.status === "open") {
      await movePromise(
        trx,
        deps,
        p,
        { source: "manual", reason: `appointment ${id} moved`, replacesId: null },
        next.starts_at,
        at,
      );
      await syncCaseDueAt(trx, actor.workspaceId, c.id);
    }
    await insertEventEntry(trx, {
      id: deps.newId(),
      workspaceId: actor.workspaceId,
      caseId: c.id,
      body: "appointment moved",
      data: { appointmentId: id, from: a.starts_at, to: next.starts_at, by: actor.kind },
      authorStaffId: actor.staffId,
      at,
    });
    await tellCustomer(
      trx,
      deps,
      actor,
      c,
      next,
      name,
      { change: "rescheduled", previousStartMs: Date.parse(a.starts_at) },
      at,
    );
    await tellStaff(trx, deps, actor, c, next, "rescheduled");
    await recordAudit(trx, deps, actor, {
      action: "appointment.rescheduled",
      subjectKind: "appointment",
      subjectId: id,
      data: { caseId: c.id, from: a.starts_at, to: next.starts_at, sequence: next.sequence },
    });
    return { c, next, name };
  });
  publishCaseEvents(deps, caseEvent(done.c, "promise.moved", actor, at));
  return presentAppointment(done.next, done.name, await zoneOf(deps.db, actor.workspaceId));
}

/** Cancels an appointment (staff or the customer): METHOD:CANCEL, the promise is cancelled. */
export async function cancelCore(
  deps: Deps,
  actor: AuditActor,
  id: string,
  reason: string | undefined,
  inScope?: (c: CaseRow) => boolean,
): Promise<AppointmentView> {
  const at = toInstant(deps.clock.now());
  const done = await deps.db.transaction().execute(async (trx) => {
    const { a, c } = await lockedAppointment(trx, deps, actor.workspaceId, id, inScope);
    const next: AppointmentRow = {
      ...a,
      status: "cancelled",
      sequence: a.sequence + 1,
      updated_at: at,
      cancelled_at: at,
    };
    await updateAppointmentRow(trx, actor.workspaceId, id, {
      status: "cancelled",
      sequence: next.sequence,
      updated_at: at,
      cancelled_at: at,
    });
    const p = a.promise_id ? await findPromise(trx, actor.workspaceId, a.promise_id) : undefined;
    if (p && p.status === "open") {
      await closePromise(trx, p, "cancelled", at);
      await syncCaseDueAt(trx, actor.workspaceId, c.id);
    }
    const roster = await loadRoster(trx, actor.workspaceId);
    const name = roster.members.get(a.staff_id)?.name ?? "";
    await insertEventEntry(trx, {
      id: deps.newId(),
      workspaceId: actor.workspaceId,
      caseId: c.id,
      body: "appointment cancelled",
      data: { appointmentId: id, by: actor.kind, reason: reason?.trim() ?? "" },
      authorStaffId: actor.staffId,
      at,
    });
    await tellCustomer(trx, deps, actor, c, next, name, { change: "cancelled" }, at);
    await tellStaff(trx, deps, actor, c, next, "cancelled");
    await recordAudit(trx, deps, actor, {
      action: "appointment.cancelled",
      subjectKind: "appointment",
      subjectId: id,
      data: { caseId: c.id, startsAt: a.starts_at, by: actor.kind },
    });
    return { c, next, name };
  });
  publishCaseEvents(deps, caseEvent(done.c, "case.updated", actor, at));
  return presentAppointment(done.next, done.name, await zoneOf(deps.db, actor.workspaceId));
}

export async function rescheduleAppointment(
  deps: Deps,
  actor: Actor,
  id: string,
  input: RescheduleInput,
): Promise<AppointmentView> {
  requirePermission(actor, "cases:write");
  return rescheduleCore(deps, actor, id, input);
}

export async function cancelAppointment(
  deps: Deps,
  actor: Actor,
  id: string,
  reason: string | undefined,
): Promise<AppointmentView> {
  requirePermission(actor, "cases:write");
  return cancelCore(deps, actor, id, reason);
}

/** Slots to move an existing appointment to (its own time counts as free). */
export async function slotsToMove(
  deps: Deps,
  workspaceId: string,
  a: AppointmentRow,
  suits: string | undefined,
): Promise<SlotOfferView> {
  // A customer never has full access to a colleague's schedule: a protected person's slots start tomorrow.
  const roster = await loadRoster(deps.db, workspaceId);
  const shielded = roster.members.get(a.staff_id)?.disclosure === "protected";
  const q = { suits, duration: a.duration_minutes, kind: a.kind };
  return slotsFor(deps, workspaceId, a.staff_id, q, a.id, shielded);
}
