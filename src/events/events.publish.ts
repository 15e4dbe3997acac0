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
