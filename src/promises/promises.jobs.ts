import { recordAudit } from "../audit/audit.service.js";
import { systemActor } from "../auth/auth.rules.js";
import { findPromiseSettings } from "../calendars/calendars.store.js";
import { insertEntry, lockCase } from "../cases/cases.store.js";
import type { Conn } from "../db/database.js";
import type { Deps } from "../deps.js";
import type { DueWork, DueWorkHandler } from "../duework/duework.service.js";
import { toInstant } from "../shared/clock.js";
import { BREACH_KIND, WARNING_KIND, type PromiseWorkPayload } from "./promises.duework.js";
import { customerWording, type PromiseKind, type PromiseTarget } from "./promises.rules.js";
import { findPromise, hasPromiseEvent, type PromiseRow } from "./promises.store.js";
import { closePromise, syncCaseDueAt } from "./promises.writes.js";
import { caseEvent, publishCaseEvents, type CaseRef } from "../events/events.publish.js";
import { escalateOnPromise } from "../escalations/escalations.service.js";

/*
 * The due work of promises. Both jobs re-read the promise and act only if it is still open,
 * unpaused and due at the time the work was scheduled for, so a job that runs twice, late, or
 * after the promise moved does nothing the second time.
 */

function payloadOf(work: DueWork): PromiseWorkPayload | undefined {
  const p = work.payload as Partial<PromiseWorkPayload> | null;
  return p && typeof p.promiseId === "string" && typeof p.dueAt === "string"
    ? { promiseId: p.promiseId, dueAt: p.dueAt }
    : undefined;
}

/**
 * The promise when it is still open at the due time this work was made for. Locks its case
 * first (lock order case → promise → workspace, as every writer of a case's promises does),
 * then re-reads the promise under that lock.
 */
async function stillDue(
  conn: Conn,
  deps: Deps,
  work: DueWork,
): Promise<{ p: PromiseRow; c: CaseRef } | undefined> {
  const payload = payloadOf(work);
  if (!payload) return undefined;
  const first = await findPromise(conn, work.workspaceId, payload.promiseId);
  if (!first) return undefined;
  const c = await lockCase(conn, deps.dialect, work.workspaceId, first.case_id);
  const p = await findPromise(conn, work.workspaceId, payload.promiseId);
  if (!c || !p || p.status !== "open" || p.paused_at !== null || p.due_at !== payload.dueAt) return undefined;
  return { p, c };
}

async function addEvent(
  trx: Conn,
  deps: Deps,
  p: PromiseRow,
  body: string,
  data: Record<string, unknown>,
): Promise<void> {
  const at = toInstant(deps.clock.now());
  await insertEntry(trx, {
    id: deps.newId(),
    workspace_id: p.workspace_id,
    case_id: p.case_id,
    kind: "event",
    direction: null,
    channel: null,
    body,
    author_staff_id: null,
    author_customer_id: null,
    call_answer_seconds: null,
    call_duration_seconds: null,
    data: JSON.stringify({ ...data, promiseId: p.id, dueAt: p.due_at }),
    created_at: at,
  });
}

async function wordingOf(conn: Conn, p: PromiseRow): Promise<string> {
  const { time_zone } = await findPromiseSettings(conn, p.workspace_id);
  return customerWording(p.due_at, time_zone, p.kind as PromiseKind, p.target as PromiseTarget | null);
}

/** "Promise at risk": an event on the case, once per promise and due time. */
export const promiseWarningJob: DueWorkHandler = async (deps, work) => {
  const warned = await deps.db.transaction().execute(async (trx) => {
    const due = await stillDue(trx, deps, work);
    if (!due) return undefined;
    const { p } = due;
    const eventKey = `${WARNING_KIND}:${p.id}:${p.due_at}`;
    if (await hasPromiseEvent(trx, p.workspace_id, p.case_id, eventKey)) return undefined;
    const wording = await wordingOf(trx, p);
    await addEvent(trx, deps, p, `Promise at risk: ${p.description} (${wording})`, {
      event: "promise.at-risk",
      eventKey,
    });
    await recordAudit(trx, deps, systemActor(p.workspace_id), {
      action: "promise.at-risk",
      subjectKind: "promise",
      subjectId: p.id,
      data: { caseId: p.case_id, dueAt: p.due_at },
    });
    return { c: due.c, p, eventKey };
  });
  if (warned) {
    publishCaseEvents(
      deps,
      caseEvent(warned.c, "promise.at-risk", { staffId: null }, toInstant(deps.clock.now())),
    );
    await escalateAfterPromiseJob(deps, warned.p, "at-risk", warned.eventKey);
  }
};

/** A promise at risk or broken escalates its case up the chain (src/escalations), after the job committed. */
async function escalateAfterPromiseJob(
  deps: Deps,
  p: PromiseRow,
  why: "at-risk" | "broken",
  eventKey: string,
): Promise<void> {
  try {
    await escalateOnPromise(deps, {
      workspaceId: p.workspace_id,
      caseId: p.case_id,
      why,
      description: p.description,
      eventKey,
    });
  } catch (error) {
    // The warning or breach is recorded; a failed escalation must not make the job run again.
    console.error("promise escalation failed:", error);
  }
}

/** At the due time an open promise is broken: recorded on the case and in the audit trail. */
export const promiseBreachJob: DueWorkHandler = async (deps, work) => {
  const broken = await deps.db.transaction().execute(async (trx) => {
    const due = await stillDue(trx, deps, work);
    const now = toInstant(deps.clock.now());
    if (!due || due.p.due_at > now) return undefined;
    const { p } = due;
    await closePromise(trx, p, "broken", now);
    const wording = await wordingOf(trx, p);
    const eventKey = `${BREACH_KIND}:${p.id}:${p.due_at}`;
    await addEvent(trx, deps, p, `Promise broken: ${p.description} (${wording})`, {
      event: "promise.broken",
      eventKey,
    });
    const caseDueAt = await syncCaseDueAt(trx, p.workspace_id, p.case_id);
    await recordAudit(trx, deps, systemActor(p.workspace_id), {
      action: "promise.broken",
      subjectKind: "promise",
      subjectId: p.id,
      data: { caseId: p.case_id, dueAt: p.due_at, caseDueAt },
    });
    return { c: due.c, p, eventKey };
  });
  if (broken) {
    publishCaseEvents(
      deps,
      caseEvent(broken.c, "promise.broken", { staffId: null }, toInstant(deps.clock.now())),
    );
    await escalateAfterPromiseJob(deps, broken.p, "broken", broken.eventKey);
  }
};

/** The handlers to give the due-work runner. */
export const PROMISE_JOB_HANDLERS: Readonly<Record<string, DueWorkHandler>> = {
  [WARNING_KIND]: promiseWarningJob,
  [BREACH_KIND]: promiseBreachJob,
};
