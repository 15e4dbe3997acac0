import type { Conn } from "../db/database.js";
import type { PortalLinkTable, PortalSessionTable } from "../db/schema.js";

export type PortalLinkRow = PortalLinkTable;
export type PortalSessionRow = PortalSessionTable;

export async function insertPortalLink(conn: Conn, row: PortalLinkRow): Promise<void> {
  await conn.insertInto("portal_links").values(row).execute();
}

/** The link a token names, whatever its state (the service decides what a dead link means). */
export function findLinkByTokenHash(conn: Conn, tokenHash: string): Promise<PortalLinkRow | undefined> {
  return conn.selectFrom("portal_links").selectAll().where("token_hash", "=", tokenHash).executeTakeFirst();
}

export function findPortalLink(
  conn: Conn,
  workspaceId: string,
  id: string,
): Promise<PortalLinkRow | undefined> {
  return conn
    .selectFrom("portal_links")
    .selectAll()
    .where("workspace_id", "=", workspaceId)
    .where("id", "=", id)
    .executeTakeFirst();
}

export interface PortalLinkListRow extends Omit<PortalLinkRow, "token_hash"> {
  case_number: number | null;
}

/** A customer's links, newest first (ids are time-ordered), with the number of a per-case link's case. */
export function listPortalLinkRows(
  conn: Conn,
  workspaceId: string,
  customerId: string,
  limit: number,
): Promise<PortalLinkListRow[]> {
  return conn
    .selectFrom("portal_links")
    .leftJoin("cases", (j) =>
      j
        .onRef("cases.id", "=", "portal_links.case_id")
        .onRef("cases.workspace_id", "=", "portal_links.workspace_id"),
    )
    .select([
      "portal_links.id",
      "portal_links.workspace_id",
      "portal_links.customer_id",
      "portal_links.case_id",
      "portal_links.via",
      "portal_links.created_by_id",
      "portal_links.created_at",
      "portal_links.expires_at",
      "portal_links.revoked_at",
      "portal_links.last_used_at",
      "cases.number as case_number",
    ])
    .where("portal_links.workspace_id", "=", workspaceId)
    .where("portal_links.customer_id", "=", customerId)
    .orderBy("portal_links.id", "desc")
    .limit(limit)
    .execute();
}

/** Revokes a live link; false when there is none (unknown, another workspace's, or revoked before). */
export async function revokePortalLinkRow(
  conn: Conn,
  workspaceId: string,
  id: string,
  at: string,
): Promise<boolean> {
  const res = await conn
    .updateTable("portal_links")
    .set({ revoked_at: at })
    .where("workspace_id", "=", workspaceId)
    .where("id", "=", id)
    .where("revoked_at", "is", null)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) > 0;
}

export async function touchPortalLink(
  conn: Conn,
  workspaceId: string,
  id: string,
  at: string,
): Promise<void> {
  await conn
    .updateTable("portal_links")
    .set({ last_used_at: at })
    .where("workspace_id", "=", workspaceId)
    .where("id", "=", id)
    .execute();
}

export async function insertPortalSession(conn: Conn, row: PortalSessionRow): Promise<void> {
  await conn.insertInto("portal_sessions").values(row).execute();
}

/** A live session and its link's scope: the session unexpired, its link neither revoked nor expired. */
export function findLivePortalSession(conn: Conn, tokenHash: string, now: string) {
  return conn
    .selectFrom("portal_sessions")
    .innerJoin("portal_links", "portal_links.id", "portal_sessions.link_id")
    .select([
      "portal_sessions.id",
      "portal_sessions.workspace_id",
      "portal_sessions.csrf_token",
      "portal_sessions.expires_at",
      "portal_links.id as link_id",
      "portal_links.customer_id",
      "portal_links.case_id",
      "portal_links.via",
    ])
    .where("portal_sessions.token_hash", "=", tokenHash)
    .where("portal_sessions.expires_at", ">", now)
    .where("portal_links.revoked_at", "is", null)
    .where("portal_links.expires_at", ">", now)
    .executeTakeFirst();
}

export async function deletePortalSession(conn: Conn, workspaceId: string, id: string): Promise<void> {
  await conn
    .deleteFrom("portal_sessions")
    .where("workspace_id", "=", workspaceId)
    .where("id", "=", id)
    .execute();
}

/** Ends every session opened from a link (when it is revoked). */
export async function deleteSessionsOfLink(conn: Conn, workspaceId: string, linkId: string): Promise<void> {
  await conn
    .deleteFrom("portal_sessions")
    .where("workspace_id", "=", workspaceId)
    .where("link_id", "=", linkId)
    .execute();
}

/** Staff display names by id — the only thing of a staff member the portal ever reads. */
export async function staffNames(
  conn: Conn,
  workspaceId: string,
  ids: readonly string[],
): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await conn
    .selectFrom("staff")
    .select(["id", "name"])
    .where("workspace_id", "=", workspaceId)
    .where("id", "in", [...new Set(ids)])
    .execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}

export interface PortalCaseRow {
  id: string;
  number: number;
  subject: string;
  status: string;
  customer_id: string | null;
  created_at: string;
  updated_at: string;
}

const PORTAL_CASE_COLUMNS = [
  "id",
  "number",
  "subject",
  "status",
  "customer_id",
  "created_at",
  "updated_at",
] as const;

/**
 * A customer's cases, newest first, keyset-paged by id (cases_ws_customer serves it); only the
 * columns a customer may see are read. `caseId` narrows to the one case of a per-case link.
 */
export function listCustomerCaseRows(
  conn: Conn,
  workspaceId: string,
  filter: { customerId: string; caseId: string | null },
  page: { afterId?: string | undefined; limit: number },
): Promise<PortalCaseRow[]> {
  let q = conn
    .selectFrom("cases")
    .select(PORTAL_CASE_COLUMNS)
    .where("workspace_id", "=", workspaceId)
    .where("customer_id", "=", filter.customerId);
  if (filter.caseId !== null) q = q.where("id", "=", filter.caseId);
  if (page.afterId !== undefined) q = q.where("id", "<", page.afterId);
  return q.orderBy("id", "desc").limit(page.limit).execute();
}
