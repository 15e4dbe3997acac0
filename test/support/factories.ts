import { createApiToken } from "../../src/auth/auth.service.js";
import { systemActor, type Actor, type AuthorityLevel, type Role } from "../../src/auth/auth.rules.js";
import { permissionsOf } from "../../src/auth/auth.rules.js";
import type { Deps } from "../../src/deps.js";
import { createStaffMember } from "../../src/staff/staff.service.js";
import { createWorkspace, type Workspace } from "../../src/workspaces/workspaces.service.js";

export const TEST_PASSWORD = "correct horse battery";

export interface TestMember {
  id: string;
  email: string;
  actor: Actor;
  /** Headers that authenticate as this member with an API token. */
  auth: { authorization: string };
}

export interface TestWorkspace {
  workspace: Workspace;
  system: Actor;
  members: Record<Role, TestMember>;
}

const AUTHORITY_OF: Record<Role, AuthorityLevel> = {
  admin: "owner",
  manager: "manager",
  supervisor: "supervisor",
  agent: "agent",
  receptionist: "agent",
};

/** A workspace with one staff member per role, each with a password and an API token. */
export async function createTestWorkspace(deps: Deps, slug: string): Promise<TestWorkspace> {
  const workspace = await createWorkspace(deps, {
    slug,
    name: `Workspace ${slug}`,
    timeZone: "America/New_York",
  });
  const system = systemActor(workspace.id);
  const members = {} as Record<Role, TestMember>;
  for (const role of ["admin", "manager", "supervisor", "agent", "receptionist"] as const) {
    const email = `${role}@${slug}.example`;
    const staff = await createStaffMember(deps, system, {
      name: `${role[0]!.toUpperCase()}${role.slice(1)} of ${slug}`,
      email,
      role,
      authority: AUTHORITY_OF[role],
      password: TEST_PASSWORD,
    });
    const actor: Actor = {
      kind: "staff",
      workspaceId: workspace.id,
      staffId: staff.id,
      role,
      permissions: permissionsOf(role),
    };
    const token = await createApiToken(deps, actor, "test");
    members[role] = { id: staff.id, email, actor, auth: { authorization: `Bearer ${token.token}` } };
  }
  return { workspace, system, members };
}
