import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRunner, type Runner } from "../../src/duework/duework.service.js";
import { mailJobHandlers } from "../../src/email/email.outbox.js";
import { DEFAULT_MAIL_SETTINGS } from "../../src/email/email.settings.js";
import { startSmtpListener, type SmtpListener } from "../../src/email/email.smtp.js";
import { createSmtpTransport } from "../../src/email/email.transport.js";
import { createTestWorkspace, type TestWorkspace } from "../support/factories.js";
import { eachDialect, TEST_START, useTestApp, type TestApp } from "../support/harness.js";
import { smtpClient, startSmtpSink, type SmtpSink, type SunkMail } from "../support/smtp-sink.js";
import { setUpHarborTerms } from "../support/terms.js";

const DESK = "support@smtp.example";

async function countMail(t: TestApp, workspaceId: string): Promise<number> {
  const row = await t.deps.db
    .selectFrom("mail_messages")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("workspace_id", "=", workspaceId)
    .where("direction", "=", "in")
    .executeTakeFirstOrThrow();
  return row.n;
}

async function latestCaseOf(t: TestApp, ws: TestWorkspace, email: string) {
  const customers = await t.request({
    method: "GET",
    url: `/api/customers?q=${encodeURIComponent(email)}`,
    headers: ws.members.agent.auth,
  });
  const customer = customers.body.items[0];
  if (!customer) return undefined;
  const cases = await t.request({
    method: "GET",
    url: `/api/customers/${customer.id}/cases`,
    headers: ws.members.agent.auth,
  });
  return cases.body.items[0] as { id: string; number: number; subject: string; status: string } | undefined;
}

/** A raw SMTP conversation on a socket, for what no well-behaved client would send. */
function rawConversation(port: number, lines: string[], waitMs = 300): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(port, "127.0.0.1");
    let got = "";
    socket.on("data", (d) => (got += d.toString("latin1")));
    socket.on("error", () => {
      resolve(got);
    });
    socket.on("close", () => {
      resolve(got);
    });
    socket.once("data", () => {
      void (async () => {
        for (const line of lines) {
          socket.write(line);
          await new Promise((r) => setTimeout(r, 20));
        }
        setTimeout(() => socket.end(), waitMs);
      })();
    });
  });
}

