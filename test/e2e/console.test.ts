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

/** One flow through the agent console, in order: each step starts where the previous one ended. */
describe.runIf(run)("agent console in Chromium", () => {
  let server: RunningServer | undefined;
  let browser: Browser | undefined;
  let page: Page;
  let url = "";
  const subject = `Caller lost parcel tracking ${Date.now().toString(36)}`;
  let caseNumber = 0;

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

  async function signIn(email: string, password = PASSWORD): Promise<void> {
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill(password);
    await page.getByRole("button", { name: "Sign in" }).click();
  }

  const nav = () => page.getByRole("navigation", { name: "Main" });

  it("login shows the API's words on failure, then opens the queue", async () => {
    await page.goto(url);
    await expect
      .poll(() => page.getByRole("heading", { name: "Sign in to the desk" }).isVisible())
      .toBe(true);
    expect(await page.getByLabel("Workspace").inputValue()).toBe("harbor");
    await expectNoSeriousViolations(page);
    await screenshots(page, "login");

    await signIn("rita@harbor.example", "not-the-password");
    await expect
      .poll(() => page.getByRole("alert").textContent())
      .toBe("The workspace, email or password is wrong.");

    await page.getByLabel("Password").fill(PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("heading", { name: "Queue" }).waitFor();
    await page.getByRole("button", { name: "Sign out" }).waitFor();
  });

  it("creates a case from a phone call in a few keystrokes and finds it in the queue", async () => {
    await page.keyboard.press("n");
    const dialog = page.getByRole("dialog", { name: "New case" });
    await dialog.waitFor();
    await page.keyboard.type(subject);
    // Pick a customer by typing part of a name and pressing Enter.
    await dialog.getByLabel("Customer (optional)").fill("Nora");
    await dialog.getByRole("button", { name: /Nora Lind/ }).waitFor();
    await page.keyboard.press("Enter");
    await dialog.getByText("Nora Lind").waitFor();
    expect(await dialog.getByLabel("Phone call").isChecked()).toBe(true);
    await dialog.getByLabel("Subject").press("Enter");

    await page.waitForURL(/#\/cases\/\d+$/);
    caseNumber = Number(/(\d+)$/.exec(page.url())?.[1]);
    await page.getByRole("heading", { level: 1, name: subject }).waitFor();
    await page.getByRole("region", { name: "Customer" }).getByText("Nora Lind").waitFor();

    await nav().getByRole("link", { name: "Queue" }).click();
    await page.getByRole("tab", { name: "Unassigned" }).click();
    await page.getByRole("link", { name: new RegExp(`#${caseNumber}\\s*${subject}`) }).waitFor();

    const word = subject.split(" ").at(-1) ?? "";
    await page.getByLabel("Search cases").fill(word);
    await expect.poll(() => page.getByText(/1 case matches/).isVisible()).toBe(true);
    await page.getByRole("link", { name: new RegExp(`#${caseNumber}`) }).waitFor();
    await page.getByLabel("Search cases").press("Escape");
  });

  it("moves through the queue with j/k and opens a case with Enter", async () => {
    await page.getByRole("tab", { name: "All open" }).click();
    const rows = page.locator("a.case-row");
    await rows.first().waitFor();
    await page.getByRole("heading", { name: "Queue" }).click();
    await page.keyboard.press("j");
    expect(await page.evaluate("document.activeElement.getAttribute('href')")).toBe(
      await rows.nth(0).getAttribute("href"),
    );
    await page.keyboard.press("j");
    expect(await page.evaluate("document.activeElement.getAttribute('href')")).toBe(
      await rows.nth(1).getAttribute("href"),
    );
    await page.keyboard.press("ArrowDown");
    await page.keyboard.press("k");
    await page.keyboard.press("ArrowUp");
    const target = await rows.nth(0).getAttribute("href");
    expect(await page.evaluate("document.activeElement.getAttribute('href')")).toBe(target);
    await expectNoSeriousViolations(page);
    await screenshots(page, "queue");

    await page.keyboard.press("Enter");
    await page.waitForURL((u) => u.hash === target);
    await page.getByRole("heading", { name: "Timeline" }).waitFor();
  });

  it("adds a reply, an internal note and a call log, and shows each in the timeline", async () => {
    await page.goto(`${url}/#/cases/${caseNumber}`);
    await page.getByRole("heading", { level: 1, name: subject }).waitFor();
    const timeline = page.getByRole("region", { name: "Timeline" });

    await page
      .getByLabel("Reply to the customer")
      .fill("We are tracing the parcel and will call you by 4 pm.");
    await page.getByRole("button", { name: "Send reply" }).click();
    await timeline
      .getByRole("article", { name: /Reply sent/ })
      .getByText("We are tracing the parcel")
      .waitFor();

    await page.getByLabel("Internal note", { exact: true }).check();
    await page.getByLabel(/Note for colleagues/).fill("Carrier says the scan stopped in the depot.");
    await page.getByRole("button", { name: "Add note" }).click();
    await timeline.getByRole("article", { name: "Internal note" }).getByText("scan stopped").waitFor();

    await page.getByLabel("Log a call").check();
    await page.getByLabel("Answered after (seconds)").fill("12");
    await page.getByLabel("Duration (seconds)").fill("125");
    await page.getByLabel("What was said").fill("Customer called back to give the tracking number.");
    await page.getByRole("button", { name: "Log call" }).click();
    const call = timeline.getByRole("article", { name: "Call from customer" });
    await call.getByText("Answered after 12 s · lasted 2 min 05 s").waitFor();
    const attempts = page.getByRole("region", { name: "Contact attempts" });
    await attempts.getByRole("button", { name: "Add attempt" }).click();
    await attempts.getByLabel("Line tried").fill("Main office line");
    await attempts.getByLabel("Note").fill("Rang out after 6 rings");
    await attempts.getByRole("button", { name: "Save attempt" }).click();
    await attempts.getByText("Phone to Main office line — not answered").waitFor();

    // The reply moved the new case to open.
    await page.locator(".case-facts").getByText("Open", { exact: true }).waitFor();
  });

  it("changes priority only with a reason from the fixed list", async () => {
    await page.getByLabel("Priority", { exact: true }).selectOption("high");
    await page.getByRole("button", { name: "Change priority" }).click();
    // The reason is required: nothing changed yet.
    expect(await page.locator("select:invalid").count()).toBe(1);
    await page.locator(".case-facts").getByText("Normal", { exact: true }).waitFor();

    await page.getByLabel("Reason").selectOption("deadline_at_risk");
    await page.getByRole("button", { name: "Change priority" }).click();
    await page.locator(".case-facts").getByText("High", { exact: true }).waitFor();
    await page.locator(".case-facts").getByText("(Deadline at risk)").waitFor();
    await page
      .getByRole("region", { name: "Timeline" })
      .getByText("Priority changed from Normal to High")
      .waitFor();
    await expectNoSeriousViolations(page);
    await screenshots(page, "case");
  });

  it("shows the new-case dialog without serious accessibility problems", async () => {
    await page.getByRole("button", { name: /New case/ }).click();
    await page.getByRole("dialog", { name: "New case" }).waitFor();
    await expectNoSeriousViolations(page);
    await screenshots(page, "new-case");
    await page.keyboard.press("Escape");
    await page.getByRole("dialog").waitFor({ state: "detached" });
  });

  it("signs out, and an admin edits staff", async () => {
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.getByRole("heading", { name: "Sign in to the desk" }).waitFor();
    await signIn("owen@harbor.example");
    await page.getByRole("heading", { name: "Queue" }).waitFor();

    await nav().getByRole("link", { name: "Staff" }).click();
    await page.getByRole("heading", { name: "Staff", level: 1 }).waitFor();
    await page.getByRole("rowheader", { name: /Rita/ }).waitFor();
    await expectNoSeriousViolations(page);
    await screenshots(page, "staff");

    await page.getByRole("button", { name: "Edit Rita" }).click();
    await page.getByRole("heading", { name: "Edit Rita" }).waitFor();
    await page.getByLabel("Title").fill("Senior receptionist");
    await page.getByRole("button", { name: "Save changes" }).click();
    await page.getByRole("cell", { name: "Senior receptionist" }).waitFor();

    await page.getByRole("button", { name: "New staff member" }).click();
    await page.getByLabel("Name").fill("Quinn");
    await page.getByLabel("Email").fill("quinn@harbor.example");
    await page.getByLabel("Role").selectOption("agent");
    await expectNoSeriousViolations(page);
    await screenshots(page, "staff-editor");
    await page.getByRole("button", { name: "Create staff member" }).click();
    await page.getByRole("rowheader", { name: /Quinn/ }).waitFor();
  });

  it("lists clients and customers", async () => {
    await nav().getByRole("link", { name: "Clients" }).click();
    await page.getByRole("heading", { name: "Clients", level: 1 }).waitFor();
    await page.getByRole("region", { name: "Client list" }).getByRole("rowheader").first().waitFor();
    await expectNoSeriousViolations(page);
    await screenshots(page, "clients");
    await nav().getByRole("link", { name: "Customers" }).click();
    await page.getByRole("rowheader", { name: "Nora Lind" }).waitFor();
    await screenshots(page, "customers");
  });
});
