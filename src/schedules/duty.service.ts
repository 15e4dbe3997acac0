import type { Actor, AuthorityLevel } from "../auth/auth.rules.js";
import { requirePermission } from "../auth/permissions.js";
import { findCase } from "../cases/cases.store.js";
import type { Conn } from "../db/database.js";
import type { Deps } from "../deps.js";
import { foldForSearch } from "../cases/cases.rules.js";
import { invalid, notFound } from "../shared/errors.js";
import { maySeeHours } from "./desk.rules.js";
import { accessOf, loadRoster, type Roster, type RosterMember } from "./roster.js";
import { fitsFilter, onDutyUntil, type DutyFilter } from "./schedule.rules.js";
import {
  presentOnDuty,
  presentStatusCard,
  type HelperView,
  type OnDutyView,
  type StatusCardView,
} from "./schedules.present.js";
import { openCaseLoads } from "./schedules.store.js";
import { getMember } from "./schedules.service.js";

/*
 * Who is in, for the desk: status cards, who is on duty and who can help with a case. Lists of
 * people on duty leave out anyone whose schedule the reader may not see — being on duty now is
 * part of a protected schedule.
 */

const MAX_CARDS = 20;

/** A staff member's status card: in / off until … / can't share, with ready wording. */
export async function getStatusCard(deps: Deps, actor: Actor, staffId: string): Promise<StatusCardView> {
  requirePermission(actor, "staff:read");
  const roster = await loadRoster(deps.db, actor.workspaceId);
  const m = getMember(roster, staffId);
  return presentStatusCard(m, accessOf(actor, roster, staffId), deps.clock.now().getTime());
}

function matchesName(name: string, q: string): boolean {
  const fold = (s: string) => foldForSearch(s).toLowerCase();
  const words = fold(q).split(/\s+/).filter(Boolean);
  const hay = fold(name);
  return words.every((w) => hay.includes(w));
}

/** The receptionist's search: active staff whose name has every word of `q`, each as a status card. */
export async function findStatusCards(deps: Deps, actor: Actor, q: string): Promise<StatusCardView[]> {
  requirePermission(actor, "staff:read");
  if (q.trim().length === 0) throw invalid("Type a name to look for.", { field: "q" });
  const roster = await loadRoster(deps.db, actor.workspaceId);
  const now = deps.clock.now().getTime();
  return [...roster.members.values()]
    .filter((m) => m.isActive && matchesName(m.name, q))
    .slice(0, MAX_CARDS)
    .map((m) => presentStatusCard(m, accessOf(actor, roster, m.id), now));
}

/** On-duty members fitting the filter whom this reader may know to be on duty, longest-staying first. */
function visibleOnDuty(
  actor: Actor,
  roster: Roster,
  atMs: number,
  filter: DutyFilter,
): { member: RosterMember; until: number }[] {
  const out: { member: RosterMember; until: number }[] = [];
  for (const m of roster.members.values()) {
    if (!m.schedule || !fitsFilter(m, filter)) continue;
    if (!maySeeHours(accessOf(actor, roster, m.id))) continue;
    const until = onDutyUntil(m.schedule, atMs);
    if (until === undefined) continue;
    if (filter.forMinutes !== undefined && until - atMs < filter.forMinutes * 60_000) continue;
    out.push({ member: m, until });
  }
  return out.sort((a, b) => b.until - a.until || a.member.name.localeCompare(b.member.name));
}

export interface OnDutyQuery extends DutyFilter {
  /** An instant to ask about instead of now. */
  at?: string | undefined;
}

/** Who is on duty now (or at `at`), by team, authority at least X, skill and minutes left. */
export async function listOnDuty(deps: Deps, actor: Actor, q: OnDutyQuery): Promise<OnDutyView[]> {
  requirePermission(actor, "staff:read");
  const atMs = q.at === undefined ? deps.clock.now().getTime() : Date.parse(q.at);
  if (Number.isNaN(atMs)) throw invalid("at is not an instant.", { field: "at" });
  const roster = await loadRoster(deps.db, actor.workspaceId);
  return visibleOnDuty(actor, roster, atMs, q).map(({ member, until }) => presentOnDuty(member, until));
}

export interface HelpQuery {
  teamId?: string | undefined;
  authorityAtLeast?: AuthorityLevel | undefined;
  skill?: string | undefined;
  forMinutes?: number | undefined;
}

/**
 * "Who can help now" for a case: staff on duty now who fit (team, skill, authority), with their
 * open-case load; the case's own team first, then the lightest load, then who stays longest.
 */
export async function whoCanHelp(
  deps: Deps,
  actor: Actor,
  caseId: string,
  q: HelpQuery,
): Promise<HelperView[]> {
  requirePermission(actor, "cases:read");
  const c = await findCase(deps.db, actor.workspaceId, caseId);
  if (!c) throw notFound("case");
  return helpersFor(deps, actor, { teamId: c.team_id, assigneeId: c.assignee_id }, q);
}

/** The helpers for a case's team and assignee (also used by the urgent-request answer). */
export async function helpersFor(
  deps: Deps,
  actor: Actor,
  c: { teamId: string | null; assigneeId: string | null },
  q: HelpQuery,
): Promise<HelperView[]> {
  const roster = await loadRoster(deps.db, actor.workspaceId);
  const now = deps.clock.now().getTime();
  const onDuty = visibleOnDuty(actor, roster, now, q);
  const loads = await openCaseLoads(
    deps.db,
    actor.workspaceId,
    onDuty.map((o) => o.member.id),
  );
  return onDuty
    .map(({ member, until }) => ({
      ...presentOnDuty(member, until),
      openCases: loads.get(member.id) ?? 0,
      inTeam: c.teamId !== null && member.teamIds.includes(c.teamId),
      isAssignee: c.assigneeId === member.id,
      sortUntil: until,
    }))
    .sort(
      (a, b) => Number(b.inTeam) - Number(a.inTeam) || a.openCases - b.openCases || b.sortUntil - a.sortUntil,
    )
    .map(({ sortUntil: _s, ...view }) => view);
}

/**
 * Who of `staffIds` is on duty at `atMs` (and until when), for routing decisions inside other
 * services (exceptions to a supervisor on duty, escalations). No permission check and no shield:
 * callers must not tell the asker *why* a protected person was or was not chosen.
 */
export async function dutyOf(
  conn: Conn,
  workspaceId: string,
  staffIds: readonly string[],
  atMs: number,
): Promise<Map<string, { onDuty: boolean; until: number | undefined; hasSchedule: boolean }>> {
  const roster = await loadRoster(conn, workspaceId);
  const out = new Map<string, { onDuty: boolean; until: number | undefined; hasSchedule: boolean }>();
  for (const id of staffIds) {
    const m = roster.members.get(id);
    const until = m?.schedule && m.isActive ? onDutyUntil(m.schedule, atMs) : undefined;
    out.set(id, { onDuty: until !== undefined, until, hasSchedule: m?.schedule !== undefined });
  }
  return out;
}
