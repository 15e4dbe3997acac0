import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
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

/** A `datetime-local` value in the browser's zone (the tests run Chromium in UTC). */
const localInput = (iso: string) => iso.slice(0, 16);

/**
 * Promises in the console, in order: the case's promise panel (countdown, renegotiate, a free
 * promise, the honest promise, what the customer is told), the queue's due colours, then the
 * calendar and agreement admin pages with their previews. Demo data, real server, real clock.
 */
describe.runIf(run)("promises in the console (Chromium)", () => {
  let server: RunningServer | undefined;
  let browser: Browser | undefined;
  let page: Page;
  let url = "";

  beforeAll(async () => {
    ensureWebBuild();
    server = await startServer();
    browser = await launchBrowser();
    page = browser.page;
    url = server.url;
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  async function signIn(email: string): Promise<void> {
    await page.goto(url);
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill(PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("heading", { name: "Queue" }).waitFor();
  }

  const nav = () => page.getByRole("navigation", { name: "Main" });
  const panel = () => page.getByRole("region", { name: "Promises" });
  const openList = () => panel().getByRole("list", { name: "Open promises" });

  it("a case's promise panel shows each open promise with its due time and a live countdown", async () => {
    await signIn("maya@harbor.example");
    await page.goto(`${url}/#/cases/1001`);
    await page.getByRole("heading", { level: 1, name: /Package pickup/ }).waitFor();
    const first = openList().getByRole("listitem").filter({ hasText: "First reply" });
    await first.waitFor();
    await expect
      .poll(() => first.textContent())
      .toMatch(/We will reply by \w{3} \d{1,2} \w{3}, \d\d:\d\d \(New York time\)/);
    expect(await first.textContent()).toMatch(
      /Due .*· (due in|overdue by) (\d+ (d|h|min)|less than a minute)/,
    );
    // The state is in words (and a shape), not only a colour.
    expect(await first.textContent()).toMatch(/On track|At risk|Overdue/);
    const due = await first.locator("time").getAttribute("datetime");
    const promises = await page.evaluate(async () => {
      const c = (await (await fetch("/api/cases/by-number/1001")).json()) as { id: string };
      return (await (await fetch(`/api/cases/${c.id}/promises`)).json()) as {
        target: string;
        dueAt: string;
      }[];
    });
    expect(due).toBe(promises.find((p) => p.target === "first_reply")?.dueAt);
    await panel().getByText("Earliest honest promise").waitFor();
    await expect.poll(() => panel().locator(".honest-wording").textContent()).toMatch(/^“We will reply by/);
  });

  it("renegotiating in the UI moves the due time, tells the customer and writes the timeline entry", async () => {
    const newDue = new Date(Date.now() + 2 * 86_400_000);
    newDue.setUTCHours(15, 0, 0, 0);
    await panel().getByRole("button", { name: "Renegotiate: First reply" }).click();
    const form = panel().getByRole("form", { name: "Renegotiate First reply" });
    await form.getByLabel("New time").fill(localInput(newDue.toISOString()));
    await form.getByLabel("Why it moves").fill("Waiting for the carrier to confirm the parcel");
    await form.getByRole("button", { name: "Move and tell the customer" }).click();

    await panel()
      .getByText(/^Moved\. The customer was told: “We will reply by .* \(New York time\)”$/)
      .waitFor();
    const first = openList().getByRole("listitem").filter({ hasText: "First reply" });
    await first.locator(`time[datetime="${newDue.toISOString()}"]`).waitFor();
    const timeline = page.getByRole("region", { name: "Timeline" });
    await timeline.getByText(/Promise renegotiated; the customer was told: "We will reply by/).waitFor();
    // The old promise is in the collapsed history, marked renegotiated.
    const history = panel().locator("details.promise-history");
    expect(await history.getAttribute("open")).toBeNull();
    await history.locator("summary").click();
    await history.getByText("Renegotiated").waitFor();
    expect(await history.textContent()).toContain("moved to");
  });

  it("adds a free-form promise and shows what the customer is told", async () => {
    const by = new Date(Date.now() + 86_400_000);
    by.setUTCHours(20, 0, 0, 0);
    await panel().getByRole("button", { name: "Add a promise" }).click();
    const form = panel().getByRole("form", { name: "Add a promise" });
    await form.getByLabel("What you promise").fill("Check with the warehouse");
    await form.getByLabel("By").fill(localInput(by.toISOString()));
    await form.getByRole("button", { name: "Save promise" }).click();
    const item = openList().getByRole("listitem").filter({ hasText: "Check with the warehouse" });
    await item.locator(`time[datetime="${by.toISOString()}"]`).waitFor();
    expect(await item.textContent()).toContain("We will get back to you by");

    await panel().getByText("What the customer is told").click();
    const ack = panel().locator(".ack-text");
    await expect.poll(() => ack.textContent()).toContain("We received your request #1001");
    expect(await ack.textContent()).toContain("Check with the warehouse: we will get back to you by");
    await expectNoSeriousViolations(page);
    await screenshots(page, "case-promises");
  });

  it("the queue's due column uses the same states", async () => {
    await nav().getByRole("link", { name: "Queue" }).click();
    await page.getByRole("tab", { name: "All open" }).click();
    const row = page.getByRole("link", { name: /#1001/ });
    await row.waitFor();
    await expect.poll(() => row.locator(".tone").textContent()).toMatch(/On track|At risk|Overdue/);
    expect(await row.textContent()).toMatch(/in \d+ (d|h|min)|late/);
    await expectNoSeriousViolations(page);
    await screenshots(page, "queue-due");
  });

  it("editing a calendar in the admin page shows API problems beside the field and changes the preview", async () => {
    await nav().getByRole("link", { name: "Calendars" }).click();
    await page.getByRole("heading", { name: "Calendars", level: 1 }).waitFor();
    await page.getByRole("heading", { name: "Edit Harbor desk hours" }).waitFor();
    // Monday 4 Jan 2027, 08:00 UTC = 03:00 in New York: before opening.
    const preview = page.getByRole("region", { name: "Preview" });
    await preview.getByLabel("From").fill("2027-01-04T08:00");
    const openings = preview.getByRole("list", { name: "Next openings" });
    await expect
      .poll(() => openings.getByRole("listitem").first().textContent())
      .toBe("Mon 4 Jan, 09:00–17:00");
    await expect
      .poll(() => preview.getByRole("list", { name: "Agreements in this calendar" }).textContent())
      .toContain("Standard: We will reply by Mon 4 Jan, 13:00 (New York time)");

    // A closing the engine cannot read: the API's words appear beside Tuesday's hours.
    await page.getByLabel("Tuesday closes").fill("25:00");
    await page.getByRole("button", { name: "Save calendar" }).click();
    const problem = page.locator(".day-row", { hasText: "Tuesday" }).locator(".field-problems");
    await expect.poll(() => problem.textContent()).toContain('"25:00" is not an end time');
    expect(await page.getByLabel("Tuesday closes").getAttribute("aria-describedby")).toBe(
      await problem.getAttribute("id"),
    );
    await expectNoSeriousViolations(page);
    await screenshots(page, "calendar-problem");

    await page.getByLabel("Tuesday closes").fill("17:00");
    await page.getByLabel("Monday opens").fill("10:00");
    await page.getByRole("button", { name: "Save calendar" }).click();
    await page.getByText("Saved. Open promises in this calendar were recomputed.").waitFor();
    await expect
      .poll(() => openings.getByRole("listitem").first().textContent())
      .toBe("Mon 4 Jan, 10:00–17:00");
    await expect
      .poll(() => preview.getByRole("list", { name: "Agreements in this calendar" }).textContent())
      .toContain("Standard: We will reply by Mon 4 Jan, 14:00 (New York time)");
    await expectNoSeriousViolations(page);
    await screenshots(page, "calendars");
  });

  it("the agreements page previews a request now and at a chosen time, per priority", async () => {
    await nav().getByRole("link", { name: "Agreements" }).click();
    await page.getByRole("heading", { name: "Agreements", level: 1 }).waitFor();
    await page.getByRole("heading", { name: "Edit Standard" }).waitFor();
    const preview = page.getByRole("region", { name: "Preview" });
    await preview.getByText("A request now would be answered by:").waitFor();
    await preview.getByLabel("A request at").fill("2027-01-04T08:00");
    const normal = preview.getByRole("row", { name: /^Normal/ });
    await expect.poll(() => normal.textContent()).toMatch(/^Normal.*Mon 4 Jan 14:00/);
    await preview.getByText("A request at Mon 4 Jan, 03:00 (New York time) would be answered by:").waitFor();
    await preview
      .getByText("The desk is closed then; the clock starts Mon 4 Jan, 10:00 (New York time).")
      .waitFor();
    await page.getByRole("region", { name: "Clients on Standard" }).getByText("Acme").waitFor();
    const deliverables = page.getByRole("region", { name: "Scheduled deliverables" });
    await deliverables.getByText("Weekly report").waitFor();
    await expectNoSeriousViolations(page);
    await screenshots(page, "agreements");

    // Around the clock: 24/7 coverage, paging and its rota.
    await page
      .getByRole("navigation", { name: "Agreements" })
      .getByRole("button", { name: /Around the clock/ })
      .click();
    await page.getByRole("heading", { name: "Edit Around the clock" }).waitFor();
    expect(await page.getByLabel("Around the clock (24/7)").isChecked()).toBe(true);
    expect(await page.getByLabel("On-call rota").inputValue()).toContain("Sam and Maya");
    await page.getByRole("region", { name: "Clients on Around the clock" }).getByText("Northwind").waitFor();
  });

  it("people who may only read see the terms read-only", async () => {
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.getByRole("heading", { name: "Sign in to the desk" }).waitFor();
    await page.getByLabel("Email").fill("rita@harbor.example");
    await page.getByLabel("Password").fill(PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("heading", { name: "Queue" }).waitFor();
    await nav().getByRole("link", { name: "Agreements" }).click();
    await page.getByText(/You can read the agreements/).waitFor();
    await page.getByRole("heading", { name: "Standard", level: 2, exact: true }).waitFor();
    expect(await page.getByRole("button", { name: "Save agreement" }).count()).toBe(0);
    expect(await page.getByLabel("Name", { exact: true }).first().isDisabled()).toBe(true);
    await expectNoSeriousViolations(page);
    await screenshots(page, "agreements-read-only");
  });
});
