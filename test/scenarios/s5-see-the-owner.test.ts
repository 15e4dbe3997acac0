import { beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_MAIL_SETTINGS } from "../../src/email/email.settings.js";
import { createTestWorkspace, type TestWorkspace } from "../support/factories.js";
import { eachDialect, useTestApp } from "../support/harness.js";
import { makeCase, makeCustomer, makePortalLink, openPortal } from "../support/portal.js";
import { invitationsOf } from "../support/appointments.js";
import { HOURS } from "../support/schedules.js";

// The harness clock starts Mon 7 Dec 2026 10:30 New York (UTC−5).
const NY_Z = (date: string, hhmm: string) => {
  const [h, m] = hhmm.split(":").map(Number);
  const [y, mo, d] = date.split("-").map(Number);
  return new Date(Date.UTC(y!, mo! - 1, d, h! + 5, m)).toISOString();
};

eachDialect("S5 see the owner", (dialect) => {
  const t = useTestApp(dialect);
  let ws: TestWorkspace;
  let owen: string;
  let kase: { id: string; number: number };
  let other: { id: string; number: number };
  let third: { id: string; number: number };
  let customerId: string;
  let appointmentId: string;
  const agent = () => ws.members.agent.auth;

  beforeAll(async () => {
    ws = await createTestWorkspace(t.deps, "s5");
    t.deps.mail = {
      settings: { ...DEFAULT_MAIL_SETTINGS, addresses: [{ address: "desk@s5.example", workspace: "s5" }] },
      transport: null,
    };
    const admin = ws.members.admin.auth;
    const res = await t.request({
      method: "POST",
      url: "/api/staff",
      headers: admin,
      json: { name: "Owen", email: "owen@s5.example", role: "manager", authority: "owner" },
    });
    expect(res.status, res.text).toBe(201);
    owen = res.body.id;
    const put = await t.request({
      method: "PUT",
      url: `/api/staff/${owen}/schedule`,
      headers: admin,
      json: HOURS.owen,
    });
    expect(put.status, put.text).toBe(200);
    customerId = await makeCustomer(t, ws, "Una Happy", "una@customer.example");
    kase = await makeCase(t, ws, customerId, "I want to speak to the owner");
    other = await makeCase(t, ws, customerId, "Another matter");
    third = await makeCase(t, ws, customerId, "A third matter");
  });

  it("offers Owen's earliest slots for 'tomorrow after 7', both readings, and says which it assumed", async () => {
    const res = await t.request({
      method: "GET",
      url: `/api/staff/${owen}/appointment-slots?suits=${encodeURIComponent("tomorrow after 7")}&duration=30&kind=meeting`,
      headers: agent(),
    });
    expect(res.status, res.text).toBe(200);
    expect(res.body.slots.map((s: { startsAt: string }) => s.startsAt)).toEqual(
      ["07:00", "07:30", "08:00", "08:30", "09:00"].map((h) => NY_Z("2026-12-08", h)),
    );
    expect(res.body.slots[0].label).toBe("Tue 8 Dec, 07:00 (New York time)");
    expect(res.body.readings.map((r: { label: string }) => r.label)).toEqual([
      "tomorrow after 07:00",
      "tomorrow after 19:00",
    ]);
    // Owen's hours end at 20:00: the evening reading has two half-hour slots.
    expect(res.body.readings[1].slots.map((s: { startsAt: string }) => s.startsAt)).toEqual([
      NY_Z("2026-12-08", "19:00"),
      NY_Z("2026-12-08", "19:30"),
    ]);
    expect(res.body.assumption).toMatch(/07:00 or 19:00/);
    expect(Object.keys(res.body).sort()).toEqual(
      [
        "assumption",
        "durationMinutes",
        "kind",
        "name",
        "readings",
        "slots",
        "staffId",
        "suits",
        "timeZone",
      ].sort(),
    );
  });

  it("words it cannot read are a 422 that lists what it understands", async () => {
    const res = await t.request({
      method: "GET",
      url: `/api/staff/${owen}/appointment-slots?suits=${encodeURIComponent("when pigs fly")}`,
      headers: agent(),
    });
    expect(res.status, res.text).toBe(422);
    expect(res.headers["content-type"]).toMatch(/application\/problem\+json/);
    expect(res.body.detail).toMatch(/"tomorrow after 7".*"weekdays before noon"/);
    expect(res.body.field).toBe("suits");
  });

  it("books the first slot: a tracked promise, a timeline message, a mail with the .ics", async () => {
    const res = await t.request({
      method: "POST",
      url: `/api/cases/${kase.id}/appointments`,
      headers: agent(),
      json: {
        staffId: owen,
        kind: "meeting",
        startsAt: NY_Z("2026-12-08", "07:00"),
        durationMinutes: 30,
        suits: "tomorrow after 7",
      },
    });
    expect(res.status, res.text).toBe(201);
    appointmentId = res.body.id;
    expect(res.body).toMatchObject({
      staffName: "Owen",
      status: "scheduled",
      sequence: 0,
      endsAt: NY_Z("2026-12-08", "07:30"),
    });

    const promises = await t.request({
      method: "GET",
      url: `/api/cases/${kase.id}/promises`,
      headers: agent(),
    });
    const p = promises.body.find((x: { kind: string }) => x.kind === "appointment_at");
    expect(p).toMatchObject({
      id: res.body.promiseId,
      status: "open",
      dueAt: NY_Z("2026-12-08", "07:00"),
      description: "Meeting with Owen",
      toldCustomer: true,
    });
    expect(p.wording).toBe("Your appointment is on Tue 8 Dec, 07:00 (New York time)");
    expect(Date.parse(p.warnAt)).toBeLessThan(Date.parse(p.dueAt));
    const c = await t.request({ method: "GET", url: `/api/cases/${kase.id}`, headers: agent() });
    expect(Date.parse(c.body.dueAt)).toBeLessThanOrEqual(Date.parse(p.dueAt));

    const [invite] = await invitationsOf(t, kase.id);
    expect(invite).toBeDefined();
    expect(invite!.to).toBe("una@customer.example");
    expect(invite!.contentType).toMatch(/text\/calendar/);
    expect(invite!.props.get("METHOD")).toBe("REQUEST");
    expect(invite!.props.get("UID")).toBe(`appointment-${appointmentId}@s5.example`);
    expect(invite!.props.get("SEQUENCE")).toBe("0");
    expect(invite!.props.get("DTSTART")).toBe("20261208T120000Z");
    expect(invite!.props.get("DURATION")).toBe("PT30M");
    expect(invite!.props.get("STATUS")).toBe("CONFIRMED");
    expect(invite!.props.get("DTSTAMP")).toBe("20261207T153000Z");
    expect(invite!.raw).toMatch(/ATTENDEE[^\n]*mailto:una@customer\.example/i);
    expect(invite!.text).toContain("Your meeting with Owen is booked for Tue 8 Dec, 07:00 (New York time)");

    const audit = await t.deps.db
      .selectFrom("audit_entries")
      .select(["action"])
      .where("workspace_id", "=", ws.workspace.id)
      .where("action", "=", "appointment.booked")
      .execute();
    expect(audit).toHaveLength(1);
    // Owen hears of it (a colleague booked it).
    const note = await t.deps.db
      .selectFrom("notifications")
      .select(["kind", "recipient_staff_id"])
      .where("workspace_id", "=", ws.workspace.id)
      .where("kind", "=", "appointment.booked")
      .execute();
    expect(note).toEqual([{ kind: "appointment.booked", recipient_staff_id: owen }]);
  });

  it("the same slot with Owen on another case is refused; the next offer starts after it", async () => {
    const res = await t.request({
      method: "POST",
      url: `/api/cases/${other.id}/appointments`,
      headers: agent(),
      json: {
        staffId: owen,
        kind: "callback",
        startsAt: NY_Z("2026-12-08", "07:15"),
        durationMinutes: 15,
        suits: "",
      },
    });
    expect(res.status, res.text).toBe(409);
    expect(res.body.reason).toBe("not-a-free-slot");
    const outside = await t.request({
      method: "POST",
      url: `/api/cases/${other.id}/appointments`,
      headers: agent(),
      json: {
        staffId: owen,
        kind: "meeting",
        startsAt: NY_Z("2026-12-08", "19:45"),
        durationMinutes: 30,
        suits: "",
      },
    });
    expect(outside.status, outside.text).toBe(409);
    const slots = await t.request({
      method: "GET",
      url: `/api/staff/${owen}/appointment-slots?suits=${encodeURIComponent("tomorrow after 7am")}&duration=30`,
      headers: agent(),
    });
    expect(slots.body.slots[0].startsAt).toBe(NY_Z("2026-12-08", "07:30"));
  });

  it("two desks booking one slot at once on different cases: exactly one wins (the person is locked)", async () => {
    const book = (caseId: string) =>
      t.request({
        method: "POST",
        url: `/api/cases/${caseId}/appointments`,
        headers: agent(),
        json: {
          staffId: owen,
          kind: "meeting",
          startsAt: NY_Z("2026-12-09", "10:00"),
          durationMinutes: 30,
          suits: "",
        },
      });
    const results = await Promise.all([book(other.id), book(third.id), book(other.id)]);
    expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409]);
    const rows = await t.deps.db
      .selectFrom("appointments")
      .select("id")
      .where("workspace_id", "=", ws.workspace.id)
      .where("starts_at", "=", NY_Z("2026-12-09", "10:00"))
      .execute();
    expect(rows).toHaveLength(1);
    // Leave Wednesday free again for what follows.
    const won = results.find((r) => r.status === 201)!;
    expect(
      (
        await t.request({
          method: "POST",
          url: `/api/appointments/${won.body.id}/cancel`,
          headers: agent(),
          json: {},
        })
      ).status,
    ).toBe(200);
  });

  it("staff move it: SEQUENCE 1, the same UID, the promise moves with it", async () => {
    const res = await t.request({
      method: "POST",
      url: `/api/appointments/${appointmentId}/reschedule`,
      headers: agent(),
      json: { startsAt: NY_Z("2026-12-08", "19:00") },
    });
    expect(res.status, res.text).toBe(200);
    expect(res.body).toMatchObject({ sequence: 1, startsAt: NY_Z("2026-12-08", "19:00") });
    const promises = await t.request({
      method: "GET",
      url: `/api/cases/${kase.id}/promises`,
      headers: agent(),
    });
    const p = promises.body.find((x: { id: string }) => x.id === res.body.promiseId);
    expect(p).toMatchObject({ status: "open", dueAt: NY_Z("2026-12-08", "19:00") });
    const invites = await invitationsOf(t, kase.id);
    const last = invites.at(-1)!;
    expect(last.props.get("METHOD")).toBe("REQUEST");
    expect(last.props.get("SEQUENCE")).toBe("1");
    expect(last.props.get("UID")).toBe(`appointment-${appointmentId}@s5.example`);
    expect(last.props.get("DTSTART")).toBe("20261209T000000Z");
    expect(last.text).toContain("from Tue 8 Dec, 07:00 (New York time) to Tue 8 Dec, 19:00 (New York time)");
  });

  describe("the customer in the portal", () => {
    let visitor: Awaited<ReturnType<typeof openPortal>>;
    beforeAll(async () => {
      const link = await makePortalLink(t, ws, customerId);
      visitor = await openPortal(t, link.token);
    });

    it("sees the appointment and the message about it", async () => {
      const list = await t.request({
        method: "GET",
        url: `/api/portal/cases/${kase.number}/appointments`,
        headers: { cookie: visitor.cookie },
      });
      expect(list.status, list.text).toBe(200);
      expect(list.body).toEqual([
        expect.objectContaining({
          id: appointmentId,
          withName: "Owen",
          status: "scheduled",
          label: "Tue 8 Dec, 19:00 (New York time)",
        }),
      ]);
      expect(Object.keys(list.body[0])).not.toContain("staffId");
      const c = await t.request({
        method: "GET",
        url: `/api/portal/cases/${kase.number}`,
        headers: { cookie: visitor.cookie },
      });
      const bodies = c.body.timeline.map((e: { body: string }) => e.body).join("\n");
      expect(bodies).toContain("Your meeting with Owen is booked for Tue 8 Dec, 07:00");
      expect(bodies).toContain("to Tue 8 Dec, 19:00");
      expect(c.body.promises.map((p: { wording: string }) => p.wording)).toContain(
        "Your appointment is on Tue 8 Dec, 19:00 (New York time)",
      );
    });

    it("moves it to another free slot; Owen is told; the customer gets SEQUENCE 2", async () => {
      const slots = await t.request({
        method: "GET",
        url: `/api/portal/appointments/${appointmentId}/slots?suits=${encodeURIComponent("Wednesday morning")}`,
        headers: { cookie: visitor.cookie },
      });
      expect(slots.status, slots.text).toBe(200);
      expect(slots.body.slots[0].startsAt).toBe(NY_Z("2026-12-09", "06:00"));
      expect(Object.keys(slots.body).sort()).toEqual(["assumption", "readings", "slots", "withName"]);
      const moved = await t.request({
        method: "POST",
        url: `/api/portal/appointments/${appointmentId}/reschedule`,
        headers: visitor.headers,
        json: { startsAt: slots.body.slots[1].startsAt },
      });
      expect(moved.status, moved.text).toBe(200);
      expect(moved.body.startsAt).toBe(NY_Z("2026-12-09", "06:30"));
      const last = (await invitationsOf(t, kase.id)).at(-1)!;
      expect(last.props.get("SEQUENCE")).toBe("2");
      const note = await t.deps.db
        .selectFrom("notifications")
        .select(["body"])
        .where("workspace_id", "=", ws.workspace.id)
        .where("kind", "=", "appointment.rescheduled")
        .where("recipient_staff_id", "=", owen)
        .execute();
      expect(note.map((n) => n.body).join()).toMatch(/The customer moved an appointment with you/);
    });

    it("cancels it: METHOD:CANCEL, the promise is cancelled", async () => {
      const res = await t.request({
        method: "POST",
        url: `/api/portal/appointments/${appointmentId}/cancel`,
        headers: visitor.headers,
      });
      expect(res.status, res.text).toBe(200);
      expect(res.body.status).toBe("cancelled");
      const last = (await invitationsOf(t, kase.id)).at(-1)!;
      expect(last.props.get("METHOD")).toBe("CANCEL");
      expect(last.props.get("STATUS")).toBe("CANCELLED");
      expect(last.props.get("SEQUENCE")).toBe("3");
      const promises = await t.request({
        method: "GET",
        url: `/api/cases/${kase.id}/promises`,
        headers: agent(),
      });
      expect(promises.body.find((x: { kind: string }) => x.kind === "appointment_at").status).toBe(
        "cancelled",
      );
      const again = await t.request({
        method: "POST",
        url: `/api/portal/appointments/${appointmentId}/cancel`,
        headers: visitor.headers,
      });
      expect(again.status).toBe(409);
    });

    it("another customer's appointment is not found", async () => {
      const stranger = await makeCustomer(t, ws, "Stan Ger", "stan@customer.example");
      const link = await makePortalLink(t, ws, stranger);
      const v = await openPortal(t, link.token);
      const res = await t.request({
        method: "GET",
        url: `/api/portal/appointments/${appointmentId}/slots?suits=today`,
        headers: { cookie: v.cookie },
      });
      expect(res.status).toBe(404);
    });
  });
});
