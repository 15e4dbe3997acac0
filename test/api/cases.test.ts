import { beforeAll, expect, it } from "vitest";
import { createTestWorkspace, type TestWorkspace } from "../support/factories.js";
import { eachDialect, useTestApp } from "../support/harness.js";

eachDialect("cases API", (dialect) => {
  const t = useTestApp(dialect);
  let ws: TestWorkspace;
  beforeAll(async () => {
    ws = await createTestWorkspace(t.deps, "cases");
  });

  it("opens a case with a first message, numbers it, and shows it in the timeline", async () => {
    const res = await t.request({
      method: "POST",
      url: "/api/cases",
      headers: ws.members.receptionist.auth,
      json: {
        subject: "Package not collected",
        channel: "walk_in",
        description: "Came for the parcel from Wednesday",
        tags: ["Pickup", "pickup"],
      },
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      number: 1,
      status: "new",
      priority: "normal",
      channel: "walk_in",
      tags: ["pickup"],
      dueAt: null,
    });
    const timeline = await t.request({
      method: "GET",
      url: `/api/cases/${res.body.id}/entries`,
      headers: ws.members.agent.auth,
    });
    expect(timeline.status).toBe(200);
    expect(timeline.body.items).toHaveLength(1);
    expect(timeline.body.items[0]).toMatchObject({
      kind: "message",
      direction: "in",
      body: "Came for the parcel from Wednesday",
    });
    const second = await t.request({
      method: "POST",
      url: "/api/cases",
      headers: ws.members.agent.auth,
      json: { subject: "Second", channel: "phone" },
    });
    expect(second.body.number).toBe(2);
  });

  it("needs a reason from the fixed list to raise priority", async () => {
    const bad = await t.request({
      method: "POST",
      url: "/api/cases",
      headers: ws.members.agent.auth,
      json: { subject: "Loud caller", channel: "phone", priority: "urgent" },
    });
    expect(bad.status).toBe(400);
    expect(bad.headers["content-type"]).toContain("application/problem+json");
    expect(bad.body.type).toBe("https://frontdesk.dev/problems/invalid");
    const unknownReason = await t.request({
      method: "POST",
      url: "/api/cases",
      headers: ws.members.agent.auth,
      json: {
        subject: "Loud caller",
        channel: "phone",
        priority: "urgent",
        priorityReason: "called_three_times",
      },
    });
    expect(unknownReason.status).toBe(400);
    const ok = await t.request({
      method: "POST",
      url: "/api/cases",
      headers: ws.members.agent.auth,
      json: { subject: "Printer down", channel: "phone", priority: "urgent", priorityReason: "service_down" },
    });
    expect(ok.status).toBe(201);
    expect(ok.body.priorityReason).toBe("service_down");
  });

  it("moves status only along allowed transitions and records events", async () => {
    const c = await t.request({
      method: "POST",
      url: "/api/cases",
      headers: ws.members.agent.auth,
      json: { subject: "Refund", channel: "email" },
    });
    const id = c.body.id as string;
    const solved = await t.request({
      method: "PATCH",
      url: `/api/cases/${id}`,
      headers: ws.members.agent.auth,
      json: { status: "solved" },
    });
    expect(solved.status).toBe(200);
    expect(solved.body.solvedAt).toBe(t.clock.now().toISOString());
    const closed = await t.request({
      method: "PATCH",
      url: `/api/cases/${id}`,
      headers: ws.members.agent.auth,
      json: { status: "closed" },
    });
    expect(closed.body.status).toBe("closed");
    const reopen = await t.request({
      method: "PATCH",
      url: `/api/cases/${id}`,
      headers: ws.members.agent.auth,
      json: { status: "open" },
    });
    expect(reopen.status).toBe(409);
    expect(reopen.body.type).toBe("https://frontdesk.dev/problems/conflict");
    const timeline = await t.request({
      method: "GET",
      url: `/api/cases/${id}/entries`,
      headers: ws.members.agent.auth,
    });
    expect(
      timeline.body.items.map((e: { kind: string; data: { to?: string } }) => `${e.kind}:${e.data.to ?? ""}`),
    ).toEqual(["event:solved", "event:closed"]);
  });

  it("a customer's message reopens a waiting case; calls keep their answer time", async () => {
    const c = await t.request({
      method: "POST",
      url: "/api/cases",
      headers: ws.members.agent.auth,
      json: { subject: "Invoice copy", channel: "phone" },
    });
    const id = c.body.id as string;
    await t.request({
      method: "PATCH",
      url: `/api/cases/${id}`,
      headers: ws.members.agent.auth,
      json: { status: "waiting_on_customer" },
    });
    const call = await t.request({
      method: "POST",
      url: `/api/cases/${id}/entries`,
      headers: ws.members.agent.auth,
      json: {
        kind: "call",
        direction: "in",
        body: "Called back with the order number",
        answerSeconds: 12,
        durationSeconds: 240,
      },
    });
    expect(call.status).toBe(201);
    expect(call.body.call).toEqual({ answerSeconds: 12, durationSeconds: 240 });
    const msg = await t.request({
      method: "POST",
      url: `/api/cases/${id}/entries`,
      headers: ws.members.agent.auth,
      json: { kind: "message", direction: "in", body: "Here is the number: 4471" },
    });
    expect(msg.status).toBe(201);
    const after = await t.request({ method: "GET", url: `/api/cases/${id}`, headers: ws.members.agent.auth });
    expect(after.body.status).toBe("open");
    const noteWithDirection = await t.request({
      method: "POST",
      url: `/api/cases/${id}/entries`,
      headers: ws.members.agent.auth,
      json: { kind: "note", direction: "out", body: "x" },
    });
    expect(noteWithDirection.status).toBe(400);
  });

  it("keeps several contact attempts about one need on one case", async () => {
    const c = await t.request({
      method: "POST",
      url: "/api/cases",
      headers: ws.members.agent.auth,
      json: { subject: "Same thing", channel: "phone" },
    });
    const id = c.body.id as string;
    const tries = [
      { channel: "phone", line: "front desk", answered: false, attemptedAt: "2026-12-07T14:00:00.000Z" },
      {
        channel: "phone",
        staffId: ws.members.agent.id,
        answered: false,
        attemptedAt: "2026-12-07T14:05:00.000Z",
      },
      {
        channel: "phone",
        staffId: ws.members.manager.id,
        answered: true,
        attemptedAt: "2026-12-07T14:10:00.000Z",
      },
    ];
    for (const json of tries) {
      const r = await t.request({
        method: "POST",
        url: `/api/cases/${id}/attempts`,
        headers: ws.members.receptionist.auth,
        json,
      });
      expect(r.status).toBe(201);
    }
    const list = await t.request({
      method: "GET",
      url: `/api/cases/${id}/attempts`,
      headers: ws.members.agent.auth,
    });
    expect(list.body.map((a: { attemptedAt: string }) => a.attemptedAt)).toEqual(
      tries.map((x) => x.attemptedAt),
    );
    const future = await t.request({
      method: "POST",
      url: `/api/cases/${id}/attempts`,
      headers: ws.members.agent.auth,
      json: { channel: "phone", line: "x", answered: false, attemptedAt: "2027-01-01T00:00:00.000Z" },
    });
    expect(future.status).toBe(400);
  });

  it("pages the list by cursor without repeats and filters by assignee and tag", async () => {
    for (let i = 0; i < 7; i++) {
      await t.request({
        method: "POST",
        url: "/api/cases",
        headers: ws.members.agent.auth,
        json: {
          subject: `Paged ${i}`,
          channel: "email",
          assigneeId: ws.members.agent.id,
          tags: i % 2 ? ["odd"] : ["even"],
        },
      });
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const qs: string = `assignee=me&limit=3&sort=due${cursor ? `&cursor=${cursor}` : ""}`;
      const page = await t.request({
        method: "GET",
        url: `/api/cases?${qs}`,
        headers: ws.members.agent.auth,
      });
      expect(page.status).toBe(200);
      seen.push(...page.body.items.map((c: { id: string }) => c.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(7);
    expect(new Set(seen).size).toBe(7);
    const odd = await t.request({ method: "GET", url: "/api/cases?tag=odd", headers: ws.members.agent.auth });
    expect(odd.body.items).toHaveLength(3);
    const badCursor = await t.request({
      method: "GET",
      url: "/api/cases?cursor=nonsense",
      headers: ws.members.agent.auth,
    });
    expect(badCursor.status).toBe(400);
  });

  it("finds cases by words in the subject or the timeline", async () => {
    const c = await t.request({
      method: "POST",
      url: "/api/cases",
      headers: ws.members.agent.auth,
      json: {
        subject: "Banner reprint",
        channel: "email",
        description: "The colours on the vinyl banner are wrong",
      },
    });
    await t.request({
      method: "POST",
      url: "/api/cases",
      headers: ws.members.agent.auth,
      json: { subject: "Unrelated", channel: "email" },
    });
    const byBody = await t.request({
      method: "GET",
      url: "/api/search?q=vinyl%20colours",
      headers: ws.members.agent.auth,
    });
    expect(byBody.status).toBe(200);
    expect(byBody.body.items.map((x: { id: string }) => x.id)).toEqual([c.body.id]);
    const byPrefix = await t.request({
      method: "GET",
      url: "/api/search?q=reprin",
      headers: ws.members.agent.auth,
    });
    expect(byPrefix.body.items.map((x: { id: string }) => x.id)).toContain(c.body.id);
    const accented = await t.request({
      method: "POST",
      url: "/api/cases",
      headers: ws.members.agent.auth,
      json: { subject: "Menu for the café opening", channel: "email" },
    });
    for (const q of ["cafe", "café", "CAFÉ"]) {
      const found = await t.request({
        method: "GET",
        url: `/api/search?q=${encodeURIComponent(q)}`,
        headers: ws.members.agent.auth,
      });
      expect(found.body.items.map((x: { id: string }) => x.id)).toEqual([accented.body.id]);
    }
    const operators = await t.request({
      method: "GET",
      url: `/api/search?q=${encodeURIComponent('") OR (* NEAR')}`,
      headers: ws.members.agent.auth,
    });
    expect(operators.status).toBe(200);
  });

  it("replaces a case's searchable subject when it changes", async () => {
    const c = await t.request({
      method: "POST",
      url: "/api/cases",
      headers: ws.members.agent.auth,
      json: { subject: "Laminator squeaks", channel: "phone" },
    });
    await t.request({
      method: "PATCH",
      url: `/api/cases/${c.body.id}`,
      headers: ws.members.agent.auth,
      json: { subject: "Guillotine blade dull" },
    });
    const old = await t.request({
      method: "GET",
      url: "/api/search?q=laminator",
      headers: ws.members.agent.auth,
    });
    expect(old.body.items).toEqual([]);
    const now = await t.request({
      method: "GET",
      url: "/api/search?q=guillotine",
      headers: ws.members.agent.auth,
    });
    expect(now.body.items.map((x: { id: string }) => x.id)).toEqual([c.body.id]);
  });
});
