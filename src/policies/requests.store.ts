import type { Conn, Dialect } from "../db/database.js";
import type { PolicyRequestTable } from "../db/schema.js";
import type { GrantPermit } from "./policies.rules.js";

export type RequestRow = PolicyRequestTable;

/** A request with the names and numbers a view shows, read in one query. */
export interface RequestRecord extends RequestRow {
  case_number: number;
  policy_code: string;
  policy_version: number;
  asked_by_name: string | null;
  routed_to_name: string | null;
  decided_by_name: string | null;
  acted_by_name: string | null;
}

export async function insertRequest(conn: Conn, row: RequestRow): Promise<void> {
  await conn.insertInto("policy_requests").values(row).execute();
}

function withNames(conn: Conn, workspaceId: string) {
  return conn
    .selectFrom("policy_requests as r")
    .innerJoin("cases as c", (j) => j.onRef("c.id", "=", "r.case_id").on("c.workspace_id", "=", workspaceId))
    .innerJoin("policies as p", (j) =>
      j.onRef("p.id", "=", "r.policy_id").on("p.workspace_id", "=", workspaceId),
    )
    .innerJoin("policy_versions as v", (j) =>
      j.onRef("v.id", "=", "r.policy_version_id").on("v.workspace_id", "=", workspaceId),
    )
    .leftJoin("staff as asker", "asker.id", "r.asked_by_id")
    .leftJoin("staff as routed", "routed.id", "r.routed_to_id")
    .leftJoin("staff as decider", "decider.id", "r.decided_by_id")
    .leftJoin("staff as actor", "actor.id", "r.acted_by_id")
    .selectAll("r")
    .select([
      "c.number as case_number",
      "p.code as policy_code",
      "v.version as policy_version",
      "asker.name as asked_by_name",
      "routed.name as routed_to_name",
      "decider.name as decided_by_name",
      "actor.name as acted_by_name",
    ])
    .where("r.workspace_id", "=", workspaceId);
}

export function findRequest(conn: Conn, workspaceId: string, id: string): Promise<RequestRecord | undefined> {
  return withNames(conn, workspaceId).where("r.id", "=", id).executeTakeFirst();
}

/** The request row alone, locked on PostgreSQL (callers hold the case lock first: case → request). */
export function lockRequest(
  conn: Conn,
  dialect: Dialect,
  workspaceId: string,
  id: string,
): Promise<RequestRow | undefined> {
  let q = conn
    .selectFrom("policy_requests")
    .selectAll()
    .where("workspace_id", "=", workspaceId)
    .where("id", "=", id);
  if (dialect === "postgres") q = q.forUpdate();
  return q.executeTakeFirst();
}

/** Every request on a case, oldest first (a case has a handful). */
export function listCaseRequests(conn: Conn, workspaceId: string, caseId: string): Promise<RequestRecord[]> {
  return withNames(conn, workspaceId).where("r.case_id", "=", caseId).orderBy("r.id").limit(500).execute();
}

/** Pending requests of the workspace, oldest first: the approvals inbox filters them by authority. */
export function listPendingRequests(
  conn: Conn,
  workspaceId: string,
  limit: number,
): Promise<RequestRecord[]> {
  return withNames(conn, workspaceId)
    .where("r.status", "=", "pending")
    .orderBy("r.id")
    .limit(limit)
    .execute();
}

/**
 * The decided requests of a policy (granted, refused, or refused by the policy itself), newest
 * first, at most `limit`: precedents are matched among these.
 */
export function listDecidedRequests(
  conn: Conn,
  workspaceId: string,
  policyId: string,
  limit: number,
): Promise<RequestRecord[]> {
  return withNames(conn, workspaceId)
    .where("r.policy_id", "=", policyId)
    .where("r.status", "in", ["granted", "refused", "refused_by_policy"])
    .orderBy("r.decided_at", "desc")
    .orderBy("r.id", "desc")
    .limit(limit)
    .execute();
}

