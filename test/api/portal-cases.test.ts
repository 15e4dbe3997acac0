import { beforeAll, expect, it } from "vitest";
import { createTestWorkspace, type TestWorkspace } from "../support/factories.js";
import { eachDialect, TEST_START, useTestApp, type TestApp } from "../support/harness.js";
import { makeCase, makeCustomer, makePortalLink, openPortal, type PortalVisitor } from "../support/portal.js";
import { setUpHarborTerms } from "../support/terms.js";

// TEST_START is Mon 7 Dec 2026 10:30 in New York; the desk is open 09:00–17:00 (standard agreement).

const P = "https://frontdesk.dev/problems/";

async function staffCase(t: TestApp, ws: TestWorkspace, id: string) {
  return (await t.request({ method: "GET", url: `/api/cases/${id}`, headers: ws.members.agent.auth })).body;
}

async function staffPromises(t: TestApp, ws: TestWorkspace, id: string) {
  const res = await t.request({
    method: "GET",
    url: `/api/cases/${id}/promises`,
    headers: ws.members.agent.auth,
  });
  return res.body as {
    id: string;
    target: string | null;
    status: string;
    dueAt: string;
    pausedAt: string | null;
    wording: string;
  }[];
}

eachDialect("portal cases and replies", (dialect) => {
  const t = useTestApp(dialect);
  let ws: TestWorkspace;
  let dana: string;
  let visitor: PortalVisitor;

  beforeAll(async () => {
    ws = await createTestWorkspace(t.deps, "portal-flow");
    await setUpHarborTerms(t, ws);
    dana = await makeCustomer(t, ws, "Dana Reyes", "dana@acme.example");
    visitor = await openPortal(t, (await makePortalLink(t, ws, dana)).token);
  });

  const portalCase = async (n: number) => {
    const res = await t.request({
      method: "GET",
      url: `/api/portal/cases/${n}`,
      headers: { cookie: visitor.cookie },
    });
    expect(res.status, res.text).toBe(200);
    return res;
  };
  const reply = (n: number, body: string) =>
    t.request({
      method: "POST",
      url: `/api/portal/cases/${n}/replies`,
      headers: visitor.headers,
      json: { body },
    });
  const patch = async (id: string, json: Record<string, unknown>) => {
    const res = await t.request({
      method: "PATCH",
      url: `/api/cases/${id}`,
      headers: ws.members.agent.auth,
      json,
    });
    expect(res.status, res.text).toBe(200);
  };
  const entry = async (id: string, json: Record<string, unknown>) => {
    const res = await t.request({
      method: "POST",
      url: `/api/cases/${id}/entries`,
      headers: ws.members.agent.auth,
      json,
    });
    expect(res.status, res.text).toBe(201);
  };

  it("shows messages in and out and status changes in the customer's words; never notes, calls, other events or staff details", async () => {
    t.clock.set(TEST_START);
    const c = await makeCase(t, ws, dana, "Parcel never arrived");
    await entry(c.id, { kind: "note", body: "Internal: carrier blames our depot" });
    await entry(c.id, {
      kind: "call",
      direction: "out",
      body: "Call log: left a voicemail",
      answerSeconds: 3,
    });
    await entry(c.id, {
      kind: "message",
      direction: "out",
      channel: "email",
      body: "We are tracing it now.",
    });
    await patch(c.id, {
      priority: "high",
      priorityReason: "deadline_at_risk",
      assigneeId: ws.members.supervisor.id,
    });
    await patch(c.id, { status: "on_hold" }); // open → on hold: the same "In progress" to the customer
    await patch(c.id, { status: "waiting_on_customer" });
    const custom = await t.request({
      method: "POST",
      url: `/api/cases/${c.id}/promises`,
      headers: ws.members.agent.auth,
      json: {
        kind: "callback_by",
        description: "Internal: ask Sam first",
        dueAt: "2026-12-08T15:00:00.000Z",
      },
    });
    expect(custom.status, custom.text).toBe(201);

    const res = await portalCase(c.number);
    const view = res.body;
    expect(view).toMatchObject({
      number: c.number,
      subject: "Parcel never arrived",
      status: "waiting_on_you",
      statusText: "Waiting for your reply",
      mayReply: true,
    });
    expect(
      view.timeline.map((e: { kind: string; body: string; author: string | null }) => [
        e.kind,
        e.author,
        e.body,
      ]),
    ).toEqual([
      ["message", "You", "Parcel never arrived: please help"],
      // Our call out moved the new case to open (the call log itself stays staff's).
      ["status", null, "Status: In progress"],
      ["message", "Agent of portal-flow", "We are tracing it now."],
      ["status", null, "Status: Waiting for your reply"],
    ]);
    expect(view.timeline[2]).toMatchObject({ direction: "out", authorKind: "staff", channel: "email" });
    // Nothing staff-private, and no ids of staff, customers or clients.
    for (const secret of [
      "Internal",
      "carrier blames",
      "voicemail",
      "deadline",
      "priority",
      "on_hold",
      ws.members.agent.id,
      ws.members.supervisor.id,
      ws.members.agent.email,
      dana,
      c.id,
    ]) {
      expect(res.text, secret).not.toContain(secret);
    }
    // The promises as the customer was told them, worded by the promises presenter.
    const told = await staffPromises(t, ws, c.id);
    expect(
      view.promises.map((p: { id: string; wording: string; status: string }) => [p.id, p.wording, p.status]),
    ).toEqual(told.filter((p) => p.status !== "cancelled").map((p) => [p.id, p.wording, p.status]));
    expect(view.promises.map((p: { wording: string }) => p.wording)).toEqual([
      "We will reply by Mon 7 Dec, 14:30 (New York time)",
      "We will resolve this by Thu 10 Dec, 10:30 (New York time)",
      "We will call you back by Tue 8 Dec, 10:00 (New York time)",
    ]);
    expect(view.promises[0]).toMatchObject({ status: "kept", statusText: "Done" });
    expect(view.promises[2]).toMatchObject({ kind: "callback_by", status: "open", statusText: "Promised" });
  });

  it("a reply reopens a waiting case and resumes its paused reply target, as a customer's reply does anywhere", async () => {
    t.clock.set(TEST_START);
    const c = await makeCase(t, ws, dana, "Wrong size delivered");
    const [firstReply] = await staffPromises(t, ws, c.id);
    expect(firstReply).toMatchObject({ target: "first_reply", dueAt: "2026-12-07T19:30:00.000Z" });
    await patch(c.id, { status: "waiting_on_customer" });
    expect((await staffPromises(t, ws, c.id))[0]!.pausedAt).toBe(TEST_START);
    t.clock.advance(3_600_000); // an hour of open desk time waiting on the customer
    const res = await reply(c.number, "  Here is the photo you asked for.  ");
    expect(res.status, res.text).toBe(201);
    expect(res.body).toMatchObject({
      kind: "message",
      direction: "in",
      channel: "portal",
      body: "Here is the photo you asked for.",
      authorKind: "you",
      author: "You",
      status: null,
    });
    const after = await staffCase(t, ws, c.id);
    expect(after.status).toBe("open");
    const resumed = (await staffPromises(t, ws, c.id))[0]!;
    expect(resumed).toMatchObject({ status: "open", pausedAt: null, dueAt: "2026-12-07T20:30:00.000Z" });
    expect(after.dueAt).toBe("2026-12-07T20:30:00.000Z");
    // Staff see the customer's words on the portal channel, authored by the customer.
    const timeline = await t.request({
      method: "GET",
      url: `/api/cases/${c.id}/entries`,
      headers: ws.members.agent.auth,
    });
    const mine = timeline.body.items.find(
      (e: { body: string }) => e.body === "Here is the photo you asked for.",
    );
    expect(mine).toMatchObject({
      kind: "message",
      direction: "in",
      channel: "portal",
      authorCustomerId: dana,
      authorStaffId: null,
    });
    const audit = await t.request({
      method: "GET",
      url: `/api/audit?subjectId=${c.id}&action=case.entry-added`,
      headers: ws.members.admin.auth,
    });
    expect(audit.body.items.at(-1)).toMatchObject({ actorKind: "customer", actorId: dana });
    // The customer sees the reopening in their words.
    const view = await portalCase(c.number);
    expect(view.body.status).toBe("in_progress");
    expect(view.body.timeline.at(-1)).toMatchObject({ kind: "status", body: "Status: In progress" });
    t.clock.set(TEST_START);
  });

  it("our reply keeps the reply promise; the customer's next message opens a next reply promise", async () => {
    t.clock.set(TEST_START);
    const c = await makeCase(t, ws, dana, "Need a copy of the receipt");
    await entry(c.id, { kind: "message", direction: "out", channel: "portal", body: "Attached." });
    t.clock.advance(30 * 60_000);
    expect((await reply(c.number, "Thanks, one more question.")).status).toBe(201);
    const list = await staffPromises(t, ws, c.id);
    expect(list.map((p) => [p.target, p.status])).toEqual([
      ["first_reply", "kept"],
      ["resolution", "open"],
      ["next_reply", "open"],
    ]);
    const view = await portalCase(c.number);
    expect(view.body.promises.map((p: { wording: string }) => p.wording)).toContain(
      "We will reply by Mon 7 Dec, 15:00 (New York time)",
    );
    t.clock.set(TEST_START);
  });

  it("a solved case reopens on a reply; a closed one refuses it in words, and nothing is written", async () => {
    const solved = await makeCase(t, ws, dana, "Refund question");
    await patch(solved.id, { status: "solved" });
    expect((await portalCase(solved.number)).body).toMatchObject({ status: "solved", mayReply: true });
    expect((await reply(solved.number, "It did not arrive after all")).status).toBe(201);
    expect((await staffCase(t, ws, solved.id)).status).toBe("open");

    const closed = await makeCase(t, ws, dana, "Old matter");
    await patch(closed.id, { status: "closed" });
    expect((await portalCase(closed.number)).body).toMatchObject({ status: "closed", mayReply: false });
    const res = await reply(closed.number, "Reopen please");
    expect(res.status).toBe(409);
    expect(res.body.type).toBe(P + "conflict");
    expect(res.body.detail).toMatch(/closed.*new request/);
    const view = await portalCase(closed.number);
    expect(view.text).not.toContain("Reopen please");
  });

  it("replies are validated: empty, blank, too long or with extra fields are 400", async () => {
    const c = await makeCase(t, ws, dana, "Validation");
    for (const json of [
      { body: "" },
      { body: "   " },
      { body: "x".repeat(20_001) },
      { body: "ok", author: "staff" },
      {},
    ]) {
      const res = await t.request({
        method: "POST",
        url: `/api/portal/cases/${c.number}/replies`,
        headers: visitor.headers,
        json,
      });
      expect(res.status, JSON.stringify(json).slice(0, 40)).toBe(400);
      expect(res.body.type).toBe(P + "invalid");
    }
    for (const url of [
      "/api/portal/cases/0",
      "/api/portal/cases/abc",
      "/api/portal/cases?limit=0",
      "/api/portal/cases?x=1",
    ]) {
      const res = await t.request({ method: "GET", url, headers: { cookie: visitor.cookie } });
      expect(res.status, url).toBe(400);
    }
  });

  it("lists pages of the customer's cases by cursor, newest first", async () => {
    const first = await t.request({
      method: "GET",
      url: "/api/portal/cases?limit=2",
      headers: { cookie: visitor.cookie },
    });
    expect(first.body.items).toHaveLength(2);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const rest = await t.request({
      method: "GET",
      url: `/api/portal/cases?limit=200&cursor=${encodeURIComponent(first.body.nextCursor as string)}`,
      headers: { cookie: visitor.cookie },
    });
    const numbers = [...first.body.items, ...rest.body.items].map((c: { number: number }) => c.number);
    expect(numbers).toEqual([...numbers].sort((a, b) => b - a));
    expect(new Set(numbers).size).toBe(numbers.length);
    expect(rest.body.nextCursor).toBeNull();
  });
});
