import { beforeAll, expect, it } from "vitest";
import { verifyAuditChain } from "../../src/audit/audit.service.js";
import { DEMO_PASSWORD } from "../../src/demo/demo.data.js";
import { loadDemo } from "../../src/demo/demo.js";
import { findWorkspace } from "../../src/workspaces/workspaces.service.js";
import { eachDialect, useTestApp } from "../support/harness.js";

eachDialect("the demo workspace's policies", (dialect) => {
  const t = useTestApp(dialect);
  let cookie = "";

  beforeAll(async () => {
    expect(await loadDemo(t.deps)).toBe(true);
    const res = await t.request({
      method: "POST",
      url: "/api/auth/login",
      json: { workspace: "harbor", email: "rita@harbor.example", password: DEMO_PASSWORD },
    });
    cookie = String(res.headers["set-cookie"]).split(";")[0]!;
  });

  it("has P1–P5, each with its rationale and the words for the customer", async () => {
    const res = await t.request({ method: "GET", url: "/api/policies", headers: { cookie } });
    expect(res.body.map((p: any) => `${p.code} ${p.current.name}`)).toEqual([
      "P1 Awards need proof",
      "P2 Breakfast vouchers",
      "P3 Meal comps",
      "P4 New-customer pricing",
      "P5 Private contact details",
    ]);
    for (const p of res.body) {
      expect(p.current.rationale.length, p.code).toBeGreaterThan(80);
      expect(p.current.customerWording.length, p.code).toBeGreaterThan(40);
    }
    const byCode = new Map<string, any>(res.body.map((p: any) => [p.code, p.current]));
    expect(byCode.get("P1").authorityText).toBe("Exceptions: nobody.");
    expect(byCode.get("P5").authorityText).toBe("Exceptions: nobody.");
    expect(byCode.get("P3").authorityText).toBe("Exceptions: manager authority or above.");
    expect(byCode.get("P2").authorityText).toBe(
      "Exceptions: supervisor authority or above, up to 2 extra vouchers per room per night; beyond that, manager authority or above.",
    );
    expect(byCode.get("P4").authorityText).toBe(
      "Exceptions: team Retention, up to USD 35.00 a month; beyond that, manager authority or above.",
    );
  });

  it("has earlier decisions to show as precedents, and the open S3 case", async () => {
    const list = await t.request({ method: "GET", url: "/api/policies", headers: { cookie } });
    const id = (code: string) => list.body.find((p: any) => p.code === code).id as string;
    const p2 = await t.request({
      method: "GET",
      url: `/api/policies/${id("P2")}/history`,
      headers: { cookie },
    });
    expect(p2.body.stats).toMatchObject({ total: 2, granted: 1, refused: 1 });
    expect(p2.body.stats.byDecider).toEqual([
      expect.objectContaining({ name: "Sam", granted: 1, refused: 1, grantRate: 0.5 }),
    ]);
    const p1 = await t.request({
      method: "GET",
      url: `/api/policies/${id("P1")}/history`,
      headers: { cookie },
    });
    expect(p1.body.stats).toMatchObject({ total: 1, granted: 0, refused: 1 });
    const search = await t.request({
      method: "GET",
      url: "/api/search?q=breakfast%20room%2012",
      headers: { cookie },
    });
    expect(search.body.items.map((c: any) => c.subject)).toEqual([
      "Room 12: family of four asks for 4 breakfast vouchers",
    ]);
    const ws = await findWorkspace(t.deps, "harbor");
    expect((await verifyAuditChain(t.deps, ws!.id)).ok).toBe(true);
  });
});
