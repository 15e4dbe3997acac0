import { recordAudit } from "../audit/audit.service.js";
import type { Deps } from "../deps.js";
import { toInstant } from "../shared/clock.js";
import { AppError, notFound } from "../shared/errors.js";
import { findCredentials } from "../staff/staff.store.js";
import { findWorkspaceBySlug } from "../workspaces/workspaces.store.js";
import { isRole, permissionsOf, type Actor } from "./auth.rules.js";
import {
  deleteSession,
  findLiveApiToken,
  findLiveSession,
  insertApiToken,
  insertSession,
  listApiTokens,
  revokeApiToken,
} from "./auth.store.js";
import { dummyPasswordHash, hashSecret, newSecret, verifyPassword } from "./secrets.js";

export const SESSION_HOURS = 12;

export interface LoginInput {
  workspace: string;
  email: string;
  password: string;
}

export interface NewSession {
  token: string;
  csrfToken: string;
  expiresAt: string;
  actor: Actor;
}

function actorFor(workspaceId: string, staffId: string, role: string): Actor {
  // A role unknown to this version (e.g. after a downgrade) gets no permissions rather than an error.
  const permissions = isRole(role) ? permissionsOf(role) : new Set<never>();
  return { kind: "staff", workspaceId, staffId, role: isRole(role) ? role : "receptionist", permissions };
}

const badLogin = () => new AppError("unauthenticated", "The workspace, email or password is wrong.");

/** Checks the password and opens a session. The same answer for every kind of wrong input. */
export async function login(deps: Deps, input: LoginInput): Promise<NewSession> {
  const ws = await findWorkspaceBySlug(deps.db, input.workspace);
  const creds = ws && (await findCredentials(deps.db, ws.id, input.email.trim().toLowerCase()));
  const ok = await verifyPassword(creds?.password_hash ?? (await dummyPasswordHash()), input.password);
  if (!ws || !creds || !creds.password_hash || creds.is_active !== 1 || !ok) throw badLogin();
  const now = deps.clock.now();
  const token = newSecret("fds_");
  const csrfToken = newSecret("");
  const expiresAt = toInstant(new Date(now.getTime() + SESSION_HOURS * 3_600_000));
  const actor = actorFor(ws.id, creds.id, creds.role);
  await deps.db.transaction().execute(async (trx) => {
    await insertSession(trx, {
      id: deps.newId(),
      workspace_id: ws.id,
      staff_id: creds.id,
      token_hash: hashSecret(token),
      csrf_token: csrfToken,
      created_at: toInstant(now),
      expires_at: expiresAt,
    });
    await recordAudit(trx, deps, actor, { action: "auth.login", subjectKind: "staff", subjectId: creds.id });
  });
  return { token, csrfToken, expiresAt, actor };
}

export interface ResolvedSession {
  sessionId: string;
  csrfToken: string;
  expiresAt: string;
  actor: Actor;
}

export async function resolveSession(deps: Deps, token: string): Promise<ResolvedSession | undefined> {
  const row = await findLiveSession(deps.db, hashSecret(token), toInstant(deps.clock.now()));
  if (!row) return undefined;
  return {
    sessionId: row.id,
    csrfToken: row.csrf_token,
    expiresAt: row.expires_at,
    actor: actorFor(row.workspace_id, row.staff_id, row.role),
  };
}

export async function logout(deps: Deps, session: ResolvedSession): Promise<void> {
  await deps.db.transaction().execute(async (trx) => {
    await deleteSession(trx, session.sessionId);
    await recordAudit(trx, deps, session.actor, {
      action: "auth.logout",
      subjectKind: "staff",
      subjectId: session.actor.staffId,
    });
  });
}

export async function resolveApiToken(deps: Deps, token: string): Promise<Actor | undefined> {
  const row = await findLiveApiToken(deps.db, hashSecret(token));
  return row && actorFor(row.workspace_id, row.staff_id, row.role);
}

export interface ApiTokenView {
  id: string;
  name: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

/** Creates a token that acts as the actor. The secret is shown once, here, and never stored. */
export async function createApiToken(
  deps: Deps,
  actor: Actor,
  name: string,
): Promise<ApiTokenView & { token: string }> {
  if (!actor.staffId) throw new AppError("forbidden", "Only a staff member can own an API token.");
  const staffId = actor.staffId;
  const token = newSecret("fdt_");
  const id = deps.newId();
  const at = toInstant(deps.clock.now());
  await deps.db.transaction().execute(async (trx) => {
    await insertApiToken(trx, {
      id,
      workspace_id: actor.workspaceId,
      staff_id: staffId,
      name,
      token_hash: hashSecret(token),
      created_at: at,
      last_used_at: null,
      revoked_at: null,
    });
    await recordAudit(trx, deps, actor, {
      action: "api-token.created",
      subjectKind: "api-token",
      subjectId: id,
      data: { name },
    });
  });
  return { id, name, createdAt: at, lastUsedAt: null, revokedAt: null, token };
}

export async function listOwnApiTokens(deps: Deps, actor: Actor): Promise<ApiTokenView[]> {
  if (!actor.staffId) return [];
  const rows = await listApiTokens(deps.db, actor.workspaceId, actor.staffId);
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    createdAt: r.created_at,
    lastUsedAt: r.last_used_at,
    revokedAt: r.revoked_at,
  }));
}

export async function revokeOwnApiToken(deps: Deps, actor: Actor, id: string): Promise<void> {
  const staffId = actor.staffId;
  if (!staffId) throw notFound("API token");
  await deps.db.transaction().execute(async (trx) => {
    if (!(await revokeApiToken(trx, actor.workspaceId, staffId, id, toInstant(deps.clock.now())))) {
      throw notFound("API token");
    }
    await recordAudit(trx, deps, actor, {
      action: "api-token.revoked",
      subjectKind: "api-token",
      subjectId: id,
    });
  });
}
