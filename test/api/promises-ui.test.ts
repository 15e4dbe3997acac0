import { beforeAll, expect, it } from "vitest";
import { recomputeOpenPromises } from "../../src/promises/promises.recompute.js";
import { createTestWorkspace, type TestWorkspace } from "../support/factories.js";
import { eachDialect, TEST_START, useTestApp, type TestApp } from "../support/harness.js";
import { HARBOR_SPEC, setUpHarborTerms, type HarborTerms } from "../support/terms.js";

// TEST_START is Mon 7 Dec 2026 10:30 in New York (15:30Z); the harbor desk is open 09:00–17:00.

interface PromiseBody {
  id: string;
  caseId: string;
  kind: string;
  target: string | null;
  status: string;
  dueAt: string;
  pausedAt: string | null;
  warnAt: string | null;
  description: string;
}

async function openCase(t: TestApp, ws: TestWorkspace, json: Record<string, unknown> = {}) {
  const res = await t.request({
    method: "POST",
    url: "/api/cases",
    headers: ws.members.agent.auth,
    json: { subject: "Where is my order?", channel: "email", ...json },
  });
  expect(res.status, res.text).toBe(201);
  return res.body as { id: string; number: number; dueAt: string };
}

async function promisesOf(t: TestApp, ws: TestWorkspace, caseId: string): Promise<PromiseBody[]> {
  const res = await t.request({
    method: "GET",
    url: `/api/cases/${caseId}/promises`,
    headers: ws.members.receptionist.auth,
  });
  expect(res.status, res.text).toBe(200);
  return res.body;
}

const firstReply = async (t: TestApp, ws: TestWorkspace, caseId: string) =>
  (await promisesOf(t, ws, caseId)).find((p) => p.target === "first_reply")!;

/** The pending due work of a promise, straight from the table the runner claims from. */
async function pendingWork(t: TestApp, ws: TestWorkspace, promiseId: string) {
  const rows = await t.deps.db
    .selectFrom("due_work")
    .select(["kind", "due_at"])
    .where("workspace_id", "=", ws.workspace.id)
    .where("subject_id", "=", promiseId)
    .where("status", "=", "pending")
    .orderBy("due_at")
    .execute();
  return rows.map((r) => [r.kind, r.due_at]);
}

