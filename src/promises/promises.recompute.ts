import { listAgreementRows, type AgreementRow } from "../agreements/agreements.store.js";
import { recordAudit } from "../audit/audit.service.js";
import type { Actor } from "../auth/auth.rules.js";
import type { Calendar } from "../calendar/calendar.rules.js";
import { loadCalendar } from "../calendars/calendars.cache.js";
import { findPromiseSettings } from "../calendars/calendars.store.js";
import type { Conn } from "../db/database.js";
import type { Deps } from "../deps.js";
import { toInstant } from "../shared/clock.js";
import { dueFromBasis, targetMinutes, type AgreementBasis } from "./promises.rules.js";
import { findPromise, listOpenPromiseBatch, updatePromiseRow, type PromiseRow } from "./promises.store.js";
import { coverageCalendarId, termsOf } from "./promises.terms.js";
import { basisOf, movePromise, syncCaseDueAt } from "./promises.writes.js";
import { lockCase } from "../cases/cases.store.js";
import { caseEvent, publishCaseEvents, type CaseRef } from "../events/events.publish.js";
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

async function recomputeBatch(
  trx: Conn,
  deps: Deps,
  actor: Actor,
  rows: PromiseRow[],
  agreements: Map<string, Current>,
  scope: RecomputeScope,
  events: CaseEvent[],
): Promise<number> {
  const at = toInstant(deps.clock.now());
  const moved: { promiseId: string; from: string; to: string }[] = [];
  const cases = new Set<string>();
  const locked = new Map<string, CaseRef>();
  // Lock the batch's cases first, in one order, like every other writer of promises.
  for (const caseId of [...new Set(rows.map((r) => r.case_id))].sort()) {
    const c = await lockCase(trx, deps.dialect, actor.workspaceId, caseId);
    if (c) locked.set(caseId, c);
  }
  for (const read of rows) {
    // Re-read under the case lock: a promise kept or moved since the batch was listed is left be.
    const p = await findPromise(trx, actor.workspaceId, read.id);
    if (!p || p.status !== "open" || p.due_at !== read.due_at) continue;
    const basis = basisOf(p);
    if (basis.source !== "agreement") continue;
    const current = agreements.get(basis.agreementId);
    if (!current) continue;
    const next = currentBasis(basis, current);
    const dueAt = new Date(dueFromBasis(next, current.calendar, Date.parse(next.startedAt))).toISOString();
    if (dueAt === p.due_at && JSON.stringify(next) === p.basis) continue;
    if (p.paused_at !== null) {
      // Paused: no due work to move; the new time applies when it resumes.
      await updatePromiseRow(trx, p.workspace_id, p.id, {
        basis: JSON.stringify(next),
        due_at: dueAt,
        updated_at: at,
      });
    } else {
      await movePromise(trx, deps, p, next, dueAt, at);
    }
    if (dueAt !== p.due_at) moved.push({ promiseId: p.id, from: p.due_at, to: dueAt });
    cases.add(p.case_id);
  }
  for (const caseId of cases) {
    await syncCaseDueAt(trx, actor.workspaceId, caseId);
    const c = locked.get(caseId);
    if (c) events.push(caseEvent(c, "promise.moved", actor, at));
  }
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
 * After a calendar or agreement changes, recomputes the open promises computed from the
 * affected agreements, in batches of short transactions (each with one audit entry when it moved
 * anything). Promises people entered (appointments, renegotiated times) are left alone.
 */
export async function recomputeOpenPromises(
  deps: Deps,
  actor: Actor,
  scope: RecomputeScope,
): Promise<RecomputeResult> {
  const agreements = await affectedAgreements(deps.db, actor.workspaceId, scope);
  const result: RecomputeResult = { checked: 0, moved: 0 };
  if (agreements.size === 0) return result;
  let afterId: string | undefined;
  for (;;) {
    // Each batch is read and written in one transaction, so a promise closed meanwhile is not moved.
    const events: CaseEvent[] = [];
    const count = await deps.db.transaction().execute(async (trx) => {
      const rows = await listOpenPromiseBatch(trx, actor.workspaceId, afterId, BATCH);
      afterId = rows.at(-1)?.id;
      result.moved += await recomputeBatch(trx, deps, actor, rows, agreements, scope, events);
      return rows.length;
    });
    // Each committed batch is announced; the events of a rolled-back batch never leave.
    publishCaseEvents(deps, events);
    result.checked += count;
    if (count < BATCH) break;
  }
  return result;
}
