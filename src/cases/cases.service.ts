import { recordAudit, type AuditActor } from "../audit/audit.service.js";
import type { Actor } from "../auth/auth.rules.js";
import { requirePermission } from "../auth/permissions.js";
import type { Conn } from "../db/database.js";
import type { Deps } from "../deps.js";
import { NEVER, toInstant } from "../shared/clock.js";
import { AppError, invalid, notFound } from "../shared/errors.js";
import { decodeCursor, encodeCursor, type Page } from "../shared/pagination.js";
import { takeCaseNumber } from "../workspaces/workspaces.store.js";
import { promisesAfterCaseCreated, promisesAfterStatusChange } from "../promises/promises.hooks.js";
import { caseEvent, publishCaseEvents } from "../events/events.publish.js";
import { presentCase, type CaseView } from "./cases.present.js";
import { presentCaseHandover } from "../handoffs/handoffs.present.js";
import { pendingHandoffsOf } from "../handoffs/handoffs.store.js";
import {
  canMoveTo,
  isOpenStatus,
  needsPriorityReason,
  normaliseTags,
  searchTerms,
  type CaseStatus,
  type Channel,
  type Priority,
  type PriorityReason,
} from "./cases.rules.js";
import {
  existsInWorkspace,
  findCase,
  findCaseByNumber,
  findCasesByIds,
  lockCase,
  insertCase,
  insertEntry,
  insertEventEntry,
  listCases,
  replaceTags,
  searchCaseIds,
  tagsOf,
  updateCaseRow,
  upsertSearchDoc,
  type CaseFilter,
  type CaseRow,
  type CaseSort,
} from "./cases.store.js";

export interface CreateCaseInput {
  subject: string;
  channel: Channel;
  customerId?: string | null;
  /** Defaults to the customer's client. */
  clientId?: string | null;
  assigneeId?: string | null;
  teamId?: string | null;
  priority?: Priority;
  priorityReason?: PriorityReason | null;
  tags?: string[];
  /** The customer's first words, recorded as the first timeline entry. */
  description?: string;
}

export interface UpdateCaseInput {
  subject?: string;
  status?: CaseStatus;
  priority?: Priority;
  priorityReason?: PriorityReason | null;
  assigneeId?: string | null;
  teamId?: string | null;
  customerId?: string | null;
  clientId?: string | null;
  tags?: string[];
}

type RefField = "customerId" | "clientId" | "assigneeId" | "teamId";
const REF_TABLES = {
  customerId: "customers",
  clientId: "clients",
  assigneeId: "staff",
  teamId: "teams",
} as const;

/** Rejects references to rows of other workspaces exactly as unknown ones: `invalid`, naming the field. */
async function checkRefs(
  conn: Conn,
  workspaceId: string,
  input: Partial<Record<RefField, string | null | undefined>>,
) {
  for (const field of Object.keys(REF_TABLES) as RefField[]) {
    const id = input[field];
    if (id && !(await existsInWorkspace(conn, REF_TABLES[field], workspaceId, id))) {
      throw invalid(`${field} does not name a ${REF_TABLES[field].replace(/s$/, "")} of this workspace.`, {
        field,
      });
    }
  }
}

async function clientOfCustomer(conn: Conn, workspaceId: string, customerId: string): Promise<string | null> {
  const row = await conn
    .selectFrom("customers")
    .select("client_id")
    .where("workspace_id", "=", workspaceId)
    .where("id", "=", customerId)
    .executeTakeFirst();
  return row?.client_id ?? null;
}

function checkPriority(priority: Priority, reason: PriorityReason | null | undefined): void {
  if (needsPriorityReason(priority) && !reason) {
    throw invalid(`Priority "${priority}" needs a reason from the fixed list.`, { field: "priorityReason" });
  }
}

