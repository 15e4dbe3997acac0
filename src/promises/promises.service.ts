import { findDeliverable, type DeliverableRow } from "../agreements/agreements.store.js";
import { nextOccurrence, parseRecurrence } from "../agreements/deliverables.rules.js";
import { recordAudit } from "../audit/audit.service.js";
import type { Actor } from "../auth/auth.rules.js";
import { requirePermission } from "../auth/permissions.js";
import { findPromiseSettings } from "../calendars/calendars.store.js";
import type { Priority } from "../cases/cases.rules.js";
import { findCase, insertEntry, lockCase, type CaseRow } from "../cases/cases.store.js";
import type { Conn } from "../db/database.js";
import type { Deps } from "../deps.js";
import { toInstant, type Instant } from "../shared/clock.js";
import { conflict, invalid, notFound } from "../shared/errors.js";
import { decodeCursor, encodeCursor, type Page } from "../shared/pagination.js";
import { presentPromise, type PromiseView } from "./promises.present.js";
import {
  basisFor,
  customerWording,
  dueFor,
  honestPromise,
  kindOfTarget,
  type PromiseBasis,
  type PromiseKind,
  type PromiseTarget,
} from "./promises.rules.js";
import {
  findPromise,
  listCasePromiseRows,
  listPromiseRows,
  type PromiseFilter,
  type PromiseRow,
  type PromiseSort,
} from "./promises.store.js";
import { loadPromiseTerms } from "./promises.terms.js";
import { caseEvent, publishCaseEvents, type CaseRef } from "../events/events.publish.js";
import { closePromise, openPromise, syncCaseDueAt, TARGET_DESCRIPTIONS } from "./promises.writes.js";

async function timeZoneOf(conn: Conn, workspaceId: string): Promise<string> {
  return (await findPromiseSettings(conn, workspaceId)).time_zone;
}

async function getCaseRow(conn: Conn, workspaceId: string, caseId: string): Promise<CaseRow> {
  const c = await findCase(conn, workspaceId, caseId);
  if (!c) throw notFound("case");
  return c;
}

/** Every promise made on a case, oldest first, with its wording for the customer. */
export async function listCasePromises(deps: Deps, actor: Actor, caseId: string): Promise<PromiseView[]> {
  requirePermission(actor, "cases:read");
  await getCaseRow(deps.db, actor.workspaceId, caseId);
  const tz = await timeZoneOf(deps.db, actor.workspaceId);
  return (await listCasePromiseRows(deps.db, actor.workspaceId, caseId)).map((r) => presentPromise(r, tz));
}

export interface CreatePromiseInput {
  kind: PromiseKind;
  description?: string;
  /** An explicit due time (an appointment, "by 3pm"); otherwise computed from `target` or the deliverable. */
  dueAt?: string;
  /** Compute the due time from the case's agreement for this target. */
  target?: PromiseTarget;
  /** For deliverable_by: the scheduled deliverable whose next occurrence is promised. */
  deliverableId?: string;
  toldCustomer?: boolean;
}

interface Planned {
  dueAt: Instant;
  basis: PromiseBasis;
  target: PromiseTarget | null;
  description: string;
}

function futureInstant(value: string, now: Date, field: string): Instant {
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw invalid(`${field} is not an instant.`, { field });
  if (ms <= now.getTime()) throw invalid(`${field} must be in the future.`, { field });
  return new Date(ms).toISOString();
}

async function findDeliverableRef(conn: Conn, actor: Actor, id: string): Promise<DeliverableRow> {
  const d = await findDeliverable(conn, actor.workspaceId, id);
  if (!d)
    throw invalid("deliverableId does not name a deliverable of this workspace.", { field: "deliverableId" });
  return d;
}

function planFromDeliverable(d: DeliverableRow, now: Date): Planned {
  const recurrence = parseRecurrence(d.rrule);
  const next = Array.isArray(recurrence) ? undefined : nextOccurrence(recurrence, now.getTime());
  if (next === undefined) throw conflict(`The schedule of "${d.name}" has no further occurrence.`);
  return {
    dueAt: new Date(next).toISOString(),
    basis: { source: "deliverable", deliverableId: d.id, agreementId: d.agreement_id },
    target: null,
    description: d.name,
  };
}

