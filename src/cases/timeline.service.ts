import { recordAudit, type AuditActor } from "../audit/audit.service.js";
import type { Actor } from "../auth/auth.rules.js";
import { requirePermission } from "../auth/permissions.js";
import type { Deps } from "../deps.js";
import { toInstant } from "../shared/clock.js";
import { invalid, notFound } from "../shared/errors.js";
import {
  promisesAfterAttempt,
  promisesAfterEntry,
  promisesAfterStatusChange,
} from "../promises/promises.hooks.js";
import { decodeCursor, encodeCursor, type Page } from "../shared/pagination.js";
import { caseEvent, publishCaseEvents } from "../events/events.publish.js";
import { mailAfterEntry } from "../email/email.reply.js";
import { presentAttempt, presentEntry, type AttemptView, type EntryView } from "./cases.present.js";
import {
  isOpenStatus,
  statusAfterEntry,
  type CaseStatus,
  type Channel,
  type Direction,
  type EntryKind,
} from "./cases.rules.js";
import type { Conn } from "../db/database.js";
import {
  existsInWorkspace,
  findCase,
  lockCase,
  insertAttempt,
  insertEntry,
  insertEventEntry,
  listAttempts,
  listEntries,
  updateCaseRow,
  upsertSearchDoc,
  type CaseRow,
  type EntryRow,
} from "./cases.store.js";

export interface AddEntryInput {
  kind: Exclude<EntryKind, "event">;
  body: string;
  /** Messages and calls have a direction; notes and walk-ins do not. */
  direction?: Direction;
  channel?: Channel;
  /** For calls: seconds until answered (S9 counts those within 15 s) and the call's length. */
  answerSeconds?: number;
  durationSeconds?: number;
}

const DEFAULT_CHANNEL: Record<AddEntryInput["kind"], Channel | null> = {
  message: "email",
  note: null,
  call: "phone",
  walk_in: "walk_in",
};

function checkEntry(input: AddEntryInput): void {
  const needsDirection = input.kind === "message" || input.kind === "call";
  if (needsDirection && !input.direction)
    throw invalid(`A ${input.kind} needs a direction (in or out).`, { field: "direction" });
  if (!needsDirection && input.direction)
    throw invalid(`A ${input.kind} has no direction.`, { field: "direction" });
  const callOnly = input.answerSeconds !== undefined || input.durationSeconds !== undefined;
  if (callOnly && input.kind !== "call")
    throw invalid("answerSeconds and durationSeconds are for calls.", { field: "kind" });
}

/** Adds a message, note, call log or walk-in note; a customer's message may wake the case. */
export async function addEntry(
  deps: Deps,
  actor: Actor,
  caseId: string,
  input: AddEntryInput,
): Promise<EntryView> {
  requirePermission(actor, "cases:write");
  checkEntry(input);
  const at = toInstant(deps.clock.now());
  const added = await deps.db.transaction().execute(async (trx) => {
    const c = await lockCase(trx, deps.dialect, actor.workspaceId, caseId);
    if (!c) throw notFound("case");
    const row = {
      id: deps.newId(),
      workspace_id: actor.workspaceId,
      case_id: caseId,
      kind: input.kind,
      direction: input.direction ?? null,
      channel: input.channel ?? DEFAULT_CHANNEL[input.kind],
      body: input.body,
      // Inbound words are the customer's, even when staff type them in.
      author_staff_id: input.direction === "in" ? null : actor.staffId,
      author_customer_id: input.direction === "in" ? c.customer_id : null,
      call_answer_seconds: input.answerSeconds ?? null,
      call_duration_seconds: input.durationSeconds ?? null,
      data: JSON.stringify(input.direction === "in" ? { recordedBy: actor.staffId } : {}),
      created_at: at,
    };
    // A reply on the email channel is queued as mail in this transaction (src/email/email.reply.ts).
    row.data = (await mailAfterEntry(trx, deps, actor, c, row)) ?? row.data;
    await recordEntry(trx, deps, actor, c, row, at);
    return { entry: presentEntry(row), c };
  });
  publishCaseEvents(deps, caseEvent(added.c, "case.entry-added", actor, at));
  return added.entry;
}

/**
 * Records a timeline entry on a case the caller has locked, in the caller's transaction: the row,
 * its search text, the status it leads to (a customer's message wakes a waiting or solved case),
 * the audit entry and what it does to promises. Staff entries and the portal's customer replies
 * both go through here, so a reply behaves the same whichever door it came in by.
 */
