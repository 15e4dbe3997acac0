import { beforeAll, expect, it } from "vitest";
import { createTestWorkspace, type TestWorkspace } from "../support/factories.js";
import { eachDialect, TEST_START, useTestApp, type TestApp } from "../support/harness.js";
import { makeCase, makeCustomer, openPortal, tokenOf } from "../support/portal.js";
import { setUpHarborTerms } from "../support/terms.js";

const P = "https://frontdesk.dev/problems/";
const DAY = 86_400_000;

async function count(t: TestApp, table: "cases" | "customers" | "portal_links", workspaceId: string) {
  const row = await t.deps.db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("workspace_id", "=", workspaceId)
    .executeTakeFirstOrThrow();
  return row.n;
}

eachDialect("public request form", (dialect) => {
  const t = useTestApp(dialect, { portalRequestRatePerMinute: 100 });
  let ws: TestWorkspace;
  let dana: string;

  beforeAll(async () => {
    ws = await createTestWorkspace(t.deps, "requests");
    await setUpHarborTerms(t, ws);
    dana = await makeCustomer(t, ws, "Dana Reyes", "dana@acme.example");
    await makeCase(t, ws, dana, "Dana's earlier, private case");
  });

  const submit = (json: Record<string, unknown>) =>
    t.request({ method: "POST", url: "/api/portal/requests", json });
  const form = (extra: Record<string, unknown> = {}) => ({
    workspace: "requests",
    name: "Noor Haddad",
    email: "noor@example.org",
    subject: "Banner printing quote",
    message: "Could you print a 2 m banner by Friday?",
    ...extra,
  });

  it("a new person's request is a portal case with their message, a reply-by promise and a per-case link", async () => {
    t.clock.set(TEST_START);
    const res = await submit(form());
    expect(res.status, res.text).toBe(201);
    expect(res.body).toEqual({
      caseNumber: expect.any(Number),
      subject: "Banner printing quote",
      statusText: "Received",
      url: expect.stringMatching(/\/#\/portal\/enter\/fdp_[A-Za-z0-9_-]{43}$/),
      linkExpiresAt: new Date(Date.parse(TEST_START) + 30 * DAY).toISOString(),
      promises: [
        expect.objectContaining({
          kind: "reply_by",
          wording: "We will reply by Mon 7 Dec, 14:30 (New York time)",
          status: "open",
        }),
        expect.objectContaining({ wording: "We will resolve this by Thu 10 Dec, 10:30 (New York time)" }),
      ],
    });
    // Staff see a new customer and a new case on the portal channel, due by the agreement.
    const found = await t.request({
      method: "GET",
      url: "/api/customers?q=noor",
      headers: ws.members.agent.auth,
    });
    expect(found.body.items).toEqual([
      expect.objectContaining({ name: "Noor Haddad", email: "noor@example.org" }),
    ]);
    const noor = found.body.items[0].id as string;
    const c = await t.request({
      method: "GET",
      url: `/api/cases/by-number/${res.body.caseNumber}`,
      headers: ws.members.agent.auth,
    });
    expect(c.body).toMatchObject({
      channel: "portal",
      status: "new",
      customerId: noor,
      createdById: null,
      dueAt: "2026-12-07T19:30:00.000Z",
    });
    const entries = await t.request({
      method: "GET",
      url: `/api/cases/${c.body.id}/entries`,
      headers: ws.members.agent.auth,
    });
    expect(entries.body.items).toEqual([
      expect.objectContaining({
        kind: "message",
        direction: "in",
        channel: "portal",
        body: "Could you print a 2 m banner by Friday?",
        authorCustomerId: noor,
        data: { via: "request-form", nameGiven: "Noor Haddad" },
      }),
    ]);
    // The queue and search find it like any case.
    const search = await t.request({
      method: "GET",
      url: "/api/search?q=banner",
      headers: ws.members.agent.auth,
    });
    expect(search.body.items.map((x: { id: string }) => x.id)).toContain(c.body.id);
    const audit = await t.request({
      method: "GET",
      url: `/api/audit?subjectId=${c.body.id}`,
      headers: ws.members.admin.auth,
    });
    expect(
      audit.body.items.map((e: { action: string; actorKind: string }) => [e.action, e.actorKind]),
    ).toEqual([
      ["case.created", "customer"],
      ["case.promises-changed", "customer"],
    ]);
    // The link opens this case, and only this one.
    const visitor = await openPortal(t, tokenOf(res.body.url));
    expect(visitor.me).toMatchObject({
      scope: "case",
      caseNumber: res.body.caseNumber,
      email: "noor@example.org",
    });
    const list = await t.request({
      method: "GET",
      url: "/api/portal/cases",
      headers: { cookie: visitor.cookie },
    });
    expect(list.body.items.map((x: { number: number }) => x.number)).toEqual([res.body.caseNumber]);
  });

  it("a known email gets the same kind of answer, joins the known customer, and reveals nothing of them", async () => {
    t.clock.set(TEST_START);
    const customersBefore = await count(t, "customers", ws.workspace.id);
    const fresh = await submit(form({ email: "someone.new@example.org", name: "Sam Newman" }));
    const known = await submit(form({ email: "  DANA@acme.example ", name: "Not Dana" }));
    expect(known.status, known.text).toBe(201);
    expect(Object.keys(known.body).sort()).toEqual(Object.keys(fresh.body).sort());
    expect(known.body.statusText).toBe(fresh.body.statusText);
    expect(known.body.promises.map((p: { kind: string; wording: string }) => [p.kind, p.wording])).toEqual(
      fresh.body.promises.map((p: { kind: string; wording: string }) => [p.kind, p.wording]),
    );
    expect(known.text).not.toContain("Dana");
    expect(await count(t, "customers", ws.workspace.id)).toBe(customersBefore + 1);
    // The case is Dana's; her record keeps its name.
    const c = await t.request({
      method: "GET",
      url: `/api/cases/by-number/${known.body.caseNumber}`,
      headers: ws.members.agent.auth,
    });
    expect(c.body.customerId).toBe(dana);
    const record = await t.request({
      method: "GET",
      url: `/api/customers/${dana}`,
      headers: ws.members.agent.auth,
    });
    expect(record.body.name).toBe("Dana Reyes");
    // Whoever typed her email sees this request only, and not her name or earlier cases.
    const visitor = await openPortal(t, tokenOf(known.body.url));
    expect(visitor.me).toMatchObject({ name: null, email: "dana@acme.example", scope: "case" });
    const list = await t.request({
      method: "GET",
      url: "/api/portal/cases",
      headers: { cookie: visitor.cookie },
    });
    expect(list.body.items.map((x: { number: number }) => x.number)).toEqual([known.body.caseNumber]);
    expect(list.text).not.toContain("earlier, private");
    const view = await t.request({
      method: "GET",
      url: `/api/portal/cases/${known.body.caseNumber}`,
      headers: { cookie: visitor.cookie },
    });
    expect(view.text).not.toContain("Dana Reyes");
  });

  it("refuses bad input with 400 problems naming the field, and writes nothing", async () => {
    const before = await Promise.all([
      count(t, "cases", ws.workspace.id),
      count(t, "customers", ws.workspace.id),
      count(t, "portal_links", ws.workspace.id),
    ]);
    const cases: [Record<string, unknown>, string | undefined][] = [
      [form({ workspace: "no-such-desk" }), "workspace"],
      [form({ email: "not an email" }), "email"],
      [form({ email: "dan@localhost" }), "email"],
      [form({ name: "   " }), "name"],
      [form({ subject: " " }), "subject"],
      [form({ message: "\n\t " }), "message"],
      [form({ message: "x".repeat(20_001) }), undefined],
      [form({ subject: "x".repeat(301) }), undefined],
      [form({ priority: "urgent" }), undefined],
      [form({ customerId: dana }), undefined],
      [{ ...form(), name: undefined }, undefined],
      [form({ name: 42 }), undefined],
    ];
    for (const [json, field] of cases) {
      const res = await submit(json);
      expect(res.status, JSON.stringify(json).slice(0, 80)).toBe(400);
      expect(res.body.type).toBe(P + "invalid");
      if (field) expect(res.body.field).toBe(field);
    }
    const after = await Promise.all([
      count(t, "cases", ws.workspace.id),
      count(t, "customers", ws.workspace.id),
      count(t, "portal_links", ws.workspace.id),
    ]);
    expect(after).toEqual(before);
    const verify = await t.request({
      method: "GET",
      url: "/api/audit/verify",
      headers: ws.members.admin.auth,
    });
    expect(verify.body).toMatchObject({ ok: true });
  });
});

eachDialect("public request form rate limit", (dialect) => {
  const t = useTestApp(dialect, { portalRequestRatePerMinute: 2, portalOpenRatePerMinute: 3 });
  let ws: TestWorkspace;
  beforeAll(async () => {
    ws = await createTestWorkspace(t.deps, "limited");
  });

  it("the third request from one address in a minute is 429, and opening links is limited too", async () => {
    const json = {
      workspace: "limited",
      name: "Flood",
      email: "flood@example.org",
      subject: "Hi",
      message: "Hello",
    };
    for (let i = 0; i < 2; i++) {
      expect((await t.request({ method: "POST", url: "/api/portal/requests", json })).status).toBe(201);
    }
    const third = await t.request({ method: "POST", url: "/api/portal/requests", json });
    expect(third.status).toBe(429);
    expect(third.body.type).toBe(P + "rate-limited");
    expect(await count(t, "cases", ws.workspace.id)).toBe(2);
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) {
      const res = await t.request({
        method: "POST",
        url: "/api/portal/session",
        json: { token: `fdp_${"y".repeat(43)}` },
      });
      statuses.push(res.status);
    }
    expect(statuses).toEqual([401, 401, 401, 429]);
  });
});