async function viewOf(conn: Conn, row: CaseRow): Promise<CaseView> {
  const tags = await tagsOf(conn, row.workspace_id, [row.id]);
  const handovers = await pendingHandoffsOf(conn, row.workspace_id, [row.id]);
  return presentCase(row, tags.get(row.id) ?? [], presentCaseHandover(handovers.get(row.id)));
}

export async function createCase(deps: Deps, actor: Actor, input: CreateCaseInput): Promise<CaseView> {
  requirePermission(actor, "cases:write");
  const priority = input.priority ?? "normal";
  checkPriority(priority, input.priorityReason);
  const at = toInstant(deps.clock.now());
  const id = deps.newId();
  const tags = normaliseTags(input.tags ?? []);
  await checkRefs(deps.db, actor.workspaceId, input);
  // On PostgreSQL the number is taken in its own short statement, not inside the transaction
  // below: holding the workspace row lock through every insert serialised all creates of a
  // workspace (bench: ~10 round trips under the lock). Like a sequence, a failed create leaves a
  // gap. SQLite writers are serial anyway, so there it joins the transaction and saves a commit
  // (the commit was the largest cost of a create in a statement profile).
  const early = deps.dialect === "postgres" ? await takeCaseNumber(deps.db, actor.workspaceId) : undefined;
  const view = await deps.db.transaction().execute(async (trx) => {
    const number = early ?? (await takeCaseNumber(trx, actor.workspaceId));
    const clientId =
      input.clientId !== undefined
        ? input.clientId
        : input.customerId
          ? await clientOfCustomer(trx, actor.workspaceId, input.customerId)
          : null;
    const row: CaseRow = {
      id,
      workspace_id: actor.workspaceId,
      number,
      subject: input.subject,
      status: "new",
      is_open: 1,
      priority,
      priority_reason: priority === "normal" ? null : (input.priorityReason ?? null),
      channel: input.channel,
      assignee_id: input.assigneeId ?? null,
      team_id: input.teamId ?? null,
      client_id: clientId,
      customer_id: input.customerId ?? null,
      due_at: NEVER,
      created_by_id: actor.staffId,
      created_at: at,
      updated_at: at,
      solved_at: null,
      closed_at: null,
    };
    row.due_at = await writeNewCase(trx, deps, actor, row, {
      tags,
      description: input.description,
      descriptionData: { recordedBy: actor.staffId },
    });
    return presentCase(row, tags);
  });
  publishCaseEvents(
    deps,
    caseEvent({ workspace_id: actor.workspaceId, id, number: view.number }, "case.created", actor, at),
  );
  return view;
}

/**
 * Writes a new case in the caller's transaction: the row, tags, search text, the customer's first
 * words as an inbound message, the audit entry and the agreement's promises — the one path every
 * new case takes (the console, the API and the portal's request form). Returns the case's due time.
 */
export async function writeNewCase(
  trx: Conn,
  deps: Deps,
  actor: AuditActor,
  row: CaseRow,
  opts: { tags: string[]; description?: string | undefined; descriptionData: Record<string, unknown> },
): Promise<string> {
  const { id, workspace_id: workspaceId } = row;
  await insertCase(trx, row);
  if (opts.tags.length > 0) await replaceTags(trx, workspaceId, id, opts.tags);
  await upsertSearchDoc(trx, deps.dialect, { sourceId: id, workspaceId, caseId: id, body: row.subject });
  if (opts.description) {
    const entryId = deps.newId();
    await insertEntry(trx, {
      id: entryId,
      workspace_id: workspaceId,
      case_id: id,
      kind: "message",
      direction: "in",
      channel: row.channel,
      body: opts.description,
      author_staff_id: null,
      author_customer_id: row.customer_id,
      call_answer_seconds: null,
      call_duration_seconds: null,
      data: JSON.stringify(opts.descriptionData),
      created_at: row.created_at,
    });
    await upsertSearchDoc(trx, deps.dialect, {
      sourceId: entryId,
      workspaceId,
      caseId: id,
      body: opts.description,
    });
  }
  await recordAudit(trx, deps, actor, {
    action: "case.created",
    subjectKind: "case",
    subjectId: id,
    data: {
      number: row.number,
      channel: row.channel,
      priority: row.priority,
      customerId: row.customer_id,
      clientId: row.client_id,
    },
  });
  return promisesAfterCaseCreated(trx, deps, actor, row);
}

