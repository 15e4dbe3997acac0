import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FakeClock } from "../../src/shared/clock.js";
import {
  browserAvailable,
  ensureWebBuild,
  launchContexts,
  screenshots,
  expectNoSeriousViolations,
  startServer,
  type RunningServer,
  type SharedBrowser,
} from "./browser.js";

const PASSWORD = "harbor-demo-2026";
const run = browserAvailable();

/** S5 in the browser: an agent books Owen from the case page; the customer sees it and moves it. */
describe.runIf(run)("appointments in Chromium (S5)", () => {
  let server: RunningServer | undefined;
  let shared: SharedBrowser | undefined;
  let staff: Page;
  let customer: Page;
  let url = "";
  let caseNumber = 0;

  beforeAll(async () => {
    ensureWebBuild();
    // Mon 7 Dec 2026 10:30 New York, whatever the hour the suite runs at: "tomorrow" is Tue 8 Dec.
    server = await startServer({ clock: new FakeClock("2026-12-07T15:30:00.000Z") });
    shared = await launchContexts(2);
    [staff, customer] = shared.pages as [Page, Page];
    url = server.url;
  }, 180_000);

  afterAll(async () => {
    await shared?.close();
    await server?.stop();
  });

  it("the agent finds Owen's earliest times for 'tomorrow after 7' and books one", async () => {
    await staff.goto(url);
    await staff.getByLabel("Email").fill("rita@harbor.example");
    await staff.getByLabel("Password").fill(PASSWORD);
    await staff.getByRole("button", { name: "Sign in" }).click();
    await staff.getByRole("heading", { name: "Queue" }).waitFor();
    const found = await staff.evaluate(async () => {
      const res = await fetch("/api/search?q=monthly%20plan%20price", { credentials: "same-origin" });
      return (await res.json()) as { items: { number: number }[] };
    });
    caseNumber = found.items[0]?.number ?? 0;
    expect(caseNumber).toBeGreaterThan(1000);
    await staff.goto(`${url}/#/cases/${caseNumber}`);
    await staff.getByRole("heading", { level: 1, name: /new-customer price/ }).waitFor();

    const panel = staff.getByRole("region", { name: "Appointments" });
    await panel.getByText("No meeting or callback is booked.").waitFor();
    await panel.getByLabel("With").selectOption({ label: "Owen" });
    await panel.getByLabel("What suits the customer").fill("when pigs fly");
    await panel.getByRole("button", { name: "Find times" }).click();
    await panel
      .getByRole("alert")
      .getByText(/is not a time the desk can read.*"tomorrow after 7"/)
      .waitFor();

    await panel.getByLabel("What suits the customer").fill("tomorrow after 7");
    await panel.getByRole("button", { name: "Find times" }).click();
    await panel.getByText(/could be 07:00 or 19:00/).waitFor();
    const morning = panel.getByRole("group", { name: "Owen, tomorrow after 07:00" });
    await morning.getByRole("button", { name: "Book Tue 8 Dec, 07:00 (New York time)" }).waitFor();
    await panel
      .getByRole("group", { name: "Owen, tomorrow after 19:00" })
      .getByRole("button", { name: "Book Tue 8 Dec, 19:30 (New York time)" })
      .waitFor();
    await expectNoSeriousViolations(staff);
    await screenshots(staff, "appointment-slots");

    await morning.getByRole("button", { name: "Book Tue 8 Dec, 07:00 (New York time)" }).click();
    await panel.getByText(/Booked with Owen for Tue 8 Dec, 07:00 \(New York time\)/).waitFor();
    await panel
      .getByRole("list", { name: "Booked appointments" })
      .getByText("Meeting with Owen: Tue 8 Dec, 07:00 (New York time)")
      .waitFor();
    await staff.getByRole("region", { name: "Promises" }).getByText("Meeting with Owen").first().waitFor();
    await staff
      .getByRole("region", { name: "Timeline" })
      .getByText(/Your meeting with Owen is booked for Tue 8 Dec, 07:00/)
      .first()
      .waitFor();
    await expectNoSeriousViolations(staff);
    await screenshots(staff, "appointment-booked");
  });

  it("the customer sees it in the portal and moves it to the evening", async () => {
    const side = staff.getByRole("group", { name: "Portal link" });
    await side.getByLabel("All their cases").check();
    await side.getByRole("button", { name: "Create portal link" }).click();
    const field = side.getByLabel("Link for the customer (shown once)");
    await field.waitFor();
    const link = await field.inputValue();

    await customer.goto(link);
    await customer.getByRole("heading", { name: "Your requests", exact: true }).waitFor();
    await customer.goto(`${url}/#/portal/cases/${caseNumber}`);
    const mine = customer.getByRole("region", { name: "Your appointments" });
    await mine.getByText("Tue 8 Dec, 07:00 (New York time)").waitFor();
    await mine.getByText("Meeting with Owen").waitFor();
    await customer
      .getByRole("region", { name: "What we promised you" })
      .getByText("Your appointment is on Tue 8 Dec, 07:00 (New York time)")
      .waitFor();
    await expectNoSeriousViolations(customer);

    await mine.getByRole("button", { name: "Choose another time" }).click();
    await mine.getByLabel("What suits you?").fill("tomorrow after 7pm");
    await mine.getByRole("button", { name: "Show times" }).click();
    await mine.getByRole("button", { name: "Move to Tue 8 Dec, 19:00 (New York time)" }).click();
    await mine
      .getByText("Moved to Tue 8 Dec, 19:00 (New York time). We have sent you the updated invitation.")
      .waitFor();
    await mine
      .getByRole("listitem")
      .filter({ hasText: "Meeting with Owen: Tue 8 Dec, 19:00 (New York time)" })
      .waitFor();
    await customer
      .getByRole("region", { name: "What we promised you" })
      .getByText("Your appointment is on Tue 8 Dec, 19:00 (New York time)")
      .waitFor();
    await expectNoSeriousViolations(customer);
    await screenshots(customer, "portal-appointment-moved");

    // The agent's case page shows the move.
    await staff.reload();
    await staff
      .getByRole("region", { name: "Appointments" })
      .getByText("Meeting with Owen: Tue 8 Dec, 19:00 (New York time)")
      .waitFor();
  });
});
