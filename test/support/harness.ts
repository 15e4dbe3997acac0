import type { FastifyInstance, InjectOptions } from "fastify";
import { afterAll, beforeAll, describe } from "vitest";
import { buildApp } from "../../src/app.js";
import { loadConfig, type Config } from "../../src/config.js";
import type { Dialect } from "../../src/db/database.js";
import type { Deps } from "../../src/deps.js";
import { FakeClock } from "../../src/shared/clock.js";
import { createIdGenerator } from "../../src/shared/ids.js";
import { createTestDatabase, postgresAvailable, type TestDatabase } from "./databases.js";
import { openEventBus } from "../../src/events/events.open.js";

const pgOk = await postgresAvailable();

/**
 * Runs the same test bodies on SQLite and PostgreSQL. On a machine without PostgreSQL the
 * PostgreSQL block is reported as skipped (and in CI that is an error, see databases.ts).
 */
export function eachDialect(title: string, body: (dialect: Dialect) => void): void {
  describe(`${title} [sqlite]`, () => {
    body("sqlite");
  });
  describe.skipIf(!pgOk)(`${title} [postgres]`, () => {
    body("postgres");
  });
}

export interface TestApp {
  deps: Deps;
  clock: FakeClock;
  app: FastifyInstance;
  config: Config;
  testDb: TestDatabase;
  /** The app on a real loopback port (listening from the first call), for event streams: inject waits for an end they never reach. */
  listen(): Promise<string>;
  /** app.inject with a JSON body, returning status, headers and the parsed body. */
  request(
    opts: InjectOptions & { json?: unknown },
  ): Promise<{ status: number; body: any; headers: Record<string, unknown>; text: string }>;
}

export const TEST_START = "2026-12-07T15:30:00.000Z"; // Mon 7 Dec 2026 10:30 New York (S1)

/** A migrated database and an app on a fake clock for the enclosing describe block. */
export function useTestApp(dialect: Dialect, overrides: Partial<Config> = {}): TestApp {
  const t = {} as TestApp;
  beforeAll(async () => {
    t.testDb = await createTestDatabase(dialect);
    t.clock = new FakeClock(TEST_START);
    // The bus the server would use: on PostgreSQL that is LISTEN/NOTIFY on its own connection.
    const events = openEventBus({ dialect, url: t.testDb.url });
    await events.ready();
    t.deps = {
      db: t.testDb.database.db,
      dialect,
      clock: t.clock,
      newId: createIdGenerator(t.clock),
      events,
    };
    t.config = { ...loadConfig({}), databaseUrl: t.testDb.url, ...overrides };
    t.app = await buildApp({ deps: t.deps, config: t.config });
    await t.app.ready();
    let base: Promise<string> | undefined;
    t.listen = () => (base ??= t.app.listen({ host: "127.0.0.1", port: 0 }));
    t.request = async ({ json, ...opts }) => {
      const res = await t.app.inject({
        ...opts,
        ...(json !== undefined && {
          payload: JSON.stringify(json),
          headers: { "content-type": "application/json", ...opts.headers },
        }),
      });
      let body: unknown = undefined;
      try {
        body = res.body.length > 0 ? JSON.parse(res.body) : undefined;
      } catch {
        body = undefined;
      }
      return { status: res.statusCode, body, headers: res.headers, text: res.body };
    };
  });
  afterAll(async () => {
    // Fields are unset when beforeAll failed part-way; close what exists.
    const { app, testDb, deps } = t as Partial<TestApp>;
    await app?.close();
    await deps?.events.close();
    await testDb?.drop();
  });
  return t;
}