export async function getCase(deps: Deps, actor: Actor, id: string): Promise<CaseView> {
  requirePermission(actor, "cases:read");
  const row = await findCase(deps.db, actor.workspaceId, id);
  if (!row) throw notFound("case");
  return viewOf(deps.db, row);
}

export async function getCaseByNumber(deps: Deps, actor: Actor, num: number): Promise<CaseView> {
  requirePermission(actor, "cases:read");
  const row = await findCaseByNumber(deps.db, actor.workspaceId, num);
  if (!row) throw notFound("case");
  return viewOf(deps.db, row);
}

/** The fields an update changed, as [field, from, to] — for system events and the audit. */
function changesOf(row: CaseRow, next: CaseRow): [string, unknown, unknown][] {
  const fields: [string, keyof CaseRow][] = [
    ["subject", "subject"],
    ["status", "status"],
    ["priority", "priority"],
    ["priorityReason", "priority_reason"],
    ["assigneeId", "assignee_id"],
    ["teamId", "team_id"],
    ["customerId", "customer_id"],
    ["clientId", "client_id"],
  ];
  return fields.filter(([, col]) => row[col] !== next[col]).map(([name, col]) => [name, row[col], next[col]]);
}

function applyStatus(row: CaseRow, to: CaseStatus, at: string): Partial<CaseRow> {
  if (!canMoveTo(row.status as CaseStatus, to)) {
    throw new AppError("conflict", `A ${row.status} case cannot become ${to}.`, { from: row.status, to });
  }
  return {
    status: to,
    is_open: isOpenStatus(to) ? 1 : 0,
    solved_at: to === "solved" ? at : to === "closed" ? row.solved_at : null,
    closed_at: to === "closed" ? at : null,
  };
}

export async function updateCase(
  deps: Deps,
  actor: Actor,
  id: string,
  input: UpdateCaseInput,
): Promise<CaseView> {
  requirePermission(actor, "cases:write");
  const at = toInstant(deps.clock.now());
  const { view, changed } = await deps.db.transaction().execute(async (trx) => {
    const row = await lockCase(trx, deps.dialect, actor.workspaceId, id);
    if (!row) throw notFound("case");
    await checkRefs(trx, actor.workspaceId, input);
    const next: CaseRow = { ...row };
    if (input.subject !== undefined) next.subject = input.subject;
    if (input.status !== undefined && input.status !== row.status)
      Object.assign(next, applyStatus(row, input.status, at));
    if (input.priority !== undefined && input.priority !== row.priority) {
      checkPriority(input.priority, input.priorityReason);
      next.priority = input.priority;
      next.priority_reason = input.priorityReason ?? null;
    } else if (input.priorityReason !== undefined && input.priorityReason !== null) {
      next.priority_reason = input.priorityReason;
    }
    if (input.assigneeId !== undefined) next.assignee_id = input.assigneeId;
    if (input.teamId !== undefined) next.team_id = input.teamId;
    if (input.customerId !== undefined) next.customer_id = input.customerId;
    if (input.clientId !== undefined) next.client_id = input.clientId;
    const changes = changesOf(row, next);
    const oldTags = (await tagsOf(trx, actor.workspaceId, [id])).get(id) ?? [];
    const tags = input.tags ? normaliseTags(input.tags) : oldTags;
    const tagsChanged = tags.join(",") !== oldTags.join(",");
    const handover = presentCaseHandover((await pendingHandoffsOf(trx, actor.workspaceId, [id])).get(id));
    if (changes.length === 0 && !tagsChanged)
      return { view: presentCase(row, oldTags, handover), changed: undefined };
    next.updated_at = at;
    await updateCaseRow(trx, actor.workspaceId, id, next);
    if (tagsChanged) await replaceTags(trx, actor.workspaceId, id, tags);
    if (next.subject !== row.subject) {
      await upsertSearchDoc(trx, deps.dialect, {
        sourceId: id,
        workspaceId: actor.workspaceId,
        caseId: id,
        body: next.subject,
      });
    }
    for (const [field, from, to] of changes.filter(([f]) => f !== "subject")) {
      await insertEventEntry(trx, {
        id: deps.newId(),
        workspaceId: actor.workspaceId,
        caseId: id,
        body: `${field} changed`,
        data: { field, from, to },
        authorStaffId: actor.staffId,
        at,
      });
    }
    await recordAudit(trx, deps, actor, {
      action: "case.updated",
      subjectKind: "case",
      subjectId: id,
      data: {
        changes: changes.map(([field, from, to]) => ({ field, from, to })),
        ...(tagsChanged && { tags }),
      },
    });
    if (next.status !== row.status) {
      const [from, to] = [row.status as CaseStatus, next.status as CaseStatus];
      next.due_at = await promisesAfterStatusChange(trx, deps, actor, next, from, to, at);
    }
    return { view: presentCase(next, tags, handover), changed: next };
  });
  if (changed) publishCaseEvents(deps, caseEvent(changed, "case.updated", actor, at));
  return view;
}

