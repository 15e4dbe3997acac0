import { sql, type Kysely, type RawBuilder } from "kysely";
import { openDatabase, type Database, type Dialect } from "../src/db/database.js";
import type { DB } from "../src/db/schema.js";
import { NEVER } from "../src/shared/clock.js";

/*
 * Bulk generation of cases straight in SQL: each batch is one INSERT … SELECT over a generated
 * series, so no row crosses the driver. Values come from integer hashes of the row index, so both
 * dialects get the same data set (same statuses, assignees, due times) for the same index.
 *
 * Distribution: ~50 assignees (52 slots, 2 of them unassigned ≈ 4%), 75% open statuses, due_at
 * uniform over the next 30 days with 20% at the NEVER sentinel, 30% of cases with one tag, and one
 * search document (the subject) per case, as createCase writes it.
 */

/** Cases per INSERT … SELECT, each in its own transaction. */
const BATCH = 100_000;
/** At or above this many rows, drop the tables' secondary indexes for the load and rebuild them. */
const REBUILD_AT = 20_000;
/** Generated cases are created one every 30 s, ending before the bench started. */
const CREATED_STEP_MS = 30_000;

const P = 4_294_967_291; // largest prime below 2^32
// Multipliers < 2^31 and < 2^30, so every product stays below 2^63 on both dialects (i < 2^21).
const MIX: readonly (readonly [number, number, number])[] = [
  [1_103_515_245, 12_345, 69_069],
  [1_664_525, 1_013_904_223, 741_103_597],
  [2_147_483_629, 7_654_321, 1_013_904_223 % 2 ** 30],
  [214_013, 2_531_011, 134_775_813],
  [1_140_671_485, 12_820_163, 16_807],
  [22_695_477, 1, 48_271],
];
const u = (k: number) => {
  const [a, b, c] = MIX[k]!;
  return `((((i * ${a}) + ${b}) % ${P}) * ${c}) % ${P}`;
};

const SUBJECTS = [
  "Printer jams on every second page",
  "Parcel marked delivered but not received",
  "Invoice shows the wrong VAT number",
  "Cannot log in to the customer portal",
  "Colour proofs look washed out",
  "Request to change the delivery address",
  "Refund for a damaged shipment",
  "Quote for 500 business cards",
];
const TAGS = ["billing", "shipping", "returns", "vip", "printing"];
const CHANNELS = ["email", "portal", "phone", "walk_in", "chat", "api"];

const quote = (s: string) => `'${s.replace(/'/g, "''")}'`;
const caseOf = (expr: string, values: readonly string[]) =>
  `CASE ${expr} ${values.map((v, n) => `WHEN ${n} THEN ${quote(v)}`).join(" ")} END`;

/** An instant (ms since the epoch, an integer SQL expression) as the column type stores it. */
function instant(dialect: Dialect, ms: string): string {
  return dialect === "postgres"
    ? `(timestamptz 'epoch' + (${ms}) * interval '1 millisecond')`
    : `(strftime('%Y-%m-%dT%H:%M:%S', (${ms}) / 1000, 'unixepoch') || '.' || printf('%03d', (${ms}) % 1000) || 'Z')`;
}

/** A UUIDv7-shaped id: 48-bit ms time, then the row index (unique), then hash bits. Sorts by time. */
function uuid7(dialect: Dialect): string {
  const parts = [
    ["ms / 65536", 8],
    ["ms % 65536", 4],
    ["28672 + (i / 4096) % 4096", 4], // 0x7000 | 12 bits
    ["32768 + (u5 % 4) * 4096 + i % 4096", 4], // variant 10xx | 12 bits
    ["u1 * 65536 + u2 % 65536", 12],
  ] as const;
  if (dialect === "sqlite") {
    return `printf('%08x-%04x-%04x-%04x-%012x', ${parts.map(([e]) => e).join(", ")})`;
  }
  return parts.map(([e, w]) => `lpad(to_hex(${e}), ${w}, '0')`).join(" || '-' || ");
}

