import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FakeClock } from "../../src/shared/clock.js";
import {
  browserAvailable,
  ensureWebBuild,
  launchBrowser,
  screenshots,
  expectNoSeriousViolations,
  startServer,
  type Browser,
  type RunningServer,
} from "./browser.js";

const PASSWORD = "harbor-demo-2026";
const run = browserAvailable();

/** S3 (extra breakfast vouchers) through the browser, on the demo workspace, step by step. */
describe.runIf(run)("policies and exceptions in Chromium (S3)", () => {
  let server: RunningServer | undefined;
  let browser: Browser | undefined;
  let page: Page;
  let url = "";
  let room12 = 0;

  beforeAll(async () => {
    ensureWebBuild();
    // Mon 7 Dec 2026 10:30 New York: Sam (Mon–Fri 08:00–16:00) is on duty to decide, whatever
    // the hour the suite runs at.
    server = await startServer({ clock: new FakeClock("2026-12-07T15:30:00.000Z") });
    browser = await launchBrowser();
    page = browser.page;
    url = server.url;
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  const nav = () => page.getByRole("navigation", { name: "Main" });

  async function signInAs(who: string): Promise<void> {
    if (await page.getByRole("button", { name: "Sign out" }).isVisible()) {
      await page.getByRole("button", { name: "Sign out" }).click();
    }
    await page.getByRole("heading", { name: "Sign in to the desk" }).waitFor();
    await page.getByLabel("Email").fill(`${who}@harbor.example`);
    await page.getByLabel("Password").fill(PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("heading", { name: "Queue" }).waitFor();
  }

  it("the policy library finds the wording to say while on the phone", async () => {
    await page.goto(url);
    await signInAs("rita");
    await nav().getByRole("link", { name: "Policies" }).click();
    await page.getByRole("heading", { name: "Policies", level: 1 }).waitFor();
    await page.getByRole("link", { name: /P5 Private contact details/ }).waitFor();
    await page.getByLabel("Search policies").fill("vouchers");
    await expect.poll(() => page.getByText("1 policy matches").isVisible()).toBe(true);
    const card = page.locator(".policy-card");
    expect(await card.count()).toBe(1);
    await card
      .getByText("Each room comes with two breakfast vouchers per night, for the two guests")
      .waitFor();
    await card
      .getByText(
        "Exceptions: supervisor authority or above, up to 2 extra vouchers per room per night; beyond that, manager authority or above.",
      )
      .waitFor();
    await expectNoSeriousViolations(page);
    await screenshots(page, "policies");
  });

  it("Rita applies P2 for 4 vouchers: needs an exception, with precedents, and asks Sam", async () => {
    const found = await page.evaluate(async () => {
      const res = await fetch("/api/search?q=room%2012%20breakfast", { credentials: "same-origin" });
      return (await res.json()) as { items: { number: number }[] };
    });
    room12 = found.items[0]?.number ?? 0;
    expect(room12).toBeGreaterThan(1000);
    await page.goto(`${url}/#/cases/${room12}`);
    await page.getByRole("heading", { level: 1, name: /Room 12/ }).waitFor();
    const panel = page.getByRole("region", { name: "Policies" });
    await panel.getByText("No policy applied on this case yet.").waitFor();
    await panel.getByRole("button", { name: "Apply a policy" }).click();
    const dialog = page.getByRole("dialog", { name: "Apply a policy" });
    await dialog.waitFor();
    await dialog.getByLabel("Policy").selectOption({ label: "P2 — Breakfast vouchers" });
    await dialog.getByLabel(/How many vouchers/).fill("4");
    const answer = dialog.getByRole("region", { name: "The desk's answer" });
    await answer.getByText("Needs an exception").waitFor();
    await answer.getByText(/4 vouchers asked; P2 allows 2 vouchers per room per night/).waitFor();
    await answer.getByText(/I am asking someone who can make an exception/).waitFor();
    // The demo's history: 3 vouchers granted by Sam, 4 refused by Sam; both similar to 4.
    await answer.getByText("granted, 1 refused of 2", { exact: false }).waitFor();
    await answer.getByRole("rowheader", { name: "Sam" }).waitFor();
    await expectNoSeriousViolations(page);
    await screenshots(page, "apply-policy");
    await dialog.getByRole("button", { name: "Ask for the exception" }).click();
    await dialog.waitFor({ state: "detached" });
    await panel.getByText(/Exception requested from Sam/).waitFor();
    await panel.getByText("Waiting for a decision").waitFor();
    await page
      .getByRole("region", { name: "Timeline" })
      .getByText(/exception requested from Sam/)
      .waitFor();
  });

  it("Sam sees it in his approvals with the precedents beside it and grants it with a reason", async () => {
    await signInAs("sam");
    await nav().getByRole("link", { name: "Approvals" }).click();
    await page.getByRole("heading", { name: "Approvals", level: 1 }).waitFor();
    const item = page.locator(".approval").filter({ hasText: `Case #${room12}` });
    await item
      .getByRole("heading", { name: /P2 Breakfast vouchers: 4 vouchers per room per night/ })
      .waitFor();
    await item.getByText("routed to you", { exact: false }).waitFor();
    await item.getByRole("complementary").getByText("How similar requests were decided").waitFor();
    await item
      .getByRole("complementary")
      .getByText("Three guests in one room, all staying.", { exact: false })
      .waitFor();
    expect(await item.getByRole("button", { name: "Grant" }).isDisabled()).toBe(true);
    await expectNoSeriousViolations(page);
    await screenshots(page, "approvals");
    await item.getByLabel("Reason (required)").fill("Family of four in one room, two nights");
    await item.getByRole("button", { name: "Grant" }).click();
    await page.getByText(`Granted: P2 4 vouchers per room per night on case #${room12}.`).waitFor();
    await page.getByText("Nothing waits for your decision.").waitFor();
  });

  it("Rita records the issue of 4 vouchers under the granted exception", async () => {
    await signInAs("rita");
    await page.goto(`${url}/#/cases/${room12}`);
    const panel = page.getByRole("region", { name: "Policies" });
    await panel.getByText("Exception granted").waitFor();
    await panel.getByText(/granted by Sam/).waitFor();
    await panel.getByLabel("What was done").fill("Issued 4 breakfast vouchers for room 12");
    await panel.getByRole("button", { name: "Record it" }).click();
    await panel.getByText("Done: Issued 4 breakfast vouchers for room 12 (Rita)").waitFor();
    await page
      .getByRole("region", { name: "Timeline" })
      .getByText("Done under P2 (exception granted): Issued 4 breakfast vouchers for room 12")
      .waitFor();
    await expectNoSeriousViolations(page);
    await screenshots(page, "case-policy");
  });

  it("the policy page shows the versions, the decisions over time and the report", async () => {
    await signInAs("maya");
    await page.goto(`${url}/#/policies`);
    await page.getByRole("link", { name: /P2 Breakfast vouchers/ }).click();
    await page.getByRole("heading", { name: "P2 Breakfast vouchers", level: 1 }).waitFor();
    await page.getByRole("heading", { name: "Every decision under this policy" }).waitFor();
    await page.getByText("granted, 1 refused of 3", { exact: false }).waitFor();
    await page.getByRole("heading", { name: "Report, last 12 weeks" }).waitFor();
    await page.getByRole("cell", { name: "3 extra vouchers" }).waitFor();
    await expectNoSeriousViolations(page);
    await screenshots(page, "policy-page");
    // A manager changes it: a new version, in effect now; the old one stays in the history.
    await page.getByRole("button", { name: "Change this policy" }).click();
    const editor = page.getByRole("form", { name: "Change P2" });
    await editor.getByLabel("Allowed as is (vouchers)").fill("3");
    await editor.getByLabel("What changes and why").fill("Winter season: three per room");
    await expectNoSeriousViolations(page);
    await editor.getByRole("button", { name: "Save as version 2" }).click();
    await page.getByRole("heading", { name: "Version 2 (in effect)" }).waitFor();
    await page.getByText("Winter season: three per room").waitFor();
    await page.getByText("First version.").waitFor();
    await screenshots(page, "policy-versions");
  });
});
