import { recordAudit, type AuditActor } from "../audit/audit.service.js";
import type { CaseStatus, Direction, EntryKind } from "../cases/cases.rules.js";
import type { AttemptRow, CaseRow } from "../cases/cases.store.js";
import type { Conn } from "../db/database.js";
import type { Deps } from "../deps.js";
import type { Instant } from "../shared/clock.js";
import { callbackDue, isReplyTarget, type WorkspaceCallbackBasis } from "./promises.rules.js";
import { listCasePromiseRows, listOpenCasePromiseRows, type PromiseRow } from "./promises.store.js";
import { loadPromiseTerms } from "./promises.terms.js";
import {
  closePromise,
  isPausable,
  openPromise,
  openTargetPromise,
  pausePromise,
  resumePromise,
  syncCaseDueAt,
  TARGET_DESCRIPTIONS,
} from "./promises.writes.js";

/*
 * What case events do to promises, called by the case services inside their transactions after
 * the case row is written. Each call writes at most one audit entry, listing what changed, and
 * sets cases.due_at to the earliest open promise, which each returns.
 */

type HookDeps = Pick<Deps, "dialect" | "clock" | "newId">;
/** Staff, the system, or a customer writing in the portal. */
type HookActor = AuditActor;

interface Change {
  promiseId: string;
  action: "opened" | "kept" | "cancelled" | "paused" | "resumed";
  dueAt: Instant;
  target: string | null;
}

async function finish(
  trx: Conn,
  deps: HookDeps,
  actor: HookActor,
  caseId: string,
  reason: string,
  changes: Change[],
  caseDueAt: Instant,
): Promise<Instant> {
  if (changes.length === 0) return caseDueAt;
  const dueAt = await syncCaseDueAt(trx, actor.workspaceId, caseId);
  await recordAudit(trx, deps, actor, {
    action: "case.promises-changed",
    subjectKind: "case",
    subjectId: caseId,
    data: { reason, changes, caseDueAt: dueAt },
  });
  return dueAt;
}

const change = (p: PromiseRow, action: Change["action"]): Change => ({
  promiseId: p.id,
  action,
  dueAt: p.due_at,
  target: p.target,
});

/** A new case: a first reply and a resolution promise from the applicable agreement. */
export async function promisesAfterCaseCreated(
  trx: Conn,
  deps: HookDeps,
  actor: HookActor,
  c: CaseRow,
): Promise<Instant> {
  const terms = await loadPromiseTerms(trx, actor.workspaceId, c.client_id);
  const changes: Change[] = [];
  for (const target of ["first_reply", "resolution"] as const) {
    const p = await openTargetPromise(trx, deps, actor, terms, c, target, c.created_at);
    if (p) changes.push(change(p, "opened"));
  }
  return finish(trx, deps, actor, c.id, "case created", changes, c.due_at);
}

async function resumeAll(
  trx: Conn,
  deps: HookDeps,
  actor: HookActor,
  c: CaseRow,
  open: PromiseRow[],
  at: Instant,
): Promise<Change[]> {
  const paused = open.filter((p) => p.paused_at !== null);
  if (paused.length === 0) return [];
  const terms = await loadPromiseTerms(trx, actor.workspaceId, c.client_id);
  const changes: Change[] = [];
  for (const p of paused)
    changes.push(change(await resumePromise(trx, deps, p, terms.calendar, at), "resumed"));
  return changes;
}

/**
 * A status change: waiting on the customer pauses reply targets and leaving it resumes them;
 * solving or closing keeps the resolution promise and cancels open reply promises.
 */
export async function promisesAfterStatusChange(
  trx: Conn,
  deps: HookDeps,
  actor: HookActor,
  c: CaseRow,
  from: CaseStatus,
  to: CaseStatus,
  at: Instant,
): Promise<Instant> {
  if (from === to) return c.due_at;
  const open = await listOpenCasePromiseRows(trx, actor.workspaceId, c.id);
  const changes: Change[] = [];
  if (to === "solved" || to === "closed") {
    for (const p of open) {
      if (p.target === "resolution") changes.push(change(await closePromise(trx, p, "kept", at), "kept"));
      else if (isReplyTarget(p.target))
        changes.push(change(await closePromise(trx, p, "cancelled", at), "cancelled"));
    }
  } else if (to === "waiting_on_customer") {
    for (const p of open.filter(isPausable)) {
      await pausePromise(trx, p, at);
      changes.push(change(p, "paused"));
    }
  } else if (from === "waiting_on_customer") {
    changes.push(...(await resumeAll(trx, deps, actor, c, open, at)));
  }
  return finish(trx, deps, actor, c.id, `status ${from} → ${to}`, changes, c.due_at);
}

