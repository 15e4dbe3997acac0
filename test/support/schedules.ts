import { expect } from "vitest";
import type { TestApp } from "./harness.js";

/** Staff hours and the on-call rota's hours from SCENARIOS.md, for the API tests. */

const NINE_TO_FIVE = [["09:00", "17:00"]];
const weekdays = (hours: string[][]) =>
  Object.fromEntries(["mon", "tue", "wed", "thu", "fri"].map((d) => [d, hours]));

/** 17:00–09:00 on weeknights and all weekend (Friday 17:00 to Monday 09:00). */
export const AFTER_HOURS_SPEC = {
  timeZone: "America/New_York",
  weekly: {
    mon: [
      ["00:00", "09:00"],
      ["17:00", "09:00"],
    ],
    tue: [["17:00", "09:00"]],
    wed: [["17:00", "09:00"]],
    thu: [["17:00", "09:00"]],
    fri: [["17:00", "24:00"]],
    sat: [["00:00", "24:00"]],
    sun: [["00:00", "24:00"]],
  },
};

export const HOURS = {
  rita: { timeZone: "America/New_York", weekly: weekdays(NINE_TO_FIVE) },
  colin: {
    timeZone: "America/New_York",
    weekly: { tue: NINE_TO_FIVE, wed: NINE_TO_FIVE, thu: NINE_TO_FIVE, fri: NINE_TO_FIVE },
  },
  pat: { timeZone: "America/New_York", weekly: weekdays([["12:00", "20:00"]]) },
  sam: { timeZone: "America/New_York", weekly: weekdays([["08:00", "16:00"]]) },
  maya: { timeZone: "America/New_York", weekly: weekdays(NINE_TO_FIVE) },
  owen: {
    timeZone: "America/New_York",
    weekly: { ...weekdays([["06:00", "20:00"]]), sat: [["06:00", "20:00"]] },
  },
  ravi: { timeZone: "America/New_York", weekly: weekdays(NINE_TO_FIVE) },
};

/** Signs in with a password and makes an API token: headers that act as that person. */
export async function tokenFor(
  t: TestApp,
  workspace: string,
  email: string,
  password: string,
): Promise<{ authorization: string }> {
  const login = await t.request({
    method: "POST",
    url: "/api/auth/login",
    json: { workspace, email, password },
  });
  expect(login.status, login.text).toBe(200);
  const cookie = String(login.headers["set-cookie"]).split(";")[0]!;
  const token = await t.request({
    method: "POST",
    url: "/api/tokens",
    headers: { cookie, "x-csrf-token": login.body.csrfToken },
    json: { name: "test" },
  });
  expect(token.status, token.text).toBe(201);
  return { authorization: `Bearer ${token.body.token}` };
}

/** Adds a staff member through the API as the given admin, with hours; returns their id. */
export async function addStaff(
  t: TestApp,
  admin: { authorization: string },
  json: Record<string, unknown>,
  hours?: unknown,
): Promise<string> {
  const res = await t.request({ method: "POST", url: "/api/staff", headers: admin, json });
  expect(res.status, res.text).toBe(201);
  const id = res.body.id as string;
  if (hours !== undefined) {
    const set = await t.request({
      method: "PUT",
      url: `/api/staff/${id}/schedule`,
      headers: admin,
      json: hours,
    });
    expect(set.status, set.text).toBe(200);
  }
  return id;
}
