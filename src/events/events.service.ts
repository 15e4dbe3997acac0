import type { Actor } from "../auth/auth.rules.js";
import { requirePermission } from "../auth/permissions.js";
import { findCase } from "../cases/cases.store.js";
import type { Deps } from "../deps.js";
import { AppError, notFound } from "../shared/errors.js";
import { findStaff } from "../staff/staff.store.js";
import { MAX_NAME_LENGTH, type PresenceActivity, type PresenceEvent } from "./events.rules.js";
import { presenceExpiry } from "./presence.rules.js";

/** What one stream hears: a workspace's case events, or one case's events and presence. */
export interface StreamScope {
  workspaceId: string;
  /** Set for a case's stream. */
  caseId: string | null;
  caseNumber: number | null;
}

/**
 * A case's stream may open for a reader of that case: `cases:read`, and a case of the actor's
 * workspace (another workspace's case is not-found, exactly like an unknown one).
 */
export async function openCaseEvents(deps: Deps, actor: Actor, caseId: string): Promise<StreamScope> {
  requirePermission(actor, "cases:read");
  const c = await findCase(deps.db, actor.workspaceId, caseId);
  if (!c) throw notFound("case");
  return { workspaceId: actor.workspaceId, caseId: c.id, caseNumber: c.number };
}

/** The workspace's stream of case changes (for the queue): readers of cases only. */
export function openWorkspaceEvents(_deps: Deps, actor: Actor): StreamScope {
  requirePermission(actor, "cases:read");
  return { workspaceId: actor.workspaceId, caseId: null, caseNumber: null };
}

export interface PresenceSet {
  caseId: string;
  activity: PresenceActivity;
  /** Refresh before this (clients do every ~10 s), or the presence is gone. */
  expiresAt: string;
}

async function presenceEvent(
  deps: Deps,
  actor: Actor,
  caseId: string,
  activity: PresenceEvent["activity"],
  ttlMs: number,
): Promise<PresenceEvent> {
  requirePermission(actor, "cases:read");
  if (actor.kind !== "staff" || !actor.staffId)
    throw new AppError("forbidden", "Only a staff member can be present on a case.");
  const c = await findCase(deps.db, actor.workspaceId, caseId);
  if (!c) throw notFound("case");
  const staff = await findStaff(deps.db, actor.workspaceId, actor.staffId);
  if (!staff) throw new AppError("unauthenticated", "Sign in, or send an API token.");
  const now = deps.clock.now().getTime();
  return {
    type: "presence",
    workspaceId: actor.workspaceId,
    caseId: c.id,
    staffId: staff.id,
    name: staff.name.slice(0, MAX_NAME_LENGTH),
    activity,
    expiresAt: new Date(activity === "left" ? now : presenceExpiry(now, ttlMs)).toISOString(),
    at: new Date(now).toISOString(),
  };
}

/**
 * Says the actor is viewing or replying on a case, for `ttlMs`. Ephemeral and not audited: it
 * changes no record, only what colleagues see for the next half minute.
 */
export async function setPresence(
  deps: Deps,
  actor: Actor,
  caseId: string,
  input: { activity: PresenceActivity; ttlMs: number },
): Promise<PresenceSet> {
  const event = await presenceEvent(deps, actor, caseId, input.activity, input.ttlMs);
  deps.events.publish(event);
  return { caseId: event.caseId, activity: input.activity, expiresAt: event.expiresAt };
}

/** The actor left the case (or closed the view): their presence goes at once, not at expiry. */
export async function clearPresence(deps: Deps, actor: Actor, caseId: string): Promise<void> {
  deps.events.publish(await presenceEvent(deps, actor, caseId, "left", 0));
}
