import type { Conn, Dialect } from "../db/database.js";
import type { DueWorkTable } from "../db/schema.js";
import type { Deps } from "../deps.js";
import { toInstant, type Instant } from "../shared/clock.js";
import { invalid } from "../shared/errors.js";
import { addMs, afterFailure, claimHeld, describeError } from "./duework.rules.js";
import {
  cancelPendingWork,
  cancelPendingWorkOfSubjects,
  claimDueWork,
  findWorkByUniqueKey,
  insertWork,
  insertWorkRows,
  markWorkDone,
  moveWorkRows,
  markWorkFailed,
  type ClaimFence,
} from "./duework.store.js";

/** One piece of due work as a handler sees it. */
export interface DueWork {
  id: string;
  workspaceId: string;
  kind: string;
  subjectId: string;
  /** The payload given to scheduleWork, parsed back from JSON. */
  payload: unknown;
  uniqueKey: string | null;
  dueAt: Instant;
  /** Failed runs before this one (0 on the first run). */
  attempts: number;
}

/**
 * Does the work. Must be idempotent: a handler may run again for the same row when its instance
 * dies (or stalls past the claim) after the effect but before the row is marked done, and the
 * subject may have changed since scheduling (re-check it; cancelWork can race a running handler).
 * Throwing records the error and retries with backoff; returning marks the row done.
 */
export type DueWorkHandler = (deps: Deps, work: DueWork) => Promise<void>;

export interface ScheduleWorkInput {
  workspaceId: string;
  kind: string;
  subjectId: string;
  dueAt: Instant;
  /** JSON-serializable data for the handler; `{}` when omitted. */
  payload?: unknown;
  /** Scheduling a key that the workspace already has (in any status) does nothing. */
  uniqueKey?: string;
}

export interface ScheduledWork {
  /** The new row, or the existing row that holds the same unique key. */
  id: string;
  created: boolean;
}

/**
 * Schedules work at `dueAt`. Takes a connection so it can join the caller's transaction (the work
 * then exists exactly when the change that needs it commits). Idempotent with a `uniqueKey`.
 */
export async function scheduleWork(
  conn: Conn,
  deps: Pick<Deps, "clock" | "newId">,
  input: ScheduleWorkInput,
): Promise<ScheduledWork> {
  if (input.kind.length === 0) throw invalid("Due work needs a kind.", { field: "kind" });
  const payload = JSON.stringify(input.payload ?? {}) as string | undefined;
  if (payload === undefined) throw invalid("Due work payload must be JSON data.", { field: "payload" });
  const id = deps.newId();
  const created = await insertWork(conn, {
    id,
    workspace_id: input.workspaceId,
    kind: input.kind,
    subject_id: input.subjectId,
    payload,
    unique_key: input.uniqueKey ?? null,
    due_at: canonicalInstant(input.dueAt),
    status: "pending",
    attempts: 0,
    claimed_by: null,
    claim_expires_at: null,
    last_error: null,
    done_at: null,
    created_at: toInstant(deps.clock.now()),
  });
  if (created || input.uniqueKey === undefined) return { id, created };
  const existing = await findWorkByUniqueKey(conn, input.workspaceId, input.uniqueKey);
  // Not found only if the conflicting row vanished between the two statements; nothing deletes
  // due work, so that would be a bug worth hearing about.
  if (!existing) throw new Error(`due work with key ${input.uniqueKey} conflicted but cannot be found`);
  return { id: existing.id, created: false };
}

/**
 * SQLite compares instants as text, which is only right for one spelling: ISO-8601 UTC with
 * milliseconds. Any parseable instant is brought to it; anything else is refused.
 */
function canonicalInstant(at: Instant): Instant {
  const d = new Date(at);
  if (Number.isNaN(d.getTime())) throw invalid("Due work needs a valid dueAt instant.", { field: "dueAt" });
  return toInstant(d);
}

