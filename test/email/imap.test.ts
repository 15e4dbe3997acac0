import { createRequire } from "node:module";
import type { Server } from "node:net";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createImapPoller } from "../../src/email/email.imap.js";
import { DEFAULT_MAIL_SETTINGS } from "../../src/email/email.settings.js";
import { createTestWorkspace, type TestWorkspace } from "../support/factories.js";
import { eachDialect, useTestApp } from "../support/harness.js";
import { rawMail } from "../support/mail.js";

// hoodiecrow-imap: a scriptable in-memory IMAP4rev1 server (by imapflow's author) for client tests.
interface Hoodiecrow {
  server: Server;
  listen(port: number, host: string, cb: () => void): void;
  close(cb: () => void): void;
}
const hoodiecrow = createRequire(import.meta.url)("hoodiecrow-imap") as (options: unknown) => Hoodiecrow;

eachDialect("email in: IMAP polling (imapflow against a real IMAP server on loopback)", (dialect) => {
  const t = useTestApp(dialect);
  let ws: TestWorkspace;
  let server: Hoodiecrow;
  let port = 0;

  beforeAll(async () => {
    ws = await createTestWorkspace(t.deps, "imap");
    t.deps.mail = { settings: { ...DEFAULT_MAIL_SETTINGS }, transport: null };
    const first = await rawMail({
      from: "ivy@acme.example",
      to: "desk@imap.example",
      subject: "Polled",
      text: "From the mailbox.",
    });
    const second = await rawMail({
      from: "ivy@acme.example",
      to: "desk@imap.example",
      subject: "Polled too",
      text: "Again.",
    });
    server = hoodiecrow({
      plugins: ["IDLE", "ENABLE", "UNSELECT", "NAMESPACE"],
      storage: {
        INBOX: {
          messages: [
            { raw: first.toString("binary"), flags: [] },
            { raw: "Subject: already read\r\n\r\nold", flags: ["\\Seen"] },
            { raw: second.toString("binary"), flags: [] },
          ],
        },
      },
    });
    await new Promise<void>((resolve) => {
      server.listen(0, "127.0.0.1", resolve);
    });
    const address = server.server.address();
    port = typeof address === "object" && address ? address.port : 0;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => {
      server.close(() => {
        resolve();
      });
    });
  });

  it("fetches unseen mail into cases through the same pipeline, flags it seen, and takes nothing twice", async () => {
    const poller = createImapPoller(t.deps, {
      url: `imap://testuser:testpass@127.0.0.1:${port}/INBOX`,
      workspace: "imap",
      intervalMs: 60_000,
    });
    expect(await poller.pollOnce()).toBe(2);
    const rows = await t.deps.db
      .selectFrom("mail_messages")
      .select(["source", "status", "subject", "case_id"])
      .where("workspace_id", "=", ws.workspace.id)
      .where("direction", "=", "in")
      .orderBy("id")
      .execute();
    expect(rows.map((r) => [r.source, r.status, r.subject])).toEqual([
      ["imap", "processed", "Polled"],
      ["imap", "processed", "Polled too"],
    ]);
    expect(rows.every((r) => r.case_id !== null)).toBe(true);
    // Both are flagged \Seen now: the next poll finds nothing.
    expect(await poller.pollOnce()).toBe(0);
  });
});
