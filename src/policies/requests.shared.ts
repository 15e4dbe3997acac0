/** What the request services share: the decider as rules see them, routing, views, refused attempts. */
import { recordAudit } from "../audit/audit.service.js";
import { isAuthorityLevel, type Actor } from "../auth/auth.rules.js";
import { insertEventEntry, updateCaseRow } from "../cases/cases.store.js";
import type { Conn } from "../db/database.js";
import type { Deps } from "../deps.js";
import { AppError } from "../shared/errors.js";
import { findStaff, teamIdsOf } from "../staff/staff.store.js";
import { onDutyAt } from "./policies.duty.js";
import { teamIdsIn, termsOf } from "./policies.present.js";
import {
  chooseDecider,
  mayGrant,
  reportsToLine,
  type Decider,
  type ExceptionAuthority,
  type PolicyTerms,
  type RoutingCandidate,
  type RoutingChoice,
} from "./policies.rules.js";
import { listVersionsByIds, teamNamesOf, type PolicyVersionRow } from "./policies.store.js";
import { presentRequest, type RequestView } from "./requests.present.js";
import { listDeciderPool, type RequestRecord } from "./requests.store.js";

/** The actor as a decider, read now (authority and teams as they are at this moment); null for the system. */
export async function loadDecider(
  conn: Conn,
  actor: Actor,
): Promise<{ decider: Decider; name: string } | null> {
  if (!actor.staffId) return null;
  const me = await findStaff(conn, actor.workspaceId, actor.staffId);
  if (!me || !isAuthorityLevel(me.authority)) return null;
  const teams = await teamIdsOf(conn, actor.workspaceId, [me.id]);
  return {
    decider: {
      staffId: me.id,
      authority: me.authority,
      teamIds: teams.get(me.id) ?? [],
      isActive: me.is_active === 1,
    },
    name: me.name,
  };
}

/** Team names for every team the given versions' authorities name. */
export function teamNamesFor(conn: Conn, workspaceId: string, authorities: readonly ExceptionAuthority[]) {
  return teamNamesOf(conn, workspaceId, authorities.flatMap(teamIdsIn));
}

/**
 * Chooses who an exception of this size goes to: every active staff member the rules let decide,
 * their on-duty flags, then chooseDecider. `exclude` leaves out someone just refused.
 */
export async function routeException(
  conn: Conn,
  actor: Actor,
  q: { terms: PolicyTerms; excess: number | null; at: string; exclude?: string | undefined },
): Promise<RoutingChoice> {
  const pool = await listDeciderPool(conn, actor.workspaceId);
  const teams = await teamNamesFor(conn, actor.workspaceId, [q.terms.authority]);
  const line = reportsToLine(actor.staffId, new Map(pool.map((s) => [s.id, s.reportsToId])));
  const candidates: RoutingCandidate[] = [];
  for (const s of pool) {
    if (!s.isActive || s.id === q.exclude || !isAuthorityLevel(s.authority)) continue;
    const v = mayGrant(
      { staffId: s.id, authority: s.authority, teamIds: s.teamIds, isActive: true },
      { terms: q.terms, excess: q.excess },
      teams,
    );
    if (v.ok)
      candidates.push({
        staffId: s.id,
        name: s.name,
        authority: s.authority,
        tierIndex: v.permit.tierIndex,
        isAsker: s.id === actor.staffId,
        isInAskersLine: line.includes(s.id),
      });
  }
  const onDuty = await onDutyAt(
    conn,
    actor.workspaceId,
    candidates.map((c) => c.staffId),
    q.at,
  );
  return chooseDecider(candidates, onDuty);
}

/** Views of these requests, each with the version it was made under. */
export async function requestViews(
  conn: Conn,
  workspaceId: string,
  rows: readonly RequestRecord[],
): Promise<RequestView[]> {
  const versions = new Map(
    (
      await listVersionsByIds(
        conn,
        workspaceId,
        rows.map((r) => r.policy_version_id),
      )
    ).map((v) => [v.id, v]),
  );
  const teams = await teamNamesFor(
    conn,
    workspaceId,
    [...versions.values()].map((v) => termsOf("", v).authority),
  );
  return rows.map((r) => {
    const v = versions.get(r.policy_version_id);
    if (!v) throw new Error(`request ${r.id} has no version`);
    return presentRequest(r, v, teams);
  });
}

export async function versionOf(conn: Conn, workspaceId: string, id: string): Promise<PolicyVersionRow> {
  const [v] = await listVersionsByIds(conn, workspaceId, [id]);
  if (!v) throw new Error(`no policy version ${id}`);
  return v;
}

/** Writes an event on the case's timeline and touches the case. */
export async function caseEvent(
  conn: Conn,
  deps: Deps,
  actor: Actor,
  e: { caseId: string; body: string; data: Record<string, unknown>; at: string },
): Promise<void> {
  await insertEventEntry(conn, {
    id: deps.newId(),
    workspaceId: actor.workspaceId,
    caseId: e.caseId,
    body: e.body,
    data: e.data,
    authorStaffId: actor.staffId,
    at: e.at,
  });
  await updateCaseRow(conn, actor.workspaceId, e.caseId, { updated_at: e.at });
}

/**
 * Runs `attempt` in a transaction; when it is refused by policy, writes the refused attempt in a
 * transaction of its own (the attempt's rollback must not erase the record of it) and rethrows.
 */
export async function withRefusalRecorded<T>(
  deps: Deps,
  attempt: (trx: Conn) => Promise<T>,
  record: (trx: Conn, refusal: AppError) => Promise<void>,
): Promise<T> {
  try {
    return await deps.db.transaction().execute(attempt);
  } catch (err) {
    if (err instanceof AppError && err.code === "policy-refused") {
      await deps.db.transaction().execute((trx) => record(trx, err));
    }
    throw err;
  }
}

/** Audit and timeline entries for a refused attempt, in the caller's (separate) transaction. */
export async function recordRefusal(
  trx: Conn,
  deps: Deps,
  actor: Actor,
  r: {
    action: string;
    caseId: string;
    subjectKind: "policy_request" | "case";
    subjectId: string;
    body: string;
    data: Record<string, unknown>;
    at: string;
  },
): Promise<void> {
  await recordAudit(trx, deps, actor, {
    action: r.action,
    subjectKind: r.subjectKind,
    subjectId: r.subjectId,
    data: r.data,
  });
  await caseEvent(trx, deps, actor, {
    caseId: r.caseId,
    body: r.body,
    data: { event: r.action, ...r.data },
    at: r.at,
  });
}
