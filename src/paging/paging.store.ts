import type { Conn, Dialect } from "../db/database.js";
import type { PageTable } from "../db/schema.js";

/** The only SQL of pages. */

export type PageRow = PageTable;

export async function insertPage(conn: Conn, row: PageRow): Promise<void> {
  await conn.insertInto("pages").values(row).execute();
}

export function findPage(conn: Conn, workspaceId: string, id: string): Promise<PageRow | undefined> {
  return conn
    .selectFrom("pages")
    .selectAll()
    .where("workspace_id", "=", workspaceId)
    .where("id", "=", id)
    .executeTakeFirst();
}

/** The page row locked for a change (PostgreSQL; SQLite serialises writers). */
export function lockPage(
  conn: Conn,
  dialect: Dialect,
  workspaceId: string,
  id: string,
): Promise<PageRow | undefined> {
  let q = conn.selectFrom("pages").selectAll().where("workspace_id", "=", workspaceId).where("id", "=", id);
  if (dialect === "postgres") q = q.forUpdate();
  return q.executeTakeFirst();
}

export function findOpenPageOfCase(
  conn: Conn,
  workspaceId: string,
  caseId: string,
): Promise<PageRow | undefined> {
  return conn
    .selectFrom("pages")
    .selectAll()
    .where("workspace_id", "=", workspaceId)
    .where("case_id", "=", caseId)
    .where("status", "=", "paging")
    .executeTakeFirst();
}

export function listPageRows(
  conn: Conn,
  workspaceId: string,
  filter: { currentStaffId?: string | undefined; caseId?: string | undefined; status?: string | undefined },
): Promise<PageRow[]> {
  let q = conn.selectFrom("pages").selectAll().where("workspace_id", "=", workspaceId);
  if (filter.currentStaffId !== undefined) q = q.where("current_staff_id", "=", filter.currentStaffId);
  if (filter.caseId !== undefined) q = q.where("case_id", "=", filter.caseId);
  if (filter.status !== undefined) q = q.where("status", "=", filter.status);
  return q.orderBy("id", "desc").limit(100).execute();
}

export async function updatePageRow(
  conn: Conn,
  workspaceId: string,
  id: string,
  patch: Partial<Omit<PageRow, "id" | "workspace_id" | "created_at">>,
): Promise<void> {
  await conn
    .updateTable("pages")
    .set(patch)
    .where("workspace_id", "=", workspaceId)
    .where("id", "=", id)
    .execute();
}
