import { sql } from "kysely";
import type { Conn, Dialect } from "../db/database.js";
import type { DueWorkTable } from "../db/schema.js";
import type { Instant } from "../shared/clock.js";
import type { FailureOutcome } from "./duework.rules.js";

/** The only SQL of due work. Every statement here is a single statement: no transaction needed. */

/** Inserts a row unless its workspace already has one with the same unique key; true when inserted. */
export async function insertWork(conn: Conn, row: DueWorkTable): Promise<boolean> {
  const inserted = await conn
    .insertInto("due_work")
    .values(row)
    // ON CONFLICT rather than catching the violation: on PostgreSQL a unique violation would
    // abort the caller's transaction, and scheduleWork runs inside other use cases' transactions.
    .onConflict((oc) => oc.columns(["workspace_id", "unique_key"]).doNothing())
    .returning("id")
    .executeTakeFirst();
  return inserted !== undefined;
}

export function findWorkByUniqueKey(
  conn: Conn,
  workspaceId: string,
  uniqueKey: string,
): Promise<DueWorkTable | undefined> {
  return conn
    .selectFrom("due_work")
    .selectAll()
    .where("workspace_id", "=", workspaceId)
    .where("unique_key", "=", uniqueKey)
    .executeTakeFirst();
}

/** Cancels the subject's pending work (of one kind, or all kinds); returns how many rows. */
export async function cancelPendingWork(
  conn: Conn,
  q: { workspaceId: string; subjectId: string; kind?: string | undefined },
): Promise<number> {
  let update = conn
    .updateTable("due_work")
    .set({ status: "cancelled", claimed_by: null, claim_expires_at: null })
    .where("workspace_id", "=", q.workspaceId)
    .where("subject_id", "=", q.subjectId)
    .where("status", "=", "pending");
  if (q.kind !== undefined) update = update.where("kind", "=", q.kind);
  const result = await update.executeTakeFirst();
  return Number(result.numUpdatedRows);
}

export interface ClaimRequest {
  instanceId: string;
  /** Only work of these kinds is claimed: a runner never takes work it has no handler for. */
  kinds: readonly string[];
  now: Instant;
  claimExpiresAt: Instant;
  limit: number;
}

/**
 * Claims up to `limit` due rows in one statement and returns them, earliest due first. A row is
 * claimable when it is pending, due, and unclaimed or its claim has run out (its claimer died).
 * PostgreSQL: the rows are picked with FOR UPDATE SKIP LOCKED in a CTE (evaluated exactly once,
 * unlike an IN-subquery the planner may rescan), so two instances never claim the same row; a row
 * another instance claimed and committed in the meantime fails the re-check and is passed over.
 * SQLite: one process and serialized writes, so UPDATE … WHERE id IN (…) RETURNING is enough.
 */