async function planPromise(
  conn: Conn,
  actor: Actor,
  c: CaseRow,
  input: CreatePromiseInput,
  now: Date,
): Promise<Planned> {
  const description = input.description?.trim();
  const deliverable =
    input.deliverableId === undefined
      ? undefined
      : await findDeliverableRef(conn, actor, input.deliverableId);
  if (deliverable && input.kind !== "deliverable_by")
    throw invalid("deliverableId is for deliverable_by promises.", { field: "kind" });
  if (input.dueAt !== undefined) {
    return {
      dueAt: futureInstant(input.dueAt, now, "dueAt"),
      basis: { source: "manual", reason: null, replacesId: null },
      target: input.target ?? null,
      description:
        description || deliverable?.name || (input.target ? TARGET_DESCRIPTIONS[input.target] : "Promise"),
    };
  }
  if (deliverable) {
    const planned = planFromDeliverable(deliverable, now);
    return { ...planned, description: description || planned.description };
  }
  if (input.target === undefined)
    throw invalid("Give dueAt, a target or a deliverableId.", { field: "dueAt" });
  if (kindOfTarget(input.target) !== input.kind) {
    throw invalid(`A ${input.target} target makes a ${kindOfTarget(input.target)} promise.`, {
      field: "kind",
    });
  }
  const terms = await loadPromiseTerms(conn, actor.workspaceId, c.client_id);
  if (!terms.agreement) throw invalid("No agreement applies to this case; give dueAt.", { field: "target" });
  const calc = {
    agreement: terms.agreement,
    calendar: terms.calendar,
    calendarId: terms.calendarId,
    priority: c.priority as Priority,
    target: input.target,
    from: now.getTime(),
  };
  const at = toInstant(now);
  return {
    dueAt: new Date(dueFor(calc)).toISOString(),
    basis: basisFor(calc, at),
    target: input.target,
    description: description || TARGET_DESCRIPTIONS[input.target],
  };
}

/** Makes a promise on a case: entered (custom, appointment, callback) or computed from a target. */
export async function createCasePromise(
  deps: Deps,
  actor: Actor,
  caseId: string,
  input: CreatePromiseInput,
): Promise<PromiseView> {
  requirePermission(actor, "cases:write");
  const now = deps.clock.now();
  const at = toInstant(now);
  const made = await deps.db.transaction().execute(async (trx) => {
    const c = await getCaseRow(trx, actor.workspaceId, caseId);
    if (c.is_open !== 1) throw conflict(`A ${c.status} case takes no new promises.`);
    const plan = await planPromise(trx, actor, c, input, now);
    const p = await openPromise(trx, deps, actor, {
      caseId,
      kind: input.kind,
      target: plan.target,
      description: plan.description,
      dueAt: plan.dueAt,
      basis: plan.basis,
      toldCustomer: input.toldCustomer ?? false,
      at,
    });
    const caseDueAt = await syncCaseDueAt(trx, actor.workspaceId, caseId);
    await recordAudit(trx, deps, actor, {
      action: "promise.created",
      subjectKind: "promise",
      subjectId: p.id,
      data: { caseId, kind: p.kind, target: p.target, dueAt: p.due_at, source: plan.basis.source, caseDueAt },
    });
    return { view: presentPromise(p, await timeZoneOf(trx, actor.workspaceId)), c };
  });
  publishCaseEvents(deps, caseEvent(made.c, "promise.opened", actor, at));
  return made.view;
}

/** The open promise and its case, read under the case's lock (lock order case → promise, as everywhere). */
async function getOpenPromise(
  conn: Conn,
  deps: Deps,
  workspaceId: string,
  id: string,
): Promise<{ p: PromiseRow; c: CaseRef }> {
  const first = await findPromise(conn, workspaceId, id);
  if (!first) throw notFound("promise");
  const c = await lockCase(conn, deps.dialect, workspaceId, first.case_id);
  const p = await findPromise(conn, workspaceId, id);
  if (!p || !c) throw notFound("promise");
  if (p.status !== "open")
    throw conflict(`The promise is ${p.status}, not open.`, { promiseStatus: p.status });
  return { p, c };
}

/** Marks an open promise kept (done in time, or done at all). */
export async function keepPromise(deps: Deps, actor: Actor, id: string): Promise<PromiseView> {
  requirePermission(actor, "cases:write");
  const at = toInstant(deps.clock.now());
  const done = await deps.db.transaction().execute(async (trx) => {
    const { p, c } = await getOpenPromise(trx, deps, actor.workspaceId, id);
    const kept = await closePromise(trx, p, "kept", at);
    const caseDueAt = await syncCaseDueAt(trx, actor.workspaceId, p.case_id);
    await recordAudit(trx, deps, actor, {
      action: "promise.kept",
      subjectKind: "promise",
      subjectId: id,
      data: { caseId: p.case_id, dueAt: p.due_at, late: at > p.due_at, caseDueAt },
    });
    return { view: presentPromise(kept, await timeZoneOf(trx, actor.workspaceId)), c };
  });
  publishCaseEvents(deps, caseEvent(done.c, "promise.kept", actor, at));
  return done.view;
}

export interface Renegotiation {
  previous: PromiseView;
  promise: PromiseView;
  /** What the customer was told. */
  wording: string;
}

/**
 * Renegotiates openly instead of breaking silently: the old promise becomes "renegotiated", a new
 * one is open at the new time, and the timeline records that the customer was told, in words.
 */
