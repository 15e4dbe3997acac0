import type { Conn } from "../db/database.js";
import type { Deps } from "../deps.js";
import { cancelWork, scheduleWork } from "../duework/duework.service.js";
import { DEFAULT_WARNING_FRACTIONS, warningInstants } from "./promises.rules.js";
import type { PromiseRow } from "./promises.store.js";

export const WARNING_KIND = "promise.warning";
export const BREACH_KIND = "promise.breach";

/** What the jobs receive: the promise and the due time the work was scheduled for. */
export interface PromiseWorkPayload {
  promiseId: string;
  dueAt: string;
}

/**
 * Schedules the warning(s) and the breach of an open, unpaused promise in the caller's
 * transaction. Unique keys carry the promise's due time and version (updated_at), because a key
 * once used — even by cancelled work — is never scheduled again, and a resumed promise may come
 * back to the same due time.
 */
export async function schedulePromiseWork(
  conn: Conn,
  deps: Pick<Deps, "clock" | "newId">,
  p: PromiseRow,
  fractions: readonly number[] = DEFAULT_WARNING_FRACTIONS,
): Promise<void> {
  if (p.status !== "open" || p.paused_at !== null) return;
  const payload: PromiseWorkPayload = { promiseId: p.id, dueAt: p.due_at };
  const version = `${p.id}:${p.due_at}:${p.updated_at}`;
  const warnings = warningInstants({
    createdAt: Date.parse(p.updated_at),
    dueAt: Date.parse(p.due_at),
    fractions,
  });
  for (const at of warnings) {
    await scheduleWork(conn, deps, {
      workspaceId: p.workspace_id,
      kind: WARNING_KIND,
      subjectId: p.id,
      dueAt: new Date(at).toISOString(),
      payload,
      uniqueKey: `${WARNING_KIND}:${version}:${at}`,
    });
  }
  await scheduleWork(conn, deps, {
    workspaceId: p.workspace_id,
    kind: BREACH_KIND,
    subjectId: p.id,
    dueAt: p.due_at,
    payload,
    uniqueKey: `${BREACH_KIND}:${version}`,
  });
}

/** Cancels every pending warning and breach of a promise (it closed, paused or moved). */
export async function cancelPromiseWork(conn: Conn, workspaceId: string, promiseId: string): Promise<void> {
  await cancelWork(conn, { workspaceId, subjectId: promiseId });
}
