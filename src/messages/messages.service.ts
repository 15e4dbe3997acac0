import { recordAudit } from "../audit/audit.service.js";
import type { Actor } from "../auth/auth.rules.js";
import { requirePermission } from "../auth/permissions.js";
import { findPromiseSettings } from "../calendars/calendars.store.js";
import type { Channel, Priority } from "../cases/cases.rules.js";
import { createCase } from "../cases/cases.service.js";
import {
  findCase,
  findCasesByIds,
  insertEventEntry,
  listCases,
  lockCase,
  type CaseRow,
} from "../cases/cases.store.js";
import type { Conn } from "../db/database.js";
import type { Deps } from "../deps.js";
import { queueEmail, workEmailOf } from "../notifications/notifications.service.js";
import { basisFor, customerWording, dueFor, type PromiseBasis } from "../promises/promises.rules.js";
import { findPromise, type PromiseRow } from "../promises/promises.store.js";
import { loadPromiseTerms } from "../promises/promises.terms.js";
import { raiseUrgent } from "../paging/paging.service.js";
import type { UrgentView } from "../paging/paging.present.js";
import { closePromise, openPromise, syncCaseDueAt } from "../promises/promises.writes.js";
import { accessOf, loadRoster, type Roster, type RosterMember } from "../schedules/roster.js";
import { nextIn } from "../schedules/schedule.rules.js";
import { toInstant } from "../shared/clock.js";
import { AppError, conflict, invalid, notFound } from "../shared/errors.js";
import { decodeCursor, encodeCursor, type Page } from "../shared/pagination.js";
import { callbackStart, caseToJoin, type MessageStatus, type Urgency } from "./messages.rules.js";
import { presentMessage, type MessagePromiseView, type MessageView } from "./messages.present.js";
import {
  countUnread,
  findMessage,
  findPromisesByIds,
  insertMessage,
  listInboxRows,
  updateMessageRow,
  type MessageRow,
} from "./messages.store.js";

/*
 * Messages for staff (S1): the desk takes a message for an absent colleague. It joins the
 * customer's open case (or starts one), lands in the colleague's inbox, queues an email to their
 * work address, and opens a callback promise due at their next-in time plus the agreement's
 * callback target. Returning the call keeps the promise; handing it on moves the message and
 * keeps the promise with it.
 */

export interface TakeMessageInput {
  /** Whom the message is for. */
  staffId: string;
  /** Join this case; otherwise the customer's open case, otherwise a new one. */
  caseId?: string | undefined;
  customerId?: string | undefined;
  fromName: string;
  /** How to reach the caller: a number or an address, as they gave it. */
  reachAt: string;
  about: string;
  urgency: Urgency;
  /** How the caller reached us, for a new case (default: phone). */
  channel?: Channel | undefined;
}

export interface TakeMessageResult {
  message: MessageView;
  case: { id: string; number: number; joined: boolean };
  promise: MessagePromiseView | null;
  /** Ready for the receptionist to say to the customer. */
  customerWording: string;
  receptionistWording: string;
  /** For a message claimed urgent: the page, or why nobody was paged and who can help now. */
  urgent: UrgentView | null;
}

function recipientOf(roster: Roster, staffId: string, field: string): RosterMember {
  const m = roster.members.get(staffId);
  if (!m || !m.isActive)
    throw invalid(`${field} does not name an active staff member of this workspace.`, { field });
  return m;
}

/** The case the message goes on: the given one, the customer's open one, or a new one. */
async function caseFor(
  deps: Deps,
  actor: Actor,
  input: TakeMessageInput,
  recipient: RosterMember,
): Promise<{ row: CaseRow; joined: boolean }> {
  if (input.customerId !== undefined) {
    const exists = await deps.db
      .selectFrom("customers")
      .select("id")
      .where("workspace_id", "=", actor.workspaceId)
      .where("id", "=", input.customerId)
      .executeTakeFirst();
    if (!exists)
      throw invalid("customerId does not name a customer of this workspace.", { field: "customerId" });
  }
  if (input.caseId !== undefined) {
    const c = await findCase(deps.db, actor.workspaceId, input.caseId);
    if (!c) throw invalid("caseId does not name a case of this workspace.", { field: "caseId" });
    if (c.is_open !== 1) throw conflict(`Case #${c.number} is ${c.status}; take the message on a new case.`);
    return { row: c, joined: true };
  }
  if (input.customerId !== undefined) {
    const open = await listCases(
      deps.db,
      actor.workspaceId,
      { customerId: input.customerId, isOpen: true },
      { sort: "created", limit: 50 },
    );
    const joinId = caseToJoin(
      open.map((c) => ({ id: c.id, isOpen: c.is_open === 1, updatedAt: c.updated_at })),
    );
    const join = open.find((c) => c.id === joinId);
    if (join) return { row: join, joined: true };
  }
  const created = await createCase(deps, actor, {
    subject: `Message for ${recipient.name}: ${input.about}`.slice(0, 300),
    channel: input.channel ?? "phone",
    ...(input.customerId !== undefined && { customerId: input.customerId }),
  });
  const row = await findCase(deps.db, actor.workspaceId, created.id);
  if (!row) throw notFound("case");
  return { row, joined: false };
}

