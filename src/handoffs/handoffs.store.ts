import type { Conn } from "../db/database.js";
import type { HandoffTable } from "../db/schema.js";

export type HandoffRow = HandoffTable;

export async function insertHandoff(conn: Conn, row: HandoffRow): Promise<void> {
  await conn.insertInto("handoffs").values(row).execute();
}

export function findHandoff(conn: Conn, workspaceId: string, id: string): Promise<HandoffRow | undefined> {
  return conn
    .selectFrom("handoffs")
    .selectAll()
    .where("workspace_id", "=", workspaceId)
    .where("id", "=", id)
    .executeTakeFirst();
}

export async function findHandoffByTrigger(
  conn: Conn,
  workspaceId: string,
  triggerKey: string,
): Promise<HandoffRow | undefined> {
  return conn
    .selectFrom("handoffs")
    .selectAll()
    .where("workspace_id", "=", workspaceId)
    .where("trigger_key", "=", triggerKey)
    .executeTakeFirst();
}

/** The pending hand-overs of these cases (at most one each is kept pending), by case id. */
export async function pendingHandoffsOf(
  conn: Conn,
  workspaceId: string,
  caseIds: readonly string[],
): Promise<Map<string, HandoffRow>> {
  const out = new Map<string, HandoffRow>();
  if (caseIds.length === 0) return out;
  const rows = await conn
    .selectFrom("handoffs")
    .selectAll()
    .where("workspace_id", "=", workspaceId)
    .where("case_id", "in", [...caseIds])
    .where("status", "=", "pending")
    .orderBy("id")
    .execute();
  for (const r of rows) out.set(r.case_id, r);
  return out;
}

/** Every hand-over of a case, newest first (a case has a handful). */
export function listCaseHandoffs(conn: Conn, workspaceId: string, caseId: string): Promise<HandoffRow[]> {
  return conn
    .selectFrom("handoffs")
    .selectAll()
    .where("workspace_id", "=", workspaceId)
    .where("case_id", "=", caseId)
    .orderBy("id", "desc")
    .limit(200)
    .execute();
}

/** Pending hand-overs to this person or to one of their teams, oldest first. */
export function listPendingFor(
  conn: Conn,
  workspaceId: string,
  staffId: string,
  teamIds: readonly string[],
  limit: number,
): Promise<HandoffRow[]> {
  return conn
    .selectFrom("handoffs")
    .selectAll()
    .where("workspace_id", "=", workspaceId)
    .where("status", "=", "pending")
    .where((eb) =>
      teamIds.length === 0
        ? eb("to_staff_id", "=", staffId)
        : eb.or([
            eb("to_staff_id", "=", staffId),
            eb.and([eb("to_staff_id", "is", null), eb("to_team_id", "in", [...teamIds])]),
          ]),
    )
    .orderBy("id")
    .limit(limit)
    .execute();
}

/** Marks a pending hand-over acknowledged; false when it was not pending any more (a race lost). */
export async function acknowledgeRow(
  conn: Conn,
  workspaceId: string,
  id: string,
  by: string,
  at: string,
): Promise<boolean> {
  const res = await conn
    .updateTable("handoffs")
    .set({ status: "acknowledged", acknowledged_at: at, acknowledged_by_id: by })
    .where("workspace_id", "=", workspaceId)
    .where("id", "=", id)
    .where("status", "=", "pending")
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

/** A new hand-over replaces a pending one on the same case: the old one is closed as superseded. */
export async function supersedePending(
  conn: Conn,
  workspaceId: string,
  caseId: string,
  at: string,
): Promise<void> {
  await conn
    .updateTable("handoffs")
    .set({ status: "superseded", acknowledged_at: at })
    .where("workspace_id", "=", workspaceId)
    .where("case_id", "=", caseId)
    .where("status", "=", "pending")
    .execute();
}

/** Open cases assigned to a person (end of shift), at most `limit`. */
export function listOpenCasesOf(conn: Conn, workspaceId: string, staffId: string, limit: number) {
  return conn
    .selectFrom("cases")
    .select(["id", "number", "subject", "team_id", "due_at"])
    .where("workspace_id", "=", workspaceId)
    .where("assignee_id", "=", staffId)
    .where("is_open", "=", 1)
    .orderBy("due_at")
    .orderBy("id")
    .limit(limit)
    .execute();
}

/** Open promises of these cases, by case id. */
export async function openPromisesOfCases(conn: Conn, workspaceId: string, caseIds: readonly string[]) {
  if (caseIds.length === 0) return [];
  return conn
    .selectFrom("promises")
    .selectAll()
    .where("workspace_id", "=", workspaceId)
    .where("case_id", "in", [...caseIds])
    .where("status", "=", "open")
    .orderBy("due_at")
    .execute();
}

/** Team names by id (a workspace has tens). */
export async function teamNames(conn: Conn, workspaceId: string): Promise<Map<string, string>> {
  const rows = await conn
    .selectFrom("teams")
    .select(["id", "name"])
    .where("workspace_id", "=", workspaceId)
    .execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}

/** Active members of a team. */
export async function teamMemberIds(conn: Conn, workspaceId: string, teamId: string): Promise<string[]> {
  const rows = await conn
    .selectFrom("team_members")
    .innerJoin("staff", "staff.id", "team_members.staff_id")
    .select("team_members.staff_id")
    .where("team_members.workspace_id", "=", workspaceId)
    .where("staff.workspace_id", "=", workspaceId)
    .where("team_members.team_id", "=", teamId)
    .where("staff.is_active", "=", 1)
    .execute();
  return rows.map((r) => r.staff_id);
}