/** Cancels a subject's pending work (one kind, or every kind); returns how many rows. Joins the caller's transaction. */
export function cancelWork(
  conn: Conn,
  q: { workspaceId: string; kind?: string; subjectId: string },
): Promise<number> {
  return cancelPendingWork(conn, q);
}

export interface RunnerOptions {
  /** Names this instance in `claimed_by`; unique per running process (e.g. host:pid:random). */
  instanceId: string;
  /** Handlers by kind. The runner only claims kinds it has a handler for. */
  handlers: Readonly<Record<string, DueWorkHandler>>;
  /** How long a claim lasts. Must exceed the longest handler run, or another instance may run it too. */
  claimSeconds?: number;
  /** Rows claimed per runOnce. */
  batchSize?: number;
  /** Failed runs after which a row is marked failed and left alone. */
  maxAttempts?: number;
  /** Hears handler failures (with the work) and failed timer sweeps (without). Defaults to console.error. */
  onError?: (error: unknown, work?: DueWork) => void;
}

export interface RunResult {
  claimed: number;
  done: number;
  failed: number;
  /** Claimed rows this runner no longer held when acting on them (claim ran out, or cancelled). */
  lost: number;
}

export interface Runner {
  /** Claims one batch of due work and runs it, earliest due first. */
  runOnce(): Promise<RunResult>;
  /** Sweeps now and every `intervalMs` (never two sweeps at once). */
  start(intervalMs: number): void;
  /** Stops the timer and waits for a sweep in progress. */
  stop(): Promise<void>;
}

/**
 * A due-work runner for one instance. Each due row is handed to at most one live claimer at a time
 * and marked done at most once; a claimer that dies loses nothing (its claims expire and another
 * runner takes them). Time comes only from deps.clock.
 */
export function createRunner(deps: Deps, options: RunnerOptions): Runner {
  const claimSeconds = options.claimSeconds ?? 60;
  const batchSize = options.batchSize ?? 20;
  const maxAttempts = options.maxAttempts ?? 5;
  const onError = options.onError ?? defaultOnError;
  if (options.instanceId.length === 0) throw new Error("a due-work runner needs an instanceId");
  if (!(claimSeconds > 0 && Number.isInteger(batchSize) && batchSize > 0 && maxAttempts >= 1))
    throw new Error("due-work runner options out of range");
  const kinds = Object.keys(options.handlers);

  async function runOne(row: DueWorkTable, result: RunResult): Promise<void> {
    const fence: ClaimFence = {
      id: row.id,
      claimedBy: options.instanceId,
      claimExpiresAt: row.claim_expires_at ?? "",
    };
    // Earlier handlers in the batch may have taken long enough for this claim to run out; then
    // another runner may already hold the row, and running it here would run it twice.
    if (!claimHeld(fence.claimExpiresAt, deps.clock.now())) {
      result.lost += 1;
      return;
    }
    let work: DueWork | undefined;
    try {
      work = toDueWork(row);
      const handler = options.handlers[row.kind];
      if (!handler) throw new Error(`no handler for due work of kind ${row.kind}`);
      await handler(deps, work);
    } catch (error) {
      onError(error, work);
      const outcome = afterFailure(row.attempts, maxAttempts, deps.clock.now());
      if (await markWorkFailed(deps.db, fence, outcome, describeError(error))) result.failed += 1;
      else result.lost += 1;
      return;
    }
    if (await markWorkDone(deps.db, fence, toInstant(deps.clock.now()))) result.done += 1;
    else result.lost += 1;
  }

  async function runOnce(): Promise<RunResult> {
    const now = deps.clock.now();
    const rows = await claimDueWork(deps.db, deps.dialect, {
      instanceId: options.instanceId,
      kinds,
      now: toInstant(now),
      claimExpiresAt: addMs(now, claimSeconds * 1000),
      limit: batchSize,
    });
    const result: RunResult = { claimed: rows.length, done: 0, failed: 0, lost: 0 };
    // One at a time, in due order: handlers may depend on earlier work having happened.
    for (const row of rows) await runOne(row, result);
    return result;
  }

  let timer: ReturnType<typeof setInterval> | undefined;
  let sweeping: Promise<void> | undefined;

  function sweep(): void {
    if (sweeping) return;
    sweeping = runOnce()
      .then(
        () => undefined,
        (error: unknown) => {
          onError(error);
        },
      )
      .finally(() => {
        sweeping = undefined;
      });
  }

  return {
    runOnce,
    start(intervalMs) {
      if (timer) return;
      if (!(intervalMs > 0)) throw new Error("a due-work runner interval must be positive");
      sweep();
      // The timer only paces sweeps; what is due is decided by deps.clock inside runOnce.
      timer = setInterval(sweep, intervalMs);
      timer.unref();
    },
    async stop() {
      if (timer) clearInterval(timer);
      timer = undefined;
      await sweeping;
    },
  };
}

