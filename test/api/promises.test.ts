import { beforeAll, expect, it } from "vitest";
import { createRunner } from "../../src/duework/duework.service.js";
import { PROMISE_JOB_HANDLERS } from "../../src/promises/promises.jobs.js";
import { createTestWorkspace, type TestWorkspace } from "../support/factories.js";
import { eachDialect, TEST_START, useTestApp, type TestApp } from "../support/harness.js";
import { HARBOR_SPEC, setUpHarborTerms, type HarborTerms } from "../support/terms.js";

// TEST_START is Mon 7 Dec 2026 10:30 in New York (15:30Z); the harbor desk is open 09:00–17:00.

async function openCase(t: TestApp, ws: TestWorkspace, json: Record<string, unknown> = {}) {
  const res = await t.request({
    method: "POST",
    url: "/api/cases",
    headers: ws.members.agent.auth,
    json: { subject: "Where is my order?", channel: "email", ...json },
  });
  expect(res.status, res.text).toBe(201);
  return res.body as { id: string; dueAt: string | null };
}

async function promisesOf(t: TestApp, ws: TestWorkspace, caseId: string) {
  const res = await t.request({
    method: "GET",
    url: `/api/cases/${caseId}/promises`,
    headers: ws.members.receptionist.auth,
  });
  expect(res.status, res.text).toBe(200);
  return res.body as {
    id: string;
    kind: string;
    target: string | null;
    status: string;
    dueAt: string;
    pausedAt: string | null;
    wording: string;
    basis: Record<string, unknown>;
    replacedById: string | null;
    toldCustomer: boolean;
  }[];
}

const byTarget = (list: Awaited<ReturnType<typeof promisesOf>>, target: string) =>
  list.filter((p) => p.target === target);

async function caseOf(t: TestApp, ws: TestWorkspace, id: string) {
  return (await t.request({ method: "GET", url: `/api/cases/${id}`, headers: ws.members.agent.auth })).body;
}

