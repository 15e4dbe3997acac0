import type { AuthorityLevel } from "../auth/auth.rules.js";
import { explainDecision, type Consideration, type RoutingDecision } from "../escalations/routing.rules.js";
import type { ContextCard, HandoffKind, HandoffStatus } from "./handoffs.rules.js";
import type { HandoffRow } from "./handoffs.store.js";

/*
 * What leaves the server about a hand-over. The stored routing decision holds facts (who was
 * passed over and why, with times); they are turned into words here for the reader, and a person
 * whose hours the reader may not see is only "not available". The queued start time is shown
 * only to readers who may see the receiver's hours.
 */

export interface HandoffView {
  id: string;
  caseId: string;
  caseNumber: number;
  caseSubject: string;
  kind: HandoffKind;
  status: HandoffStatus;
  fromStaffId: string | null;
  fromName: string | null;
  toStaffId: string | null;
  toName: string | null;
  toTeamId: string | null;
  toTeamName: string | null;
  level: AuthorityLevel | null;
  reason: string;
  card: ContextCard;
  /** For escalations: the routing decision in words for this reader. */
  routing: { summary: string; lines: string[] } | null;
  startsAt: string | null;
  createdAt: string;
  acknowledgedAt: string | null;
  acknowledgedById: string | null;
}

/** The facts stored with an escalation, enough to explain it again to any reader. */
export interface StoredDecision {
  decision: RoutingDecision;
  atMs: number;
  marginMinutes: number;
  level: AuthorityLevel | null;
}

export interface PresentContext {
  nameOf: (staffId: string) => string;
  teamNameOf: (teamId: string) => string | null;
  mayShowHours: (staffId: string) => boolean;
  timeZone: string;
  c: { number: number; subject: string };
}

function routingOf(row: HandoffRow, ctx: PresentContext): HandoffView["routing"] {
  if (row.decision === null) return null;
  const stored = JSON.parse(row.decision) as StoredDecision;
  return explainDecision(stored.decision, {
    nameOf: ctx.nameOf,
    mayShowHours: ctx.mayShowHours,
    timeZone: ctx.timeZone,
    atMs: stored.atMs,
    marginMinutes: stored.marginMinutes,
    level: stored.level ?? undefined,
  });
}

export function presentHandoff(row: HandoffRow, ctx: PresentContext): HandoffView {
  const showStart = row.starts_at !== null && row.to_staff_id !== null && ctx.mayShowHours(row.to_staff_id);
  return {
    id: row.id,
    caseId: row.case_id,
    caseNumber: ctx.c.number,
    caseSubject: ctx.c.subject,
    kind: row.kind as HandoffKind,
    status: row.status as HandoffStatus,
    fromStaffId: row.from_staff_id,
    fromName: row.from_staff_id ? ctx.nameOf(row.from_staff_id) : null,
    toStaffId: row.to_staff_id,
    toName: row.to_staff_id ? ctx.nameOf(row.to_staff_id) : null,
    toTeamId: row.to_team_id,
    toTeamName: row.to_team_id ? ctx.teamNameOf(row.to_team_id) : null,
    level: row.level as AuthorityLevel | null,
    reason: row.reason,
    card: JSON.parse(row.card) as ContextCard,
    routing: routingOf(row, ctx),
    startsAt: showStart ? row.starts_at : null,
    createdAt: row.created_at,
    acknowledgedAt: row.acknowledged_at,
    acknowledgedById: row.acknowledged_by_id,
  };
}

/** The staff ids a stored decision names (to load their names and access). */
export function idsOfDecision(row: HandoffRow): string[] {
  if (row.decision === null) return [];
  const stored = JSON.parse(row.decision) as StoredDecision;
  return stored.decision.considered.map((c: Consideration) => c.staffId);
}

/** The case's hand-over state for case reads and lists: "in hand-over" to sender and receiver. */
export interface CaseHandoverView {
  id: string;
  kind: HandoffKind;
  fromStaffId: string | null;
  toStaffId: string | null;
  toTeamId: string | null;
  createdAt: string;
}

export function presentCaseHandover(row: HandoffRow | undefined): CaseHandoverView | null {
  if (!row) return null;
  return {
    id: row.id,
    kind: row.kind as HandoffKind,
    fromStaffId: row.from_staff_id,
    toStaffId: row.to_staff_id,
    toTeamId: row.to_team_id,
    createdAt: row.created_at,
  };
}
