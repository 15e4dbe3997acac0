import { beforeAll, expect, it } from "vitest";
import { createClient } from "../../src/clients/clients.service.js";
import { createTestWorkspace, type TestWorkspace } from "../support/factories.js";
import { eachDialect, useTestApp } from "../support/harness.js";

const NO_SUCH_ID = "01890000-0000-7000-8000-000000000000";

eachDialect("customers API", (dialect) => {
  const t = useTestApp(dialect);
  let ws: TestWorkspace;
  let other: TestWorkspace;
  let acmeId: string;
  let foreignClientId: string;
  let foreignCustomerId: string;

  beforeAll(async () => {
    ws = await createTestWorkspace(t.deps, "customers");
    other = await createTestWorkspace(t.deps, "elsewhere");
    acmeId = (await createClient(t.deps, ws.system, { name: "Acme", domain: "acme.example" })).id;
    foreignClientId = (await createClient(t.deps, other.system, { name: "Acme", domain: "acme.example" })).id;
    const foreign = await t.request({
      method: "POST",
      url: "/api/customers",
      headers: other.members.agent.auth,
      json: { name: "Someone Else", email: "someone@elsewhere.example" },
    });
    foreignCustomerId = foreign.body.id;
  });

  async function auditCount(subjectId: string): Promise<number> {
    const rows = await t.deps.db
      .selectFrom("audit_entries")
      .select("id")
      .where("workspace_id", "=", ws.workspace.id)
      .where("subject_id", "=", subjectId)
      .execute();
    return rows.length;
  }

  it("adds a customer with a lower-cased email, linked to the client of its domain", async () => {
    const res = await t.request({
      method: "POST",
      url: "/api/customers",
      headers: ws.members.receptionist.auth,
      json: {
        name: "Dan Reyes",
        email: "Dan.Reyes@ACME.example",
        phone: "+1-555-0201",
        notes: "Prefers mornings",
      },
    });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      id: res.body.id,
      name: "Dan Reyes",
      email: "dan.reyes@acme.example",
      phone: "+1-555-0201",
      clientId: acmeId,
      notes: "Prefers mornings",
      createdAt: t.clock.now().toISOString(),
      updatedAt: t.clock.now().toISOString(),
    });
    expect(await auditCount(res.body.id)).toBe(1);
    const again = await t.request({
      method: "GET",
      url: `/api/customers/${res.body.id}`,
      headers: ws.members.agent.auth,
    });
    expect(again.status).toBe(200);
    expect(again.body).toEqual(res.body);
  });

  it("links by domain only when clientId is absent; null means no client", async () => {
    const unlinked = await t.request({
      method: "POST",
      url: "/api/customers",
      headers: ws.members.agent.auth,
      json: { name: "Ann Private", email: "ann@acme.example", clientId: null },
    });
    expect(unlinked.status).toBe(201);
    expect(unlinked.body.clientId).toBeNull();
    const noMatch = await t.request({
      method: "POST",
      url: "/api/customers",
      headers: ws.members.agent.auth,
      json: { name: "Walt Hughes", email: "walt@mail.example" },
    });
    expect(noMatch.body.clientId).toBeNull();
    const noEmail = await t.request({
      method: "POST",
      url: "/api/customers",
      headers: ws.members.agent.auth,
      json: { name: "Walk-in Only" },
    });
    expect(noEmail.status).toBe(201);
    expect(noEmail.body).toMatchObject({ email: null, phone: null, clientId: null, notes: "" });
  });

  it("refuses a client of another workspace as invalid, naming the field", async () => {
    const res = await t.request({
      method: "POST",
      url: "/api/customers",
      headers: ws.members.agent.auth,
      json: { name: "Mallory", email: "mallory@x.example", clientId: foreignClientId },
    });
    expect(res.status).toBe(400);
    expect(res.headers["content-type"]).toContain("application/problem+json");
    expect(res.body).toMatchObject({ type: "https://frontdesk.dev/problems/invalid", field: "clientId" });
  });

  it("keeps one customer per email and checks bodies strictly", async () => {
    const dup = await t.request({
      method: "POST",
      url: "/api/customers",
      headers: ws.members.agent.auth,
      json: { name: "Dan Again", email: "DAN.REYES@acme.example" },
    });
    expect(dup.status).toBe(409);
    expect(dup.body.type).toBe("https://frontdesk.dev/problems/conflict");
    const extra = await t.request({
      method: "POST",
      url: "/api/customers",
      headers: ws.members.agent.auth,
      json: { name: "X", isVip: true },
    });
    expect(extra.status).toBe(400);
    const badEmail = await t.request({
      method: "POST",
      url: "/api/customers",
      headers: ws.members.agent.auth,
      json: { name: "X", email: "not an email" },
    });
    expect(badEmail.status).toBe(400);
  });

  it("updates a customer, records one audit entry, and leaves unknown and foreign ids not found", async () => {
    const c = await t.request({
      method: "POST",
      url: "/api/customers",
      headers: ws.members.agent.auth,
      json: { name: "Nora Lind", email: "nora@acme.example" },
    });
    expect(c.body.clientId).toBe(acmeId);
    t.clock.advance(60_000);
    const res = await t.request({
      method: "PATCH",
      url: `/api/customers/${c.body.id}`,
      headers: ws.members.agent.auth,
      json: { name: "Nora Lind-Berg", phone: "+1-555-0202", clientId: null, email: "Nora@Northwind.example" },
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      name: "Nora Lind-Berg",
      phone: "+1-555-0202",
      clientId: null,
      email: "nora@northwind.example",
      createdAt: c.body.createdAt,
      updatedAt: t.clock.now().toISOString(),
    });
    expect(await auditCount(c.body.id)).toBe(2);
    const foreignClient = await t.request({
      method: "PATCH",
      url: `/api/customers/${c.body.id}`,
      headers: ws.members.agent.auth,
      json: { clientId: foreignClientId },
    });
    expect(foreignClient.status).toBe(400);
    expect(foreignClient.body.field).toBe("clientId");
    const empty = await t.request({
      method: "PATCH",
      url: `/api/customers/${c.body.id}`,
      headers: ws.members.agent.auth,
      json: {},
    });
    expect(empty.status).toBe(400);
    for (const id of [NO_SUCH_ID, foreignCustomerId]) {
      for (const req of [
        { method: "GET" as const, url: `/api/customers/${id}` },
        { method: "PATCH" as const, url: `/api/customers/${id}`, json: { name: "Taken over" } },
        { method: "GET" as const, url: `/api/customers/${id}/cases` },
      ]) {
        const r = await t.request({ ...req, headers: ws.members.admin.auth });
        expect(r.status).toBe(404);
        expect(r.body.type).toBe("https://frontdesk.dev/problems/not-found");
      }
    }
  });

  it("pages by name without repeats and filters by name or email prefix and by client", async () => {
    const names = ["Pat Quinn", "Pam Quill", "Paul Quay", "Peg Quest", "Pia Quartz"];
    for (const [i, name] of names.entries()) {
      await t.request({
        method: "POST",
        url: "/api/customers",
        headers: ws.members.agent.auth,
        json: { name, email: `q${i}@${i % 2 ? "acme" : "quarry"}.example` },
      });
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const qs: string = `q=p&limit=2${cursor ? `&cursor=${cursor}` : ""}`;
      const page = await t.request({
        method: "GET",
        url: `/api/customers?${qs}`,
        headers: ws.members.agent.auth,
      });
      expect(page.status).toBe(200);
      expect(page.body.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.body.items.map((c: { name: string }) => c.name));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual([...names].sort());
    const byName = await t.request({
      method: "GET",
      url: "/api/customers?q=PA",
      headers: ws.members.agent.auth,
    });
    expect(byName.body.items.map((c: { name: string }) => c.name)).toEqual([
      "Pam Quill",
      "Pat Quinn",
      "Paul Quay",
    ]);
    const byEmail = await t.request({
      method: "GET",
      url: "/api/customers?q=Q3%40",
      headers: ws.members.agent.auth,
    });
    expect(byEmail.body.items.map((c: { name: string }) => c.name)).toEqual(["Peg Quest"]);
    const wildcard = await t.request({
      method: "GET",
      url: "/api/customers?q=%25",
      headers: ws.members.agent.auth,
    });
    expect(wildcard.body.items).toEqual([]);
    const ofAcme = await t.request({
      method: "GET",
      url: `/api/customers?clientId=${acmeId}&q=p`,
      headers: ws.members.agent.auth,
    });
    expect(ofAcme.body.items.map((c: { name: string }) => c.name)).toEqual(["Pam Quill", "Peg Quest"]);
    const badCursor = await t.request({
      method: "GET",
      url: "/api/customers?cursor=nonsense",
      headers: ws.members.agent.auth,
    });
    expect(badCursor.status).toBe(400);
  });

  it("shows the customer's earlier cases, newest first, and only theirs", async () => {
    const c = await t.request({
      method: "POST",
      url: "/api/customers",
      headers: ws.members.agent.auth,
      json: { name: "Gina Park", email: "gina@globex.example" },
    });
    const subjects = ["Flyers smudged", "Reprint quote", "Pickup time"];
    const made: { id: string; number: number }[] = [];
    for (const subject of subjects) {
      const r = await t.request({
        method: "POST",
        url: "/api/cases",
        headers: ws.members.agent.auth,
        json: { subject, channel: "phone", customerId: c.body.id },
      });
      made.push(r.body);
    }
    await t.request({
      method: "POST",
      url: "/api/cases",
      headers: ws.members.agent.auth,
      json: { subject: "Someone else's", channel: "phone" },
    });
    await t.request({
      method: "PATCH",
      url: `/api/cases/${made[0]!.id}`,
      headers: ws.members.agent.auth,
      json: { status: "solved" },
    });
    const res = await t.request({
      method: "GET",
      url: `/api/customers/${c.body.id}/cases`,
      headers: ws.members.receptionist.auth,
    });
    expect(res.status).toBe(200);
    expect(res.body.items.map((x: { subject: string }) => x.subject)).toEqual([...subjects].reverse());
    expect(res.body.items.at(-1)).toEqual({
      id: made[0]!.id,
      number: made[0]!.number,
      subject: "Flyers smudged",
      status: "solved",
      createdAt: t.clock.now().toISOString(),
    });
  });
});