eachDialect("promises API", (dialect) => {
  const t = useTestApp(dialect);
  let ws: TestWorkspace;
  let terms: HarborTerms;
  beforeAll(async () => {
    ws = await createTestWorkspace(t.deps, "promises");
    terms = await setUpHarborTerms(t, ws);
  });

  it("a new case gets a first reply and a resolution promise from the default agreement", async () => {
    t.clock.set(TEST_START);
    const c = await openCase(t, ws);
    const list = await promisesOf(t, ws, c.id);
    expect(list.map((p) => [p.kind, p.target, p.status, p.dueAt])).toEqual([
      ["reply_by", "first_reply", "open", "2026-12-07T19:30:00.000Z"],
      ["custom", "resolution", "open", "2026-12-10T15:30:00.000Z"],
    ]);
    expect(list[0]!.wording).toBe("We will reply by Mon 7 Dec, 14:30 (New York time)");
    expect(list[0]!.basis).toMatchObject({
      source: "agreement",
      agreementId: terms.standardId,
      calendarId: terms.calendarId,
      minutes: 240,
      startedAt: TEST_START,
    });
    expect(c.dueAt).toBe("2026-12-07T19:30:00.000Z");
    expect((await caseOf(t, ws, c.id)).dueAt).toBe("2026-12-07T19:30:00.000Z");
  });

  it("our reply keeps the first reply promise; the customer's next message opens a next reply", async () => {
    t.clock.set(TEST_START);
    const c = await openCase(t, ws);
    t.clock.set("2026-12-07T16:00:00.000Z");
    await t.request({
      method: "POST",
      url: `/api/cases/${c.id}/entries`,
      headers: ws.members.agent.auth,
      json: { kind: "message", direction: "out", body: "Looking into it." },
    });
    let list = await promisesOf(t, ws, c.id);
    expect(byTarget(list, "first_reply")[0]).toMatchObject({ status: "kept" });
    expect((await caseOf(t, ws, c.id)).dueAt).toBe("2026-12-10T15:30:00.000Z");
    t.clock.set("2026-12-07T21:00:00.000Z"); // 16:00: one hour left today, three more on Tuesday
    await t.request({
      method: "POST",
      url: `/api/cases/${c.id}/entries`,
      headers: ws.members.agent.auth,
      json: { kind: "message", direction: "in", body: "Any news?" },
    });
    list = await promisesOf(t, ws, c.id);
    expect(byTarget(list, "next_reply")).toEqual([
      expect.objectContaining({ status: "open", dueAt: "2026-12-08T17:00:00.000Z" }),
    ]);
    // A second message while a reply is owed does not stack promises.
    await t.request({
      method: "POST",
      url: `/api/cases/${c.id}/entries`,
      headers: ws.members.agent.auth,
      json: { kind: "message", direction: "in", body: "Hello?" },
    });
    expect(byTarget(await promisesOf(t, ws, c.id), "next_reply")).toHaveLength(1);
    expect((await caseOf(t, ws, c.id)).dueAt).toBe("2026-12-08T17:00:00.000Z");
  });

  it("waiting on the customer pauses reply targets; their answer resumes them, moved by the working time paused", async () => {
    t.clock.set(TEST_START);
    const c = await openCase(t, ws);
    t.clock.set("2026-12-07T16:30:00.000Z"); // Mon 11:30, 3 working hours still to go
    await t.request({
      method: "PATCH",
      url: `/api/cases/${c.id}`,
      headers: ws.members.agent.auth,
      json: { status: "waiting_on_customer" },
    });
    let first = byTarget(await promisesOf(t, ws, c.id), "first_reply")[0]!;
    expect(first).toMatchObject({ status: "open", pausedAt: "2026-12-07T16:30:00.000Z" });
    // Paused targets owe nothing now: the case is due by its resolution.
    expect((await caseOf(t, ws, c.id)).dueAt).toBe("2026-12-10T15:30:00.000Z");
    t.clock.set("2026-12-08T14:30:00.000Z"); // Tue 09:30: the customer answers
    const msg = await t.request({
      method: "POST",
      url: `/api/cases/${c.id}/entries`,
      headers: ws.members.agent.auth,
      json: { kind: "message", direction: "in", body: "Here is the order number." },
    });
    expect(msg.status).toBe(201);
    const list = await promisesOf(t, ws, c.id);
    first = byTarget(list, "first_reply")[0]!;
    expect(first).toMatchObject({ status: "open", pausedAt: null, dueAt: "2026-12-08T17:30:00.000Z" });
    expect(first.basis.pausedMs).toBe(6 * 3_600_000);
    expect(byTarget(list, "next_reply")).toEqual([]);
    expect((await caseOf(t, ws, c.id)).dueAt).toBe("2026-12-08T17:30:00.000Z");
    // Back to waiting and out again by hand (not by a message) also resumes.
    await t.request({
      method: "PATCH",
      url: `/api/cases/${c.id}`,
      headers: ws.members.agent.auth,
      json: { status: "waiting_on_customer" },
    });
    await t.request({
      method: "PATCH",
      url: `/api/cases/${c.id}`,
      headers: ws.members.agent.auth,
      json: { status: "open" },
    });
    expect(byTarget(await promisesOf(t, ws, c.id), "first_reply")[0]).toMatchObject({
      pausedAt: null,
      dueAt: "2026-12-08T17:30:00.000Z",
    });
  });

  it("solving keeps the resolution promise and cancels open reply promises; the case owes nothing", async () => {
    t.clock.set(TEST_START);
    const c = await openCase(t, ws);
    const solved = await t.request({
      method: "PATCH",
      url: `/api/cases/${c.id}`,
      headers: ws.members.agent.auth,
      json: { status: "solved" },
    });
    expect(solved.body.dueAt).toBeNull();
    const list = await promisesOf(t, ws, c.id);
    expect(list.map((p) => [p.target, p.status])).toEqual([
      ["first_reply", "cancelled"],
      ["resolution", "kept"],
    ]);
  });

  it("custom promises, keeping, and renegotiating openly with the customer told in words", async () => {
    t.clock.set(TEST_START);
    const c = await openCase(t, ws);
    const made = await t.request({
      method: "POST",
      url: `/api/cases/${c.id}/promises`,
      headers: ws.members.receptionist.auth,
      json: { kind: "custom", description: "Check with the warehouse", dueAt: "2026-12-07T20:00:00.000Z" },
    });
    expect(made.status, made.text).toBe(201);
    expect(made.body).toMatchObject({ status: "open", basis: { source: "manual" } });
    expect((await caseOf(t, ws, c.id)).dueAt).toBe("2026-12-07T19:30:00.000Z");

    const past = await t.request({
      method: "POST",
      url: `/api/cases/${c.id}/promises`,
      headers: ws.members.agent.auth,
      json: { kind: "custom", dueAt: "2026-12-01T00:00:00.000Z" },
    });
    expect(past.status).toBe(400);
    const nothing = await t.request({
      method: "POST",
      url: `/api/cases/${c.id}/promises`,
      headers: ws.members.agent.auth,
      json: { kind: "custom" },
    });
    expect(nothing.status).toBe(400);

    t.clock.set("2026-12-07T19:00:00.000Z");
    const moved = await t.request({
      method: "POST",
      url: `/api/promises/${made.body.id}/renegotiate`,
      headers: ws.members.agent.auth,
      json: { dueAt: "2026-12-08T15:30:00.000Z", reason: "The warehouse is closed today" },
    });
    expect(moved.status, moved.text).toBe(200);
    expect(moved.body.wording).toBe("We will get back to you by Tue 8 Dec, 10:30 (New York time)");
    expect(moved.body.previous).toMatchObject({
      status: "renegotiated",
      replacedById: moved.body.promise.id,
    });
    expect(moved.body.promise).toMatchObject({
      status: "open",
      toldCustomer: true,
      dueAt: "2026-12-08T15:30:00.000Z",
      description: "Check with the warehouse",
    });
    const timeline = await t.request({
      method: "GET",
      url: `/api/cases/${c.id}/entries`,
      headers: ws.members.agent.auth,
    });
    const event = timeline.body.items.find(
      (e: { data: { event?: string } }) => e.data.event === "promise.renegotiated",
    );
    expect(event).toMatchObject({
      kind: "event",
      data: { toldCustomer: true, wording: moved.body.wording, reason: "The warehouse is closed today" },
    });
    expect(event.body).toContain("Tue 8 Dec, 10:30 (New York time)");
    const again = await t.request({
      method: "POST",
      url: `/api/promises/${made.body.id}/renegotiate`,
      headers: ws.members.agent.auth,
      json: { dueAt: "2026-12-09T15:30:00.000Z", reason: "again" },
    });
    expect(again.status, again.text).toBe(409);

    const kept = await t.request({
      method: "POST",
      url: `/api/promises/${moved.body.promise.id}/keep`,
      headers: ws.members.agent.auth,
    });
    expect(kept.body).toMatchObject({ status: "kept", closedAt: "2026-12-07T19:00:00.000Z" });
    const twice = await t.request({
      method: "POST",
      url: `/api/promises/${moved.body.promise.id}/keep`,
      headers: ws.members.agent.auth,
    });
    expect(twice.status).toBe(409);
    const audit = await t.request({
      method: "GET",
      url: `/api/audit?subjectId=${made.body.id}`,
      headers: ws.members.admin.auth,
    });
    expect(audit.body.items.map((a: { action: string }) => a.action)).toContain("promise.renegotiated");
  });

  it("computes promises from a target on request, and needs a matching kind", async () => {
    t.clock.set(TEST_START);
    const c = await openCase(t, ws);
    const cb = await t.request({
      method: "POST",
      url: `/api/cases/${c.id}/promises`,
      headers: ws.members.agent.auth,
      json: { kind: "callback_by", target: "callback" },
    });
    expect(cb.status, cb.text).toBe(201);
    expect(cb.body).toMatchObject({ dueAt: "2026-12-07T16:30:00.000Z", basis: { minutes: 60 } });
    const wrong = await t.request({
      method: "POST",
      url: `/api/cases/${c.id}/promises`,
      headers: ws.members.agent.auth,
      json: { kind: "reply_by", target: "callback" },
    });
    expect(wrong.status).toBe(400);
  });

  it("the queue lists open promises by due time and pages by cursor", async () => {
    const seen: { dueAt: string; id: string; status: string }[] = [];
    let cursor: string | null = null;
    do {
      const url: string = `/api/promises?open=true&sort=due&limit=3${cursor ? `&cursor=${cursor}` : ""}`;
      const page = await t.request({ method: "GET", url, headers: ws.members.agent.auth });
      expect(page.status, page.text).toBe(200);
      seen.push(...page.body.items);
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen.length).toBeGreaterThan(5);
    expect(seen.every((p) => p.status === "open")).toBe(true);
    const keys = seen.map((p) => `${p.dueAt}|${p.id}`);
    expect([...keys].sort()).toEqual(keys);
    expect(new Set(seen.map((p) => p.id)).size).toBe(seen.length);
    const closed = await t.request({
      method: "GET",
      url: "/api/promises?open=false",
      headers: ws.members.agent.auth,
    });
    expect(closed.body.items.length).toBeGreaterThan(0);
    expect(closed.body.items.every((p: { status: string }) => p.status !== "open")).toBe(true);
  });

  it("a calendar change recomputes open computed promises; entered ones stay", async () => {
    t.clock.set(TEST_START);
    const c = await openCase(t, ws);
    const custom = await t.request({
      method: "POST",
      url: `/api/cases/${c.id}/promises`,
      headers: ws.members.agent.auth,
      json: { kind: "appointment_at", dueAt: "2026-12-09T15:00:00.000Z" },
    });
    // Mondays now close at 13:00: 2.5 h on Monday, 1.5 h on Tuesday → Tue 10:30.
    const patched = await t.request({
      method: "PATCH",
      url: `/api/calendars/${terms.calendarId}`,
      headers: ws.members.manager.auth,
      json: { spec: { ...HARBOR_SPEC, weekly: { ...HARBOR_SPEC.weekly, mon: [["09:00", "13:00"]] } } },
    });
    expect(patched.status, patched.text).toBe(200);
    const list = await promisesOf(t, ws, c.id);
    expect(byTarget(list, "first_reply")[0]!.dueAt).toBe("2026-12-08T15:30:00.000Z");
    expect(list.find((p) => p.id === custom.body.id)!.dueAt).toBe("2026-12-09T15:00:00.000Z");
    expect((await caseOf(t, ws, c.id)).dueAt).toBe("2026-12-08T15:30:00.000Z");
    const audit = await t.request({
      method: "GET",
      url: `/api/audit?subjectId=${terms.calendarId}`,
      headers: ws.members.admin.auth,
    });
    expect(audit.body.items.map((a: { action: string }) => a.action)).toEqual(
      expect.arrayContaining(["calendar.updated", "promises.recomputed"]),
    );
    // An agreement change recomputes too: a 2-hour first reply from Mon 10:30 is Mon 12:30.
    const agreement = await t.request({
      method: "GET",
      url: `/api/agreements/${terms.standardId}`,
      headers: ws.members.agent.auth,
    });
    const targets = {
      ...agreement.body.targets,
      normal: { ...agreement.body.targets.normal, firstReplyMinutes: 120 },
    };
    const changed = await t.request({
      method: "PATCH",
      url: `/api/agreements/${terms.standardId}`,
      headers: ws.members.manager.auth,
      json: { targets },
    });
    expect(changed.status, changed.text).toBe(200);
    expect(byTarget(await promisesOf(t, ws, c.id), "first_reply")[0]!.dueAt).toBe("2026-12-07T17:30:00.000Z");
  });

  it("reads need cases:read and writes cases:write; foreign and unknown promises are 404", async () => {
    const unknown = await t.request({
      method: "POST",
      url: "/api/promises/0190d7a5-0000-7000-8000-000000000000/keep",
      headers: ws.members.agent.auth,
    });
    expect(unknown.status).toBe(404);
    const anon = await t.request({ method: "GET", url: "/api/promises" });
    expect(anon.status).toBe(401);
  });
});