/**
 * A timeline entry: our reply (message or call out) keeps the open reply promises; a customer's
 * message resumes paused targets (the status hook does that when it also changed the status) and
 * opens a next reply promise when none is open.
 */
export async function promisesAfterEntry(
  trx: Conn,
  deps: HookDeps,
  actor: HookActor,
  c: CaseRow,
  entry: { kind: EntryKind; direction: Direction | null; statusAfter: CaseStatus },
  at: Instant,
): Promise<Instant> {
  const isReply = (entry.kind === "message" || entry.kind === "call") && entry.direction === "out";
  const isCustomerMessage = entry.kind === "message" && entry.direction === "in";
  if (!isReply && !isCustomerMessage) return c.due_at;
  const open = await listOpenCasePromiseRows(trx, actor.workspaceId, c.id);
  const changes: Change[] = [];
  if (isReply) {
    for (const p of open.filter((x) => isReplyTarget(x.target)))
      changes.push(change(await closePromise(trx, p, "kept", at), "kept"));
  } else if (entry.statusAfter !== "solved" && entry.statusAfter !== "closed") {
    changes.push(...(await resumeAll(trx, deps, actor, c, open, at)));
    if (!open.some((p) => isReplyTarget(p.target))) {
      const terms = await loadPromiseTerms(trx, actor.workspaceId, c.client_id);
      const p = await openTargetPromise(trx, deps, actor, terms, c, "next_reply", at);
      if (p) changes.push(change(p, "opened"));
    }
  }
  return finish(trx, deps, actor, c.id, isReply ? "reply sent" : "customer wrote", changes, c.due_at);
}

/**
 * A contact attempt that reached nobody: one callback promise per burst of attempts, due the
 * workspace's callback minutes (real time) after the first of them (S6: 14:00, 14:05, 14:10 →
 * one promise due 14:30). Attempts never change the priority.
 */
export async function promisesAfterAttempt(
  trx: Conn,
  deps: HookDeps,
  actor: HookActor,
  c: CaseRow,
  attempt: AttemptRow,
  attempts: readonly AttemptRow[],
  at: Instant,
): Promise<Instant> {
  if (attempt.answered === 1) return c.due_at;
  const all = await listCasePromiseRows(trx, actor.workspaceId, c.id);
  const callbacks = all.filter((p) => p.kind === "callback_by");
  if (callbacks.some((p) => p.status === "open")) return c.due_at;
  const terms = await loadPromiseTerms(trx, actor.workspaceId, c.client_id);
  if (terms.callbackMinutes === null) return c.due_at;
  // Attempts after the last callback promise closed start a new burst.
  const since = callbacks.reduce(
    (latest, p) => (p.closed_at && p.closed_at > latest ? p.closed_at : latest),
    "",
  );
  const burst = attempts.filter((a) => a.answered === 0 && a.attempted_at >= since);
  const due = callbackDue(
    burst.map((a) => Date.parse(a.attempted_at)),
    terms.callbackMinutes,
  );
  if (due === undefined) return c.due_at;
  const first = new Date(Math.min(...burst.map((a) => Date.parse(a.attempted_at)))).toISOString();
  const basis: WorkspaceCallbackBasis = {
    source: "workspace",
    minutes: terms.callbackMinutes,
    startedAt: first,
  };
  const p = await openPromise(trx, deps, actor, {
    caseId: c.id,
    kind: "callback_by",
    target: "callback",
    description: TARGET_DESCRIPTIONS.callback,
    dueAt: new Date(due).toISOString(),
    basis,
    toldCustomer: false,
    at,
  });
  return finish(trx, deps, actor, c.id, "contact attempt", [change(p, "opened")], c.due_at);
}