export interface ListCasesOptions extends CaseFilter {
  sort: CaseSort;
  cursor?: string | undefined;
  limit: number;
}

export async function listCasesPage(
  deps: Deps,
  actor: Actor,
  opts: ListCasesOptions,
): Promise<Page<CaseView>> {
  requirePermission(actor, "cases:read");
  const shape = opts.sort === "due" ? (["dueAt", "id"] as const) : (["id"] as const);
  const after = opts.cursor ? decodeCursor(opts.cursor, shape) : undefined;
  const { sort, cursor: _c, limit, ...filter } = opts;
  const rows = await listCases(deps.db, actor.workspaceId, filter, { sort, after, limit: limit + 1 });
  const pageRows = rows.slice(0, limit);
  const tags = await tagsOf(
    deps.db,
    actor.workspaceId,
    pageRows.map((r) => r.id),
  );
  const handovers = await pendingHandoffsOf(
    deps.db,
    actor.workspaceId,
    pageRows.map((r) => r.id),
  );
  const items = pageRows.map((r) =>
    presentCase(r, tags.get(r.id) ?? [], presentCaseHandover(handovers.get(r.id))),
  );
  const last = rows.length > limit ? pageRows.at(-1) : undefined;
  const nextCursor = last ? encodeCursor(sort === "due" ? [last.due_at, last.id] : [last.id]) : null;
  return { items, nextCursor };
}

/** Full-text search over case subjects and timelines (messages, notes, calls, walk-ins). */
export async function searchCases(
  deps: Deps,
  actor: Actor,
  query: string,
  limit: number,
): Promise<CaseView[]> {
  requirePermission(actor, "cases:read");
  const terms = searchTerms(query);
  if (terms.length === 0) throw invalid("Search for at least one word.", { field: "q" });
  const ids = await searchCaseIds(deps.db, deps.dialect, actor.workspaceId, terms, limit);
  const rows = await findCasesByIds(deps.db, actor.workspaceId, ids);
  const byId = new Map(rows.map((r) => [r.id, r]));
  const tags = await tagsOf(deps.db, actor.workspaceId, ids);
  const handovers = await pendingHandoffsOf(deps.db, actor.workspaceId, ids);
  return ids.flatMap((id) => {
    const r = byId.get(id);
    return r ? [presentCase(r, tags.get(id) ?? [], presentCaseHandover(handovers.get(id)))] : [];
  });
}
