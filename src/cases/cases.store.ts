import { sql } from "kysely";
import type { Conn, Dialect } from "../db/database.js";
import type { CaseEntryTable, CaseTable, ContactAttemptTable } from "../db/schema.js";
import { foldForSearch } from "./cases.rules.js";

export type CaseRow = CaseTable;
export type EntryRow = CaseEntryTable;
export type AttemptRow = ContactAttemptTable;

export async function insertCase(conn: Conn, row: CaseRow): Promise<void> {
  await conn.insertInto("cases").values(row).execute();
}

export function findCase(conn: Conn, workspaceId: string, id: string): Promise<CaseRow | undefined> {
  return conn
    .selectFrom("cases")
    .selectAll()
    .where("workspace_id", "=", workspaceId)
    .where("id", "=", id)
    .executeTakeFirst();
}

/**
 * Reads a case for a change to it or its promises. On PostgreSQL the row stays locked until the
 * transaction ends: concurrent edits queue instead of overwriting each other, and every path that
 * touches a case's promises takes this lock first, so lock order is always case → promise →
 * workspace (no deadlocks between a reply and a breach job).
 */
export function lockCase(
  conn: Conn,
  dialect: Dialect,
  workspaceId: string,
  id: string,
): Promise<CaseRow | undefined> {
  let q = conn.selectFrom("cases").selectAll().where("workspace_id", "=", workspaceId).where("id", "=", id);
  if (dialect === "postgres") q = q.forNoKeyUpdate();
  return q.executeTakeFirst();
}

export function findCaseByNumber(conn: Conn, workspaceId: string, num: number): Promise<CaseRow | undefined> {
  return conn
    .selectFrom("cases")
    .selectAll()
    .where("workspace_id", "=", workspaceId)
    .where("number", "=", num)
    .executeTakeFirst();
}

export async function updateCaseRow(
  conn: Conn,
  workspaceId: string,
  id: string,
  patch: Partial<Omit<CaseRow, "id" | "workspace_id" | "number" | "created_at">>,
): Promise<void> {
  await conn
    .updateTable("cases")
    .set(patch)
    .where("workspace_id", "=", workspaceId)
    .where("id", "=", id)
    .execute();
}

export interface CaseFilter {
  status?: string | undefined;
  isOpen?: boolean | undefined;
  /** A staff id, or null for unassigned cases. */
  assigneeId?: string | null | undefined;
  teamId?: string | undefined;
  customerId?: string | undefined;
  clientId?: string | undefined;
  tag?: string | undefined;
}

export type CaseSort = "created" | "due";

/**
 * One page of cases by keyset. "due" pages by (due_at, id) ascending — the queue indexes
 * (workspace_id, assignee_id|team_id, is_open, due_at, id) serve it without a sort; "created"
 * pages by id descending (ids are time-ordered).
 */
export function listCases(
  conn: Conn,
  workspaceId: string,
  filter: CaseFilter,
  page: { sort: CaseSort; after?: readonly string[] | undefined; limit: number },
): Promise<CaseRow[]> {
  let q = conn.selectFrom("cases").selectAll("cases").where("cases.workspace_id", "=", workspaceId);
  if (filter.assigneeId !== undefined) {
    q =
      filter.assigneeId === null
        ? q.where("cases.assignee_id", "is", null)
        : q.where("cases.assignee_id", "=", filter.assigneeId);
  }
  if (filter.teamId !== undefined) q = q.where("cases.team_id", "=", filter.teamId);
  if (filter.isOpen !== undefined) q = q.where("cases.is_open", "=", filter.isOpen ? 1 : 0);
  if (filter.status !== undefined) q = q.where("cases.status", "=", filter.status);
  if (filter.customerId !== undefined) q = q.where("cases.customer_id", "=", filter.customerId);
  if (filter.clientId !== undefined) q = q.where("cases.client_id", "=", filter.clientId);
  if (filter.tag !== undefined) {
    const tag = filter.tag;
    q = q.where((eb) =>
      eb.exists(
        eb
          .selectFrom("case_tags")
          .select("case_tags.case_id")
          .whereRef("case_tags.case_id", "=", "cases.id")
          .where("case_tags.tag", "=", tag),
      ),
    );
  }
  if (page.sort === "due") {
    const [dueAt, id] = page.after ?? [];
    if (dueAt !== undefined && id !== undefined) {
      q = q.where((eb) => eb(eb.refTuple("cases.due_at", "cases.id"), ">", eb.tuple(dueAt, id)));
    }
    return q.orderBy("cases.due_at").orderBy("cases.id").limit(page.limit).execute();
  }
  const [id] = page.after ?? [];
  if (id !== undefined) q = q.where("cases.id", "<", id);
  return q.orderBy("cases.id", "desc").limit(page.limit).execute();
}

export async function tagsOf(
  conn: Conn,
  workspaceId: string,
  caseIds: readonly string[],
): Promise<Map<string, string[]>> {
  const map = new Map<string, string[]>();
  if (caseIds.length === 0) return map;
  const rows = await conn
    .selectFrom("case_tags")
    .select(["case_id", "tag"])
    .where("workspace_id", "=", workspaceId)
    .where("case_id", "in", caseIds)
    .execute();
  // Sorted here, not in SQL: an ORDER BY tag tempted SQLite into a workspace-wide tag index.
  for (const r of rows) map.set(r.case_id, [...(map.get(r.case_id) ?? []), r.tag]);
  for (const tags of map.values()) tags.sort();
  return map;
}

export async function replaceTags(
  conn: Conn,
  workspaceId: string,
  caseId: string,
  tags: readonly string[],
): Promise<void> {
  await conn
    .deleteFrom("case_tags")
    .where("workspace_id", "=", workspaceId)
    .where("case_id", "=", caseId)
    .execute();
  if (tags.length > 0) {
    await conn
      .insertInto("case_tags")
      .values(tags.map((tag) => ({ workspace_id: workspaceId, case_id: caseId, tag })))
      .execute();
  }
}

