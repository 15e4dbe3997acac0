import type { Actor } from "../auth/auth.rules.js";
import type { Calendar } from "../calendar/calendar.rules.js";
import type { CaseRow } from "../cases/cases.store.js";
import { updateCaseRow } from "../cases/cases.store.js";
import type { Conn } from "../db/database.js";
import type { Deps } from "../deps.js";
import type { Instant } from "../shared/clock.js";
import { cancelPromiseWork, schedulePromiseWork } from "./promises.duework.js";
import {
  basisFor,
  caseDueAt,
  dueFor,
  dueFromBasis,
  kindOfTarget,
  resumeBasis,
  type AgreementBasis,
  type PromiseBasis,
  type PromiseKind,
  type PromiseStatus,
  type PromiseTarget,
} from "./promises.rules.js";
import {
  closeIfOpen,
  insertPromise,
  listOpenCasePromiseRows,
  updatePromiseRow,
  type PromiseRow,
} from "./promises.store.js";
import type { PromiseTerms } from "./promises.terms.js";
import { conflict } from "../shared/errors.js";
import type { Priority } from "../cases/cases.rules.js";

/*
 * The writes every promise change is made of. Each joins the caller's transaction, keeps the
 * promise's due work in step (scheduled while open and unpaused, cancelled otherwise) and leaves
 * the audit and cases.due_at to the caller, which writes them once per change.
 */

type WriteDeps = Pick<Deps, "clock" | "newId">;

export const TARGET_DESCRIPTIONS: Record<PromiseTarget, string> = {
  first_reply: "First reply",
  next_reply: "Next reply",
  resolution: "Resolution",
  callback: "Callback",
};

export interface OpenPromiseInput {
  caseId: string;
  kind: PromiseKind;
  target: PromiseTarget | null;
  description: string;
  dueAt: Instant;
  basis: PromiseBasis;
  toldCustomer: boolean;
  at: Instant;
}

export async function openPromise(
  trx: Conn,
  deps: WriteDeps,
  actor: Pick<Actor, "workspaceId" | "staffId">,
  input: OpenPromiseInput,
): Promise<PromiseRow> {
  const row: PromiseRow = {
    id: deps.newId(),
    workspace_id: actor.workspaceId,
    case_id: input.caseId,
    kind: input.kind,
    target: input.target,
    description: input.description,
    due_at: input.dueAt,
    status: "open",
    basis: JSON.stringify(input.basis),
    paused_at: null,
    told_customer: input.toldCustomer ? 1 : 0,
    replaced_by_id: null,
    created_by_id: actor.staffId,
    created_at: input.at,
    updated_at: input.at,
    closed_at: null,
  };
  await insertPromise(trx, row);
  await schedulePromiseWork(trx, deps, row);
  return row;
}

/** Opens a target computed from the agreement, from `fromMs`; undefined without an agreement. */
export async function openTargetPromise(
  trx: Conn,
  deps: WriteDeps,
  actor: Pick<Actor, "workspaceId" | "staffId">,
  terms: PromiseTerms,
  c: Pick<CaseRow, "id" | "priority">,
  target: PromiseTarget,
  at: Instant,
): Promise<PromiseRow | undefined> {
  const agreement = terms.agreement;
  if (!agreement) return undefined;
  const input = {
    agreement,
    calendar: terms.calendar,
    calendarId: terms.calendarId,
    priority: c.priority as Priority,
    target,
    from: Date.parse(at),
  };
  return openPromise(trx, deps, actor, {
    caseId: c.id,
    kind: kindOfTarget(target),
    target,
    description: TARGET_DESCRIPTIONS[target],
    dueAt: new Date(dueFor(input)).toISOString(),
    basis: basisFor(input, at),
    toldCustomer: false,
    at,
  });
}

/** Moves an open promise to a final status (kept, renegotiated, broken, cancelled). */
export async function closePromise(
  trx: Conn,
  p: PromiseRow,
  status: Exclude<PromiseStatus, "open">,
  at: Instant,
  replacedById: string | null = null,
): Promise<PromiseRow> {
  const next: PromiseRow = {
    ...p,
    status,
    closed_at: at,
    updated_at: at,
    paused_at: null,
    replaced_by_id: replacedById,
  };
  const closed = await closeIfOpen(trx, p.workspace_id, p.id, {
    status,
    closed_at: at,
    updated_at: at,
    paused_at: null,
    replaced_by_id: replacedById,
  });
  // A reply and a breach job (or two people) may race to close one promise: only one wins.
  if (!closed) throw conflict("The promise is no longer open.", { promiseId: p.id });
  await cancelPromiseWork(trx, p.workspace_id, p.id);
  return next;
}

export function basisOf(p: Pick<PromiseRow, "basis">): PromiseBasis {
  return JSON.parse(p.basis) as PromiseBasis;
}

/** Computed reply targets pause; promises a person entered keep their time. */
export function isPausable(p: PromiseRow): boolean {
  return (
    p.status === "open" &&
    p.paused_at === null &&
    (p.target === "first_reply" || p.target === "next_reply") &&
    basisOf(p).source === "agreement"
  );
}

export async function pausePromise(trx: Conn, p: PromiseRow, at: Instant): Promise<void> {
  await updatePromiseRow(trx, p.workspace_id, p.id, { paused_at: at, updated_at: at });
  await cancelPromiseWork(trx, p.workspace_id, p.id);
}

/** Resumes a paused target: its due time moves by the working time spent paused. */
export async function resumePromise(
  trx: Conn,
  deps: WriteDeps,
  p: PromiseRow,
  calendar: Calendar | null,
  at: Instant,
): Promise<PromiseRow> {
  const basis = basisOf(p);
  if (p.paused_at === null || basis.source !== "agreement") return p;
  const resumed: AgreementBasis = resumeBasis(basis, calendar, Date.parse(p.paused_at), Date.parse(at));
  const dueAt = new Date(dueFromBasis(resumed, calendar, Date.parse(resumed.startedAt))).toISOString();
  const next: PromiseRow = {
    ...p,
    paused_at: null,
    basis: JSON.stringify(resumed),
    due_at: dueAt,
    updated_at: at,
  };
  await updatePromiseRow(trx, p.workspace_id, p.id, {
    paused_at: null,
    basis: next.basis,
    due_at: dueAt,
    updated_at: at,
  });
  await schedulePromiseWork(trx, deps, next);
  return next;
}

/** Moves an open promise to a new due time and basis, rescheduling its due work. */
export async function movePromise(
  trx: Conn,
  deps: WriteDeps,
  p: PromiseRow,
  basis: PromiseBasis,
  dueAt: Instant,
  at: Instant,
): Promise<PromiseRow> {
  const next: PromiseRow = { ...p, basis: JSON.stringify(basis), due_at: dueAt, updated_at: at };
  await updatePromiseRow(trx, p.workspace_id, p.id, { basis: next.basis, due_at: dueAt, updated_at: at });
  await cancelPromiseWork(trx, p.workspace_id, p.id);
  await schedulePromiseWork(trx, deps, next);
  return next;
}

/** Writes cases.due_at = the earliest open, unpaused promise (NEVER when none); returns it. */
export async function syncCaseDueAt(trx: Conn, workspaceId: string, caseId: string): Promise<Instant> {
  const open = await listOpenCasePromiseRows(trx, workspaceId, caseId);
  const dueAt = caseDueAt(open.map((p) => ({ status: p.status, dueAt: p.due_at, pausedAt: p.paused_at })));
  await updateCaseRow(trx, workspaceId, caseId, { due_at: dueAt });
  return dueAt;
}
