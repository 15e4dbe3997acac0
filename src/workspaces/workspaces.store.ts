import type { Conn } from "../db/database.js";
import type { WorkspaceTable } from "../db/schema.js";

export async function insertWorkspace(conn: Conn, row: WorkspaceTable): Promise<void> {
  await conn.insertInto("workspaces").values(row).execute();
}

export function findWorkspaceBySlug(conn: Conn, slug: string): Promise<WorkspaceTable | undefined> {
  return conn.selectFrom("workspaces").selectAll().where("slug", "=", slug).executeTakeFirst();
}

export function findWorkspaceById(conn: Conn, id: string): Promise<WorkspaceTable | undefined> {
  return conn.selectFrom("workspaces").selectAll().where("id", "=", id).executeTakeFirst();
}

/**
 * Takes the next per-workspace case number. The UPDATE holds the workspace row lock until the
 * transaction ends, so two creates never share a number (PostgreSQL) — SQLite writes are serial.
 */
export async function takeCaseNumber(conn: Conn, workspaceId: string): Promise<number> {
  const rows = await conn
    .updateTable("workspaces")
    .set((eb) => ({ next_case_number: eb("next_case_number", "+", 1) }))
    .where("id", "=", workspaceId)
    .returning("next_case_number")
    .execute();
  const row = rows[0];
  if (!row) throw new Error(`workspace ${workspaceId} vanished`);
  return row.next_case_number - 1;
}
