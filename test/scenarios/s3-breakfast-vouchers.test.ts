import { beforeAll, expect, it } from "vitest";
import { createTestWorkspace, type TestWorkspace } from "../support/factories.js";
import { eachDialect, useTestApp } from "../support/harness.js";
import { setUpHarborPeople, type HarborPeople } from "../support/policies.js";

const REFUSED = "https://frontdesk.dev/problems/policy-refused";
const AT = (day: number, hhmm: string) => {
  const [h, m] = hhmm.split(":").map(Number);
  return new Date(Date.UTC(2026, 11, day, (h ?? 0) + 5, m ?? 0)).toISOString();
};

eachDialect("S3 extra breakfast vouchers", (dialect) => {
  const t = useTestApp(dialect);
  let ws: TestWorkspace;
  let h: HarborPeople;
  let room12: string;
  let requestId: string;

  const newCase = async (subject: string) =>
    (
      await t.request({
        method: "POST",
        url: "/api/cases",
        headers: h.rita.auth,
        json: { subject, channel: "walk_in" },
      })
    ).body.id as string;
  const ask = (c: string, quantity: number, auth = h.rita.auth) =>
    t.request({
      method: "POST",
      url: `/api/cases/${c}/policy-requests`,
      headers: auth,
      json: { policyId: h.policies.P2, quantity },
    });
  const decide = (id: string, auth: Record<string, string>, decision: string, reason: string) =>
    t.request({
      method: "POST",
      url: `/api/policy-requests/${id}/decision`,
      headers: auth,
      json: { decision, reason },
    });
  const issue = (c: string, quantity: number) =>
    t.request({
      method: "POST",
      url: `/api/cases/${c}/policy-actions`,
      headers: h.rita.auth,
      json: { policyId: h.policies.P2, quantity, description: `Issue ${quantity} breakfast vouchers` },
    });
  const events = async (c: string) =>
    (await t.request({ method: "GET", url: `/api/cases/${c}/entries`, headers: h.rita.auth })).body.items
      .filter((e: any) => e.kind === "event")
      .map((e: any) => e.body as string);

  beforeAll(async () => {
    t.clock.set(AT(1, "09:00"));
    ws = await createTestWorkspace(t.deps, "s3");
    h = await setUpHarborPeople(t, ws);
    // Last week: 4 granted by Sam, 3 granted by Sam, 5 refused by Maya, 8 refused by Maya (not similar to 4).
    const history: [number, number, HarborPeople["sam"], string, string][] = [
      [1, 4, h.sam, "grant", "Family of four, one room"],
      [2, 3, h.sam, "grant", "Three guests, all staying"],
      [3, 5, h.maya, "refuse", "Visitors not staying in the room"],
      [4, 8, h.maya, "refuse", "A party, not a room"],
    ];
    for (const [day, quantity, by, decision, reason] of history) {
      t.clock.set(AT(day, "10:00"));
      const c = await newCase(`Room vouchers ${day}`);
      const r = await ask(c, quantity);
      expect(r.status, r.text).toBe(201);
      const d = await decide(r.body.id, by.auth, decision, reason);
      expect(d.status, d.text).toBe(200);
    }
    t.clock.set(AT(7, "10:30"));
    room12 = await newCase("Room 12: family of four asks for 4 breakfast vouchers");
  });

  it("issuing more than 2 without an approved exception is refused, and the refusal is recorded", async () => {
    const res = await issue(room12, 4);
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({ type: REFUSED, policyCode: "P2", outcome: "needs_exception" });
    expect(res.body.detail).toBe(
      'P2 does not allow "Issue 4 breakfast vouchers" as is. It needs an approved exception (supervisor ' +
        "authority or above, up to 2 extra vouchers per room per night or manager authority or above), and none " +
        "on this case covers 4 vouchers per room per night. Ask for one first.",
    );
    const audit = await t.request({
      method: "GET",
      url: `/api/audit?subjectId=${room12}`,
      headers: h.owen.auth,
    });
    expect(audit.body.items.map((e: any) => e.action)).toContain("policy.action-refused");
    expect((await events(room12)).at(-1)).toMatch(/^Refused under P2: "Issue 4 breakfast vouchers"/);
    // Two are fine as is.
    expect((await issue(await newCase("Room 3"), 2)).status).toBe(201);
  });

  it("the exception request goes to a supervisor on duty now (Rita's, Sam), with the precedents", async () => {
    const res = await ask(room12, 4);
    expect(res.status, res.text).toBe(201);
    requestId = res.body.id;
    expect(res.body).toMatchObject({
      status: "pending",
      routedTo: { id: h.sam.id, name: "Sam" },
      routingReason: "Sam holds the authority (supervisor) and is on duty now.",
    });
    // Similar = 3 to 5 vouchers: the 8 is left out.
    expect(res.body.precedents.stats).toEqual({
      total: 3,
      granted: 2,
      refused: 1,
      grantRate: 2 / 3,
      byDecider: [
        { deciderId: h.sam.id, name: "Sam", granted: 2, refused: 0, grantRate: 1 },
        { deciderId: h.maya.id, name: "Maya", granted: 0, refused: 1, grantRate: 0 },
      ],
    });
    expect(
      res.body.precedents.items.map((p: any) => [p.valueText, p.status, p.deciderName, p.reason]),
    ).toEqual([
      ["5 vouchers", "refused", "Maya", "Visitors not staying in the room"],
      ["3 vouchers", "granted", "Sam", "Three guests, all staying"],
      ["4 vouchers", "granted", "Sam", "Family of four, one room"],
    ]);
    const inbox = await t.request({ method: "GET", url: "/api/approvals", headers: h.sam.auth });
    expect(inbox.body.items.map((i: any) => [i.id, i.isRoutedToMe, i.precedents.stats.total])).toEqual([
      [requestId, true, 3],
    ]);
  });

  it("Sam approves with a reason; the issue of 4 is then recorded, once", async () => {
    const noReason = await decide(requestId, h.sam.auth, "grant", "");
    expect(noReason.status).toBe(400);
    const res = await decide(requestId, h.sam.auth, "grant", "Family of four in one room, two nights");
    expect(res.status, res.text).toBe(200);
    expect(res.body).toMatchObject({ status: "granted", decidedBy: { name: "Sam" } });
    const done = await issue(room12, 4);
    expect(done.status, done.text).toBe(201);
    expect(done.body).toMatchObject({ id: requestId, actionDescription: "Issue 4 breakfast vouchers" });
    expect((await issue(room12, 4)).status).toBe(422);
    expect(await events(room12)).toEqual(
      expect.arrayContaining([
        "P2 Breakfast vouchers: 4 vouchers per room per night asked — exception requested from Sam.",
        "Sam granted the P2 exception (4 vouchers per room per night): Family of four in one room, two nights",
        "Done under P2 (exception granted): Issue 4 breakfast vouchers",
      ]),
    );
    const audit = await t.request({
      method: "GET",
      url: `/api/audit?subjectId=${requestId}`,
      headers: h.owen.auth,
    });
    expect(audit.body.items.map((e: any) => e.action)).toEqual([
      "policy.request-recorded",
      "policy.exception-granted",
      "policy.action-recorded",
    ]);
  });

  it("asking for 6 needs a manager: it goes to Maya, and Sam's grant is refused naming the manager", async () => {
    const c = await newCase("Room 14: six vouchers");
    const res = await ask(c, 6);
    expect(res.body).toMatchObject({
      status: "pending",
      routedTo: { id: h.maya.id },
      whoCanGrant: ["manager authority or above"],
    });
    const sam = await decide(res.body.id, h.sam.auth, "grant", "Big family");
    expect(sam.status).toBe(422);
    expect(sam.body.detail).toBe(
      "Granting 4 extra vouchers per room per night under P2 needs manager authority or above. " +
        "You may grant up to 2 extra vouchers per room per night (as supervisor authority or above).",
    );
    const inbox = await t.request({ method: "GET", url: "/api/approvals", headers: h.sam.auth });
    expect(inbox.body.items).toEqual([]);
    const maya = await decide(res.body.id, h.maya.auth, "grant", "Six guests booked in one suite");
    expect(maya.status).toBe(200);
    const verify = await t.request({ method: "GET", url: "/api/audit/verify", headers: h.owen.auth });
    expect(verify.body).toMatchObject({ ok: true });
  });
});
