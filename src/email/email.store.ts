import type { Conn } from "../db/database.js";
import type { MailAttachmentTable, MailMessageTable } from "../db/schema.js";

/** The only SQL of the email channel. Every query is scoped by workspace_id. */

export type MailRow = MailMessageTable;
export type AttachmentRow = MailAttachmentTable;
/** A mail row without its raw bytes, for lists and lookups that do not need them. */
export type MailMeta = Omit<MailRow, "raw">;

const META_COLUMNS = [
  "id",
  "workspace_id",
  "direction",
  "source",
  "status",
  "classification",
  "reason",
  "envelope_from",
  "envelope_to",
  "purpose",
  "sender",
  "recipient",
  "subject",
  "message_id",
  "size",
  "sha256",
  "html",
  "problems",
  "case_id",
  "entry_id",
  "attempts",
  "last_error",
  "received_at",
  "processed_at",
  "sent_at",
] as const;

export async function insertMail(conn: Conn, row: MailRow): Promise<void> {
  await conn.insertInto("mail_messages").values(row).execute();
}

export function findMail(conn: Conn, workspaceId: string, id: string): Promise<MailRow | undefined> {
  return conn
    .selectFrom("mail_messages")
    .selectAll()
    .where("workspace_id", "=", workspaceId)
    .where("id", "=", id)
    .executeTakeFirst();
}

export function findMailMeta(conn: Conn, workspaceId: string, id: string): Promise<MailMeta | undefined> {
  return conn
    .selectFrom("mail_messages")
    .select(META_COLUMNS)
    .where("workspace_id", "=", workspaceId)
    .where("id", "=", id)
    .executeTakeFirst();
}

export async function updateMail(
  conn: Conn,
  workspaceId: string,
  id: string,
  patch: Partial<Omit<MailRow, "id" | "workspace_id">>,
): Promise<void> {
  await conn
    .updateTable("mail_messages")
    .set(patch)
    .where("workspace_id", "=", workspaceId)
    .where("id", "=", id)
    .execute();
}

/** How many mails a sender sent since `since` (this one excluded): the flood limit counts these. */
export async function countRecentFrom(
  conn: Conn,
  workspaceId: string,
  sender: string,
  since: string,
  exceptId: string,
): Promise<number> {
  const row = await conn
    .selectFrom("mail_messages")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("workspace_id", "=", workspaceId)
    .where("sender", "=", sender)
    .where("received_at", ">=", since)
    .where("id", "!=", exceptId)
    .executeTakeFirstOrThrow();
  return row.n;
}

/** How many mails of a purpose went to an address since `since`. */
export async function countRecentTo(
  conn: Conn,
  workspaceId: string,
  recipient: string,
  purpose: string,
  since: string,
): Promise<number> {
  const row = await conn
    .selectFrom("mail_messages")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("workspace_id", "=", workspaceId)
    .where("recipient", "=", recipient)
    .where("received_at", ">=", since)
    .where("purpose", "=", purpose)
    .executeTakeFirstOrThrow();
  return row.n;
}

/** The case of each of these Message-IDs that has one (ids are compared exactly). */
export async function casesOfMessageIds(
  conn: Conn,
  workspaceId: string,
  messageIds: readonly string[],
): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  if (messageIds.length === 0) return out;
  const rows = await conn
    .selectFrom("mail_messages")
    .select(["message_id", "case_id"])
    .where("workspace_id", "=", workspaceId)
    .where("message_id", "in", messageIds.slice(0, 200))
    .where("case_id", "is not", null)
    .orderBy("id", "desc")
    .execute();
  for (const r of rows)
    if (r.message_id && r.case_id && !out.has(r.message_id)) out.set(r.message_id, r.case_id);
  return out;
}

export interface CaseForThread {
  id: string;
  number: number;
  status: string;
  customer_id: string | null;
  customer_email: string | null;
}

function caseForThreadQuery(conn: Conn, workspaceId: string) {
  return conn
    .selectFrom("cases")
    .leftJoin("customers", (j) =>
      j
        .onRef("customers.id", "=", "cases.customer_id")
        .onRef("customers.workspace_id", "=", "cases.workspace_id"),
    )
    .select([
      "cases.id",
      "cases.number",
      "cases.status",
      "cases.customer_id",
      "customers.email as customer_email",
    ])
    .where("cases.workspace_id", "=", workspaceId);
}

