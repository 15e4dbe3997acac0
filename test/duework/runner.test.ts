import { setImmediate as yieldToLoop } from "node:timers/promises";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { openDatabase, type Database } from "../../src/db/database.js";
import type { Deps } from "../../src/deps.js";
import {
  cancelWork,
  createRunner,
  scheduleWork,
  type DueWork,
  type DueWorkHandler,
  type ScheduleWorkInput,
} from "../../src/duework/duework.service.js";
import { claimDueWork } from "../../src/duework/duework.store.js";
import { FakeClock, toInstant } from "../../src/shared/clock.js";
import { createIdGenerator } from "../../src/shared/ids.js";
import { createWorkspace, type Workspace } from "../../src/workspaces/workspaces.service.js";
import { createTestDatabase, type TestDatabase } from "../support/databases.js";
import { eachDialect, TEST_START } from "../support/harness.js";
import { createLocalBus } from "../../src/events/events.bus.js";

const SECOND = 1000;
const MINUTE = 60 * SECOND;

/** An instant `ms` from the test start. */
function at(ms: number): string {
  return new Date(new Date(TEST_START).getTime() + ms).toISOString();
}

/** A handler that records what it was given, in order. */
function recorder(): { handler: DueWorkHandler; seen: DueWork[] } {
  const seen: DueWork[] = [];
  return {
    seen,
    handler: (_deps, work) => {
      seen.push(work);
      return Promise.resolve();
    },
  };
}

const quiet = (): void => undefined;

