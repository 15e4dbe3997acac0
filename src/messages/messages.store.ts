import type { Conn } from "../db/database.js";
import type { StaffMessageTable } from "../db/schema.js";

/** The only SQL of messages for staff. */

export type MessageRow = StaffMessageTable;

export async function insertMessage(conn: Conn, row: MessageRow): Promise<void> {
  await conn.insertInto("staff_messages").values(row).execute();
}

export function findMessage(conn: Conn, workspaceId: string, id: string): Promise<MessageRow | undefined> {
  return conn
    .selectFrom("staff_messages")
    .selectAll()
    .where("workspace_id", "=", workspaceId)
    .where("id", "=", id)
    .executeTakeFirst();
}

/** One page of an inbox, newest first, keyset on id. */
export function listInboxRows(
  conn: Conn,
  workspaceId: string,
  staffId: string,
  opts: { status?: string | undefined; beforeId?: string | undefined; limit: number },
): Promise<MessageRow[]> {
  let q = conn
    .selectFrom("staff_messages")
    .selectAll()
    .where("workspace_id", "=", workspaceId)
    .where("staff_id", "=", staffId);
  if (opts.status !== undefined) q = q.where("status", "=", opts.status);
  if (opts.beforeId !== undefined) q = q.where("id", "<", opts.beforeId);
  return q.orderBy("id", "desc").limit(opts.limit).execute();
}

export async function countUnread(conn: Conn, workspaceId: string, staffId: string): Promise<number> {
  const row = await conn
    .selectFrom("staff_messages")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("workspace_id", "=", workspaceId)
    .where("staff_id", "=", staffId)
    .where("status", "=", "open")
    .where("read_at", "is", null)
    .executeTakeFirstOrThrow();
  return row.n;
}

export async function updateMessageRow(
  conn: Conn,
  workspaceId: string,
  id: string,
  patch: Partial<Omit<MessageRow, "id" | "workspace_id" | "created_at">>,
): Promise<void> {
  await conn
    .updateTable("staff_messages")
    .set(patch)
    .where("workspace_id", "=", workspaceId)
    .where("id", "=", id)
    .execute();
}

/** The callback promises of a page of messages, in one read. */
export function findPromisesByIds(conn: Conn, workspaceId: string, ids: readonly string[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return conn
    .selectFrom("promises")
    .selectAll()
    .where("workspace_id", "=", workspaceId)
    .where("id", "in", ids)
    .execute();
}