export async function recordEntry(
  trx: Conn,
  deps: Deps,
  actor: AuditActor,
  c: CaseRow,
  row: EntryRow,
  at: string,
): Promise<CaseStatus> {
  const caseId = c.id;
  const kind = row.kind as AddEntryInput["kind"];
  const direction = row.direction as Direction | null;
  await insertEntry(trx, row);
  await upsertSearchDoc(trx, deps.dialect, {
    sourceId: row.id,
    workspaceId: c.workspace_id,
    caseId,
    body: row.body,
  });
  const status = statusAfterEntry(c.status as CaseStatus, kind, direction);
  await updateCaseRow(trx, c.workspace_id, caseId, {
    updated_at: at,
    ...(status !== c.status && { status, is_open: isOpenStatus(status) ? 1 : 0, solved_at: null }),
  });
  if (status !== c.status) {
    // The same event a hand-made status change writes, so the timeline shows why it reopened.
    await insertEventEntry(trx, {
      id: deps.newId(),
      workspaceId: c.workspace_id,
      caseId,
      body: "status changed",
      data: { field: "status", from: c.status, to: status, because: row.id },
      authorStaffId: null,
      at,
    });
  }
  await recordAudit(trx, deps, actor, {
    action: "case.entry-added",
    subjectKind: "case",
    subjectId: caseId,
    data: {
      entryId: row.id,
      kind,
      direction: row.direction,
      ...(status !== c.status && { status }),
    },
  });
  if (status !== c.status)
    await promisesAfterStatusChange(trx, deps, actor, c, c.status as CaseStatus, status, at);
  await promisesAfterEntry(trx, deps, actor, c, { kind, direction, statusAfter: status }, at);
  return status;
}

export async function listTimeline(
  deps: Deps,
  actor: Actor,
  caseId: string,
  opts: { cursor?: string | undefined; limit: number },
): Promise<Page<EntryView>> {
  requirePermission(actor, "cases:read");
  if (!(await findCase(deps.db, actor.workspaceId, caseId))) throw notFound("case");
  const afterId = opts.cursor ? decodeCursor(opts.cursor, ["id"])[0] : undefined;
  const rows = await listEntries(deps.db, actor.workspaceId, caseId, { afterId, limit: opts.limit + 1 });
  const items = rows.slice(0, opts.limit).map(presentEntry);
  const last = rows.length > opts.limit ? items.at(-1) : undefined;
  return { items, nextCursor: last ? encodeCursor([last.id]) : null };
}

export interface AddAttemptInput {
  channel: Channel;
  /** The line tried, e.g. "front desk" or a number; or name the person tried with staffId. */
  line?: string | null;
  staffId?: string | null;
  answered: boolean;
  note?: string;
  /** When the customer tried; defaults to now. Attempts are often logged after the fact. */
  attemptedAt?: string;
}

/** Records one try by the customer to reach us; several tries about one need stay one case. */
export async function addContactAttempt(
  deps: Deps,
  actor: Actor,
  caseId: string,
  input: AddAttemptInput,
): Promise<AttemptView> {
  requirePermission(actor, "cases:write");
  if (!input.line && !input.staffId)
    throw invalid("Name the line or the staff member that was tried.", { field: "line" });
  const now = deps.clock.now();
  const attemptedAt = input.attemptedAt ? new Date(input.attemptedAt) : now;
  if (Number.isNaN(attemptedAt.getTime()))
    throw invalid("attemptedAt is not an instant.", { field: "attemptedAt" });
  if (attemptedAt.getTime() > now.getTime())
    throw invalid("attemptedAt is in the future.", { field: "attemptedAt" });
  const added = await deps.db.transaction().execute(async (trx) => {
    const c = await lockCase(trx, deps.dialect, actor.workspaceId, caseId);
    if (!c) throw notFound("case");
    if (input.staffId && !(await existsInWorkspace(trx, "staff", actor.workspaceId, input.staffId))) {
      throw invalid("staffId does not name a staff member of this workspace.", { field: "staffId" });
    }
    const row = {
      id: deps.newId(),
      workspace_id: actor.workspaceId,
      case_id: caseId,
      channel: input.channel,
      line: input.line ?? null,
      staff_id: input.staffId ?? null,
      answered: input.answered ? (1 as const) : (0 as const),
      note: input.note ?? "",
      attempted_at: toInstant(attemptedAt),
      created_at: toInstant(now),
    };
    await insertAttempt(trx, row);
    await updateCaseRow(trx, actor.workspaceId, caseId, { updated_at: toInstant(now) });
    await recordAudit(trx, deps, actor, {
      action: "case.attempt-added",
      subjectKind: "case",
      subjectId: caseId,
      data: { attemptId: row.id, channel: row.channel, answered: input.answered },
    });
    const attempts = await listAttempts(trx, actor.workspaceId, caseId);
    await promisesAfterAttempt(trx, deps, actor, c, row, attempts, toInstant(now));
    return { attempt: presentAttempt(row), c };
  });
  publishCaseEvents(deps, caseEvent(added.c, "case.attempt-added", actor, toInstant(now)));
  return added.attempt;
}

export async function listContactAttempts(deps: Deps, actor: Actor, caseId: string): Promise<AttemptView[]> {
  requirePermission(actor, "cases:read");
  if (!(await findCase(deps.db, actor.workspaceId, caseId))) throw notFound("case");
  return (await listAttempts(deps.db, actor.workspaceId, caseId)).map(presentAttempt);
}
