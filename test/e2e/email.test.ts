import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  browserAvailable,
  ensureWebBuild,
  launchBrowser,
  screenshots,
  seriousA11yViolations,
  startServer,
  type Browser,
  type RunningServer,
} from "./browser.js";

const PASSWORD = "harbor-demo-2026";
const run = browserAvailable();

/** Signs in through the API and hands a raw message to the desk, as an integration would. */
async function ingest(url: string, raw: string): Promise<{ caseNumber: number }> {
  const login = await fetch(`${url}/api/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ workspace: "harbor", email: "owen@harbor.example", password: PASSWORD }),
  });
  const session = (await login.json()) as { csrfToken: string };
  const cookie = (login.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
  const res = await fetch(`${url}/api/mail/inbound`, {
    method: "POST",
    headers: { "content-type": "application/json", cookie, "x-csrf-token": session.csrfToken },
    body: JSON.stringify({ raw: Buffer.from(raw).toString("base64") }),
  });
  if (res.status !== 201) throw new Error(`ingest answered ${res.status}: ${await res.text()}`);
  return (await res.json()) as { caseNumber: number };
}

describe.runIf(run)("email entries in the console (Chromium)", () => {
  let server: RunningServer | undefined;
  let browser: Browser | undefined;
  let page: Page;

  beforeAll(async () => {
    ensureWebBuild();
    server = await startServer({ env: { FRONTDESK_MAIL_ADDRESSES: "desk@harbor.example=harbor" } });
    browser = await launchBrowser();
    page = browser.page;
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it("shows the sanitised message in a sandbox, blocks remote images until asked, offers the attachment, and replies by email", async () => {
    const url = server!.url;
    const remoteRequests: string[] = [];
    await page.route("https://tracker.example/**", (route) => {
      remoteRequests.push(route.request().url());
      return route.fulfill({
        status: 200,
        contentType: "image/gif",
        body: Buffer.from("R0lGODlhAQABAAAAACw=", "base64"),
      });
    });
    const boundary = "b42";
    const raw = [
      'From: "Quinn Hale" <quinn@acme.example>',
      "To: desk@harbor.example",
      "Subject: Damaged box on arrival",
      "Message-ID: <e2e-quinn@acme.example>",
      "MIME-Version: 1.0",
      `Content-Type: multipart/mixed; boundary="${boundary}"`,
      "",
      `--${boundary}`,
      "Content-Type: text/html; charset=utf-8",
      "",
      '<p>The <b>box</b> was crushed.</p><img src="https://tracker.example/open.gif" alt="tracker"><script>window.parent.document.title="pwned"</script>',
      `--${boundary}`,
      'Content-Type: application/pdf; name="photo-report.pdf"',
      'Content-Disposition: attachment; filename="photo-report.pdf"',
      "Content-Transfer-Encoding: base64",
      "",
      Buffer.from("%PDF-1.4 report").toString("base64"),
      `--${boundary}--`,
      "",
    ].join("\r\n");
    const { caseNumber } = await ingest(url, raw);

    await page.goto(url);
    await page.getByLabel("Email").fill("rita@harbor.example");
    await page.getByLabel("Password").fill(PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("heading", { name: "Queue" }).waitFor();
    await page.goto(`${url}/#/cases/${caseNumber}`);
    await page.getByRole("heading", { level: 1, name: /Damaged box on arrival/ }).waitFor();
    await page.getByText("From Quinn Hale <quinn@acme.example>").waitFor();
    await page.getByRole("link", { name: "photo-report.pdf" }).waitFor();

    await page.getByRole("button", { name: "Show the message as sent" }).click();
    const frame = page.frameLocator("iframe[title='The message as sent']");
    await frame.locator("b", { hasText: "box" }).waitFor();
    expect(await frame.locator("script").count()).toBe(0);
    expect(await page.title()).not.toBe("pwned");
    expect(remoteRequests).toEqual([]);
    const violations = await seriousA11yViolations(page);
    expect(violations, violations.join("\n")).toEqual([]);
    await screenshots(page, "case-email");

    await page.getByRole("button", { name: "Show remote images" }).click();
    await expect.poll(() => remoteRequests.length).toBeGreaterThan(0);

    // The attachment downloads through the signed-in session.
    const download = await page.evaluate(
      async (href) => {
        const res = await fetch(href);
        return {
          status: res.status,
          text: await res.text(),
          disposition: res.headers.get("content-disposition"),
        };
      },
      (await page.getByRole("link", { name: "photo-report.pdf" }).getAttribute("href")) ?? "",
    );
    expect(download).toMatchObject({ status: 200, text: "%PDF-1.4 report" });
    expect(download.disposition).toContain("photo-report.pdf");

    // A reply on this email case is sent by email (outbound is off in this server: recorded as such).
    await page.getByLabel("Reply to the customer").fill("Sorry about the box; a new one is on its way.");
    await page.getByRole("button", { name: "Send reply" }).click();
    await page
      .getByText(/nothing was sent to quinn@acme\.example|Sent by email to quinn@acme\.example/)
      .waitFor();
  });
});
