import { afterAll, beforeAll, expect, it } from "vitest";
import { createRunner, type Runner } from "../../src/duework/duework.service.js";
import { PAGING_JOB_HANDLERS } from "../../src/paging/paging.jobs.js";
import { createTestWorkspace, TEST_PASSWORD, type TestWorkspace } from "../support/factories.js";
import { startGateway, type Gateway } from "../support/gateway.js";
import { eachDialect, useTestApp } from "../support/harness.js";
import { addStaff, AFTER_HOURS_SPEC, HOURS, tokenFor } from "../support/schedules.js";
import { setUpHarborTerms } from "../support/terms.js";

const SUNDAY_14 = "2026-12-06T19:00:00.000Z"; // Sun 6 Dec 14:00 New York (S1b)
const MONDAY_1030 = "2026-12-07T15:30:00.000Z";
const plus = (iso: string, minutes: number) => new Date(Date.parse(iso) + minutes * 60_000).toISOString();

eachDialect("urgent requests and pages", (dialect) => {
  const t = useTestApp(dialect);
  let ws: TestWorkspace;
  let gateway: Gateway;
  let runner: Runner;
  let sam: string;
  let maya: string;
  let owen: string;
  let colin: string;
  let nora: string;
  let dan: string;
  let rotaId: string;
  const auth: Record<string, { authorization: string }> = {};

  beforeAll(async () => {
    gateway = await startGateway();
    runner = createRunner(t.deps, {
      instanceId: "paging-test",
      handlers: PAGING_JOB_HANDLERS,
      onError: () => undefined,
    });
    ws = await createTestWorkspace(t.deps, "page");
    const terms = await setUpHarborTerms(t, ws);
    const admin = ws.members.admin.auth;
    const person = (name: string, role: string, authority: string, extra: Record<string, unknown> = {}) => ({
      name,
      email: `${name.toLowerCase()}@page.example`,
      role,
      authority,
      password: TEST_PASSWORD,
      workContacts: [
        { kind: "mobile", label: "Work mobile", value: `+1-555-01${name.length}${name.length}` },
      ],
      ...extra,
    });
    owen = await addStaff(t, admin, person("Owen", "admin", "owner"), HOURS.owen);
    maya = await addStaff(t, admin, person("Maya", "manager", "manager", { reportsToId: owen }), HOURS.maya);
    sam = await addStaff(
      t,
      admin,
      person("Sam", "supervisor", "supervisor", { reportsToId: owen }),
      HOURS.sam,
    );
    colin = await addStaff(t, admin, person("Colin", "agent", "agent", { reportsToId: sam }), HOURS.colin);
    for (const [key, email] of [
      ["sam", "sam@page.example"],
      ["maya", "maya@page.example"],
      ["owen", "owen@page.example"],
    ] as const)
      auth[key] = await tokenFor(t, "page", email, TEST_PASSWORD);
    const rota = await t.request({
      method: "POST",
      url: "/api/rotas",
      headers: admin,
      json: {
        name: "After hours",
        hours: AFTER_HOURS_SPEC,
        handoverDay: "mon",
        handoverTime: "09:00",
        startsOn: "2026-11-30",
        memberIds: [sam, maya],
        ackMinutes: 10,
        webhookUrl: gateway.url,
      },
    });
    expect(rota.status, rota.text).toBe(201);
    rotaId = rota.body.id;
    const set = await t.request({
      method: "PUT",
      url: `/api/agreements/${terms.aroundId}/on-call-rota`,
      headers: admin,
      json: { rotaId },
    });
    expect(set.status).toBe(200);
    const client = async (name: string, agreementId: string) => {
      const c = await t.request({ method: "POST", url: "/api/clients", headers: admin, json: { name } });
      await t.request({
        method: "PUT",
        url: `/api/clients/${c.body.id}/agreement`,
        headers: admin,
        json: { agreementId },
      });
      return c.body.id as string;
    };
    const northwind = await client("Northwind", terms.aroundId);
    const acme = await client("Acme", terms.standardId);
    const customer = async (name: string, clientId: string) =>
      (await t.request({ method: "POST", url: "/api/customers", headers: admin, json: { name, clientId } }))
        .body.id as string;
    nora = await customer("Nora Lind", northwind);
    dan = await customer("Dan Reyes", acme);
  });

  afterAll(async () => {
    await runner.stop();
    await gateway.close();
  });

  let caseId: string;
  let pageId: string;

  it("S1b: Sunday 14:00, a Northwind customer's urgent request pages Sam, who is on call", async () => {
    t.clock.set(SUNDAY_14);
    const c = await t.request({
      method: "POST",
      url: "/api/cases",
      headers: ws.members.receptionist.auth,
      json: { subject: "Labels printer down, need Colin", channel: "phone", customerId: nora },
    });
    caseId = c.body.id;
    const res = await t.request({
      method: "POST",
      url: `/api/cases/${caseId}/urgent`,
      headers: ws.members.receptionist.auth,
      json: { requestedStaffId: colin, note: "Ships at 07:00" },
    });
    expect(res.status, res.text).toBe(200);
    expect(res.body).toMatchObject({ paged: true, reason: null, whoCanHelp: [] });
    expect(res.body.page).toMatchObject({
      status: "paging",
      step: 0,
      remaining: 2,
      currentStaffId: sam,
      currentName: "Sam",
      deadlineAt: plus(SUNDAY_14, 10),
      canAccept: false,
    });
    pageId = res.body.page.id;
    expect(res.body.requested).toMatchObject({
      staffId: colin,
      state: "off",
      nextInAt: "2026-12-08T14:00:00.000Z",
    });
    expect(res.body.customerWording).toMatch(/paged our on-call colleague/);
    const again = await t.request({
      method: "POST",
      url: `/api/cases/${caseId}/urgent`,
      headers: ws.members.receptionist.auth,
      json: {},
    });
    expect(again.body.page.id).toBe(pageId); // one page per case at a time
    const mine = await t.request({ method: "GET", url: "/api/pages?mine=true", headers: auth.sam! });
    expect(mine.body.map((p: { id: string; canAccept: boolean }) => [p.id, p.canAccept])).toEqual([
      [pageId, true],
    ]);
    const emails = await t.deps.db
      .selectFrom("notifications")
      .selectAll()
      .where("subject_id", "=", pageId)
      .where("channel", "=", "email")
      .execute();
    expect(emails.map((e) => e.to_address)).toEqual(["sam@page.example"]);
  });

  it("the webhook reaches a real gateway, retried after a 503", async () => {
    gateway.answers.push(503);
    const first = await runner.runOnce();
    expect(first).toMatchObject({ claimed: 1, failed: 1 });
    expect(gateway.received).toHaveLength(1);
    const hook = await t.deps.db
      .selectFrom("notifications")
      .selectAll()
      .where("subject_id", "=", pageId)
      .where("channel", "=", "webhook")
      .executeTakeFirstOrThrow();
    expect(hook).toMatchObject({
      status: "queued",
      attempts: 1,
      last_error: "Error: the gateway answered 503",
    });
    t.clock.set(plus(SUNDAY_14, 1)); // the retry is due 30 s later
    const second = await runner.runOnce();
    expect(second).toMatchObject({ claimed: 1, done: 1 });
    expect(gateway.received).toHaveLength(2);
    const sent = gateway.received[1]!;
    expect(sent.headers["x-frontdesk-event"]).toBe("page");
    expect(sent.headers["x-frontdesk-delivery"]).toBe(hook.id);
    expect(sent.body).toMatchObject({
      event: "page",
      pageId,
      step: 0,
      note: "Ships at 07:00",
      staff: { id: sam, name: "Sam", workPhone: "+1-555-0133" },
      acceptBy: plus(SUNDAY_14, 10),
    });
    const after = await t.deps.db
      .selectFrom("notifications")
      .select(["status", "attempts"])
      .where("id", "=", hook.id)
      .executeTakeFirstOrThrow();
    expect(after).toEqual({ status: "sent", attempts: 2 });
  });

  it("no answer from Sam in 10 minutes: the page moves to Maya; she declines; Owen (Sam's manager) is paged", async () => {
    t.clock.set(plus(SUNDAY_14, 9));
    expect((await runner.runOnce()).claimed).toBe(0);
    t.clock.set(plus(SUNDAY_14, 10));
    await runner.runOnce(); // the escalation, then (next sweep) the new webhook
    await runner.runOnce();
    const moved = await t.request({ method: "GET", url: `/api/pages/${pageId}`, headers: auth.maya! });
    expect(moved.body).toMatchObject({
      step: 1,
      currentStaffId: maya,
      canDecline: true,
      deadlineAt: plus(SUNDAY_14, 20),
    });
    expect(gateway.received.at(-1)?.body).toMatchObject({ step: 1, staff: { id: maya } });
    const notMine = await t.request({
      method: "POST",
      url: `/api/pages/${pageId}/decline`,
      headers: auth.owen!,
    });
    expect(notMine.status).toBe(403);
    const declined = await t.request({
      method: "POST",
      url: `/api/pages/${pageId}/decline`,
      headers: auth.maya!,
    });
    expect(declined.status, declined.text).toBe(200);
    expect(declined.body).toMatchObject({ step: 2, currentStaffId: owen, remaining: 0 });
    const stranger = await t.request({
      method: "POST",
      url: `/api/pages/${pageId}/accept`,
      headers: ws.members.agent.auth,
    });
    expect(stranger.status).toBe(403);
  });

  it("Sam, paged first, may still accept: the case is his and the page stops", async () => {
    const res = await t.request({ method: "POST", url: `/api/pages/${pageId}/accept`, headers: auth.sam! });
    expect(res.status, res.text).toBe(200);
    expect(res.body).toMatchObject({
      status: "accepted",
      acceptedById: sam,
      acceptedByName: "Sam",
      deadlineAt: null,
    });
    const c = await t.request({
      method: "GET",
      url: `/api/cases/${caseId}`,
      headers: ws.members.receptionist.auth,
    });
    expect(c.body.assigneeId).toBe(sam);
    t.clock.set(plus(SUNDAY_14, 60));
    await runner.runOnce();
    await runner.runOnce();
    const still = await t.request({ method: "GET", url: `/api/pages/${pageId}`, headers: auth.sam! });
    expect(still.body.status).toBe("accepted");
    const twice = await t.request({
      method: "POST",
      url: `/api/pages/${pageId}/accept`,
      headers: auth.owen!,
    });
    expect(twice.status).toBe(409);
    const timeline = await t.request({
      method: "GET",
      url: `/api/cases/${caseId}/entries`,
      headers: ws.members.receptionist.auth,
    });
    expect(timeline.body.items.map((e: { body: string }) => e.body)).toEqual(
      expect.arrayContaining([
        "Urgent: the on-call person was paged",
        "No answer in time; the page moved on",
        "The paged person declined; the page moved on",
        "The page was accepted; the on-call colleague has the case",
      ]),
    );
  });

  it("a page nobody accepts ends unanswered", async () => {
    t.clock.set("2026-12-12T20:00:00.000Z"); // Sat 15:00: Maya's week
    const c = await t.request({
      method: "POST",
      url: "/api/cases",
      headers: ws.members.receptionist.auth,
      json: { subject: "Urgent again", channel: "phone", customerId: nora },
    });
    const res = await t.request({
      method: "POST",
      url: `/api/cases/${c.body.id}/urgent`,
      headers: ws.members.receptionist.auth,
      json: {},
    });
    expect(res.body.page).toMatchObject({ currentStaffId: maya, remaining: 2 });
    for (let i = 1; i <= 3; i++) {
      t.clock.set(plus("2026-12-12T20:00:00.000Z", 10 * i));
      await runner.runOnce();
      await runner.runOnce();
    }
    const end = await t.request({
      method: "GET",
      url: `/api/pages/${res.body.page.id}`,
      headers: ws.members.admin.auth,
    });
    expect(end.body).toMatchObject({ status: "unanswered", currentStaffId: null, deadlineAt: null });
  });

  it("S1: Acme has no after-hours cover: an urgent claim pages nobody and offers who is on duty", async () => {
    t.clock.set(MONDAY_1030);
    const msg = await t.request({
      method: "POST",
      url: "/api/messages",
      headers: ws.members.receptionist.auth,
      json: {
        staffId: colin,
        customerId: dan,
        fromName: "Dan Reyes",
        reachAt: "+1-555-0201",
        about: "Package pickup",
        urgency: "urgent",
      },
    });
    expect(msg.status, msg.text).toBe(201);
    expect(msg.body.urgent).toMatchObject({
      paged: false,
      page: null,
      reason: "The client's agreement has no after-hours cover, so nobody is paged.",
      requested: { staffId: colin, state: "off", nextInAt: "2026-12-08T14:00:00.000Z" },
    });
    expect(msg.body.urgent.whoCanHelp.map((h: { staffId: string }) => h.staffId).sort()).toEqual(
      [maya, owen, sam].sort(),
    );
    expect(msg.body.urgent.customerWording).toMatch(
      /^Colin is off today and is next in on Tue 8 Dec 09:00 \(New York time\)\. \w+ is here now and can help you\.$/,
    );
    const pages = await t.request({
      method: "GET",
      url: `/api/pages?caseId=${msg.body.case.id}`,
      headers: ws.members.admin.auth,
    });
    expect(pages.body).toEqual([]);
  });

  it("Northwind in the desk's own hours: nobody is on call, so nobody is paged", async () => {
    const c = await t.request({
      method: "POST",
      url: "/api/cases",
      headers: ws.members.receptionist.auth,
      json: { subject: "Urgent in hours", channel: "phone", customerId: nora },
    });
    const res = await t.request({
      method: "POST",
      url: `/api/cases/${c.body.id}/urgent`,
      headers: ws.members.receptionist.auth,
      json: {},
    });
    expect(res.body).toMatchObject({ paged: false, reason: expect.stringMatching(/^Nobody is on call now/) });
    expect(res.body.whoCanHelp.length).toBeGreaterThan(0);
  });
});