/** Requests made in [from, to), optionally of one policy, oldest first, at most `limit`. */
export function listRequestsBetween(
  conn: Conn,
  workspaceId: string,
  range: { from: string; to: string; policyId?: string | undefined },
  limit: number,
): Promise<RequestRecord[]> {
  let q = withNames(conn, workspaceId)
    .where("r.created_at", ">=", range.from)
    .where("r.created_at", "<", range.to);
  if (range.policyId !== undefined) q = q.where("r.policy_id", "=", range.policyId);
  return q.orderBy("r.created_at").orderBy("r.id").limit(limit).execute();
}

/**
 * Writes a decision. It takes a GrantPermit, which only mayGrant makes: no code path can record
 * a decision by someone the rules did not let decide. Only a pending request changes.
 */
export async function writeDecision(
  conn: Conn,
  workspaceId: string,
  requestId: string,
  d: { permit: GrantPermit; status: "granted" | "refused"; reason: string; at: string },
): Promise<boolean> {
  const res = await conn
    .updateTable("policy_requests")
    .set({
      status: d.status,
      decided_by_id: d.permit.staffId,
      decided_authority: d.permit.authority,
      decided_tier: JSON.stringify(d.permit.tier),
      decision_reason: d.reason,
      decided_at: d.at,
      updated_at: d.at,
    })
    .where("workspace_id", "=", workspaceId)
    .where("id", "=", requestId)
    .where("status", "=", "pending")
    .executeTakeFirst();
  return Number(res.numUpdatedRows) > 0;
}

/** Marks a granted or allowed request as used by the agent's action; false when already used. */
export async function writeAction(
  conn: Conn,
  workspaceId: string,
  requestId: string,
  a: { staffId: string | null; description: string; at: string },
): Promise<boolean> {
  const res = await conn
    .updateTable("policy_requests")
    .set({ acted_by_id: a.staffId, action_description: a.description, acted_at: a.at, updated_at: a.at })
    .where("workspace_id", "=", workspaceId)
    .where("id", "=", requestId)
    .where("status", "in", ["granted", "allowed"])
    .where("acted_at", "is", null)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) > 0;
}

export async function updateRequestRow(
  conn: Conn,
  workspaceId: string,
  id: string,
  patch: Partial<
    Pick<
      RequestRow,
      "status" | "routed_to_id" | "routing_reason" | "decision_reason" | "decided_at" | "updated_at"
    >
  >,
): Promise<void> {
  await conn
    .updateTable("policy_requests")
    .set(patch)
    .where("workspace_id", "=", workspaceId)
    .where("id", "=", id)
    .execute();
}

/** Granted or allowed, not yet used requests of a policy on a case: what an action may consume. */
export function listUnusedRequests(
  conn: Conn,
  workspaceId: string,
  caseId: string,
  policyId: string,
): Promise<RequestRow[]> {
  return conn
    .selectFrom("policy_requests")
    .selectAll()
    .where("workspace_id", "=", workspaceId)
    .where("case_id", "=", caseId)
    .where("policy_id", "=", policyId)
    .where("status", "in", ["granted", "allowed"])
    .where("acted_at", "is", null)
    .orderBy("id")
    .execute();
}

/** Staff with their authority, reports-to and teams: the people routing may choose among (the active ones). */
export async function listDeciderPool(
  conn: Conn,
  workspaceId: string,
): Promise<
  {
    id: string;
    name: string;
    authority: string;
    reportsToId: string | null;
    isActive: boolean;
    teamIds: string[];
  }[]
> {
  const staff = await conn
    .selectFrom("staff")
    .select(["id", "name", "authority", "reports_to_id as reportsToId", "is_active as isActive"])
    .where("workspace_id", "=", workspaceId)
    .orderBy("id")
    .limit(5000)
    .execute();
  const members = await conn
    .selectFrom("team_members")
    .select(["staff_id", "team_id"])
    .where("workspace_id", "=", workspaceId)
    .execute();
  const teams = new Map<string, string[]>();
  for (const m of members) teams.set(m.staff_id, [...(teams.get(m.staff_id) ?? []), m.team_id]);
  return staff.map(({ isActive, ...s }) => ({
    ...s,
    isActive: isActive === 1,
    teamIds: teams.get(s.id) ?? [],
  }));
}
