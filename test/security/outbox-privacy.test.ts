import { simpleParser } from "mailparser";
import { afterAll, beforeAll, expect, it } from "vitest";
import { DEFAULT_MAIL_SETTINGS } from "../../src/email/email.settings.js";
import { createRunner } from "../../src/duework/duework.service.js";
import { PAGING_JOB_HANDLERS } from "../../src/paging/paging.jobs.js";
import { createTestWorkspace, type TestWorkspace } from "../support/factories.js";
import { startGateway, type Gateway } from "../support/gateway.js";
import { eachDialect, useTestApp } from "../support/harness.js";
import { addStaff } from "../support/schedules.js";
import { setUpHarborTerms } from "../support/terms.js";

/*
 * What leaves by mail and by webhook: every rendered notification (the email bodies waiting for
 * the SMTP channel and the payloads POSTed to a real gateway) for messages and pages about Colin
 * (private cell +1-555-0100) and protected Pat (hours 12:17–20:43) holds neither.
 */

const NEEDLES = ["555-0100", "5550100", "12:17", "20:43", "T17:17", "T01:43"];
const SUNDAY_14 = "2026-12-06T19:00:00.000Z";

eachDialect("outbox privacy: rendered emails and webhooks", (dialect) => {
  const t = useTestApp(dialect);
  let ws: TestWorkspace;
  let gateway: Gateway;

  beforeAll(async () => {
    gateway = await startGateway();
    ws = await createTestWorkspace(t.deps, "outbox");
    // The desk has an address, so notification emails are composed as real mail (sending is off:
    // the rendered bytes are what is hunted below).
    t.deps.mail = {
      settings: {
        ...DEFAULT_MAIL_SETTINGS,
        addresses: [{ address: "desk@outbox.example", workspace: "outbox" }],
      },
      transport: null,
    };
    const terms = await setUpHarborTerms(t, ws);
    const admin = ws.members.admin.auth;
    const weekdays = (from: string, to: string) =>
      Object.fromEntries(["mon", "tue", "wed", "thu", "fri"].map((d) => [d, [[from, to]]]));
    const colin = await addStaff(
      t,
      admin,
      {
        name: "Colin",
        email: "colin@outbox.example",
        role: "agent",
        authority: "agent",
        workContacts: [{ kind: "mobile", label: "Work mobile", value: "+1-555-0121" }],
        privateContacts: [{ kind: "mobile", label: "Personal cell", value: "+1-555-0100" }],
      },
      { timeZone: "America/New_York", weekly: weekdays("09:00", "17:00") },
    );
    const pat = await addStaff(
      t,
      admin,
      {
        name: "Pat",
        email: "pat@outbox.example",
        role: "agent",
        authority: "agent",
        disclosure: "protected",
      },
      { timeZone: "America/New_York", weekly: weekdays("12:17", "20:43") },
    );
    const rota = await t.request({
      method: "POST",
      url: "/api/rotas",
      headers: admin,
      json: {
        name: "Weekend",
        hours: {
          timeZone: "America/New_York",
          weekly: { sat: [["00:00", "24:00"]], sun: [["00:00", "24:00"]] },
        },
        handoverDay: "mon",
        handoverTime: "09:00",
        startsOn: "2026-11-30",
        memberIds: [colin, pat],
        webhookUrl: gateway.url,
      },
    });
    expect(rota.status, rota.text).toBe(201);
    await t.request({
      method: "PUT",
      url: `/api/agreements/${terms.aroundId}/on-call-rota`,
      headers: admin,
      json: { rotaId: rota.body.id },
    });
    const client = await t.request({
      method: "POST",
      url: "/api/clients",
      headers: admin,
      json: { name: "Northwind" },
    });
    await t.request({
      method: "PUT",
      url: `/api/clients/${client.body.id}/agreement`,
      headers: admin,
      json: { agreementId: terms.aroundId },
    });
    const nora = await t.request({
      method: "POST",
      url: "/api/customers",
      headers: admin,
      json: { name: "Nora", clientId: client.body.id },
    });
    const rita = ws.members.receptionist.auth;
    t.clock.set(SUNDAY_14);
    for (const staffId of [colin, pat]) {
      const res = await t.request({
        method: "POST",
        url: "/api/messages",
        headers: rita,
        json: {
          staffId,
          customerId: nora.body.id,
          fromName: "Nora",
          reachAt: "+1-555-0202",
          about: "Wants Colin's cell and Pat's hours",
          urgency: "urgent",
        },
      });
      expect(res.status, res.text).toBe(201);
    }
    // The page reached Colin (on call this week); let it time out to Pat, sending both webhooks.
    const runner = createRunner(t.deps, {
      instanceId: "outbox",
      handlers: PAGING_JOB_HANDLERS,
      onError: () => undefined,
    });
    await runner.runOnce();
    t.clock.set(new Date(Date.parse(SUNDAY_14) + 11 * 60_000).toISOString());
    await runner.runOnce();
    await runner.runOnce();
    await runner.stop();
  });

  afterAll(async () => {
    await gateway.close();
  });

  it("queued emails and sent webhooks exist, and none holds a private number or protected hours", async () => {
    const rows = await t.deps.db
      .selectFrom("notifications")
      .selectAll()
      .where("workspace_id", "=", ws.workspace.id)
      .execute();
    expect(rows.filter((r) => r.channel === "email").length).toBeGreaterThanOrEqual(3);
    expect(rows.filter((r) => r.channel === "webhook" && r.status === "sent")).toHaveLength(2);
    expect(gateway.received).toHaveLength(2);
    for (const r of rows) {
      const text = `${r.to_address}\n${r.subject}\n${r.body}`;
      expect(
        NEEDLES.filter((n) => text.includes(n)),
        `${r.channel} ${r.kind} to ${r.to_address}`,
      ).toEqual([]);
    }
    for (const g of gateway.received)
      expect(NEEDLES.filter((n) => JSON.stringify(g).includes(n))).toEqual([]);
    // The gateway gets the work mobile to reach Colin — the number people may have.
    expect(gateway.received[0]?.body).toMatchObject({ staff: { name: "Colin", workPhone: "+1-555-0121" } });
  });

  it("the composed mail (headers, text and HTML, decoded) holds no private number or protected hours", async () => {
    const mails = await t.deps.db
      .selectFrom("mail_messages")
      .select(["raw", "purpose", "recipient"])
      .where("workspace_id", "=", ws.workspace.id)
      .where("direction", "=", "out")
      .execute();
    expect(mails.filter((m) => m.purpose === "notification").length).toBeGreaterThanOrEqual(3);
    const decoded: string[] = [];
    for (const m of mails) {
      const parsed = await simpleParser(Buffer.from(m.raw));
      const text = [
        [...parsed.headers].map(([k, v]) => `${k}: ${JSON.stringify(v)}`).join("\n"),
        parsed.text ?? "",
        typeof parsed.html === "string" ? parsed.html : "",
      ].join("\n");
      decoded.push(text);
      expect(
        NEEDLES.filter((n) => text.includes(n)),
        `${m.purpose} to ${m.recipient}`,
      ).toEqual([]);
    }
    // The hunt read real content: the message notification names the caller and her words.
    expect(decoded.some((text) => text.includes("Nora"))).toBe(true);
  });
});
