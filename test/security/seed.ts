import { TEST_PASSWORD, type TestWorkspace } from "../support/factories.js";
import type { TestApp } from "../support/harness.js";
import {
  isPortalRoute,
  PORTAL_LOGOUT,
  validBody,
  type IdsOf,
  type Operation,
} from "../support/openapi-walk.js";
import { makePortalLink, openPortal } from "../support/portal.js";

/** Fills a workspace with one of every resource through the API, as its admin, marked with `marker`. */
export async function seedWorkspace(
  t: TestApp,
  ops: readonly Operation[],
  ws: TestWorkspace,
  opts: { marker: string; fillerCases: number },
): Promise<IdsOf> {
  const ids: IdsOf = {};
  const auth = ws.members.admin.auth;
  const ctx = () => ({ ids, marker: opts.marker, login: loginOf(ws) });
  const create = async (key: string, url: string, extra: Record<string, unknown> = {}) => {
    const op = ops.find((o) => o.key === key);
    if (!op) throw new Error(`no route ${key}`);
    const json = { ...(validBody(op, ctx()) as Record<string, unknown>), ...extra };
    const res = await t.request({ method: op.method, url, headers: auth, json });
    if (res.status !== 201 && res.status !== 200) {
      throw new Error(`seeding ${key} answered ${res.status}: ${res.text} for ${JSON.stringify(json)}`);
    }
    return res.body as { id: string; number?: number };
  };

  ids.team = (await create("POST /api/teams", "/api/teams")).id;
  ids.staff = (
    await create("POST /api/staff", "/api/staff", {
      privateContacts: [{ kind: "mobile", label: "home", value: `${opts.marker} +1-555-0142` }],
    })
  ).id;
  ids.client = (await create("POST /api/clients", "/api/clients")).id;
  ids.customer = (await create("POST /api/customers", "/api/customers")).id;
  ids.order = (await create("POST /api/clients/{id}/orders", `/api/clients/${ids.client}/orders`)).id;
  ids.payment = (await create("POST /api/clients/{id}/payments", `/api/clients/${ids.client}/payments`)).id;
  ids.calendar = (await create("POST /api/calendars", "/api/calendars")).id;
  ids.agreement = (await create("POST /api/agreements", "/api/agreements")).id;
  ids.deliverable = (
    await create("POST /api/agreements/{id}/deliverables", `/api/agreements/${ids.agreement}/deliverables`)
  ).id;
  // A case for the appointment booked at the end (telling the customer writes on the case, which
  // would open the seeded one), first so the seeded case's number differs between workspaces.
  const apptCase = await create("POST /api/cases", "/api/cases", { subject: `${opts.marker} appointment` });
  for (let i = 0; i < opts.fillerCases; i++) {
    await create("POST /api/cases", "/api/cases", { subject: `${opts.marker} filler ${i}` });
  }
  const kase = await create("POST /api/cases", "/api/cases");
  ids.case = kase.id;
  ids.caseNumber = String(kase.number);
  await create("POST /api/cases/{id}/entries", `/api/cases/${kase.id}/entries`);
  await create("POST /api/cases/{id}/attempts", `/api/cases/${kase.id}/attempts`);
  ids.promise = (await create("POST /api/cases/{id}/promises", `/api/cases/${kase.id}/promises`)).id;
  ids.policy = (await create("POST /api/policies", "/api/policies")).id;
  // 4 vouchers where 2 are allowed: a pending exception request, routed to a decider.
  ids.policyRequest = (
    await create("POST /api/cases/{id}/policy-requests", `/api/cases/${kase.id}/policy-requests`, {
      quantity: 4,
    })
  ).id;
  ids.token = (await create("POST /api/tokens", "/api/tokens")).id;
  // A link for all of the customer's cases (the walk's body would scope it to the case).
  ids.portalLink = (
    await create("POST /api/customers/{id}/portal-links", `/api/customers/${ids.customer}/portal-links`, {
      caseId: undefined,
    })
  ).id;
  const mail = (await create("POST /api/mail/inbound", "/api/mail/inbound")) as unknown as {
    mailId: string;
    attachmentIds: string[];
  };
  ids.mail = mail.mailId;
  if (mail.attachmentIds[0]) ids.attachment = mail.attachmentIds[0];
  const taken = await create("POST /api/messages", "/api/messages");
  ids.message = (taken as unknown as { message: { id: string } }).message.id;
  await create("PUT /api/staff/{id}/schedule", `/api/staff/${ids.staff}/schedule`);
  ids.timeOff = (await create("POST /api/staff/{id}/time-off", `/api/staff/${ids.staff}/time-off`)).id;
  ids.rota = (await create("POST /api/rotas", "/api/rotas")).id;
  const withOverride = await create("POST /api/rotas/{id}/overrides", `/api/rotas/${ids.rota}/overrides`);
  ids.override = (withOverride as unknown as { overrides: { id: string }[] }).overrides[0]!.id;
  // An agreement with after-hours cover paging the rota, so an urgent request makes a page.
  await create("PUT /api/agreements/{id}/on-call-rota", `/api/agreements/${ids.agreement}/on-call-rota`);
  await create("PATCH /api/agreements/{id}", `/api/agreements/${ids.agreement}`, {
    afterHoursPaging: true,
    isDefault: true,
  });
  const urgent = await create("POST /api/cases/{id}/urgent", `/api/cases/${ids.case}/urgent`);
  ids.page = (urgent as unknown as { page: { id: string } }).page.id;
  // A pending hand-over of the case to the seeded staff member, with its context card.
  ids.handoff = (await create("POST /api/cases/{id}/handoffs", `/api/cases/${ids.case}/handoffs`)).id;
  // The manager keeps the walk's hours too, so a booking with them can succeed.
  await create("PUT /api/staff/{id}/schedule", `/api/staff/${ws.members.manager.id}/schedule`);
  // An appointment with the seeded staff member in their first free slot, on its own case.
  const slots = await t.request({
    method: "GET",
    url: `/api/staff/${ids.staff}/appointment-slots?suits=any%20time&kind=meeting`,
    headers: auth,
  });
  const first = (slots.body as { slots?: { startsAt: string }[] } | undefined)?.slots?.[0];
  if (!first) throw new Error(`seeding an appointment found no slot: ${slots.status} ${slots.text}`);
  ids.appointment = (
    await create("POST /api/cases/{id}/appointments", `/api/cases/${apptCase.id}/appointments`, {
      startsAt: first.startsAt,
      durationMinutes: 30,
    })
  ).id;
  return ids;
}

