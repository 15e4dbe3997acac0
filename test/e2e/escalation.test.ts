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

/** The API as Owen (the owner, an admin), for what the story takes as given. */
async function asOwen(url: string) {
  const login = await fetch(`${url}/api/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ workspace: "harbor", email: "owen@harbor.example", password: PASSWORD }),
  });
  const session = (await login.json()) as { csrfToken: string };
  const cookie = (login.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
  return async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const res = await fetch(`${url}${path}`, {
      method,
      headers: {
        cookie,
        "x-csrf-token": session.csrfToken,
        ...(body !== undefined && { "content-type": "application/json" }),
      },
      ...(body !== undefined && { body: JSON.stringify(body) }),
    });
    if (!res.ok) throw new Error(`${method} ${path} answered ${res.status}: ${await res.text()}`);
    return (await res.json()) as T;
  };
}

/**
 * S7 in the browser: Maya has time off from 15:15; at 15:10 Rita escalates an angry caller "to a
 * manager". The desk shows Owen and why not Maya before sending; Owen acknowledges; the
 * customer's portal shows who has the case.
 */
describe.runIf(run)("S7 escalation and hand-over in Chromium", () => {
  let server: RunningServer | undefined;
  let shared: SharedBrowser | undefined;
  let staff: Page;
  let customer: Page;
  let url = "";
  let caseNumber = 0;
  let portalLink = "";

  beforeAll(async () => {
    ensureWebBuild();
    // Tue 8 Dec 2026 15:10 in New York, whatever the hour the suite runs at.
    server = await startServer({ clock: new FakeClock("2026-12-08T20:10:00.000Z") });
    url = server.url;
    shared = await launchContexts(2);
    [staff, customer] = shared.pages as [Page, Page];
    const api = await asOwen(url);
    const people = await api<{ items: { id: string; name: string }[] }>("GET", "/api/staff?limit=200");
    const id = (name: string) => people.items.find((p) => p.name === name)?.id ?? "";
    await api("POST", `/api/staff/${id("Maya")}/time-off`, {
      startsOn: "2026-12-08",
      endsOn: "2026-12-08",
      fromTime: "15:15",
      note: "school play",
    });
    const dana = await api<{ id: string }>("POST", "/api/customers", {
      name: "Dana Cross",
      email: "dana.cross@example.com",
    });
    const c = await api<{ id: string; number: number }>("POST", "/api/cases", {
      subject: "Wrong banners for Saturday's event",
      channel: "phone",
      customerId: dana.id,
      assigneeId: id("Rita"),
      description: "You printed 2025 on every banner and I want a manager now.",
    });
    caseNumber = c.number;
    const link = await api<{ url: string }>("POST", `/api/customers/${dana.id}/portal-links`, {
      caseId: c.id,
    });
    portalLink = link.url;
  }, 180_000);

  afterAll(async () => {
    await shared?.close();
    await server?.stop();
  });

  async function signInAs(who: string): Promise<void> {
    if (await staff.getByRole("button", { name: "Sign out" }).isVisible()) {
      await staff.getByRole("button", { name: "Sign out" }).click();
    }
    await staff.getByRole("heading", { name: "Sign in to the desk" }).waitFor();
    await staff.getByLabel("Email").fill(`${who}@harbor.example`);
    await staff.getByLabel("Password").fill(PASSWORD);
    await staff.getByRole("button", { name: "Sign in" }).click();
    await staff.getByRole("heading", { name: "Queue" }).waitFor();
  }

  it("Rita escalates 'to a manager': the preview names Owen and says why not Maya", async () => {
    await staff.goto(url);
    await signInAs("rita");
    await staff.goto(`${url}/#/cases/${caseNumber}`);
    await staff.getByRole("heading", { name: /Wrong banners/ }).waitFor();
    await staff.getByRole("button", { name: "Escalate…" }).click();
    const panel = staff.locator(".panel.escalate");
    await panel.getByLabel("To", { exact: true }).selectOption("level:manager");
    await panel.getByLabel("Reason", { exact: true }).fill("Angry caller wants a manager to decide a refund");
    await panel.getByRole("button", { name: "Show who would receive it" }).click();
    const decision = staff.locator(".routing-decision");
    await decision.getByText("Owen will receive it (manager authority or above, on duty now).").waitFor();
    await decision.getByText("Maya — off duty at 15:15, inside the 15-minute hand-over margin").waitFor();
    // The context card is pre-filled with the caller's own words.
    expect(await panel.getByLabel("How they see it", { exact: true }).inputValue()).toBe(
      "You printed 2025 on every banner and I want a manager now.",
    );
    await staff
      .getByLabel("Next step", { exact: true })
      .fill("Call Dana back today about a refund or a free reprint.");
    await expectNoSeriousViolations(staff);
    await screenshots(staff, "escalation-preview");
    await panel.getByRole("button", { name: "Send to Owen" }).click();
    await staff.getByText("Escalated to Owen; they will acknowledge it.").waitFor();
    await staff.locator(".panel.handover").getByText("In hand-over").waitFor();
    await staff.getByText("Waiting for Owen to acknowledge.").waitFor();
  });

  it("Owen finds it on the Hand-overs page and acknowledges it on the case", async () => {
    await signInAs("owen");
    await staff.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Hand-overs" }).click();
    await staff.getByRole("heading", { name: "Hand-overs to acknowledge" }).waitFor();
    const link = staff.getByRole("link", { name: `#${caseNumber} Wrong banners for Saturday's event` });
    await link.first().waitFor();
    // Owen may look at Maya's end of shift: her time off ends her day at 15:15.
    await staff.getByLabel("Whose shift").selectOption({ label: "Maya" });
    await staff.getByRole("heading", { name: "End of shift: Maya" }).waitFor();
    await staff.getByText(/Maya.s shift ends/).waitFor();
    await expectNoSeriousViolations(staff);
    await screenshots(staff, "handovers");
    await link.first().click();
    const banner = staff.locator(".panel.handover");
    await banner.getByText("Call Dana back today about a refund or a free reprint.").waitFor();
    await expectNoSeriousViolations(staff);
    await banner.getByRole("button", { name: "Acknowledge: I have this case" }).click();
    await expect.poll(() => staff.locator(".panel.handover").count()).toBe(0);
  });

  it("the customer's portal says who has the case and that they need not repeat themselves", async () => {
    await customer.goto(portalLink);
    await customer
      .getByText(
        "Owen has your case now and has its whole history, so you don't need to repeat anything. Owen will be in touch.",
      )
      .waitFor();
    expect(await customer.content()).not.toContain("school play");
    await screenshots(customer, "portal-handover");
  });
});
