import type { Conn } from "../db/database.js";
import type { CalendarTable } from "../db/schema.js";

export type CalendarRow = CalendarTable;

export async function insertCalendar(conn: Conn, row: CalendarRow): Promise<void> {
  await conn.insertInto("calendars").values(row).execute();
}

export function findCalendar(conn: Conn, workspaceId: string, id: string): Promise<CalendarRow | undefined> {
  return conn
    .selectFrom("calendars")
    .selectAll()
    .where("workspace_id", "=", workspaceId)
    .where("id", "=", id)
    .executeTakeFirst();
}

export function findCalendarByName(
  conn: Conn,
  workspaceId: string,
  name: string,
): Promise<{ id: string } | undefined> {
  return conn
    .selectFrom("calendars")
    .select("id")
    .where("workspace_id", "=", workspaceId)
    .where("name", "=", name)
    .executeTakeFirst();
}

/** A workspace has a handful of calendars (itself, teams, agreements), so no paging. */
export function listCalendarRows(conn: Conn, workspaceId: string): Promise<CalendarRow[]> {
  return conn
    .selectFrom("calendars")
    .selectAll()
    .where("workspace_id", "=", workspaceId)
    .orderBy("name")
    .orderBy("id")
    .limit(1000)
    .execute();
}

export async function updateCalendarRow(
  conn: Conn,
  workspaceId: string,
  id: string,
  patch: Partial<Pick<CalendarRow, "name" | "spec" | "updated_at">>,
): Promise<void> {
  await conn
    .updateTable("calendars")
    .set(patch)
    .where("workspace_id", "=", workspaceId)
    .where("id", "=", id)
    .execute();
}

export interface PromiseSettingsRow {
  time_zone: string;
  calendar_id: string | null;
  callback_minutes: number | null;
}

export async function findPromiseSettings(conn: Conn, workspaceId: string): Promise<PromiseSettingsRow> {
  const row = await conn
    .selectFrom("workspaces")
    .select(["time_zone", "calendar_id", "callback_minutes"])
    .where("id", "=", workspaceId)
    .executeTakeFirstOrThrow();
  return {
    time_zone: row.time_zone,
    calendar_id: row.calendar_id ?? null,
    callback_minutes: row.callback_minutes ?? null,
  };
}

export async function updatePromiseSettings(
  conn: Conn,
  workspaceId: string,
  patch: { calendar_id?: string | null; callback_minutes?: number | null },
): Promise<void> {
  await conn.updateTable("workspaces").set(patch).where("id", "=", workspaceId).execute();
}

export async function setTeamCalendarRow(
  conn: Conn,
  workspaceId: string,
  teamId: string,
  calendarId: string | null,
  at: string,
): Promise<boolean> {
  const res = await conn
    .updateTable("teams")
    .set({ calendar_id: calendarId, updated_at: at })
    .where("workspace_id", "=", workspaceId)
    .where("id", "=", teamId)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) > 0;
}
