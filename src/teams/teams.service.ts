import { recordAudit } from "../audit/audit.service.js";
import type { Actor } from "../auth/auth.rules.js";
import { requirePermission } from "../auth/permissions.js";
import type { Deps } from "../deps.js";
import { toInstant } from "../shared/clock.js";
import { conflict, notFound } from "../shared/errors.js";
import type { TeamTable } from "../db/schema.js";

export interface TeamView {
  id: string;
  name: string;
  description: string;
  memberIds: string[];
  createdAt: string;
  updatedAt: string;
}

async function viewOf(deps: Deps, workspaceId: string, row: TeamTable): Promise<TeamView> {
  const members = await deps.db
    .selectFrom("team_members")
    .select("staff_id")
    .where("workspace_id", "=", workspaceId)
    .where("team_id", "=", row.id)
    .orderBy("staff_id")
    .execute();
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    memberIds: members.map((m) => m.staff_id),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function findTeam(deps: Deps, workspaceId: string, id: string) {
  return deps.db
    .selectFrom("teams")
    .selectAll()
    .where("workspace_id", "=", workspaceId)
    .where("id", "=", id)
    .executeTakeFirst();
}

/** All teams of the workspace by name: a workspace has tens of teams, not thousands, so no paging. */
export async function listTeams(deps: Deps, actor: Actor): Promise<TeamView[]> {
  requirePermission(actor, "staff:read");
  const rows = await deps.db
    .selectFrom("teams")
    .selectAll()
    .where("workspace_id", "=", actor.workspaceId)
    .orderBy("name")
    .limit(1000)
    .execute();
  return Promise.all(rows.map((r) => viewOf(deps, actor.workspaceId, r)));
}

export async function getTeam(deps: Deps, actor: Actor, id: string): Promise<TeamView> {
  requirePermission(actor, "staff:read");
  const row = await findTeam(deps, actor.workspaceId, id);
  if (!row) throw notFound("team");
  return viewOf(deps, actor.workspaceId, row);
}

export async function createTeam(
  deps: Deps,
  actor: Actor,
  input: { name: string; description?: string },
): Promise<TeamView> {
  requirePermission(actor, "teams:write");
  const at = toInstant(deps.clock.now());
  const row: TeamTable = {
    id: deps.newId(),
    workspace_id: actor.workspaceId,
    name: input.name.trim(),
    description: input.description ?? "",
    created_at: at,
    updated_at: at,
  };
  await deps.db.transaction().execute(async (trx) => {
    const same = await trx
      .selectFrom("teams")
      .select("id")
      .where("workspace_id", "=", actor.workspaceId)
      .where("name", "=", row.name)
      .executeTakeFirst();
    if (same) throw conflict(`A team named "${row.name}" exists.`);
    await trx.insertInto("teams").values(row).execute();
    await recordAudit(trx, deps, actor, {
      action: "team.created",
      subjectKind: "team",
      subjectId: row.id,
      data: { name: row.name },
    });
  });
  return viewOf(deps, actor.workspaceId, row);
}

export async function updateTeam(
  deps: Deps,
  actor: Actor,
  id: string,
  input: { name?: string; description?: string },
): Promise<TeamView> {
  requirePermission(actor, "teams:write");
  await deps.db.transaction().execute(async (trx) => {
    const row = await trx
      .selectFrom("teams")
      .selectAll()
      .where("workspace_id", "=", actor.workspaceId)
      .where("id", "=", id)
      .executeTakeFirst();
    if (!row) throw notFound("team");
    const name = input.name?.trim();
    if (name !== undefined && name !== row.name) {
      const same = await trx
        .selectFrom("teams")
        .select("id")
        .where("workspace_id", "=", actor.workspaceId)
        .where("name", "=", name)
        .executeTakeFirst();
      if (same) throw conflict(`A team named "${name}" exists.`);
    }
    await trx
      .updateTable("teams")
      .set({
        ...(name !== undefined && { name }),
        ...(input.description !== undefined && { description: input.description }),
        updated_at: toInstant(deps.clock.now()),
      })
      .where("workspace_id", "=", actor.workspaceId)
      .where("id", "=", id)
      .execute();
    await recordAudit(trx, deps, actor, {
      action: "team.updated",
      subjectKind: "team",
      subjectId: id,
      data: input,
    });
  });
  return getTeam(deps, { ...actor, permissions: new Set([...actor.permissions, "staff:read"]) }, id);
}