eachDialect("due-work runner", (dialect) => {
  let testDb: TestDatabase;
  let clock: FakeClock;
  let deps: Deps;
  let ws: Workspace;
  let other: Workspace;

  beforeAll(async () => {
    testDb = await createTestDatabase(dialect);
    clock = new FakeClock(TEST_START);
    deps = {
      db: testDb.database.db,
      dialect,
      clock,
      newId: createIdGenerator(clock),
      events: createLocalBus(),
    };
    ws = await createWorkspace(deps, { slug: "duework", name: "Due work", timeZone: "America/New_York" });
    other = await createWorkspace(deps, { slug: "duework-2", name: "Other", timeZone: "America/New_York" });
  });
  afterAll(async () => {
    await testDb.drop();
  });
  beforeEach(async () => {
    await deps.db.deleteFrom("due_work").execute();
    clock.set(TEST_START);
  });

  function schedule(input: Omit<ScheduleWorkInput, "workspaceId"> & { workspaceId?: string }) {
    return scheduleWork(deps.db, deps, { workspaceId: ws.id, ...input });
  }
  function row(id: string) {
    return deps.db.selectFrom("due_work").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
  }

  it("fires due items once, earliest due first, with their payload", async () => {
    const later = await schedule({
      kind: "t.ping",
      subjectId: "b",
      dueAt: at(-5 * MINUTE),
      payload: { n: 2 },
    });
    const earlier = await schedule({
      kind: "t.ping",
      subjectId: "a",
      dueAt: at(-10 * MINUTE),
      payload: { n: 1 },
    });
    await schedule({ kind: "t.ping", subjectId: "c", dueAt: at(60 * MINUTE) });
    const r = recorder();
    const runner = createRunner(deps, { instanceId: "one", handlers: { "t.ping": r.handler } });

    expect(await runner.runOnce()).toEqual({ claimed: 2, done: 2, failed: 0, lost: 0 });
    expect(r.seen.map((w) => w.subjectId)).toEqual(["a", "b"]);
    expect(r.seen[0]).toMatchObject({
      id: earlier.id,
      workspaceId: ws.id,
      kind: "t.ping",
      payload: { n: 1 },
      dueAt: at(-10 * MINUTE),
      attempts: 0,
      uniqueKey: null,
    });
    expect(await runner.runOnce()).toEqual({ claimed: 0, done: 0, failed: 0, lost: 0 });
    expect(r.seen).toHaveLength(2);
    expect(await row(later.id)).toMatchObject({
      status: "done",
      done_at: TEST_START,
      claimed_by: null,
      claim_expires_at: null,
    });
  });

  it("lets work that is not yet due wait until the clock reaches it", async () => {
    await schedule({ kind: "t.ping", subjectId: "x", dueAt: at(10 * MINUTE) });
    const r = recorder();
    const runner = createRunner(deps, { instanceId: "one", handlers: { "t.ping": r.handler } });
    expect((await runner.runOnce()).claimed).toBe(0);
    clock.advance(10 * MINUTE - 1);
    expect((await runner.runOnce()).claimed).toBe(0);
    clock.advance(1);
    expect(await runner.runOnce()).toMatchObject({ claimed: 1, done: 1 });
    expect(r.seen.map((w) => w.subjectId)).toEqual(["x"]);
  });

  it("accepts any spelling of an instant and stores the sortable one", async () => {
    const w = await schedule({ kind: "t.ping", subjectId: "x", dueAt: "2026-12-07T10:30:00-05:00" });
    expect((await row(w.id)).due_at).toBe(TEST_START);
    await expect(schedule({ kind: "t.ping", subjectId: "x", dueAt: "soon" })).rejects.toMatchObject({
      code: "invalid",
    });
  });

  it("retries a failing handler with backoff, then marks the work failed", async () => {
    const w = await schedule({ kind: "t.flaky", subjectId: "x", dueAt: TEST_START });
    let calls = 0;
    const errors: unknown[] = [];
    const runner = createRunner(deps, {
      instanceId: "one",
      maxAttempts: 3,
      onError: (e) => errors.push(e),
      handlers: {
        "t.flaky": (_deps, work) => {
          calls += 1;
          expect(work.attempts).toBe(calls - 1);
          return Promise.reject(new Error(`printer on fire (${calls})`));
        },
      },
    });

    expect(await runner.runOnce()).toEqual({ claimed: 1, done: 0, failed: 1, lost: 0 });
    expect(await row(w.id)).toMatchObject({
      status: "pending",
      attempts: 1,
      last_error: "Error: printer on fire (1)",
      due_at: at(30 * SECOND),
      claimed_by: null,
      claim_expires_at: null,
    });
    expect((await runner.runOnce()).claimed).toBe(0);
    clock.advance(30 * SECOND - 1);
    expect((await runner.runOnce()).claimed).toBe(0);
    clock.advance(1);
    expect((await runner.runOnce()).failed).toBe(1);
    // The second failure doubles the wait.
    expect(await row(w.id)).toMatchObject({ status: "pending", attempts: 2, due_at: at(90 * SECOND) });
    clock.advance(60 * SECOND);
    expect((await runner.runOnce()).failed).toBe(1);
    expect(await row(w.id)).toMatchObject({
      status: "failed",
      attempts: 3,
      last_error: "Error: printer on fire (3)",
      done_at: null,
      claimed_by: null,
    });
    clock.advance(24 * 60 * MINUTE);
    expect((await runner.runOnce()).claimed).toBe(0);
    expect(calls).toBe(3);
    expect(errors).toHaveLength(3);
  });

  it("marks work done when a retry succeeds", async () => {
    const w = await schedule({ kind: "t.flaky", subjectId: "x", dueAt: TEST_START });
    let calls = 0;
    const runner = createRunner(deps, {
      instanceId: "one",
      onError: quiet,
      handlers: {
        "t.flaky": () => {
          calls += 1;
          return calls === 1 ? Promise.reject(new Error("busy")) : Promise.resolve();
        },
      },
    });
    expect((await runner.runOnce()).failed).toBe(1);
    clock.advance(30 * SECOND);
    expect((await runner.runOnce()).done).toBe(1);
    expect(await row(w.id)).toMatchObject({ status: "done", attempts: 1, last_error: "Error: busy" });
  });

  it("schedules a unique key once per workspace", async () => {
    const key = `warning:75:p1:${at(MINUTE)}`;
    const first = await schedule({ kind: "t.ping", subjectId: "p1", dueAt: at(MINUTE), uniqueKey: key });
    const again = await schedule({ kind: "t.ping", subjectId: "p1", dueAt: at(MINUTE), uniqueKey: key });
    expect(first.created).toBe(true);
    expect(again).toEqual({ id: first.id, created: false });
    // Another workspace's key space is its own.
    const elsewhere = await schedule({
      workspaceId: other.id,
      kind: "t.ping",
      subjectId: "p1",
      dueAt: at(MINUTE),
      uniqueKey: key,
    });
    expect(elsewhere.created).toBe(true);
    // Work without a key is never deduplicated.
    await schedule({ kind: "t.ping", subjectId: "p1", dueAt: at(MINUTE) });
    await schedule({ kind: "t.ping", subjectId: "p1", dueAt: at(MINUTE) });

    const r = recorder();
    const runner = createRunner(deps, { instanceId: "one", handlers: { "t.ping": r.handler } });
    clock.advance(MINUTE);
    expect((await runner.runOnce()).done).toBe(4);
    expect(r.seen.filter((w) => w.uniqueKey === key && w.workspaceId === ws.id)).toHaveLength(1);
    // Once done, the key still holds: scheduling it again stays a no-op.
    expect(await schedule({ kind: "t.ping", subjectId: "p1", dueAt: at(MINUTE), uniqueKey: key })).toEqual({
      id: first.id,
      created: false,
    });
  });

  it("schedules inside the caller's transaction, and only if it commits", async () => {
    await expect(
      deps.db.transaction().execute(async (trx) => {
        await scheduleWork(trx, deps, {
          workspaceId: ws.id,
          kind: "t.ping",
          subjectId: "x",
          dueAt: TEST_START,
        });
        throw new Error("the change failed");
      }),
    ).rejects.toThrow("the change failed");
    await deps.db.transaction().execute(async (trx) => {
      const key = "k";
      await scheduleWork(trx, deps, {
        workspaceId: ws.id,
        kind: "t.ping",
        subjectId: "y",
        dueAt: TEST_START,
        uniqueKey: key,
      });
      // A duplicate key inside the transaction does not abort it (PostgreSQL would on a raw violation).
      await scheduleWork(trx, deps, {
        workspaceId: ws.id,
        kind: "t.ping",
        subjectId: "y",
        dueAt: TEST_START,
        uniqueKey: key,
      });
    });
    const rows = await deps.db.selectFrom("due_work").select("subject_id").execute();
    expect(rows).toEqual([{ subject_id: "y" }]);
  });

  it("cancels a subject's pending work, of one kind or all kinds", async () => {
    await schedule({ kind: "promise.warning", subjectId: "p1", dueAt: at(MINUTE) });
    await schedule({ kind: "promise.breach", subjectId: "p1", dueAt: at(2 * MINUTE) });
    await schedule({ kind: "promise.warning", subjectId: "p2", dueAt: at(MINUTE) });
    await schedule({ workspaceId: other.id, kind: "promise.warning", subjectId: "p1", dueAt: at(MINUTE) });

    expect(await cancelWork(deps.db, { workspaceId: ws.id, kind: "promise.warning", subjectId: "p1" })).toBe(
      1,
    );
    expect(await cancelWork(deps.db, { workspaceId: ws.id, subjectId: "p1" })).toBe(1);
    expect(await cancelWork(deps.db, { workspaceId: ws.id, subjectId: "p1" })).toBe(0);

    const r = recorder();
    const runner = createRunner(deps, {
      instanceId: "one",
      handlers: { "promise.warning": r.handler, "promise.breach": r.handler },
    });
    clock.advance(10 * MINUTE);
    expect((await runner.runOnce()).done).toBe(2);
    expect(r.seen.map((w) => [w.workspaceId === ws.id ? "ws" : "other", w.subjectId]).sort()).toEqual([
      ["other", "p1"],
      ["ws", "p2"],
    ]);
    const statuses = await deps.db
      .selectFrom("due_work")
      .select(["kind", "status"])
      .where("workspace_id", "=", ws.id)
      .where("subject_id", "=", "p1")
      .orderBy("kind")
      .execute();
    expect(statuses).toEqual([
      { kind: "promise.breach", status: "cancelled" },
      { kind: "promise.warning", status: "cancelled" },
    ]);
  });

  it("claims only the kinds it has handlers for", async () => {
    const w = await schedule({ kind: "t.someone-else", subjectId: "x", dueAt: TEST_START });
    const runner = createRunner(deps, { instanceId: "one", handlers: { "t.ping": recorder().handler } });
    expect((await runner.runOnce()).claimed).toBe(0);
    expect(await row(w.id)).toMatchObject({ status: "pending", claimed_by: null, attempts: 0 });
  });

  it("loses nothing when a claimer dies: another runner takes the work after the claim expires", async () => {
    const w = await schedule({ kind: "t.ping", subjectId: "x", dueAt: TEST_START });
    // The dead instance claimed it and then never came back.
    const claimed = await claimDueWork(deps.db, dialect, {
      instanceId: "dead",
      kinds: ["t.ping"],
      now: TEST_START,
      claimExpiresAt: at(60 * SECOND),
      limit: 10,
    });
    expect(claimed.map((c) => c.id)).toEqual([w.id]);

    const r = recorder();
    const survivor = createRunner(deps, { instanceId: "alive", handlers: { "t.ping": r.handler } });
    expect((await survivor.runOnce()).claimed).toBe(0);
    clock.advance(60 * SECOND);
    expect((await survivor.runOnce()).claimed).toBe(0);
    clock.advance(1);
    expect(await survivor.runOnce()).toEqual({ claimed: 1, done: 1, failed: 0, lost: 0 });
    clock.advance(10 * MINUTE);
    expect((await survivor.runOnce()).claimed).toBe(0);
    expect(r.seen.map((s) => s.id)).toEqual([w.id]);
    expect(await row(w.id)).toMatchObject({ status: "done", attempts: 0 });
  });

  it("marks work done once when a stalled claimer comes back after its claim was taken over", async () => {
    const w = await schedule({ kind: "t.ping", subjectId: "x", dueAt: TEST_START });
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let entered!: () => void;
    const inHandler = new Promise<void>((resolve) => (entered = resolve));
    const completions: string[] = [];
    const stalled = createRunner(deps, {
      instanceId: "stalled",
      handlers: {
        "t.ping": async () => {
          entered();
          await gate;
          completions.push("stalled");
        },
      },
    });
    const other = createRunner(deps, {
      instanceId: "other",
      handlers: {
        "t.ping": () => {
          completions.push("other");
          return Promise.resolve();
        },
      },
    });

    const stalledRun = stalled.runOnce();
    await inHandler;
    clock.advance(60 * SECOND + 1);
    expect(await other.runOnce()).toMatchObject({ claimed: 1, done: 1 });
    const doneAt = (await row(w.id)).done_at;
    release();
    // The late claimer's completion is refused: its claim is no longer the row's claim.
    expect(await stalledRun).toEqual({ claimed: 1, done: 0, failed: 0, lost: 1 });
    expect(await row(w.id)).toMatchObject({ status: "done", done_at: doneAt });
    expect(completions).toEqual(["other", "stalled"]);
  });

  it("does not start work whose claim ran out while earlier work in the batch was running", async () => {
    await schedule({ kind: "t.slow", subjectId: "first", dueAt: at(-2 * SECOND) });
    await schedule({ kind: "t.slow", subjectId: "second", dueAt: at(-1 * SECOND) });
    const seen: string[] = [];
    const runner = createRunner(deps, {
      instanceId: "slow",
      claimSeconds: 60,
      handlers: {
        "t.slow": (_deps, work) => {
          seen.push(`slow:${work.subjectId}`);
          clock.advance(2 * MINUTE); // the first handler takes longer than the claim lasts
          return Promise.resolve();
        },
      },
    });
    expect(await runner.runOnce()).toEqual({ claimed: 2, done: 1, failed: 0, lost: 1 });
    const r = recorder();
    const next = createRunner(deps, { instanceId: "next", handlers: { "t.slow": r.handler } });
    expect(await next.runOnce()).toMatchObject({ claimed: 1, done: 1 });
    expect([...seen, ...r.seen.map((w) => `next:${w.subjectId}`)]).toEqual(["slow:first", "next:second"]);
  });

  it("sweeps on a timer until stopped", async () => {
    await schedule({ kind: "t.ping", subjectId: "x", dueAt: TEST_START });
    const r = recorder();
    const runner = createRunner(deps, { instanceId: "timer", handlers: { "t.ping": r.handler } });
    runner.start(5);
    for (let i = 0; i < 400 && r.seen.length === 0; i++) await new Promise((res) => setTimeout(res, 5));
    await runner.stop();
    expect(r.seen).toHaveLength(1);
    await schedule({ kind: "t.ping", subjectId: "y", dueAt: TEST_START });
    await new Promise((res) => setTimeout(res, 30));
    expect(r.seen).toHaveLength(1);
  });

  describe("two instances", () => {
    let second: Database | undefined;
    afterAll(async () => {
      await second?.close();
    });

    it("runs each of 500 due items exactly once, sharing the work", async () => {
      const N = 500;
      await deps.db
        .insertInto("due_work")
        .values(
          Array.from({ length: N }, (_, i) => ({
            id: deps.newId(),
            workspace_id: ws.id,
            kind: "t.count",
            subject_id: `s${i}`,
            payload: "{}",
            unique_key: null,
            due_at: at(-(N - i) * SECOND),
            status: "pending",
            attempts: 0,
            claimed_by: null,
            claim_expires_at: null,
            last_error: null,
            done_at: null,
            created_at: TEST_START,
          })),
        )
        .execute();

      // PostgreSQL: a second pool on the same database, as a second process would have.
      // SQLite: one process, so both runners share the one connection (writes serialize).
      let depsB = deps;
      if (dialect === "postgres") {
        second = openDatabase({ url: testDb.url, poolSize: 3 });
        depsB = { ...deps, db: second.db };
      }
      const handled = new Map<string, string[]>();
      const handler =
        (instance: string): DueWorkHandler =>
        async (_deps, work) => {
          handled.set(work.id, [...(handled.get(work.id) ?? []), instance]);
          await yieldToLoop(); // let the other instance interleave
        };
      const drain = async (d: Deps, instance: string): Promise<number> => {
        const runner = createRunner(d, {
          instanceId: instance,
          batchSize: 20,
          handlers: { "t.count": handler(instance) },
        });
        let done = 0;
        for (;;) {
          const result = await runner.runOnce();
          expect(result.lost + result.failed).toBe(0);
          done += result.done;
          if (result.claimed === 0) return done;
        }
      };

      const [doneA, doneB] = await Promise.all([drain(deps, "A"), drain(depsB, "B")]);
      expect(doneA + doneB).toBe(N);
      expect(doneA).toBeGreaterThan(0);
      expect(doneB).toBeGreaterThan(0);
      expect(handled.size).toBe(N);
      const twice = [...handled.entries()].filter(([, by]) => by.length !== 1);
      expect(twice).toEqual([]);
      const counts = await deps.db
        .selectFrom("due_work")
        .select(["status", (eb) => eb.fn.countAll<number>().as("n")])
        .where("kind", "=", "t.count")
        .groupBy("status")
        .execute();
      expect(counts).toEqual([{ status: "done", n: N }]);
      expect(toInstant(clock.now())).toBe(TEST_START);
    });
  });
});