interface PlannedCallback {
  dueAt: string;
  basis: PromiseBasis;
}

/** The callback promise's due time and basis, or undefined when no target applies. */
async function planCallback(
  trx: Conn,
  actor: Actor,
  c: CaseRow,
  startMs: number,
): Promise<PlannedCallback | undefined> {
  const terms = await loadPromiseTerms(trx, actor.workspaceId, c.client_id);
  const startedAt = new Date(startMs).toISOString();
  if (terms.agreement) {
    const calc = {
      agreement: terms.agreement,
      calendar: terms.calendar,
      calendarId: terms.calendarId,
      priority: c.priority as Priority,
      target: "callback" as const,
      from: startMs,
    };
    return { dueAt: new Date(dueFor(calc)).toISOString(), basis: basisFor(calc, startedAt) };
  }
  if (terms.callbackMinutes !== null) {
    return {
      dueAt: new Date(startMs + terms.callbackMinutes * 60_000).toISOString(),
      basis: { source: "workspace", minutes: terms.callbackMinutes, startedAt },
    };
  }
  return undefined;
}

function messageText(
  m: MessageRow,
  recipientName: string,
  caseNumber: number,
  promise: PromiseRow | undefined,
  tz: string,
) {
  const lines = [
    `Message for ${recipientName}`,
    `From: ${m.from_name}`,
    `Reach them at: ${m.reach_at}`,
    `About: ${m.about}`,
    `Urgency (as the caller said): ${m.urgency}`,
    `Case: #${caseNumber}`,
  ];
  if (promise)
    lines.push(`The customer was told: ${customerWording(promise.due_at, tz, "callback_by", "callback")}`);
  return lines.join("\n");
}

async function notifyRecipient(
  trx: Conn,
  deps: Deps,
  m: MessageRow,
  recipient: RosterMember,
  caseNumber: number,
  promise: PromiseRow | undefined,
  tz: string,
): Promise<void> {
  const to = await workEmailOf(trx, m.workspace_id, recipient.id);
  if (!to) return;
  await queueEmail(trx, deps, {
    workspaceId: m.workspace_id,
    kind: "message.taken",
    recipientStaffId: recipient.id,
    subjectKind: "message",
    subjectId: m.id,
    to,
    subject: `Message from ${m.from_name}: ${m.about}`.slice(0, 200),
    body: messageText(m, recipient.name, caseNumber, promise, tz),
  });
}

