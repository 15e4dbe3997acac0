import { beforeAll, expect, it } from "vitest";
import { DEFAULT_MAIL_SETTINGS } from "../../src/email/email.settings.js";
import { createTestWorkspace, type TestWorkspace } from "../support/factories.js";
import { eachDialect, TEST_START, useTestApp, type TestApp } from "../support/harness.js";
import { messageIdOf, postMail, rawMail } from "../support/mail.js";
import { setUpHarborTerms } from "../support/terms.js";

const DESK = "support@inbound.example";

async function entriesOf(t: TestApp, ws: TestWorkspace, caseId: string) {
  const res = await t.request({
    method: "GET",
    url: `/api/cases/${caseId}/entries?limit=200`,
    headers: ws.members.agent.auth,
  });
  expect(res.status, res.text).toBe(200);
  return res.body.items as {
    kind: string;
    direction: string | null;
    channel: string | null;
    body: string;
    data: any;
    authorCustomerId: string | null;
  }[];
}

async function caseOf(t: TestApp, ws: TestWorkspace, id: string) {
  const res = await t.request({ method: "GET", url: `/api/cases/${id}`, headers: ws.members.agent.auth });
  expect(res.status, res.text).toBe(200);
  return res.body as {
    id: string;
    number: number;
    status: string;
    customerId: string | null;
    clientId: string | null;
    subject: string;
    dueAt: string | null;
  };
}

async function mailOfCase(t: TestApp, ws: TestWorkspace, id: string) {
  const res = await t.request({
    method: "GET",
    url: `/api/cases/${id}/mail`,
    headers: ws.members.agent.auth,
  });
  expect(res.status, res.text).toBe(200);
  return res.body as {
    id: string;
    direction: string;
    status: string;
    purpose: string | null;
    classification: string | null;
    recipients: string[];
    messageId: string;
  }[];
}

