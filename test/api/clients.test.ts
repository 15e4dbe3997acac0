import { beforeAll, expect, it } from "vitest";
import { createTestWorkspace, type TestWorkspace } from "../support/factories.js";
import { eachDialect, useTestApp } from "../support/harness.js";

const NO_SUCH_ID = "01890000-0000-7000-8000-000000000000";

eachDialect("clients API", (dialect) => {
  const t = useTestApp(dialect);
  let ws: TestWorkspace;
  let other: TestWorkspace;
  let foreignClientId: string;

  beforeAll(async () => {
    ws = await createTestWorkspace(t.deps, "clients");
    other = await createTestWorkspace(t.deps, "elsewhere");
    const foreign = await t.request({
      method: "POST",
      url: "/api/clients",
      headers: other.members.admin.auth,
      json: { name: "Foreign Co", domain: "foreign.example" },
    });
    foreignClientId = foreign.body.id;
  });

  async function newClient(json: Record<string, unknown>): Promise<string> {
    const res = await t.request({
      method: "POST",
      url: "/api/clients",
      headers: ws.members.manager.auth,
      json,
    });
    expect(res.status).toBe(201);
    return res.body.id as string;
  }

  async function balanceOf(id: string) {
    const res = await t.request({ method: "GET", url: `/api/clients/${id}`, headers: ws.members.agent.auth });
    return res.body.creditAccount as { balanceMinor: number; availableMinor: number; limitMinor: number };
  }

  it("adds a client with defaults and shows its credit account", async () => {
    const res = await t.request({
      method: "POST",
      url: "/api/clients",
      headers: ws.members.supervisor.auth,
      json: { name: "Acme", domain: "ACME.example" },
    });
    expect(res.status).toBe(201);
    const at = t.clock.now().toISOString();
    expect(res.body).toEqual({
      id: res.body.id,
      name: "Acme",
      domain: "acme.example",
      currency: "USD",
      notes: "",
      creditAccount: { currency: "USD", termsDays: 30, limitMinor: 0, balanceMinor: 0, availableMinor: 0 },
      createdAt: at,
      updatedAt: at,
    });
    const read = await t.request({
      method: "GET",
      url: `/api/clients/${res.body.id}`,
      headers: ws.members.receptionist.auth,
    });
    expect(read.body).toEqual(res.body);
    const sameDomain = await t.request({
      method: "POST",
      url: "/api/clients",
      headers: ws.members.manager.auth,
      json: { name: "Acme Two", domain: "acme.example" },
    });
    expect(sameDomain.status).toBe(409);
  });

  it("refuses unknown currencies and front-line staff creating clients", async () => {
    const unknown = await t.request({
      method: "POST",
      url: "/api/clients",
      headers: ws.members.manager.auth,
      json: { name: "Odd", currency: "XYZ" },
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body).toMatchObject({ type: "https://frontdesk.dev/problems/invalid", field: "currency" });
    const lower = await t.request({
      method: "POST",
      url: "/api/clients",
      headers: ws.members.manager.auth,
      json: { name: "Odd", currency: "usd" },
    });
    expect(lower.status).toBe(400);
    const agent = await t.request({
      method: "POST",
      url: "/api/clients",
      headers: ws.members.agent.auth,
      json: { name: "Nope" },
    });
    expect(agent.status).toBe(403);
    expect(agent.body.type).toBe("https://frontdesk.dev/problems/forbidden");
  });

  it("keeps the credit balance exact through orders on account and payments", async () => {
    const id = await newClient({
      name: "Northwind",
      domain: "northwind.example",
      creditTermsDays: 15,
      creditLimitMinor: 500_000,
    });
    const order = await t.request({
      method: "POST",
      url: `/api/clients/${id}/orders`,
      headers: ws.members.supervisor.auth,
      json: {
        reference: "PO-7731",
        description: "500 flyers",
        amountMinor: 18_500,
        onAccount: true,
        status: "fulfilled",
        orderedAt: "2026-12-01T10:00:00.000Z",
      },
    });
    expect(order.status).toBe(201);
    expect(order.body).toEqual({
      id: order.body.id,
      clientId: id,
      customerId: null,
      reference: "PO-7731",
      description: "500 flyers",
      amountMinor: 18_500,
      currency: "USD",
      onAccount: true,
      status: "fulfilled",
      orderedAt: "2026-12-01T10:00:00.000Z",
      createdAt: t.clock.now().toISOString(),
    });
    expect(await balanceOf(id)).toMatchObject({ balanceMinor: 18_500, availableMinor: 481_500 });
    const orders = [
      { reference: "PO-7802", amountMinor: 42_000, onAccount: true },
      { reference: "NW-0091", amountMinor: 26_000, onAccount: false, status: "fulfilled" },
      { reference: "PO-0000", amountMinor: 10_000, onAccount: true, status: "cancelled" },
    ];
    for (const json of orders) {
      const r = await t.request({
        method: "POST",
        url: `/api/clients/${id}/orders`,
        headers: ws.members.manager.auth,
        json,
      });
      expect(r.status).toBe(201);
    }
    expect(await balanceOf(id)).toMatchObject({ balanceMinor: 60_500, availableMinor: 439_500 });
    const pay = await t.request({
      method: "POST",
      url: `/api/clients/${id}/payments`,
      headers: ws.members.manager.auth,
      json: { reference: "ACH-55120", amountMinor: 18_500, currency: "USD", method: "bank_transfer" },
    });
    expect(pay.status).toBe(201);
    expect(pay.body).toMatchObject({
      reference: "ACH-55120",
      amountMinor: 18_500,
      method: "bank_transfer",
      currency: "USD",
    });
    expect(pay.body.paidAt).toBe(t.clock.now().toISOString());
    expect(await balanceOf(id)).toEqual({
      currency: "USD",
      termsDays: 15,
      limitMinor: 500_000,
      balanceMinor: 42_000,
      availableMinor: 458_000,
    });
    // Paying more than is owed leaves the client in credit.
    await t.request({
      method: "POST",
      url: `/api/clients/${id}/payments`,
      headers: ws.members.manager.auth,
      json: { reference: "CHQ-1", amountMinor: 50_000, method: "cheque" },
    });
    expect(await balanceOf(id)).toMatchObject({ balanceMinor: -8_000, availableMinor: 508_000 });
    const audit = await t.deps.db
      .selectFrom("audit_entries")
      .select("action")
      .where("workspace_id", "=", ws.workspace.id)
      .where("subject_id", "=", id)
      .orderBy("seq")
      .execute();
    expect(audit.map((a) => a.action)).toEqual([
      "client.created",
      ...Array<string>(4).fill("client.order-recorded"),
      "client.payment-recorded",
      "client.payment-recorded",
    ]);
  });

  it("refuses another currency, a future date and odd amounts, leaving the balance alone", async () => {
    const id = await newClient({ name: "Globex", currency: "EUR", creditLimitMinor: 100_000 });
    const wrong = await t.request({
      method: "POST",
      url: `/api/clients/${id}/orders`,
      headers: ws.members.manager.auth,
      json: { reference: "GX-1", amountMinor: 9_900, currency: "USD", onAccount: true },
    });
    expect(wrong.status).toBe(400);
    expect(wrong.headers["content-type"]).toContain("application/problem+json");
    expect(wrong.body).toMatchObject({ type: "https://frontdesk.dev/problems/invalid", field: "currency" });
    const wrongPay = await t.request({
      method: "POST",
      url: `/api/clients/${id}/payments`,
      headers: ws.members.manager.auth,
      json: { reference: "P-1", amountMinor: 100, currency: "GBP", method: "card" },
    });
    expect(wrongPay.status).toBe(400);
    const ok = await t.request({
      method: "POST",
      url: `/api/clients/${id}/orders`,
      headers: ws.members.manager.auth,
      json: { reference: "GX-1", amountMinor: 9_900, onAccount: true },
    });
    expect(ok.body.currency).toBe("EUR");
    const future = await t.request({
      method: "POST",
      url: `/api/clients/${id}/payments`,
      headers: ws.members.manager.auth,
      json: { reference: "P-2", amountMinor: 100, method: "cash", paidAt: "2027-01-01T00:00:00.000Z" },
    });
    expect(future.status).toBe(400);
    for (const amountMinor of [0, -5, 1.5]) {
      const bad = await t.request({
        method: "POST",
        url: `/api/clients/${id}/orders`,
        headers: ws.members.manager.auth,
        json: { reference: `BAD-${amountMinor}`, amountMinor, onAccount: true },
      });
      expect(bad.status).toBe(400);
    }
    expect(await balanceOf(id)).toMatchObject({ balanceMinor: 9_900, availableMinor: 90_100 });
    const recurrency = await t.request({
      method: "PATCH",
      url: `/api/clients/${id}`,
      headers: ws.members.manager.auth,
      json: { currency: "USD" },
    });
    expect(recurrency.status).toBe(409);
  });

  it("lets front-line staff read accounts but not record orders or payments", async () => {
    const id = await newClient({ name: "Initech", creditLimitMinor: 1_000 });
    for (const role of ["receptionist", "agent"] as const) {
      const order = await t.request({
        method: "POST",
        url: `/api/clients/${id}/orders`,
        headers: ws.members[role].auth,
        json: { reference: "R-1", amountMinor: 500, onAccount: true },
      });
      expect(order.status).toBe(403);
      expect(order.headers["content-type"]).toContain("application/problem+json");
      expect(order.body.type).toBe("https://frontdesk.dev/problems/forbidden");
      const pay = await t.request({
        method: "POST",
        url: `/api/clients/${id}/payments`,
        headers: ws.members[role].auth,
        json: { reference: "R-2", amountMinor: 500, method: "cash" },
      });
      expect(pay.status).toBe(403);
      const patch = await t.request({
        method: "PATCH",
        url: `/api/clients/${id}`,
        headers: ws.members[role].auth,
        json: { creditLimitMinor: 9_999_999 },
      });
      expect(patch.status).toBe(403);
    }
    const orders = await t.request({
      method: "GET",
      url: `/api/clients/${id}/orders`,
      headers: ws.members.receptionist.auth,
    });
    expect(orders.status).toBe(200);
    expect(orders.body).toEqual({ items: [], nextCursor: null });
    expect(await balanceOf(id)).toMatchObject({ balanceMinor: 0, limitMinor: 1_000 });
  });

  it("takes an order's customer only from the client's own customers", async () => {
    const id = await newClient({ name: "Umbrella", domain: "umbrella.example" });
    const mine = await t.request({
      method: "POST",
      url: "/api/customers",
      headers: ws.members.agent.auth,
      json: { name: "Alice", email: "alice@umbrella.example" },
    });
    expect(mine.body.clientId).toBe(id);
    const notMine = await t.request({
      method: "POST",
      url: "/api/customers",
      headers: ws.members.agent.auth,
      json: { name: "Bob", email: "bob@mail.example" },
    });
    const ok = await t.request({
      method: "POST",
      url: `/api/clients/${id}/orders`,
      headers: ws.members.manager.auth,
      json: { reference: "U-1", amountMinor: 700, onAccount: false, customerId: mine.body.id },
    });
    expect(ok.status).toBe(201);
    expect(ok.body.customerId).toBe(mine.body.id);
    for (const customerId of [notMine.body.id, NO_SUCH_ID]) {
      const bad = await t.request({
        method: "POST",
        url: `/api/clients/${id}/orders`,
        headers: ws.members.manager.auth,
        json: { reference: `U-${customerId}`.slice(0, 40), amountMinor: 700, onAccount: false, customerId },
      });
      expect(bad.status).toBe(400);
      expect(bad.body.field).toBe("customerId");
    }
  });

  it("pages orders and payments newest first", async () => {
    const id = await newClient({ name: "Soylent", creditLimitMinor: 1_000_000 });
    for (let i = 1; i <= 5; i++) {
      t.clock.advance(1000);
      await t.request({
        method: "POST",
        url: `/api/clients/${id}/orders`,
        headers: ws.members.manager.auth,
        json: { reference: `S-${i}`, amountMinor: i * 100, onAccount: true },
      });
      await t.request({
        method: "POST",
        url: `/api/clients/${id}/payments`,
        headers: ws.members.manager.auth,
        json: { reference: `P-${i}`, amountMinor: i * 10, method: "card" },
      });
    }
    for (const [kind, prefix] of [
      ["orders", "S"],
      ["payments", "P"],
    ] as const) {
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const qs: string = `limit=2${cursor ? `&cursor=${cursor}` : ""}`;
        const page = await t.request({
          method: "GET",
          url: `/api/clients/${id}/${kind}?${qs}`,
          headers: ws.members.agent.auth,
        });
        expect(page.status).toBe(200);
        seen.push(...page.body.items.map((o: { reference: string }) => o.reference));
        cursor = page.body.nextCursor;
      } while (cursor);
      expect(seen).toEqual([5, 4, 3, 2, 1].map((i) => `${prefix}-${i}`));
    }
    expect(await balanceOf(id)).toMatchObject({ balanceMinor: 1_500 - 150 });
  });

  it("updates a client and lists clients by name with a prefix filter", async () => {
    const id = await newClient({ name: "Zeta One", currency: "GBP" });
    t.clock.advance(60_000);
    const res = await t.request({
      method: "PATCH",
      url: `/api/clients/${id}`,
      headers: ws.members.manager.auth,
      json: {
        name: "Zeta Prime",
        currency: "EUR",
        creditTermsDays: 45,
        creditLimitMinor: 2_500,
        domain: "zeta.example",
      },
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      name: "Zeta Prime",
      currency: "EUR",
      domain: "zeta.example",
      creditAccount: {
        currency: "EUR",
        termsDays: 45,
        limitMinor: 2_500,
        balanceMinor: 0,
        availableMinor: 2_500,
      },
      updatedAt: t.clock.now().toISOString(),
    });
    for (const name of ["Zeta Two", "Zeta Three", "Zebra"]) await newClient({ name });
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const qs: string = `q=zeta&limit=2${cursor ? `&cursor=${cursor}` : ""}`;
      const page = await t.request({
        method: "GET",
        url: `/api/clients?${qs}`,
        headers: ws.members.agent.auth,
      });
      expect(page.status).toBe(200);
      seen.push(...page.body.items.map((c: { name: string }) => c.name));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual(["Zeta Prime", "Zeta Three", "Zeta Two"]);
  });

  it("answers unknown and foreign client ids as not found", async () => {
    for (const id of [NO_SUCH_ID, foreignClientId]) {
      for (const req of [
        { method: "GET" as const, url: `/api/clients/${id}` },
        { method: "PATCH" as const, url: `/api/clients/${id}`, json: { name: "Mine now" } },
        { method: "GET" as const, url: `/api/clients/${id}/orders` },
        { method: "GET" as const, url: `/api/clients/${id}/payments` },
        {
          method: "POST" as const,
          url: `/api/clients/${id}/orders`,
          json: { reference: "X-1", amountMinor: 100, onAccount: true },
        },
        {
          method: "POST" as const,
          url: `/api/clients/${id}/payments`,
          json: { reference: "X-2", amountMinor: 100, method: "cash" },
        },
      ]) {
        const r = await t.request({ ...req, headers: ws.members.admin.auth });
        expect(r.status, `${req.method} ${req.url}`).toBe(404);
        expect(r.body.type).toBe("https://frontdesk.dev/problems/not-found");
      }
    }
    const foreign = await t.request({
      method: "GET",
      url: `/api/clients/${foreignClientId}`,
      headers: other.members.agent.auth,
    });
    expect(foreign.body.creditAccount.balanceMinor).toBe(0);
  });

  it("documents every client and customer route in the OpenAPI document", async () => {
    const res = await t.request({ method: "GET", url: "/openapi.json" });
    const paths = res.body.paths as Record<string, Record<string, { tags?: string[]; summary?: string }>>;
    for (const path of [
      "/api/clients",
      "/api/clients/{id}",
      "/api/clients/{id}/orders",
      "/api/clients/{id}/payments",
      "/api/customers",
      "/api/customers/{id}",
      "/api/customers/{id}/cases",
    ]) {
      const ops = Object.values(paths[path] ?? {});
      expect(ops.length, path).toBeGreaterThan(0);
      for (const op of ops) {
        expect(op.tags?.length, path).toBe(1);
        expect(op.summary, path).toBeTruthy();
      }
    }
  });
});