/** Takes a message for a colleague: case, inbox, email, callback promise — in one transaction. */
export async function takeMessage(
  deps: Deps,
  actor: Actor,
  input: TakeMessageInput,
): Promise<TakeMessageResult> {
  requirePermission(actor, "cases:write");
  const fromName = input.fromName.trim();
  const about = input.about.trim();
  if (fromName.length === 0) throw invalid("Say who the message is from.", { field: "fromName" });
  if (about.length === 0) throw invalid("Say what the message is about.", { field: "about" });
  const roster = await loadRoster(deps.db, actor.workspaceId);
  const recipient = recipientOf(roster, input.staffId, "staffId");
  const target = await caseFor(deps, actor, input, recipient);
  const now = deps.clock.now();
  const at = toInstant(now);
  const tz = (await findPromiseSettings(deps.db, actor.workspaceId)).time_zone;
  const result = await deps.db.transaction().execute(async (trx) => {
    const c = await lockCase(trx, deps.dialect, actor.workspaceId, target.row.id);
    if (!c) throw notFound("case");
    const start = callbackStart({
      disclosure: recipient.disclosure,
      nextInMs: recipient.schedule ? nextIn(recipient.schedule, now.getTime()) : undefined,
      nowMs: now.getTime(),
    });
    const plan = await planCallback(trx, actor, c, start.startMs);
    const promise = plan
      ? await openPromise(trx, deps, actor, {
          caseId: c.id,
          kind: "callback_by",
          target: "callback",
          description: `Call back (message for ${recipient.name})`,
          dueAt: plan.dueAt,
          basis: plan.basis,
          toldCustomer: true,
          at,
        })
      : undefined;
    const m: MessageRow = {
      id: deps.newId(),
      workspace_id: actor.workspaceId,
      staff_id: recipient.id,
      case_id: c.id,
      from_name: fromName,
      reach_at: input.reachAt.trim(),
      about,
      urgency: input.urgency,
      status: "open",
      promise_id: promise?.id ?? null,
      taken_by_id: actor.staffId,
      handed_from_id: null,
      hand_note: "",
      read_at: null,
      returned_at: null,
      created_at: at,
      updated_at: at,
    };
    await insertMessage(trx, m);
    const caseDueAt = await syncCaseDueAt(trx, actor.workspaceId, c.id);
    const wording = promise ? customerWording(promise.due_at, tz, "callback_by", "callback") : null;
    await insertEventEntry(trx, {
      id: deps.newId(),
      workspaceId: actor.workspaceId,
      caseId: c.id,
      body: `Message taken for ${recipient.name} from ${fromName}: ${about}`,
      data: {
        event: "message.taken",
        messageId: m.id,
        staffId: recipient.id,
        urgency: m.urgency,
        promiseId: promise?.id ?? null,
        ...(wording && { toldCustomer: wording }),
      },
      authorStaffId: actor.staffId,
      at,
    });
    await notifyRecipient(trx, deps, m, recipient, c.number, promise, tz);
    await recordAudit(trx, deps, actor, {
      action: "message.taken",
      subjectKind: "case",
      subjectId: c.id,
      data: {
        messageId: m.id,
        staffId: recipient.id,
        urgency: m.urgency,
        promiseId: promise?.id ?? null,
        caseDueAt,
      },
    });
    return { m, c, promise, wording };
  });
  const view = presentMessage(result.m, {
    nameOf: (id) => roster.members.get(id)?.name ?? null,
    caseNumber: result.c.number,
    promise: result.promise,
    timeZone: tz,
  });
  const passed = `I have passed your message to ${recipient.name}.`;
  const customer = result.wording ? `${passed} ${result.wording}.` : passed;
  // After the message is safely stored: an urgent claim may page the person on call (S1b), or
  // answer who else can help now (S1, an agreement without after-hours cover).
  const urgent =
    input.urgency === "urgent"
      ? await raiseUrgent(deps, actor, result.c.id, { requestedStaffId: recipient.id, note: about })
      : null;
  return {
    urgent,
    message: view,
    case: { id: result.c.id, number: result.c.number, joined: target.joined },
    promise: view.promise,
    customerWording: customer,
    receptionistWording: `Message for ${recipient.name} taken on case #${result.c.number}. Tell the customer: "${customer}"`,
  };
}

/** The current recipient, their managers and admins may act on a message (and the taker may read it). */
function checkMayHandle(actor: Actor, roster: Roster, m: MessageRow, alsoTaker: boolean): void {
  if (accessOf(actor, roster, m.staff_id) === "full") return;
  if (alsoTaker && actor.staffId !== null && actor.staffId === m.taken_by_id) return;
  // Someone else's inbox answers as if the message did not exist: its existence is theirs.
  throw notFound("message");
}

async function viewOfMessage(deps: Deps, actor: Actor, roster: Roster, m: MessageRow): Promise<MessageView> {
  const [c, p, settings] = await Promise.all([
    findCase(deps.db, actor.workspaceId, m.case_id),
    m.promise_id ? findPromise(deps.db, actor.workspaceId, m.promise_id) : Promise.resolve(undefined),
    findPromiseSettings(deps.db, actor.workspaceId),
  ]);
  return presentMessage(m, {
    nameOf: (id) => roster.members.get(id)?.name ?? null,
    caseNumber: c?.number ?? null,
    promise: p,
    timeZone: settings.time_zone,
  });
}

