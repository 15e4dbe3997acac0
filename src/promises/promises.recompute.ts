import { listAgreementRows, type AgreementRow } from "../agreements/agreements.store.js";
import { recordAudit } from "../audit/audit.service.js";
import type { Actor } from "../auth/auth.rules.js";
import type { Calendar } from "../calendar/calendar.rules.js";
import { loadCalendar } from "../calendars/calendars.cache.js";
import { findPromiseSettings } from "../calendars/calendars.store.js";
import type { Conn, Dialect } from "../db/database.js";
import type { Deps } from "../deps.js";
import { toInstant } from "../shared/clock.js";
import { reschedulePromisesWork } from "./promises.duework.js";
import { caseDueAt, dueFromBasis, targetMinutes, type AgreementBasis } from "./promises.rules.js";
import {
  findPromisesByIds,
  listOpenPromiseBatch,
  listOpenPromisesOfCases,
  lockCases,
  setCaseDueTimes,
  setPromiseDueTimes,
  type PromiseRow,
} from "./promises.store.js";
import { coverageCalendarId, termsOf } from "./promises.terms.js";
import { basisOf } from "./promises.writes.js";
import { findCasesByIds } from "../cases/cases.store.js";
import { caseEvent, publishCaseEvents } from "../events/events.publish.js";
import type { CaseEvent } from "../events/events.rules.js";

/** Promises per transaction: short transactions keep the audit head and case rows free. */
const BATCH = 500;

export interface RecomputeScope {
  /** Only promises computed from this agreement. */
  agreementId?: string;
  /** Only promises of agreements that run in this calendar (own or, as the workspace's, inherited). */
  calendarId?: string;
}

export interface RecomputeResult {
  checked: number;
  moved: number;
}

interface Current {
  row: AgreementRow;
  calendarId: string | null;
  calendar: Calendar | null;
}

/** The current terms of each affected agreement, with its calendar resolved and compiled. */
async function affectedAgreements(
  conn: Conn,
  workspaceId: string,
  scope: RecomputeScope,
): Promise<Map<string, Current>> {
  const settings = await findPromiseSettings(conn, workspaceId);
  const out = new Map<string, Current>();
  for (const row of await listAgreementRows(conn, workspaceId)) {
    const calendarId = coverageCalendarId(row, settings.calendar_id);
    if (scope.agreementId !== undefined && row.id !== scope.agreementId) continue;
    if (scope.calendarId !== undefined && calendarId !== scope.calendarId) continue;
    out.set(row.id, { row, calendarId, calendar: await loadCalendar(conn, workspaceId, calendarId) });
  }
  return out;
}

/** The basis as the agreement reads now: its minutes for the target, its coverage and calendar. */
function currentBasis(basis: AgreementBasis, current: Current): AgreementBasis {
  const terms = termsOf(current.row);
  return {
    ...basis,
    coverage: terms.coverage,
    calendarId: terms.coverage === "always" || current.calendar === null ? null : current.calendarId,
    minutes: targetMinutes(terms, basis.priority, basis.target),
  };
}

interface Move {
  row: PromiseRow;
  next: PromiseRow;
}

/** What a promise becomes under its agreement's current terms; undefined when nothing changes. */
function recomputed(p: PromiseRow, agreements: Map<string, Current>, at: string): PromiseRow | undefined {
  if (p.status !== "open") return undefined;
  const basis = basisOf(p);
  if (basis.source !== "agreement") return undefined;
  const current = agreements.get(basis.agreementId);
  if (!current) return undefined;
  const next = currentBasis(basis, current);
  const dueAt = new Date(dueFromBasis(next, current.calendar, Date.parse(next.startedAt))).toISOString();
  const text = JSON.stringify(next);
  if (dueAt === p.due_at && text === p.basis) return undefined;
  return { ...p, basis: text, due_at: dueAt, updated_at: at };
}

/**
 * One batch, set at a time: lock the batch's cases (one statement, in id order, like every
 * writer of promises: case → promise), re-read the promises under those locks (one closed or
 * moved since the batch was listed is judged as it is now), then write the moves, cancel and
 * reschedule their due work and set the cases' due times — a handful of statements per batch,
 * not several per promise (measured: 5k cases took 17 s on PostgreSQL row by row).
 */
