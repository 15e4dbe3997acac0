import { beforeAll, expect, it } from "vitest";
import { createTestWorkspace, TEST_PASSWORD, type TestWorkspace } from "../support/factories.js";
import { eachDialect, useTestApp } from "../support/harness.js";
import { addStaff, HOURS, tokenFor } from "../support/schedules.js";
import { setUpHarborTerms } from "../support/terms.js";

// The harness clock: Mon 7 Dec 2026 10:30 New York (15:30Z).

eachDialect("messages for staff", (dialect) => {
  const t = useTestApp(dialect);
  let ws: TestWorkspace;
  let colin: string;
  let pat: string;
  let sam: string;
  let dan: string;
  let colinAuth: { authorization: string };
  let rita: { authorization: string };
  let messageId: string;
  let caseId: string;

  beforeAll(async () => {
    ws = await createTestWorkspace(t.deps, "msg");
    const terms = await setUpHarborTerms(t, ws);
    const admin = ws.members.admin.auth;
    rita = ws.members.receptionist.auth;
    sam = await addStaff(
      t,
      admin,
      { name: "Sam", email: "sam@msg.example", role: "supervisor", authority: "supervisor" },
      HOURS.sam,
    );
    colin = await addStaff(
      t,
      admin,
      {
        name: "Colin",
        email: "colin@msg.example",
        role: "agent",
        authority: "agent",
        reportsToId: sam,
        password: TEST_PASSWORD,
        workContacts: [{ kind: "email", label: "Work email", value: "colin.work@msg.example" }],
        privateContacts: [{ kind: "mobile", label: "cell", value: "+1-555-0100" }],
      },
      HOURS.colin,
    );
    pat = await addStaff(
      t,
      admin,
      {
        name: "Pat",
        email: "pat@msg.example",
        role: "agent",
        authority: "agent",
        disclosure: "protected",
        reportsToId: sam,
      },
      HOURS.pat,
    );
    colinAuth = await tokenFor(t, "msg", "colin@msg.example", TEST_PASSWORD);
    const acme = await t.request({
      method: "POST",
      url: "/api/clients",
      headers: admin,
      json: { name: "Acme" },
    });
    await t.request({
      method: "PUT",
      url: `/api/clients/${acme.body.id}/agreement`,
      headers: admin,
      json: { agreementId: terms.standardId },
    });
    const customer = await t.request({
      method: "POST",
      url: "/api/customers",
      headers: admin,
      json: { name: "Dan Reyes", phone: "+1-555-0201", clientId: acme.body.id },
    });
    dan = customer.body.id;
  });

  it("S1: Rita takes a message for Colin: a new case, his inbox, a callback due Tue 8 Dec 10:00", async () => {
    const res = await t.request({
      method: "POST",
      url: "/api/messages",
      headers: rita,
      json: {
        staffId: colin,
        customerId: dan,
        fromName: "Dan Reyes",
        reachAt: "+1-555-0201",
        about: "Collecting PO-7731, was due last Wednesday",
        urgency: "normal",
        channel: "walk_in",
      },
    });
    expect(res.status, res.text).toBe(201);
    messageId = res.body.message.id;
    caseId = res.body.case.id;
    expect(res.body.case.joined).toBe(false);
    expect(res.body.promise).toMatchObject({ dueAt: "2026-12-08T15:00:00.000Z", status: "open" });
    expect(res.body.customerWording).toBe(
      "I have passed your message to Colin. We will call you back by Tue 8 Dec, 10:00 (New York time).",
    );
    expect(res.body.message).toMatchObject({
      staffId: colin,
      staffName: "Colin",
      status: "open",
      readAt: null,
      urgency: "normal",
    });
    expect(res.text).not.toContain("555-0100");

    const promises = await t.request({ method: "GET", url: `/api/cases/${caseId}/promises`, headers: rita });
    const callback = promises.body.find((p: { kind: string }) => p.kind === "callback_by");
    expect(callback).toMatchObject({
      dueAt: "2026-12-08T15:00:00.000Z",
      toldCustomer: true,
      target: "callback",
    });
    const timeline = await t.request({ method: "GET", url: `/api/cases/${caseId}/entries`, headers: rita });
    expect(timeline.body.items.map((e: { body: string }) => e.body)).toContain(
      "Message taken for Colin from Dan Reyes: Collecting PO-7731, was due last Wednesday",
    );
    const outbox = await t.deps.db
      .selectFrom("notifications")
      .selectAll()
      .where("subject_id", "=", messageId)
      .execute();
    expect(outbox).toEqual([
      expect.objectContaining({
        channel: "email",
        status: "queued",
        to_address: "colin.work@msg.example",
        recipient_staff_id: colin,
      }),
    ]);
    expect(outbox[0]!.body).toContain("We will call you back by Tue 8 Dec, 10:00 (New York time)");
  });

  it("a second message from the same customer joins the open case", async () => {
    const res = await t.request({
      method: "POST",
      url: "/api/messages",
      headers: rita,
      json: {
        staffId: colin,
        customerId: dan,
        fromName: "Dan Reyes",
        reachAt: "dan@acme.example",
        about: "Also the banner",
        urgency: "normal",
      },
    });
    expect(res.status, res.text).toBe(201);
    expect(res.body.case).toMatchObject({ id: caseId, joined: true });
  });

  it("Colin's inbox: two unread; he reads one, returns the call and the promise is kept", async () => {
    const count = await t.request({ method: "GET", url: "/api/messages/unread-count", headers: colinAuth });
    expect(count.body).toEqual({ staffId: colin, unread: 2 });
    const inbox = await t.request({ method: "GET", url: "/api/messages?limit=1", headers: colinAuth });
    expect(inbox.body.items).toHaveLength(1);
    expect(inbox.body.nextCursor).not.toBeNull();
    const next = await t.request({
      method: "GET",
      url: `/api/messages?limit=1&cursor=${inbox.body.nextCursor}`,
      headers: colinAuth,
    });
    expect(next.body.items[0].id).toBe(messageId);
    const read = await t.request({
      method: "POST",
      url: `/api/messages/${messageId}/read`,
      headers: colinAuth,
    });
    expect(read.body.readAt).toBe("2026-12-07T15:30:00.000Z");
    expect(
      (await t.request({ method: "GET", url: "/api/messages/unread-count", headers: colinAuth })).body.unread,
    ).toBe(1);

    t.clock.set("2026-12-08T14:20:00.000Z"); // Tue 09:20
    const back = await t.request({
      method: "POST",
      url: `/api/messages/${messageId}/return`,
      headers: colinAuth,
      json: { note: "Picked up at 11" },
    });
    expect(back.status, back.text).toBe(200);
    expect(back.body).toMatchObject({ status: "returned", returnedAt: "2026-12-08T14:20:00.000Z" });
    expect(back.body.promise.status).toBe("kept");
    const again = await t.request({
      method: "POST",
      url: `/api/messages/${messageId}/return`,
      headers: colinAuth,
      json: {},
    });
    expect(again.status).toBe(409);
    const timeline = await t.request({ method: "GET", url: `/api/cases/${caseId}/entries`, headers: rita });
    expect(timeline.body.items.map((e: { body: string }) => e.body)).toContain(
      "Colin returned the call to Dan Reyes: Picked up at 11",
    );
  });

  it("the receptionist reads the message she took, but not Colin's inbox, and cannot return it", async () => {
    expect(
      (await t.request({ method: "GET", url: `/api/messages/${messageId}`, headers: rita })).status,
    ).toBe(200);
    expect(
      (await t.request({ method: "GET", url: `/api/messages?staffId=${colin}`, headers: rita })).status,
    ).toBe(403);
    const agent = await t.request({
      method: "GET",
      url: `/api/messages/${messageId}`,
      headers: ws.members.agent.auth,
    });
    expect(agent.status).toBe(404);
    const ret = await t.request({
      method: "POST",
      url: `/api/messages/${messageId}/return`,
      headers: rita,
      json: {},
    });
    expect(ret.status).toBe(404);
  });

  it("Colin hands the other message on to Sam: Sam's inbox, the same promise, an email to Sam", async () => {
    const mine = await t.request({ method: "GET", url: "/api/messages?status=open", headers: colinAuth });
    const other = mine.body.items[0];
    const res = await t.request({
      method: "POST",
      url: `/api/messages/${other.id}/hand-on`,
      headers: colinAuth,
      json: { staffId: sam, note: "Banner is Sam's" },
    });
    expect(res.status, res.text).toBe(200);
    expect(res.body).toMatchObject({
      staffId: sam,
      handedFromId: colin,
      handNote: "Banner is Sam's",
      readAt: null,
    });
    expect(res.body.promise.id).toBe(other.promise.id);
    expect(res.body.promise.status).toBe("open");
    const samInbox = await t.request({
      method: "GET",
      url: `/api/messages?staffId=${sam}`,
      headers: ws.members.admin.auth,
    });
    expect(samInbox.body.items.map((m: { id: string }) => m.id)).toEqual([other.id]);
    expect(
      (await t.request({ method: "GET", url: "/api/messages?status=open", headers: colinAuth })).body.items,
    ).toEqual([]);
    const outbox = await t.deps.db
      .selectFrom("notifications")
      .selectAll()
      .where("subject_id", "=", other.id)
      .orderBy("id")
      .execute();
    expect(outbox.map((n) => n.to_address)).toEqual(["colin.work@msg.example", "sam@msg.example"]);
    const bad = await t.request({
      method: "POST",
      url: `/api/messages/${other.id}/hand-on`,
      headers: ws.members.admin.auth,
      json: { staffId: sam },
    });
    expect(bad.status).toBe(400);
  });

  it("S1c: a message for protected Pat promises the desk's own callback time, not one from her hours", async () => {
    t.clock.set("2026-12-07T15:30:00.000Z"); // Mon 10:30; Pat is in at 12:00
    const res = await t.request({
      method: "POST",
      url: "/api/messages",
      headers: rita,
      json: {
        staffId: pat,
        customerId: dan,
        fromName: "Dan Reyes",
        reachAt: "+1-555-0201",
        about: "When is Pat in?",
        urgency: "normal",
      },
    });
    expect(res.status, res.text).toBe(201);
    // 60 working minutes from now (10:30) in the desk's hours: 11:30, not 12:00 + 60.
    expect(res.body.promise.dueAt).toBe("2026-12-07T16:30:00.000Z");
    expect(res.text).not.toContain("12:00");
    expect(res.text).not.toContain("13:00");
    expect(res.text).not.toContain("2026-12-07T17:00");
  });

  it("bad references are 400 naming the field", async () => {
    for (const [field, json] of [
      ["staffId", { staffId: "0190a0b0-0000-7000-8000-000000000000" }],
      ["customerId", { staffId: colin, customerId: "0190a0b0-0000-7000-8000-000000000000" }],
      ["caseId", { staffId: colin, caseId: "0190a0b0-0000-7000-8000-000000000000" }],
    ] as const) {
      const res = await t.request({
        method: "POST",
        url: "/api/messages",
        headers: rita,
        json: { fromName: "X", reachAt: "", about: "y", urgency: "normal", ...json },
      });
      expect(res.status).toBe(400);
      expect(res.body.field).toBe(field);
    }
  });

  it("S1: asking for Colin's cell is answered by P5 and recorded on the case", async () => {
    const res = await t.request({
      method: "POST",
      url: `/api/cases/${caseId}/private-contact-requests`,
      headers: rita,
      json: { staffId: colin, asked: "phone" },
    });
    expect(res.status, res.text).toBe(201);
    expect(res.body).toMatchObject({ policy: "P5", exceptionsAllowed: false });
    expect(res.body.customerWording).toMatch(/^I can't give out Colin's personal contact details/);
    expect(res.text).not.toContain("555-0100");
    const timeline = await t.request({ method: "GET", url: `/api/cases/${caseId}/entries`, headers: rita });
    const entry = timeline.body.items.find((e: { id: string }) => e.id === res.body.entryId);
    expect(entry).toMatchObject({ kind: "event", body: "private contact requested — refused (P5)" });
    expect(entry.data).toMatchObject({ event: "privacy.contact-refused", policy: "P5", staffId: colin });
    const audit = await t.request({
      method: "GET",
      url: `/api/audit?subjectId=${caseId}`,
      headers: ws.members.admin.auth,
    });
    expect(audit.body.items.map((e: { action: string }) => e.action)).toContain("privacy.contact-refused");
  });
});