function toDueWork(row: DueWorkTable): DueWork {
  return {
    id: row.id,
    workspaceId: row.workspace_id,
    kind: row.kind,
    subjectId: row.subject_id,
    payload: JSON.parse(row.payload) as unknown,
    uniqueKey: row.unique_key,
    dueAt: row.due_at,
    attempts: row.attempts,
  };
}

function defaultOnError(error: unknown, work?: DueWork): void {
  console.error(work ? `due work ${work.kind} ${work.id} failed:` : "due-work sweep failed:", error);
}

/**
 * Schedules many pieces of work in one statement, joining the caller's transaction (bulk
 * recomputation moves thousands of promises at once). Every input needs a uniqueKey, so the
 * batch stays idempotent like scheduleWork; returns how many rows were new.
 */
export function scheduleWorkMany(
  conn: Conn,
  deps: Pick<Deps, "clock" | "newId">,
  inputs: readonly (ScheduleWorkInput & { uniqueKey: string })[],
): Promise<number> {
  const createdAt = toInstant(deps.clock.now());
  const rows: DueWorkTable[] = inputs.map((input) => {
    if (input.kind.length === 0) throw invalid("Due work needs a kind.", { field: "kind" });
    const payload = JSON.stringify(input.payload ?? {}) as string | undefined;
    if (payload === undefined) throw invalid("Due work payload must be JSON data.", { field: "payload" });
    return {
      id: deps.newId(),
      workspace_id: input.workspaceId,
      kind: input.kind,
      subject_id: input.subjectId,
      payload,
      unique_key: input.uniqueKey,
      due_at: canonicalInstant(input.dueAt),
      status: "pending",
      attempts: 0,
      claimed_by: null,
      claim_expires_at: null,
      last_error: null,
      done_at: null,
      created_at: createdAt,
    };
  });
  return insertWorkRows(conn, rows);
}

/** Cancels the pending work of many subjects (one kind, or every kind) in one statement. */
export function cancelWorkOfSubjects(
  conn: Conn,
  q: { workspaceId: string; subjectIds: readonly string[]; kind?: string },
): Promise<number> {
  return cancelPendingWorkOfSubjects(conn, q);
}

/**
 * Reschedules pending work in place (bulk recomputation): each input's pending row of its
 * (subject, kind) takes the new due time, payload and unique key, instead of being cancelled
 * and a new row inserted — half the writes, and no cancelled rows left behind per move.
 * Returns the inputs that had no pending row to move (the caller schedules those).
 */
export async function moveWorkMany<T extends ScheduleWorkInput & { uniqueKey: string }>(
  conn: Conn,
  dialect: Dialect,
  workspaceId: string,
  inputs: readonly T[],
): Promise<T[]> {
  const moved = await moveWorkRows(
    conn,
    dialect,
    workspaceId,
    inputs.map((input) => ({
      subjectId: input.subjectId,
      kind: input.kind,
      dueAt: canonicalInstant(input.dueAt),
      payload: JSON.stringify(input.payload ?? {}),
      uniqueKey: input.uniqueKey,
    })),
  );
  const found = new Set(moved.map((r) => `${r.subject_id}\u0000${r.kind}`));
  return inputs.filter((i) => !found.has(`${i.subjectId}\u0000${i.kind}`));
}
