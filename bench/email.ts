import { createLocalBus } from "../src/events/events.bus.js";
import MailComposer from "nodemailer/lib/mail-composer/index.js";
import nodemailer from "nodemailer";
import { simpleParser } from "mailparser";
import { openDatabase } from "../src/db/database.js";
import { migrateToLatest } from "../src/db/migrate.js";
import type { Deps } from "../src/deps.js";
import { DEFAULT_MAIL_SETTINGS } from "../src/email/email.settings.js";
import { startSmtpListener } from "../src/email/email.smtp.js";
import { systemClock } from "../src/shared/clock.js";
import { createIdGenerator } from "../src/shared/ids.js";
import { createWorkspace } from "../src/workspaces/workspaces.service.js";

/**
 * Messages per second from SMTP to stored case entry: real nodemailer clients on loopback send
 * to the listener, which answers 250 only after the raw message, the case (or the joined one) and
 * its entry are committed. The ceiling is mailparser alone on the same messages, in one process:
 * what the parse step would allow if storing cost nothing.
 */

export interface EmailFigures {
  messages: number;
  connections: number;
  smtpPerSecond: number;
  parsePerSecond: number;
  /** Of the messages, how many replied to an earlier one (joined a case). */
  replies: number;
}

const DESK = "desk@bench.example";

/** A mix like a desk's inbox: new mail (half with HTML, some with a small PDF) and replies. */
async function makeMessages(count: number): Promise<{ raws: Buffer[]; replies: number }> {
  const raws: Buffer[] = [];
  const ids: string[] = [];
  let replies = 0;
  for (let i = 0; i < count; i++) {
    const messageId = `bench-${i}@customers.example`;
    const isReply = i % 3 === 2 && ids.length > 0;
    const parent = isReply ? ids[(i * 7) % ids.length] : undefined;
    if (isReply) replies += 1;
    const text = `Hello,\n\nmessage ${i} about order ${1000 + (i % 97)}.\n\n${"Some more words. ".repeat(20)}\n\nThanks`;
    raws.push(
      await new MailComposer({
        from: `"Customer ${i % 200}" <customer${i % 200}@customers.example>`,
        to: DESK,
        subject: isReply ? `Re: Order question ${i}` : `Order question ${i}`,
        text,
        ...(i % 2 === 0 && { html: `<p>${text.replace(/\n/g, "<br>")}</p>` }),
        ...(i % 5 === 0 && {
          attachments: [
            { filename: "receipt.pdf", content: Buffer.alloc(20_000, 65), contentType: "application/pdf" },
          ],
        }),
        messageId: `<${messageId}>`,
        ...(parent && { inReplyTo: `<${parent}>`, references: [`<${parent}>`] }),
      })
        .compile()
        .build(),
    );
    ids.push(messageId);
  }
  return { raws, replies };
}

export async function benchEmail(opts: {
  url: string;
  messages: number;
  connections: number;
}): Promise<EmailFigures> {
  const { raws, replies } = await makeMessages(opts.messages);

  // Ceiling: parsing alone.
  for (const raw of raws.slice(0, 20)) await simpleParser(raw);
  const p0 = performance.now();
  for (const raw of raws) await simpleParser(raw, { keepCidLinks: true, skipTextToHtml: true });
  const parsePerSecond = raws.length / ((performance.now() - p0) / 1000);

  const database = openDatabase({ url: opts.url });
  try {
    await migrateToLatest(database);
    const deps: Deps = {
      db: database.db,
      dialect: database.dialect,
      clock: systemClock,
      newId: createIdGenerator(systemClock),
      events: createLocalBus(),
      mail: {
        settings: {
          ...DEFAULT_MAIL_SETTINGS,
          addresses: [{ address: DESK, workspace: "mailbench" }],
          senderPerHour: 1_000_000,
        },
        transport: null,
      },
    };
    await createWorkspace(deps, { slug: "mailbench", name: "Mail bench", timeZone: "America/New_York" });
    const listener = await startSmtpListener(deps, {
      host: "127.0.0.1",
      port: 0,
      maxBytes: 10 * 1024 * 1024,
    });
    const client = nodemailer.createTransport({
      host: "127.0.0.1",
      port: listener.port,
      secure: false,
      ignoreTLS: true,
      pool: true,
      maxConnections: opts.connections,
      maxMessages: Infinity,
    });
    try {
      const envelope = { from: "bench@customers.example", to: [DESK] };
      // Replies must find their parents: send in waves of `connections`, in order.
      const s0 = performance.now();
      for (let i = 0; i < raws.length; i += opts.connections) {
        await Promise.all(
          raws.slice(i, i + opts.connections).map((raw) => client.sendMail({ envelope, raw })),
        );
      }
      const smtpPerSecond = raws.length / ((performance.now() - s0) / 1000);
      return { messages: raws.length, connections: opts.connections, smtpPerSecond, parsePerSecond, replies };
    } finally {
      client.close();
      await listener.close();
    }
  } finally {
    await database.close();
  }
}
