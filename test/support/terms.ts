import { expect } from "vitest";
import type { TestWorkspace } from "./factories.js";
import type { TestApp } from "./harness.js";

/** The harbor desk's hours from SCENARIOS.md, as a calendar spec for the API. */
export const HARBOR_SPEC = {
  timeZone: "America/New_York",
  weekly: {
    mon: [["09:00", "17:00"]],
    tue: [["09:00", "17:00"]],
    wed: [["09:00", "17:00"]],
    thu: [["09:00", "17:00"]],
    fri: [["09:00", "17:00"]],
    sat: [["10:00", "14:00"]],
  },
  holidays: ["2026-11-26", "2026-12-25"],
};

const targets = (first: number, resolution: number) => ({
  firstReplyMinutes: first,
  nextReplyMinutes: first,
  resolutionMinutes: resolution,
});

/** Standard: business hours, first reply 4 business hours, resolution 3 business days, callbacks 60. */
export const STANDARD_TERMS = {
  name: "Standard",
  coverage: "calendar",
  targets: {
    low: targets(960, 2400),
    normal: targets(240, 1440),
    high: targets(120, 960),
    urgent: targets(60, 480),
  },
  callbackMinutes: 60,
  afterHoursPaging: false,
  isDefault: true,
};

export const AROUND_THE_CLOCK_TERMS = {
  name: "Around the clock",
  coverage: "always",
  targets: {
    low: targets(120, 2880),
    normal: targets(60, 1440),
    high: targets(60, 720),
    urgent: targets(30, 240),
  },
  callbackMinutes: 60,
  afterHoursPaging: true,
  onCallRota: "Sam and Maya alternate weeks",
};

export interface HarborTerms {
  calendarId: string;
  standardId: string;
  aroundId: string;
}

/** Through the API as the admin: the harbor calendar, a 30-minute callback target, two agreements. */
export async function setUpHarborTerms(t: TestApp, ws: TestWorkspace): Promise<HarborTerms> {
  const headers = ws.members.admin.auth;
  const cal = await t.request({
    method: "POST",
    url: "/api/calendars",
    headers,
    json: { name: "Harbor desk hours", spec: HARBOR_SPEC },
  });
  expect(cal.status, cal.text).toBe(201);
  const settings = await t.request({
    method: "PUT",
    url: "/api/workspace/promise-settings",
    headers,
    json: { calendarId: cal.body.id, callbackMinutes: 30 },
  });
  expect(settings.status, settings.text).toBe(200);
  const standard = await t.request({ method: "POST", url: "/api/agreements", headers, json: STANDARD_TERMS });
  expect(standard.status, standard.text).toBe(201);
  const around = await t.request({
    method: "POST",
    url: "/api/agreements",
    headers,
    json: AROUND_THE_CLOCK_TERMS,
  });
  expect(around.status, around.text).toBe(201);
  return { calendarId: cal.body.id, standardId: standard.body.id, aroundId: around.body.id };
}