export async function getMessage(deps: Deps, actor: Actor, id: string): Promise<MessageView> {
  requirePermission(actor, "cases:read");
  const m = await findMessage(deps.db, actor.workspaceId, id);
  if (!m) throw notFound("message");
  const roster = await loadRoster(deps.db, actor.workspaceId);
  checkMayHandle(actor, roster, m, true);
  return viewOfMessage(deps, actor, roster, m);
}

function inboxOwner(actor: Actor, roster: Roster, staffId: string | undefined): string {
  const owner = staffId ?? actor.staffId;
  if (owner === null) throw invalid("Name whose inbox with staffId.", { field: "staffId" });
  if (!roster.members.has(owner))
    throw invalid("staffId does not name a staff member of this workspace.", { field: "staffId" });
  if (accessOf(actor, roster, owner) !== "full")
    throw new AppError("forbidden", "Only the person, their managers and admins read someone's inbox.", {
      reason: "not-self-or-manager",
    });
  return owner;
}

/** An inbox, newest first: your own by default, or a report's (for their managers and admins). */
export async function listInbox(
  deps: Deps,
  actor: Actor,
  opts: {
    staffId?: string | undefined;
    status?: MessageStatus | undefined;
    cursor?: string | undefined;
    limit: number;
  },
): Promise<Page<MessageView>> {
  requirePermission(actor, "cases:read");
  const roster = await loadRoster(deps.db, actor.workspaceId);
  const owner = inboxOwner(actor, roster, opts.staffId);
  const beforeId = opts.cursor ? decodeCursor(opts.cursor, ["id"])[0] : undefined;
  const rows = await listInboxRows(deps.db, actor.workspaceId, owner, {
    status: opts.status,
    beforeId,
    limit: opts.limit + 1,
  });
  const pageRows = rows.slice(0, opts.limit);
  // One read each for the page's cases and promises, not three per message.
  const [cases, promises, settings] = await Promise.all([
    findCasesByIds(deps.db, actor.workspaceId, [...new Set(pageRows.map((m) => m.case_id))]),
    findPromisesByIds(
      deps.db,
      actor.workspaceId,
      pageRows.flatMap((m) => (m.promise_id ? [m.promise_id] : [])),
    ),
    findPromiseSettings(deps.db, actor.workspaceId),
  ]);
  const items = pageRows.map((m) =>
    presentMessage(m, {
      nameOf: (id) => roster.members.get(id)?.name ?? null,
      caseNumber: cases.find((c) => c.id === m.case_id)?.number ?? null,
      promise: promises.find((p) => p.id === m.promise_id),
      timeZone: settings.time_zone,
    }),
  );
  const last = rows.length > opts.limit ? items.at(-1) : undefined;
  return { items, nextCursor: last ? encodeCursor([last.id]) : null };
}

export async function unreadCount(
  deps: Deps,
  actor: Actor,
  staffId: string | undefined,
): Promise<{ staffId: string; unread: number }> {
  requirePermission(actor, "cases:read");
  const roster = await loadRoster(deps.db, actor.workspaceId);
  const owner = inboxOwner(actor, roster, staffId);
  return { staffId: owner, unread: await countUnread(deps.db, actor.workspaceId, owner) };
}

/** Reads a message under its case's lock and checks who may act on it. */
async function lockedMessage(trx: Conn, deps: Deps, actor: Actor, id: string) {
  const first = await findMessage(trx, actor.workspaceId, id);
  if (!first) throw notFound("message");
  await lockCase(trx, deps.dialect, actor.workspaceId, first.case_id);
  const m = await findMessage(trx, actor.workspaceId, id);
  if (!m) throw notFound("message");
  const roster = await loadRoster(trx, actor.workspaceId);
  checkMayHandle(actor, roster, m, false);
  return { m, roster };
}

export async function markMessageRead(deps: Deps, actor: Actor, id: string): Promise<MessageView> {
  requirePermission(actor, "cases:write");
  const at = toInstant(deps.clock.now());
  const { m, roster } = await deps.db.transaction().execute(async (trx) => {
    const { m, roster } = await lockedMessage(trx, deps, actor, id);
    if (m.read_at !== null) return { m, roster };
    await updateMessageRow(trx, actor.workspaceId, id, { read_at: at, updated_at: at });
    return { m: { ...m, read_at: at, updated_at: at }, roster };
  });
  return viewOfMessage(deps, actor, roster, m);
}

