import { beforeAll, expect, it } from "vitest";
import { DEMO_POLICIES } from "../../src/demo/demo.policies.js";
import { createTestWorkspace, type TestWorkspace } from "../support/factories.js";
import { eachDialect, useTestApp } from "../support/harness.js";
import { setUpHarborPeople, type HarborPeople } from "../support/policies.js";

const P1 = DEMO_POLICIES.find((p) => p.code === "P1")!;
const REFUSED = "https://frontdesk.dev/problems/policy-refused";
// Mon 7 Dec 2026 in New York (UTC−5).
const AT = (day: number, hhmm: string) => {
  const [h, m] = hhmm.split(":").map(Number);
  return new Date(Date.UTC(2026, 11, day, (h ?? 0) + 5, m ?? 0)).toISOString();
};

eachDialect("S2 awards without proof", (dialect) => {
  const t = useTestApp(dialect);
  let ws: TestWorkspace;
  let h: HarborPeople;
  let caseId: string;
  let requestId: string;

  const newCase = async (subject: string) => {
    const res = await t.request({
      method: "POST",
      url: "/api/cases",
      headers: h.rita.auth,
      json: { subject, channel: "walk_in" },
    });
    return res.body.id as string;
  };
  const apply = (c: string, json: Record<string, unknown>) =>
    t.request({
      method: "POST",
      url: `/api/cases/${c}/policy-requests`,
      headers: h.rita.auth,
      json: { policyId: h.policies.P1, ...json },
    });
  const auditOf = async (subjectId: string) =>
    (
      await t.request({
        method: "GET",
        url: `/api/audit?subjectId=${subjectId}&limit=500`,
        headers: h.owen.auth,
      })
    ).body.items as any[];

  beforeAll(async () => {
    t.clock.set(AT(1, "10:00"));
    ws = await createTestWorkspace(t.deps, "s2");
    h = await setUpHarborPeople(t, ws);
    // Two earlier asks under P1, last week.
    for (const [day, note] of [
      [1, "For the league dinner, results next week"],
      [3, "Spare trophies in case"],
    ] as const) {
      t.clock.set(AT(day, "11:00"));
      const earlier = await apply(await newCase("Awards without results"), { note });
      expect(earlier.body.status).toBe("refused_by_policy");
    }
    t.clock.set(AT(7, "10:30"));
  });

  it("the desk answers with the wording and rationale, and records the refusal", async () => {
    caseId = await newCase("Extra awards to have on hand");
    const res = await apply(caseId, { note: "Wants five extra awards to have on hand" });
    expect(res.status, res.text).toBe(201);
    requestId = res.body.id;
    expect(res.body).toMatchObject({
      policyCode: "P1",
      outcome: "no_exception",
      status: "refused_by_policy",
      wording: P1.customerWording,
      rationale: P1.rationale,
      say: P1.customerWording,
      whoCanGrant: [],
      decidedBy: null,
      decidedAt: AT(7, "10:30"),
      decisionReason:
        "Missing evidence: Proof of earning. No exception is possible: nobody may grant exceptions to P1.",
    });
    const entries = await t.request({
      method: "GET",
      url: `/api/cases/${caseId}/entries`,
      headers: h.rita.auth,
    });
    expect(entries.body.items.map((e: any) => e.body)).toContain(
      "P1 Awards need proof — refused (P1): no exception possible.",
    );
    expect((await auditOf(requestId)).map((e) => e.action)).toEqual(["policy.request-recorded"]);
  });

  it("any attempt, by any role, to grant an exception to P1 is refused with a clear error and audited", async () => {
    const everyone = [
      ["Rita", h.rita.auth],
      ["Sam", h.sam.auth],
      ["Ravi", h.ravi.auth],
      ["Maya", h.maya.auth],
      ["Owen", h.owen.auth],
      ["the test admin", ws.members.admin.auth],
    ] as const;
    for (const [who, auth] of everyone) {
      const res = await t.request({
        method: "POST",
        url: `/api/policy-requests/${requestId}/decision`,
        headers: auth,
        json: { decision: "grant", reason: "Good customer" },
      });
      expect(res.status, who).toBe(422);
      expect(res.body).toMatchObject({
        type: REFUSED,
        title: "A policy does not allow this",
        detail: 'Nobody may grant an exception to P1 (Awards need proof): its exceptions are "nobody".',
        policyCode: "P1",
        why: "nobody",
        whoCan: "nobody",
      });
    }
    const refused = (await auditOf(requestId)).filter((e) => e.action === "policy.grant-refused");
    expect(refused).toHaveLength(everyone.length);
    expect(new Set(refused.map((e) => e.actorId)).size).toBe(everyone.length);
    // Doing it anyway is refused too, and recorded.
    const make = await t.request({
      method: "POST",
      url: `/api/cases/${caseId}/policy-actions`,
      headers: h.owen.auth,
      json: { policyId: h.policies.P1, description: "Make 5 award plaques" },
    });
    expect(make.status).toBe(422);
    expect(make.body.detail).toContain("No exception is possible");
    expect((await auditOf(caseId)).map((e) => e.action)).toContain("policy.action-refused");
    const still = await t.request({
      method: "GET",
      url: `/api/policy-requests/${requestId}`,
      headers: h.rita.auth,
    });
    expect(still.body).toMatchObject({ status: "refused_by_policy", decidedBy: null });
  });

  it("the precedent view shows how earlier P1 requests were decided: all refused", async () => {
    const res = await t.request({
      method: "GET",
      url: `/api/policy-requests/${requestId}`,
      headers: h.rita.auth,
    });
    expect(res.body.precedents.stats).toEqual({
      total: 2,
      granted: 0,
      refused: 2,
      grantRate: 0,
      byDecider: [
        { deciderId: null, name: "The policy (no exception possible)", granted: 0, refused: 2, grantRate: 0 },
      ],
    });
    expect(res.body.precedents.items.map((p: any) => [p.status, p.decidedAt])).toEqual([
      ["refused_by_policy", AT(3, "11:00")],
      ["refused_by_policy", AT(1, "11:00")],
    ]);
    const history = await t.request({
      method: "GET",
      url: `/api/policies/${h.policies.P1}/history`,
      headers: h.rita.auth,
    });
    expect(history.body.stats).toMatchObject({ total: 3, granted: 0, refused: 3 });
  });

  it("with proof of earning the awards are allowed and made", async () => {
    const c = await newCase("League awards, results attached");
    const ok = await apply(c, { evidenceGiven: ["Proof of earning"] });
    expect(ok.body).toMatchObject({ status: "allowed", say: "Yes, we can do that." });
    const make = await t.request({
      method: "POST",
      url: `/api/cases/${c}/policy-actions`,
      headers: h.rita.auth,
      json: {
        policyId: h.policies.P1,
        evidenceGiven: ["Proof of earning"],
        description: "Make 12 award plaques",
      },
    });
    expect(make.status, make.text).toBe(201);
    expect(make.body).toMatchObject({ id: ok.body.id, actionDescription: "Make 12 award plaques" });
    const verify = await t.request({ method: "GET", url: "/api/audit/verify", headers: h.owen.auth });
    expect(verify.body).toMatchObject({ ok: true });
  });
});
