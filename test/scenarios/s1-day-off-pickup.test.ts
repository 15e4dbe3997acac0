import { beforeAll, describe, expect, it } from "vitest";
import { DEMO_PASSWORD, DEMO_PRIVATE_NUMBER } from "../../src/demo/demo.data.js";
import { loadDemo } from "../../src/demo/demo.js";
import { createRunner } from "../../src/duework/duework.service.js";
import { PAGING_JOB_HANDLERS } from "../../src/paging/paging.jobs.js";
import { eachDialect, useTestApp } from "../support/harness.js";

/*
 * S1 — the day-off pickup, with S1b (a Northwind customer on Sunday, urgent) and S1c ("when is
 * Pat in?"), through the API as the demo's people, on the demo workspace, with the clock at the
 * scenario times.
 */

const SUNDAY_1400 = "2026-12-06T19:00:00.000Z";
const MONDAY_1030 = "2026-12-07T15:30:00.000Z";
const TUESDAY_0930 = "2026-12-08T14:30:00.000Z";
/**
 * Pat's hours are 12:00–20:00: her start and her next-in from 10:30 (17:00Z). Her end is no
 * canary here — Owen also leaves at 20:00, and he may be said to. The odd-minute hunt in
 * test/security/private-schedules.test.ts covers every format.
 */
const PAT_CANARIES = ["12:00", "2026-12-07T17:00:00.000Z"];
const PRIVATE = [DEMO_PRIVATE_NUMBER, "555-0100", "5550100"];

