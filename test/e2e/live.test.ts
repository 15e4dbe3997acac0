import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  browserAvailable,
  ensureWebBuild,
  launchContexts,
  screenshots,
  seriousA11yViolations,
  startServer,
  type RunningServer,
  type SharedBrowser,
} from "./browser.js";

const PASSWORD = "harbor-demo-2026";
const run = browserAvailable();

/** Maya and Sam, each in a browser context of their own, on the same case. */
describe.runIf(run)("live updates between two people in Chromium", () => {
  let server: RunningServer | undefined;
  let shared: SharedBrowser | undefined;
  let maya: Page;
  let sam: Page;
  let url = "";
  let caseHash = "";

  async function signIn(page: Page, email: string): Promise<void> {
    await page.goto(url);
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill(PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("heading", { name: "Queue" }).waitFor();
  }

  beforeAll(async () => {
    ensureWebBuild();
    server = await startServer();
    url = server.url;
    shared = await launchContexts(2);
    [maya, sam] = shared.pages as [Page, Page];
    await signIn(maya, "maya@harbor.example");
    await signIn(sam, "sam@harbor.example");
    await maya.getByRole("tab", { name: "All open" }).click();
    const first = maya.locator("a.case-row").first();
    await first.waitFor();
    caseHash = (await first.getAttribute("href")) ?? "";
    expect(caseHash).toMatch(/^#\/cases\/\d+$/);
    for (const page of [maya, sam]) {
      await page.goto(`${url}/${caseHash}`);
      await page.getByRole("heading", { name: "Timeline" }).waitFor();
    }
  }, 180_000);

  afterAll(async () => {
    await shared?.close();
    await server?.stop();
  });

  it("a note one adds appears in the other's timeline without a reload, and the draft being typed stays", async () => {
    // Maya is halfway through a reply when Sam's note arrives.
    const draft = "Dear customer, we found your parcel at the";
    await maya.getByLabel("Reply to the customer").fill(draft);
    // A mark on the window: a reload would lose it.
    await maya.evaluate("window.__liveMark = 'still here'");

    const note = `Depot confirmed the parcel is on shelf ${Date.now().toString(36)}`;
    await sam.getByRole("radio", { name: "Internal note" }).check();
    await sam.getByLabel(/Note for colleagues/).fill(note);
    await sam.getByRole("button", { name: "Add note" }).click();
    await sam.getByRole("region", { name: "Timeline" }).getByText(note).waitFor();

    const timeline = maya.getByRole("region", { name: "Timeline" });
    await timeline.getByRole("article", { name: "Internal note" }).getByText(note).waitFor();
    await expect
      .poll(() => maya.getByRole("status").filter({ hasText: "Sam added to the timeline." }).count())
      .toBe(1);
    expect(await maya.getByLabel("Reply to the customer").inputValue()).toBe(draft);
    // Same document: the page updated in place, it was not reloaded.
    expect(await maya.evaluate("window.__liveMark")).toBe("still here");
    expect(await maya.evaluate("location.hash")).toBe(caseHash);
    await screenshots(maya, "live-note-arrived");
  });

  it("typing in the reply box shows “… is replying” to the other, and it goes when they stop", async () => {
    await sam.getByLabel("Reply", { exact: true }).check();
    await sam.getByLabel("Reply to the customer").fill("");
    await sam.getByLabel("Reply to the customer").pressSequentially("Hello, I am on it", { delay: 20 });
    const note = maya.locator(".presence-note");
    await expect.poll(() => note.textContent(), { timeout: 10_000 }).toContain("Sam is replying…");
    await screenshots(maya, "live-replying");
    const violations = await seriousA11yViolations(maya);
    expect(violations, violations.join("\n")).toEqual([]);
    // Sam sends it: Maya's view shows the reply and Sam back to just viewing.
    await sam.getByRole("button", { name: "Send reply" }).click();
    await maya.getByRole("region", { name: "Timeline" }).getByText("Hello, I am on it").waitFor();
    await expect.poll(() => note.textContent(), { timeout: 10_000 }).not.toContain("replying");
    await expect.poll(() => note.textContent()).toContain("Also here: Sam");
    // And Maya's own view never says she is replying, although she has a draft.
    const samNote = await sam.locator(".presence-note").textContent();
    expect(samNote).not.toContain("Sam");
  });

  it("after the stream drops, the view reconnects and catches up on what it missed", async () => {
    const streams: string[] = [];
    sam.on("request", (r) => {
      if (r.url().endsWith("/events")) streams.push(r.url());
    });
    server?.dropConnections();
    // Sam's stream is down (EventSource waits for the server's retry hint) while Maya writes.
    const note = `Written while Sam was disconnected ${Date.now().toString(36)}`;
    await maya.getByRole("radio", { name: "Internal note" }).check();
    await maya.getByLabel(/Note for colleagues/).fill(note);
    await maya.getByRole("button", { name: "Add note" }).click();
    await maya.getByRole("region", { name: "Timeline" }).getByText(note).waitFor();
    await sam.getByRole("region", { name: "Timeline" }).getByText(note).waitFor({ timeout: 15_000 });
    expect(streams.length).toBeGreaterThanOrEqual(1);
  });

  it("leaving the case clears one's presence at once, and the queue refreshes by itself", async () => {
    const samNote = sam.locator(".presence-note");
    await expect.poll(() => samNote.textContent(), { timeout: 15_000 }).toContain("Maya");
    await maya.getByRole("link", { name: "Queue" }).first().click();
    await maya.getByRole("heading", { name: "Queue" }).waitFor();
    // Gone well before the 30 s the presence would otherwise last.
    await expect.poll(() => samNote.textContent(), { timeout: 5_000 }).not.toContain("Maya");

    await sam.goto(`${url}/#/`);
    await sam.getByRole("tab", { name: "All open" }).click();
    await sam.locator("a.case-row").first().waitFor();
    const subject = `Live queue check ${Date.now().toString(36)}`;
    await maya.keyboard.press("n");
    const dialog = maya.getByRole("dialog", { name: "New case" });
    await dialog.waitFor();
    await maya.keyboard.type(subject);
    await dialog.getByLabel("Subject").press("Enter");
    await maya.waitForURL(/#\/cases\/\d+$/);
    await sam.getByRole("link", { name: new RegExp(subject) }).waitFor({ timeout: 10_000 });
    await screenshots(sam, "live-queue");
  });
});
