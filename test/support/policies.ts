import { expect } from "vitest";
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