eachDialect("promise due work", (dialect) => {
  const t = useTestApp(dialect);
  let ws: TestWorkspace;
  beforeAll(async () => {
    ws = await createTestWorkspace(t.deps, "promise-jobs");
    await setUpHarborTerms(t, ws);
  });

  it("warns at 75% of the span and breaks the promise at its due time, once", async () => {
    t.clock.set(TEST_START);
    const c = await openCase(t, ws);
    const runner = createRunner(t.deps, { instanceId: "test", handlers: PROMISE_JOB_HANDLERS });
    // The first reply runs 10:30 → 14:30: 75% of the span is 13:30.
    t.clock.set("2026-12-07T18:29:00.000Z");
    expect((await runner.runOnce()).claimed).toBe(0);
    t.clock.set("2026-12-07T18:30:00.000Z");
    expect((await runner.runOnce()).done).toBe(1);
    const events = async () =>
      (
        await t.request({ method: "GET", url: `/api/cases/${c.id}/entries`, headers: ws.members.agent.auth })
      ).body.items.filter((e: { kind: string }) => e.kind === "event");
    expect((await events()).map((e: { body: string }) => e.body)).toEqual([
      "Promise at risk: First reply (We will reply by Mon 7 Dec, 14:30 (New York time))",
    ]);
    t.clock.set("2026-12-07T19:30:00.000Z");
    await runner.runOnce();
    const first = byTarget(await promisesOf(t, ws, c.id), "first_reply")[0]!;
    expect(first.status).toBe("broken");
    expect((await events()).map((e: { data: { event: string } }) => e.data.event)).toEqual([
      "promise.at-risk",
      "promise.broken",
    ]);
    expect((await caseOf(t, ws, c.id)).dueAt).toBe("2026-12-10T15:30:00.000Z");
    // Running the handlers again for the same work changes nothing.
    const work = { id: "x", workspaceId: ws.workspace.id, subjectId: first.id, uniqueKey: null, attempts: 0 };
    const payload = { promiseId: first.id, dueAt: first.dueAt };
    await PROMISE_JOB_HANDLERS["promise.warning"]!(t.deps, {
      ...work,
      kind: "promise.warning",
      payload,
      dueAt: first.dueAt,
    });
    await PROMISE_JOB_HANDLERS["promise.breach"]!(t.deps, {
      ...work,
      kind: "promise.breach",
      payload,
      dueAt: first.dueAt,
    });
    expect(await events()).toHaveLength(2);
    const verify = await t.request({
      method: "GET",
      url: "/api/audit/verify",
      headers: ws.members.admin.auth,
    });
    expect(verify.body.ok).toBe(true);
  });

  it("a kept promise's due work does nothing", async () => {
    t.clock.set("2026-12-08T14:00:00.000Z"); // Tue 09:00
    const c = await openCase(t, ws);
    await t.request({
      method: "POST",
      url: `/api/cases/${c.id}/entries`,
      headers: ws.members.agent.auth,
      json: { kind: "message", direction: "out", body: "On it." },
    });
    const runner = createRunner(t.deps, { instanceId: "test-2", handlers: PROMISE_JOB_HANDLERS });
    t.clock.set("2026-12-08T18:00:00.000Z"); // past the first reply's due time, before resolution
    await runner.runOnce();
    const list = await promisesOf(t, ws, c.id);
    expect(list.map((p) => p.status)).toEqual(["kept", "open"]);
  });
});
