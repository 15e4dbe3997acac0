import { beforeAll, describe, expect, it } from "vitest";
import { DEMO_POLICIES } from "../../src/demo/demo.policies.js";
import { mayGrant, type AuthorityTier, type PolicyTerms } from "../../src/policies/policies.rules.js";
import { createTestWorkspace, type TestWorkspace } from "../support/factories.js";
import { eachDialect, useTestApp } from "../support/harness.js";
import { addMember, createDemoPolicies } from "../support/policies.js";

const REFUSED = "https://frontdesk.dev/problems/policy-refused";

eachDialect("policy requests, exceptions and actions", (dialect) => {
  const t = useTestApp(dialect);
  let ws: TestWorkspace;
  let other: TestWorkspace;
  let policies: Record<string, string>;
  let retention: string;
  let ravi: { id: string; auth: Record<string, string> };

  async function newCase(subject = "Extra vouchers") {
    const res = await t.request({
      method: "POST",
      url: "/api/cases",
      headers: ws.members.agent.auth,
      json: { subject, channel: "walk_in" },
    });
    expect(res.status).toBe(201);
    return res.body.id as string;
  }
  const apply = (caseId: string, json: Record<string, unknown>, headers = ws.members.agent.auth) =>
    t.request({ method: "POST", url: `/api/cases/${caseId}/policy-requests`, headers, json });
  const decide = (
    id: string,
    headers: Record<string, string>,
    decision = "grant",
    reason = "Family of four",
  ) =>
    t.request({
      method: "POST",
      url: `/api/policy-requests/${id}/decision`,
      headers,
      json: { decision, reason },
    });
  const act = (caseId: string, json: Record<string, unknown>, headers = ws.members.agent.auth) =>
    t.request({ method: "POST", url: `/api/cases/${caseId}/policy-actions`, headers, json });
  const audit = async (action: string) => {
    const res = await t.request({
      method: "GET",
      url: `/api/audit?action=${action}&limit=500`,
      headers: ws.members.admin.auth,
    });
    return res.body.items as any[];
  };
  const timeline = async (caseId: string) => {
    const res = await t.request({
      method: "GET",
      url: `/api/cases/${caseId}/entries?limit=200`,
      headers: ws.members.agent.auth,
    });
    return (res.body.items as any[]).filter((e) => e.kind === "event").map((e) => e.body as string);
  };

  beforeAll(async () => {
    ws = await createTestWorkspace(t.deps, "req");
    other = await createTestWorkspace(t.deps, "req-other");
    const team = await t.request({
      method: "POST",
      url: "/api/teams",
      headers: ws.members.admin.auth,
      json: { name: "Retention", description: "" },
    });
    retention = team.body.id;
    policies = await createDemoPolicies(t, ws.members.admin.auth, { retention });
    ravi = await addMember(t, ws, {
      name: "Ravi",
      role: "supervisor",
      authority: "supervisor",
      teamIds: [retention],
    });
  });

  describe("recording what the customer asks for", () => {
    it("checks the ask against the policy: measure, currency, evidence, the workspace's own policy", async () => {
      const c = await newCase();
      const bad: [Record<string, unknown>, string][] = [
        [{ policyId: policies.P2 }, "quantity"],
        [{ policyId: policies.P2, quantity: 3, amountMinor: 100 }, "amountMinor"],
        [{ policyId: policies.P4, amountMinor: 3000, currency: "EUR" }, "currency"],
        [{ policyId: policies.P1, evidenceGiven: ["A smile"] }, "evidenceGiven"],
      ];
      for (const [json, field] of bad) {
        const res = await apply(c, json);
        expect(res.status, JSON.stringify(json)).toBe(400);
        expect(res.body.field).toBe(field);
      }
      const foreign = await apply(c, { policyId: policies.P2, quantity: 1 }, other.members.admin.auth);
      expect(foreign.status).toBe(404);
      const otherCase = await t.request({
        method: "POST",
        url: "/api/cases",
        headers: other.members.admin.auth,
        json: { subject: "x", channel: "email" },
      });
      const foreignPolicy = await apply(
        otherCase.body.id,
        { policyId: policies.P2, quantity: 1 },
        other.members.admin.auth,
      );
      expect(foreignPolicy.status).toBe(400);
      expect(foreignPolicy.body.field).toBe("policyId");
      expect(
        await t.request({
          method: "GET",
          url: `/api/cases/${c}/policy-requests`,
          headers: ws.members.agent.auth,
        }),
      ).toMatchObject({
        status: 200,
        body: [],
      });
    });

    it("within the policy is allowed as is, with the words to say, on the timeline and in the audit", async () => {
      const c = await newCase();
      const res = await apply(c, { policyId: policies.P2, quantity: 2, note: "Two guests" });
      expect(res.status, res.text).toBe(201);
      expect(res.body).toMatchObject({
        status: "allowed",
        outcome: "allowed",
        valueText: "2 vouchers per room per night",
        say: "Yes, we can do that.",
        note: "Two guests",
        policyCode: "P2",
        policyVersion: 1,
        askedBy: { id: ws.members.agent.id },
        routedTo: null,
      });
      expect(await timeline(c)).toContain(
        "P2 Breakfast vouchers: 2 vouchers per room per night asked — allowed as is.",
      );
      const entries = await audit("policy.request-recorded");
      expect(entries.find((e) => e.subjectId === res.body.id)?.data).toMatchObject({
        outcome: "allowed",
        quantity: 2,
      });
    });

    it("a closed case takes no requests", async () => {
      const c = await newCase();
      await t.request({
        method: "PATCH",
        url: `/api/cases/${c}`,
        headers: ws.members.agent.auth,
        json: { status: "closed" },
      });
      const res = await apply(c, { policyId: policies.P2, quantity: 1 });
      expect(res.status).toBe(409);
    });
  });

  describe("an exception: routed, decided, acted on once", () => {
    let caseId: string;
    let requestId: string;

    it("4 vouchers go to the supervisor on duty, with who can grant it", async () => {
      caseId = await newCase();
      const res = await apply(caseId, { policyId: policies.P2, quantity: 4 });
      expect(res.status, res.text).toBe(201);
      requestId = res.body.id;
      expect(res.body).toMatchObject({
        status: "pending",
        outcome: "needs_exception",
        excess: 2,
        // Two supervisors hold it (Ravi and "Supervisor of req"); ties go by name, so Ravi.
        routedTo: { id: ravi.id, name: "Ravi" },
        routingReason: "Ravi holds the authority (supervisor) and is on duty now.",
        whoCanGrant: [
          "supervisor authority or above, up to 2 extra vouchers per room per night",
          "manager authority or above",
        ],
      });
      expect(res.body.say).toContain("I am asking someone who can make an exception");
      expect(await timeline(caseId)).toContain(
        "P2 Breakfast vouchers: 4 vouchers per room per night asked — exception requested from Ravi.",
      );
    });

    it("is in the approvals inbox of everyone who may decide it, marked for the one it is routed to", async () => {
      const inbox = async (role: "supervisor" | "manager" | "agent" | "admin") =>
        (await t.request({ method: "GET", url: "/api/approvals", headers: ws.members[role].auth })).body;
      const mine = (await t.request({ method: "GET", url: "/api/approvals", headers: ravi.auth })).body;
      expect(mine.routedToMe).toBe(1);
      expect(mine.items.map((i: any) => [i.id, i.isRoutedToMe])).toEqual([[requestId, true]]);
      expect(mine.items[0].precedents.basis).toMatch(/within a quarter/);
      const sup = await inbox("supervisor");
      expect(sup.routedToMe).toBe(0);
      expect(sup.items.map((i: any) => [i.id, i.isRoutedToMe])).toEqual([[requestId, false]]);
      expect((await inbox("manager")).items.map((i: any) => [i.id, i.isRoutedToMe])).toEqual([
        [requestId, false],
      ]);
      expect((await inbox("agent")).items).toEqual([]);
      expect(
        (await t.request({ method: "GET", url: "/api/approvals", headers: ravi.auth })).body.items.map(
          (i: any) => i.id,
        ),
      ).toEqual([requestId]);
    });

    it("the agent cannot grant it: policy-refused naming who can, recorded though refused", async () => {
      const res = await decide(requestId, ws.members.agent.auth);
      expect(res.status).toBe(422);
      expect(res.body).toMatchObject({
        type: REFUSED,
        policyCode: "P2",
        why: "lacks-authority",
        whoCan:
          "supervisor authority or above, up to 2 extra vouchers per room per night or manager authority or above",
      });
      expect(res.body.detail).toBe(
        "Granting 2 extra vouchers per room per night under P2 needs supervisor authority or above, up to 2 extra " +
          "vouchers per room per night or manager authority or above.",
      );
      const refused = await audit("policy.grant-refused");
      expect(refused.filter((e) => e.subjectId === requestId)).toEqual([
        expect.objectContaining({
          actorId: ws.members.agent.id,
          data: expect.objectContaining({ decision: "grant" }),
        }),
      ]);
      expect(
        (await timeline(caseId)).some((b) => b.startsWith("Agent of req tried to grant the P2 exception")),
      ).toBe(true);
      const still = await t.request({
        method: "GET",
        url: `/api/policy-requests/${requestId}`,
        headers: ws.members.agent.auth,
      });
      expect(still.body).toMatchObject({ status: "pending", decidedBy: null });
    });

    it("doing it before the grant is refused, and the refused attempt is recorded", async () => {
      const res = await act(caseId, { policyId: policies.P2, quantity: 4, description: "Issue 4 vouchers" });
      expect(res.status).toBe(422);
      expect(res.body.type).toBe(REFUSED);
      expect(res.body.detail).toContain("needs an approved exception");
      const refused = await audit("policy.action-refused");
      expect(refused.filter((e) => e.subjectId === caseId)).toHaveLength(1);
      expect((await timeline(caseId)).some((b) => b.startsWith('Refused under P2: "Issue 4 vouchers"'))).toBe(
        true,
      );
    });

    it("the supervisor grants it with a reason; a blank reason is refused; deciding twice is a conflict", async () => {
      const blank = await decide(requestId, ws.members.supervisor.auth, "grant", "   ");
      expect(blank.status).toBe(400);
      const res = await decide(requestId, ws.members.supervisor.auth, "grant", "Family of four, one room");
      expect(res.status, res.text).toBe(200);
      expect(res.body).toMatchObject({
        status: "granted",
        decidedBy: { id: ws.members.supervisor.id },
        decisionReason: "Family of four, one room",
        decidedAt: expect.any(String),
      });
      const again = await decide(requestId, ws.members.manager.auth, "refuse", "changed my mind");
      expect(again.status).toBe(409);
      const granted = await audit("policy.exception-granted");
      expect(granted.find((e) => e.subjectId === requestId)?.data).toMatchObject({
        authority: "supervisor",
        tier: { grantor: { kind: "level", level: "supervisor" }, maxExtra: 2 },
      });
    });

    it("the grant covers exactly what was asked, once", async () => {
      const three = await act(caseId, {
        policyId: policies.P2,
        quantity: 3,
        description: "Issue 3 vouchers",
      });
      expect(three.status).toBe(422);
      expect(three.body.detail).toContain("covers exactly 4 vouchers per room per night");
      const four = await act(caseId, {
        policyId: policies.P2,
        quantity: 4,
        description: "Issue 4 vouchers for room 12",
      });
      expect(four.status, four.text).toBe(201);
      expect(four.body).toMatchObject({
        id: requestId,
        actedBy: { id: ws.members.agent.id },
        actionDescription: "Issue 4 vouchers for room 12",
      });
      const twice = await act(caseId, {
        policyId: policies.P2,
        quantity: 4,
        description: "Issue 4 vouchers again",
      });
      expect(twice.status).toBe(422);
      const two = await act(caseId, { policyId: policies.P2, quantity: 2, description: "Issue 2 vouchers" });
      expect(two.status).toBe(201);
      expect(two.body).toMatchObject({ status: "allowed", actionDescription: "Issue 2 vouchers" });
      const events = await timeline(caseId);
      expect(events).toContain("Done under P2 (exception granted): Issue 4 vouchers for room 12");
      expect(events).toContain("Done under P2 (within the policy): Issue 2 vouchers");
    });

    it("another case cannot use this case's exception", async () => {
      const c = await newCase();
      const res = await act(c, { policyId: policies.P2, quantity: 4, description: "Issue 4 vouchers" });
      expect(res.status).toBe(422);
    });
  });

  describe("withdrawing", () => {
    it("the asker withdraws; a supervisor who could not decide a 6-voucher request may not", async () => {
      const c = await newCase();
      const six = await apply(c, { policyId: policies.P2, quantity: 6 });
      expect(six.body).toMatchObject({ status: "pending", routedTo: { id: ws.members.manager.id } });
      const sup = await t.request({
        method: "POST",
        url: `/api/policy-requests/${six.body.id}/withdraw`,
        headers: ws.members.supervisor.auth,
        json: { reason: "no" },
      });
      expect(sup.status).toBe(403);
      const mine = await t.request({
        method: "POST",
        url: `/api/policy-requests/${six.body.id}/withdraw`,
        headers: ws.members.agent.auth,
        json: { reason: "Guest found another breakfast" },
      });
      expect(mine.status).toBe(200);
      expect(mine.body).toMatchObject({
        status: "withdrawn",
        decisionReason: "Guest found another breakfast",
      });
      const late = await decide(six.body.id, ws.members.manager.auth);
      expect(late.status).toBe(409);
    });
  });

  describe("deciding without the authority is impossible", () => {
    const roles = ["receptionist", "agent", "supervisor", "manager", "admin"] as const;
    const LEVEL: Record<(typeof roles)[number], "agent" | "supervisor" | "manager" | "owner"> = {
      receptionist: "agent",
      agent: "agent",
      supervisor: "supervisor",
      manager: "manager",
      admin: "owner",
    };
    const asks: [string, Record<string, unknown>][] = [
      ["P1", {}],
      ["P2", { quantity: 3 }],
      ["P2", { quantity: 4 }],
      ["P2", { quantity: 5 }],
      ["P2", { quantity: 9 }],
      ["P3", { amountMinor: 2400 }],
      ["P4", { amountMinor: 3000 }],
      ["P4", { amountMinor: 3500 }],
      ["P4", { amountMinor: 3501 }],
      ["P5", { quantity: 1 }],
    ];

    function terms(code: string): PolicyTerms {
      const p = DEMO_POLICIES.find((x) => x.code === code)!;
      return {
        ...p,
        authority:
          p.authority.kind === "nobody"
            ? p.authority
            : {
                kind: "tiers",
                tiers: p.authority.tiers.map((tier) => ({
                  maxExtra: tier.maxExtra,
                  grantor: tier.grantor.kind === "team" ? { kind: "team", teamId: retention } : tier.grantor,
                })),
              },
      };
    }

    it("every role tries to grant every kind of request: only those the rules allow succeed, and the rest are recorded", async () => {
      const c = await newCase("Many asks");
      let refusedAttempts = 0;
      const who = [
        ...roles.map((r) => ({
          key: r,
          id: ws.members[r].id,
          auth: ws.members[r].auth,
          level: LEVEL[r],
          teams: [] as string[],
        })),
        { key: "ravi", id: ravi.id, auth: ravi.auth, level: "supervisor" as const, teams: [retention] },
      ];
      for (const [code, ask] of asks) {
        for (const person of who) {
          const req = await apply(c, { policyId: policies[code], ...ask });
          expect(req.status, req.text).toBe(201);
          const res = await decide(req.body.id, person.auth, "grant", `${person.key} tries`);
          const expected = mayGrant(
            { staffId: person.id, authority: person.level, teamIds: person.teams, isActive: true },
            { terms: terms(code), excess: req.body.excess },
            new Map(),
          ).ok;
          expect(res.status, `${person.key} granting ${code} ${JSON.stringify(ask)}: ${res.text}`).toBe(
            expected ? 200 : 422,
          );
          if (!expected) refusedAttempts += 1;
        }
      }
      expect(refusedAttempts).toBeGreaterThan(20);
      // Every decision in the database was taken by someone the rules let decide, under the tier they held then.
      const rows = await t.deps.db
        .selectFrom("policy_requests")
        .innerJoin("policy_versions", "policy_versions.id", "policy_requests.policy_version_id")
        .select([
          "policy_requests.decided_by_id",
          "policy_requests.decided_authority",
          "policy_requests.decided_tier",
          "policy_requests.excess",
          "policy_versions.authority",
        ])
        .where("policy_requests.workspace_id", "=", ws.workspace.id)
        .where("policy_requests.decided_by_id", "is not", null)
        .execute();
      expect(rows.length).toBeGreaterThan(10);
      const members = await t.deps.db
        .selectFrom("team_members")
        .selectAll()
        .where("workspace_id", "=", ws.workspace.id)
        .execute();
      for (const r of rows) {
        const tier = JSON.parse(r.decided_tier!) as AuthorityTier;
        const authority = JSON.parse(r.authority);
        expect(authority.kind).toBe("tiers");
        expect(authority.tiers).toContainEqual(tier);
        expect(tier.maxExtra === null || (r.excess ?? 0) <= tier.maxExtra).toBe(true);
        const holds =
          tier.grantor.kind === "level"
            ? ["agent", "supervisor", "manager", "owner"].indexOf(r.decided_authority!) >=
              ["agent", "supervisor", "manager", "owner"].indexOf(tier.grantor.level)
            : members.some(
                (m) =>
                  m.staff_id === r.decided_by_id && m.team_id === (tier.grantor as { teamId: string }).teamId,
              );
        expect(holds).toBe(true);
      }
      const refused = await audit("policy.grant-refused");
      expect(refused.length).toBeGreaterThanOrEqual(refusedAttempts);
      const verify = await t.request({
        method: "GET",
        url: "/api/audit/verify",
        headers: ws.members.admin.auth,
      });
      expect(verify.body).toMatchObject({ ok: true });
    });
  });

  describe("precedents, history and reports", () => {
    it("the policy page shows every decision over time, with grant rates per decider", async () => {
      const res = await t.request({
        method: "GET",
        url: `/api/policies/${policies.P2}/history`,
        headers: ws.members.agent.auth,
      });
      expect(res.status).toBe(200);
      expect(res.body.stats.total).toBeGreaterThan(5);
      const { granted, refused, total } = res.body.stats as {
        granted: number;
        refused: number;
        total: number;
      };
      expect(granted + refused).toBe(total);
      const similar = await t.request({
        method: "GET",
        url: `/api/policies/${policies.P2}/history?quantity=4`,
        headers: ws.members.agent.auth,
      });
      expect(similar.body.items.every((p: any) => [3, 4, 5].includes(p.value))).toBe(true);
      expect(similar.body.items.length).toBeGreaterThan(0);
    });

    it("previews the answer with precedents, recording nothing", async () => {
      const before = await audit("policy.request-recorded");
      const res = await t.request({
        method: "POST",
        url: `/api/policies/${policies.P2}/preview`,
        headers: ws.members.receptionist.auth,
        json: { quantity: 4 },
      });
      expect(res.status, res.text).toBe(200);
      expect(res.body).toMatchObject({ outcome: "needs_exception", excess: 2, valueText: "4 vouchers" });
      expect(res.body.precedents.stats.total).toBeGreaterThan(0);
      expect(res.body.precedents.items.every((p: any) => [3, 4, 5].includes(p.value))).toBe(true);
      expect(await audit("policy.request-recorded")).toHaveLength(before.length);
    });

    it("reports per policy, decider, asker and week, with value given away; supervisors and up only", async () => {
      const denied = await t.request({
        method: "GET",
        url: "/api/reports/policies",
        headers: ws.members.agent.auth,
      });
      expect(denied.status).toBe(403);
      const res = await t.request({
        method: "GET",
        url: "/api/reports/policies",
        headers: ws.members.supervisor.auth,
      });
      expect(res.status, res.text).toBe(200);
      const p4 = res.body.perPolicy.find((b: any) => b.label === "P4 New-customer pricing");
      // 3000 and 3500 granted by Ravi, the manager and the owner (3 each); 3501 by the manager and the owner.
      expect(p4.givenAway).toEqual([
        { measure: "amount", unit: "USD", total: 3 * 3000 + 3 * 3500 + 2 * 3501 },
      ]);
      const p1 = res.body.perPolicy.find((b: any) => b.label === "P1 Awards need proof");
      expect(p1).toMatchObject({ exceptions: 6, refused: 6, granted: 0, grantRate: 0 });
      expect(res.body.perAsker.map((b: any) => b.label)).toContain("Agent of req");
      expect(res.body.perWeek).toHaveLength(1);
      expect(res.body.perDecider.find((b: any) => b.label === "Ravi")).toMatchObject({ granted: 4 });
      const bad = await t.request({
        method: "GET",
        url: "/api/reports/policies?from=2026-12-01T00:00:00.000Z&to=2026-11-01T00:00:00.000Z",
        headers: ws.members.supervisor.auth,
      });
      expect(bad.status).toBe(400);
    });
  });
});
