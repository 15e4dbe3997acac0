import { describe, expect, it } from "vitest";
import { HARBOR } from "../calendar/calendar.fixtures.js";
import { compileCalendar } from "../calendar/calendar.rules.js";
import type { AgreementTerms, TargetMinutes } from "../promises/promises.rules.js";
import { previewTerms } from "./preview.rules.js";

const t = (first: number, resolution: number): TargetMinutes => ({
  firstReplyMinutes: first,
  nextReplyMinutes: first,
  resolutionMinutes: resolution,
});
const STANDARD: AgreementTerms = {
  id: "standard",
  coverage: "calendar",
  targets: { low: t(960, 2400), normal: t(240, 1440), high: t(120, 960), urgent: t(60, 480) },
  callbackMinutes: 60,
};
const harbor = compileCalendar(HARBOR);
const tz = "America/New_York";

describe("agreement preview: a request now would be answered by …", () => {
  it("counts the coverage calendar's open time from an open moment (S1, Mon 10:30)", () => {
    const p = previewTerms({
      agreement: STANDARD,
      calendar: harbor,
      at: Date.parse("2026-12-07T15:30:00Z"),
      timeZone: tz,
    });
    expect(p.isOpenAt).toBe(true);
    const normal = p.priorities.find((x) => x.priority === "normal")!;
    expect(normal.firstReply.wording).toBe("We will reply by Mon 7 Dec, 14:30 (New York time)");
    expect(normal.resolution.wording).toBe("We will resolve this by Thu 10 Dec, 10:30 (New York time)");
    expect(p.priorities.map((x) => x.priority)).toEqual(["low", "normal", "high", "urgent"]);
    expect(p.priorities.find((x) => x.priority === "urgent")!.firstReply.wording).toBe(
      "We will reply by Mon 7 Dec, 11:30 (New York time)",
    );
    expect(p.callback.wording).toBe("We will call you back by Mon 7 Dec, 11:30 (New York time)");
  });

  it("starts the clock at the next opening when closed (Sunday afternoon)", () => {
    const p = previewTerms({
      agreement: STANDARD,
      calendar: harbor,
      at: Date.parse("2026-12-06T19:00:00Z"),
      timeZone: tz,
    });
    expect(p.isOpenAt).toBe(false);
    expect(new Date(p.startsAt).toISOString()).toBe("2026-12-07T14:00:00.000Z");
    expect(p.priorities[1]!.firstReply.wording).toBe("We will reply by Mon 7 Dec, 13:00 (New York time)");
  });

  it("runs in real time around the clock, whatever calendar is given", () => {
    const always: AgreementTerms = { ...STANDARD, id: "always", coverage: "always" };
    const p = previewTerms({
      agreement: always,
      calendar: harbor,
      at: Date.parse("2026-12-06T19:00:00Z"),
      timeZone: tz,
    });
    expect(p.isOpenAt).toBe(true);
    expect(p.startsAt).toBe(Date.parse("2026-12-06T19:00:00Z"));
    expect(new Date(p.priorities[1]!.firstReply.dueAt).toISOString()).toBe("2026-12-06T23:00:00.000Z");
  });
});
