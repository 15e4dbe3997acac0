import { beforeAll, expect, it } from "vitest";
import { createTestWorkspace, type TestWorkspace } from "../support/factories.js";
import { eachDialect, useTestApp } from "../support/harness.js";
import { AFTER_HOURS_SPEC } from "../support/schedules.js";
import { setUpHarborTerms, type HarborTerms } from "../support/terms.js";

eachDialect("on-call rotas API", (dialect) => {
  const t = useTestApp(dialect);
  let ws: TestWorkspace;
  let terms: HarborTerms;
  let sam: string;
  let maya: string;
  let pat: string;
  let rotaId: string;

  beforeAll(async () => {
    ws = await createTestWorkspace(t.deps, "rota");
    terms = await setUpHarborTerms(t, ws);
    const admin = ws.members.admin.auth;
    const mk = async (name: string, disclosure = "disclose") => {
      const res = await t.request({
        method: "POST",
        url: "/api/staff",
        headers: admin,
        json: {
          name,
          email: `${name.toLowerCase()}@rota.example`,
          role: "supervisor",
          authority: "supervisor",
          disclosure,
        },
      });
      expect(res.status, res.text).toBe(201);
      return res.body.id as string;
    };
    sam = await mk("Sam");
    maya = await mk("Maya");
    pat = await mk("Pat", "protected");
  });

  it("a manager adds the rota; on Sunday 6 Dec 14:00 Sam is on call until Monday 09:00", async () => {
    t.clock.set("2026-12-06T19:00:00.000Z");
    const res = await t.request({
      method: "POST",
      url: "/api/rotas",
      headers: ws.members.manager.auth,
      json: {
        name: "After hours",
        hours: AFTER_HOURS_SPEC,
        handoverDay: "mon",
        handoverTime: "09:00",
        startsOn: "2026-11-30",
        memberIds: [sam, maya],
        ackMinutes: 10,
        webhookUrl: "https://sms.example/hook?key=secret",
      },
    });
    expect(res.status, res.text).toBe(201);
    rotaId = res.body.id;
    expect(res.body.onCallNow).toEqual({ staffId: sam, name: "Sam", until: "2026-12-07T14:00:00.000Z" });
    expect(res.body.webhookUrl).toBe("https://sms.example/hook?key=secret");
    expect(res.body.plan[0]).toMatchObject({ staffId: sam, end: "2026-12-07T14:00:00.000Z" });
    expect(res.body.plan[1]).toMatchObject({ staffId: maya, start: "2026-12-07T22:00:00.000Z" });
    const asAgent = await t.request({
      method: "GET",
      url: `/api/rotas/${rotaId}`,
      headers: ws.members.agent.auth,
    });
    expect(asAgent.status).toBe(200);
    expect(asAgent.body.onCallNow.staffId).toBe(sam);
    expect(asAgent.body).not.toHaveProperty("webhookUrl");
    expect(asAgent.text).not.toContain("secret");
  });

  it("refuses bad rotas and people from nowhere, and agents may not write", async () => {
    const bad = await t.request({
      method: "POST",
      url: "/api/rotas",
      headers: ws.members.manager.auth,
      json: {
        name: "Broken",
        hours: { timeZone: "America/New_York", weekly: {} },
        handoverDay: "mon",
        handoverTime: "25:00",
        startsOn: "2026-11-30",
        memberIds: [sam, sam],
      },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.problems).toEqual([
      "hours: weekly: the calendar is never open; give opening hours or set alwaysOpen.",
      'handoverTime: "25:00" is not a time HH:MM.',
      "memberIds: a member is listed twice; the order is the rotation.",
    ]);
    const forbidden = await t.request({
      method: "PATCH",
      url: `/api/rotas/${rotaId}`,
      headers: ws.members.supervisor.auth,
      json: { ackMinutes: 5 },
    });
    expect(forbidden.status).toBe(403);
    const dup = await t.request({
      method: "PATCH",
      url: `/api/rotas/${rotaId}`,
      headers: ws.members.admin.auth,
      json: { webhookUrl: "ftp://x" },
    });
    expect(dup.status).toBe(400);
  });

  it("an override hands Saturday 12 Dec to Sam in Maya's week", async () => {
    const res = await t.request({
      method: "POST",
      url: `/api/rotas/${rotaId}/overrides`,
      headers: ws.members.manager.auth,
      json: {
        staffId: sam,
        startsAt: "2026-12-12T05:00:00.000Z",
        endsAt: "2026-12-13T05:00:00.000Z",
        note: "swap",
      },
    });
    expect(res.status, res.text).toBe(201);
    const sat = await t.request({
      method: "GET",
      url: `/api/rotas/${rotaId}?at=2026-12-12T15:00:00.000Z`,
      headers: ws.members.agent.auth,
    });
    expect(sat.body.onCallNow).toEqual({ staffId: sam, name: "Sam", until: "2026-12-13T05:00:00.000Z" });
    expect(sat.body.plan[0]).toMatchObject({ staffId: sam, byOverride: true });
    expect(sat.body.plan[1]).toMatchObject({
      staffId: maya,
      byOverride: false,
      start: "2026-12-13T05:00:00.000Z",
    });
    const overrideId = sat.body.overrides[0].id;
    const del = await t.request({
      method: "DELETE",
      url: `/api/rota-overrides/${overrideId}`,
      headers: ws.members.manager.auth,
    });
    expect(del.status).toBe(204);
    const after = await t.request({
      method: "GET",
      url: `/api/rotas/${rotaId}?at=2026-12-12T15:00:00.000Z`,
      headers: ws.members.agent.auth,
    });
    expect(after.body.onCallNow.staffId).toBe(maya);
  });

  it("a protected member's turns are not shared with colleagues, only with admins", async () => {
    const res = await t.request({
      method: "PATCH",
      url: `/api/rotas/${rotaId}`,
      headers: ws.members.admin.auth,
      json: { memberIds: [pat, maya] },
    });
    expect(res.status, res.text).toBe(200);
    expect(res.body.onCallNow.staffId).toBe(pat); // the admin sees it
    const agent = await t.request({
      method: "GET",
      url: `/api/rotas/${rotaId}`,
      headers: ws.members.agent.auth,
    });
    expect(agent.body.onCallNow).toEqual({ staffId: null, name: null, until: null });
    expect(agent.body.plan[0]).toMatchObject({ staffId: null, name: null });
    expect(agent.body.members.map((m: { staffId: string }) => m.staffId)).toEqual([pat, maya]);
    const list = await t.request({ method: "GET", url: "/api/rotas", headers: ws.members.receptionist.auth });
    expect(JSON.stringify(list.body.map((r: { plan: unknown }) => r.plan))).not.toContain(pat);
    await t.request({
      method: "PATCH",
      url: `/api/rotas/${rotaId}`,
      headers: ws.members.admin.auth,
      json: { memberIds: [sam, maya] },
    });
  });

  it("an agreement names the rota it pages", async () => {
    const res = await t.request({
      method: "PUT",
      url: `/api/agreements/${terms.aroundId}/on-call-rota`,
      headers: ws.members.admin.auth,
      json: { rotaId },
    });
    expect(res.status, res.text).toBe(200);
    const agreement = await t.request({
      method: "GET",
      url: `/api/agreements/${terms.aroundId}`,
      headers: ws.members.agent.auth,
    });
    expect(agreement.body.onCallRotaId).toBe(rotaId);
    const unknown = await t.request({
      method: "PUT",
      url: `/api/agreements/${terms.aroundId}/on-call-rota`,
      headers: ws.members.admin.auth,
      json: { rotaId: terms.standardId },
    });
    expect(unknown.status).toBe(400);
  });
});
