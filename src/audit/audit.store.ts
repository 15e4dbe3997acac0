import { sql } from "kysely";
import type { Conn, Dialect } from "../db/database.js";
import type { StoredAuditEntry } from "./audit.rules.js";

/** Locks the workspace's chain head for this transaction (PostgreSQL); SQLite writes are serial already. */
export async function lockChainHead(
  conn: Conn,
  dialect: Dialect,
  workspaceId: string,
): Promise<{ seq: number; head: string }> {
  let q = conn.selectFrom("workspaces").select(["audit_seq", "audit_head"]).where("id", "=", workspaceId);
  if (dialect === "postgres") q = q.forNoKeyUpdate();
  const row = await q.executeTakeFirstOrThrow();
  return { seq: row.audit_seq, head: row.audit_head };
}

/** Appends the entry and moves the head in one round trip on PostgreSQL (the head row is locked). */
export async function insertEntry(conn: Conn, dialect: Dialect, e: StoredAuditEntry): Promise<void> {
  if (dialect === "postgres") {
    await sql`WITH entry AS (
        INSERT INTO audit_entries
          (id, workspace_id, seq, at, actor_kind, actor_id, action, subject_kind, subject_id, data, prev_hash, hash)
        VALUES (${e.id}, ${e.workspaceId}, ${e.seq}, ${e.at}, ${e.actorKind}, ${e.actorId}, ${e.action},
          ${e.subjectKind}, ${e.subjectId}, ${e.data}, ${e.prevHash}, ${e.hash})
      )
      UPDATE workspaces SET audit_seq = ${e.seq}, audit_head = ${e.hash} WHERE id = ${e.workspaceId}`.execute(
      conn,
    );
    return;
  }
  await conn
    .insertInto("audit_entries")
    .values({
      id: e.id,
      workspace_id: e.workspaceId,
      seq: e.seq,
      at: e.at,
      actor_kind: e.actorKind,
      actor_id: e.actorId,
      action: e.action,
      subject_kind: e.subjectKind,
      subject_id: e.subjectId,
      data: e.data,
      prev_hash: e.prevHash,
      hash: e.hash,
    })
    .execute();
  await conn
    .updateTable("workspaces")
    .set({ audit_seq: e.seq, audit_head: e.hash })
    .where("id", "=", e.workspaceId)
    .execute();
}

/** Entries with seq > afterSeq, oldest first. */
export async function listEntries(
  conn: Conn,
  workspaceId: string,
  opts: { afterSeq: number; limit: number; subjectId?: string | undefined; action?: string | undefined },
): Promise<StoredAuditEntry[]> {
  let q = conn
    .selectFrom("audit_entries")
    .selectAll()
    .where("workspace_id", "=", workspaceId)
    .where("seq", ">", opts.afterSeq);
  if (opts.subjectId !== undefined) q = q.where("subject_id", "=", opts.subjectId);
  if (opts.action !== undefined) q = q.where("action", "=", opts.action);
  const rows = await q.orderBy("seq").limit(opts.limit).execute();
  return rows.map((r) => ({
    id: r.id,
    workspaceId: r.workspace_id,
    seq: r.seq,
    at: r.at,
    actorKind: r.actor_kind,
    actorId: r.actor_id,
    action: r.action,
    subjectKind: r.subject_kind,
    subjectId: r.subject_id,
    data: r.data,
    prevHash: r.prev_hash,
    hash: r.hash,
  }));
}

export async function chainHead(conn: Conn, workspaceId: string): Promise<{ seq: number; head: string }> {
  const row = await conn
    .selectFrom("workspaces")
    .select(["audit_seq", "audit_head"])
    .where("id", "=", workspaceId)
    .executeTakeFirstOrThrow();
  return { seq: row.audit_seq, head: row.audit_head };
}
