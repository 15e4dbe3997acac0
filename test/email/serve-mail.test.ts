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
      FRONTDESK_PUBLIC_URL: "https://help.harbor.example",
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
    expect(sink.messages[0]!.parsed.subject).toMatch(/^\[#\d+\] We received your request: Lost parcel$/);
    expect(sink.messages[0]!.parsed.inReplyTo).toBe(sent.messageId);
    // The acknowledgement states the promise and carries the customer's way into the portal.
    const text = sink.messages[0]!.parsed.text ?? "";
    expect(text).toMatch(/We will reply by .+ \(New York time\)/);
    const link = /https:\/\/help\.harbor\.example\/#\/portal\/enter\/(fdp_[A-Za-z0-9_-]+)/.exec(text);
    expect(link, text).not.toBeNull();
    const opened = await running.app.inject({
      method: "POST",
      url: "/api/portal/session",
      headers: { "content-type": "application/json" },
      payload: JSON.stringify({ token: link![1] }),
    });
    expect(opened.statusCode, opened.body).toBe(200);
    const cases = await running.app.inject({
      method: "GET",
      url: "/api/portal/cases",
      headers: { cookie: String(opened.headers["set-cookie"]).split(";")[0]! },
    });
    expect(cases.body).toContain("Lost parcel");
  });
});
