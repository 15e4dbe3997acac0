import { beforeAll, expect, it } from "vitest";
import { createTestWorkspace, type TestWorkspace } from "../support/factories.js";
import { eachDialect, useTestApp } from "../support/harness.js";

// staff:write must not be a ladder: a manager cannot make themselves admin or owner, nor take
// over an admin's account by setting its password.
eachDialect("staff access cannot climb", (dialect) => {
  const t = useTestApp(dialect);
  let ws: TestWorkspace;
  beforeAll(async () => {
    ws = await createTestWorkspace(t.deps, "climb");
  });

  it("a manager cannot raise their own role or authority", async () => {
    const m = ws.members.manager;
    for (const json of [{ role: "admin" }, { authority: "owner" }]) {
      const res = await t.request({ method: "PATCH", url: `/api/staff/${m.id}`, headers: m.auth, json });
      expect(res.status).toBe(403);
      expect(res.body).toMatchObject({
        type: "https://frontdesk.dev/problems/forbidden",
        reason: "above-own-access",
      });
    }
    const after = await t.request({ method: "GET", url: `/api/staff/${m.id}`, headers: m.auth });
    expect(after.body).toMatchObject({ role: "manager", authority: "manager" });
  });

  it("a manager cannot create an admin, nor set an admin's password; an admin can", async () => {
    const m = ws.members.manager;
    const create = await t.request({
      method: "POST",
      url: "/api/staff",
      headers: m.auth,
      json: { name: "Mallory", email: "mallory@climb.example", role: "admin", authority: "owner" },
    });
    expect(create.status).toBe(403);
    const takeover = await t.request({
      method: "PUT",
      url: `/api/staff/${ws.members.admin.id}/password`,
      headers: m.auth,
      json: { password: "taken over at last" },
    });
    expect(takeover.status).toBe(403);
    const agentReset = await t.request({
      method: "PUT",
      url: `/api/staff/${ws.members.agent.id}/password`,
      headers: m.auth,
      json: { password: "a fresh password" },
    });
    expect(agentReset.status).toBe(204);
    const byAdmin = await t.request({
      method: "POST",
      url: "/api/staff",
      headers: ws.members.admin.auth,
      json: { name: "Second admin", email: "admin2@climb.example", role: "admin", authority: "owner" },
    });
    expect(byAdmin.status).toBe(201);
  });

  it("changing your own password needs the current one; a reset by a manager revokes API tokens", async () => {
    const a = ws.members.supervisor;
    const noCurrent = await t.request({
      method: "PUT",
      url: `/api/staff/${a.id}/password`,
      headers: a.auth,
      json: { password: "brand new secret" },
    });
    expect(noCurrent.status).toBe(400);
    const wrong = await t.request({
      method: "PUT",
      url: `/api/staff/${a.id}/password`,
      headers: a.auth,
      json: { password: "brand new secret", currentPassword: "not it at all" },
    });
    expect(wrong.status).toBe(403);
    const reset = await t.request({
      method: "PUT",
      url: `/api/staff/${a.id}/password`,
      headers: ws.members.manager.auth,
      json: { password: "reset by manager" },
    });
    expect(reset.status).toBe(204);
    const oldToken = await t.request({ method: "GET", url: "/api/cases", headers: a.auth });
    expect(oldToken.status).toBe(401);
  });
});
