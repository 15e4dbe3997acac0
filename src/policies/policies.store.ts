import type { Conn, Dialect } from "../db/database.js";
import type { PolicyTable, PolicyVersionTable } from "../db/schema.js";

export type PolicyRow = PolicyTable;
export type PolicyVersionRow = PolicyVersionTable;

export async function insertPolicy(conn: Conn, row: PolicyRow): Promise<void> {
  await conn.insertInto("policies").values(row).execute();
}

export async function insertPolicyVersion(conn: Conn, row: PolicyVersionRow): Promise<void> {
  await conn.insertInto("policy_versions").values(row).execute();
}

export function findPolicy(conn: Conn, workspaceId: string, id: string): Promise<PolicyRow | undefined> {
  return conn
    .selectFrom("policies")
    .selectAll()
    .where("workspace_id", "=", workspaceId)
    .where("id", "=", id)
    .executeTakeFirst();
}

/** The policy row locked for a change (PostgreSQL): version numbers are handed out one at a time. */
export function lockPolicy(
  conn: Conn,
  dialect: Dialect,
  workspaceId: string,
  id: string,
): Promise<PolicyRow | undefined> {
  let q = conn
    .selectFrom("policies")
    .selectAll()
    .where("workspace_id", "=", workspaceId)
    .where("id", "=", id);
  if (dialect === "postgres") q = q.forUpdate();
  return q.executeTakeFirst();
}

export function findPolicyByCode(
  conn: Conn,
  workspaceId: string,
  code: string,
): Promise<PolicyRow | undefined> {
  return conn
    .selectFrom("policies")
    .selectAll()
    .where("workspace_id", "=", workspaceId)
    .where("code", "=", code)
    .executeTakeFirst();
}

export async function updatePolicyRow(
  conn: Conn,
  workspaceId: string,
  id: string,
  patch: Pick<PolicyRow, "latest_version" | "search_text" | "updated_at">,
): Promise<void> {
  await conn
    .updateTable("policies")
    .set(patch)
    .where("workspace_id", "=", workspaceId)
    .where("id", "=", id)
    .execute();
}

/**
 * The workspace's policies whose search text holds every term (terms are letter/digit words,
 * already folded): a catalog has tens of policies, so a LIKE per term is enough on both stores.
 */
export function listPolicyRows(
  conn: Conn,
  workspaceId: string,
  terms: readonly string[],
): Promise<PolicyRow[]> {
  let q = conn.selectFrom("policies").selectAll().where("workspace_id", "=", workspaceId);
  for (const term of terms) q = q.where("search_text", "like", `%${term}%`);
  return q.orderBy("code").orderBy("id").limit(500).execute();
}

/** Every version of the given policies, oldest first. */
export function listVersionRows(
  conn: Conn,
  workspaceId: string,
  policyIds: readonly string[],
): Promise<PolicyVersionRow[]> {
  if (policyIds.length === 0) return Promise.resolve([]);
  return conn
    .selectFrom("policy_versions")
    .selectAll()
    .where("workspace_id", "=", workspaceId)
    .where("policy_id", "in", policyIds)
    .orderBy("policy_id")
    .orderBy("version")
    .execute();
}

export function findVersionRow(
  conn: Conn,
  workspaceId: string,
  id: string,
): Promise<PolicyVersionRow | undefined> {
  return conn
    .selectFrom("policy_versions")
    .selectAll()
    .where("workspace_id", "=", workspaceId)
    .where("id", "=", id)
    .executeTakeFirst();
}

/** Names of the workspace's teams among these ids (for wording team grantors). */
export async function teamNamesOf(
  conn: Conn,
  workspaceId: string,
  teamIds: readonly string[],
): Promise<Map<string, string>> {
  if (teamIds.length === 0) return new Map();
  const rows = await conn
    .selectFrom("teams")
    .select(["id", "name"])
    .where("workspace_id", "=", workspaceId)
    .where("id", "in", [...new Set(teamIds)])
    .execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}

/** The versions with these ids (the ones requests were made under). */
export function listVersionsByIds(
  conn: Conn,
  workspaceId: string,
  ids: readonly string[],
): Promise<PolicyVersionRow[]> {
  if (ids.length === 0) return Promise.resolve([]);
  return conn
    .selectFrom("policy_versions")
    .selectAll()
    .where("workspace_id", "=", workspaceId)
    .where("id", "in", [...new Set(ids)])
    .execute();
}
