import type { FastifyInstance } from "fastify";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../../src/app.js";
import { loadConfig } from "../../src/config.js";
import { openDatabase, type Database } from "../../src/db/database.js";
import type { Deps } from "../../src/deps.js";
import { createPgBus, EVENTS_APPLICATION_NAME } from "../../src/events/events.pg.js";
import { FakeClock } from "../../src/shared/clock.js";
import { createIdGenerator } from "../../src/shared/ids.js";
import { createTestDatabase, postgresAvailable, type TestDatabase } from "../support/databases.js";
import { createTestWorkspace, type TestWorkspace } from "../support/factories.js";
import { TEST_START } from "../support/harness.js";
import { openStream, type StreamReader } from "../support/sse.js";

const pgOk = await postgresAvailable();

interface Instance {
  deps: Deps;
  app: FastifyInstance;
  url: string;
  database: Database;
}

/** One app as `serve` builds it: its own pool, its own bus (LISTEN/NOTIFY), its own port. */
async function startInstance(url: string, clock: FakeClock): Promise<Instance> {
  const database = openDatabase({ url, poolSize: 3 });
  const events = createPgBus({ url, reconnectMinMs: 50, reconnectMaxMs: 200, onError: () => undefined });
  await events.ready();
  const deps: Deps = { db: database.db, dialect: "postgres", clock, newId: createIdGenerator(clock), events };
  const config = { ...loadConfig({}), databaseUrl: url, presenceSweepMs: 25 };
  const app = await buildApp({ deps, config });
  const address = await app.listen({ host: "127.0.0.1", port: 0 });
  return { deps, app, url: address, database };
}

describe.skipIf(!pgOk)("two app instances on one PostgreSQL [postgres]", () => {
  let testDb: TestDatabase;
  let one: Instance;
  let two: Instance;
  let ws: TestWorkspace;
  const streams: StreamReader[] = [];

  beforeAll(async () => {
    testDb = await createTestDatabase("postgres");
    const clock = new FakeClock(TEST_START);
    one = await startInstance(testDb.url, clock);
    two = await startInstance(testDb.url, clock);
    ws = await createTestWorkspace(one.deps, "two-instances");
  });
  afterAll(async () => {
    for (const s of streams) s.close();
    for (const i of [one, two] as (Instance | undefined)[]) {
      await i?.app.close();
      await i?.deps.events.close();
      await i?.database.close();
    }
    await testDb.drop();
  });

  async function caseOnOne(): Promise<{ id: string; number: number }> {
    const res = await one.app.inject({
      method: "POST",
      url: "/api/cases",
      headers: ws.members.agent.auth,
      payload: { subject: "Two desks, one case", channel: "email" },
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json();
  }

  async function noteOnOne(caseId: string, body: string): Promise<number> {
    const res = await one.app.inject({
      method: "POST",
      url: `/api/cases/${caseId}/entries`,
      headers: ws.members.agent.auth,
      payload: { kind: "note", body },
    });
    return res.statusCode;
  }

  it("a change through instance 1 reaches a stream on instance 2, and presence crosses too", async () => {
    const c = await caseOnOne();
    const s = await openStream(two.url, `/api/cases/${c.id}/events`, ws.members.receptionist.auth);
    streams.push(s);
    await s.next((e) => e.event === "presence");
    expect(await noteOnOne(c.id, "Written on instance one")).toBe(201);
    const e = await s.next((x) => x.event === "case");
    expect(e.data).toMatchObject({
      caseId: c.id,
      kind: "case.entry-added",
      actorStaffId: ws.members.agent.id,
    });

    const presence = await one.app.inject({
      method: "POST",
      url: `/api/cases/${c.id}/presence`,
      headers: ws.members.agent.auth,
      payload: { activity: "replying" },
    });
    expect(presence.statusCode).toBe(200);
    const p = await s.next((x) => x.event === "presence");
    expect(p.data.people).toEqual([
      expect.objectContaining({ name: "Agent of two-instances", activity: "replying" }),
    ]);
  });

  it("after the listening connection is lost, it reconnects, says resync, and events cross again", async () => {
    const c = await caseOnOne();
    const later = await caseOnOne();
    const s = await openStream(two.url, "/api/events", ws.members.receptionist.auth);
    streams.push(s);
    await s.next((e) => e.event === "ready");
    const killed = await sql<{ n: number }>`
      SELECT count(pg_terminate_backend(pid))::int AS n FROM pg_stat_activity
      WHERE application_name = ${EVENTS_APPLICATION_NAME} AND datname = current_database()`.execute(
      one.deps.db,
    );
    expect(killed.rows[0]?.n).toBe(2);
    // A write while the bus is down still commits: telling people never fails a write. Whether
    // its event reaches instance 2 depends on which instance listens again first (NOTIFY only
    // reaches sessions listening at that moment); that is what `resync` is for.
    expect(await noteOnOne(c.id, "Written while the listener was down")).toBe(201);
    await s.next((e) => e.event === "resync", 10_000);
    // Instance 2 listens again: a new write through instance 1 crosses (sent at once, or queued
    // until instance 1's own connection is back).
    expect(await noteOnOne(later.id, "Written after the reconnect")).toBe(201);
    const e = await s.next((x) => x.event === "case" && x.data.caseId === later.id, 10_000);
    expect(e.data.kind).toBe("case.entry-added");
  });
});
