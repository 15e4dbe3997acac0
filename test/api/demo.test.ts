import { beforeAll, expect, it } from "vitest";
import { verifyAuditChain } from "../../src/audit/audit.service.js";
import { DEMO_PASSWORD, DEMO_PRIVATE_NUMBER } from "../../src/demo/demo.data.js";
import { loadDemo } from "../../src/demo/demo.js";
import { findWorkspace } from "../../src/workspaces/workspaces.service.js";
import { eachDialect, useTestApp } from "../support/harness.js";

eachDialect("the demo workspace", (dialect) => {
  const t = useTestApp(dialect);
  const sessions: Record<string, { cookie: string; csrf: string }> = {};

  async function signIn(who: string) {
    const res = await t.request({
      method: "POST",
      url: "/api/auth/login",
      json: { workspace: "harbor", email: `${who}@harbor.example`, password: DEMO_PASSWORD },
    });
    expect(res.status).toBe(200);
    const cookie = String(res.headers["set-cookie"]).split(";")[0]!;
    sessions[who] = { cookie, csrf: res.body.csrfToken };
  }

  beforeAll(async () => {
    expect(await loadDemo(t.deps)).toBe(true);
    expect(await loadDemo(t.deps)).toBe(false);
    for (const who of ["rita", "colin", "maya", "owen"]) await signIn(who);
  });

  it("has the scenarios' staff, with reports-to and teams", async () => {
    const res = await t.request({
      method: "GET",
      url: "/api/staff?limit=50",
      headers: { cookie: sessions.rita!.cookie },
    });
    const byName = new Map<string, any>(res.body.items.map((s: any) => [s.name, s]));
    expect([...byName.keys()].sort()).toEqual(["Colin", "Maya", "Owen", "Pat", "Ravi", "Rita", "Sam"]);
    expect(byName.get("Pat").disclosure).toBe("protected");
    expect(byName.get("Sam").reportsToId).toBe(byName.get("Maya").id);
    expect(byName.get("Owen").authority).toBe("owner");
  });

  it("shows Colin's private cell to Colin and Maya, never to Rita", async () => {
    const list = await t.request({
      method: "GET",
      url: "/api/staff",
      headers: { cookie: sessions.rita!.cookie },
    });
    expect(list.text).not.toContain(DEMO_PRIVATE_NUMBER);
    const colinId = list.body.items.find((s: any) => s.name === "Colin").id as string;
    for (const who of ["colin", "maya"]) {
      const res = await t.request({
        method: "GET",
        url: `/api/staff/${colinId}`,
        headers: { cookie: sessions[who]!.cookie },
      });
      expect(res.body.privateContacts.map((c: any) => c.value)).toEqual([DEMO_PRIVATE_NUMBER]);
    }
  });

  it("has the Globex caller's three contact attempts on one case", async () => {
    const search = await t.request({
      method: "GET",
      url: "/api/search?q=binding",
      headers: { cookie: sessions.rita!.cookie },
    });
    expect(search.body.items).toHaveLength(1);
    const attempts = await t.request({
      method: "GET",
      url: `/api/cases/${search.body.items[0].id}/attempts`,
      headers: { cookie: sessions.rita!.cookie },
    });
    expect(attempts.body).toHaveLength(3);
  });

  it("starts numbering at 1001 and keeps an intact audit chain", async () => {
    const one = await t.request({
      method: "GET",
      url: "/api/cases/by-number/1001",
      headers: { cookie: sessions.rita!.cookie },
    });
    expect(one.body.subject).toContain("Colin");
    const ws = await findWorkspace(t.deps, "harbor");
    const result = await verifyAuditChain(t.deps, ws!.id);
    expect(result).toMatchObject({ ok: true, firstBreak: null });
    expect(result.checked).toBeGreaterThan(20);
  });

  it("has everyone's hours: S1 Colin off today, next in Tue 8 Dec 09:00; Pat protected", async () => {
    const rita = { cookie: sessions.rita!.cookie };
    const colin = await t.request({ method: "GET", url: "/api/desk/status?q=colin", headers: rita });
    expect(colin.body[0]).toMatchObject({
      state: "off",
      nextInAt: "2026-12-08T14:00:00.000Z",
      receptionistWording: "Colin is off today; next in Tue 8 Dec 09:00.",
    });
    const pat = await t.request({ method: "GET", url: "/api/desk/status?q=pat", headers: rita });
    expect(pat.body[0]).toMatchObject({ state: "not_shared", nextInAt: null });
    const onDuty = await t.request({ method: "GET", url: "/api/on-duty", headers: rita });
    expect(onDuty.body.map((p: { name: string }) => p.name).sort()).toEqual([
      "Maya",
      "Owen",
      "Ravi",
      "Rita",
      "Sam",
    ]);
    // Thanksgiving: the desk's holiday, so nobody's hours count.
    const holiday = await t.request({
      method: "GET",
      url: "/api/on-duty?at=2026-11-26T16:00:00.000Z",
      headers: rita,
    });
    expect(holiday.body).toEqual([]);
  });

  it("has the on-call rota (Sam and Maya alternate weeks) paged by Northwind's agreement", async () => {
    const rita = { cookie: sessions.rita!.cookie };
    const rotas = await t.request({ method: "GET", url: "/api/rotas", headers: rita });
    expect(rotas.body).toHaveLength(1);
    const rota = await t.request({
      method: "GET",
      url: `/api/rotas/${rotas.body[0].id}?at=2026-12-06T19:00:00.000Z`,
      headers: rita,
    });
    expect(rota.body.onCallNow).toMatchObject({ name: "Sam", until: "2026-12-07T14:00:00.000Z" });
    expect(rota.body.plan[1]).toMatchObject({ name: "Maya", start: "2026-12-07T22:00:00.000Z" });
    const christmas = await t.request({
      method: "GET",
      url: `/api/rotas/${rotas.body[0].id}?at=2026-12-25T15:00:00.000Z`,
      headers: rita,
    });
    expect(christmas.body.onCallNow).not.toBeNull();
    const agreements = await t.request({ method: "GET", url: "/api/agreements", headers: rita });
    const around = agreements.body.find((a: { name: string }) => a.name === "Around the clock");
    expect(around.onCallRotaId).toBe(rotas.body[0].id);
  });
});
