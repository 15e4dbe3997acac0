import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { serve } from "../../src/cli.js";
import { loadConfig } from "../../src/config.js";
import { smtpClient, startSmtpSink, type SmtpSink } from "../support/smtp-sink.js";

// `frontdesk serve` with the email channel switched on by environment, as an operator would:
// the listener takes mail for the demo desk and the runner sends the acknowledgement out.
describe("frontdesk serve with FRONTDESK_SMTP_ENABLED", () => {
  const dir = mkdtempSync(join(tmpdir(), "frontdesk-serve-mail-"));
  let stop: (() => Promise<void>) | undefined;
  let sink: SmtpSink | undefined;
  afterAll(async () => {
    await stop?.();
    await sink?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("starts the listener, turns mail into a case and sends the acknowledgement", async () => {
    sink = await startSmtpSink();
    const lines: string[] = [];
    const config = loadConfig({
      DATABASE_URL: join(dir, "fd.db"),
      PORT: "0",
      LOG_LEVEL: "silent",
      FRONTDESK_DUE_WORK_INTERVAL_MS: "200",
      FRONTDESK_SMTP_ENABLED: "true",
      FRONTDESK_SMTP_PORT: "0",
      FRONTDESK_MAIL_ADDRESSES: "desk@harbor.example=harbor",
      FRONTDESK_SMTP_OUT_URL: sink.url,
    });
    const running = await serve(config, {
      out: (l) => lines.push(l),
      err: (l) => lines.push(l),
      readSecret: () => Promise.resolve(""),
      env: {},
    });
    stop = running.stop;
    const port = Number(/Mail intake \(SMTP\) listening on [^:]+:(\d+)/.exec(lines.join("\n"))?.[1]);
    expect(port).toBeGreaterThan(0);
    const sent = await smtpClient(port).sendMail({
      from: "walter@acme.example",
      to: "desk@harbor.example",
      subject: "Lost parcel",
      text: "Where is it?",
    });
    expect(sent.response).toMatch(/^250 /);
    await sink.waitFor(1, 20_000);
    expect(sink.messages[0]!.to).toEqual(["walter@acme.example"]);
    expect(sink.messages[0]!.parsed.subject).toMatch(/^\[#\d+\] We have your message: Lost parcel$/);
    expect(sink.messages[0]!.parsed.inReplyTo).toBe(sent.messageId);
  });
});