eachDialect("promises in the console: warnAt, queue colours, acknowledgement", (dialect) => {
  const t = useTestApp(dialect);
  let ws: TestWorkspace;
  let other: TestWorkspace;
  let terms: HarborTerms;
  beforeAll(async () => {
    ws = await createTestWorkspace(t.deps, "promise-ui");
    other = await createTestWorkspace(t.deps, "promise-ui-other");
    terms = await setUpHarborTerms(t, ws);
    await setUpHarborTerms(t, other);
  });

  it("a promise view says when the desk warns (warnAt), the same instant its warning work is due", async () => {
    t.clock.set(TEST_START);
    const c = await openCase(t, ws);
    const first = await firstReply(t, ws, c.id);
    // 10:30 → 14:30: the warning at 75% of the span is 13:30 (18:30Z).
    expect(first).toMatchObject({ dueAt: "2026-12-07T19:30:00.000Z", warnAt: "2026-12-07T18:30:00.000Z" });
    expect(await pendingWork(t, ws, first.id)).toEqual([
      ["promise.warning", "2026-12-07T18:30:00.000Z"],
      ["promise.breach", "2026-12-07T19:30:00.000Z"],
    ]);
    // Paused while waiting on the customer: nothing is scheduled, so nothing to warn about.
    await t.request({
      method: "PATCH",
      url: `/api/cases/${c.id}`,
      headers: ws.members.agent.auth,
      json: { status: "waiting_on_customer" },
    });
    expect(await firstReply(t, ws, c.id)).toMatchObject({ warnAt: null, pausedAt: TEST_START });
    // Resumed an hour later: the span restarts at the resumption, and so does the warning.
    t.clock.set("2026-12-07T16:30:00.000Z");
    await t.request({
      method: "PATCH",
      url: `/api/cases/${c.id}`,
      headers: ws.members.agent.auth,
      json: { status: "open" },
    });
    const resumed = await firstReply(t, ws, c.id);
    expect(resumed.dueAt).toBe("2026-12-07T20:30:00.000Z");
    expect(resumed.warnAt).toBe("2026-12-07T19:30:00.000Z");
    expect(await pendingWork(t, ws, resumed.id)).toEqual([
      ["promise.warning", resumed.warnAt],
      ["promise.breach", resumed.dueAt],
    ]);
    const kept = await t.request({
      method: "POST",
      url: `/api/promises/${resumed.id}/keep`,
      headers: ws.members.agent.auth,
    });
    expect(kept.body).toMatchObject({ status: "kept", warnAt: null });
  });

  it("lists the open promises of a queue page's cases in one request (caseIds)", async () => {
    t.clock.set(TEST_START);
    const a = await openCase(t, ws, { subject: "A" });
    const b = await openCase(t, ws, { subject: "B" });
    await openCase(t, ws, { subject: "C, not asked for" });
    const foreign = await openCase(t, other, { subject: "Another desk's" });
    const res = await t.request({
      method: "GET",
      url: `/api/promises?open=true&caseIds=${a.id},${b.id},${foreign.id}&limit=200`,
      headers: ws.members.receptionist.auth,
    });
    expect(res.status, res.text).toBe(200);
    const items = res.body.items as PromiseBody[];
    expect(new Set(items.map((p) => p.caseId))).toEqual(new Set([a.id, b.id]));
    expect(items.every((p) => p.status === "open" && typeof p.warnAt === "string")).toBe(true);
    for (const bad of ["not-an-id", Array.from({ length: 101 }, () => a.id).join(",")]) {
      const refused = await t.request({
        method: "GET",
        url: `/api/promises?caseIds=${bad}`,
        headers: ws.members.agent.auth,
      });
      expect(refused.status, bad.slice(0, 20)).toBe(400);
    }
  });

  it("previews the acknowledgement: the customer's name, the case and every open promise in their terms", async () => {
    t.clock.set(TEST_START);
    const customer = await t.request({
      method: "POST",
      url: "/api/customers",
      headers: ws.members.agent.auth,
      json: { name: "Dan <Okafor>", email: "dan@acme.example" },
    });
    expect(customer.status, customer.text).toBe(201);
    const c = await openCase(t, ws, { subject: "Flyers & banner pickup", customerId: customer.body.id });
    const custom = await t.request({
      method: "POST",
      url: `/api/cases/${c.id}/promises`,
      headers: ws.members.agent.auth,
      json: { kind: "custom", description: "Check with the warehouse", dueAt: "2026-12-07T20:00:00.000Z" },
    });
    expect(custom.status, custom.text).toBe(201);
    const res = await t.request({
      method: "GET",
      url: `/api/cases/${c.id}/acknowledgement`,
      headers: ws.members.receptionist.auth,
    });
    expect(res.status, res.text).toBe(200);
    expect(res.body).toMatchObject({
      caseId: c.id,
      caseNumber: c.number,
      timeZone: "America/New_York",
      subject: `[#${c.number}] We received your request: Flyers & banner pickup`,
      promiseLines: [
        "We will reply by Mon 7 Dec, 14:30 (New York time).",
        "Check with the warehouse: we will get back to you by Mon 7 Dec, 15:00 (New York time).",
        "We will resolve this by Thu 10 Dec, 10:30 (New York time).",
      ],
    });
    expect(res.body.promiseIds).toHaveLength(3);
    expect(res.body.text).toContain("Hello Dan <Okafor>,");
    expect(res.body.text).toContain("Workspace promise-ui");
    expect(res.body.html).toContain("Hello Dan &lt;Okafor&gt;,");
    expect(res.body.html).toContain("Flyers &amp; banner pickup");

    // Kept promises are no longer stated; another zone writes the same instants its way.
    await t.request({
      method: "POST",
      url: `/api/promises/${custom.body.id}/keep`,
      headers: ws.members.agent.auth,
    });
    const london = await t.request({
      method: "GET",
      url: `/api/cases/${c.id}/acknowledgement?timeZone=Europe/London`,
      headers: ws.members.agent.auth,
    });
    expect(london.body.promiseLines).toEqual([
      "We will reply by Mon 7 Dec, 19:30 (London time).",
      "We will resolve this by Thu 10 Dec, 15:30 (London time).",
    ]);
  });

  it("refuses an unknown zone, and answers 404 for unknown and other workspaces' cases", async () => {
    const c = await openCase(t, ws);
    const zone = await t.request({
      method: "GET",
      url: `/api/cases/${c.id}/acknowledgement?timeZone=Mars/Olympus`,
      headers: ws.members.agent.auth,
    });
    expect(zone.status).toBe(400);
    expect(zone.body.detail).toContain("Mars/Olympus");
    const foreign = await openCase(t, other);
    for (const id of [foreign.id, "0190d7a5-0000-7000-8000-000000000000"]) {
      const res = await t.request({
        method: "GET",
        url: `/api/cases/${id}/acknowledgement`,
        headers: ws.members.admin.auth,
      });
      expect(res.status).toBe(404);
    }
    expect((await t.request({ method: "GET", url: `/api/cases/${c.id}/acknowledgement` })).status).toBe(401);
  });

  it("recomputing after a calendar change moves the due work with the promise, across batches", async () => {
    t.clock.set(TEST_START);
    const cases = [await openCase(t, ws), await openCase(t, ws), await openCase(t, ws)];
    const paused = await openCase(t, ws);
    await t.request({
      method: "PATCH",
      url: `/api/cases/${paused.id}`,
      headers: ws.members.agent.auth,
      json: { status: "waiting_on_customer" },
    });
    const before = await firstReply(t, ws, cases[0]!.id);
    // Mondays close at 13:00 now: 2.5 h on Monday, 1.5 h on Tuesday → Tue 10:30 (15:30Z).
    const spec = { ...HARBOR_SPEC, weekly: { ...HARBOR_SPEC.weekly, mon: [["09:00", "13:00"]] } };
    await t.deps.db
      .updateTable("calendars")
      .set({ spec: JSON.stringify(spec) })
      .where("id", "=", terms.calendarId)
      .execute();
    t.clock.set("2026-12-07T15:31:00.000Z");
    const result = await recomputeOpenPromises(t.deps, ws.system, { calendarId: terms.calendarId }, 2);
    expect(result.moved).toBeGreaterThanOrEqual(cases.length + 1);
    for (const c of cases) {
      const p = await firstReply(t, ws, c.id);
      expect(p.dueAt).toBe("2026-12-08T15:30:00.000Z");
      expect(p.warnAt).not.toBeNull();
      expect(await pendingWork(t, ws, p.id)).toEqual([
        ["promise.warning", p.warnAt],
        ["promise.breach", p.dueAt],
      ]);
      const caseRow = await t.request({
        method: "GET",
        url: `/api/cases/${c.id}`,
        headers: ws.members.agent.auth,
      });
      expect(caseRow.body.dueAt).toBe("2026-12-08T15:30:00.000Z");
    }
    // The warning and breach rows moved in place: nothing is left at the old time, no rows piled up.
    const allWork = await t.deps.db
      .selectFrom("due_work")
      .select(["status", "due_at", "unique_key"])
      .where("subject_id", "=", before.id)
      .execute();
    expect(allWork).toHaveLength(2);
    expect(allWork.filter((w) => w.due_at === before.dueAt)).toEqual([]);
    expect(
      allWork.every((w) => w.status === "pending" && w.unique_key?.includes("2026-12-08T15:30:00.000Z")),
    ).toBe(true);
    // The paused target moved too, and still owes nothing until the customer answers.
    const p = await firstReply(t, ws, paused.id);
    expect(p).toMatchObject({ dueAt: "2026-12-08T15:30:00.000Z", warnAt: null });
    expect(await pendingWork(t, ws, p.id)).toEqual([]);
    // Restore the harbor calendar through the API (recomputing back) for the tests after this one.
    const restored = await t.request({
      method: "PATCH",
      url: `/api/calendars/${terms.calendarId}`,
      headers: ws.members.manager.auth,
      json: { spec: HARBOR_SPEC },
    });
    expect(restored.status, restored.text).toBe(200);
    expect((await firstReply(t, ws, cases[0]!.id)).dueAt).toBe("2026-12-07T19:30:00.000Z");
  });

  it("a recompute that makes a promise overdue drops its warning and leaves the breach due at once", async () => {
    t.clock.set(TEST_START);
    const c = await openCase(t, ws);
    t.clock.set("2026-12-07T16:30:00.000Z"); // Mon 11:30
    const agreement = await t.request({
      method: "GET",
      url: `/api/agreements/${terms.standardId}`,
      headers: ws.members.agent.auth,
    });
    const original = agreement.body.targets;
    const shorter = { ...original, normal: { ...original.normal, firstReplyMinutes: 30 } };
    const changed = await t.request({
      method: "PATCH",
      url: `/api/agreements/${terms.standardId}`,
      headers: ws.members.manager.auth,
      json: { targets: shorter },
    });
    expect(changed.status, changed.text).toBe(200);
    // 30 working minutes from 10:30 is 11:00, already past at 11:30.
    const p = await firstReply(t, ws, c.id);
    expect(p).toMatchObject({ dueAt: "2026-12-07T16:00:00.000Z", warnAt: null, status: "open" });
    expect(await pendingWork(t, ws, p.id)).toEqual([["promise.breach", "2026-12-07T16:00:00.000Z"]]);
    const restored = await t.request({
      method: "PATCH",
      url: `/api/agreements/${terms.standardId}`,
      headers: ws.members.manager.auth,
      json: { targets: original },
    });
    expect(restored.status).toBe(200);
    const back = await firstReply(t, ws, c.id);
    expect(back.dueAt).toBe("2026-12-07T19:30:00.000Z");
    // The span now starts at the recompute (11:30): 75% of 11:30 → 14:30 is 13:45.
    expect(await pendingWork(t, ws, back.id)).toEqual([
      ["promise.warning", "2026-12-07T18:45:00.000Z"],
      ["promise.breach", "2026-12-07T19:30:00.000Z"],
    ]);
    t.clock.set(TEST_START);
  });
});

