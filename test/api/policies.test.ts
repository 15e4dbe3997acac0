import { beforeAll, expect, it } from "vitest";
import { createTestWorkspace, type TestWorkspace } from "../support/factories.js";
import { eachDialect, TEST_START, useTestApp } from "../support/harness.js";
import { createDemoPolicies, policyBody } from "../support/policies.js";

const P = "https://frontdesk.dev/problems/";

eachDialect("policy catalog", (dialect) => {
  const t = useTestApp(dialect);
  let ws: TestWorkspace;
  let other: TestWorkspace;
  let retention: string;
  let ids: Record<string, string>;

  beforeAll(async () => {
    ws = await createTestWorkspace(t.deps, "pol");
    other = await createTestWorkspace(t.deps, "pol-other");
    const team = await t.request({
      method: "POST",
      url: "/api/teams",
      headers: ws.members.admin.auth,
      json: { name: "Retention", description: "Keeps customers" },
    });
    retention = team.body.id;
    ids = await createDemoPolicies(t, ws.members.manager.auth, { retention });
  });

  it("lists P1–P5 with the version in effect, the authority in words and the wording, for the front line", async () => {
    const res = await t.request({
      method: "GET",
      url: "/api/policies",
      headers: ws.members.receptionist.auth,
    });
    expect(res.status, res.text).toBe(200);
    expect(res.body.map((p: any) => p.code)).toEqual(["P1", "P2", "P3", "P4", "P5"]);
    const p4 = res.body.find((p: any) => p.code === "P4");
    expect(p4.current).toMatchObject({
      version: 1,
      name: "New-customer pricing",
      evidenceRequired: ["New customer"],
      authorityText:
        "Exceptions: team Retention, up to USD 35.00 a month; beyond that, manager authority or above.",
      limit: { measure: "amount", maxMinor: null, currency: "USD", per: "a month" },
      limitText: null,
      effectiveFrom: TEST_START,
      effectiveUntil: null,
    });
    expect(p4.current.authority.tiers[0]).toEqual({
      grantor: { kind: "team", teamId: retention, teamName: "Retention" },
      maxExtra: 3500,
      text: "team Retention, up to USD 35.00 a month",
    });
    expect(p4.current.customerWording).toMatch(/introductory offer/);
    const p2 = res.body.find((p: any) => p.code === "P2");
    expect(p2.current.limitText).toBe("2 vouchers per room per night");
  });

  it("searches the library by any words of the name, statement, wording or rationale, accents folded", async () => {
    const search = async (q: string) => {
      const res = await t.request({
        method: "GET",
        url: `/api/policies?q=${encodeURIComponent(q)}`,
        headers: ws.members.agent.auth,
      });
      expect(res.status).toBe(200);
      return res.body.map((p: any) => p.code);
    };
    expect(await search("breakfast")).toEqual(["P2"]);
    expect(await search("Vouchers per ROOM")).toEqual(["P2"]);
    expect(await search("prôof")).toEqual(["P1"]);
    expect(await search("phone")).toEqual(["P5"]);
    expect(await search("customer")).toEqual(["P4", "P5"]);
    expect(await search("p4")).toEqual(["P4"]);
    expect(await search("zebra")).toEqual([]);
    expect(await search("%")).toEqual(["P1", "P2", "P3", "P4", "P5"]);
  });

  it("editing needs policies:write (manager, admin)", async () => {
    const body = { ...policyBody("P2", { retention }), code: "X1" };
    for (const role of ["agent", "receptionist", "supervisor"] as const) {
      const res = await t.request({
        method: "POST",
        url: "/api/policies",
        headers: ws.members[role].auth,
        json: body,
      });
      expect(res.status, role).toBe(403);
      expect(res.body.type).toBe(P + "forbidden");
      const rev = await t.request({
        method: "POST",
        url: `/api/policies/${ids.P2}/versions`,
        headers: ws.members[role].auth,
        json: { changeNote: "more", limit: { measure: "quantity", max: 3, unit: "voucher", per: null } },
      });
      expect(rev.status, role).toBe(403);
    }
    const dup = await t.request({
      method: "POST",
      url: "/api/policies",
      headers: ws.members.admin.auth,
      json: { ...body, code: "P2" },
    });
    expect(dup.status).toBe(409);
  });

  it("refuses unsound policies, naming the field", async () => {
    const base = { ...policyBody("P2", { retention }), code: "X2" };
    const cases: [Record<string, unknown>, string][] = [
      [{ limit: null, evidenceRequired: [] }, "limit"],
      [{ limit: { measure: "amount", maxMinor: 100, currency: "XYZ", per: null } }, "limit.currency"],
      [{ limit: null, evidenceRequired: ["Receipt"] }, "authority.tiers.0.maxExtra"],
      [{ evidenceRequired: ["Receipt", "receipt "] }, "evidenceRequired"],
      [
        {
          authority: {
            kind: "tiers",
            tiers: [{ grantor: { kind: "team", teamId: other.members.admin.id }, maxExtra: null }],
          },
        },
        "authority",
      ],
      [{ effectiveFrom: "2026-01-01T00:00:00.000Z" }, "effectiveFrom"],
      [{ effectiveUntil: TEST_START }, "effectiveUntil"],
    ];
    for (const [change, field] of cases) {
      const res = await t.request({
        method: "POST",
        url: "/api/policies",
        headers: ws.members.admin.auth,
        json: { ...base, ...change },
      });
      expect(res.status, JSON.stringify(change)).toBe(400);
      expect(res.body.field, JSON.stringify(change)).toBe(field);
    }
    // Another workspace's team, by its real id, is not a team here either.
    const foreignTeam = await t.request({
      method: "POST",
      url: "/api/teams",
      headers: other.members.admin.auth,
      json: { name: "Elsewhere", description: "" },
    });
    const res = await t.request({
      method: "POST",
      url: "/api/policies",
      headers: ws.members.admin.auth,
      json: {
        ...base,
        authority: {
          kind: "tiers",
          tiers: [{ grantor: { kind: "team", teamId: foreignTeam.body.id }, maxExtra: 1 }],
        },
      },
    });
    expect(res.status).toBe(400);
    expect(res.body.detail).toContain("not a team of this workspace");
  });

  it("a change makes a new version and keeps the old one; a future version waits for its date", async () => {
    const rev = await t.request({
      method: "POST",
      url: `/api/policies/${ids.P2}/versions`,
      headers: ws.members.manager.auth,
      json: {
        changeNote: "Winter season: three per room",
        limit: { measure: "quantity", max: 3, unit: "voucher", per: "per room per night" },
      },
    });
    expect(rev.status, rev.text).toBe(201);
    expect(rev.body.latestVersion).toBe(2);
    expect(rev.body.current).toMatchObject({
      version: 2,
      limitText: "3 vouchers per room per night",
      changeNote: "Winter season: three per room",
    });
    expect(rev.body.versions.map((v: any) => [v.version, v.limitText])).toEqual([
      [1, "2 vouchers per room per night"],
      [2, "3 vouchers per room per night"],
    ]);
    const nothing = await t.request({
      method: "POST",
      url: `/api/policies/${ids.P2}/versions`,
      headers: ws.members.manager.auth,
      json: { changeNote: "no change", name: "Breakfast vouchers" },
    });
    expect(nothing.status).toBe(400);
    const spring = "2027-03-01T05:00:00.000Z";
    const future = await t.request({
      method: "POST",
      url: `/api/policies/${ids.P2}/versions`,
      headers: ws.members.manager.auth,
      json: {
        changeNote: "Back to two",
        effectiveFrom: spring,
        limit: { measure: "quantity", max: 2, unit: "voucher", per: "per room per night" },
      },
    });
    expect(future.status).toBe(201);
    expect(future.body).toMatchObject({
      latestVersion: 3,
      current: { version: 2 },
      latest: { version: 3, effectiveFrom: spring },
    });
    t.clock.set(spring);
    const later = await t.request({
      method: "GET",
      url: `/api/policies/${ids.P2}`,
      headers: ws.members.agent.auth,
    });
    expect(later.body.current.version).toBe(3);
    t.clock.set(TEST_START);
    const audit = await t.request({
      method: "GET",
      url: `/api/audit?subjectId=${ids.P2}`,
      headers: ws.members.admin.auth,
    });
    expect(audit.body.items.map((e: any) => [e.action, e.data.version])).toEqual([
      ["policy.created", 1],
      ["policy.revised", 2],
      ["policy.revised", 3],
    ]);
    expect(audit.body.items[1].data.changed).toEqual(["limit"]);
  });

  it("a policy of another workspace is not found, exactly like an unknown id", async () => {
    const foreign = await t.request({
      method: "GET",
      url: `/api/policies/${ids.P1}`,
      headers: other.members.admin.auth,
    });
    expect(foreign.status).toBe(404);
    expect(foreign.body.type).toBe(P + "not-found");
    const list = await t.request({ method: "GET", url: "/api/policies", headers: other.members.admin.auth });
    expect(list.body).toEqual([]);
  });
});
