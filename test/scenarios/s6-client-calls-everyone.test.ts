import { beforeAll, expect, it } from "vitest";
import { createTestWorkspace, type TestWorkspace } from "../support/factories.js";
import { eachDialect, useTestApp } from "../support/harness.js";
import { setUpHarborTerms, type HarborTerms } from "../support/terms.js";

// Thu 10 Dec 2026 in New York (UTC−5): 14:00 is 19:00Z.
const AT = (hhmm: string) => {
  const [h, m] = hhmm.split(":").map(Number);
  return new Date(Date.UTC(2026, 11, 10, (h ?? 0) + 5, m ?? 0)).toISOString();
};

eachDialect("S6 the client who calls everyone", (dialect) => {
  const t = useTestApp(dialect);
  let ws: TestWorkspace;
  let terms: HarborTerms;
  let globexCase: string;
  let gina: string;
  let acmeCase: string;
  let deliverableId: string;

  beforeAll(async () => {
    ws = await createTestWorkspace(t.deps, "s6");
    terms = await setUpHarborTerms(t, ws);
    const admin = ws.members.admin.auth;
    const globex = await t.request({
      method: "POST",
      url: "/api/clients",
      headers: admin,
      json: { name: "Globex", domain: "globex.example" },
    });
    await t.request({
      method: "PUT",
      url: `/api/clients/${globex.body.id}/agreement`,
      headers: admin,
      json: { agreementId: terms.standardId },
    });
    const report = await t.request({
      method: "POST",
      url: `/api/agreements/${terms.standardId}/deliverables`,
      headers: admin,
      json: {
        name: "Weekly report",
        clientId: globex.body.id,
        rrule: "DTSTART;TZID=America/New_York:20261106T120000\nRRULE:FREQ=WEEKLY;BYDAY=FR",
      },
    });
    deliverableId = report.body.id;
    const customer = await t.request({
      method: "POST",
      url: "/api/customers",
      headers: admin,
      json: { name: "Gina Park", email: "gina.park@globex.example" },
    });
    gina = customer.body.id;
    // A quiet Acme-style case opened in the morning: no calls, but due first.
    t.clock.set(AT("10:00"));
    const quiet = await t.request({
      method: "POST",
      url: "/api/cases",
      headers: ws.members.agent.auth,
      json: { subject: "Invoice copy", channel: "email" },
    });
    acmeCase = quiet.body.id;
  });

  it("three calls in ten minutes are one case with three attempts and one callback due 14:30", async () => {
    const rita = ws.members.receptionist.auth;
    t.clock.set(AT("14:00"));
    const c = await t.request({
      method: "POST",
      url: "/api/cases",
      headers: rita,
      json: { subject: "Report binding wrong", channel: "phone", customerId: gina },
    });
    expect(c.status).toBe(201);
    globexCase = c.body.id;
    const tries = [
      { at: "14:00", json: { channel: "phone", line: "Rita's desk line", answered: false } },
      {
        at: "14:05",
        json: { channel: "phone", staffId: ws.members.agent.id, answered: false, note: "work mobile" },
      },
      { at: "14:10", json: { channel: "phone", staffId: ws.members.manager.id, answered: false } },
    ];
    for (const { at, json } of tries) {
      t.clock.set(AT(at));
      const res = await t.request({
        method: "POST",
        url: `/api/cases/${globexCase}/attempts`,
        headers: rita,
        json,
      });
      expect(res.status, res.text).toBe(201);
    }
    const cases = await t.request({ method: "GET", url: `/api/cases?customerId=${gina}`, headers: rita });
    expect(cases.body.items).toHaveLength(1);
    const attempts = await t.request({
      method: "GET",
      url: `/api/cases/${globexCase}/attempts`,
      headers: rita,
    });
    expect(attempts.body).toHaveLength(3);
    const promises = await t.request({
      method: "GET",
      url: `/api/cases/${globexCase}/promises`,
      headers: rita,
    });
    const callbacks = promises.body.filter((p: { kind: string }) => p.kind === "callback_by");
    expect(callbacks).toEqual([
      expect.objectContaining({
        status: "open",
        dueAt: AT("14:30"),
        wording: "We will call you back by Thu 10 Dec, 14:30 (New York time)",
        basis: expect.objectContaining({ source: "workspace", minutes: 30, startedAt: AT("14:00") }),
      }),
    ]);
    const kase = await t.request({ method: "GET", url: `/api/cases/${globexCase}`, headers: rita });
    // The number of attempts does not raise priority by itself.
    expect(kase.body).toMatchObject({ priority: "normal", priorityReason: null, dueAt: AT("14:30") });
  });

  it("at 16:45 the desk shows what the agreement honestly allows, not a same-day answer", async () => {
    t.clock.set(AT("16:45"));
    const callback = await t.request({
      method: "GET",
      url: `/api/cases/${globexCase}/honest-promise?target=callback`,
      headers: ws.members.receptionist.auth,
    });
    expect(callback.status, callback.text).toBe(200);
    // 60 working minutes: 15 today, 45 from Friday's opening.
    expect(callback.body).toMatchObject({
      agreementId: terms.standardId,
      dueAt: "2026-12-11T14:45:00.000Z",
      isSameDay: false,
      isOpenNow: true,
      wording: "We will call you back by Fri 11 Dec, 09:45 (New York time)",
    });
    const reply = await t.request({
      method: "GET",
      url: `/api/cases/${globexCase}/honest-promise`,
      headers: ws.members.receptionist.auth,
    });
    expect(reply.body).toMatchObject({
      target: "next_reply",
      dueAt: "2026-12-11T17:45:00.000Z",
      isSameDay: false,
    });
  });

  it("Globex's Friday deliverable is due too, and the queue is ordered by due time, not by calls", async () => {
    t.clock.set(AT("16:45"));
    const deliverable = await t.request({
      method: "POST",
      url: `/api/cases/${globexCase}/promises`,
      headers: ws.members.agent.auth,
      json: { kind: "deliverable_by", deliverableId, toldCustomer: true },
    });
    expect(deliverable.status, deliverable.text).toBe(201);
    expect(deliverable.body).toMatchObject({
      description: "Weekly report",
      dueAt: "2026-12-11T17:00:00.000Z",
      wording: "We will deliver by Fri 11 Dec, 12:00 (New York time)",
    });
    const queue = await t.request({
      method: "GET",
      url: "/api/promises?open=true&sort=due",
      headers: ws.members.agent.auth,
    });
    const rows = queue.body.items.map(
      (p: { caseId: string; kind: string; target: string | null; dueAt: string }) => [
        p.caseId === acmeCase ? "quiet" : "globex",
        p.target ?? p.kind,
        p.dueAt,
      ],
    );
    expect(rows).toEqual([
      ["quiet", "first_reply", AT("14:00")],
      ["globex", "callback", AT("14:30")],
      ["globex", "first_reply", "2026-12-11T15:00:00.000Z"],
      ["globex", "deliverable_by", "2026-12-11T17:00:00.000Z"],
      // Three business days, Saturday's four hours included: Mon 14:00 and Tue 10:00.
      ["quiet", "resolution", "2026-12-14T19:00:00.000Z"],
      ["globex", "resolution", "2026-12-15T15:00:00.000Z"],
    ]);
  });

  it("escalating to Maya carries the full history: every attempt, every open promise, the timeline", async () => {
    t.clock.set(AT("16:50"));
    const maya = ws.members.manager;
    const res = await t.request({
      method: "POST",
      url: `/api/cases/${globexCase}/escalations`,
      headers: ws.members.agent.auth,
      json: {
        staffId: maya.id,
        reason: "Globex wants a same-day answer; Maya was called directly",
        card: { nextStep: "Decide whether a same-day answer is possible and call Gina back." },
      },
    });
    expect(res.status, res.text).toBe(201);
    expect(res.body.decision).toMatchObject({ outcome: "route", receiver: { id: maya.id } });
    const card = res.body.handoff.card;
    expect(card.wants).toBe("Report binding wrong");
    expect(card.history.contactAttempts).toBe(3);
    expect(card.history.attemptsText).toEqual([
      "Thu 10 Dec 14:00 phone to Rita's desk line (no answer)",
      "Thu 10 Dec 14:05 phone to Agent of s6 (no answer)",
      "Thu 10 Dec 14:10 phone to Manager of s6 (no answer)",
    ]);
    const promises = await t.request({
      method: "GET",
      url: `/api/cases/${globexCase}/promises`,
      headers: maya.auth,
    });
    const open = promises.body.filter((p: { status: string }) => p.status === "open");
    expect(card.promises.map((p: { id: string }) => p.id).sort()).toEqual(
      open.map((p: { id: string }) => p.id).sort(),
    );
    expect(card.promises.map((p: { wording: string }) => p.wording)).toEqual(
      expect.arrayContaining([
        "We will call you back by Thu 10 Dec, 14:30 (New York time)",
        "We will deliver by Fri 11 Dec, 12:00 (New York time)",
      ]),
    );
    // Maya has the case and reads its whole timeline; she acknowledges from her list.
    const mine = await t.request({ method: "GET", url: "/api/handoffs/pending", headers: maya.auth });
    expect(mine.body.map((x: { caseId: string }) => x.caseId)).toEqual([globexCase]);
    const timeline = await t.request({
      method: "GET",
      url: `/api/cases/${globexCase}/entries`,
      headers: maya.auth,
    });
    expect(timeline.status).toBe(200);
    expect(timeline.body.items.length).toBe(Number(card.history.entries) + 1); // + the escalation event
    const ack = await t.request({
      method: "POST",
      url: `/api/handoffs/${res.body.handoff.id}/acknowledge`,
      headers: maya.auth,
    });
    expect(ack.status, ack.text).toBe(200);
    const kase = await t.request({ method: "GET", url: `/api/cases/${globexCase}`, headers: maya.auth });
    // Escalation changes who has it, not the priority: calls do not raise it, nor does escalating.
    expect(kase.body).toMatchObject({ assigneeId: maya.id, priority: "normal", handover: null });
  });
});
