import type { CaseEvent } from "./events.rules.js";
import type { PresenceEntry } from "./presence.rules.js";

/*
 * What leaves the server on a stream, field by field (the allow-list for event data, as response
 * schemas are for JSON routes). Case events name ids and a kind; what changed is read through
 * the permission-checked API.
 */

export interface CaseEventView {
  caseId: string;
  caseNumber: number;
  kind: string;
  actorStaffId: string | null;
  at: string;
}

export function presentCaseEvent(e: CaseEvent): CaseEventView {
  return { caseId: e.caseId, caseNumber: e.caseNumber, kind: e.kind, actorStaffId: e.actorStaffId, at: e.at };
}

export interface PresenceView {
  caseId: string;
  people: { staffId: string; name: string; activity: string; expiresAt: string }[];
}

export function presentPresence(caseId: string, people: readonly PresenceEntry[]): PresenceView {
  return {
    caseId,
    people: people.map((p) => ({
      staffId: p.staffId,
      name: p.name,
      activity: p.activity,
      expiresAt: new Date(p.expiresAt).toISOString(),
    })),
  };
}
