/** Loads the demo workspace's policies (P1–P5) and a short history of decisions under them. */
import type { Actor } from "../auth/auth.rules.js";
import { createCase } from "../cases/cases.service.js";
import { DEMO_POLICIES, DEMO_POLICY_CASES, type DemoPolicy } from "../demo/demo.policies.js";
import type { Deps } from "../deps.js";
import { recordPolicyAction } from "./actions.service.js";
import type { ExceptionAuthority } from "./policies.rules.js";
import { createPolicy } from "./policies.service.js";
import { applyPolicy, decideRequest } from "./requests.service.js";

function need(map: ReadonlyMap<string, string>, key: string): string {
  const v = map.get(key);
  if (v === undefined) throw new Error(`demo policies refer to unknown "${key}"`);
  return v;
}

function authorityOf(p: DemoPolicy, teams: ReadonlyMap<string, string>): ExceptionAuthority {
  if (p.authority.kind === "nobody") return { kind: "nobody" };
  return {
    kind: "tiers",
    tiers: p.authority.tiers.map((t) => ({
      maxExtra: t.maxExtra,
      grantor: t.grantor.kind === "team" ? { kind: "team", teamId: need(teams, t.grantor.team) } : t.grantor,
    })),
  };
}

/** Creates P1–P5, then a few decided requests and the open S3 case. `staff` and `teams` map demo keys to ids. */
export async function loadDemoPolicies(
  deps: Deps,
  system: Actor,
  refs: { staff: ReadonlyMap<string, string>; teams: ReadonlyMap<string, string> },
): Promise<void> {
  const ids = new Map<string, string>();
  for (const p of DEMO_POLICIES) {
    const created = await createPolicy(deps, system, { ...p, authority: authorityOf(p, refs.teams) });
    ids.set(p.code, created.id);
  }
  const as = (key: string): Actor => ({ ...system, kind: "staff", staffId: need(refs.staff, key) });
  const rita = as("rita");
  for (const h of DEMO_POLICY_CASES.history) {
    const c = await createCase(deps, rita, { subject: h.subject, channel: "walk_in", tags: ["policy"] });
    const policyId = need(ids, h.policy);
    const request = await applyPolicy(deps, rita, c.id, { policyId, quantity: h.quantity });
    if (h.decision)
      await decideRequest(deps, as(h.decision.by), request.id, {
        decision: h.decision.outcome,
        reason: h.decision.reason,
      });
    if (h.action)
      await recordPolicyAction(deps, rita, c.id, { policyId, quantity: h.quantity, description: h.action });
  }
  await createCase(deps, rita, {
    subject: DEMO_POLICY_CASES.open.subject,
    description: DEMO_POLICY_CASES.open.description,
    channel: "walk_in",
    tags: ["policy"],
  });
}
