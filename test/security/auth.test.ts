import { beforeAll, describe, expect, it } from "vitest";
import { TEST_PASSWORD, createTestWorkspace, type TestWorkspace } from "../support/factories.js";
import { TEST_START, eachDialect, useTestApp, type TestApp } from "../support/harness.js";
import { createApiToken } from "../../src/auth/auth.service.js";

const P = "https://frontdesk.dev/problems/";

function expectProblem(
  res: { status: number; body: any; headers: Record<string, unknown> },
  status: number,
  code: string,
) {
  expect(res.status).toBe(status);
  expect(String(res.headers["content-type"])).toContain("application/problem+json");
  expect(res.body).toMatchObject({ type: P + code, status });
}

async function login(t: TestApp, json: Record<string, unknown>) {
  const res = await t.request({ method: "POST", url: "/api/auth/login", json });
  const setCookie = res.headers["set-cookie"];
  const first: unknown = Array.isArray(setCookie) ? setCookie[0] : setCookie;
  const cookie = typeof first === "string" ? (first.split(";")[0] ?? "") : "";
  return { res, cookie, csrf: res.body?.csrfToken as string };
}

eachDialect("authentication and authorisation", (dialect) => {
  const t = useTestApp(dialect);
  let ws: TestWorkspace;
  const agentLogin = () => ({ workspace: "auth", email: ws.members.agent.email, password: TEST_PASSWORD });

  beforeAll(async () => {
    ws = await createTestWorkspace(t.deps, "auth");
    await createTestWorkspace(t.deps, "auth-other");
  });

  it("login sets an HttpOnly, SameSite=Lax session cookie and GET /api/auth/session returns the CSRF token", async () => {
    const { res, cookie, csrf } = await login(t, agentLogin());
    expect(res.status).toBe(200);
    const setCookie = String(res.headers["set-cookie"]);
    expect(setCookie).toMatch(/^fd_session=[^;]+/);
    expect(setCookie).toMatch(/;\s*HttpOnly/i);
    expect(setCookie).toMatch(/;\s*SameSite=Lax/i);
    expect(setCookie).toMatch(/;\s*Path=\//i);
    // The cookie carries the session secret, never the CSRF token.
    expect(setCookie).not.toContain(csrf);
    expect(res.body).toMatchObject({ staffId: ws.members.agent.id, role: "agent" });
    expect(csrf.length).toBeGreaterThanOrEqual(32);
    const session = await t.request({ method: "GET", url: "/api/auth/session", headers: { cookie } });
    expect(session.status).toBe(200);
    expect(session.body).toMatchObject({ staffId: ws.members.agent.id, csrfToken: csrf });
  });

  it("a wrong password, an unknown email and an unknown workspace all get the same 401 problem", async () => {
    const attempts = [
      { ...agentLogin(), password: "not the password" },
      { ...agentLogin(), email: "nobody@auth.example" },
      { ...agentLogin(), workspace: "no-such-workspace" },
      // Right email and password, other workspace: that account does not exist there.
      { ...agentLogin(), workspace: "auth-other" },
    ];
    const bodies = [];
    for (const json of attempts) {
      const { res } = await login(t, json);
      expectProblem(res, 401, "unauthenticated");
      expect(res.headers["set-cookie"]).toBeUndefined();
      bodies.push(res.body);
    }
    for (const b of bodies) expect(b).toEqual(bodies[0]);
  });

  it("a cookie mutation needs X-CSRF-Token: without or wrong → 403 csrf, with → success", async () => {
    const { cookie, csrf } = await login(t, agentLogin());
    const json = { subject: "Via the browser", channel: "portal" };
    const count = async () =>
      (
        await t.deps.db
          .selectFrom("cases")
          .select((eb) => eb.fn.countAll<number>().as("n"))
          .where("workspace_id", "=", ws.workspace.id)
          .executeTakeFirstOrThrow()
      ).n;
    const before = await count();
    const without = await t.request({ method: "POST", url: "/api/cases", headers: { cookie }, json });
    expectProblem(without, 403, "forbidden");
    expect(without.body.reason).toBe("csrf");
    const wrong = await t.request({
      method: "POST",
      url: "/api/cases",
      headers: { cookie, "x-csrf-token": csrf.slice(0, -2) + "xx" },
      json,
    });
    expectProblem(wrong, 403, "forbidden");
    expect(wrong.body.reason).toBe("csrf");
    expect(await count()).toBe(before);
    const ok = await t.request({
      method: "POST",
      url: "/api/cases",
      headers: { cookie, "x-csrf-token": csrf },
      json,
    });
    expect(ok.status).toBe(201);
    expect(await count()).toBe(before + 1);
    // Reads need no token.
    const read = await t.request({ method: "GET", url: `/api/cases/${ok.body.id}`, headers: { cookie } });
    expect(read.status).toBe(200);
  });

  it("another session's CSRF token does not work", async () => {
    const a = await login(t, agentLogin());
    const b = await login(t, agentLogin());
    expect(a.csrf).not.toBe(b.csrf);
    const res = await t.request({
      method: "POST",
      url: "/api/cases",
      headers: { cookie: a.cookie, "x-csrf-token": b.csrf },
      json: { subject: "Mixed", channel: "portal" },
    });
    expectProblem(res, 403, "forbidden");
  });

  it("logout ends the session: the cookie no longer authenticates", async () => {
    const { cookie, csrf } = await login(t, agentLogin());
    const noCsrf = await t.request({ method: "POST", url: "/api/auth/logout", headers: { cookie } });
    expectProblem(noCsrf, 403, "forbidden");
    const out = await t.request({
      method: "POST",
      url: "/api/auth/logout",
      headers: { cookie, "x-csrf-token": csrf },
    });
    expect(out.status).toBe(204);
    expect(String(out.headers["set-cookie"])).toMatch(/^fd_session=;/);
    const session = await t.request({ method: "GET", url: "/api/auth/session", headers: { cookie } });
    expectProblem(session, 401, "unauthenticated");
    const cases = await t.request({ method: "GET", url: "/api/cases", headers: { cookie } });
    expectProblem(cases, 401, "unauthenticated");
  });

  it("setting a new password ends that person's sessions", async () => {
    const { cookie } = await login(t, {
      workspace: "auth",
      email: ws.members.receptionist.email,
      password: TEST_PASSWORD,
    });
    const before = await t.request({ method: "GET", url: "/api/cases", headers: { cookie } });
    expect(before.status).toBe(200);
    const set = await t.request({
      method: "PUT",
      url: `/api/staff/${ws.members.receptionist.id}/password`,
      headers: ws.members.admin.auth,
      json: { password: "a brand new password" },
    });
    expect(set.status).toBe(204);
    const after = await t.request({ method: "GET", url: "/api/cases", headers: { cookie } });
    expectProblem(after, 401, "unauthenticated");
    const old = await login(t, {
      workspace: "auth",
      email: ws.members.receptionist.email,
      password: TEST_PASSWORD,
    });
    expectProblem(old.res, 401, "unauthenticated");
    // A reset by someone else also revokes the person's API tokens.
    const token = await t.request({
      method: "GET",
      url: "/api/cases",
      headers: ws.members.receptionist.auth,
    });
    expectProblem(token, 401, "unauthenticated");
    const fresh = await createApiToken(t.deps, ws.members.receptionist.actor, "after the reset");
    ws.members.receptionist.auth = { authorization: `Bearer ${fresh.token}` };
  });

  it("API tokens: the secret is shown once, never listed, and a revoked token gets 401", async () => {
    const agent = ws.members.agent.auth;
    const created = await t.request({
      method: "POST",
      url: "/api/tokens",
      headers: agent,
      json: { name: "zapier" },
    });
    expect(created.status).toBe(201);
    const secret = created.body.token as string;
    expect(secret).toMatch(/^fdt_[A-Za-z0-9_-]{40,}$/);
    const bearer = { authorization: `Bearer ${secret}` };
    expect((await t.request({ method: "GET", url: "/api/cases", headers: bearer })).status).toBe(200);
    const list = await t.request({ method: "GET", url: "/api/tokens", headers: agent });
    expect(list.status).toBe(200);
    const mine = list.body.find((x: { id: string }) => x.id === created.body.id);
    expect(mine).toMatchObject({ name: "zapier", revokedAt: null });
    expect(mine).not.toHaveProperty("token");
    expect(list.text).not.toContain(secret);
    expect(list.text).not.toContain(secret.slice(4));
    // The token is stored hashed: the secret is nowhere in the database row.
    const row = await t.deps.db
      .selectFrom("api_tokens")
      .selectAll()
      .where("id", "=", created.body.id)
      .executeTakeFirstOrThrow();
    expect(JSON.stringify(row)).not.toContain(secret.slice(4));
    // Someone else cannot revoke it, even an admin: it is not theirs.
    const other = await t.request({
      method: "DELETE",
      url: `/api/tokens/${created.body.id}`,
      headers: ws.members.admin.auth,
    });
    expectProblem(other, 404, "not-found");
    expect((await t.request({ method: "GET", url: "/api/cases", headers: bearer })).status).toBe(200);
    const revoke = await t.request({
      method: "DELETE",
      url: `/api/tokens/${created.body.id}`,
      headers: agent,
    });
    expect(revoke.status).toBe(204);
    expectProblem(
      await t.request({ method: "GET", url: "/api/cases", headers: bearer }),
      401,
      "unauthenticated",
    );
    const after = await t.request({ method: "GET", url: "/api/tokens", headers: agent });
    expect(after.body.find((x: { id: string }) => x.id === created.body.id).revokedAt).not.toBeNull();
    const again = await t.request({
      method: "DELETE",
      url: `/api/tokens/${created.body.id}`,
      headers: agent,
    });
    expectProblem(again, 404, "not-found");
  });

  it("a role without the permission gets 403 forbidden naming it; nothing is written", async () => {
    const res = await t.request({
      method: "POST",
      url: "/api/staff",
      headers: ws.members.receptionist.auth,
      json: { name: "Sneaky", email: "sneaky@auth.example", role: "admin", authority: "owner" },
    });
    expectProblem(res, 403, "forbidden");
    expect(res.body.permission).toBe("staff:write");
    const found = await t.deps.db
      .selectFrom("staff")
      .select("id")
      .where("email", "=", "sneaky@auth.example")
      .execute();
    expect(found).toEqual([]);
    const audit = await t.request({ method: "GET", url: "/api/audit", headers: ws.members.agent.auth });
    expectProblem(audit, 403, "forbidden");
    const team = await t.request({
      method: "POST",
      url: "/api/teams",
      headers: ws.members.supervisor.auth,
      json: { name: "Nope" },
    });
    expectProblem(team, 403, "forbidden");
  });

  it("an agent cannot raise their own role", async () => {
    const res = await t.request({
      method: "PATCH",
      url: `/api/staff/${ws.members.agent.id}`,
      headers: ws.members.agent.auth,
      json: { role: "admin" },
    });
    expectProblem(res, 403, "forbidden");
    const me = await t.request({
      method: "GET",
      url: `/api/staff/${ws.members.agent.id}`,
      headers: ws.members.agent.auth,
    });
    expect(me.body.role).toBe("agent");
  });

  it("a deactivated staff member's session and API tokens stop working at once", async () => {
    const created = await t.request({
      method: "POST",
      url: "/api/staff",
      headers: ws.members.admin.auth,
      json: {
        name: "Leaving",
        email: "leaving@auth.example",
        role: "agent",
        authority: "agent",
        password: TEST_PASSWORD,
      },
    });
    expect(created.status).toBe(201);
    const { cookie } = await login(t, {
      workspace: "auth",
      email: "leaving@auth.example",
      password: TEST_PASSWORD,
    });
    expect((await t.request({ method: "GET", url: "/api/cases", headers: { cookie } })).status).toBe(200);
    const off = await t.request({
      method: "PATCH",
      url: `/api/staff/${created.body.id}`,
      headers: ws.members.admin.auth,
      json: { isActive: false },
    });
    expect(off.status).toBe(200);
    expectProblem(
      await t.request({ method: "GET", url: "/api/cases", headers: { cookie } }),
      401,
      "unauthenticated",
    );
    const again = await login(t, {
      workspace: "auth",
      email: "leaving@auth.example",
      password: TEST_PASSWORD,
    });
    expectProblem(again.res, 401, "unauthenticated");
  });

  it("a session expires after 12 hours", async () => {
    const { cookie } = await login(t, agentLogin());
    t.clock.advance(11 * 3_600_000);
    expect((await t.request({ method: "GET", url: "/api/auth/session", headers: { cookie } })).status).toBe(
      200,
    );
    t.clock.advance(3_600_000 + 1);
    try {
      expectProblem(
        await t.request({ method: "GET", url: "/api/auth/session", headers: { cookie } }),
        401,
        "unauthenticated",
      );
    } finally {
      t.clock.set(TEST_START);
    }
  });

  it("no credentials, a malformed or an unknown bearer token → 401", async () => {
    expectProblem(await t.request({ method: "GET", url: "/api/cases" }), 401, "unauthenticated");
    expectProblem(
      await t.request({ method: "POST", url: "/api/cases", json: { subject: "x", channel: "email" } }),
      401,
      "unauthenticated",
    );
    for (const authorization of [
      "Bearer",
      "Bearer fdt_nope",
      "Basic YWRtaW46YWRtaW4=",
      `Bearer ${"x".repeat(5000)}`,
    ]) {
      const res = await t.request({ method: "GET", url: "/api/cases", headers: { authorization } });
      expectProblem(res, 401, "unauthenticated");
    }
    const forged = await t.request({
      method: "GET",
      url: "/api/cases",
      headers: { cookie: "fd_session=fds_forged" },
    });
    expectProblem(forged, 401, "unauthenticated");
  });
});

eachDialect("login rate limit", (dialect) => {
  const t = useTestApp(dialect, { loginRatePerMinute: 3 });
  let ws: TestWorkspace;
  beforeAll(async () => {
    ws = await createTestWorkspace(t.deps, "limits");
  });

  describe("three logins a minute per address and email", () => {
    it("the 4th attempt gets 429 rate-limited, even with the right password", async () => {
      const wrong = { workspace: "limits", email: ws.members.agent.email, password: "guess" };
      for (let i = 0; i < 3; i++) expectProblem((await login(t, wrong)).res, 401, "unauthenticated");
      const fourth = await login(t, { ...wrong, password: TEST_PASSWORD });
      expectProblem(fourth.res, 429, "rate-limited");
      expect(fourth.cookie).toBe("");
      // Another account from the same address is not locked out by it.
      const other = await login(t, {
        workspace: "limits",
        email: ws.members.admin.email,
        password: TEST_PASSWORD,
      });
      expect(other.res.status).toBe(200);
    });
  });
});