/** The call was returned: the message is done and its callback promise kept. */
export async function markMessageReturned(
  deps: Deps,
  actor: Actor,
  id: string,
  note: string | undefined,
): Promise<MessageView> {
  requirePermission(actor, "cases:write");
  const at = toInstant(deps.clock.now());
  const { m, roster } = await deps.db.transaction().execute(async (trx) => {
    const { m, roster } = await lockedMessage(trx, deps, actor, id);
    if (m.status === "returned") throw conflict("The message is already marked returned.");
    const p = m.promise_id ? await findPromise(trx, actor.workspaceId, m.promise_id) : undefined;
    const kept = p?.status === "open" ? await closePromise(trx, p, "kept", at) : undefined;
    const next: MessageRow = {
      ...m,
      status: "returned",
      returned_at: at,
      read_at: m.read_at ?? at,
      updated_at: at,
    };
    await updateMessageRow(trx, actor.workspaceId, id, {
      status: next.status,
      returned_at: at,
      read_at: next.read_at,
      updated_at: at,
    });
    const caseDueAt = await syncCaseDueAt(trx, actor.workspaceId, m.case_id);
    const who = roster.members.get(actor.staffId ?? "")?.name ?? "Staff";
    await insertEventEntry(trx, {
      id: deps.newId(),
      workspaceId: actor.workspaceId,
      caseId: m.case_id,
      body: `${who} returned the call to ${m.from_name}${note?.trim() ? `: ${note.trim()}` : ""}`,
      data: {
        event: "message.returned",
        messageId: id,
        promiseId: m.promise_id,
        promiseKept: kept !== undefined,
      },
      authorStaffId: actor.staffId,
      at,
    });
    await recordAudit(trx, deps, actor, {
      action: "message.returned",
      subjectKind: "case",
      subjectId: m.case_id,
      data: {
        messageId: id,
        promiseId: m.promise_id,
        promiseKept: kept !== undefined,
        late: p ? at > p.due_at : false,
        caseDueAt,
      },
    });
    return { m: next, roster };
  });
  return viewOfMessage(deps, actor, roster, m);
}

/** Hands a message on to a colleague: it moves to their inbox with a note; the promise stays. */
export async function handOnMessage(
  deps: Deps,
  actor: Actor,
  id: string,
  input: { staffId: string; note?: string | undefined },
): Promise<MessageView> {
  requirePermission(actor, "cases:write");
  const at = toInstant(deps.clock.now());
  const tz = (await findPromiseSettings(deps.db, actor.workspaceId)).time_zone;
  const { m, roster } = await deps.db.transaction().execute(async (trx) => {
    const { m, roster } = await lockedMessage(trx, deps, actor, id);
    const to = recipientOf(roster, input.staffId, "staffId");
    if (m.status === "returned") throw conflict("The call was returned; there is nothing to hand on.");
    if (to.id === m.staff_id) throw invalid("The message is already theirs.", { field: "staffId" });
    const note = input.note?.trim() ?? "";
    const next: MessageRow = {
      ...m,
      staff_id: to.id,
      handed_from_id: m.staff_id,
      hand_note: note,
      read_at: null,
      updated_at: at,
    };
    await updateMessageRow(trx, actor.workspaceId, id, {
      staff_id: to.id,
      handed_from_id: m.staff_id,
      hand_note: note,
      read_at: null,
      updated_at: at,
    });
    const from = roster.members.get(m.staff_id)?.name ?? "a colleague";
    await insertEventEntry(trx, {
      id: deps.newId(),
      workspaceId: actor.workspaceId,
      caseId: m.case_id,
      body: `Message from ${m.from_name} handed on from ${from} to ${to.name}${note ? `: ${note}` : ""}`,
      data: { event: "message.handed-on", messageId: id, fromStaffId: m.staff_id, toStaffId: to.id },
      authorStaffId: actor.staffId,
      at,
    });
    const c = await findCase(trx, actor.workspaceId, m.case_id);
    const p = m.promise_id ? await findPromise(trx, actor.workspaceId, m.promise_id) : undefined;
    await notifyRecipient(trx, deps, next, to, c?.number ?? 0, p?.status === "open" ? p : undefined, tz);
    await recordAudit(trx, deps, actor, {
      action: "message.handed-on",
      subjectKind: "case",
      subjectId: m.case_id,
      data: { messageId: id, fromStaffId: m.staff_id, toStaffId: to.id },
    });
    return { m: next, roster };
  });
  return viewOfMessage(deps, actor, roster, m);
}