eachDialect("agreement and calendar previews", (dialect) => {
  const t = useTestApp(dialect);
  let ws: TestWorkspace;
  let other: TestWorkspace;
  let terms: HarborTerms;
  let otherTerms: HarborTerms;
  beforeAll(async () => {
    ws = await createTestWorkspace(t.deps, "previews");
    other = await createTestWorkspace(t.deps, "previews-other");
    terms = await setUpHarborTerms(t, ws);
    otherTerms = await setUpHarborTerms(t, other);
  });

  it("a request now (S1, Mon 10:30) would be answered by …, per priority", async () => {
    t.clock.set(TEST_START);
    const res = await t.request({
      method: "GET",
      url: `/api/agreements/${terms.standardId}/preview`,
      headers: ws.members.receptionist.auth,
    });
    expect(res.status, res.text).toBe(200);
    expect(res.body).toMatchObject({
      agreementId: terms.standardId,
      at: TEST_START,
      timeZone: "America/New_York",
      coverage: "calendar",
      calendarId: terms.calendarId,
      isOpenAt: true,
      startsAt: TEST_START,
    });
    const normal = res.body.priorities.find((p: { priority: string }) => p.priority === "normal");
    expect(normal.firstReply).toEqual({
      dueAt: "2026-12-07T19:30:00.000Z",
      wording: "We will reply by Mon 7 Dec, 14:30 (New York time)",
    });
    // 30 working minutes is the workspace callback; the agreement's own is 60 working minutes.
    expect(res.body.callback.wording).toBe("We will call you back by Mon 7 Dec, 11:30 (New York time)");
  });

  it("a request at a chosen time: closed on Sunday, so the clock starts Monday 09:00; 24/7 runs now", async () => {
    const at = "2026-12-06T19:00:00.000Z";
    const standard = await t.request({
      method: "GET",
      url: `/api/agreements/${terms.standardId}/preview?at=${at}`,
      headers: ws.members.agent.auth,
    });
    expect(standard.body).toMatchObject({ at, isOpenAt: false, startsAt: "2026-12-07T14:00:00.000Z" });
    const around = await t.request({
      method: "GET",
      url: `/api/agreements/${terms.aroundId}/preview?at=${at}`,
      headers: ws.members.agent.auth,
    });
    expect(around.body).toMatchObject({ coverage: "always", calendarId: null, isOpenAt: true, startsAt: at });
    expect(around.body.priorities[1].firstReply.dueAt).toBe("2026-12-06T20:00:00.000Z");
    const bad = await t.request({
      method: "GET",
      url: `/api/agreements/${terms.standardId}/preview?at=yesterday`,
      headers: ws.members.agent.auth,
    });
    expect(bad.status).toBe(400);
  });

  it("a calendar change shows in its openings and in the agreement's preview", async () => {
    t.clock.set(TEST_START);
    const openings = async () =>
      (
        await t.request({
          method: "GET",
          url: `/api/calendars/${terms.calendarId}/openings?count=2`,
          headers: ws.members.agent.auth,
        })
      ).body;
    expect(await openings()).toMatchObject({
      calendarId: terms.calendarId,
      timeZone: "America/New_York",
      isOpenAt: true,
      openings: [
        { opensAt: TEST_START, closesAt: "2026-12-07T22:00:00.000Z", label: "Mon 7 Dec, 10:30–17:00" },
        { label: "Tue 8 Dec, 09:00–17:00" },
      ],
    });
    const patched = await t.request({
      method: "PATCH",
      url: `/api/calendars/${terms.calendarId}`,
      headers: ws.members.manager.auth,
      json: { spec: { ...HARBOR_SPEC, weekly: { ...HARBOR_SPEC.weekly, mon: [["09:00", "12:00"]] } } },
    });
    expect(patched.status, patched.text).toBe(200);
    expect((await openings()).openings.map((o: { label: string }) => o.label)).toEqual([
      "Mon 7 Dec, 10:30–12:00",
      "Tue 8 Dec, 09:00–17:00",
    ]);
    const preview = await t.request({
      method: "GET",
      url: `/api/agreements/${terms.standardId}/preview`,
      headers: ws.members.agent.auth,
    });
    // 1.5 h on Monday, 2.5 h on Tuesday from 09:00.
    expect(preview.body.priorities[1].firstReply.wording).toBe(
      "We will reply by Tue 8 Dec, 11:30 (New York time)",
    );
    const from = await t.request({
      method: "GET",
      url: `/api/calendars/${terms.calendarId}/openings?from=2026-12-24T22:30:00.000Z&count=1`,
      headers: ws.members.agent.auth,
    });
    expect(from.body).toMatchObject({ isOpenAt: false, openings: [{ label: "Sat 26 Dec, 10:00–14:00" }] });
    await t.request({
      method: "PATCH",
      url: `/api/calendars/${terms.calendarId}`,
      headers: ws.members.manager.auth,
      json: { spec: HARBOR_SPEC },
    });
  });

  it("lists the clients an agreement applies to; the default also covers clients without their own", async () => {
    const create = async (name: string) =>
      (
        await t.request({
          method: "POST",
          url: "/api/clients",
          headers: ws.members.admin.auth,
          json: { name },
        })
      ).body.id as string;
    const acme = await create("Acme");
    const northwind = await create("Northwind");
    await t.request({
      method: "PUT",
      url: `/api/clients/${northwind}/agreement`,
      headers: ws.members.manager.auth,
      json: { agreementId: terms.aroundId },
    });
    const clientsOf = async (id: string) =>
      (
        await t.request({
          method: "GET",
          url: `/api/agreements/${id}/clients`,
          headers: ws.members.agent.auth,
        })
      ).body;
    expect(await clientsOf(terms.standardId)).toEqual([{ id: acme, name: "Acme", viaDefault: true }]);
    expect(await clientsOf(terms.aroundId)).toEqual([
      { id: northwind, name: "Northwind", viaDefault: false },
    ]);
  });

  it("other workspaces' agreements and calendars are 404; bad counts are 400", async () => {
    for (const url of [
      `/api/agreements/${otherTerms.standardId}/preview`,
      `/api/agreements/${otherTerms.standardId}/clients`,
      `/api/calendars/${otherTerms.calendarId}/openings`,
    ]) {
      const res = await t.request({ method: "GET", url, headers: ws.members.admin.auth });
      expect(res.status, url).toBe(404);
    }
    const bad = await t.request({
      method: "GET",
      url: `/api/calendars/${terms.calendarId}/openings?count=500`,
      headers: ws.members.agent.auth,
    });
    expect(bad.status).toBe(400);
  });
});
