import { sql } from "kysely";
import type { Conn, Dialect } from "../db/database.js";
import type { PromiseTable } from "../db/schema.js";

export type PromiseRow = PromiseTable;

export async function insertPromise(conn: Conn, row: PromiseRow): Promise<void> {
  await conn.insertInto("promises").values(row).execute();
}

export function findPromise(conn: Conn, workspaceId: string, id: string): Promise<PromiseRow | undefined> {
  return conn
    .selectFrom("promises")
    .selectAll()
    .where("workspace_id", "=", workspaceId)
    .where("id", "=", id)
    .executeTakeFirst();
}

/** Every promise of a case, oldest first (a case has tens, not thousands). */
export function listCasePromiseRows(conn: Conn, workspaceId: string, caseId: string): Promise<PromiseRow[]> {
  return conn
    .selectFrom("promises")
    .selectAll()
    .where("workspace_id", "=", workspaceId)
    .where("case_id", "=", caseId)
    .orderBy("id")
    .limit(1000)
    .execute();
}

export function listOpenCasePromiseRows(
  conn: Conn,
  workspaceId: string,
  caseId: string,
): Promise<PromiseRow[]> {
  return conn
    .selectFrom("promises")
    .selectAll()
    .where("workspace_id", "=", workspaceId)
    .where("case_id", "=", caseId)
    .where("status", "=", "open")
    .orderBy("id")
    .execute();
}

export async function updatePromiseRow(
  conn: Conn,
  workspaceId: string,
  id: string,
  patch: Partial<Omit<PromiseRow, "id" | "workspace_id" | "case_id" | "created_at">>,
): Promise<void> {
  await conn
    .updateTable("promises")
    .set(patch)
    .where("workspace_id", "=", workspaceId)
    .where("id", "=", id)
    .execute();
}

/** Closes a promise only if it is still open; false when someone else closed it first. */
export async function closeIfOpen(
  conn: Conn,
  workspaceId: string,
  id: string,
  patch: Partial<Omit<PromiseRow, "id" | "workspace_id" | "case_id" | "created_at">>,
): Promise<boolean> {
  const res = await conn
    .updateTable("promises")
    .set(patch)
    .where("workspace_id", "=", workspaceId)
    .where("id", "=", id)
    .where("status", "=", "open")
    .executeTakeFirst();
  return Number(res.numUpdatedRows) > 0;
}

export interface PromiseFilter {
  status?: string | undefined;
  /** true: open only; false: closed (kept, renegotiated, broken, cancelled) only. */
  isOpen?: boolean | undefined;
  caseId?: string | undefined;
  /** Only promises of these cases (a queue page's). */
  caseIds?: readonly string[] | undefined;
}

export type PromiseSort = "due" | "created";

/**
 * One page of promises by keyset: "due" by (due_at, id) ascending — served by the index
 * (workspace_id, status, due_at, id) when filtered by status; "created" by id descending.
 */
export function listPromiseRows(
  conn: Conn,
  workspaceId: string,
  filter: PromiseFilter,
  page: { sort: PromiseSort; after?: readonly string[] | undefined; limit: number },
): Promise<PromiseRow[]> {
  let q = conn.selectFrom("promises").selectAll().where("workspace_id", "=", workspaceId);
  if (filter.status !== undefined) q = q.where("status", "=", filter.status);
  if (filter.isOpen !== undefined) q = q.where("status", filter.isOpen ? "=" : "!=", "open");
  if (filter.caseId !== undefined) q = q.where("case_id", "=", filter.caseId);
  if (filter.caseIds !== undefined) q = q.where("case_id", "in", [...filter.caseIds]);
  if (page.sort === "due") {
    const [dueAt, id] = page.after ?? [];
    if (dueAt !== undefined && id !== undefined) {
      q = q.where((eb) => eb(eb.refTuple("due_at", "id"), ">", eb.tuple(dueAt, id)));
    }
    return q.orderBy("due_at").orderBy("id").limit(page.limit).execute();
  }
  const [id] = page.after ?? [];
  if (id !== undefined) q = q.where("id", "<", id);
  return q.orderBy("id", "desc").limit(page.limit).execute();
}

/** Open promises of the workspace after `afterId`, by id: the batches recomputation walks. */
export function listOpenPromiseBatch(
  conn: Conn,
  workspaceId: string,
  afterId: string | undefined,
  limit: number,
): Promise<PromiseRow[]> {
  let q = conn
    .selectFrom("promises")
    .selectAll()
    .where("workspace_id", "=", workspaceId)
    .where("status", "=", "open");
  if (afterId !== undefined) q = q.where("id", ">", afterId);
  return q.orderBy("id").limit(limit).execute();
}

