import { beforeAll, expect, it } from "vitest";
import { createTestWorkspace, type TestWorkspace } from "../support/factories.js";
import { eachDialect, useTestApp } from "../support/harness.js";
import { setUpHarborPeople, type HarborPeople } from "../support/policies.js";

const REFUSED = "https://frontdesk.dev/problems/policy-refused";
const AT = (hhmm: string) => {
  const [h, m] = hhmm.split(":").map(Number);
  return new Date(Date.UTC(2026, 11, 8, (h ?? 0) + 5, m ?? 0)).toISOString(); // Tue 8 Dec 2026
};

/** S4: the hand-over to Retention with a context card, then the exception and its authority. */
eachDialect("S4 the retention offer", (dialect) => {
  const t = useTestApp(dialect);
  let ws: TestWorkspace;
  let h: HarborPeople;
  let walt: string;
  let thirty: string;
  let forty: string;

  const ask = (amountMinor: number, auth = h.rita.auth) =>
    t.request({
      method: "POST",
      url: `/api/cases/${walt}/policy-requests`,
      headers: auth,
      json: { policyId: h.policies.P4, amountMinor, currency: "USD", note: "Saw the new-customer offer" },
    });
  const decide = (id: string, auth: Record<string, string>, reason: string, decision = "grant") =>
    t.request({
      method: "POST",
      url: `/api/policy-requests/${id}/decision`,
      headers: auth,
      json: { decision, reason },
    });

  beforeAll(async () => {
    t.clock.set(AT("09:00"));
    ws = await createTestWorkspace(t.deps, "s4");
    h = await setUpHarborPeople(t, ws);
    t.clock.set(AT("11:00"));
    const c = await t.request({
      method: "POST",
      url: "/api/cases",
      headers: h.rita.auth,
      json: { subject: "Wants the new-customer price on the monthly plan", channel: "phone" },
    });
    walt = c.body.id;
  });

  it("the agent cannot grant P4 for an existing customer: the desk says who can", async () => {
    const preview = await t.request({
      method: "POST",
      url: `/api/policies/${h.policies.P4}/preview`,
      headers: h.rita.auth,
      json: { amountMinor: 3000 },
    });
    expect(preview.body).toMatchObject({
      outcome: "needs_exception",
      missingEvidence: ["New customer"],
      whoCanGrant: ["team Retention, up to USD 35.00 a month", "manager authority or above"],
    });
    const refused = await t.request({
      method: "POST",
      url: `/api/cases/${walt}/policy-actions`,
      headers: h.rita.auth,
      json: { policyId: h.policies.P4, amountMinor: 3000, description: "Apply USD 30 a month off" },
    });
    expect(refused.status).toBe(422);
    expect(refused.body.type).toBe(REFUSED);
  });

  it("the agent hands the case to Retention with a context card; Ravi acknowledges and takes it", async () => {
    const handoff = await t.request({
      method: "POST",
      url: `/api/cases/${walt}/handoffs`,
      headers: h.rita.auth,
      json: {
        toTeamId: h.retention,
        reason: "P4 needs Retention for an existing customer",
        card: {
          customerWords: "I've been with you six years and new people pay less than me.",
          tried: "Explained P4; cannot grant it myself.",
          nextStep: "Offer a retention price within Retention's limit.",
        },
      },
    });
    expect(handoff.status, handoff.text).toBe(201);
    expect(handoff.body).toMatchObject({
      kind: "transfer",
      status: "pending",
      toTeamId: h.retention,
      toTeamName: "Retention",
      toStaffId: null,
      card: {
        wants: "Wants the new-customer price on the monthly plan",
        customerWords: "I've been with you six years and new people pay less than me.",
        nextStep: "Offer a retention price within Retention's limit.",
      },
    });
    const kase = await t.request({ method: "GET", url: `/api/cases/${walt}`, headers: h.rita.auth });
    expect(kase.body).toMatchObject({
      teamId: h.retention,
      handover: { id: handoff.body.id, toTeamId: h.retention },
    });
    // The team's members see it to acknowledge; others do not and may not.
    const ravis = await t.request({ method: "GET", url: "/api/handoffs/pending", headers: h.ravi.auth });
    expect(ravis.body.map((x: { id: string }) => x.id)).toEqual([handoff.body.id]);
    const sams = await t.request({ method: "GET", url: "/api/handoffs/pending", headers: h.sam.auth });
    expect(sams.body).toEqual([]);
    const bySam = await t.request({
      method: "POST",
      url: `/api/handoffs/${handoff.body.id}/acknowledge`,
      headers: h.sam.auth,
    });
    expect(bySam.status).toBe(403);
    const ack = await t.request({
      method: "POST",
      url: `/api/handoffs/${handoff.body.id}/acknowledge`,
      headers: h.ravi.auth,
    });
    expect(ack.status, ack.text).toBe(200);
    const after = await t.request({ method: "GET", url: `/api/cases/${walt}`, headers: h.rita.auth });
    expect(after.body).toMatchObject({ assigneeId: h.ravi.id, teamId: h.retention, handover: null });
    const entries = await t.request({
      method: "GET",
      url: `/api/cases/${walt}/entries`,
      headers: h.ravi.auth,
    });
    expect(entries.body.items.map((e: { body: string }) => e.body)).toEqual(
      expect.arrayContaining([
        "Handed over to team Retention: P4 needs Retention for an existing customer",
        "Ravi acknowledged the hand-over",
        "Ravi has your case now and has its whole history, so you don't need to repeat anything. Ravi will be in touch.",
      ]),
    );
  });

  it("handed to Retention, Ravi grants USD 30 a month (within his limit)", async () => {
    const res = await ask(3000);
    expect(res.status, res.text).toBe(201);
    thirty = res.body.id;
    expect(res.body).toMatchObject({
      status: "pending",
      valueText: "USD 30.00 a month",
      routedTo: { id: h.ravi.id, name: "Ravi" },
      routingReason: "Ravi holds the authority (supervisor) and is on duty now.",
    });
    const granted = await decide(thirty, h.ravi.auth, "Customer since 2019; matches most of the offer");
    expect(granted.status, granted.text).toBe(200);
    expect(granted.body).toMatchObject({ status: "granted", decidedBy: { id: h.ravi.id } });
    const done = await t.request({
      method: "POST",
      url: `/api/cases/${walt}/policy-actions`,
      headers: h.ravi.auth,
      json: { policyId: h.policies.P4, amountMinor: 3000, description: "Apply USD 30 a month off the plan" },
    });
    expect(done.status, done.text).toBe(201);
  });

  it("USD 40 is refused for Ravi, naming the manager, and the request goes to a manager", async () => {
    t.clock.set(AT("11:20"));
    const res = await ask(4000, h.ravi.auth);
    expect(res.status).toBe(201);
    forty = res.body.id;
    expect(res.body).toMatchObject({
      status: "pending",
      whoCanGrant: ["manager authority or above"],
      routedTo: { id: h.maya.id, name: "Maya" },
    });
    // The 30 grant is a precedent for the 40 (within a quarter of the larger value).
    expect(res.body.precedents.stats).toMatchObject({ total: 1, granted: 1 });
    expect(res.body.precedents.items[0]).toMatchObject({ valueText: "USD 30.00", deciderName: "Ravi" });
    const ravi = await decide(forty, h.ravi.auth, "Worth keeping");
    expect(ravi.status).toBe(422);
    expect(ravi.body).toMatchObject({
      type: REFUSED,
      why: "lacks-authority",
      whoCan: "manager authority or above",
      detail:
        "Granting USD 40.00 a month under P4 needs manager authority or above. " +
        "You may grant up to USD 35.00 a month (as team Retention).",
    });
    const mayaInbox = await t.request({ method: "GET", url: "/api/approvals", headers: h.maya.auth });
    expect(mayaInbox.body.items.map((i: any) => [i.id, i.isRoutedToMe])).toEqual([[forty, true]]);
    const raviInbox = await t.request({ method: "GET", url: "/api/approvals", headers: h.ravi.auth });
    expect(raviInbox.body.items).toEqual([]);
    const audit = await t.request({
      method: "GET",
      url: `/api/audit?subjectId=${forty}`,
      headers: h.owen.auth,
    });
    expect(audit.body.items.map((e: any) => [e.action, e.actorId])).toEqual([
      ["policy.request-recorded", h.ravi.id],
      ["policy.grant-refused", h.ravi.id],
    ]);
    const maya = await decide(forty, h.maya.auth, "Ten years a customer; matches the offer", "grant");
    expect(maya.status).toBe(200);
  });

  it("leaving Retention takes the authority with it", async () => {
    const c = await ask(2000);
    await t.request({
      method: "PATCH",
      url: `/api/staff/${h.ravi.id}`,
      headers: ws.members.admin.auth,
      json: { teamIds: [] },
    });
    const res = await decide(c.body.id, h.ravi.auth, "Still worth it");
    expect(res.status).toBe(422);
    expect(res.body.whoCan).toBe("team Retention, up to USD 35.00 a month or manager authority or above");
    // It was routed to Ravi; after his refused attempt it moves to someone who can decide it.
    expect(c.body.routedTo).toMatchObject({ id: h.ravi.id });
    const now = await t.request({
      method: "GET",
      url: `/api/policy-requests/${c.body.id}`,
      headers: h.rita.auth,
    });
    expect(now.body).toMatchObject({ status: "pending", routedTo: { id: h.maya.id } });
  });

  it("the report shows what was given away under P4, per decider", async () => {
    const res = await t.request({ method: "GET", url: "/api/reports/policies", headers: h.maya.auth });
    const p4 = res.body.perPolicy.find((b: any) => b.label === "P4 New-customer pricing");
    expect(p4).toMatchObject({
      granted: 2,
      pending: 1,
      givenAway: [{ measure: "amount", unit: "USD", total: 7000 }],
    });
    expect(res.body.perDecider.map((b: any) => [b.label, b.granted])).toEqual([
      ["Maya", 1],
      ["Ravi", 1],
    ]);
  });
});
