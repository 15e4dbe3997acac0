import type { Conn } from "../db/database.js";
import type { NotificationTable } from "../db/schema.js";

/** The only SQL of the notifications outbox. */

export type NotificationRow = NotificationTable;

export async function insertNotification(conn: Conn, row: NotificationRow): Promise<void> {
  await conn.insertInto("notifications").values(row).execute();
}

export function findNotification(
  conn: Conn,
  workspaceId: string,
  id: string,
): Promise<NotificationRow | undefined> {
  return conn
    .selectFrom("notifications")
    .selectAll()
    .where("workspace_id", "=", workspaceId)
    .where("id", "=", id)
    .executeTakeFirst();
}

/** A subject's notifications, oldest first (a message's email, a page's email and webhook). */
export function listNotificationsFor(
  conn: Conn,
  workspaceId: string,
  subjectId: string,
): Promise<NotificationRow[]> {
  return conn
    .selectFrom("notifications")
    .selectAll()
    .where("workspace_id", "=", workspaceId)
    .where("subject_id", "=", subjectId)
    .orderBy("id")
    .limit(200)
    .execute();
}

/** Queued rows of one channel across workspaces, oldest first: what a channel drains. */
export function listQueued(conn: Conn, channel: string, limit: number): Promise<NotificationRow[]> {
  return conn
    .selectFrom("notifications")
    .selectAll()
    .where("channel", "=", channel)
    .where("status", "=", "queued")
    .orderBy("id")
    .limit(limit)
    .execute();
}

export async function markSent(conn: Conn, workspaceId: string, id: string, at: string): Promise<boolean> {
  const res = await conn
    .updateTable("notifications")
    .set((eb) => ({ status: "sent", sent_at: at, last_error: null, attempts: eb("attempts", "+", 1) }))
    .where("workspace_id", "=", workspaceId)
    .where("id", "=", id)
    .where("status", "=", "queued")
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

export async function markAttemptFailed(
  conn: Conn,
  workspaceId: string,
  id: string,
  error: string,
  final: boolean,
): Promise<void> {
  await conn
    .updateTable("notifications")
    .set((eb) => ({
      attempts: eb("attempts", "+", 1),
      last_error: error,
      ...(final && { status: "failed" }),
    }))
    .where("workspace_id", "=", workspaceId)
    .where("id", "=", id)
    .where("status", "=", "queued")
    .execute();
}
