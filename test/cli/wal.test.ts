import { statSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCase } from "../../src/cases/cases.service.js";
import type { Deps } from "../../src/deps.js";
import { FakeClock } from "../../src/shared/clock.js";
import { createIdGenerator } from "../../src/shared/ids.js";
import { createTestDatabase, type TestDatabase } from "../support/databases.js";
import { createTestWorkspace, type TestWorkspace } from "../support/factories.js";
import { createLocalBus } from "../../src/events/events.bus.js";

// ARCHITECTURE.md: with better-sqlite3, `.get()` on INSERT … RETURNING leaves the statement open,
// no checkpoint runs and the -wal file grows without bound. This writes ~24 MB through the real
// service path (which uses RETURNING) and checks the WAL stays near SQLite's checkpoint size.
describe("SQLite write-ahead log", () => {
  let testDb: TestDatabase;
  let deps: Deps;
  let ws: TestWorkspace;
  beforeAll(async () => {
    testDb = await createTestDatabase("sqlite");
    const clock = new FakeClock("2026-12-07T15:30:00.000Z");
    deps = {
      db: testDb.database.db,
      dialect: "sqlite",
      clock,
      newId: createIdGenerator(clock),
      events: createLocalBus(),
    };
    ws = await createTestWorkspace(deps, "wal");
  });
  afterAll(() => testDb.drop());

  it("stays bounded under a write loop", async () => {
    const description = "x".repeat(16_000);
    for (let i = 0; i < 1_500; i++) {
      await createCase(deps, ws.members.agent.actor, { subject: `Case ${i}`, channel: "email", description });
    }
    const walBytes = statSync(`${testDb.url}-wal`).size;
    const dbBytes = statSync(testDb.url).size;
    expect(dbBytes).toBeGreaterThan(24_000_000);
    // Auto-checkpoint runs at 1000 pages (4 MiB); without checkpoints the WAL would exceed 24 MB.
    expect(walBytes).toBeLessThan(12 * 1024 * 1024);
  });
});
