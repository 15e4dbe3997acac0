import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import SQLite from "better-sqlite3";
import { Kysely, PostgresDialect, SqliteDialect, type Transaction } from "kysely";
import pg from "pg";
import type { DB } from "./schema.js";

export type Dialect = "sqlite" | "postgres";

export interface Database {
  db: Kysely<DB>;
  dialect: Dialect;
  close(): Promise<void>;
}

/** A Kysely handle or an open transaction: store functions take either. */
export type Conn = Kysely<DB> | Transaction<DB>;

export interface OpenOptions {
  /** `postgres://…` selects PostgreSQL; anything else is a SQLite file path (or ":memory:"). */
  url: string;
  /** SQLite `synchronous`: NORMAL is durable across process crashes in WAL mode; FULL also across power loss. */
  sqliteSynchronous?: "NORMAL" | "FULL";
  /** PostgreSQL pool size. */
  poolSize?: number;
}

export function dialectOf(url: string): Dialect {
  return /^postgres(ql)?:\/\//.test(url) ? "postgres" : "sqlite";
}

// PostgreSQL type ids whose default parsing does not fit our one schema type.
const PG_INT8 = 20;
const PG_NUMERIC = 1700;
const PG_TIMESTAMPTZ = 1184;

/** Reads instants back as the same ISO strings we write, and counts/bigints as numbers. */
function pgTypeParser(oid: number): ((value: string) => unknown) | undefined {
  if (oid === PG_INT8 || oid === PG_NUMERIC) return Number;
  if (oid === PG_TIMESTAMPTZ) return (v: string) => new Date(v).toISOString();
  return undefined;
}

const pgTypes: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: "text" | "binary") =>
    // eslint-disable-next-line @typescript-eslint/no-unsafe-return, @typescript-eslint/no-unsafe-enum-assignment -- pg's own parser table, typed loosely upstream
    pgTypeParser(oid) ?? pg.types.getTypeParser(oid, format)) as pg.CustomTypesConfig["getTypeParser"],
};

export function openDatabase(options: OpenOptions): Database {
  if (dialectOf(options.url) === "postgres") {
    const pool = new pg.Pool({ connectionString: options.url, max: options.poolSize ?? 10, types: pgTypes });
    const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
    return { db, dialect: "postgres", close: () => db.destroy() };
  }
  const file = options.url.replace(/^sqlite:(\/\/)?/, "");
  if (file !== ":memory:") mkdirSync(dirname(file), { recursive: true });
  const sqlite = new SQLite(file);
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma(`synchronous = ${options.sqliteSynchronous ?? "NORMAL"}`);
  sqlite.pragma("foreign_keys = ON");
  sqlite.pragma("busy_timeout = 5000");
  // Keeps the -wal file from growing without bound between checkpoints (see docs/ARCHITECTURE.md).
  sqlite.pragma("journal_size_limit = 67108864");
  // SQLite keeps no planner statistics unless asked; without them it picked a tag index that
  // walks a whole workspace (see migration 0005). `optimize` gathers them where they are stale,
  // cheaply, and is meant to run when a connection opens.
  sqlite.pragma("optimize = 0x10002");
  const db = new Kysely<DB>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) });
  return { db, dialect: "sqlite", close: () => db.destroy() };
}

/** How many prepared statements a SQLite connection keeps (least recently used go first). */
const STATEMENT_CACHE_SIZE = 512;

/**
 * Kysely's SQLite driver prepares every query afresh; preparing was ~7% of a create-case in a
 * profile. Our queries come from a few hundred query builders, so caching the statement by its
 * SQL text saves that. Safe because better-sqlite3 runs each statement to completion
 * synchronously (we never stream with `iterate`, which would hold a statement busy).
 */
function withStatementCache(sqlite: SQLite.Database): {
  prepare(sql: string): SQLite.Statement;
  close(): void;
} {
  const cache = new Map<string, SQLite.Statement>();
  return {
    prepare(text: string) {
      const cached = cache.get(text);
      if (cached) {
        cache.delete(text);
        cache.set(text, cached);
        return cached;
      }
      const stmt = sqlite.prepare(text);
      cache.set(text, stmt);
      if (cache.size > STATEMENT_CACHE_SIZE) {
        const oldest = cache.keys().next();
        if (!oldest.done) cache.delete(oldest.value);
      }
      return stmt;
    },
    close() {
      cache.clear();
      sqlite.close();
    },
  };
}