eachDialect("email over real SMTP", (dialect) => {
  const t = useTestApp(dialect);
  let ws: TestWorkspace;
  let listener: SmtpListener;
  let sink: SmtpSink;
  let runner: Runner;
  const sinkHandlers: ((m: SunkMail) => Promise<void>)[] = [];

  beforeAll(async () => {
    ws = await createTestWorkspace(t.deps, "smtp");
    await setUpHarborTerms(t, ws);
    sink = await startSmtpSink(async (m) => {
      for (const h of sinkHandlers) await h(m);
    });
    t.deps.mail = {
      settings: { ...DEFAULT_MAIL_SETTINGS, addresses: [{ address: DESK, workspace: "smtp" }] },
      transport: createSmtpTransport({ url: sink.url, timeoutSeconds: 5 }),
    };
    listener = await startSmtpListener(t.deps, {
      host: "127.0.0.1",
      port: 0,
      maxBytes: 200_000,
      socketTimeoutMs: 1500,
    });
    runner = createRunner(t.deps, {
      instanceId: "smtp-test",
      handlers: mailJobHandlers(),
      onError: () => undefined,
    });
  });
  afterAll(async () => {
    await listener.close();
    await sink.close();
    t.deps.mail?.transport?.close();
  });

  /** Sends outbound mail that is due (the runner runs after commit, as in `serve`). */
  async function drain(): Promise<void> {
    for (let i = 0; i < 10; i++) if ((await runner.runOnce()).claimed === 0) return;
  }

  it("round trip: mail in over SMTP, acknowledgement out with threading headers, the customer's reply joins, our reply goes out", async () => {
    t.clock.set(TEST_START);
    sink.messages.length = 0;
    const client = smtpClient(listener.port);
    const sent = await client.sendMail({
      from: '"Dan Ruiz" <dan@acme.example>',
      to: DESK,
      subject: "Where is my parcel?",
      text: "It has not arrived.",
      html: "<p>It has <b>not</b> arrived.</p>",
    });
    expect(sent.response).toMatch(/^250 /);
    const kase = await latestCaseOf(t, ws, "dan@acme.example");
    expect(kase).toMatchObject({ subject: "Where is my parcel?", status: "new" });

    await drain();
    await sink.waitFor(1);
    const ack = sink.messages[0]!;
    expect(ack.to).toEqual(["dan@acme.example"]);
    expect(ack.from).toBe(DESK);
    const customerId = sent.messageId.replace(/[<>]/g, "");
    expect(ack.parsed.inReplyTo).toBe(`<${customerId}>`);
    expect(ack.parsed.references).toBe(`<${customerId}>`);
    expect(ack.parsed.replyTo?.value[0]?.address).toBe(DESK);
    expect(ack.parsed.subject).toContain(`[#${kase!.number}]`);
    expect(ack.parsed.headers.get("auto-submitted")).toBe("auto-replied");
    expect(ack.parsed.messageId).toMatch(/^<[0-9a-f-]{36}@smtp\.example>$/);
    expect(ack.parsed.text).toContain("We will reply by Mon 7 Dec, 14:30 (New York time)");
    expect(ack.parsed.html).toContain("We will reply by Mon 7 Dec, 14:30 (New York time)");

    // The customer answers the acknowledgement from their mail client: it joins the case.
    t.clock.set("2026-12-07T16:00:00.000Z");
    const reply = await client.sendMail({
      from: "dan@acme.example",
      to: DESK,
      subject: `Re: ${ack.parsed.subject ?? ""}`,
      text: "Tracking number is 1Z999.",
      inReplyTo: ack.parsed.messageId,
      references: [sent.messageId, ack.parsed.messageId ?? ""],
    });
    const entries = await t.request({
      method: "GET",
      url: `/api/cases/${kase!.id}/entries`,
      headers: ws.members.agent.auth,
    });
    const inbound = entries.body.items.filter((e: any) => e.kind === "message");
    expect(inbound.map((e: any) => e.body)).toEqual(["It has not arrived.", "Tracking number is 1Z999."]);

    // The agent replies in the console: it goes out by email, threaded under the customer's last mail.
    const out = await t.request({
      method: "POST",
      url: `/api/cases/${kase!.id}/entries`,
      headers: ws.members.agent.auth,
      json: {
        kind: "message",
        direction: "out",
        channel: "email",
        body: "Found it: it arrives tomorrow.\n\nRita",
      },
    });
    expect(out.status, out.text).toBe(201);
    expect(out.body.data.email).toMatchObject({ to: ["dan@acme.example"], status: "queued" });
    await drain();
    await sink.waitFor(2);
    const ours = sink.messages[1]!;
    expect(ours.parsed.subject).toBe(`Re: Where is my parcel? [#${kase!.number}]`);
    expect(ours.parsed.inReplyTo).toBe(reply.messageId);
    expect(ours.parsed.references).toEqual([sent.messageId, ack.parsed.messageId, reply.messageId]);
    expect(ours.parsed.from?.value[0]).toMatchObject({
      address: DESK,
      name: `Agent of smtp (Workspace smtp)`,
    });
    expect(ours.parsed.text).toContain("it arrives tomorrow");
    expect(ours.parsed.html).toContain("Found it: it arrives tomorrow.");
    expect(ours.parsed.headers.get("auto-submitted")).toBeUndefined();
    const mail = await t.request({
      method: "GET",
      url: `/api/cases/${kase!.id}/mail`,
      headers: ws.members.agent.auth,
    });
    expect(mail.body.map((m: any) => [m.direction, m.purpose, m.status])).toEqual([
      ["in", null, "processed"],
      ["out", "acknowledgement", "sent"],
      ["in", null, "processed"],
      ["out", "reply", "sent"],
    ]);
  });

  it("refuses unknown recipients (550) and over-size mail (552) with nothing stored", async () => {
    const before = await countMail(t, ws.workspace.id);
    const client = smtpClient(listener.port);
    await expect(
      client.sendMail({ from: "x@y.example", to: "nobody@smtp.example", subject: "s", text: "t" }),
    ).rejects.toMatchObject({
      responseCode: 550,
    });
    await expect(
      client.sendMail({ from: "x@y.example", to: DESK, subject: "big", text: "x".repeat(300_000) }),
    ).rejects.toMatchObject({ responseCode: 552 });
    expect(await countMail(t, ws.workspace.id)).toBe(before);
    // Sub-addresses reach the desk.
    const ok = await client.sendMail({
      from: "x@y.example",
      to: "support+orders@smtp.example",
      subject: "plus",
      text: "t",
    });
    expect(ok.response).toMatch(/^250 /);
    expect(await countMail(t, ws.workspace.id)).toBe(before + 1);
  });

  it("survives hostile conversations: garbage, endless lines, silent clients; then still takes mail", async () => {
    const garbage = await rawConversation(listener.port, [
      "\x00\x01\x02 hello\r\n",
      "EHLO x\r\n",
      "MAIL FROM:<<<>>>\r\n",
      "RCPT TO:<>\r\n",
      "DATA\r\n",
      "QUIT\r\n",
    ]);
    expect(garbage).toMatch(/^220 /);
    expect(garbage).toMatch(/^5\d\d /m);
    const endless = await rawConversation(listener.port, ["EHLO x\r\n", "A".repeat(2_000_000)]);
    expect(endless).toMatch(/^220 /);
    // A client that says nothing is dropped after the socket timeout (1.5 s here).
    const started = Date.now();
    const silent = await rawConversation(listener.port, [], 4000);
    expect(silent).toMatch(/^220 /);
    expect(Date.now() - started).toBeLessThan(4000);
    // Broken MIME over DATA is still accepted and stored raw.
    const broken = await rawConversation(
      listener.port,
      [
        "EHLO x\r\n",
        "MAIL FROM:<odd@weird.example>\r\n",
        `RCPT TO:<${DESK}>\r\n`,
        "DATA\r\n",
        'From: odd@weird.example\r\nContent-Type: multipart/mixed; boundary="\r\n\r\n--\r\n\xff\xfe\r\n.\r\n',
        "QUIT\r\n",
      ],
      // Resolves when the server closes after QUIT, which it answers only once DATA is done.
      15_000,
    );
    expect(broken).toMatch(/^250 2\.0\.0 Accepted/m);
    const ok = await smtpClient(listener.port).sendMail({
      from: "after@x.example",
      to: DESK,
      subject: "still here",
      text: "t",
    });
    expect(ok.response).toMatch(/^250 /);
  });

  it("loops are impossible: an auto-responder answering every mail gets one acknowledgement, however it disguises itself", async () => {
    t.clock.set("2026-12-08T15:00:00.000Z");
    // Acknowledgements still owed from earlier tests go out first, before anyone answers them.
    await drain();
    await new Promise((r) => setTimeout(r, 200));
    sink.messages.length = 0;
    const client = smtpClient(listener.port);
    let answered = 0;
    // The customer's mailbox answers everything we send, back to the desk: first politely (with
    // Auto-Submitted and threading headers), then by subject only, then as fresh mail with no sign
    // of being automatic. Without loop safety each of these would make us send again.
    sinkHandlers.push(async (m) => {
      if (answered >= 6) return;
      const style = answered % 3;
      answered += 1;
      await client.sendMail({
        from: m.to[0],
        to: DESK,
        ...(style === 0 && {
          subject: `Automatic reply: ${m.parsed.subject ?? ""}`,
          headers: { "Auto-Submitted": "auto-replied" },
          inReplyTo: m.parsed.messageId,
        }),
        ...(style === 1 && {
          subject: `Out of Office: ${m.parsed.subject ?? ""}`,
          inReplyTo: m.parsed.messageId,
        }),
        ...(style === 2 && { subject: `Thanks for your mail ${answered}` }),
        text: "I am away.",
      });
    });
    try {
      await client.sendMail({
        from: "away@acme.example",
        to: DESK,
        subject: "Please call me",
        text: "Call me.",
      });
      for (let round = 0; round < 6; round++) {
        await drain();
        await new Promise((r) => setTimeout(r, 100));
      }
      expect(sink.messages.map((m) => m.to[0])).toEqual(["away@acme.example"]);
      expect(answered).toBe(1);
      // Fresh mail that looks human is a new case, but the address was acknowledged this hour.
      await client.sendMail({
        from: "away@acme.example",
        to: DESK,
        subject: "Thanks for your mail again",
        text: "I am away.",
      });
      await drain();
      expect(sink.messages).toHaveLength(1);
      const log = await t.request({
        method: "GET",
        url: "/api/mail?classification=auto_reply",
        headers: ws.members.agent.auth,
      });
      expect(log.body.items.length).toBeGreaterThanOrEqual(1);
    } finally {
      sinkHandlers.length = 0;
    }
  });

  it("a send that keeps failing is retried with backoff, then marked failed and said on the case", async () => {
    t.clock.set("2026-12-09T15:00:00.000Z");
    const working = t.deps.mail!.transport;
    t.deps.mail = {
      ...t.deps.mail!,
      transport: createSmtpTransport({ url: "smtp://127.0.0.1:1", timeoutSeconds: 2 }),
    };
    try {
      await smtpClient(listener.port).sendMail({
        from: "fail@acme.example",
        to: DESK,
        subject: "Fails",
        text: "x",
      });
      const kase = await latestCaseOf(t, ws, "fail@acme.example");
      for (let i = 0; i < 5; i++) {
        await runner.runOnce();
        t.clock.advance(7 * 3_600_000);
      }
      const mail = await t.request({
        method: "GET",
        url: `/api/cases/${kase!.id}/mail`,
        headers: ws.members.agent.auth,
      });
      const ack = mail.body.find((m: any) => m.purpose === "acknowledgement");
      expect(ack).toMatchObject({ status: "failed", attempts: 5 });
      expect(ack.lastError).toMatch(/ECONNREFUSED|connect/i);
      const entries = await t.request({
        method: "GET",
        url: `/api/cases/${kase!.id}/entries`,
        headers: ws.members.agent.auth,
      });
      const event = entries.body.items.find((e: any) => e.data.event === "mail.failed");
      expect(event.body).toMatch(/^Email to fail@acme\.example could not be sent after 5 tries/);
      expect((await runner.runOnce()).claimed).toBe(0);
    } finally {
      t.deps.mail.transport?.close();
      t.deps.mail = { ...t.deps.mail, transport: working };
    }
  });

  it("a message taken for a staff member goes out by SMTP to their work address, never a private one", async () => {
    t.clock.set(TEST_START);
    sink.messages.length = 0;
    const admin = ws.members.admin.auth;
    const colin = await t.request({
      method: "POST",
      url: "/api/staff",
      headers: admin,
      json: {
        name: "Colin Mail",
        email: "colin.signin@smtp.example",
        role: "agent",
        authority: "agent",
        workContacts: [{ kind: "email", label: "Work email", value: "colin.work@smtp.example" }],
        privateContacts: [{ kind: "mobile", label: "cell", value: "+1-555-0100" }],
      },
    });
    expect(colin.status, colin.text).toBe(201);
    const taken = await t.request({
      method: "POST",
      url: "/api/messages",
      headers: ws.members.receptionist.auth,
      json: {
        staffId: colin.body.id,
        fromName: "Dan Reyes",
        reachAt: "+1-555-0201",
        about: "Collecting PO-7731",
        urgency: "normal",
      },
    });
    expect(taken.status, taken.text).toBe(201);
    await drain();
    await sink.waitFor(1);
    const mail = sink.messages.find((m) => m.to.includes("colin.work@smtp.example"));
    expect(mail, JSON.stringify(sink.messages.map((m) => m.to))).toBeDefined();
    expect(mail!.from).toBe(DESK);
    expect(mail!.parsed.headers.get("auto-submitted")).toBe("auto-generated");
    expect(mail!.parsed.text).toContain("Dan Reyes");
    expect(mail!.raw.toString("utf8")).not.toContain("555-0100");
    const outbox = await t.deps.db
      .selectFrom("notifications")
      .select(["status", "to_address"])
      .where("workspace_id", "=", ws.workspace.id)
      .where("channel", "=", "email")
      .execute();
    expect(outbox).toContainEqual({ status: "mailed", to_address: "colin.work@smtp.example" });
  });
});