function insertCasesSql(
  dialect: Dialect,
  p: {
    workspaceId: string;
    from: number;
    to: number;
    numberOffset: number;
    createdEndMs: number;
    nowMs: number;
    totalPlanned: number;
  },
): RawBuilder<unknown> {
  const never = dialect === "postgres" ? `timestamptz '${NEVER}'` : quote(NEVER);
  const createdBase = p.createdEndMs - p.totalPlanned * CREATED_STEP_MS;
  const series =
    dialect === "postgres"
      ? `generate_series(${p.from}::bigint, ${p.to - 1}::bigint) AS s(i)`
      : `(WITH RECURSIVE s(i) AS (SELECT ${p.from} UNION ALL SELECT i + 1 FROM s WHERE i < ${p.to - 1}) SELECT i FROM s) AS s`;
  const due = `CASE WHEN u4 % 100 < 20 THEN ${never} ELSE ${instant(dialect, `${p.nowMs} + (u3 % 2592000) * 1000 + i % 1000`)} END`;
  return sql.raw(`
    INSERT INTO cases (id, workspace_id, number, subject, status, is_open, priority, priority_reason, channel,
      assignee_id, team_id, client_id, customer_id, due_at, created_by_id, created_at, updated_at, solved_at, closed_at)
    SELECT
      ${uuid7(dialect)},
      ${quote(p.workspaceId)},
      ${p.numberOffset} + i,
      ${caseOf("u5 % 8", SUBJECTS)} || ' (ref ' || i || ')',
      CASE WHEN u2 % 100 < 15 THEN 'closed' WHEN u2 % 100 < 25 THEN 'solved' WHEN u2 % 100 < 50 THEN 'open'
           WHEN u2 % 100 < 65 THEN 'new' WHEN u2 % 100 < 85 THEN 'waiting_on_customer' ELSE 'on_hold' END,
      CASE WHEN u2 % 100 < 25 THEN 0 ELSE 1 END,
      CASE WHEN u6 % 100 < 80 THEN 'normal' WHEN u6 % 100 < 88 THEN 'high' WHEN u6 % 100 < 96 THEN 'low' ELSE 'urgent' END,
      CASE WHEN u6 % 100 < 80 THEN NULL WHEN u6 % 100 < 96 THEN 'deadline_at_risk' ELSE 'service_down' END,
      ${caseOf("(u6 / 100) % 6", CHANNELS)},
      a.staff_id, NULL, NULL, NULL,
      ${due},
      a.staff_id,
      ${instant(dialect, "ms")},
      ${instant(dialect, "ms + 60000")},
      CASE WHEN u2 % 100 < 25 THEN ${instant(dialect, "ms + 3600000")} ELSE NULL END,
      CASE WHEN u2 % 100 < 15 THEN ${instant(dialect, "ms + 7200000")} ELSE NULL END
    FROM (
      SELECT i, ${[0, 1, 2, 3, 4, 5].map((k) => `${u(k)} AS u${k + 1}`).join(", ")},
        ${createdBase} + i * ${CREATED_STEP_MS} AS ms
      FROM ${series}
    ) AS g
    LEFT JOIN bench_assignees a ON a.slot = g.u1 % 52
    ORDER BY i`);
}

function insertTagsSql(workspaceId: string, fromNumber: number, toNumber: number): RawBuilder<unknown> {
  return sql.raw(`
    INSERT INTO case_tags (workspace_id, case_id, tag)
    SELECT workspace_id, id, ${caseOf("(number / 10) % 5", TAGS)}
    FROM cases
    WHERE workspace_id = ${quote(workspaceId)} AND number >= ${fromNumber} AND number < ${toNumber}
      AND number % 10 < 3`);
}

/** The same columns on both: a plain table on PostgreSQL, an FTS5 table on SQLite. */
function insertSearchDocsSql(workspaceId: string, fromNumber: number, toNumber: number): RawBuilder<unknown> {
  return sql.raw(`
    INSERT INTO search_docs (source_id, workspace_id, case_id, body)
    SELECT id, workspace_id, id, subject
    FROM cases
    WHERE workspace_id = ${quote(workspaceId)} AND number >= ${fromNumber} AND number < ${toNumber}`);
}

const LOADED_TABLES = ["cases", "case_tags", "search_docs"];

interface IndexDef {
  name: string;
  definition: string;
}

/** Secondary (non-unique, non-constraint) indexes of the loaded tables, as the schema has them. */
async function secondaryIndexes(db: Kysely<DB>, dialect: Dialect): Promise<IndexDef[]> {
  if (dialect === "postgres") {
    const res = await sql<IndexDef>`
      SELECT i.relname AS name, pg_get_indexdef(ix.indexrelid) AS definition
      FROM pg_index ix
      JOIN pg_class i ON i.oid = ix.indexrelid
      JOIN pg_class t ON t.oid = ix.indrelid
      WHERE t.relname IN (${sql.join(LOADED_TABLES)}) AND t.relnamespace = 'public'::regnamespace
        AND NOT ix.indisunique AND NOT ix.indisprimary
      ORDER BY i.relname`.execute(db);
    return res.rows;
  }
  const res = await sql<IndexDef>`
    SELECT name, sql AS definition FROM sqlite_master
    WHERE type = 'index' AND tbl_name IN (${sql.join(LOADED_TABLES)}) AND sql IS NOT NULL
      AND sql NOT LIKE 'CREATE UNIQUE%'
    ORDER BY name`.execute(db);
  return res.rows;
}

