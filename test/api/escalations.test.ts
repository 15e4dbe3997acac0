import { beforeAll, expect, it } from "vitest";
import { DEFAULT_MAIL_SETTINGS } from "../../src/email/email.settings.js";
import { PROMISE_JOB_HANDLERS } from "../../src/promises/promises.jobs.js";
import { createTestWorkspace, type TestWorkspace } from "../support/factories.js";
import { eachDialect, useTestApp } from "../support/harness.js";
import { addMember, setUpHarborPeople, type HarborPeople } from "../support/policies.js";
import { makeCustomer, makePortalLink, openPortal } from "../support/portal.js";
import { AFTER_HOURS_SPEC, HOURS } from "../support/schedules.js";
import { setUpHarborTerms } from "../support/terms.js";

// Tue 8 Dec 2026 in New York (UTC−5).
const AT = (hhmm: string, day = 8) => {
  const [h, m] = hhmm.split(":").map(Number);
  return new Date(Date.UTC(2026, 11, day, (h ?? 0) + 5, m ?? 0)).toISOString();
};

eachDialect("escalations and hand-overs", (dialect) => {
  const t = useTestApp(dialect);
  let ws: TestWorkspace;
  let h: HarborPeople;
  let nell: { id: string; auth: { authorization: string } };
  let customerId: string;
  const admin = () => ws.members.admin.auth;

  const newCase = async (subject: string, json: Record<string, unknown> = {}) => {
    const c = await t.request({
      method: "POST",
      url: "/api/cases",
      headers: h.rita.auth,
      json: { subject, channel: "phone", customerId, assigneeId: h.rita.id, ...json },
    });
    expect(c.status, c.text).toBe(201);
    return c.body as { id: string; number: number };
  };

  beforeAll(async () => {
    t.clock.set(AT("08:00"));
    ws = await createTestWorkspace(t.deps, "esc");
    await setUpHarborTerms(t, ws);
    h = await setUpHarborPeople(t, ws);
    // Nell: a protected manager who reports to Owen and goes home at 15:20 today.
    nell = await addMember(t, ws, {
      name: "Nell",
      role: "manager",
      authority: "manager",
      reportsToId: h.owen.id,
    });
    await t.request({
      method: "PATCH",
      url: `/api/staff/${nell.id}`,
      headers: admin(),
      json: { disclosure: "protected" },
    });
    const hours: [string, unknown][] = [
      [h.owen.id, HOURS.owen],
      [h.maya.id, HOURS.maya],
      [h.sam.id, HOURS.sam],
      [h.rita.id, HOURS.rita],
      [h.ravi.id, HOURS.ravi],
      [nell.id, { timeZone: "America/New_York", weekly: { tue: [["09:00", "15:20"]] } }],
    ];
    for (const m of Object.values(ws.members))
      hours.push([m.id, { timeZone: "America/New_York", weekly: { sun: [["03:00", "04:00"]] } }]);
    for (const [id, json] of hours) {
      const res = await t.request({
        method: "PUT",
        url: `/api/staff/${id}/schedule`,
        headers: admin(),
        json,
      });
      expect(res.status, res.text).toBe(200);
    }
    customerId = await makeCustomer(t, ws, "Dana Cross", "dana.cross@example.com");
  });

  it("a protected person passed over is only 'not available' to a colleague; their manager sees why", async () => {
    t.clock.set(AT("15:10"));
    const team = await t.request({
      method: "POST",
      url: "/api/teams",
      headers: admin(),
      json: { name: "Complaints", description: "Nell's team." },
    });
    await t.request({
      method: "PATCH",
      url: `/api/staff/${nell.id}`,
      headers: admin(),
      json: { teamIds: [team.body.id] },
    });
    // The case's team comes first: Nell is considered (and passed over) before Rita's chain.
    const c = await newCase("Refund question", { teamId: team.body.id });
    const asRita = await t.request({
      method: "POST",
      url: `/api/cases/${c.id}/escalations/preview`,
      headers: h.rita.auth,
      json: { level: "manager" },
    });
    expect(asRita.status, asRita.text).toBe(200);
    expect(asRita.body.receiver).toMatchObject({ id: h.maya.id });
    expect(asRita.body.lines[0]).toBe("Nell — not available");
    expect(JSON.stringify(asRita.body)).not.toContain("15:20");
    // Owen is above Nell in the chain: he may see her hours.
    const asOwen = await t.request({
      method: "POST",
      url: `/api/cases/${c.id}/escalations/preview`,
      headers: h.owen.auth,
      json: { level: "manager" },
    });
    expect(asOwen.body.lines).toContain("Nell — off duty at 15:20, inside the 15-minute hand-over margin");
  });

  it("the margin is a workspace setting: at 0 minutes Maya still receives it at 15:10", async () => {
    const c = await newCase("Margin question");
    const bad = await t.request({
      method: "PUT",
      url: "/api/workspace/escalation-settings",
      headers: h.rita.auth,
      json: { handoverMarginMinutes: 0 },
    });
    expect(bad.status).toBe(403);
    const set = await t.request({
      method: "PUT",
      url: "/api/workspace/escalation-settings",
      headers: admin(),
      json: { handoverMarginMinutes: 0 },
    });
    expect(set.body).toEqual({ handoverMarginMinutes: 0 });
    const preview = await t.request({
      method: "POST",
      url: `/api/cases/${c.id}/escalations/preview`,
      headers: h.rita.auth,
      json: { level: "manager" },
    });
    expect(preview.body.receiver).toMatchObject({ id: h.maya.id });
    await t.request({
      method: "PUT",
      url: "/api/workspace/escalation-settings",
      headers: admin(),
      json: { handoverMarginMinutes: 15 },
    });
    const get = await t.request({
      method: "GET",
      url: "/api/workspace/escalation-settings",
      headers: h.rita.auth,
    });
    expect(get.body).toEqual({ handoverMarginMinutes: 15 });
  });

  it("bad input is a problem in words: both or neither target, an empty next step, a stranger", async () => {
    const c = await newCase("Bad input");
    const both = await t.request({
      method: "POST",
      url: `/api/cases/${c.id}/escalations/preview`,
      headers: h.rita.auth,
      json: { level: "manager", staffId: h.maya.id },
    });
    expect(both.status).toBe(400);
    const empty = await t.request({
      method: "POST",
      url: `/api/cases/${c.id}/escalations`,
      headers: h.rita.auth,
      json: { level: "manager", reason: "x", card: { wants: "  ", nextStep: "" } },
    });
    expect(empty.status).toBe(400);
    expect(empty.body.detail).toBe("Say what the customer wants. Say what the next step is.");
    const other = await createTestWorkspace(t.deps, "esc-other");
    const stranger = await t.request({
      method: "POST",
      url: `/api/cases/${c.id}/handoffs`,
      headers: h.rita.auth,
      json: { toStaffId: other.members.agent.id, reason: "x" },
    });
    expect(stranger.status).toBe(400);
    expect(stranger.body.field).toBe("toStaffId");
    const foreign = await t.request({
      method: "GET",
      url: `/api/cases/${c.id}/context-card/draft`,
      headers: other.members.agent.auth,
    });
    expect(foreign.status).toBe(404);
    // Nothing was written by the refused attempts.
    const handoffs = await t.request({
      method: "GET",
      url: `/api/cases/${c.id}/handoffs`,
      headers: h.rita.auth,
    });
    expect(handoffs.body).toEqual([]);
  });

  it("at night with nobody in and no on-call rota, it waits for the next person in; the customer is told when", async () => {
    t.clock.set(AT("22:00"));
    const c = await newCase("Late complaint");
    const res = await t.request({
      method: "POST",
      url: `/api/cases/${c.id}/escalations`,
      headers: h.rita.auth,
      json: { level: "manager", reason: "Complaint after hours" },
    });
    expect(res.status, res.text).toBe(201);
    // Owen is in from 06:00, before Maya (09:00).
    expect(res.body.decision).toMatchObject({
      outcome: "queued",
      receiver: { id: h.owen.id },
      startsAt: AT("06:00", 9),
    });
    expect(res.body.handoff).toMatchObject({ toStaffId: h.owen.id, startsAt: AT("06:00", 9) });
    const visitor = await openPortal(t, (await makePortalLink(t, ws, customerId, { caseId: c.id })).token);
    const view = await t.request({
      method: "GET",
      url: `/api/portal/cases/${c.number}`,
      headers: { cookie: visitor.cookie },
    });
    expect(view.body.timeline.map((e: { body?: string }) => e.body)).toContain(
      "Your case is with Owen, who will pick it up on Wed 9 Dec at 06:00. You don't need to repeat anything.",
    );
  });

  it("waiting for a protected person, the customer hears no time and no hint of whether they are in", async () => {
    t.clock.set(AT("22:00"));
    const c = await newCase("Wants Nell back");
    const preview = await t.request({
      method: "POST",
      url: `/api/cases/${c.id}/escalations/preview`,
      headers: h.rita.auth,
      json: { staffId: nell.id },
    });
    expect(preview.status, preview.text).toBe(200);
    expect(preview.body.outcome).toBe("queued");
    expect(preview.body.startsAt).toBeNull();
    expect(preview.body.customerWording).toBe(
      "Nell will get back to you about your case, with its whole history — you won't need to repeat anything.",
    );
    const res = await t.request({
      method: "POST",
      url: `/api/cases/${c.id}/escalations`,
      headers: h.rita.auth,
      json: { staffId: nell.id, reason: "Asked for Nell by name" },
    });
    expect(res.status, res.text).toBe(201);
    const visitor = await openPortal(t, (await makePortalLink(t, ws, customerId, { caseId: c.id })).token);
    const view = await t.request({
      method: "GET",
      url: `/api/portal/cases/${c.number}`,
      headers: { cookie: visitor.cookie },
    });
    const told = view.body.timeline.map((e: { body?: string }) => e.body ?? "").join("\n");
    expect(told).toContain(
      "Your case is with Nell, who will get back to you. You don't need to repeat anything.",
    );
    expect(told).not.toMatch(/as soon as|09:00|Tue|Wed|in from/);
  });

  it("escalating to oneself, or a closed case, is refused and writes nothing", async () => {
    t.clock.set(AT("11:00"));
    const c = await newCase("Self escalation");
    const self = await t.request({
      method: "POST",
      url: `/api/cases/${c.id}/escalations`,
      headers: h.rita.auth,
      json: { staffId: h.rita.id, reason: "Me" },
    });
    expect(self.status, self.text).toBe(400);
    expect(self.body.type).toContain("invalid");
    const closed = await t.request({
      method: "PATCH",
      url: `/api/cases/${c.id}`,
      headers: h.rita.auth,
      json: { status: "closed" },
    });
    expect(closed.status, closed.text).toBe(200);
    const late = await t.request({
      method: "POST",
      url: `/api/cases/${c.id}/escalations`,
      headers: h.rita.auth,
      json: { level: "manager", reason: "Too late" },
    });
    expect(late.status, late.text).toBe(409);
    const handoffs = await t.request({
      method: "GET",
      url: `/api/cases/${c.id}/handoffs`,
      headers: h.rita.auth,
    });
    expect(handoffs.body).toEqual([]);
  });

  it("with nobody in, the on-call person of the client's agreement receives it", async () => {
    t.clock.set(AT("08:00"));
    const rota = await t.request({
      method: "POST",
      url: "/api/rotas",
      headers: admin(),
      json: {
        name: "After hours",
        hours: AFTER_HOURS_SPEC,
        handoverDay: "mon",
        handoverTime: "09:00",
        startsOn: "2026-11-30",
        memberIds: [h.sam.id, h.maya.id],
        ackMinutes: 15,
      },
    });
    expect(rota.status, rota.text).toBe(201);
    const agreements = await t.request({ method: "GET", url: "/api/agreements", headers: admin() });
    const list = (agreements.body.items ?? agreements.body) as { id: string; isDefault: boolean }[];
    const byDefault = list.find((a) => a.isDefault)!;
    const setRota = await t.request({
      method: "PUT",
      url: `/api/agreements/${byDefault.id}/on-call-rota`,
      headers: admin(),
      json: { rotaId: rota.body.id },
    });
    expect(setRota.status, setRota.text).toBe(200);
    t.clock.set(AT("22:00"));
    const c = await newCase("Night emergency");
    const preview = await t.request({
      method: "POST",
      url: `/api/cases/${c.id}/escalations/preview`,
      headers: h.rita.auth,
      json: { level: "manager" },
    });
    expect(preview.body).toMatchObject({ outcome: "on-call" });
    expect([h.sam.id, h.maya.id]).toContain(preview.body.receiver.id);
    await t.request({
      method: "PUT",
      url: `/api/agreements/${byDefault.id}/on-call-rota`,
      headers: admin(),
      json: { rotaId: null },
    });
  });

  it("end of shift: Maya's cases with promises due before she is back, handed over in one step", async () => {
    t.clock.set(AT("14:00"));
    const off = await t.request({
      method: "POST",
      url: `/api/staff/${h.maya.id}/time-off`,
      headers: admin(),
      json: { startsOn: "2026-12-08", endsOn: "2026-12-08", fromTime: "15:15", note: "school play" },
    });
    expect(off.status, off.text).toBe(201);
    const mine = await newCase("Maya's open case", { assigneeId: h.maya.id });
    const promised = await t.request({
      method: "POST",
      url: `/api/cases/${mine.id}/promises`,
      headers: h.maya.auth,
      json: {
        kind: "custom",
        description: "Call back about the proof",
        dueAt: AT("16:30"),
        toldCustomer: true,
      },
    });
    expect(promised.status, promised.text).toBe(201);
    const list = await t.request({ method: "GET", url: "/api/me/end-of-shift", headers: h.maya.auth });
    expect(list.status, list.text).toBe(200);
    expect(list.body).toMatchObject({
      staffId: h.maya.id,
      shiftEndsAt: AT("15:15"),
      nextInAt: AT("09:00", 9),
    });
    const item = list.body.cases.find((c: { caseId: string }) => c.caseId === mine.id);
    // The 16:30 call back falls due before she is back; the first reply (Wed 10:00) does not.
    expect(item.promisesDue.map((p: { description: string }) => p.description)).toEqual([
      "Call back about the proof",
    ]);
    expect(item.card.wants).toBe("Maya's open case");
    // Her manager may read it; a colleague may not (it tells when she goes and comes back).
    expect(
      (await t.request({ method: "GET", url: `/api/staff/${h.maya.id}/end-of-shift`, headers: h.owen.auth }))
        .status,
    ).toBe(200);
    expect(
      (await t.request({ method: "GET", url: `/api/staff/${h.maya.id}/end-of-shift`, headers: h.rita.auth }))
        .status,
    ).toBe(403);
    const done = await t.request({
      method: "POST",
      url: "/api/me/end-of-shift/handover",
      headers: h.maya.auth,
      json: { routed: true, note: "Call the customer back before 17:00." },
    });
    expect(done.status, done.text).toBe(200);
    const handed = done.body.handoffs.find((x: { caseId: string }) => x.caseId === mine.id);
    // Routed to someone at Maya's level on duty past the margin: Owen (her manager).
    expect(handed).toMatchObject({
      kind: "shift_end",
      toStaffId: h.owen.id,
      card: { nextStep: "Call the customer back before 17:00." },
    });
    const kase = await t.request({ method: "GET", url: `/api/cases/${mine.id}`, headers: h.maya.auth });
    expect(kase.body).toMatchObject({
      assigneeId: h.owen.id,
      handover: { id: handed.id, kind: "shift_end" },
    });
  });

  it("a promise at risk escalates the case up the assignee's chain, once", async () => {
    t.clock.set(AT("10:00"));
    const c = await newCase("Slow reply");
    const promises = await t.request({
      method: "GET",
      url: `/api/cases/${c.id}/promises`,
      headers: h.rita.auth,
    });
    const first = promises.body.find((p: { target: string | null }) => p.target === "first_reply");
    const work = {
      id: "w1",
      workspaceId: ws.workspace.id,
      kind: "promise.warning",
      subjectId: first.id,
      dueAt: first.warnAt,
      payload: { promiseId: first.id, dueAt: first.dueAt },
      attempts: 0,
    };
    t.clock.set(first.warnAt);
    await PROMISE_JOB_HANDLERS["promise.warning"]!(t.deps, work as never);
    await PROMISE_JOB_HANDLERS["promise.warning"]!(t.deps, work as never);
    const handoffs = await t.request({
      method: "GET",
      url: `/api/cases/${c.id}/handoffs`,
      headers: h.rita.auth,
    });
    expect(handoffs.body).toHaveLength(1);
    // Rita is an agent: the level above is supervisor, and Sam (her manager) is in until 16:00.
    expect(handoffs.body[0]).toMatchObject({
      kind: "escalation",
      level: "supervisor",
      toStaffId: h.sam.id,
      fromStaffId: null,
      reason: "Promise at risk: First reply",
    });
    const audit = await t.request({
      method: "GET",
      url: `/api/audit?subjectId=${c.id}`,
      headers: h.owen.auth,
    });
    expect(audit.body.items.map((e: { action: string }) => e.action)).toContain("case.escalated");
  });

  it("a case that came by email: the customer's notice goes out through the outbound mail path", async () => {
    t.clock.set(AT("11:00", 9));
    t.deps.mail = {
      settings: { ...DEFAULT_MAIL_SETTINGS, addresses: [{ address: "desk@esc.example", workspace: "esc" }] },
      transport: null,
    };
    try {
      const c = await newCase("Invoice by email", { channel: "email" });
      const handed = await t.request({
        method: "POST",
        url: `/api/cases/${c.id}/handoffs`,
        headers: h.rita.auth,
        json: {
          toStaffId: h.owen.id,
          reason: "Owner's decision",
          card: { nextStep: "Reply about the invoice." },
        },
      });
      expect(handed.status, handed.text).toBe(201);
      const ack = await t.request({
        method: "POST",
        url: `/api/handoffs/${handed.body.id}/acknowledge`,
        headers: h.owen.auth,
      });
      expect(ack.status, ack.text).toBe(200);
      const mail = await t.request({ method: "GET", url: `/api/cases/${c.id}/mail`, headers: h.owen.auth });
      expect(mail.status, mail.text).toBe(200);
      const out = (mail.body as { direction: string; purpose: string }[]).filter(
        (m) => m.direction === "out",
      );
      // The receiver's notification, and the one reply to the customer.
      expect(out.map((m) => m.purpose).sort()).toEqual(["notification", "reply"]);
      const raw = await t.deps.db
        .selectFrom("mail_messages")
        .select(["recipient", "raw"])
        .where("workspace_id", "=", ws.workspace.id)
        .where("case_id", "=", c.id)
        .where("purpose", "=", "reply")
        .executeTakeFirstOrThrow();
      expect(raw.recipient).toBe("dana.cross@example.com");
      // Quoted-printable: soft line breaks removed, the words are the portal's.
      expect(raw.raw.toString("utf8").replace(/=\r?\n/g, "")).toContain(
        "Owen has your case now and has its whole history, so you don't need to repeat anything.",
      );
    } finally {
      delete t.deps.mail;
    }
  });
});
