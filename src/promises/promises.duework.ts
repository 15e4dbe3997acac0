import type { Conn } from "../db/database.js";
import type { Deps } from "../deps.js";
import {
  cancelWork,
  cancelWorkOfSubjects,
  moveWorkMany,
  scheduleWork,
  scheduleWorkMany,
  type ScheduleWorkInput,
} from "../duework/duework.service.js";
import { DEFAULT_WARNING_FRACTIONS, promiseWarningInstants } from "./promises.rules.js";
import type { PromiseRow } from "./promises.store.js";

export const WARNING_KIND = "promise.warning";
export const BREACH_KIND = "promise.breach";

/** What the jobs receive: the promise and the due time the work was scheduled for. */
export interface PromiseWorkPayload {
  promiseId: string;
  dueAt: string;
}

type PromiseWorkInput = ScheduleWorkInput & { uniqueKey: string };

/**
 * The warning(s) and the breach of an open, unpaused promise (none otherwise). Unique keys carry
 * the promise's due time and version (updated_at), because a key once used — even by cancelled
 * work — is never scheduled again, and a resumed promise may come back to the same due time.
 */
function promiseWork(p: PromiseRow, fractions: readonly number[]): PromiseWorkInput[] {
  if (p.status !== "open" || p.paused_at !== null) return [];
  const payload: PromiseWorkPayload = { promiseId: p.id, dueAt: p.due_at };
  const version = `${p.id}:${p.due_at}:${p.updated_at}`;
  const base = { workspaceId: p.workspace_id, subjectId: p.id, payload };
  const warnings = promiseWarningInstants({ updatedAt: p.updated_at, dueAt: p.due_at }, fractions);
  return [
    ...warnings.map((at) => ({
      ...base,
      kind: WARNING_KIND,
      dueAt: new Date(at).toISOString(),
      uniqueKey: `${WARNING_KIND}:${version}:${at}`,
    })),
    { ...base, kind: BREACH_KIND, dueAt: p.due_at, uniqueKey: `${BREACH_KIND}:${version}` },
  ];
}

/** Schedules the warning(s) and the breach of an open, unpaused promise in the caller's transaction. */
export async function schedulePromiseWork(
  conn: Conn,
  deps: Pick<Deps, "clock" | "newId">,
  p: PromiseRow,
  fractions: readonly number[] = DEFAULT_WARNING_FRACTIONS,
): Promise<void> {
  for (const input of promiseWork(p, fractions)) await scheduleWork(conn, deps, input);
}

/** The same for many promises in one statement (bulk recomputation). */
export async function schedulePromisesWork(
  conn: Conn,
  deps: Pick<Deps, "clock" | "newId">,
  rows: readonly PromiseRow[],
  fractions: readonly number[] = DEFAULT_WARNING_FRACTIONS,
): Promise<void> {
  await scheduleWorkMany(
    conn,
    deps,
    rows.flatMap((p) => promiseWork(p, fractions)),
  );
}

/** Cancels every pending warning and breach of a promise (it closed, paused or moved). */
export async function cancelPromiseWork(conn: Conn, workspaceId: string, promiseId: string): Promise<void> {
  await cancelWork(conn, { workspaceId, subjectId: promiseId });
}

/** Cancels the pending work of many promises in one statement. */
export async function cancelPromisesWork(
  conn: Conn,
  workspaceId: string,
  promiseIds: readonly string[],
): Promise<void> {
  await cancelWorkOfSubjects(conn, { workspaceId, subjectIds: promiseIds });
}

/**
 * After many promises moved (bulk recomputation): their pending warning and breach rows move in
 * place to the new times and versions; work a promise lacked is scheduled, and a warning the new
 * span no longer has is cancelled. With several warning fractions a promise has several pending
 * warnings of one kind, which cannot move pairwise, so then it cancels and schedules afresh.
 */
export async function reschedulePromisesWork(
  conn: Conn,
  deps: Pick<Deps, "clock" | "newId" | "dialect">,
  workspaceId: string,
  rows: readonly PromiseRow[],
  fractions: readonly number[] = DEFAULT_WARNING_FRACTIONS,
): Promise<void> {
  if (rows.length === 0) return;
  if (fractions.length > 1) {
    await cancelPromisesWork(
      conn,
      workspaceId,
      rows.map((p) => p.id),
    );
    await schedulePromisesWork(conn, deps, rows, fractions);
    return;
  }
  const planned = rows.flatMap((p) => promiseWork(p, fractions));
  const unmoved = await moveWorkMany(conn, deps.dialect, workspaceId, planned);
  await scheduleWorkMany(conn, deps, unmoved);
  const warned = new Set(planned.filter((w) => w.kind === WARNING_KIND).map((w) => w.subjectId));
  const unwarned = rows.filter((p) => !warned.has(p.id)).map((p) => p.id);
  await cancelWorkOfSubjects(conn, { workspaceId, subjectIds: unwarned, kind: WARNING_KIND });
}