export function casesForThread(
  conn: Conn,
  workspaceId: string,
  ids: readonly string[],
): Promise<CaseForThread[]> {
  if (ids.length === 0) return Promise.resolve([]);
  return caseForThreadQuery(conn, workspaceId).where("cases.id", "in", ids).execute();
}

export function caseForThreadByNumber(
  conn: Conn,
  workspaceId: string,
  num: number,
): Promise<CaseForThread | undefined> {
  return caseForThreadQuery(conn, workspaceId).where("cases.number", "=", num).executeTakeFirst();
}

/** The Message-IDs of a case's mail, oldest first (for References), at most `limit`. */
export async function messageIdsOfCase(
  conn: Conn,
  workspaceId: string,
  caseId: string,
  limit = 100,
): Promise<{ messageId: string; direction: string }[]> {
  const rows = await conn
    .selectFrom("mail_messages")
    .select(["message_id", "direction"])
    .where("workspace_id", "=", workspaceId)
    .where("case_id", "=", caseId)
    .where("message_id", "is not", null)
    .orderBy("id", "desc")
    .limit(limit)
    .execute();
  return rows
    .reverse()
    .flatMap((r) => (r.message_id ? [{ messageId: r.message_id, direction: r.direction }] : []));
}

export function listMailOfCase(conn: Conn, workspaceId: string, caseId: string): Promise<MailMeta[]> {
  return conn
    .selectFrom("mail_messages")
    .select(META_COLUMNS)
    .where("workspace_id", "=", workspaceId)
    .where("case_id", "=", caseId)
    .orderBy("id")
    .limit(500)
    .execute();
}

export interface MailLogFilter {
  direction?: string | undefined;
  classification?: string | undefined;
  status?: string | undefined;
}

/** The mail log, newest first, keyset on id. */
export function listMail(
  conn: Conn,
  workspaceId: string,
  filter: MailLogFilter,
  page: { beforeId?: string | undefined; limit: number },
): Promise<MailMeta[]> {
  let q = conn.selectFrom("mail_messages").select(META_COLUMNS).where("workspace_id", "=", workspaceId);
  if (filter.direction !== undefined) q = q.where("direction", "=", filter.direction);
  if (filter.classification !== undefined) q = q.where("classification", "=", filter.classification);
  if (filter.status !== undefined) q = q.where("status", "=", filter.status);
  if (page.beforeId !== undefined) q = q.where("id", "<", page.beforeId);
  return q.orderBy("id", "desc").limit(page.limit).execute();
}

export async function insertAttachment(conn: Conn, row: AttachmentRow): Promise<void> {
  await conn.insertInto("mail_attachments").values(row).execute();
}

export function findAttachment(
  conn: Conn,
  workspaceId: string,
  id: string,
): Promise<AttachmentRow | undefined> {
  return conn
    .selectFrom("mail_attachments")
    .selectAll()
    .where("workspace_id", "=", workspaceId)
    .where("id", "=", id)
    .executeTakeFirst();
}

/** A mail's inline parts that can be shown as images (content id and bytes). */
export function inlineImagesOf(
  conn: Conn,
  workspaceId: string,
  mailId: string,
): Promise<Pick<AttachmentRow, "content_id" | "content_type" | "data">[]> {
  return conn
    .selectFrom("mail_attachments")
    .select(["content_id", "content_type", "data"])
    .where("workspace_id", "=", workspaceId)
    .where("mail_id", "=", mailId)
    .where("content_id", "is not", null)
    .where("content_type", "like", "image/%")
    .limit(100)
    .execute();
}

export function attachmentsOfMail(
  conn: Conn,
  workspaceId: string,
  mailId: string,
): Promise<Omit<AttachmentRow, "data">[]> {
  return conn
    .selectFrom("mail_attachments")
    .select([
      "id",
      "workspace_id",
      "mail_id",
      "case_id",
      "filename",
      "content_type",
      "content_id",
      "is_inline",
      "size",
      "md5",
      "created_at",
    ])
    .where("workspace_id", "=", workspaceId)
    .where("mail_id", "=", mailId)
    .orderBy("id")
    .execute();
}
