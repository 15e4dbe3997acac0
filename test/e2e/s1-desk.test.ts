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

/**
 * S1 at the front desk, in Chromium: Mon 7 Dec 2026 10:30 New York, Dan asks for Colin. Rita looks
 * Colin up, answers the request for his cell from P5, takes a message (the callback is promised
 * for Tue 8 Dec 10:00), and asks about Pat (S1c). Colin then finds the message in his inbox.
 */
describe.runIf(run)("S1 the receptionist's desk in Chromium", () => {
  let server: RunningServer | undefined;
  let browser: Browser | undefined;
  let page: Page;
  let url = "";

  beforeAll(async () => {
    ensureWebBuild();
    server = await startServer({ clock: new FakeClock("2026-12-07T15:30:00.000Z") });
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
    await page.getByRole("button", { name: "Sign out" }).waitFor();
  }

  const nav = () => page.getByRole("navigation", { name: "Main" });

  /** At phone width nothing may stick out sideways (the page would scroll horizontally). */
  async function expectNoSidewaysScroll(): Promise<void> {
    await page.setViewportSize({ width: 390, height: 844 });
    // Scripts as text: the test's own TypeScript has no DOM types (the page has them).
    const wide = await page.evaluate<string[]>(`(() => {
      const limit = document.documentElement.clientWidth;
      return [...document.querySelectorAll("body *")]
        .filter((el) => el.getBoundingClientRect().right > limit + 1 && !el.closest("nav ul"))
        .slice(0, 5)
        .map((el) => el.tagName.toLowerCase() + "." + el.className + " " + Math.round(el.getBoundingClientRect().right));
    })()`);
    const scrollWidth = await page.evaluate<number>("document.documentElement.scrollWidth");
    await page.setViewportSize({ width: 1280, height: 800 });
    expect(wide).toEqual([]);
    expect(scrollWidth).toBeLessThanOrEqual(390);
  }

  it("Rita looks Colin up: off today, next in Tue 8 Dec 09:00, with the words to say", async () => {
    await signIn("rita@harbor.example");
    await nav().getByRole("link", { name: "Who is in" }).click();
    await page.getByRole("heading", { name: "Who is in", level: 1 }).waitFor();
    await page.getByLabel("Colleague").fill("Colin");
    await page.getByRole("button", { name: "Look up" }).click();
    const card = page.getByRole("article", { name: /Colin/ });
    await card.waitFor();
    expect(await card.getByText("Colin is off today; next in Tue 8 Dec 09:00.").isVisible()).toBe(true);
    expect(await card.getByText("Off — next in Tue 8 Dec 09:00").isVisible()).toBe(true);
    expect(await card.locator("blockquote").textContent()).toBe(
      "Colin is off today and is next in on Tue 8 Dec 09:00 (New York time). Can I help you, or take a message?",
    );
    await page.getByRole("heading", { name: "On duty now" }).waitFor();
    await expectNoSeriousViolations(page);
    await screenshots(page, "desk-colin");
  });

  it("with case #1001 at hand, a request for Colin's cell is answered by P5 — no number anywhere", async () => {
    await page.getByLabel("Case at hand (optional)").fill("1001");
    await page.getByRole("button", { name: "Use case" }).click();
    await page.getByText("Package pickup — asks for Colin").waitFor();
    const card = page.getByRole("article", { name: /Colin/ });
    await card.getByRole("button", { name: "Asked for a private number" }).click();
    await card.getByText(/Policy P5/).waitFor();
    expect(await card.getByText(/I can't share our staff's personal contact details/).isVisible()).toBe(true);
    expect(await page.content()).not.toContain("555-0100");
  });

  it("Rita takes a message: the customer is told Tue 8 Dec, 10:00; 'it's urgent' pages nobody at Acme", async () => {
    const card = page.getByRole("article", { name: /Colin/ });
    await card.getByRole("button", { name: "Take a message for Colin" }).click();
    const form = card.getByRole("form", { name: "Message for Colin" });
    await form.waitFor();
    await expect.poll(() => form.getByLabel("From").inputValue()).toBe("Dan Reyes");
    await form.getByLabel("About").fill("Collecting PO-7731 (due last Wednesday)");
    await form.getByLabel("It’s urgent").check();
    await form.getByRole("button", { name: "Take message" }).click();
    const done = card.getByRole("region", { name: "Message taken" });
    await done.waitFor();
    expect(
      await done
        .getByText(
          "I have passed your message to Colin. We will call you back by Tue 8 Dec, 10:00 (New York time).",
        )
        .isVisible(),
    ).toBe(true);
    expect(await done.getByRole("heading", { name: "Nobody paged" }).isVisible()).toBe(true);
    expect(
      await done
        .getByText(/no after-hours cover/)
        .first()
        .isVisible(),
    ).toBe(true);
    expect(await done.getByRole("link", { name: "Open case #1001" }).isVisible()).toBe(true);
    expect(await page.content()).not.toContain("555-0100");
    await expectNoSeriousViolations(page);
    await screenshots(page, "desk-message");
    await expectNoSidewaysScroll();
  });

  it("S1c: asked when Pat is in, the desk cannot share it and shows no hours", async () => {
    await page.getByLabel("Colleague").fill("Pat");
    await page.getByRole("button", { name: "Look up" }).click();
    const card = page.getByRole("article", { name: /Pat/ });
    await card.waitFor();
    expect(await card.getByText("Can't share", { exact: true }).isVisible()).toBe(true);
    expect(await card.locator("blockquote").textContent()).toBe(
      "I can't share staff schedules — can I help you, or take a message?",
    );
    expect(await card.textContent()).not.toMatch(/12:00|20:00/);
    await expectNoSeriousViolations(page);
    await screenshots(page, "desk-pat");
  });

  it("Colin finds the message in his inbox, marks the call returned; his week and the rota show", async () => {
    await page.getByRole("button", { name: "Sign out" }).click();
    await signIn("colin@harbor.example");
    await expect
      .poll(() =>
        nav()
          .getByRole("link", { name: /Messages/ })
          .textContent(),
      )
      .toMatch(/Messages\s*1/);
    await nav()
      .getByRole("link", { name: /Messages/ })
      .click();
    const message = page.getByRole("article", { name: /Dan Reyes/ });
    await message.waitFor();
    expect(
      await message.getByText("We will call you back by Tue 8 Dec, 10:00 (New York time) (open)").isVisible(),
    ).toBe(true);
    await expectNoSeriousViolations(page);
    await screenshots(page, "inbox");
    await expectNoSidewaysScroll();
    await message.getByRole("button", { name: "Call returned" }).click();
    await message.getByLabel("Note (optional)").fill("Package collected");
    await message.getByRole("button", { name: "Mark returned" }).click();
    await page.getByText("No messages waiting for you.").waitFor();

    await nav().getByRole("link", { name: "Schedules" }).click();
    await page.getByRole("heading", { name: "Weekly hours" }).waitFor();
    expect(await page.locator(".shift").first().textContent()).toBe("09:00–17:00");
    await expectNoSeriousViolations(page);
    await screenshots(page, "schedules");
    await expectNoSidewaysScroll();

    await nav().getByRole("link", { name: "On call" }).click();
    await page.getByRole("heading", { name: "After hours" }).waitFor();
    expect(await page.locator(".on-call-now").textContent()).toContain("nobody");
    await expectNoSeriousViolations(page);
    await screenshots(page, "rotas");
    await expectNoSidewaysScroll();
  });
});
