import { expect } from "vitest";
import { createApiToken } from "../../src/auth/auth.service.js";
import { permissionsOf, type Actor, type AuthorityLevel, type Role } from "../../src/auth/auth.rules.js";
import { createStaffMember } from "../../src/staff/staff.service.js";
import type { TestWorkspace } from "./factories.js";
import { DEMO_POLICIES } from "../../src/demo/demo.policies.js";
import type { TestApp } from "./harness.js";

/** The body that creates demo policy `code` through the API, with team grantors pointing at `teams`. */
export function policyBody(code: string, teams: Record<string, string>): Record<string, unknown> {
  const p = DEMO_POLICIES.find((x) => x.code === code);
  if (!p) throw new Error(`no demo policy ${code}`);
  const authority =
    p.authority.kind === "nobody"
      ? { kind: "nobody" }
      : {
          kind: "tiers",
          tiers: p.authority.tiers.map((t) => ({
            maxExtra: t.maxExtra,
            grantor: t.grantor.kind === "team" ? { kind: "team", teamId: teams[t.grantor.team] } : t.grantor,
          })),
        };
  return { ...p, authority };
}

/** Creates P1–P5 through the API as `auth` (a manager or admin); returns their ids by code. */
export async function createDemoPolicies(
  t: TestApp,
  auth: Record<string, string>,
  teams: Record<string, string>,
): Promise<Record<string, string>> {
  const ids: Record<string, string> = {};
  for (const p of DEMO_POLICIES) {
    const res = await t.request({
      method: "POST",
      url: "/api/policies",
      headers: auth,
      json: policyBody(p.code, teams),
    });
    expect(res.status, res.text).toBe(201);
    ids[p.code] = res.body.id;
  }
  return ids;
}

/** Adds a staff member (e.g. Ravi on team Retention) with an API token, through the services. */
export async function addMember(
  t: TestApp,
  ws: TestWorkspace,
  input: { name: string; role: Role; authority: AuthorityLevel; teamIds?: string[]; reportsToId?: string },
): Promise<{ id: string; auth: { authorization: string } }> {
  const staff = await createStaffMember(t.deps, ws.system, {
    ...input,
    email: `${input.name.toLowerCase()}@${ws.workspace.slug}.example`,
  });
  const actor: Actor = {
    kind: "staff",
    workspaceId: ws.workspace.id,
    staffId: staff.id,
    role: input.role,
    permissions: permissionsOf(input.role),
  };
  const token = await createApiToken(t.deps, actor, "test");
  return { id: staff.id, auth: { authorization: `Bearer ${token.token}` } };
}

export interface HarborPeople {
  retention: string;
  policies: Record<string, string>;
  owen: Member;
  maya: Member;
  sam: Member;
  rita: Member;
  ravi: Member;
}
type Member = { id: string; auth: { authorization: string } };

/**
 * The scenarios' people (SCENARIOS.md) in a test workspace: Owen (owner), Maya (manager), Sam
 * (supervisor), Rita (receptionist, reports to Sam), Ravi (supervisor, team Retention), and P1–P5.
 */
export async function setUpHarborPeople(t: TestApp, ws: TestWorkspace): Promise<HarborPeople> {
  const team = await t.request({
    method: "POST",
    url: "/api/teams",
    headers: ws.members.admin.auth,
    json: { name: "Retention", description: "May grant P4 up to USD 35 a month." },
  });
  expect(team.status).toBe(201);
  const retention = team.body.id as string;
  const owen = await addMember(t, ws, { name: "Owen", role: "admin", authority: "owner" });
  const maya = await addMember(t, ws, {
    name: "Maya",
    role: "manager",
    authority: "manager",
    reportsToId: owen.id,
  });
  const sam = await addMember(t, ws, {
    name: "Sam",
    role: "supervisor",
    authority: "supervisor",
    reportsToId: maya.id,
  });
  const rita = await addMember(t, ws, {
    name: "Rita",
    role: "receptionist",
    authority: "agent",
    reportsToId: sam.id,
  });
  const ravi = await addMember(t, ws, {
    name: "Ravi",
    role: "supervisor",
    authority: "supervisor",
    teamIds: [retention],
    reportsToId: maya.id,
  });
  const policies = await createDemoPolicies(t, maya.auth, { retention });
  return { retention, policies, owen, maya, sam, rita, ravi };
}
