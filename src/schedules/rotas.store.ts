import type { Conn } from "../db/database.js";
import type { OnCallOverrideTable, OnCallRotaTable } from "../db/schema.js";

/** The only SQL of on-call rotas and their overrides. */

export type RotaRow = OnCallRotaTable;
export type OverrideRow = OnCallOverrideTable;

export async function insertRota(conn: Conn, row: RotaRow): Promise<void> {
  await conn.insertInto("on_call_rotas").values(row).execute();
}

export function findRota(conn: Conn, workspaceId: string, id: string): Promise<RotaRow | undefined> {
  return conn
    .selectFrom("on_call_rotas")
    .selectAll()
    .where("workspace_id", "=", workspaceId)
    .where("id", "=", id)
    .executeTakeFirst();
}

export function findRotaByName(
  conn: Conn,
  workspaceId: string,
  name: string,
): Promise<{ id: string } | undefined> {
  return conn
    .selectFrom("on_call_rotas")
    .select("id")
    .where("workspace_id", "=", workspaceId)
    .where("name", "=", name)
    .executeTakeFirst();
}

/** A workspace has a handful of rotas, read whole. */
export function listRotaRows(conn: Conn, workspaceId: string): Promise<RotaRow[]> {
  return conn
    .selectFrom("on_call_rotas")
    .selectAll()
    .where("workspace_id", "=", workspaceId)
    .orderBy("name")
    .orderBy("id")
    .limit(500)
    .execute();
}

export async function updateRotaRow(
  conn: Conn,
  workspaceId: string,
  id: string,
  patch: Partial<Omit<RotaRow, "id" | "workspace_id" | "created_at">>,
): Promise<void> {
  await conn
    .updateTable("on_call_rotas")
    .set(patch)
    .where("workspace_id", "=", workspaceId)
    .where("id", "=", id)
    .execute();
}

/** Overrides still running at or after `from`, oldest first (later ones win where they overlap). */
export function listOverrideRows(
  conn: Conn,
  workspaceId: string,
  rotaId: string,
  from: string,
): Promise<OverrideRow[]> {
  return conn
    .selectFrom("on_call_overrides")
    .selectAll()
    .where("workspace_id", "=", workspaceId)
    .where("rota_id", "=", rotaId)
    .where("ends_at", ">", from)
    .orderBy("created_at")
    .orderBy("id")
    .limit(1000)
    .execute();
}

export function findOverride(conn: Conn, workspaceId: string, id: string): Promise<OverrideRow | undefined> {
  return conn
    .selectFrom("on_call_overrides")
    .selectAll()
    .where("workspace_id", "=", workspaceId)
    .where("id", "=", id)
    .executeTakeFirst();
}

export async function insertOverride(conn: Conn, row: OverrideRow): Promise<void> {
  await conn.insertInto("on_call_overrides").values(row).execute();
}

export async function deleteOverride(conn: Conn, workspaceId: string, id: string): Promise<void> {
  await conn
    .deleteFrom("on_call_overrides")
    .where("workspace_id", "=", workspaceId)
    .where("id", "=", id)
    .execute();
}

export async function setAgreementRotaRow(
  conn: Conn,
  workspaceId: string,
  agreementId: string,
  rotaId: string | null,
  at: string,
): Promise<void> {
  await conn
    .updateTable("agreements")
    .set({ on_call_rota_id: rotaId, updated_at: at })
    .where("workspace_id", "=", workspaceId)
    .where("id", "=", agreementId)
    .execute();
}
