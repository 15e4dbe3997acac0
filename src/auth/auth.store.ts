import type { Conn } from "../db/database.js";
import type { ApiTokenTable, SessionTable } from "../db/schema.js";

export async function insertSession(conn: Conn, row: SessionTable): Promise<void> {
  await conn.insertInto("sessions").values(row).execute();
}

/** The session and its staff member's current role, when the token is live and the account active. */
export function findLiveSession(conn: Conn, tokenHash: string, now: string) {
  return conn
    .selectFrom("sessions")
    .innerJoin("staff", "staff.id", "sessions.staff_id")
    .select([
      "sessions.id",
      "sessions.workspace_id",
      "sessions.staff_id",
      "sessions.csrf_token",
      "sessions.expires_at",
      "staff.role",
    ])
    .where("sessions.token_hash", "=", tokenHash)
    .where("sessions.expires_at", ">", now)
    .where("staff.is_active", "=", 1)
    .executeTakeFirst();
}

export async function deleteSession(conn: Conn, id: string): Promise<void> {
  await conn.deleteFrom("sessions").where("id", "=", id).execute();
}

export async function insertApiToken(conn: Conn, row: ApiTokenTable): Promise<void> {
  await conn.insertInto("api_tokens").values(row).execute();
}

export function findLiveApiToken(conn: Conn, tokenHash: string) {
  return conn
    .selectFrom("api_tokens")
    .innerJoin("staff", "staff.id", "api_tokens.staff_id")
    .select(["api_tokens.id", "api_tokens.workspace_id", "api_tokens.staff_id", "staff.role"])
    .where("api_tokens.token_hash", "=", tokenHash)
    .where("api_tokens.revoked_at", "is", null)
    .where("staff.is_active", "=", 1)
    .executeTakeFirst();
}

export function listApiTokens(conn: Conn, workspaceId: string, staffId: string) {
  return conn
    .selectFrom("api_tokens")
    .select(["id", "name", "created_at", "last_used_at", "revoked_at"])
    .where("workspace_id", "=", workspaceId)
    .where("staff_id", "=", staffId)
    .orderBy("id")
    .execute();
}

export async function revokeApiToken(
  conn: Conn,
  workspaceId: string,
  staffId: string,
  id: string,
  at: string,
): Promise<boolean> {
  const res = await conn
    .updateTable("api_tokens")
    .set({ revoked_at: at })
    .where("workspace_id", "=", workspaceId)
    .where("staff_id", "=", staffId)
    .where("id", "=", id)
    .where("revoked_at", "is", null)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) > 0;
}

/** Ends every session of a staff member (after a password change). */
export async function endSessionsOf(conn: Conn, workspaceId: string, staffId: string): Promise<void> {
  await conn
    .deleteFrom("sessions")
    .where("workspace_id", "=", workspaceId)
    .where("staff_id", "=", staffId)
    .execute();
}

/** Revokes every live API token of a staff member; returns how many. */
export async function revokeApiTokensOf(
  conn: Conn,
  workspaceId: string,
  staffId: string,
  at: string,
): Promise<number> {
  const res = await conn
    .updateTable("api_tokens")
    .set({ revoked_at: at })
    .where("workspace_id", "=", workspaceId)
    .where("staff_id", "=", staffId)
    .where("revoked_at", "is", null)
    .executeTakeFirst();
  return Number(res.numUpdatedRows);
}
