import type { Conn } from "../db/database.js";
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
