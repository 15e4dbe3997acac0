import type { Deps } from "../deps.js";
import type { Instant } from "../shared/clock.js";
import type { CaseEvent, CaseEventKind } from "./events.rules.js";

/** The case fields an event names: ids and the number, never content. */
export interface CaseRef {
  workspace_id: string;
  id: string;
  number: number;
}

export function caseEvent(
  c: CaseRef,
  kind: CaseEventKind,
  actor: { staffId: string | null },
  at: Instant,
): CaseEvent {
  return {
    type: "case",
    workspaceId: c.workspace_id,
    caseId: c.id,
    caseNumber: c.number,
    kind,
    actorStaffId: actor.staffId,
    at,
  };
}

/**
 * Tells listeners that cases changed. Call it only after the transaction committed (a rolled-back
 * change must not be announced) and never inside one. It cannot fail the write: the bus does not
 * throw, and this guards against one that would.
 */
export function publishCaseEvents(
  deps: Pick<Deps, "events">,
  events: CaseEvent | readonly CaseEvent[],
): void {
  try {
    deps.events.publish(events);
  } catch (error) {
    console.error("live events: publishing failed:", error);
  }
}

/**
 * Announces a change to a case known by id only (the number is read after the commit). For
 * write paths that add to a case's timeline without holding its row (policy requests and
 * decisions). Never throws: a failed read only means listeners learn of it on their next re-read.
 */
export async function announceCase(
  deps: Pick<Deps, "db" | "events">,
  c: { workspaceId: string; caseId: string },
  kind: CaseEventKind,
  actor: { staffId: string | null },
  at: Instant,
): Promise<void> {
  try {
    const row = await deps.db
      .selectFrom("cases")
      .select(["workspace_id", "id", "number"])
      .where("workspace_id", "=", c.workspaceId)
      .where("id", "=", c.caseId)
      .executeTakeFirst();
    if (row) publishCaseEvents(deps, caseEvent(row, kind, actor, at));
  } catch (error) {
    console.error("live events: announcing a case failed:", error);
  }
}
