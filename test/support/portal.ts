import { expect } from "vitest";
import type { TestWorkspace } from "./factories.js";
import type { TestApp } from "./harness.js";

/** Helpers for tests that act as a customer in the portal, through the real HTTP app. */

export interface PortalVisitor {
  cookie: string;
  csrf: string;
  /** Headers for a portal mutation: the cookie and the CSRF token. */
  headers: { cookie: string; "x-csrf-token": string };
  me: Record<string, unknown>;
}

/** The token in a portal link URL (`…/#/portal/enter/<token>`). */
export function tokenOf(url: string): string {
  const token = url.split("#/portal/enter/")[1];
  if (!token) throw new Error(`not a portal link: ${url}`);
  return token;
}

export function portalCookieOf(headers: Record<string, unknown>): string {
  const raw = headers["set-cookie"];
  const all: unknown[] = Array.isArray(raw) ? raw : [raw];

  const found = all.find((c): c is string => typeof c === "string" && c.startsWith("fd_portal="));
  return found?.split(";")[0] ?? "";
}

/** Staff make a link for a customer (as the workspace's agent unless told otherwise). */
export async function makePortalLink(
  t: TestApp,
  ws: TestWorkspace,
  customerId: string,
  json: Record<string, unknown> = {},
  headers: Record<string, string> = ws.members.agent.auth,
): Promise<{ id: string; url: string; token: string; body: any }> {
  const res = await t.request({
    method: "POST",
    url: `/api/customers/${customerId}/portal-links`,
    headers,
    json,
  });
  expect(res.status, res.text).toBe(201);
  return { id: res.body.id, url: res.body.url, token: tokenOf(res.body.url), body: res.body };
}

/** Opens a link as the customer's browser would: the token for a session cookie. */
export async function openPortal(t: TestApp, token: string): Promise<PortalVisitor> {
  const res = await t.request({ method: "POST", url: "/api/portal/session", json: { token } });
  expect(res.status, res.text).toBe(200);
  const cookie = portalCookieOf(res.headers);
  expect(cookie).toMatch(/^fd_portal=.+/);
  const csrf = res.body.csrfToken as string;
  return { cookie, csrf, headers: { cookie, "x-csrf-token": csrf }, me: res.body };
}

/** A customer made through the staff API. */
export async function makeCustomer(
  t: TestApp,
  ws: TestWorkspace,
  name: string,
  email: string,
): Promise<string> {
  const res = await t.request({
    method: "POST",
    url: "/api/customers",
    headers: ws.members.agent.auth,
    json: { name, email },
  });
  expect(res.status, res.text).toBe(201);
  return res.body.id;
}

/** A case for a customer, opened by staff, with the customer's first words. */
export async function makeCase(
  t: TestApp,
  ws: TestWorkspace,
  customerId: string,
  subject: string,
  extra: Record<string, unknown> = {},
): Promise<{ id: string; number: number }> {
  const res = await t.request({
    method: "POST",
    url: "/api/cases",
    headers: ws.members.agent.auth,
    json: { subject, channel: "email", customerId, description: `${subject}: please help`, ...extra },
  });
  expect(res.status, res.text).toBe(201);
  return { id: res.body.id, number: res.body.number };
}
