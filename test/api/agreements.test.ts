import { beforeAll, expect, it } from "vitest";
import { createTestWorkspace, type TestWorkspace } from "../support/factories.js";
import { eachDialect, TEST_START, useTestApp } from "../support/harness.js";
import { HARBOR_SPEC, STANDARD_TERMS, setUpHarborTerms, type HarborTerms } from "../support/terms.js";

const WEEKLY_REPORT = "DTSTART;TZID=America/New_York:20261106T120000\nRRULE:FREQ=WEEKLY;BYDAY=FR";

eachDialect("calendars and agreements API", (dialect) => {
  const t = useTestApp(dialect);
  let ws: TestWorkspace;
  let terms: HarborTerms;
  beforeAll(async () => {
    ws = await createTestWorkspace(t.deps, "agreements");
    terms = await setUpHarborTerms(t, ws);
  });

  it("refuses an invalid calendar with every problem listed", async () => {
    const res = await t.request({
      method: "POST",
      url: "/api/calendars",
      headers: ws.members.admin.auth,
      json: {
        name: "Broken",
        spec: {
          timeZone: "Mars/Olympus",
          weekly: { mon: [["09:00", "25:00"]], funday: [] },
          holidays: ["soon"],
        },
      },
    });
    expect(res.status).toBe(400);
    expect(res.headers["content-type"]).toContain("application/problem+json");
    expect(res.body.type).toBe("https://frontdesk.dev/problems/invalid");
    expect(res.body.problems).toEqual(
      expect.arrayContaining([
        expect.stringContaining("Mars/Olympus"),
        expect.stringContaining("25:00"),
        expect.stringContaining("funday"),
        expect.stringContaining("soon"),
      ]),
    );
  });

  it("lists, reads and renames calendars; names are unique; writing needs agreements:write", async () => {
    const list = await t.request({ method: "GET", url: "/api/calendars", headers: ws.members.agent.auth });
    expect(list.status).toBe(200);
    expect(list.body.map((c: { name: string }) => c.name)).toEqual(["Harbor desk hours"]);
    const one = await t.request({
      method: "GET",
      url: `/api/calendars/${terms.calendarId}`,
      headers: ws.members.receptionist.auth,
    });
    expect(one.body.spec).toMatchObject({ timeZone: "America/New_York", holidays: HARBOR_SPEC.holidays });
    const byAgent = await t.request({
      method: "POST",
      url: "/api/calendars",
      headers: ws.members.agent.auth,
      json: { name: "Night", spec: { timeZone: "UTC", weekly: {}, alwaysOpen: true } },
    });
    expect(byAgent.status).toBe(403);
    const bySupervisor = await t.request({
      method: "PATCH",
      url: `/api/calendars/${terms.calendarId}`,
      headers: ws.members.supervisor.auth,
      json: { name: "x" },
    });
    expect(bySupervisor.status).toBe(403);
    const night = await t.request({
      method: "POST",
      url: "/api/calendars",
      headers: ws.members.manager.auth,
      json: {
        name: "Night desk",
        spec: { timeZone: "America/New_York", weekly: { mon: [["22:00", "06:00"]] } },
      },
    });
    expect(night.status, night.text).toBe(201);
    const clash = await t.request({
      method: "PATCH",
      url: `/api/calendars/${night.body.id}`,
      headers: ws.members.manager.auth,
      json: { name: "Harbor desk hours" },
    });
    expect(clash.status).toBe(409);
    const team = await t.request({
      method: "POST",
      url: "/api/teams",
      headers: ws.members.admin.auth,
      json: { name: "Nights" },
    });
    const teamCal = await t.request({
      method: "PUT",
      url: `/api/teams/${team.body.id}/calendar`,
      headers: ws.members.manager.auth,
      json: { calendarId: night.body.id },
    });
    expect(teamCal.body).toEqual({ teamId: team.body.id, calendarId: night.body.id });
  });

  it("keeps one default agreement and validates coverage", async () => {
    const list = await t.request({ method: "GET", url: "/api/agreements", headers: ws.members.agent.auth });
    expect(list.body.map((a: { name: string; isDefault: boolean }) => [a.name, a.isDefault])).toEqual([
      ["Around the clock", false],
      ["Standard", true],
    ]);
    const bad = await t.request({
      method: "POST",
      url: "/api/agreements",
      headers: ws.members.admin.auth,
      json: {
        ...STANDARD_TERMS,
        name: "Odd",
        coverage: "always",
        calendarId: terms.calendarId,
        isDefault: false,
      },
    });
    expect(bad.status).toBe(400);
    const premium = await t.request({
      method: "POST",
      url: "/api/agreements",
      headers: ws.members.admin.auth,
      json: { ...STANDARD_TERMS, name: "Premium", calendarId: terms.calendarId, isDefault: true },
    });
    expect(premium.status, premium.text).toBe(201);
    const after = await t.request({ method: "GET", url: "/api/agreements", headers: ws.members.agent.auth });
    expect(
      after.body.filter((a: { isDefault: boolean }) => a.isDefault).map((a: { name: string }) => a.name),
    ).toEqual(["Premium"]);
    const back = await t.request({
      method: "PATCH",
      url: `/api/agreements/${terms.standardId}`,
      headers: ws.members.manager.auth,
      json: { isDefault: true },
    });
    expect(back.body.isDefault).toBe(true);
    const dup = await t.request({
      method: "POST",
      url: "/api/agreements",
      headers: ws.members.admin.auth,
      json: { ...STANDARD_TERMS, isDefault: false },
    });
    expect(dup.status).toBe(409);
  });

  it("a client's agreement applies to its cases (else the default)", async () => {
    t.clock.set("2026-12-06T19:00:00.000Z"); // Sun 14:00 New York: the office is closed
    const client = await t.request({
      method: "POST",
      url: "/api/clients",
      headers: ws.members.admin.auth,
      json: { name: "Northwind", domain: "northwind.example" },
    });
    const set = await t.request({
      method: "PUT",
      url: `/api/clients/${client.body.id}/agreement`,
      headers: ws.members.manager.auth,
      json: { agreementId: terms.aroundId },
    });
    expect(set.body).toEqual({ clientId: client.body.id, agreementId: terms.aroundId });
    const byAgent = await t.request({
      method: "PUT",
      url: `/api/clients/${client.body.id}/agreement`,
      headers: ws.members.agent.auth,
      json: { agreementId: null },
    });
    expect(byAgent.status).toBe(403);
    const nw = await t.request({
      method: "POST",
      url: "/api/cases",
      headers: ws.members.agent.auth,
      json: { subject: "Labels jammed", channel: "email", clientId: client.body.id },
    });
    // Around the clock: first reply within one real hour, even on a Sunday.
    expect(nw.body.dueAt).toBe("2026-12-06T20:00:00.000Z");
    const walkIn = await t.request({
      method: "POST",
      url: "/api/cases",
      headers: ws.members.agent.auth,
      json: { subject: "Walk-in", channel: "walk_in" },
    });
    // Standard (the default): 4 business hours from Monday's opening.
    expect(walkIn.body.dueAt).toBe("2026-12-07T18:00:00.000Z");
    t.clock.set(TEST_START);
  });

  it("scheduled deliverables give their next due time in the client's zone", async () => {
    t.clock.set("2026-12-10T19:00:00.000Z");
    const made = await t.request({
      method: "POST",
      url: `/api/agreements/${terms.standardId}/deliverables`,
      headers: ws.members.manager.auth,
      json: { name: "Weekly report", rrule: WEEKLY_REPORT },
    });
    expect(made.status, made.text).toBe(201);
    expect(made.body).toMatchObject({
      nextDueAt: "2026-12-11T17:00:00.000Z",
      wording: "We will deliver by Fri 11 Dec, 12:00 (New York time)",
    });
    const bad = await t.request({
      method: "POST",
      url: `/api/agreements/${terms.standardId}/deliverables`,
      headers: ws.members.manager.auth,
      json: { name: "Hourly", rrule: "RRULE:FREQ=HOURLY" },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.problems.length).toBeGreaterThan(0);
    const list = await t.request({
      method: "GET",
      url: `/api/agreements/${terms.standardId}/deliverables`,
      headers: ws.members.agent.auth,
    });
    expect(list.body.map((d: { name: string }) => d.name)).toEqual(["Weekly report"]);
    t.clock.set(TEST_START);
  });

  it("workspace promise settings read back what was set", async () => {
    const res = await t.request({
      method: "GET",
      url: "/api/workspace/promise-settings",
      headers: ws.members.agent.auth,
    });
    expect(res.body).toEqual({
      timeZone: "America/New_York",
      calendarId: terms.calendarId,
      callbackMinutes: 30,
    });
    const bad = await t.request({
      method: "PUT",
      url: "/api/workspace/promise-settings",
      headers: ws.members.admin.auth,
      json: { calendarId: "0190d7a5-0000-7000-8000-000000000000" },
    });
    expect(bad.status).toBe(400);
  });
});