describe("STARTTLS", () => {
  const t = useTestApp("sqlite");
  let dir: string;
  beforeAll(async () => {
    await createTestWorkspace(t.deps, "tls");
    t.deps.mail = {
      settings: { ...DEFAULT_MAIL_SETTINGS, addresses: [{ address: "desk@tls.example", workspace: "tls" }] },
      transport: null,
    };
    dir = mkdtempSync(join(tmpdir(), "fd-tls-"));
    execFileSync(
      "openssl",
      [
        "req",
        "-x509",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-subj",
        "/CN=localhost",
        "-days",
        "1",
        "-keyout",
        join(dir, "key.pem"),
        "-out",
        join(dir, "cert.pem"),
      ],
      { stdio: "ignore" },
    );
  });
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it("is offered only when a certificate is configured", async () => {
    const tls = { key: readFileSync(join(dir, "key.pem")), cert: readFileSync(join(dir, "cert.pem")) };
    const secured = await startSmtpListener(t.deps, { host: "127.0.0.1", port: 0, maxBytes: 100_000, tls });
    const plain = await startSmtpListener(t.deps, { host: "127.0.0.1", port: 0, maxBytes: 100_000 });
    try {
      const mail = { from: "a@b.example", to: "desk@tls.example", subject: "tls", text: "t" };
      expect((await smtpClient(secured.port, { requireTLS: true }).sendMail(mail)).response).toMatch(/^250 /);
      await expect(smtpClient(plain.port, { requireTLS: true }).sendMail(mail)).rejects.toThrow(/STARTTLS/);
    } finally {
      await secured.close();
      await plain.close();
    }
  });
});