export async function insertEntry(conn: Conn, row: EntryRow): Promise<void> {
  await conn.insertInto("case_entries").values(row).execute();
}

/** A system event on a case's timeline ("status changed", "promise at risk"). */
export async function insertEventEntry(
  conn: Conn,
  e: {
    id: string;
    workspaceId: string;
    caseId: string;
    body: string;
    data: object;
    authorStaffId: string | null;
    at: string;
  },
): Promise<void> {
  await insertEntry(conn, {
    id: e.id,
    workspace_id: e.workspaceId,
    case_id: e.caseId,
    kind: "event",
    direction: null,
    channel: null,
    body: e.body,
    author_staff_id: e.authorStaffId,
    author_customer_id: null,
    call_answer_seconds: null,
    call_duration_seconds: null,
    data: JSON.stringify(e.data),
    created_at: e.at,
  });
}

export function listEntries(
  conn: Conn,
  workspaceId: string,
  caseId: string,
  page: { afterId?: string | undefined; limit: number },
): Promise<EntryRow[]> {
  let q = conn
    .selectFrom("case_entries")
    .selectAll()
    .where("workspace_id", "=", workspaceId)
    .where("case_id", "=", caseId);
  if (page.afterId !== undefined) q = q.where("id", ">", page.afterId);
  return q.orderBy("id").limit(page.limit).execute();
}

export async function insertAttempt(conn: Conn, row: AttemptRow): Promise<void> {
  await conn.insertInto("contact_attempts").values(row).execute();
}

export function listAttempts(conn: Conn, workspaceId: string, caseId: string): Promise<AttemptRow[]> {
  return conn
    .selectFrom("contact_attempts")
    .selectAll()
    .where("workspace_id", "=", workspaceId)
    .where("case_id", "=", caseId)
    .orderBy("attempted_at")
    .orderBy("id")
    .limit(1000)
    .execute();
}

/** Writes (or rewrites) the searchable text of one source: a case's subject or one timeline entry. */
export async function upsertSearchDoc(
  conn: Conn,
  dialect: Dialect,
  source: { sourceId: string; workspaceId: string; caseId: string; body: string },
): Promise<void> {
  const doc = { ...source, body: foldForSearch(source.body) };
  if (dialect === "postgres") {
    await sql`INSERT INTO search_docs (source_id, workspace_id, case_id, body)
      VALUES (${doc.sourceId}, ${doc.workspaceId}, ${doc.caseId}, ${doc.body})
      ON CONFLICT (source_id) DO UPDATE SET body = excluded.body`.execute(conn);
    return;
  }
  // FTS5 has no unique constraint to upsert on and source_id is not indexed there: search_rows
  // gives each source a stable rowid, so replacing a document is a delete by rowid.
  const row = await sql<{ id: number }>`INSERT INTO search_rows (source_id) VALUES (${doc.sourceId})
    ON CONFLICT (source_id) DO UPDATE SET source_id = excluded.source_id RETURNING id`.execute(conn);
  const rowid = row.rows[0]?.id;
  if (rowid === undefined) throw new Error("search_rows upsert returned no id");
  await sql`DELETE FROM search_docs WHERE rowid = ${rowid}`.execute(conn);
  await sql`INSERT INTO search_docs (rowid, body, source_id, workspace_id, case_id)
    VALUES (${rowid}, ${doc.body}, ${doc.sourceId}, ${doc.workspaceId}, ${doc.caseId})`.execute(conn);
}

/** Case ids whose subject or timeline matches every term (as a prefix), best match first. */
export async function searchCaseIds(
  conn: Conn,
  dialect: Dialect,
  workspaceId: string,
  terms: readonly string[],
  limit: number,
): Promise<string[]> {
  if (terms.length === 0) return [];
  if (dialect === "postgres") {
    const tsquery = terms.map((t) => `${t}:*`).join(" & ");
    const res = await sql<{ case_id: string }>`
      SELECT case_id FROM search_docs
      WHERE workspace_id = ${workspaceId} AND tsv @@ to_tsquery('simple', ${tsquery})
      GROUP BY case_id
      ORDER BY max(ts_rank(tsv, to_tsquery('simple', ${tsquery}))) DESC, case_id DESC
      LIMIT ${limit}`.execute(conn);
    return res.rows.map((r) => r.case_id);
  }
  const match = terms.map((t) => `"${t}"*`).join(" AND ");
  const res = await sql<{ case_id: string }>`
    SELECT case_id FROM search_docs
    WHERE search_docs MATCH ${match} AND workspace_id = ${workspaceId}
    GROUP BY case_id
    ORDER BY min(rank), case_id DESC
    LIMIT ${limit}`.execute(conn);
  return res.rows.map((r) => r.case_id);
}

export function findCasesByIds(conn: Conn, workspaceId: string, ids: readonly string[]): Promise<CaseRow[]> {
  if (ids.length === 0) return Promise.resolve([]);
  return conn
    .selectFrom("cases")
    .selectAll()
    .where("workspace_id", "=", workspaceId)
    .where("id", "in", ids)
    .execute();
}

/** Whether an id names a row of this workspace in the given table (for references in input). */
export async function existsInWorkspace(
  conn: Conn,
  table: "customers" | "clients" | "staff" | "teams",
  workspaceId: string,
  id: string,
): Promise<boolean> {
  const row = await conn
    .selectFrom(table)
    .select("id")
    .where("workspace_id", "=", workspaceId)
    .where("id", "=", id)
    .executeTakeFirst();
  return row !== undefined;
}
