import { afterEach, beforeAll, expect, it } from "vitest";
import { createRunner } from "../../src/duework/duework.service.js";
import { PROMISE_JOB_HANDLERS } from "../../src/promises/promises.jobs.js";
import { createTestWorkspace, TEST_PASSWORD, type TestWorkspace } from "../support/factories.js";
import { eachDialect, TEST_START, useTestApp, type TestApp } from "../support/harness.js";
import { makeCase, makeCustomer, makePortalLink, openPortal } from "../support/portal.js";
import { openStream, type StreamEvent, type StreamReader } from "../support/sse.js";
import { HARBOR_SPEC, setUpHarborTerms } from "../support/terms.js";

const P = "https://frontdesk.dev/problems/";
const TTL = 30_000;

async function newCase(t: TestApp, ws: TestWorkspace, subject = "Parcel never arrived") {
  const res = await t.request({
    method: "POST",
    url: "/api/cases",
    headers: ws.members.agent.auth,
    json: { subject, channel: "phone" },
  });
  expect(res.status, res.text).toBe(201);
  return res.body as { id: string; number: number };
}

const caseEventOf = (caseId: string, kind?: string) => (e: StreamEvent) =>
  e.event === "case" && e.data.caseId === caseId && (kind === undefined || e.data.kind === kind);