export interface GenerationTimes {
  rows: number;
  /** Seconds spent inserting rows (cases, tags, search documents). */
  insert: number;
  /** Seconds spent rebuilding secondary indexes (0 when they were kept during the load). */
  indexes: number;
  /** Seconds for statistics / vacuum / checkpoint after the load. */
  finish: number;
  total: number;
}

export interface GenerateOptions {
  url: string;
  workspaceId: string;
  /** The staff ids the cases are spread over. */
  assigneeIds: readonly string[];
  /** Row indexes [from, to) of the planned data set; `totalPlanned` fixes created_at spacing. */
  from: number;
  to: number;
  totalPlanned: number;
  nowMs: number;
  log: (line: string) => void;
}

/** Opens its own connection (bulk-load settings stay off the app's connections) and loads rows. */
export async function generateCases(opts: GenerateOptions): Promise<GenerationTimes> {
  const started = performance.now();
  const database: Database = openDatabase({ url: opts.url, poolSize: 1 });
  const { db, dialect } = database;
  try {
    if (dialect === "postgres") {
      await sql`SET maintenance_work_mem = '512MB'`.execute(db);
      await sql`SET synchronous_commit = off`.execute(db);
    } else {
      await sql`PRAGMA cache_size = -262144`.execute(db);
      await sql`PRAGMA synchronous = OFF`.execute(db);
    }
    await db.schema
      .createTable("bench_assignees")
      .ifNotExists()
      .addColumn("slot", "integer", (c) => c.primaryKey())
      .addColumn("staff_id", "text", (c) => c.notNull())
      .execute();
    await sql`DELETE FROM bench_assignees`.execute(db);
    await sql`INSERT INTO bench_assignees (slot, staff_id) VALUES ${sql.join(
      opts.assigneeIds.map((id, slot) => sql`(${slot}, ${id})`),
    )}`.execute(db);

    const ws = await db
      .selectFrom("workspaces")
      .select("next_case_number")
      .where("id", "=", opts.workspaceId)
      .executeTakeFirstOrThrow();
    const numberOffset = ws.next_case_number - opts.from;
    const count = opts.to - opts.from;

    const rebuild = count >= REBUILD_AT ? await secondaryIndexes(db, dialect) : [];
    for (const ix of rebuild) await sql`DROP INDEX ${sql.id(ix.name)}`.execute(db);

    const insertStart = performance.now();
    for (let from = opts.from; from < opts.to; from += BATCH) {
      const to = Math.min(opts.to, from + BATCH);
      await db.transaction().execute(async (trx) => {
        await insertCasesSql(dialect, {
          workspaceId: opts.workspaceId,
          from,
          to,
          numberOffset,
          createdEndMs: opts.nowMs - 3_600_000,
          nowMs: opts.nowMs,
          totalPlanned: opts.totalPlanned,
        }).execute(trx);
        await insertTagsSql(opts.workspaceId, numberOffset + from, numberOffset + to).execute(trx);
        await insertSearchDocsSql(opts.workspaceId, numberOffset + from, numberOffset + to).execute(trx);
      });
      if (count >= REBUILD_AT) opts.log(`    ${to - opts.from}/${count} rows`);
    }
    await db
      .updateTable("workspaces")
      .set({ next_case_number: ws.next_case_number + count })
      .where("id", "=", opts.workspaceId)
      .execute();
    const insert = (performance.now() - insertStart) / 1000;

    const indexStart = performance.now();
    for (const ix of rebuild) await sql.raw(ix.definition).execute(db);
    const indexes = (performance.now() - indexStart) / 1000;

    const finishStart = performance.now();
    if (dialect === "postgres") {
      // What autovacuum would do soon after a load this size; done now so every run measures the same.
      for (const t of LOADED_TABLES) await sql`VACUUM ANALYZE ${sql.id(t)}`.execute(db);
    } else {
      // No ANALYZE: the app never runs it, so the planner works as it will in production.
      await sql`PRAGMA wal_checkpoint(TRUNCATE)`.execute(db);
    }
    const finish = (performance.now() - finishStart) / 1000;
    return { rows: count, insert, indexes, finish, total: (performance.now() - started) / 1000 };
  } finally {
    await database.close();
  }
}