async function recomputeBatch(
  trx: Conn,
  deps: Deps,
  actor: Actor,
  listed: PromiseRow[],
  agreements: Map<string, Current>,
  scope: RecomputeScope,
  events: CaseEvent[],
): Promise<number> {
  const at = toInstant(deps.clock.now());
  const ws = actor.workspaceId;
  const moves: Move[] = [];
  for (const row of await underCaseLocks(trx, deps.dialect, ws, listed)) {
    const next = recomputed(row, agreements, at);
    if (next) moves.push({ row, next });
  }
  if (moves.length === 0) return 0;
  await setPromiseDueTimes(
    trx,
    deps.dialect,
    ws,
    moves.map(({ next }) => ({ id: next.id, dueAt: next.due_at, basis: next.basis })),
    at,
  );
  // Paused promises have no due work; their new time applies when they resume.
  const running = moves.map((m) => m.next).filter((p) => p.paused_at === null);
  await reschedulePromisesWork(trx, deps, ws, running);
  const caseIds = [...new Set(moves.map((m) => m.row.case_id))];
  await syncCasesDueAt(trx, deps.dialect, ws, caseIds);
  // Announced by the caller once this batch commits: one event per moved case.
  for (const c of await findCasesByIds(trx, ws, caseIds))
    events.push(caseEvent(c, "promise.moved", actor, at));
  const moved = moves
    .filter((m) => m.next.due_at !== m.row.due_at)
    .map((m) => ({ promiseId: m.row.id, from: m.row.due_at, to: m.next.due_at }));
  if (moved.length > 0) {
    await recordAudit(trx, deps, actor, {
      action: "promises.recomputed",
      subjectKind: scope.calendarId !== undefined ? "calendar" : "agreement",
      subjectId: scope.calendarId ?? scope.agreementId ?? null,
      data: { moved: moved.length, promises: moved.slice(0, 100) },
    });
  }
  return moved.length;
}

/**
 * The batch as it stands under its cases' locks. PostgreSQL: lock the cases, then re-read the
 * promises (one may have been kept or moved since the batch was listed). SQLite: the batch was
 * listed in this same transaction on the one connection, and writers are serialised, so the
 * listed rows are current already.
 */
async function underCaseLocks(
  trx: Conn,
  dialect: Dialect,
  workspaceId: string,
  listed: PromiseRow[],
): Promise<PromiseRow[]> {
  if (dialect !== "postgres") return listed;
  await lockCases(trx, dialect, workspaceId, [...new Set(listed.map((r) => r.case_id))].sort());
  return findPromisesByIds(
    trx,
    workspaceId,
    listed.map((r) => r.id),
  );
}

/** cases.due_at of many cases from their open promises (the rule of syncCaseDueAt, set at a time). */
async function syncCasesDueAt(trx: Conn, dialect: Dialect, workspaceId: string, caseIds: string[]) {
  const open = new Map<string, { status: string; dueAt: string; pausedAt: string | null }[]>();
  for (const id of caseIds) open.set(id, []);
  for (const p of await listOpenPromisesOfCases(trx, workspaceId, caseIds)) {
    open.get(p.case_id)?.push({ status: p.status, dueAt: p.due_at, pausedAt: p.paused_at });
  }
  await setCaseDueTimes(
    trx,
    dialect,
    workspaceId,
    [...open].map(([caseId, list]) => ({ caseId, dueAt: caseDueAt(list) })),
  );
}

/**
 * After a calendar or agreement changes, recomputes the open promises computed from the
 * affected agreements, in batches of short transactions (each with one audit entry when it moved
 * anything). Promises people entered (appointments, renegotiated times) are left alone.
 */
export async function recomputeOpenPromises(
  deps: Deps,
  actor: Actor,
  scope: RecomputeScope,
  /** Promises per transaction (tests cross batch boundaries with small ones). */
  batchSize = BATCH,
): Promise<RecomputeResult> {
  const agreements = await affectedAgreements(deps.db, actor.workspaceId, scope);
  const result: RecomputeResult = { checked: 0, moved: 0 };
  if (agreements.size === 0) return result;
  let afterId: string | undefined;
  for (;;) {
    // Each batch is read and written in one transaction, so a promise closed meanwhile is not moved.
    const events: CaseEvent[] = [];
    const count = await deps.db.transaction().execute(async (trx) => {
      const rows = await listOpenPromiseBatch(trx, actor.workspaceId, afterId, batchSize);
      afterId = rows.at(-1)?.id;
      result.moved += await recomputeBatch(trx, deps, actor, rows, agreements, scope, events);
      return rows.length;
    });
    // Each committed batch is announced; the events of a rolled-back batch never leave.
    publishCaseEvents(deps, events);
    result.checked += count;
    if (count < batchSize) break;
  }
  return result;
}
