import { beforeAll, describe, expect, it } from "vitest";
import { createTestWorkspace, TEST_PASSWORD, type TestWorkspace } from "../support/factories.js";
import { eachDialect, useTestApp } from "../support/harness.js";
import { dutyOf } from "../../src/schedules/duty.service.js";

const NY = "America/New_York";
const nine5 = [["09:00", "17:00"]];
const weekdays = (hours: string[][]) =>
  Object.fromEntries(["mon", "tue", "wed", "thu", "fri"].map((d) => [d, hours]));
// The harness clock starts Mon 7 Dec 2026 10:30 New York.

eachDialect("schedules API", (dialect) => {
  const t = useTestApp(dialect);
  let ws: TestWorkspace;
  let colin: string;
  let pat: string;
  let sam: string;
  let patAuth: { authorization: string };
  let samAuth: { authorization: string };

  async function tokenFor(email: string) {
    const login = await t.request({
      method: "POST",
      url: "/api/auth/login",
      json: { workspace: "sched", email, password: TEST_PASSWORD },
    });
    expect(login.status, login.text).toBe(200);
    const cookie = String(login.headers["set-cookie"]).split(";")[0]!;
    const token = await t.request({
      method: "POST",
      url: "/api/tokens",
      headers: { cookie, "x-csrf-token": login.body.csrfToken },
      json: { name: "test" },
    });
    expect(token.status, token.text).toBe(201);
    return { authorization: `Bearer ${token.body.token}` };
  }

  beforeAll(async () => {
    ws = await createTestWorkspace(t.deps, "sched");
    const admin = ws.members.admin.auth;
    const mk = async (json: Record<string, unknown>) => {
      const res = await t.request({ method: "POST", url: "/api/staff", headers: admin, json });
      expect(res.status, res.text).toBe(201);
      return res.body.id as string;
    };
    sam = await mk({
      name: "Sam Super",
      email: "sam@sched.example",
      role: "supervisor",
      authority: "supervisor",
      password: TEST_PASSWORD,
    });
    colin = await mk({
      name: "Colin Rep",
      email: "colin@sched.example",
      role: "agent",
      authority: "agent",
      reportsToId: sam,
    });
    pat = await mk({
      name: "Pat Private",
      email: "pat@sched.example",
      role: "agent",
      authority: "agent",
      disclosure: "protected",
      reportsToId: sam,
      password: TEST_PASSWORD,
    });
    patAuth = await tokenFor("pat@sched.example");
    samAuth = await tokenFor("sam@sched.example");
  });

  describe("who may set hours", () => {
    it("an admin sets Colin's hours; the answer lists the week's shifts", async () => {
      const res = await t.request({
        method: "PUT",
        url: `/api/staff/${colin}/schedule`,
        headers: ws.members.admin.auth,
        json: { timeZone: NY, weekly: { tue: nine5, wed: nine5, thu: nine5, fri: nine5 } },
      });
      expect(res.status, res.text).toBe(200);
      expect(res.body.access).toBe("full");
      expect(res.body.hours.weekly.tue).toEqual(nine5);
      // From today (Mon 7 Dec) for a week: Tue to Fri.
      expect(res.body.shifts).toHaveLength(4);
      expect(res.body.shifts[0]).toEqual({
        start: "2026-12-08T14:00:00.000Z",
        end: "2026-12-08T22:00:00.000Z",
      });
    });

    it("Pat sets her own hours; Sam (her manager) may too; a receptionist and an unrelated manager may not", async () => {
      const body = { timeZone: NY, weekly: weekdays([["12:00", "20:00"]]) };
      const own = await t.request({
        method: "PUT",
        url: `/api/staff/${pat}/schedule`,
        headers: patAuth,
        json: body,
      });
      expect(own.status, own.text).toBe(200);
      const boss = await t.request({
        method: "PUT",
        url: `/api/staff/${pat}/schedule`,
        headers: samAuth,
        json: body,
      });
      expect(boss.status, boss.text).toBe(200);
      for (const headers of [ws.members.receptionist.auth, ws.members.manager.auth, ws.members.agent.auth]) {
        const res = await t.request({
          method: "PUT",
          url: `/api/staff/${pat}/schedule`,
          headers,
          json: body,
        });
        expect(res.status).toBe(403);
        expect(res.body.type).toBe("https://frontdesk.dev/problems/forbidden");
      }
    });

    it("refuses hours the engine cannot use, listing every problem", async () => {
      const res = await t.request({
        method: "PUT",
        url: `/api/staff/${colin}/schedule`,
        headers: ws.members.admin.auth,
        json: { timeZone: "Mars/Olympus", weekly: { mon: [["09:00", "09:00"]] } },
      });
      expect(res.status).toBe(400);
      expect(res.body.problems).toEqual([
        'timeZone: "Mars/Olympus" is not an IANA time zone.',
        "weekly.mon: 09:00–09:00 is empty; use 00:00–24:00 for a whole day.",
      ]);
      const extra = await t.request({
        method: "PUT",
        url: `/api/staff/${colin}/schedule`,
        headers: ws.members.admin.auth,
        json: { timeZone: NY, weekly: { funday: nine5 } },
      });
      expect(extra.status).toBe(400);
    });
  });

  describe("status cards and the shield", () => {
    it("S1: the receptionist sees Colin off today, next in Tue 8 Dec 09:00", async () => {
      const res = await t.request({
        method: "GET",
        url: `/api/staff/${colin}/status`,
        headers: ws.members.receptionist.auth,
      });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        state: "off",
        nextInAt: "2026-12-08T14:00:00.000Z",
        onDutyUntil: null,
        timeZone: NY,
        receptionistWording: "Colin Rep is off today; next in Tue 8 Dec 09:00.",
      });
      expect(res.body.customerWording).toContain("Tue 8 Dec 09:00 (New York time)");
    });

    it("S1c: Pat is protected: the receptionist's card and schedule carry no hours", async () => {
      const card = await t.request({
        method: "GET",
        url: `/api/staff/${pat}/status`,
        headers: ws.members.receptionist.auth,
      });
      expect(card.body).toEqual({
        staffId: pat,
        name: "Pat Private",
        title: "",
        disclosure: "protected",
        state: "not_shared",
        onDutyUntil: null,
        nextInAt: null,
        timeZone: null,
        receptionistWording: `Pat Private's schedule is private. Say: "I can't share staff schedules — can I help you, or take a message?"`,
        customerWording: "I can't share staff schedules — can I help you, or take a message?",
      });
      const schedule = await t.request({
        method: "GET",
        url: `/api/staff/${pat}/schedule`,
        headers: ws.members.receptionist.auth,
      });
      expect(schedule.body).toMatchObject({ access: "protected", hours: null, timeOff: [], shifts: [] });
      expect(schedule.text).not.toMatch(/12:00|20:00|17:00:00/);
    });

    it("Pat herself, Sam and an admin see Pat's hours; the customer wording stays protected", async () => {
      for (const headers of [patAuth, samAuth, ws.members.admin.auth]) {
        const card = await t.request({ method: "GET", url: `/api/staff/${pat}/status`, headers });
        expect(card.body).toMatchObject({ state: "off", nextInAt: "2026-12-07T17:00:00.000Z" });
        expect(card.body.customerWording).toBe(
          "I can't share staff schedules — can I help you, or take a message?",
        );
        const schedule = await t.request({ method: "GET", url: `/api/staff/${pat}/schedule`, headers });
        expect(schedule.body.hours.weekly.mon).toEqual([["12:00", "20:00"]]);
      }
    });

    it("a name search gives status cards", async () => {
      const res = await t.request({
        method: "GET",
        url: "/api/desk/status?q=colin",
        headers: ws.members.receptionist.auth,
      });
      expect(res.status).toBe(200);
      expect(res.body.map((c: { staffId: string }) => c.staffId)).toEqual([colin]);
      const none = await t.request({
        method: "GET",
        url: "/api/desk/status?q=zzz",
        headers: ws.members.receptionist.auth,
      });
      expect(none.body).toEqual([]);
    });
  });

  describe("time off", () => {
    let offId: string;
    it("Colin's Tuesday off moves his next-in to Wednesday; the note stays with his managers", async () => {
      const res = await t.request({
        method: "POST",
        url: `/api/staff/${colin}/time-off`,
        headers: ws.members.admin.auth,
        json: { startsOn: "2026-12-08", endsOn: "2026-12-08", note: "dentist" },
      });
      expect(res.status, res.text).toBe(201);
      offId = res.body.id;
      const card = await t.request({
        method: "GET",
        url: `/api/staff/${colin}/status`,
        headers: ws.members.receptionist.auth,
      });
      expect(card.body.nextInAt).toBe("2026-12-09T14:00:00.000Z");
      const asRita = await t.request({
        method: "GET",
        url: `/api/staff/${colin}/schedule`,
        headers: ws.members.receptionist.auth,
      });
      expect(asRita.body.timeOff).toEqual([expect.objectContaining({ id: offId, startsOn: "2026-12-08" })]);
      expect(asRita.text).not.toContain("dentist");
      const asSam = await t.request({ method: "GET", url: `/api/staff/${colin}/schedule`, headers: samAuth });
      expect(asSam.body.timeOff[0].note).toBe("dentist");
      const audit = await t.request({
        method: "GET",
        url: `/api/audit?subjectId=${colin}`,
        headers: ws.members.admin.auth,
      });
      expect(audit.body.items.map((e: { action: string }) => e.action)).toContain("staff.time-off-added");
      expect(audit.text).not.toContain("dentist");
      expect(audit.text).not.toContain('2026-12-08"');
    });

    it("refuses bad entries and entries for people without hours", async () => {
      const bad = await t.request({
        method: "POST",
        url: `/api/staff/${colin}/time-off`,
        headers: ws.members.admin.auth,
        json: { startsOn: "2026-12-10", endsOn: "2026-12-09" },
      });
      expect(bad.status).toBe(400);
      expect(bad.body.problems).toEqual(["timeOff[1]: endsOn is before startsOn."]);
      const none = await t.request({
        method: "POST",
        url: `/api/staff/${ws.members.agent.id}/time-off`,
        headers: ws.members.admin.auth,
        json: { startsOn: "2026-12-10", endsOn: "2026-12-10" },
      });
      expect(none.status).toBe(400);
      const rita = await t.request({
        method: "POST",
        url: `/api/staff/${colin}/time-off`,
        headers: ws.members.receptionist.auth,
        json: { startsOn: "2026-12-10", endsOn: "2026-12-10" },
      });
      expect(rita.status).toBe(403);
    });

    it("removing it brings Tuesday back", async () => {
      const denied = await t.request({
        method: "DELETE",
        url: `/api/time-off/${offId}`,
        headers: ws.members.receptionist.auth,
      });
      expect(denied.status).toBe(403);
      const res = await t.request({
        method: "DELETE",
        url: `/api/time-off/${offId}`,
        headers: ws.members.admin.auth,
      });
      expect(res.status).toBe(204);
      const card = await t.request({
        method: "GET",
        url: `/api/staff/${colin}/status`,
        headers: ws.members.receptionist.auth,
      });
      expect(card.body.nextInAt).toBe("2026-12-08T14:00:00.000Z");
      const again = await t.request({
        method: "DELETE",
        url: `/api/time-off/${offId}`,
        headers: ws.members.admin.auth,
      });
      expect(again.status).toBe(404);
    });
  });

  describe("who is on duty and who can help", () => {
    beforeAll(async () => {
      const admin = ws.members.admin.auth;
      await t.request({
        method: "PUT",
        url: `/api/staff/${sam}/schedule`,
        headers: admin,
        json: { timeZone: NY, weekly: weekdays([["08:00", "16:00"]]) },
      });
      const skills = await t.request({
        method: "PUT",
        url: `/api/staff/${sam}/skills`,
        headers: ws.members.manager.auth,
        json: { skills: ["Binding", " binding", "Refunds"] },
      });
      expect(skills.body).toEqual({ staffId: sam, skills: ["binding", "refunds"] });
      const denied = await t.request({
        method: "PUT",
        url: `/api/staff/${sam}/skills`,
        headers: ws.members.agent.auth,
        json: { skills: ["x"] },
      });
      expect(denied.status).toBe(403);
    });

    it("on duty at 13:00: Sam for a receptionist; Pat too for her manager", async () => {
      t.clock.set("2026-12-07T18:00:00.000Z"); // Mon 13:00 New York
      const rita = await t.request({
        method: "GET",
        url: "/api/on-duty",
        headers: ws.members.receptionist.auth,
      });
      expect(rita.body.map((p: { staffId: string }) => p.staffId)).toEqual([sam]);
      expect(rita.text).not.toContain(pat);
      const boss = await t.request({ method: "GET", url: "/api/on-duty", headers: samAuth });
      expect(boss.body.map((p: { staffId: string }) => p.staffId)).toEqual([pat, sam]);
      const filtered = await t.request({
        method: "GET",
        url: "/api/on-duty?authorityAtLeast=supervisor&skill=BINDING&forMinutes=180",
        headers: ws.members.receptionist.auth,
      });
      expect(filtered.body.map((p: { staffId: string }) => p.staffId)).toEqual([sam]);
      const margin = await t.request({
        method: "GET",
        url: "/api/on-duty?forMinutes=181",
        headers: ws.members.receptionist.auth,
      });
      expect(margin.body).toEqual([]);
      const tuesday = await t.request({
        method: "GET",
        url: `/api/on-duty?at=${encodeURIComponent("2026-12-08T15:00:00.000Z")}`,
        headers: ws.members.receptionist.auth,
      });
      expect(tuesday.body.map((p: { staffId: string }) => p.staffId).sort()).toEqual([colin, sam].sort());
    });

    it("who can help with a case lists on-duty staff with their load", async () => {
      const headers = ws.members.receptionist.auth;
      for (let i = 0; i < 2; i++) {
        const c = await t.request({
          method: "POST",
          url: "/api/cases",
          headers,
          json: { subject: `load ${i}`, channel: "phone", assigneeId: sam },
        });
        expect(c.status).toBe(201);
      }
      const kase = await t.request({
        method: "POST",
        url: "/api/cases",
        headers,
        json: { subject: "help", channel: "walk_in" },
      });
      const res = await t.request({ method: "GET", url: `/api/cases/${kase.body.id}/who-can-help`, headers });
      expect(res.status).toBe(200);
      expect(res.body).toEqual([
        expect.objectContaining({
          staffId: sam,
          openCases: 2,
          inTeam: false,
          isAssignee: false,
          until: "2026-12-07T21:00:00.000Z",
        }),
      ]);
      const boss = await t.request({
        method: "GET",
        url: `/api/cases/${kase.body.id}/who-can-help`,
        headers: samAuth,
      });
      expect(boss.body.map((h: { staffId: string; openCases: number }) => [h.staffId, h.openCases])).toEqual([
        [pat, 0],
        [sam, 2],
      ]);
    });
  });

  it("dutyOf answers routing code: on duty and until when, without a shield", async () => {
    const at = Date.parse("2026-12-07T18:00:00.000Z"); // Mon 13:00
    const duty = await dutyOf(t.deps.db, ws.workspace.id, [pat, colin, sam, "nobody"], at);
    expect(duty.get(pat)).toEqual({
      onDuty: true,
      until: Date.parse("2026-12-08T01:00:00.000Z"),
      hasSchedule: true,
    });
    expect(duty.get(colin)).toEqual({ onDuty: false, until: undefined, hasSchedule: true });
    expect(duty.get(sam)?.onDuty).toBe(true);
    // Unknown to the roster: no schedule, not on duty (exception routing treats "no schedule on
    // file" as available; see src/policies/policies.duty.ts).
    expect(duty.get("nobody")).toEqual({ onDuty: false, until: undefined, hasSchedule: false });
  });
});