eachDialect("live updates over server-sent events", (dialect) => {
  // Short heartbeats and sweeps so the tests see them; the TTL is the real one, run on the fake clock.
  const t = useTestApp(dialect, { sseHeartbeatMs: 150, presenceSweepMs: 25, sseMaxStreamsPerSession: 3 });
  let ws: TestWorkspace;
  let other: TestWorkspace;
  let base: string;
  const open: StreamReader[] = [];
  const stream = async (path: string, headers: Record<string, string>) => {
    const s = await openStream(base, path, headers);
    open.push(s);
    return s;
  };

  beforeAll(async () => {
    ws = await createTestWorkspace(t.deps, "live");
    other = await createTestWorkspace(t.deps, "live-other");
    base = await t.listen();
  });
  afterEach(() => {
    for (const s of open.splice(0)) s.close();
    t.clock.set(TEST_START);
  });

  it("an entry added by one person reaches another's case stream and the workspace stream", async () => {
    const c = await newCase(t, ws);
    const reader = ws.members.receptionist.auth;
    const caseStream = await stream(`/api/cases/${c.id}/events`, reader);
    const queueStream = await stream("/api/events", reader);
    expect(caseStream.status).toBe(200);
    expect(caseStream.headers["content-type"]).toBe("text/event-stream; charset=utf-8");
    expect(caseStream.headers["cache-control"]).toBe("no-cache, no-transform");
    expect(caseStream.headers["x-accel-buffering"]).toBe("no");
    expect((await caseStream.next((e) => e.event === "ready")).data).toEqual({
      caseId: c.id,
      caseNumber: c.number,
    });
    expect(caseStream.text).toMatch(/^retry: \d+\n\n/);
    expect((await caseStream.next((e) => e.event === "presence")).data).toEqual({ caseId: c.id, people: [] });
    await queueStream.next((e) => e.event === "ready");

    const added = await t.request({
      method: "POST",
      url: `/api/cases/${c.id}/entries`,
      headers: ws.members.agent.auth,
      json: { kind: "note", body: "Called the depot: secretword-17" },
    });
    expect(added.status).toBe(201);
    const seen = await caseStream.next(caseEventOf(c.id));
    // Ids and a kind, nothing of the content: the listener re-reads through the API.
    expect(seen.data).toEqual({
      caseId: c.id,
      caseNumber: c.number,
      kind: "case.entry-added",
      actorStaffId: ws.members.agent.id,
      at: TEST_START,
    });
    expect(caseStream.text).not.toContain("secretword");
    expect((await queueStream.next(caseEventOf(c.id))).data.kind).toBe("case.entry-added");
    const timeline = await t.request({ method: "GET", url: `/api/cases/${c.id}/entries`, headers: reader });
    expect(timeline.text).toContain("secretword-17");
  });

  it("the customer's portal reply and a public request reach the staff streams, naming no one", async () => {
    const customerId = await makeCustomer(t, ws, "Lena Portal", "lena.portal@example.com");
    const c = await makeCase(t, ws, customerId, "Proofs for the banner");
    const caseStream = await stream(`/api/cases/${c.id}/events`, ws.members.receptionist.auth);
    const queueStream = await stream("/api/events", ws.members.receptionist.auth);
    await caseStream.next((e) => e.event === "ready");
    await queueStream.next((e) => e.event === "ready");
    const link = await makePortalLink(t, ws, customerId);
    const visitor = await openPortal(t, link.token);
    const reply = await t.request({
      method: "POST",
      url: `/api/portal/cases/${c.number}/replies`,
      headers: visitor.headers,
      json: { body: "The proofs look right, go ahead" },
    });
    expect(reply.status, reply.text).toBe(201);
    const seen = await caseStream.next(caseEventOf(c.id, "case.entry-added"));
    expect(seen.data.actorStaffId).toBeNull();
    expect(caseStream.text).not.toContain("proofs look right");

    const form = await t.request({
      method: "POST",
      url: "/api/portal/requests",
      json: {
        workspace: "live",
        name: "Omar Form",
        email: "omar.form@example.com",
        subject: "Quote for 500 mugs",
        message: "Can you print our logo on 500 mugs?",
      },
    });
    expect(form.status, form.text).toBe(201);
    const created = await queueStream.next(
      (e) =>
        e.event === "case" && e.data.kind === "case.created" && e.data.caseNumber === form.body.caseNumber,
    );
    expect(created.data.actorStaffId).toBeNull();
  });

  it("every case write path announces itself: update, attempt, promise kept and renegotiated", async () => {
    const c = await newCase(t, ws);
    const s = await stream(`/api/cases/${c.id}/events`, ws.members.supervisor.auth);
    await s.next((e) => e.event === "ready");
    const agent = ws.members.agent.auth;
    const patch = await t.request({
      method: "PATCH",
      url: `/api/cases/${c.id}`,
      headers: agent,
      json: { status: "open" },
    });
    expect(patch.status).toBe(200);
    expect((await s.next(caseEventOf(c.id))).data.kind).toBe("case.updated");
    // A patch that changes nothing commits nothing and says nothing.
    await t.request({ method: "PATCH", url: `/api/cases/${c.id}`, headers: agent, json: { status: "open" } });
    const attempt = await t.request({
      method: "POST",
      url: `/api/cases/${c.id}/attempts`,
      headers: agent,
      json: { channel: "phone", line: "front desk", answered: true },
    });
    expect(attempt.status).toBe(201);
    expect((await s.next(caseEventOf(c.id))).data.kind).toBe("case.attempt-added");
    const promise = await t.request({
      method: "POST",
      url: `/api/cases/${c.id}/promises`,
      headers: agent,
      json: { kind: "custom", description: "Call back", dueAt: "2026-12-08T15:00:00.000Z" },
    });
    expect(promise.status, promise.text).toBe(201);
    expect((await s.next(caseEventOf(c.id))).data.kind).toBe("promise.opened");
    const moved = await t.request({
      method: "POST",
      url: `/api/promises/${promise.body.id}/renegotiate`,
      headers: agent,
      json: { dueAt: "2026-12-09T15:00:00.000Z", reason: "Depot closed" },
    });
    expect(moved.status, moved.text).toBe(200);
    expect((await s.next(caseEventOf(c.id))).data.kind).toBe("promise.renegotiated");
    const kept = await t.request({
      method: "POST",
      url: `/api/promises/${moved.body.promise.id}/keep`,
      headers: agent,
    });
    expect(kept.status, kept.text).toBe(200);
    expect((await s.next(caseEventOf(c.id))).data.kind).toBe("promise.kept");
    expect(s.pending((e) => e.event === "case")).toEqual([]);
  });

  it("a promise broken by due work is announced with no actor", async () => {
    const c = await newCase(t, ws);
    const made = await t.request({
      method: "POST",
      url: `/api/cases/${c.id}/promises`,
      headers: ws.members.agent.auth,
      json: { kind: "custom", description: "Ring back", dueAt: "2026-12-07T16:00:00.000Z" },
    });
    expect(made.status, made.text).toBe(201);
    const s = await stream(`/api/cases/${c.id}/events`, ws.members.agent.auth);
    await s.next((e) => e.event === "ready");
    t.clock.set("2026-12-07T16:00:01.000Z");
    const runner = createRunner(t.deps, { instanceId: "live-test", handlers: PROMISE_JOB_HANDLERS });
    await runner.runOnce();
    const kinds = [(await s.next(caseEventOf(c.id))).data, (await s.next(caseEventOf(c.id))).data].map(
      (d) => [d.kind, d.actorStaffId],
    );
    expect(kinds).toEqual([
      ["promise.at-risk", null],
      ["promise.broken", null],
    ]);
  });

  it("recomputing promises after a calendar change announces each moved case", async () => {
    const termsWs = await createTestWorkspace(t.deps, "live-terms");
    const terms = await setUpHarborTerms(t, termsWs);
    const c = await newCase(t, termsWs, "Computed promises");
    const s = await stream(`/api/cases/${c.id}/events`, termsWs.members.agent.auth);
    await s.next((e) => e.event === "ready");
    const patched = await t.request({
      method: "PATCH",
      url: `/api/calendars/${terms.calendarId}`,
      headers: termsWs.members.manager.auth,
      json: { spec: { ...HARBOR_SPEC, weekly: { ...HARBOR_SPEC.weekly, mon: [["09:00", "13:00"]] } } },
    });
    expect(patched.status, patched.text).toBe(200);
    expect((await s.next(caseEventOf(c.id))).data).toMatchObject({
      kind: "promise.moved",
      actorStaffId: termsWs.members.manager.id,
    });
  });

  it("another workspace's user gets 404 before any stream opens and never hears this workspace", async () => {
    const c = await newCase(t, ws);
    const outsider = other.members.admin.auth;
    const foreign = await stream(`/api/cases/${c.id}/events`, outsider);
    const unknown = await stream(`/api/cases/0190f6a0-0000-7000-8000-000000000000/events`, outsider);
    expect(foreign.status).toBe(404);
    expect(foreign.headers["content-type"]).toContain("application/problem+json");
    expect((foreign.body as { type: string }).type).toBe(`${P}not-found`);
    const strip = (b: unknown) => ({ ...(b as object), instance: undefined });
    expect(strip(foreign.body)).toEqual(strip(unknown.body));
    const presence = await t.request({
      method: "POST",
      url: `/api/cases/${c.id}/presence`,
      headers: outsider,
      json: { activity: "replying" },
    });
    expect(presence.status).toBe(404);

    const theirs = await stream("/api/events", outsider);
    await theirs.next((e) => e.event === "ready");
    await t.request({
      method: "POST",
      url: `/api/cases/${c.id}/entries`,
      headers: ws.members.agent.auth,
      json: { kind: "note", body: "Not for the other desk" },
    });
    // Their own change afterwards arrives, so the stream works and ours would have arrived first.
    const own = await newCase(t, other, "Their own case");
    expect((await theirs.next((e) => e.event === "case")).data.caseId).toBe(own.id);
    expect(theirs.text).not.toContain(c.id);
    expect(theirs.text).not.toContain(ws.workspace.id);
  });

  it("presence appears with the display name, changes, expires after the TTL, and leaving clears it", async () => {
    const c = await newCase(t, ws);
    const watcher = await stream(`/api/cases/${c.id}/events`, ws.members.supervisor.auth);
    await watcher.next((e) => e.event === "presence");
    const agent = ws.members.agent;
    const set = async (activity: string) =>
      t.request({
        method: "POST",
        url: `/api/cases/${c.id}/presence`,
        headers: agent.auth,
        json: { activity },
      });
    const replying = await set("replying");
    expect(replying.status, replying.text).toBe(200);
    expect(replying.body).toEqual({
      caseId: c.id,
      activity: "replying",
      expiresAt: new Date(Date.parse(TEST_START) + TTL).toISOString(),
    });
    const seen = await watcher.next((e) => e.event === "presence");
    expect(seen.data).toEqual({
      caseId: c.id,
      people: [
        {
          staffId: agent.id,
          name: "Agent of live",
          activity: "replying",
          expiresAt: replying.body.expiresAt,
        },
      ],
    });
    // A later viewer hears who is there as soon as it connects.
    const late = await stream(`/api/cases/${c.id}/events`, ws.members.manager.auth);
    expect((await late.next((e) => e.event === "presence")).data.people).toHaveLength(1);

    expect((await set("viewing")).status).toBe(200);
    expect((await watcher.next((e) => e.event === "presence")).data.people[0].activity).toBe("viewing");

    // Refreshed within the TTL it stays; past the TTL (fake clock) the sweep drops it and says so.
    t.clock.advance(TTL - 1_000);
    expect((await set("viewing")).status).toBe(200);
    t.clock.advance(2_000);
    await new Promise((r) => setTimeout(r, 100));
    expect(watcher.pending((e) => e.event === "presence")).toEqual([]);
    t.clock.advance(TTL);
    expect((await watcher.next((e) => e.event === "presence")).data).toEqual({ caseId: c.id, people: [] });

    expect((await set("replying")).status).toBe(200);
    expect((await watcher.next((e) => e.event === "presence")).data.people).toHaveLength(1);
    const left = await t.request({
      method: "DELETE",
      url: `/api/cases/${c.id}/presence`,
      headers: agent.auth,
    });
    expect(left.status).toBe(204);
    expect((await watcher.next((e) => e.event === "presence")).data.people).toEqual([]);
  });

  it("refuses bad presence, unauthenticated and malformed requests before any stream opens", async () => {
    const c = await newCase(t, ws);
    const bad = await t.request({
      method: "POST",
      url: `/api/cases/${c.id}/presence`,
      headers: ws.members.agent.auth,
      json: { activity: "lurking" },
    });
    expect(bad.status).toBe(400);
    const anonymous = await stream(`/api/cases/${c.id}/events`, {});
    expect(anonymous.status).toBe(401);
    expect((anonymous.body as { type: string }).type).toBe(`${P}unauthenticated`);
    const wrongId = await stream("/api/cases/not-an-id/events", ws.members.agent.auth);
    expect(wrongId.status).toBe(400);
    const noQueue = await stream("/api/events", {});
    expect(noQueue.status).toBe(401);
  });

  it("caps streams per session; a closed stream frees its place", async () => {
    const c = await newCase(t, ws);
    const auth = ws.members.manager.auth;
    const first = await stream(`/api/cases/${c.id}/events`, auth);
    await stream(`/api/cases/${c.id}/events`, auth);
    await stream("/api/events", auth);
    const fourth = await stream("/api/events", auth);
    expect(fourth.status).toBe(429);
    expect((fourth.body as { type: string; limit: number }).type).toBe(`${P}rate-limited`);
    // Somebody else is not affected.
    expect((await stream("/api/events", ws.members.admin.auth)).status).toBe(200);
    first.close();
    await expect
      .poll(async () => {
        const again = await stream("/api/events", auth);
        again.close();
        return again.status;
      })
      .toBe(200);
  });

  it("heartbeats keep the stream open, and signing out ends it", async () => {
    const login = await t.request({
      method: "POST",
      url: "/api/auth/login",
      json: { workspace: "live", email: ws.members.agent.email, password: TEST_PASSWORD },
    });
    expect(login.status).toBe(200);
    const cookie = String(login.headers["set-cookie"]).split(";")[0]!;
    const s = await stream("/api/events", { cookie });
    expect(s.status).toBe(200);
    await expect.poll(() => s.text.includes(": heartbeat\n\n")).toBe(true);
    const out = await t.request({
      method: "POST",
      url: "/api/auth/logout",
      headers: { cookie, "x-csrf-token": login.body.csrfToken },
    });
    expect(out.status).toBeLessThan(300);
    expect((await s.next((e) => e.event === "end")).data).toEqual({ reason: "unauthenticated" });
    await s.ended;
  });
});

eachDialect("event streams and shutdown", (dialect) => {
  const t = useTestApp(dialect);
  let ws: TestWorkspace;

  beforeAll(async () => {
    ws = await createTestWorkspace(t.deps, "live-close");
  });

  it("app.close() ends open streams instead of waiting for them", async () => {
    const base = await t.listen();
    const c = await newCase(t, ws);
    const a = await openStream(base, `/api/cases/${c.id}/events`, ws.members.agent.auth);
    const b = await openStream(base, "/api/events", ws.members.agent.auth);
    await a.next((e) => e.event === "ready");
    await b.next((e) => e.event === "ready");
    const started = Date.now();
    await t.app.close();
    await Promise.all([a.ended, b.ended]);
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});