export async function claimDueWork(conn: Conn, dialect: Dialect, c: ClaimRequest): Promise<DueWorkTable[]> {
  if (c.kinds.length === 0 || c.limit <= 0) return [];
  const claim = { claimed_by: c.instanceId, claim_expires_at: c.claimExpiresAt };
  let rows: DueWorkTable[];
  if (dialect === "postgres") {
    rows = await conn
      .with("picked", (db) =>
        db
          .selectFrom("due_work")
          .select("id")
          .where("status", "=", "pending")
          .where("due_at", "<=", c.now)
          .where("kind", "in", c.kinds)
          .where((eb) => eb.or([eb("claimed_by", "is", null), eb("claim_expires_at", "<", c.now)]))
          .orderBy("due_at")
          .orderBy("id")
          .limit(c.limit)
          .forUpdate()
          .skipLocked(),
      )
      .updateTable("due_work")
      .from("picked")
      .set(claim)
      .whereRef("due_work.id", "=", "picked.id")
      .returningAll("due_work")
      .execute();
  } else {
    rows = await conn
      .updateTable("due_work")
      .set(claim)
      .where("id", "in", (db) =>
        db
          .selectFrom("due_work")
          .select("id")
          .where("status", "=", "pending")
          .where("due_at", "<=", c.now)
          .where("kind", "in", c.kinds)
          .where((eb) => eb.or([eb("claimed_by", "is", null), eb("claim_expires_at", "<", c.now)]))
          .orderBy("due_at")
          .orderBy("id")
          .limit(c.limit),
      )
      .returningAll()
      .execute();
  }
  // RETURNING promises no order on either store.
  return rows.sort((a, b) => compareInstants(a.due_at, b.due_at) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

function compareInstants(a: Instant, b: Instant): number {
  return new Date(a).getTime() - new Date(b).getTime();
}

/** Identifies one claim of one row: a later claim of the same row (after expiry) never matches. */
export interface ClaimFence {
  id: string;
  claimedBy: string;
  claimExpiresAt: Instant;
}

function whereClaimStillOurs(conn: Conn, fence: ClaimFence) {
  // A re-claim only happens after claim_expires_at has passed and sets a later one, so
  // (claimed_by, claim_expires_at) tells this claim from any later one, even by the same instance.
  return conn
    .updateTable("due_work")
    .where("id", "=", fence.id)
    .where("status", "=", "pending")
    .where("claimed_by", "=", fence.claimedBy)
    .where("claim_expires_at", "=", fence.claimExpiresAt);
}

/** Marks claimed work done; false when the claim was lost (expired and re-claimed, or cancelled). */
export async function markWorkDone(conn: Conn, fence: ClaimFence, doneAt: Instant): Promise<boolean> {
  const result = await whereClaimStillOurs(conn, fence)
    .set({ status: "done", done_at: doneAt, claimed_by: null, claim_expires_at: null })
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Records a failed run and releases the claim: back to pending later, or failed for good. */
export async function markWorkFailed(
  conn: Conn,
  fence: ClaimFence,
  outcome: FailureOutcome,
  lastError: string,
): Promise<boolean> {
  const common = {
    attempts: outcome.attempts,
    last_error: lastError,
    claimed_by: null,
    claim_expires_at: null,
  };
  const set =
    outcome.status === "pending"
      ? { ...common, status: "pending", due_at: outcome.dueAt }
      : { ...common, status: "failed" };
  const result = await whereClaimStillOurs(conn, fence).set(set).executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/**
 * Inserts many rows (one statement per thousand), skipping any whose workspace already holds the
 * unique key; returns how many were inserted.
 */
export async function insertWorkRows(conn: Conn, rows: readonly DueWorkTable[]): Promise<number> {
  let count = 0;
  for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
    const inserted = await conn
      .insertInto("due_work")
      .values(rows.slice(i, i + INSERT_CHUNK))
      .onConflict((oc) => oc.columns(["workspace_id", "unique_key"]).doNothing())
      .returning("id")
      .execute();
    count += inserted.length;
  }
  return count;
}

/** Rows per multi-row INSERT: 14 columns × 1,000 stays under SQLite's 32,766 and PostgreSQL's 65,535 parameters. */
const INSERT_CHUNK = 1000;

/** Cancels the pending work of many subjects in one statement; returns how many rows. */
export async function cancelPendingWorkOfSubjects(
  conn: Conn,
  q: { workspaceId: string; subjectIds: readonly string[]; kind?: string | undefined },
): Promise<number> {
  if (q.subjectIds.length === 0) return 0;
  let update = conn
    .updateTable("due_work")
    .set({ status: "cancelled", claimed_by: null, claim_expires_at: null })
    .where("workspace_id", "=", q.workspaceId)
    .where("subject_id", "in", [...q.subjectIds])
    .where("status", "=", "pending");
  if (q.kind !== undefined) update = update.where("kind", "=", q.kind);
  const result = await update.executeTakeFirst();
  return Number(result.numUpdatedRows);
}

export interface WorkMove {
  subjectId: string;
  kind: string;
  dueAt: Instant;
  payload: string;
  uniqueKey: string;
}

/**
 * Moves pending work in place, one statement for many: the pending row of each (subject, kind)
 * gets the new due time, payload and unique key, and is unclaimed and its failures forgotten
 * (it is new work now). Returns the (subject, kind) pairs that had a pending row. Callers give
 * at most one move per pair and hold at most one pending row per pair.
 *
 * The workspace rides in each VALUES row and the status test is kept off the indexes on SQLite
 * (unary plus), so SQLite walks the VALUES and looks each row up by (workspace_id, subject_id)
 * instead of walking the workspace's pending work once per move.
 */
export async function moveWorkRows(
  conn: Conn,
  dialect: Dialect,
  workspaceId: string,
  moves: readonly WorkMove[],
): Promise<{ subject_id: string; kind: string }[]> {
  if (moves.length === 0) return [];
  const pg = dialect === "postgres";
  const values = sql.join(
    moves.map(
      (m) => sql`(${m.subjectId}, ${m.kind}, ${m.dueAt}, ${m.payload}, ${m.uniqueKey}, ${workspaceId})`,
    ),
  );
  const res = await sql<{ subject_id: string; kind: string }>`
    UPDATE due_work
    SET due_at = ${sql.raw(pg ? "v.column3::timestamptz" : "v.column3")}, payload = v.column4,
      unique_key = v.column5, attempts = 0, last_error = NULL, claimed_by = NULL, claim_expires_at = NULL
    FROM (VALUES ${values}) AS v
    WHERE due_work.workspace_id = v.column6 AND due_work.subject_id = v.column1 AND due_work.kind = v.column2
      AND ${sql.raw(pg ? "due_work.status" : "+due_work.status")} = 'pending'
    RETURNING due_work.subject_id, due_work.kind`.execute(conn);
  return res.rows;
}
