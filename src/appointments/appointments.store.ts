import type { Conn } from "../db/database.js";
import type { Dialect } from "../db/database.js";
import type { AppointmentTable } from "../db/schema.js";

/** The only SQL of appointments. Every statement is scoped by workspace_id. */

export type AppointmentRow = AppointmentTable;

export async function insertAppointment(conn: Conn, row: AppointmentRow): Promise<void> {
  await conn.insertInto("appointments").values(row).execute();
}

export function findAppointment(
  conn: Conn,
  workspaceId: string,
  id: string,
): Promise<AppointmentRow | undefined> {
  return conn
    .selectFrom("appointments")
    .selectAll()
    .where("workspace_id", "=", workspaceId)
    .where("id", "=", id)
    .executeTakeFirst();
}

export function listCaseAppointments(
  conn: Conn,
  workspaceId: string,
  caseId: string,
): Promise<AppointmentRow[]> {
  return conn
    .selectFrom("appointments")
    .selectAll()
    .where("workspace_id", "=", workspaceId)
    .where("case_id", "=", caseId)
    .orderBy("starts_at")
    .orderBy("id")
    .limit(200)
    .execute();
}

/** A person's scheduled appointments overlapping [from, to), optionally leaving one out. */
export function listBusy(
  conn: Conn,
  workspaceId: string,
  staffId: string,
  from: string,
  to: string,
  exceptId?: string,
): Promise<AppointmentRow[]> {
  let q = conn
    .selectFrom("appointments")
    .selectAll()
    .where("workspace_id", "=", workspaceId)
    .where("staff_id", "=", staffId)
    .where("status", "=", "scheduled")
    .where("starts_at", "<", to)
    .where("ends_at", ">", from);
  if (exceptId !== undefined) q = q.where("id", "!=", exceptId);
  return q.orderBy("starts_at").limit(2000).execute();
}

/**
 * Serialises bookings of one person: on PostgreSQL the staff row is locked until the transaction
 * ends, so two desks booking the same slot queue and the second sees the first's appointment.
 * SQLite runs one write transaction at a time already.
 */
export async function lockStaffForBooking(
  conn: Conn,
  dialect: Dialect,
  workspaceId: string,
  staffId: string,
): Promise<{ id: string; name: string; is_active: number } | undefined> {
  let q = conn
    .selectFrom("staff")
    .select(["id", "name", "is_active"])
    .where("workspace_id", "=", workspaceId)
    .where("id", "=", staffId);
  if (dialect === "postgres") q = q.forNoKeyUpdate();
  return q.executeTakeFirst();
}

export async function updateAppointmentRow(
  conn: Conn,
  workspaceId: string,
  id: string,
  patch: Partial<Omit<AppointmentRow, "id" | "workspace_id">>,
): Promise<void> {
  await conn
    .updateTable("appointments")
    .set(patch)
    .where("workspace_id", "=", workspaceId)
    .where("id", "=", id)
    .execute();
}