/** A customer of the workspace in the portal: a live link's token and a session's headers. */
export interface PortalAccess {
  token: string;
  headers: { cookie: string; "x-csrf-token": string };
}

/** Opens the portal as the seeded customer (all their cases, the seeded case among them). */
export async function seedPortal(t: TestApp, ws: TestWorkspace, ids: IdsOf): Promise<PortalAccess> {
  if (!ids.customer) throw new Error("seed the workspace first");
  const link = await makePortalLink(t, ws, ids.customer, {}, ws.members.admin.auth);
  const visitor = await openPortal(t, link.token);
  return { token: link.token, headers: visitor.headers };
}

/** The credentials a walk sends for a route: the customer's portal session on portal routes, else staff's. */
export function authFor(
  op: Pick<Operation, "key" | "path">,
  staff: Record<string, string>,
  portal: PortalAccess,
): Record<string, string> {
  if (op.key === PORTAL_LOGOUT) return {};
  return isPortalRoute(op) ? portal.headers : staff;
}

export function loginOf(ws: TestWorkspace) {
  return { workspace: ws.workspace.slug, email: ws.members.admin.email, password: TEST_PASSWORD };
}

/** Tables with a workspace_id: counting a workspace's rows in each shows whether a request wrote. */
export const WORKSPACE_TABLES = [
  "staff",
  "staff_contacts",
  "teams",
  "team_members",
  "customers",
  "clients",
  "client_orders",
  "client_payments",
  "cases",
  "case_tags",
  "case_entries",
  "contact_attempts",
  "api_tokens",
  "sessions",
  "audit_entries",
  "calendars",
  "agreements",
  "deliverables",
  "promises",
  "portal_links",
  "portal_sessions",

  "policies",
  "policy_versions",
  "policy_requests",
  "mail_messages",
  "mail_attachments",
  "staff_schedules",
  "staff_time_off",
  "on_call_rotas",
  "on_call_overrides",
  "staff_messages",
  "notifications",
  "pages",
  "handoffs",
] as const;

export async function rowCounts(t: TestApp, workspaceId: string): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const table of WORKSPACE_TABLES) {
    const row = await t.deps.db
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("workspace_id", "=", workspaceId)
      .executeTakeFirstOrThrow();
    out[table] = row.n;
  }
  return out;
}
