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

/** Total layout shift since the page loaded (Chromium's layout-shift entries), for "no jumps". */
async function layoutShift(page: Page): Promise<number> {
  // A string, as in console.test.ts: the test project has no DOM types.
  return page.evaluate<number>(`new Promise((resolve) => {
    let total = 0;
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) if (!e.hadRecentInput) total += e.value;
    }).observe({ type: "layout-shift", buffered: true });
    setTimeout(() => resolve(total), 300);
  })`);
}

/**
 * "Reply and see it in the portal as the customer": the customer writes through the public form
 * and follows the per-case link; a staff member answers in the console; the customer reads the
 * answer in the portal and replies; the staff member sees that reply. Two browsers, two people.
 */
describe.runIf(run)("customer portal in Chromium", () => {
  let server: RunningServer | undefined;
  let customerBrowser: Browser | undefined;
  let staffBrowser: Browser | undefined;
  let customer: Page;
  let staff: Page;
  let url = "";
  const stamp = Date.now().toString(36);
  const subject = `Banner for the street fair ${stamp}`;
  let caseNumber = 0;

  beforeAll(async () => {
    ensureWebBuild();
    server = await startServer();
    url = server.url;
    customerBrowser = await launchBrowser();
    staffBrowser = await launchBrowser();
    customer = customerBrowser.page;
    staff = staffBrowser.page;
  }, 180_000);

  afterAll(async () => {
    await customerBrowser?.close();
    await staffBrowser?.close();
    await server?.stop();
  });

  it("the public form, filled in with the keyboard only, shows the request's link and what we promised", async () => {
    await customer.goto(`${url}/#/request`);
    await customer.getByRole("heading", { name: "Send us a request" }).waitFor();
    expect(await customer.getByLabel("Desk").inputValue()).toBe("harbor");
    await expectNoSeriousViolations(customer);
    await screenshots(customer, "portal-request");

    // Sending it empty is stopped by the browser before it reaches us: nothing was created.
    await customer.getByLabel("Your name").focus();
    await customer.keyboard.type("Noor Haddad");
    await customer.keyboard.press("Tab");
    await customer.keyboard.type("not-an-email");
    await customer.keyboard.press("Tab");
    await customer.keyboard.type(subject);
    await customer.keyboard.press("Tab");
    await customer.keyboard.type("Could you print a 2 m banner by Friday? Blue background, white letters.");
    await customer.keyboard.press("Tab");
    expect(await customer.evaluate("document.activeElement.textContent")).toBe("Send request");
    await customer.keyboard.press("Enter");
    // The email field refuses the address in the browser; fix it with the keyboard and send again.
    expect(await customer.locator("input:invalid").count()).toBe(1);
    await customer.getByLabel("Your email").focus();
    await customer.keyboard.press("Control+A");
    await customer.keyboard.type(`noor.${stamp}@example.org`);
    await customer.getByRole("button", { name: "Send request" }).focus();
    await customer.keyboard.press("Enter");

    const thanks = customer.getByRole("heading", { name: /Thank you — we have your request #\d+/ });
    await thanks.waitFor();
    caseNumber = Number(/#(\d+)/.exec((await thanks.textContent()) ?? "")?.[1]);
    expect(caseNumber).toBeGreaterThan(1000);
    await customer
      .getByText(/^We will reply by \w{3} \d{1,2} \w{3}, \d{2}:\d{2} \(New York time\)$/)
      .waitFor();
    const link = await customer.getByLabel("Your request's link").inputValue();
    expect(link).toMatch(new RegExp(`^${url}/#/portal/enter/fdp_[A-Za-z0-9_-]{43}$`));
    await expectNoSeriousViolations(customer);
    await screenshots(customer, "portal-request-sent");
  });

  it("the per-case link opens the request in the portal and leaves the address bar", async () => {
    await customer.getByRole("link", { name: "Open your request" }).click();
    await customer.getByRole("heading", { level: 1, name: new RegExp(subject) }).waitFor();
    expect(customer.url()).toBe(`${url}/#/portal/cases/${caseNumber}`);
    expect(customer.url()).not.toContain("fdp_");
    const conversation = customer.getByRole("region", { name: "Conversation" });
    await conversation.getByRole("article", { name: "Your message" }).getByText("2 m banner").waitFor();
    await customer
      .getByRole("region", { name: "What we promised you" })
      .getByText(/We will reply by/)
      .waitFor();
    await customer.locator(".portal-facts").getByText("Received").waitFor();
    // Cumulative layout shift since the document loaded (form, link, case): "good" is under 0.1.
    expect(await layoutShift(customer)).toBeLessThan(0.1);
    await expectNoSeriousViolations(customer);
    await screenshots(customer, "portal-case");
  });

  it("a staff member answers in the console, on the portal channel", async () => {
    await staff.goto(url);
    await staff.getByLabel("Email").fill("rita@harbor.example");
    await staff.getByLabel("Password").fill(PASSWORD);
    await staff.getByRole("button", { name: "Sign in" }).click();
    await staff.getByRole("heading", { name: "Queue" }).waitFor();
    await staff.goto(`${url}/#/cases/${caseNumber}`);
    await staff.getByRole("heading", { level: 1, name: subject }).waitFor();
    const timeline = staff.getByRole("region", { name: "Timeline" });
    await timeline.getByRole("article", { name: /Message from customer · Portal/ }).waitFor();
    await staff.getByRole("region", { name: "Customer" }).getByText("Noor Haddad").waitFor();
    expect(await staff.getByLabel("Send by").inputValue()).toBe("portal");
    await staff.getByLabel("Reply to the customer").fill("Yes — we can print it by Thursday noon.");
    await staff.getByRole("button", { name: "Send reply" }).click();
    await timeline
      .getByRole("article", { name: /Reply sent/ })
      .getByText("by Thursday noon")
      .waitFor();
    // An internal note the customer must never see.
    await staff.getByLabel("Internal note", { exact: true }).check();
    await staff.getByLabel(/Note for colleagues/).fill("Check the blue ink stock before promising more.");
    await staff.getByRole("button", { name: "Add note" }).click();
    await timeline.getByRole("article", { name: "Internal note" }).waitFor();
  });

  it("the customer sees the reply, by the staff member's name, and answers it with the keyboard", async () => {
    await customer.reload();
    const conversation = customer.getByRole("region", { name: "Conversation" });
    const answer = conversation.getByRole("article", { name: /Message from Rita/ });
    await answer.getByText("Yes — we can print it by Thursday noon.").waitFor();
    expect(await customer.getByText("blue ink stock").count()).toBe(0);
    await customer.getByText("Status: In progress").waitFor();
    await customer.getByLabel("Your reply").focus();
    await customer.keyboard.type("Thursday is perfect. Thank you!");
    await customer.keyboard.press("Control+Enter");
    await conversation
      .getByRole("article", { name: "Your message" })
      .getByText("Thursday is perfect")
      .waitFor();
    await customer.getByText("Sent. Your message is in the conversation above.").waitFor();
    expect(await customer.getByLabel("Your reply").inputValue()).toBe("");
    await expectNoSeriousViolations(customer);
    await screenshots(customer, "portal-case-replied");
  });

  it("the staff member sees the customer's answer in the timeline", async () => {
    await staff.reload();
    const timeline = staff.getByRole("region", { name: "Timeline" });
    await timeline
      .getByRole("article", { name: /Message from customer · Portal/ })
      .filter({ hasText: "Thursday is perfect" })
      .waitFor();
  });

  it("staff make a link for all the customer's cases; it opens their list of requests", async () => {
    const side = staff.getByRole("group", { name: "Portal link" });
    await side.getByLabel("All their cases").check();
    await side.getByRole("button", { name: "Create portal link" }).click();
    const field = side.getByLabel("Link for the customer (shown once)");
    await field.waitFor();
    const link = await field.inputValue();
    expect(link).toMatch(/#\/portal\/enter\/fdp_/);
    await expectNoSeriousViolations(staff);
    await screenshots(staff, "console-portal-link");

    await customer.goto(link);
    await customer.getByRole("heading", { name: "Your requests", exact: true }).waitFor();
    expect(customer.url()).toBe(`${url}/#/portal`);
    const row = customer.getByRole("link", { name: new RegExp(`#${caseNumber}\\s*${subject}`) });
    await row.waitFor();
    await customer.getByText("Signed in as Noor Haddad").waitFor();
    await expectNoSeriousViolations(customer);
    await screenshots(customer, "portal-cases");
    // Keyboard: the row is a link; Enter opens the case.
    await row.focus();
    await customer.keyboard.press("Enter");
    await customer.getByRole("heading", { level: 1, name: new RegExp(subject) }).waitFor();
    await customer.getByRole("link", { name: "← All your requests" }).waitFor();
  });

  it("a link that no longer works says so in words; signing out ends the portal session", async () => {
    await customer.goto(`${url}/#/portal/enter/fdp_${"x".repeat(43)}`);
    await customer.getByRole("heading", { name: "This link does not open" }).waitFor();
    await customer
      .getByRole("alert")
      .getByText(/expired or been withdrawn/)
      .waitFor();
    expect(customer.url()).not.toContain("fdp_");
    await expectNoSeriousViolations(customer);
    await screenshots(customer, "portal-bad-link");
    // The earlier session still works until the customer signs out.
    await customer.goto(`${url}/#/portal`);
    await customer.getByRole("heading", { name: "Your requests", exact: true }).waitFor();
    await customer.getByRole("button", { name: "Sign out" }).click();
    await customer.getByRole("heading", { name: "Open your link to continue" }).waitFor();
    await customer.reload();
    await customer.getByRole("heading", { name: "Open your link to continue" }).waitFor();
    await expectNoSeriousViolations(customer);
  });
});
