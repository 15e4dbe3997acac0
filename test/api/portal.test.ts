import { beforeAll, expect, it } from "vitest";
import { hashSecret } from "../../src/auth/secrets.js";
import { createPortalLink, revokePortalLink } from "../../src/portal/portal.links.service.js";
import { createTestWorkspace, TEST_PASSWORD, type TestWorkspace } from "../support/factories.js";
import { eachDialect, TEST_START, useTestApp } from "../support/harness.js";
import {
  makeCase,
  makeCustomer,
  makePortalLink,
  openPortal,
  portalCookieOf,
  tokenOf,
  type PortalVisitor,
} from "../support/portal.js";

const P = "https://frontdesk.dev/problems/";
const DAY = 86_400_000;

eachDialect("portal access", (dialect) => {
  const t = useTestApp(dialect);
  let ws: TestWorkspace;
  let other: TestWorkspace;
  let dana: string;
  let eli: string;
  let danaCases: { id: string; number: number }[];
  let eliCase: { id: string; number: number };
  let otherCase: { id: string; number: number };
  let olga: string;

  beforeAll(async () => {
    ws = await createTestWorkspace(t.deps, "portal");
    other = await createTestWorkspace(t.deps, "portal-other");
    dana = await makeCustomer(t, ws, "Dana Reyes", "dana@acme.example");
    eli = await makeCustomer(t, ws, "Eli Stone", "eli@globex.example");
    danaCases = [
      await makeCase(t, ws, dana, "Parcel never arrived"),
      await makeCase(t, ws, dana, "Invoice has the wrong address"),
    ];
    eliCase = await makeCase(t, ws, eli, "Eli's private matter");
    olga = await makeCustomer(t, other, "Olga Other", "olga@other.example");
    otherCase = await makeCase(t, other, olga, "Another desk's case");
  });

  const get = (url: string, visitor: PortalVisitor) =>
    t.request({ method: "GET", url, headers: { cookie: visitor.cookie } });

  it("staff make a link, shown once; opening it sets an HttpOnly SameSite=Lax portal cookie that works", async () => {
    const link = await makePortalLink(t, ws, dana);
    expect(link.url).toMatch(/^http:\/\/[^/]+\/#\/portal\/enter\/fdp_[A-Za-z0-9_-]{43}$/);
    expect(link.body).toMatchObject({ scope: "customer", caseId: null, state: "active", via: "staff" });
    expect(Date.parse(link.body.expiresAt) - Date.parse(TEST_START)).toBe(14 * DAY);
    // Only the hash is stored; the list never shows the token.
    const row = await t.deps.db
      .selectFrom("portal_links")
      .selectAll()
      .where("id", "=", link.id)
      .executeTakeFirstOrThrow();
    expect(row.token_hash).toBe(hashSecret(link.token));
    expect(JSON.stringify(row)).not.toContain(link.token.slice(4));
    const list = await t.request({
      method: "GET",
      url: `/api/customers/${dana}/portal-links`,
      headers: ws.members.receptionist.auth,
    });
    expect(list.status).toBe(200);
    expect(list.body.items.map((l: { id: string }) => l.id)).toContain(link.id);
    expect(list.text).not.toContain(link.token.slice(4));

    const res = await t.request({ method: "POST", url: "/api/portal/session", json: { token: link.token } });
    expect(res.status, res.text).toBe(200);
    const setCookie = String(res.headers["set-cookie"]);
    expect(setCookie).toMatch(/^fd_portal=fdps_[^;]+/);
    expect(setCookie).toMatch(/;\s*HttpOnly/i);
    expect(setCookie).toMatch(/;\s*SameSite=Lax/i);
    expect(setCookie).toMatch(/;\s*Path=\/api\/portal/i);
    expect(setCookie).not.toContain(link.token);
    expect(setCookie).not.toContain(res.body.csrfToken);
    expect(res.body).toMatchObject({
      name: "Dana Reyes",
      email: "dana@acme.example",
      workspaceName: "Workspace portal",
      scope: "customer",
      caseNumber: null,
    });
    const cookie = portalCookieOf(res.headers);
    const me = await t.request({ method: "GET", url: "/api/portal/me", headers: { cookie } });
    expect(me.status).toBe(200);
    expect(me.body.csrfToken).toBe(res.body.csrfToken);
    const cases = await t.request({ method: "GET", url: "/api/portal/cases", headers: { cookie } });
    expect(cases.status).toBe(200);
    expect(cases.body.items.map((c: { number: number }) => c.number)).toEqual(
      [...danaCases].reverse().map((c) => c.number),
    );
    expect(cases.body.items[0]).toEqual({
      number: danaCases[1]!.number,
      subject: "Invoice has the wrong address",
      status: "received",
      statusText: "Received",
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    // The link keeps working: a second device opens its own session.
    const again = await openPortal(t, link.token);
    expect(again.csrf).not.toBe(res.body.csrfToken);
    // Opening it is recorded against the customer, not staff.
    const audit = await t.request({
      method: "GET",
      url: `/api/audit?subjectId=${link.id}`,
      headers: ws.members.admin.auth,
    });
    const opened = audit.body.items.filter((e: { action: string }) => e.action === "portal.session-opened");
    expect(opened.length).toBe(2);
    expect(opened[0]).toMatchObject({ actorKind: "customer", actorId: dana });
  });

  it("expired, revoked, tampered, unknown and malformed tokens all get the same 401 problem", async () => {
    const expired = await makePortalLink(t, ws, dana, { expiresInDays: 1 });
    const revoked = await makePortalLink(t, ws, dana);
    const live = await makePortalLink(t, ws, dana);
    const del = await t.request({
      method: "DELETE",
      url: `/api/portal-links/${revoked.id}`,
      headers: ws.members.agent.auth,
    });
    expect(del.status).toBe(204);
    const flip = (s: string) => s.slice(0, -1) + (s.endsWith("A") ? "B" : "A");
    t.clock.advance(DAY + 1);
    try {
      const tokens = [
        expired.token,
        revoked.token,
        flip(live.token),
        `fdp_${"x".repeat(43)}`,
        "fdp_short",
        live.token.replace("fdp_", "fdt_"),
      ];
      const bodies: unknown[] = [];
      for (const token of tokens) {
        const res = await t.request({ method: "POST", url: "/api/portal/session", json: { token } });
        expect(res.status, token).toBe(401);
        expect(res.body.type).toBe(P + "unauthenticated");
        expect(res.headers["set-cookie"]).toBeUndefined();
        bodies.push({ ...res.body, instance: undefined });
      }
      for (const b of bodies) expect(b).toEqual(bodies[0]);
      expect((bodies[0] as { detail: string }).detail).toMatch(/expired or been withdrawn/);
      // The live one still opens at the same moment.
      await openPortal(t, live.token);
    } finally {
      t.clock.set(TEST_START);
    }
    const list = await t.request({
      method: "GET",
      url: `/api/customers/${dana}/portal-links`,
      headers: ws.members.agent.auth,
    });
    const states = new Map(list.body.items.map((l: { id: string; state: string }) => [l.id, l.state]));
    expect(states.get(revoked.id)).toBe("revoked");
    expect(states.get(live.id)).toBe("active");
  });

  it("revoking a link ends the sessions opened from it; a session ends after 24 hours or with its link", async () => {
    const link = await makePortalLink(t, ws, dana);
    const visitor = await openPortal(t, link.token);
    expect((await get("/api/portal/me", visitor)).status).toBe(200);
    await t.request({
      method: "DELETE",
      url: `/api/portal-links/${link.id}`,
      headers: ws.members.agent.auth,
    });
    const after = await get("/api/portal/me", visitor);
    expect(after.status).toBe(401);
    expect(after.body.type).toBe(P + "unauthenticated");
    // Revoking twice is not-found, like an unknown link.
    const twice = await t.request({
      method: "DELETE",
      url: `/api/portal-links/${link.id}`,
      headers: ws.members.agent.auth,
    });
    expect(twice.status).toBe(404);

    const daily = await openPortal(t, (await makePortalLink(t, ws, dana)).token);
    const shortLink = await makePortalLink(t, ws, dana, { expiresInDays: 1 });
    const short = await openPortal(t, shortLink.token);
    expect(Date.parse(short.me.expiresAt as string)).toBe(Date.parse(TEST_START) + DAY);
    try {
      t.clock.advance(23 * 3_600_000);
      expect((await get("/api/portal/me", daily)).status).toBe(200);
      t.clock.advance(3_600_000 + 1);
      expect((await get("/api/portal/me", daily)).status).toBe(401);
      expect((await get("/api/portal/me", short)).status).toBe(401);
    } finally {
      t.clock.set(TEST_START);
    }
  });

  it("a per-case link opens that case only: the customer's other cases are 404 like unknown ones", async () => {
    const [first, second] = danaCases as [{ id: string; number: number }, { id: string; number: number }];
    const link = await makePortalLink(t, ws, dana, { caseId: first.id });
    expect(link.body).toMatchObject({ scope: "case", caseId: first.id, caseNumber: first.number });
    const visitor = await openPortal(t, link.token);
    expect(visitor.me).toMatchObject({ scope: "case", caseNumber: first.number, name: "Dana Reyes" });
    const list = await get("/api/portal/cases", visitor);
    expect(list.body.items.map((c: { number: number }) => c.number)).toEqual([first.number]);
    expect((await get(`/api/portal/cases/${first.number}`, visitor)).status).toBe(200);
    const outside = await get(`/api/portal/cases/${second.number}`, visitor);
    const unknown = await get("/api/portal/cases/999999", visitor);
    expect(outside.status).toBe(404);
    expect({ ...outside.body, instance: undefined }).toEqual({ ...unknown.body, instance: undefined });
    const reply = await t.request({
      method: "POST",
      url: `/api/portal/cases/${second.number}/replies`,
      headers: visitor.headers,
      json: { body: "Outside my link" },
    });
    expect(reply.status).toBe(404);
    // A case of another customer cannot be the scope of a link.
    const bad = await t.request({
      method: "POST",
      url: `/api/customers/${dana}/portal-links`,
      headers: ws.members.agent.auth,
      json: { caseId: eliCase.id },
    });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ type: P + "invalid", field: "caseId" });
  });

  it("customer A cannot read or write on customer B's case: 404, and nothing is written", async () => {
    const visitor = await openPortal(t, (await makePortalLink(t, ws, dana)).token);
    const entries = async () =>
      (
        await t.deps.db
          .selectFrom("case_entries")
          .select((eb) => eb.fn.countAll<number>().as("n"))
          .where("case_id", "=", eliCase.id)
          .executeTakeFirstOrThrow()
      ).n;
    const before = await entries();
    const read = await get(`/api/portal/cases/${eliCase.number}`, visitor);
    const unknown = await get("/api/portal/cases/999999", visitor);
    expect(read.status).toBe(404);
    expect({ ...read.body, instance: undefined }).toEqual({ ...unknown.body, instance: undefined });
    expect(read.text).not.toContain("private matter");
    const reply = await t.request({
      method: "POST",
      url: `/api/portal/cases/${eliCase.number}/replies`,
      headers: visitor.headers,
      json: { body: "Let me in" },
    });
    expect(reply.status).toBe(404);
    expect(await entries()).toBe(before);
    const list = await get("/api/portal/cases", visitor);
    expect(list.text).not.toContain("private matter");
  });

  it("another workspace's customers, cases and links are 404; its case ids are refused as a link scope", async () => {
    // Olga, a customer of the other desk, sees her own case and nothing of this desk's.
    const visitor = await openPortal(
      t,
      (await makePortalLink(t, other, olga, {}, other.members.agent.auth)).token,
    );
    const own = await get("/api/portal/cases", visitor);
    expect(own.body.items.map((c: { subject: string }) => c.subject)).toEqual(["Another desk's case"]);
    expect(otherCase.number).toBe(1);
    const foreign = await get(`/api/portal/cases/${danaCases[1]!.number}`, visitor);
    const unknown = await get("/api/portal/cases/999999", visitor);
    expect(foreign.status).toBe(404);
    expect({ ...foreign.body, instance: undefined }).toEqual({ ...unknown.body, instance: undefined });
    expect(foreign.text).not.toContain("Invoice");
    const write = await t.request({
      method: "POST",
      url: `/api/portal/cases/${danaCases[1]!.number}/replies`,
      headers: visitor.headers,
      json: { body: "Wrong desk" },
    });
    expect(write.status).toBe(404);
    const foreignCustomer = await t.request({
      method: "POST",
      url: `/api/customers/${dana}/portal-links`,
      headers: other.members.admin.auth,
      json: {},
    });
    expect(foreignCustomer.status).toBe(404);
    const foreignScope = await t.request({
      method: "POST",
      url: `/api/customers/${dana}/portal-links`,
      headers: ws.members.agent.auth,
      json: { caseId: otherCase.id },
    });
    expect(foreignScope.status).toBe(400);
    const link = await makePortalLink(t, ws, dana);
    const revoke = await t.request({
      method: "DELETE",
      url: `/api/portal-links/${link.id}`,
      headers: other.members.admin.auth,
    });
    expect(revoke.status).toBe(404);
    const list = await t.request({
      method: "GET",
      url: `/api/customers/${dana}/portal-links`,
      headers: other.members.admin.auth,
    });
    expect(list.status).toBe(404);
  });

  it("portal mutations need the portal session's CSRF token", async () => {
    const visitor = await openPortal(t, (await makePortalLink(t, ws, dana)).token);
    const staff = await t.request({
      method: "POST",
      url: "/api/auth/login",
      json: { workspace: "portal", email: ws.members.agent.email, password: TEST_PASSWORD },
    });
    const url = `/api/portal/cases/${danaCases[0]!.number}/replies`;
    const attempts: Record<string, string>[] = [
      { cookie: visitor.cookie },
      { cookie: visitor.cookie, "x-csrf-token": visitor.csrf.slice(0, -2) + "xx" },
      { cookie: visitor.cookie, "x-csrf-token": staff.body.csrfToken as string },
    ];
    for (const headers of attempts) {
      const res = await t.request({ method: "POST", url, headers, json: { body: "Hello?" } });
      expect(res.status).toBe(403);
      expect(res.body).toMatchObject({ type: P + "forbidden", reason: "csrf" });
    }
    const logout = await t.request({
      method: "POST",
      url: "/api/portal/logout",
      headers: { cookie: visitor.cookie },
    });
    expect(logout.status).toBe(403);
    const ok = await t.request({ method: "POST", url, headers: visitor.headers, json: { body: "Hello?" } });
    expect(ok.status, ok.text).toBe(201);
    // Reads need no token.
    expect((await get(`/api/portal/cases/${danaCases[0]!.number}`, visitor)).status).toBe(200);
    const out = await t.request({ method: "POST", url: "/api/portal/logout", headers: visitor.headers });
    expect(out.status).toBe(204);
    expect(String(out.headers["set-cookie"])).toMatch(/^fd_portal=;/);
    expect((await get("/api/portal/me", visitor)).status).toBe(401);
  });

  it("staff credentials do not work in the portal, and the portal cookie does not work for staff routes", async () => {
    const visitor = await openPortal(t, (await makePortalLink(t, ws, dana)).token);
    for (const headers of [ws.members.admin.auth, { cookie: `fd_session=${visitor.cookie.split("=")[1]}` }]) {
      const res = await t.request({ method: "GET", url: "/api/portal/cases", headers });
      expect(res.status).toBe(401);
    }
    const staff = await t.request({
      method: "POST",
      url: "/api/auth/login",
      json: { workspace: "portal", email: ws.members.admin.email, password: TEST_PASSWORD },
    });
    const staffCookie = String(staff.headers["set-cookie"]).split(";")[0]!;
    expect(
      (await t.request({ method: "GET", url: "/api/portal/me", headers: { cookie: staffCookie } })).status,
    ).toBe(401);
    for (const url of ["/api/cases", "/api/customers", `/api/customers/${dana}`, "/api/auth/session"]) {
      const res = await t.request({ method: "GET", url, headers: { cookie: visitor.cookie } });
      expect(res.status, url).toBe(401);
    }
    const asStaff = await t.request({
      method: "POST",
      url: `/api/cases/${danaCases[0]!.id}/entries`,
      headers: visitor.headers,
      json: { kind: "note", body: "A customer posing as staff" },
    });
    expect(asStaff.status).toBe(401);
  });

  it("front-line staff make links; a reader without portal:write may not; bad lifetimes are 400", async () => {
    const link = await makePortalLink(t, ws, dana, {}, ws.members.receptionist.auth);
    const list = await t.request({
      method: "GET",
      url: `/api/customers/${dana}/portal-links`,
      headers: ws.members.receptionist.auth,
    });
    expect(list.status).toBe(200);
    const unknownCustomer = await t.request({
      method: "POST",
      url: "/api/customers/00000000-0000-7000-8000-000000000000/portal-links",
      headers: ws.members.agent.auth,
      json: {},
    });
    expect(unknownCustomer.status).toBe(404);
    for (const expiresInDays of [0, 91, 1.5, "7"]) {
      const res = await t.request({
        method: "POST",
        url: `/api/customers/${dana}/portal-links`,
        headers: ws.members.agent.auth,
        json: { expiresInDays },
      });
      expect(res.status, String(expiresInDays)).toBe(400);
    }
    expect(tokenOf(link.url)).toBe(link.token);
    // No role lacks portal:write today; the service still checks it (CLI and jobs obey it too).
    const readOnly = { ...ws.members.receptionist.actor, permissions: new Set(["customers:read"] as const) };
    await expect(createPortalLink(t.deps, readOnly, dana, {})).rejects.toMatchObject({ code: "forbidden" });
    await expect(revokePortalLink(t.deps, readOnly, link.id)).rejects.toMatchObject({ code: "forbidden" });
    const verify = await t.request({
      method: "GET",
      url: "/api/audit/verify",
      headers: ws.members.admin.auth,
    });
    expect(verify.body).toMatchObject({ ok: true });
  });
});
