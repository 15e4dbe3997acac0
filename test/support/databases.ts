import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import pg from "pg";
import { openDatabase, type Database, type Dialect } from "../../src/db/database.js";
import { migrateToLatest } from "../../src/db/migrate.js";

/** The machine's PostgreSQL (trust auth). Override with FRONTDESK_TEST_PG. */
export const PG_ADMIN_URL = process.env.FRONTDESK_TEST_PG ?? "postgres://postgres@127.0.0.1:5432/test";

async function canReachPostgres(): Promise<boolean> {
  const client = new pg.Client({ connectionString: PG_ADMIN_URL, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query("select 1");
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

let pgReachable: Promise<boolean> | undefined;

/**
 * Whether the PostgreSQL tier runs. In CI it must: an unreachable server fails the run instead
 * of quietly skipping half the suite.
 */
export async function postgresAvailable(): Promise<boolean> {
  pgReachable ??= canReachPostgres();
  const ok = await pgReachable;
  if (!ok && process.env.CI === "true") {
    throw new Error(
      `CI=true but PostgreSQL at ${PG_ADMIN_URL} is unreachable; the PostgreSQL tests must run in CI.`,
    );
  }
  if (!ok)
    console.warn(`NOTICE: PostgreSQL at ${PG_ADMIN_URL} is unreachable; PostgreSQL tests are skipped.`);
  return ok;
}

export interface TestDatabase {
  database: Database;
  url: string;
  drop(): Promise<void>;
}

/** A fresh, migrated database of its own: a temp SQLite file, or a new PostgreSQL database. */
export async function createTestDatabase(
  dialect: Dialect,
  opts: { migrate?: boolean } = {},
): Promise<TestDatabase> {
  if (dialect === "sqlite") {
    const dir = mkdtempSync(join(tmpdir(), "frontdesk-test-"));
    const url = join(dir, "test.db");
    const database = openDatabase({ url });
    if (opts.migrate !== false) await migrateToLatest(database);
    return {
      database,
      url,
      drop: async () => {
        await database.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const name = `fd_test_${process.pid}_${randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = PG_ADMIN_URL.replace(/\/[^/]*$/, `/${name}`);
  const database = openDatabase({ url, poolSize: 5 });
  if (opts.migrate !== false) await migrateToLatest(database);
  return {
    database,
    url,
    drop: async () => {
      await database.close();
      const c = new pg.Client({ connectionString: PG_ADMIN_URL });
      await c.connect();
      try {
        // pool.end() resolves before the server-side backends have exited; a forced drop while
        // one is still closing kills it and its FATAL surfaces as an unhandled error. Wait first.
        for (let i = 0; i < 250; i++) {
          const res = await c.query<{ n: number }>(
            "SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1",
            [name],
          );
          if (res.rows[0]?.n === 0) break;
          await sleep(20);
        }
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await c.end();
      }
    },
  };
}
