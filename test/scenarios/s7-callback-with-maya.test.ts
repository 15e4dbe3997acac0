import { beforeAll, expect, it } from "vitest";
import { DEFAULT_MAIL_SETTINGS } from "../../src/email/email.settings.js";
import { createTestWorkspace, type TestWorkspace } from "../support/factories.js";
import { eachDialect, useTestApp } from "../support/harness.js";
import { makeCase, makeCustomer } from "../support/portal.js";
import { HOURS } from "../support/schedules.js";
import { invitationsOf } from "../support/appointments.js";

// S7's tail: Maya (protected) has time off from 15:15 today, Mon 7 Dec 2026 (New York, UTC−5).
// At 15:10 the caller insists on Maya: a callback with her at the caller's earliest convenience
// within her hours the next day — and the agent learns nothing of her hours or time off.
const AT_1510 = "2026-12-07T20:10:00.000Z";

eachDialect("S7 the caller insists on Maya: a callback tomorrow", (dialect) => {
  const t = useTestApp(dialect);
  let ws: TestWorkspace;
  let maya: string;
  let kase: { id: string; number: number };

  beforeAll(async () => {
    ws = await createTestWorkspace(t.deps, "s7b");
    t.deps.mail = {
      settings: { ...DEFAULT_MAIL_SETTINGS, addresses: [{ address: "desk@s7b.example", workspace: "s7b" }] },
      transport: null,
    };
    const admin = ws.members.admin.auth;
    const res = await t.request({
      method: "POST",
      url: "/api/staff",
      headers: admin,
      json: {
        name: "Maya",
        email: "maya@s7b.example",
        role: "manager",
        authority: "manager",
        disclosure: "protected",
      },
    });
    expect(res.status, res.text).toBe(201);
    maya = res.body.id;
    expect(
      (
        await t.request({
          method: "PUT",
          url: `/api/staff/${maya}/schedule`,
          headers: admin,
          json: HOURS.maya,
        })
      ).status,
    ).toBe(200);
    const off = await t.request({
      method: "POST",
      url: `/api/staff/${maya}/time-off`,
      headers: admin,
      json: { startsOn: "2026-12-07", endsOn: "2026-12-07", fromTime: "15:15", note: "mayasdentist" },
    });
    expect(off.status, off.text).toBe(201);
    const customer = await makeCustomer(t, ws, "Angus Angry", "angus@customer.example");
    kase = await makeCase(t, ws, customer, "Nobody listens to me");
    t.clock.set(AT_1510);
  });

  it("'as soon as possible tomorrow' offers Maya's first slots tomorrow, not the five minutes left today", async () => {
    const today = await t.request({
      method: "GET",
      url: `/api/staff/${maya}/appointment-slots?suits=today&kind=callback`,
      headers: ws.members.agent.auth,
    });
    expect(today.status, today.text).toBe(200);
    // Off from 15:15: no 15-minute callback fits today, and the answer does not say why.
    expect(today.body.slots).toEqual([]);
    expect(today.body.assumption).toBe(
      `No free time with Maya fits "today". Try a wider time, e.g. "any time next week".`,
    );

    const res = await t.request({
      method: "GET",
      url: `/api/staff/${maya}/appointment-slots?suits=tomorrow&kind=callback`,
      headers: ws.members.agent.auth,
    });
    expect(res.status, res.text).toBe(200);
    expect(res.body.durationMinutes).toBe(15);
    expect(res.body.slots.map((s: { startsAt: string }) => s.startsAt)).toEqual([
      "2026-12-08T14:00:00.000Z",
      "2026-12-08T14:15:00.000Z",
      "2026-12-08T14:30:00.000Z",
      "2026-12-08T14:45:00.000Z",
      "2026-12-08T15:00:00.000Z",
    ]);
    // Slots, not hours: nothing of her schedule or her time off reaches the agent.
    for (const canary of [
      "Mon 7 Dec, 15:15",
      "17:00 (",
      "mayasdentist",
      "2026-12-07T20:15",
      "T22:00",
      "15:15 (",
    ])
      expect(res.text + today.text).not.toContain(canary);
    const schedule = await t.request({
      method: "GET",
      url: `/api/staff/${maya}/schedule`,
      headers: ws.members.agent.auth,
    });
    expect(schedule.body.hours).toBeNull();
  });

  it("while Maya is in, a colleague is offered nothing today (a slot now would say she is on duty); an admin is", async () => {
    t.clock.set("2026-12-07T16:00:00.000Z"); // 11:00, Maya is in until 15:15
    try {
      const url = `/api/staff/${maya}/appointment-slots?suits=today&kind=callback`;
      const agent = await t.request({ method: "GET", url, headers: ws.members.agent.auth });
      expect(agent.status, agent.text).toBe(200);
      expect(agent.body.slots).toEqual([]);
      const admin = await t.request({ method: "GET", url, headers: ws.members.admin.auth });
      expect(admin.body.slots[0].startsAt).toBe("2026-12-07T16:00:00.000Z");
      // Booking into today by hand gets the same refusal as any time she is not free.
      const refused = await t.request({
        method: "POST",
        url: `/api/cases/${kase.id}/appointments`,
        headers: ws.members.agent.auth,
        json: { staffId: maya, kind: "callback", startsAt: "2026-12-07T16:30:00.000Z", suits: "" },
      });
      expect(refused.status, refused.text).toBe(409);
      expect(refused.body.detail).toBe("That time is not one of Maya's free slots; ask for slots again.");
    } finally {
      t.clock.set(AT_1510);
    }
  });

  it("books the callback at 09:00 tomorrow: a promise, and the customer's invitation", async () => {
    const res = await t.request({
      method: "POST",
      url: `/api/cases/${kase.id}/appointments`,
      headers: ws.members.agent.auth,
      json: {
        staffId: maya,
        kind: "callback",
        startsAt: "2026-12-08T14:00:00.000Z",
        suits: "tomorrow, earliest",
      },
    });
    expect(res.status, res.text).toBe(201);
    expect(res.body).toMatchObject({
      kind: "callback",
      durationMinutes: 15,
      staffName: "Maya",
      label: "Tue 8 Dec, 09:00 (New York time)",
    });
    const promises = await t.request({
      method: "GET",
      url: `/api/cases/${kase.id}/promises`,
      headers: ws.members.agent.auth,
    });
    expect(promises.body.find((p: { kind: string }) => p.kind === "appointment_at")).toMatchObject({
      description: "Call back from Maya",
      dueAt: "2026-12-08T14:00:00.000Z",
      status: "open",
    });
    const [invite] = await invitationsOf(t, kase.id);
    expect(invite!.props.get("DTSTART")).toBe("20261208T140000Z");
    expect(invite!.props.get("DURATION")).toBe("PT15M");
    expect(invite!.text).toContain("Maya will call you on Tue 8 Dec, 09:00 (New York time)");
    // Today after 15:15 she is off: booking into it is refused without saying why.
    const refused = await t.request({
      method: "POST",
      url: `/api/cases/${kase.id}/appointments`,
      headers: ws.members.agent.auth,
      json: { staffId: maya, kind: "callback", startsAt: "2026-12-07T20:30:00.000Z", suits: "" },
    });
    expect(refused.status).toBe(409);
    expect(refused.body.detail).toBe("That time is not one of Maya's free slots; ask for slots again.");
  });
});