/** Whether an event entry about this promise and due time was written (keeps jobs idempotent). */
export async function hasPromiseEvent(
  conn: Conn,
  workspaceId: string,
  caseId: string,
  marker: string,
): Promise<boolean> {
  const row = await conn
    .selectFrom("case_entries")
    .select("id")
    .where("workspace_id", "=", workspaceId)
    .where("case_id", "=", caseId)
    .where("kind", "=", "event")
    .where("data", "like", `%${marker}%`)
    .executeTakeFirst();
  return row !== undefined;
}

/*
 * Set-at-a-time statements for bulk recomputation (a calendar change moves the open promises of
 * every case at once): one statement per batch instead of several per promise.
 */

/** The promises with these ids, in any status (re-read under the cases' locks). */
export function findPromisesByIds(
  conn: Conn,
  workspaceId: string,
  ids: readonly string[],
): Promise<PromiseRow[]> {
  if (ids.length === 0) return Promise.resolve([]);
  return conn
    .selectFrom("promises")
    .selectAll()
    .where("workspace_id", "=", workspaceId)
    .where("id", "in", [...ids])
    .execute();
}

/**
 * Locks many cases at once, in id order (PostgreSQL locks rows as the sorted result is read), so
 * two writers that each lock a set of cases cannot deadlock and the order stays case → promise.
 * SQLite serialises writers, so it needs no lock.
 */
export async function lockCases(
  conn: Conn,
  dialect: Dialect,
  workspaceId: string,
  caseIds: readonly string[],
): Promise<void> {
  if (dialect !== "postgres" || caseIds.length === 0) return;
  await conn
    .selectFrom("cases")
    .select("id")
    .where("workspace_id", "=", workspaceId)
    .where("id", "in", [...caseIds])
    .orderBy("id")
    .forUpdate()
    .execute();
}

/** The open promises of many cases (what their due_at is computed from). */
export function listOpenPromisesOfCases(
  conn: Conn,
  workspaceId: string,
  caseIds: readonly string[],
): Promise<Pick<PromiseRow, "case_id" | "status" | "due_at" | "paused_at">[]> {
  if (caseIds.length === 0) return Promise.resolve([]);
  return conn
    .selectFrom("promises")
    .select(["case_id", "status", "due_at", "paused_at"])
    .where("workspace_id", "=", workspaceId)
    .where("case_id", "in", [...caseIds])
    .where("status", "=", "open")
    .execute();
}

/** An instant parameter inside VALUES: PostgreSQL reads it as text unless told. */
function instantValue(dialect: Dialect, ref: string) {
  return dialect === "postgres" ? sql.raw(`${ref}::timestamptz`) : sql.raw(ref);
}

/**
 * The workspace condition of a bulk UPDATE … FROM (VALUES …). Without statistics SQLite took
 * the (workspace_id, id) index as the outer loop and walked the workspace's cases once per
 * batch row (1.9 s of a 5k-case recompute); the unary plus keeps it off that index, so each
 * VALUES row is one primary-key lookup. PostgreSQL plans the join itself.
 */
function workspaceCondition(dialect: Dialect, table: "cases" | "promises", workspaceId: string) {
  return dialect === "sqlite"
    ? sql`+${sql.ref(`${table}.workspace_id`)} = ${workspaceId}`
    : sql`${sql.ref(`${table}.workspace_id`)} = ${workspaceId}`;
}

/** Sets due_at, basis and updated_at of many promises in one UPDATE … FROM (VALUES …). */
export async function setPromiseDueTimes(
  conn: Conn,
  dialect: Dialect,
  workspaceId: string,
  rows: readonly { id: string; dueAt: string; basis: string }[],
  updatedAt: string,
): Promise<void> {
  if (rows.length === 0) return;
  const values = sql.join(rows.map((r) => sql`(${r.id}, ${r.dueAt}, ${r.basis})`));
  await sql`
    UPDATE promises
    SET due_at = ${instantValue(dialect, "v.column2")}, basis = v.column3, updated_at = ${updatedAt}
    FROM (VALUES ${values}) AS v
    WHERE ${workspaceCondition(dialect, "promises", workspaceId)} AND promises.id = v.column1`.execute(conn);
}

/**
 * Sets cases.due_at for many cases in one statement. cases.due_at is the promises' projection
 * for the queues; only promise writes change it, so its bulk form lives with them.
 */
export async function setCaseDueTimes(
  conn: Conn,
  dialect: Dialect,
  workspaceId: string,
  rows: readonly { caseId: string; dueAt: string }[],
): Promise<void> {
  if (rows.length === 0) return;
  const values = sql.join(rows.map((r) => sql`(${r.caseId}, ${r.dueAt})`));
  await sql`
    UPDATE cases
    SET due_at = ${instantValue(dialect, "v.column2")}
    FROM (VALUES ${values}) AS v
    WHERE ${workspaceCondition(dialect, "cases", workspaceId)} AND cases.id = v.column1`.execute(conn);
}