eachDialect("S1 the day-off pickup", (dialect) => {
  const t = useTestApp(dialect);
  const as: Record<string, { cookie: string; "x-csrf-token": string }> = {};
  const ids: Record<string, string> = {};
  /** Every response Rita (the receptionist) got, to hunt through at the end. */
  const ritaSaw: string[] = [];

  /** Signs everyone in at the current (fake) time: sessions last 12 hours. */
  async function signIn() {
    for (const who of ["rita", "colin", "sam", "maya", "pat"]) {
      const res = await t.request({
        method: "POST",
        url: "/api/auth/login",
        json: { workspace: "harbor", email: `${who}@harbor.example`, password: DEMO_PASSWORD },
      });
      expect(res.status).toBe(200);
      as[who] = {
        cookie: String(res.headers["set-cookie"]).split(";")[0]!,
        "x-csrf-token": res.body.csrfToken,
      };
    }
  }

  /** Moves the clock to a scenario time and signs everyone in again. */
  async function at(instant: string) {
    t.clock.set(instant);
    await signIn();
  }

  async function call(who: string, method: "GET" | "POST", url: string, json?: unknown) {
    const res = await t.request({ method, url, headers: as[who]!, ...(json !== undefined && { json }) });
    if (who === "rita") ritaSaw.push(`${method} ${url}\n${res.text}`);
    return res;
  }

  beforeAll(async () => {
    t.clock.set("2026-12-01T12:00:00.000Z");
    expect(await loadDemo(t.deps)).toBe(true);
    for (const who of ["rita", "colin", "sam", "maya", "pat"]) {
      const res = await t.request({
        method: "POST",
        url: "/api/auth/login",
        json: { workspace: "harbor", email: `${who}@harbor.example`, password: DEMO_PASSWORD },
      });
      expect(res.status).toBe(200);
      as[who] = {
        cookie: String(res.headers["set-cookie"]).split(";")[0]!,
        "x-csrf-token": res.body.csrfToken,
      };
    }
    const staff = await t.request({ method: "GET", url: "/api/staff?limit=50", headers: as.rita! });
    for (const s of staff.body.items as { id: string; name: string }[]) ids[s.name.toLowerCase()] = s.id;
    const customers = await t.request({ method: "GET", url: "/api/customers?limit=50", headers: as.rita! });
    for (const c of customers.body.items as { id: string; name: string }[])
      ids[c.name.split(" ")[0]!.toLowerCase()] = c.id;
  });

  describe("S1b: a Northwind customer on Sunday 14:00, marked urgent", () => {
    let pageId: string;
    let caseId: string;

    it("the desk takes the message for Colin and pages the on-call person, Sam", async () => {
      await at(SUNDAY_1400);
      const card = await call("rita", "GET", `/api/staff/${ids.colin}/status`);
      expect(card.body).toMatchObject({ state: "off", nextInAt: "2026-12-08T14:00:00.000Z" });
      const res = await call("rita", "POST", "/api/messages", {
        staffId: ids.colin,
        customerId: ids.nora,
        fromName: "Nora Lind",
        reachAt: "+1-555-0202",
        about: "Label printer down, wants Colin now",
        urgency: "urgent",
      });
      expect(res.status, res.text).toBe(201);
      caseId = res.body.case.id;
      expect(res.body.urgent).toMatchObject({ paged: true, page: { currentName: "Sam", status: "paging" } });
      pageId = res.body.urgent.page.id;
      expect(res.body.urgent.customerWording).toMatch(/paged our on-call colleague/);
      // 24/7 terms: Colin's next-in (Tue 09:00) plus 60 real minutes.
      expect(res.body.promise.dueAt).toBe("2026-12-08T15:00:00.000Z");
    });

    it("Sam sees the page (in the app, by email, by the gateway's due work) and accepts; the case is his", async () => {
      const mine = await call("sam", "GET", "/api/pages?mine=true");
      expect(mine.body.map((p: { id: string }) => p.id)).toEqual([pageId]);
      const email = await t.deps.db
        .selectFrom("notifications")
        .select(["to_address", "channel"])
        .where("subject_id", "=", pageId)
        .execute();
      expect(email).toEqual([{ to_address: "sam@harbor.example", channel: "email" }]);
      const accepted = await call("sam", "POST", `/api/pages/${pageId}/accept`);
      expect(accepted.body).toMatchObject({ status: "accepted", acceptedByName: "Sam" });
      const c = await call("rita", "GET", `/api/cases/${caseId}`);
      expect(c.body.assigneeId).toBe(ids.sam);
      // The escalation due work finds the page accepted and does nothing.
      const runner = createRunner(t.deps, {
        instanceId: "s1b",
        handlers: PAGING_JOB_HANDLERS,
        onError: () => undefined,
      });
      t.clock.set(new Date(Date.parse(SUNDAY_1400) + 15 * 60_000).toISOString());
      await runner.runOnce();
      await runner.stop();
      expect((await call("rita", "GET", `/api/pages/${pageId}`)).body.status).toBe("accepted");
    });
  });

  describe("S1: Monday 10:30, Dan walks in for his package and asks for Colin", () => {
    let pickup: string;

    it("the desk shows Rita: Colin is off today, next in Tue 8 Dec 09:00, with words to say", async () => {
      await at(MONDAY_1030);
      const res = await call("rita", "GET", "/api/desk/status?q=colin");
      expect(res.body).toEqual([
        expect.objectContaining({
          name: "Colin",
          state: "off",
          nextInAt: "2026-12-08T14:00:00.000Z",
          receptionistWording: "Colin is off today; next in Tue 8 Dec 09:00.",
          customerWording:
            "Colin is off today and is next in on Tue 8 Dec 09:00 (New York time). Can I help you, or take a message?",
        }),
      ]);
    });

    it("asking for Colin's cell is answered by P5, and the timeline records it", async () => {
      const c = await call("rita", "GET", "/api/cases/by-number/1001");
      pickup = c.body.id;
      const res = await call("rita", "POST", `/api/cases/${pickup}/private-contact-requests`, {
        staffId: ids.colin,
        asked: "phone",
      });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ policy: "P5", exceptionsAllowed: false });
      const timeline = await call("rita", "GET", `/api/cases/${pickup}/entries?limit=200`);
      expect(timeline.body.items.map((e: { body: string }) => e.body)).toContain(
        "private contact requested — refused (P5)",
      );
    });

    it("Rita takes a message: Colin's inbox, a callback due Tue 8 Dec 10:00, the customer told that time", async () => {
      const res = await call("rita", "POST", "/api/messages", {
        staffId: ids.colin,
        customerId: ids.dan,
        fromName: "Dan Reyes",
        reachAt: "+1-555-0201",
        about: "Pickup of PO-7731; says it's urgent",
        urgency: "urgent",
        channel: "walk_in",
      });
      expect(res.status, res.text).toBe(201);
      expect(res.body.case).toMatchObject({ id: pickup, joined: true });
      expect(res.body.promise).toMatchObject({ dueAt: "2026-12-08T15:00:00.000Z", status: "open" });
      expect(res.body.customerWording).toBe(
        "I have passed your message to Colin. We will call you back by Tue 8 Dec, 10:00 (New York time).",
      );
      // Acme has no after-hours cover: the urgent claim pages nobody; the desk offers who can help now.
      expect(res.body.urgent).toMatchObject({ paged: false, page: null });
      expect(res.body.urgent.reason).toMatch(/no after-hours cover/);
      expect(res.body.urgent.whoCanHelp.map((h: { name: string }) => h.name)).toEqual(
        expect.arrayContaining(["Sam", "Maya", "Owen"]),
      );
      expect(res.body.urgent.whoCanHelp.map((h: { name: string }) => h.name)).not.toContain("Pat");
      const who = await call("rita", "GET", `/api/cases/${pickup}/who-can-help`);
      expect(who.body.length).toBeGreaterThan(0);
      const pages = await call("rita", "GET", `/api/pages?caseId=${pickup}`);
      expect(pages.body).toEqual([]);
    });

    it("it lands in Colin's inbox (and his work email); Tuesday he returns the call and the promise is kept", async () => {
      const inbox = await call("colin", "GET", "/api/messages?status=open");
      const msg = inbox.body.items.find((m: { about: string }) => m.about.startsWith("Pickup"));
      expect(msg).toMatchObject({ fromName: "Dan Reyes", reachAt: "+1-555-0201", readAt: null });
      const mail = await t.deps.db
        .selectFrom("notifications")
        .select("to_address")
        .where("subject_id", "=", msg.id)
        .executeTakeFirstOrThrow();
      expect(mail.to_address).toBe("colin@harbor.example");
      await at(TUESDAY_0930);
      const back = await call("colin", "POST", `/api/messages/${msg.id}/return`, {
        note: "Package collected",
      });
      expect(back.body).toMatchObject({ status: "returned", promise: { status: "kept" } });
    });

    it("Colin's private number reached nothing Rita saw; Colin himself can read it", async () => {
      const leaks = ritaSaw.filter((text) => PRIVATE.some((n) => text.includes(n)));
      expect(leaks).toEqual([]);
      const own = await call("colin", "GET", `/api/staff/${ids.colin}`);
      expect(own.body.privateContacts.map((c: { value: string }) => c.value)).toEqual([DEMO_PRIVATE_NUMBER]);
    });
  });

  describe('S1c: "When is Pat in?"', () => {
    it("the desk says it cannot share staff schedules and offers to help or take a message", async () => {
      await at(MONDAY_1030);
      const before = ritaSaw.length;
      const cards = await call("rita", "GET", "/api/desk/status?q=pat");
      expect(cards.body).toEqual([
        expect.objectContaining({
          name: "Pat",
          state: "not_shared",
          nextInAt: null,
          onDutyUntil: null,
          customerWording: "I can't share staff schedules — can I help you, or take a message?",
        }),
      ]);
      const schedule = await call("rita", "GET", `/api/staff/${ids.pat}/schedule`);
      expect(schedule.body).toMatchObject({ access: "protected", hours: null, shifts: [] });
      const msg = await call("rita", "POST", "/api/messages", {
        staffId: ids.pat,
        customerId: ids.walt,
        fromName: "Walt Hughes",
        reachAt: "+1-555-0204",
        about: "Wants to speak to Pat",
        urgency: "normal",
      });
      expect(msg.status, msg.text).toBe(201);
      expect(msg.body.promise.dueAt).toBe("2026-12-07T16:30:00.000Z"); // the desk's 60 minutes from now
      t.clock.set("2026-12-07T18:00:00.000Z"); // 13:00: Pat is in, and still nobody may say so
      const onDuty = await call("rita", "GET", "/api/on-duty");
      expect(onDuty.body.map((p: { name: string }) => p.name)).not.toContain("Pat");
      const seen = ritaSaw.slice(before).join("\n");
      expect(PAT_CANARIES.filter((c) => seen.includes(c))).toEqual([]);
    });

    it("Pat and her manager Sam see her hours; the words for customers stay the same", async () => {
      for (const who of ["pat", "sam"]) {
        const card = await call(who, "GET", `/api/staff/${ids.pat}/status`);
        expect(card.body).toMatchObject({ state: "in", onDutyUntil: "2026-12-08T01:00:00.000Z" });
        expect(card.body.customerWording).toBe(
          "I can't share staff schedules — can I help you, or take a message?",
        );
      }
      const inbox = await call("pat", "GET", "/api/messages");
      expect(inbox.body.items.map((m: { fromName: string }) => m.fromName)).toContain("Walt Hughes");
    });
  });
});