export async function renegotiatePromise(
  deps: Deps,
  actor: Actor,
  id: string,
  input: { dueAt: string; reason: string },
): Promise<Renegotiation> {
  requirePermission(actor, "cases:write");
  const now = deps.clock.now();
  const at = toInstant(now);
  const dueAt = futureInstant(input.dueAt, now, "dueAt");
  const reason = input.reason.trim();
  if (reason.length === 0) throw invalid("Say why the promise moves.", { field: "reason" });
  const done = await deps.db.transaction().execute(async (trx) => {
    const { p: old, c } = await getOpenPromise(trx, deps, actor.workspaceId, id);
    const tz = await timeZoneOf(trx, actor.workspaceId);
    const p = await openPromise(trx, deps, actor, {
      caseId: old.case_id,
      kind: old.kind as PromiseKind,
      target: old.target as PromiseTarget | null,
      description: old.description,
      dueAt,
      basis: { source: "manual", reason, replacesId: old.id },
      toldCustomer: true,
      at,
    });
    const previous = await closePromise(trx, old, "renegotiated", at, p.id);
    const wording = customerWording(dueAt, tz, p.kind as PromiseKind, p.target as PromiseTarget | null);
    await insertEntry(trx, {
      id: deps.newId(),
      workspace_id: actor.workspaceId,
      case_id: old.case_id,
      kind: "event",
      direction: null,
      channel: null,
      body: `Promise renegotiated; the customer was told: "${wording}"`,
      author_staff_id: actor.staffId,
      author_customer_id: null,
      call_answer_seconds: null,
      call_duration_seconds: null,
      data: JSON.stringify({
        event: "promise.renegotiated",
        promiseId: p.id,
        replacesId: old.id,
        previousDueAt: old.due_at,
        dueAt,
        reason,
        toldCustomer: true,
        wording,
      }),
      created_at: at,
    });
    const caseDueAt = await syncCaseDueAt(trx, actor.workspaceId, old.case_id);
    await recordAudit(trx, deps, actor, {
      action: "promise.renegotiated",
      subjectKind: "promise",
      subjectId: old.id,
      data: { caseId: old.case_id, newPromiseId: p.id, from: old.due_at, to: dueAt, reason, caseDueAt },
    });
    const result = { previous: presentPromise(previous, tz), promise: presentPromise(p, tz), wording };
    return { result, c };
  });
  publishCaseEvents(deps, caseEvent(done.c, "promise.renegotiated", actor, at));
  return done.result;
}

export interface ListPromisesOptions extends PromiseFilter {
  sort: PromiseSort;
  cursor?: string | undefined;
  limit: number;
}

/** The queue of promises: by due time (soonest first) or newest first, keyset-paged. */
export async function listPromisesPage(
  deps: Deps,
  actor: Actor,
  opts: ListPromisesOptions,
): Promise<Page<PromiseView>> {
  requirePermission(actor, "cases:read");
  const shape = opts.sort === "due" ? (["dueAt", "id"] as const) : (["id"] as const);
  const after = opts.cursor ? decodeCursor(opts.cursor, shape) : undefined;
  const { sort, cursor: _c, limit, ...filter } = opts;
  const rows = await listPromiseRows(deps.db, actor.workspaceId, filter, { sort, after, limit: limit + 1 });
  const pageRows = rows.slice(0, limit);
  const tz = await timeZoneOf(deps.db, actor.workspaceId);
  const last = rows.length > limit ? pageRows.at(-1) : undefined;
  const nextCursor = last ? encodeCursor(sort === "due" ? [last.due_at, last.id] : [last.id]) : null;
  return { items: pageRows.map((r) => presentPromise(r, tz)), nextCursor };
}

export interface HonestPromiseView {
  target: PromiseTarget;
  agreementId: string;
  dueAt: string;
  isSameDay: boolean;
  isOpenNow: boolean;
  startsAt: string;
  wording: string;
}

/**
 * The earliest promise the case's agreement lets the desk make now for a target (S6 at 16:45:
 * "what the agreement allows"), with the words to say.
 */
export async function honestPromiseFor(
  deps: Deps,
  actor: Actor,
  caseId: string,
  target: PromiseTarget,
): Promise<HonestPromiseView> {
  requirePermission(actor, "cases:read");
  const c = await getCaseRow(deps.db, actor.workspaceId, caseId);
  const terms = await loadPromiseTerms(deps.db, actor.workspaceId, c.client_id);
  if (!terms.agreement) throw conflict("No agreement applies to this case, so it sets no target.");
  const h = honestPromise({
    agreement: terms.agreement,
    calendar: terms.calendar,
    priority: c.priority as Priority,
    target,
    from: deps.clock.now().getTime(),
    timeZone: terms.timeZone,
  });
  return {
    target,
    agreementId: terms.agreement.id,
    dueAt: new Date(h.dueAt).toISOString(),
    isSameDay: h.isSameDay,
    isOpenNow: h.isOpenNow,
    startsAt: new Date(h.startsAt).toISOString(),
    wording: customerWording(h.dueAt, terms.timeZone, kindOfTarget(target), target),
  };
}