eachDialect("email in: pipeline through POST /api/mail/inbound", (dialect) => {
  const t = useTestApp(dialect);
  let ws: TestWorkspace;
  let other: TestWorkspace;
  let acmeId: string;
  const admin = () => ws.members.admin.auth;

  beforeAll(async () => {
    ws = await createTestWorkspace(t.deps, "inbound");
    other = await createTestWorkspace(t.deps, "inbound-other");
    await setUpHarborTerms(t, ws);
    t.deps.mail = {
      settings: {
        ...DEFAULT_MAIL_SETTINGS,
        addresses: [{ address: DESK, workspace: "inbound" }],
        senderPerHour: 5,
      },
      transport: null,
    };
    const client = await t.request({
      method: "POST",
      url: "/api/clients",
      headers: ws.members.admin.auth,
      json: { name: "Acme", domain: "acme.example", currency: "USD" },
    });
    expect(client.status, client.text).toBe(201);
    acmeId = client.body.id;
  });

  it("a new customer's mail opens a case: customer by domain, text, sanitised HTML, attachments, promise, acknowledgement", async () => {
    t.clock.set(TEST_START);
    const raw = await rawMail({
      from: '"Dan Ruiz" <Dan@Acme.example>',
      to: DESK,
      subject: "Where is my parcel?",
      text: "Hello, my parcel 1Z999 has not arrived.",
      html: '<p onclick="steal()">Hello, my <b>parcel</b> has not arrived.</p><script>alert(1)</script><img src="https://tracker.example/pixel.gif"><img src="cid:logo@dan">',
      attachments: [
        { filename: "receipt.pdf", content: Buffer.from("%PDF-1.4 receipt"), contentType: "application/pdf" },
        {
          filename: "logo.png",
          content: Buffer.from("89504e470d0a1a0a", "hex"),
          contentType: "image/png",
          cid: "logo@dan",
        },
      ],
    });
    const r = await postMail(t, admin(), raw);
    expect(r).toMatchObject({ status: "processed", classification: "human", caseCreated: true });
    const c = await caseOf(t, ws, r.caseId!);
    expect(c).toMatchObject({ subject: "Where is my parcel?", status: "new", clientId: acmeId });
    expect(c.dueAt).not.toBeNull();
    const customer = await t.request({
      method: "GET",
      url: `/api/customers/${c.customerId}`,
      headers: admin(),
    });
    expect(customer.body).toMatchObject({ name: "Dan Ruiz", email: "dan@acme.example", clientId: acmeId });

    const [entry] = await entriesOf(t, ws, c.id);
    expect(entry).toMatchObject({
      kind: "message",
      direction: "in",
      channel: "email",
      authorCustomerId: c.customerId,
    });
    expect(entry!.body).toContain("parcel 1Z999");
    expect(entry!.data.email).toMatchObject({
      messageId: messageIdOf(raw),
      kind: "human",
      automatic: false,
      hasHtml: true,
      remoteImages: 1,
      from: { address: "dan@acme.example", name: "Dan Ruiz" },
    });
    // In MIME order: the embedded logo sits with the HTML, the receipt after them.
    expect(
      entry!.data.email.attachments.map((a: any) => [a.filename, a.contentType, a.size, a.stored, a.inline]),
    ).toEqual([
      ["logo.png", "image/png", 8, true, true],
      ["receipt.pdf", "application/pdf", 16, true, false],
    ]);

    const html = await t.request({
      method: "GET",
      url: `/api/mail/${r.mailId}/html`,
      headers: ws.members.agent.auth,
    });
    expect(html.status).toBe(200);
    expect(html.headers["content-type"]).toMatch(/^text\/html/);
    expect(html.headers["content-security-policy"]).toContain("sandbox");
    expect(html.headers["content-security-policy"]).toContain("img-src data:;");
    expect(html.text).toContain("<b>parcel</b>");
    expect(html.text).not.toMatch(/script|onclick|steal/);
    expect(html.text).not.toMatch(/\ssrc="https:\/\/tracker\.example/);
    expect(html.text).toContain('data-remote-src="https://tracker.example/pixel.gif"');
    expect(html.text).toContain('src="data:image/png;base64,iVBORw0KGgo="');
    const remote = await t.request({
      method: "GET",
      url: `/api/mail/${r.mailId}/html?remote=true`,
      headers: ws.members.agent.auth,
    });
    expect(remote.text).toMatch(/\ssrc="https:\/\/tracker\.example\/pixel\.gif"/);
    expect(remote.headers["content-security-policy"]).toContain("img-src data: https: http:");

    const file = await t.request({
      method: "GET",
      url: `/api/mail/attachments/${r.attachmentIds[1]}`,
      headers: ws.members.agent.auth,
    });
    expect(file.status).toBe(200);
    expect(file.text).toBe("%PDF-1.4 receipt");
    expect(file.headers["content-type"]).toBe("application/octet-stream");
    expect(file.headers["content-disposition"]).toContain('filename="receipt.pdf"');
    // Another workspace's staff get the same 404 as for an id that never existed.
    const foreign = await t.request({
      method: "GET",
      url: `/api/mail/attachments/${r.attachmentIds[0]}`,
      headers: other.members.admin.auth,
    });
    expect(foreign.status).toBe(404);
    expect(
      (
        await t.request({
          method: "GET",
          url: `/api/mail/${r.mailId}/html`,
          headers: other.members.admin.auth,
        })
      ).status,
    ).toBe(404);

    const mail = await mailOfCase(t, ws, c.id);
    expect(mail.map((m) => [m.direction, m.purpose, m.status])).toEqual([
      ["in", null, "processed"],
      ["out", "acknowledgement", "off"],
    ]);
    expect(mail[1]!.recipients).toEqual(["dan@acme.example"]);
    const rawAck = await t.request({ method: "GET", url: `/api/mail/${mail[1]!.id}/raw`, headers: admin() });
    expect(rawAck.text).toMatch(/^Auto-Submitted: auto-replied/m);
    expect(rawAck.text).toMatch(
      new RegExp(`^In-Reply-To: <${messageIdOf(raw).replace(/[.$]/g, "\\$&")}>`, "m"),
    );
    expect(rawAck.text).toContain(`[#${c.number}]`);
    expect(rawAck.text).toContain("We will reply by Mon 7 Dec, 14:30 (New York time)");
  });

  it("replies join by In-Reply-To / References, then by token from the same customer; a stranger's token opens a new case", async () => {
    const first = await rawMail({
      from: "nora@acme.example",
      to: DESK,
      subject: "Invoice question",
      text: "Why two charges?",
    });
    const a = await postMail(t, admin(), first);
    const reply = await rawMail({
      from: "nora@acme.example",
      to: DESK,
      subject: "Re: Invoice question",
      text: "Any news?",
      inReplyTo: `<${messageIdOf(first)}>`,
      references: [`<${messageIdOf(first)}>`],
    });
    const b = await postMail(t, admin(), reply);
    expect(b).toMatchObject({ caseId: a.caseId, caseCreated: false });
    const viaColleague = await rawMail({
      from: "boss@acme.example",
      to: DESK,
      subject: "Re: Invoice",
      text: "Me too.",
      references: `<unknown@x> <${messageIdOf(reply)}>`,
    });
    expect(await postMail(t, admin(), viaColleague)).toMatchObject({ caseId: a.caseId });
    const byToken = await rawMail({
      from: "nora@acme.example",
      to: DESK,
      subject: `Invoice [#${a.caseNumber}]`,
      text: "Also this.",
    });
    expect(await postMail(t, admin(), byToken)).toMatchObject({ caseId: a.caseId, caseCreated: false });
    const stranger = await rawMail({
      from: "eve@evil.example",
      to: DESK,
      subject: `Hijack [#${a.caseNumber}]`,
      text: "Let me in.",
    });
    const s = await postMail(t, admin(), stranger);
    expect(s.caseCreated).toBe(true);
    expect(s.caseId).not.toBe(a.caseId);
    const entries = await entriesOf(t, ws, a.caseId!);
    expect(entries.filter((e) => e.kind === "message").map((e) => e.data.email.threadedBy)).toEqual([
      "new",
      "message-id",
      "message-id",
      "token",
    ]);
  });

  it("a customer's mail reopens a solved case; an automatic reply is recorded and leaves it solved, unanswered", async () => {
    const first = await rawMail({
      from: "olga@shop.example",
      to: DESK,
      subject: "Broken lid",
      text: "The lid broke.",
    });
    const a = await postMail(t, admin(), first);
    const solve = async () => {
      const res = await t.request({
        method: "PATCH",
        url: `/api/cases/${a.caseId}`,
        headers: ws.members.agent.auth,
        json: { status: "solved" },
      });
      expect(res.status, res.text).toBe(200);
    };
    await solve();
    const ooo = await rawMail({
      from: "olga@shop.example",
      to: DESK,
      subject: "Automatic reply: Broken lid",
      text: "I am out of the office.",
      inReplyTo: `<${messageIdOf(first)}>`,
      headers: { "Auto-Submitted": "auto-replied" },
    });
    const o = await postMail(t, admin(), ooo);
    expect(o).toMatchObject({ caseId: a.caseId, classification: "auto_reply", acknowledgementId: null });
    expect((await caseOf(t, ws, a.caseId!)).status).toBe("solved");
    const entries = await entriesOf(t, ws, a.caseId!);
    expect(entries.at(-1)!.data.email).toMatchObject({ kind: "auto_reply", automatic: true });
    const human = await rawMail({
      from: "olga@shop.example",
      to: DESK,
      subject: "Re: Broken lid",
      text: "Still broken!",
      inReplyTo: `<${messageIdOf(first)}>`,
    });
    await postMail(t, admin(), human);
    expect((await caseOf(t, ws, a.caseId!)).status).toBe("open");
    // Only the first mail was acknowledged.
    expect(
      (await mailOfCase(t, ws, a.caseId!)).filter((m) => m.direction === "out").map((m) => m.purpose),
    ).toEqual(["acknowledgement"]);
  });

  it("a bounce of our acknowledgement joins its case as automatic; a bounce about nothing we sent stays in the mail log", async () => {
    const first = await rawMail({ from: "gone@nowhere.example", to: DESK, subject: "Hello", text: "Hi." });
    const a = await postMail(t, admin(), first);
    const ack = (await mailOfCase(t, ws, a.caseId!)).find((m) => m.purpose === "acknowledgement")!;
    const dsn = [
      "From: Mail Delivery System <MAILER-DAEMON@mx.nowhere.example>",
      `To: ${DESK}`,
      "Subject: Undelivered Mail Returned to Sender",
      "MIME-Version: 1.0",
      'Content-Type: multipart/report; report-type=delivery-status; boundary="b1"',
      "",
      "--b1",
      "Content-Type: text/plain",
      "",
      "The mail system could not deliver your message.",
      "--b1",
      "Content-Type: message/delivery-status",
      "",
      "Reporting-MTA: dns; mx.nowhere.example",
      "",
      "Final-Recipient: rfc822; gone@nowhere.example",
      "Action: failed",
      "Status: 5.1.1",
      "--b1",
      "Content-Type: text/rfc822-headers",
      "",
      `Message-ID: <${ack.messageId}>`,
      `From: ${DESK}`,
      "Subject: [#1] We have your message",
      "--b1--",
      "",
    ].join("\r\n");
    const b = await postMail(t, admin(), Buffer.from(dsn));
    expect(b).toMatchObject({
      caseId: a.caseId,
      classification: "bounce",
      caseCreated: false,
      acknowledgementId: null,
    });
    const stray = Buffer.from(dsn.replace(ack.messageId, "never-sent@elsewhere.example"));
    const s = await postMail(t, admin(), stray);
    expect(s).toMatchObject({ status: "processed", classification: "bounce", caseId: null });
    const log = await t.request({
      method: "GET",
      url: "/api/mail?classification=bounce",
      headers: ws.members.agent.auth,
    });
    expect(log.body.items.map((m: any) => m.id)).toContain(s.mailId);
  });

  it("mail from our own address is a loop: recorded, no case, nothing sent", async () => {
    const raw = await rawMail({ from: DESK, to: DESK, subject: "Re: anything", text: "echo" });
    expect(await postMail(t, admin(), raw)).toMatchObject({
      status: "ignored",
      classification: "loop",
      caseId: null,
      acknowledgementId: null,
    });
  });

  it("a flooding sender is recorded but not turned into many cases", async () => {
    const results = [];
    for (let i = 0; i < 8; i++) {
      results.push(
        await postMail(
          t,
          admin(),
          await rawMail({ from: "flood@spam.example", to: DESK, subject: `Buy now ${i}`, text: "!!!" }),
        ),
      );
    }
    expect(results.map((r) => r.status)).toEqual([
      ...Array(5).fill("processed"),
      ...Array(3).fill("rate-limited"),
    ]);
    expect(new Set(results.flatMap((r) => (r.caseId ? [r.caseId] : []))).size).toBe(5);
    // An hour later the sender is heard again.
    t.clock.advance(61 * 60_000);
    expect(
      (
        await postMail(
          t,
          admin(),
          await rawMail({ from: "flood@spam.example", to: DESK, subject: "Later", text: "hi" }),
        )
      ).status,
    ).toBe("processed");
    t.clock.set(TEST_START);
  });

  it("a staff member's forward opens the case for the original sender, without acknowledging anyone", async () => {
    const fwd = await rawMail({
      from: ws.members.agent.email,
      to: DESK,
      subject: "Fwd: Broken printer",
      text: "Can someone take this?\n\n---------- Forwarded message ---------\nFrom: Pia Berg <pia@acme.example>\nDate: Mon, 7 Dec 2026\nSubject: Broken printer\n\nMy printer is broken.",
    });
    const r = await postMail(t, admin(), fwd);
    expect(r).toMatchObject({ caseCreated: true, acknowledgementId: null });
    const c = await caseOf(t, ws, r.caseId!);
    const customer = await t.request({
      method: "GET",
      url: `/api/customers/${c.customerId}`,
      headers: admin(),
    });
    expect(customer.body).toMatchObject({ email: "pia@acme.example", name: "Pia Berg", clientId: acmeId });
    const [entry] = await entriesOf(t, ws, c.id);
    expect(entry!.data.email.forwardedBy).toBe(ws.members.agent.id);
  });

  it("a reply to a closed case starts a follow-up case", async () => {
    const first = await rawMail({ from: "ken@shop.example", to: DESK, subject: "Old order", text: "Hi" });
    const a = await postMail(t, admin(), first);
    for (const status of ["solved", "closed"]) {
      await t.request({
        method: "PATCH",
        url: `/api/cases/${a.caseId}`,
        headers: ws.members.agent.auth,
        json: { status },
      });
    }
    const again = await rawMail({
      from: "ken@shop.example",
      to: DESK,
      subject: "Re: Old order",
      text: "New problem",
      inReplyTo: `<${messageIdOf(first)}>`,
    });
    const b = await postMail(t, admin(), again);
    expect(b.caseCreated).toBe(true);
    const [entry] = await entriesOf(t, ws, b.caseId!);
    expect(entry!.data.email.followUpOf).toBe(a.caseNumber);
  });

  it("unreadable mail is kept raw and still becomes a case that says what could not be read", async () => {
    const junk = Buffer.concat([
      Buffer.from(
        'From: odd@weird.example\r\nSubject: =?x-unknown?B?////?=\r\nContent-Type: multipart/mixed; boundary="nope"\r\n\r\n--nope\r\nContent-Type: text/plain; charset=x-klingon\r\nContent-Transfer-Encoding: base64\r\n\r\n',
      ),
      Buffer.from([0xff, 0xfe, 0x00, 0x01, 0x80]),
      Buffer.from("\r\n"),
    ]);
    const r = await postMail(t, admin(), junk);
    expect(r.status).toBe("processed");
    expect(r.caseId).not.toBeNull();
    const raw = await t.app.inject({ method: "GET", url: `/api/mail/${r.mailId}/raw`, headers: admin() });
    expect(raw.statusCode).toBe(200);
    expect(raw.rawPayload.equals(junk)).toBe(true);
    const [entry] = await entriesOf(t, ws, r.caseId!);
    expect(entry!.data.email.from).toMatchObject({ address: "odd@weird.example" });
  });

  it("receiving mail needs the mail:receive permission; bad input is a 400", async () => {
    const raw = await rawMail({ from: "x@y.example", to: DESK, subject: "s", text: "t" });
    const res = await t.request({
      method: "POST",
      url: "/api/mail/inbound",
      headers: ws.members.manager.auth,
      json: { raw: raw.toString("base64") },
    });
    expect(res.status).toBe(403);
    const bad = await t.request({
      method: "POST",
      url: "/api/mail/inbound",
      headers: admin(),
      json: { raw: "not base64 !" },
    });
    expect(bad.status).toBe(400);
  });
});
