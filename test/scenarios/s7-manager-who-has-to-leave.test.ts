import { beforeAll, expect, it } from "vitest";
import { createTestWorkspace, type TestWorkspace } from "../support/factories.js";
import { eachDialect, useTestApp } from "../support/harness.js";
import { setUpHarborPeople, type HarborPeople } from "../support/policies.js";
import { makeCustomer, makePortalLink, openPortal } from "../support/portal.js";
import { HOURS } from "../support/schedules.js";
import { setUpHarborTerms } from "../support/terms.js";

// Tue 8 Dec 2026 in New York (UTC−5).
const AT = (hhmm: string) => {
  const [h, m] = hhmm.split(":").map(Number);
  return new Date(Date.UTC(2026, 11, 8, (h ?? 0) + 5, m ?? 0)).toISOString();
};

eachDialect("S7 the manager who has to leave", (dialect) => {
  const t = useTestApp(dialect);
  let ws: TestWorkspace;
  let h: HarborPeople;
  let caseId: string;
  let caseNumber: number;
  let customerId: string;
  let handoffId: string;

  beforeAll(async () => {
    t.clock.set(AT("08:00"));
    ws = await createTestWorkspace(t.deps, "s7");
    await setUpHarborTerms(t, ws);
    h = await setUpHarborPeople(t, ws);
    const admin = ws.members.admin.auth;
    // The factory's own members have no hours: they are never on duty here.
    for (const m of Object.values(ws.members)) {
      await t.request({
        method: "PUT",
        url: `/api/staff/${m.id}/schedule`,
        headers: admin,
        json: { timeZone: "America/New_York", weekly: { sun: [["03:00", "04:00"]] } },
      });
    }
    for (const [who, hours] of [
      [h.owen, HOURS.owen],
      [h.maya, HOURS.maya],
      [h.sam, HOURS.sam],
      [h.rita, HOURS.rita],
      [h.ravi, HOURS.ravi],
    ] as const) {
      const res = await t.request({
        method: "PUT",
        url: `/api/staff/${who.id}/schedule`,
        headers: admin,
        json: hours,
      });
      expect(res.status, res.text).toBe(200);
    }
    const off = await t.request({
      method: "POST",
      url: `/api/staff/${h.maya.id}/time-off`,
      headers: admin,
      json: { startsOn: "2026-12-08", endsOn: "2026-12-08", fromTime: "15:15", note: "school play" },
    });
    expect(off.status, off.text).toBe(201);
    customerId = await makeCustomer(t, ws, "Dana Cross", "dana.cross@example.com");
    t.clock.set(AT("15:00"));
    const c = await t.request({
      method: "POST",
      url: "/api/cases",
      headers: h.rita.auth,
      json: {
        subject: "Wrong banners printed for Saturday's event",
        channel: "phone",
        customerId,
        assigneeId: h.rita.id,
        description: "You printed 2025 on every banner. The event is Saturday and I want a manager now.",
      },
    });
    expect(c.status, c.text).toBe(201);
    caseId = c.body.id;
    caseNumber = c.body.number;
    await t.request({
      method: "POST",
      url: `/api/cases/${caseId}/entries`,
      headers: h.rita.auth,
      json: { kind: "note", body: "Offered a reprint by Friday; he wants a manager to decide a refund." },
    });
  });

  it("at 15:10 'to a manager' previews Owen, and says why not Maya", async () => {
    t.clock.set(AT("15:10"));
    const preview = await t.request({
      method: "POST",
      url: `/api/cases/${caseId}/escalations/preview`,
      headers: h.rita.auth,
      json: { level: "manager" },
    });
    expect(preview.status, preview.text).toBe(200);
    expect(preview.body).toMatchObject({
      outcome: "route",
      receiver: { id: h.owen.id, name: "Owen" },
      marginMinutes: 15,
      summary: "Owen will receive it (manager authority or above, on duty now).",
    });
    expect(preview.body.lines).toEqual([
      "Sam — does not hold manager authority",
      "Maya — off duty at 15:15, inside the 15-minute hand-over margin",
      "Owen — chosen: next up the reports-to chain, on duty until 20:00",
    ]);
    // Nothing was written: the case is still Rita's and not in hand-over.
    const kase = await t.request({ method: "GET", url: `/api/cases/${caseId}`, headers: h.rita.auth });
    expect(kase.body).toMatchObject({ assigneeId: h.rita.id, handover: null });
  });

  it("the context card is pre-filled from the case", async () => {
    const draft = await t.request({
      method: "GET",
      url: `/api/cases/${caseId}/context-card/draft`,
      headers: h.rita.auth,
    });
    expect(draft.status, draft.text).toBe(200);
    expect(draft.body).toMatchObject({
      wants: "Wrong banners printed for Saturday's event",
      customerWords: "You printed 2025 on every banner. The event is Saturday and I want a manager now.",
      tried: "- Offered a reprint by Friday; he wants a manager to decide a refund.",
    });
    expect(draft.body.promises.length).toBeGreaterThan(0);
    expect(draft.body.nextStep).toMatch(/^Keep the promise: /);
  });

  it("sent, it goes to Owen with the card; the case is in hand-over to both", async () => {
    const res = await t.request({
      method: "POST",
      url: `/api/cases/${caseId}/escalations`,
      headers: h.rita.auth,
      json: {
        level: "manager",
        reason: "Angry caller wants a manager to decide a refund",
        card: { nextStep: "Call Dana back today about a refund or a free reprint." },
      },
    });
    expect(res.status, res.text).toBe(201);
    handoffId = res.body.handoff.id;
    expect(res.body.handoff).toMatchObject({
      kind: "escalation",
      status: "pending",
      toStaffId: h.owen.id,
      toName: "Owen",
      fromName: "Rita",
      level: "manager",
      card: {
        wants: "Wrong banners printed for Saturday's event",
        nextStep: "Call Dana back today about a refund or a free reprint.",
      },
    });
    const promises = await t.request({
      method: "GET",
      url: `/api/cases/${caseId}/promises`,
      headers: h.rita.auth,
    });
    const open = promises.body
      .filter((p: { status: string }) => p.status === "open")
      .map((p: { id: string }) => p.id);
    expect(res.body.handoff.card.promises.map((p: { id: string }) => p.id).sort()).toEqual(open.sort());
    for (const auth of [h.rita.auth, h.owen.auth]) {
      const kase = await t.request({ method: "GET", url: `/api/cases/${caseId}`, headers: auth });
      expect(kase.body).toMatchObject({
        assigneeId: h.owen.id,
        handover: { id: handoffId, fromStaffId: h.rita.id, toStaffId: h.owen.id, kind: "escalation" },
      });
    }
    const list = await t.request({ method: "GET", url: `/api/cases?assignee=me`, headers: h.owen.auth });
    expect(list.body.items.find((c: { id: string }) => c.id === caseId).handover.id).toBe(handoffId);
    const entries = await t.request({
      method: "GET",
      url: `/api/cases/${caseId}/entries`,
      headers: h.owen.auth,
    });
    expect(entries.body.items.map((e: { body: string }) => e.body)).toContain(
      "Escalated to Owen (manager or above): Angry caller wants a manager to decide a refund",
    );
    // Owen is told through the notifications outbox (his work address; never a private one).
    const mail = await t.deps.db
      .selectFrom("notifications")
      .select(["to_address", "subject", "body"])
      .where("workspace_id", "=", ws.workspace.id)
      .where("kind", "=", "handoff")
      .where("recipient_staff_id", "=", h.owen.id)
      .execute();
    expect(mail).toHaveLength(1);
    expect(mail[0]?.subject).toBe(
      `Hand-over to acknowledge: case #${caseNumber} — Wrong banners printed for Saturday's event`,
    );
    expect(mail[0]?.body).toContain("Next step: Call Dana back today about a refund or a free reprint.");
    const audit = await t.request({
      method: "GET",
      url: `/api/audit?subjectId=${caseId}`,
      headers: h.owen.auth,
    });
    expect(audit.body.items.map((e: { action: string }) => e.action)).toContain("case.escalated");
  });

  it("Owen sees it to acknowledge, with why it came to him; only Owen may acknowledge", async () => {
    const mine = await t.request({ method: "GET", url: "/api/handoffs/pending", headers: h.owen.auth });
    expect(mine.body.map((x: { id: string }) => x.id)).toEqual([handoffId]);
    expect(mine.body[0].routing.lines).toContain(
      "Maya — off duty at 15:15, inside the 15-minute hand-over margin",
    );
    const ritas = await t.request({ method: "GET", url: "/api/handoffs/pending", headers: h.rita.auth });
    expect(ritas.body).toEqual([]);
    const byRita = await t.request({
      method: "POST",
      url: `/api/handoffs/${handoffId}/acknowledge`,
      headers: h.rita.auth,
    });
    expect(byRita.status).toBe(403);
    t.clock.set(AT("15:14"));
    const ack = await t.request({
      method: "POST",
      url: `/api/handoffs/${handoffId}/acknowledge`,
      headers: h.owen.auth,
    });
    expect(ack.status, ack.text).toBe(200);
    expect(ack.body).toMatchObject({
      status: "acknowledged",
      acknowledgedById: h.owen.id,
      acknowledgedAt: AT("15:14"),
    });
    const again = await t.request({
      method: "POST",
      url: `/api/handoffs/${handoffId}/acknowledge`,
      headers: h.owen.auth,
    });
    expect(again.status).toBe(409);
    const kase = await t.request({ method: "GET", url: `/api/cases/${caseId}`, headers: h.rita.auth });
    expect(kase.body.handover).toBeNull();
  });

  it("the customer is told who has the case and that they need not repeat themselves", async () => {
    const link = await makePortalLink(t, ws, customerId);
    const visitor = await openPortal(t, link.token);
    const view = await t.request({
      method: "GET",
      url: `/api/portal/cases/${caseNumber}`,
      headers: { cookie: visitor.cookie },
    });
    expect(view.status, view.text).toBe(200);
    const bodies = view.body.timeline.map((e: { body?: string }) => e.body ?? "");
    expect(bodies).toContain(
      "Owen has your case now and has its whole history, so you don't need to repeat anything. Owen will be in touch.",
    );
    // Nothing about Maya's time off or anyone's hours reaches the customer.
    expect(JSON.stringify(view.body)).not.toMatch(/15:15|school play|Maya/);
  });
});
