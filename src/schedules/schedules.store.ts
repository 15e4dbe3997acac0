import type { Conn } from "../db/database.js";
import type { StaffScheduleTable, StaffTimeOffTable } from "../db/schema.js";

/** The only SQL of schedules, time off and skills. Every statement is scoped by workspace_id. */

export type ScheduleRow = StaffScheduleTable;
export type TimeOffRow = StaffTimeOffTable;

/** The staff columns the duty queries need (no contacts, no password hash). */
export interface RosterRow {
  id: string;
  name: string;
  title: string;
  role: string;
  authority: string;
  reports_to_id: string | null;
  disclosure: string;
  is_active: number;
  skills: string;
}

/** Staff of a workspace are tens to hundreds of people, read whole for duty questions. */
const ROSTER_LIMIT = 5000;

export function listRoster(conn: Conn, workspaceId: string): Promise<RosterRow[]> {
  return conn
    .selectFrom("staff")
    .select([
      "id",
      "name",
      "title",
      "role",
      "authority",
      "reports_to_id",
      "disclosure",
      "is_active",
      (eb) => eb.fn.coalesce("skills", eb.val("[]")).as("skills"),
    ])
    .where("workspace_id", "=", workspaceId)
    .orderBy("name")
    .orderBy("id")
    .limit(ROSTER_LIMIT)
    .execute() as Promise<RosterRow[]>;
}

export function listScheduleRows(conn: Conn, workspaceId: string, staffIds?: readonly string[]) {
  let q = conn.selectFrom("staff_schedules").selectAll().where("workspace_id", "=", workspaceId);
  if (staffIds !== undefined) {
    if (staffIds.length === 0) return Promise.resolve([] as ScheduleRow[]);
    q = q.where("staff_id", "in", staffIds);
  }
  return q.limit(ROSTER_LIMIT).execute();
}

export function findScheduleRow(
  conn: Conn,
  workspaceId: string,
  staffId: string,
): Promise<ScheduleRow | undefined> {
  return conn
    .selectFrom("staff_schedules")
    .selectAll()
    .where("workspace_id", "=", workspaceId)
    .where("staff_id", "=", staffId)
    .executeTakeFirst();
}

export async function upsertScheduleRow(conn: Conn, row: ScheduleRow): Promise<void> {
  await conn
    .insertInto("staff_schedules")
    .values(row)
    .onConflict((oc) =>
      oc.columns(["workspace_id", "staff_id"]).doUpdateSet({ spec: row.spec, updated_at: row.updated_at }),
    )
    .execute();
}

export function listTimeOffRows(
  conn: Conn,
  workspaceId: string,
  staffIds?: readonly string[],
): Promise<TimeOffRow[]> {
  let q = conn.selectFrom("staff_time_off").selectAll().where("workspace_id", "=", workspaceId);
  if (staffIds !== undefined) {
    if (staffIds.length === 0) return Promise.resolve([]);
    q = q.where("staff_id", "in", staffIds);
  }
  return q.orderBy("starts_on").orderBy("id").limit(50_000).execute();
}

export function findTimeOffRow(conn: Conn, workspaceId: string, id: string): Promise<TimeOffRow | undefined> {
  return conn
    .selectFrom("staff_time_off")
    .selectAll()
    .where("workspace_id", "=", workspaceId)
    .where("id", "=", id)
    .executeTakeFirst();
}

export async function insertTimeOffRow(conn: Conn, row: TimeOffRow): Promise<void> {
  await conn.insertInto("staff_time_off").values(row).execute();
}

export async function deleteTimeOffRow(conn: Conn, workspaceId: string, id: string): Promise<void> {
  await conn
    .deleteFrom("staff_time_off")
    .where("workspace_id", "=", workspaceId)
    .where("id", "=", id)
    .execute();
}

export async function setSkillsRow(
  conn: Conn,
  workspaceId: string,
  staffId: string,
  skills: readonly string[],
  at: string,
): Promise<void> {
  await conn
    .updateTable("staff")
    .set({ skills: JSON.stringify(skills), updated_at: at })
    .where("workspace_id", "=", workspaceId)
    .where("id", "=", staffId)
    .execute();
}

/** Open cases per assignee: the "current load" of who can help. */
export async function openCaseLoads(
  conn: Conn,
  workspaceId: string,
  staffIds: readonly string[],
): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  if (staffIds.length === 0) return out;
  const rows = await conn
    .selectFrom("cases")
    .select((eb) => ["assignee_id", eb.fn.countAll<number>().as("n")])
    .where("workspace_id", "=", workspaceId)
    .where("is_open", "=", 1)
    .where("assignee_id", "in", staffIds)
    .groupBy("assignee_id")
    .execute();
  for (const r of rows) if (r.assignee_id) out.set(r.assignee_id, r.n);
  return out;
}
