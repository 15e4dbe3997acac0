import { randomUUID } from "node:crypto";
import type { InjectOptions } from "fastify";
import type { TestApp } from "./harness.js";
import { readStreamStart } from "./sse.js";

/**
 * Walks the app's own /openapi.json so security tests cover every route, including routes added
 * after the tests were written: a templated route without an entry in PATH_KINDS fails loudly.
 */

export type HttpMethod = "GET" | "POST" | "PATCH" | "PUT" | "DELETE";

/** The kinds of thing an id in a path, query or body can name. */
export type IdKind =
  | "case"
  | "caseNumber"
  | "staff"
  | "team"
  | "token"
  | "customer"
  | "client"
  | "order"
  | "payment"
  | "calendar"
  | "agreement"
  | "deliverable"
  | "promise"
  | "portalLink"
  | "policy"
  | "policyRequest"
  | "mail"
  | "attachment"
  | "timeOff"
  | "rota"
  | "override"
  | "message"
  | "page"
  | "handoff"
  | "appointment";

/** Ids of one workspace's rows, by kind; what is absent cannot be substituted. */
export type IdsOf = Partial<Record<IdKind, string>>;

/** JSON Schema as it appears in the OpenAPI document (loosely typed on purpose). */
export interface Schema {
  type?: string | string[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
  enum?: unknown[];
  const?: unknown;
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  minProperties?: number;
  additionalProperties?: boolean | Schema;
  default?: unknown;
}

export interface Parameter {
  name: string;
  in: "path" | "query" | "header" | "cookie";
  required?: boolean;
  schema?: Schema;
}

export interface Operation {
  method: HttpMethod;
  /** The OpenAPI template, e.g. /api/cases/{id}/entries. */
  path: string;
  /** "POST /api/cases/{id}/entries", used as a key and in failure messages. */
  key: string;
  pathParams: Parameter[];
  queryParams: Parameter[];
  body: Schema | undefined;
  /** Its 200 is a text/event-stream (server-sent events) that never ends by itself. */
  stream: boolean;
}

/**
 * Which kind of id each path parameter of each templated route takes. A new templated route must
 * be added here (the walks fail with a message naming it until it is), so nobody adds a route the
 * isolation and privacy walks silently skip.
 */
export const PATH_KINDS: Record<string, Record<string, IdKind>> = {
  "/api/tokens/{id}": { id: "token" },
  "/api/staff/{id}": { id: "staff" },
  "/api/staff/{id}/password": { id: "staff" },
  "/api/teams/{id}": { id: "team" },
  "/api/cases/{id}": { id: "case" },
  "/api/cases/by-number/{number}": { number: "caseNumber" },
  "/api/cases/{id}/entries": { id: "case" },
  "/api/cases/{id}/attempts": { id: "case" },
  "/api/customers/{id}": { id: "customer" },
  "/api/customers/{id}/cases": { id: "customer" },
  "/api/clients/{id}": { id: "client" },
  "/api/clients/{id}/orders": { id: "client" },
  "/api/clients/{id}/payments": { id: "client" },
  "/api/clients/{id}/agreement": { id: "client" },
  "/api/teams/{id}/calendar": { id: "team" },
  "/api/calendars/{id}": { id: "calendar" },
  "/api/agreements/{id}": { id: "agreement" },
  "/api/agreements/{id}/deliverables": { id: "agreement" },
  "/api/cases/{id}/promises": { id: "case" },
  "/api/cases/{id}/honest-promise": { id: "case" },
  "/api/promises/{id}/keep": { id: "promise" },
  "/api/promises/{id}/renegotiate": { id: "promise" },
  "/api/customers/{id}/portal-links": { id: "customer" },
  "/api/portal-links/{id}": { id: "portalLink" },
  "/api/portal/cases/{number}": { number: "caseNumber" },
  "/api/portal/cases/{number}/replies": { number: "caseNumber" },
  "/api/cases/{id}/events": { id: "case" },
  "/api/cases/{id}/presence": { id: "case" },
  "/api/cases/{id}/acknowledgement": { id: "case" },
  "/api/agreements/{id}/preview": { id: "agreement" },
  "/api/agreements/{id}/clients": { id: "agreement" },
  "/api/calendars/{id}/openings": { id: "calendar" },

  "/api/policies/{id}": { id: "policy" },
  "/api/policies/{id}/versions": { id: "policy" },
  "/api/policies/{id}/preview": { id: "policy" },
  "/api/policies/{id}/history": { id: "policy" },
  "/api/cases/{id}/policy-requests": { id: "case" },
  "/api/cases/{id}/policy-actions": { id: "case" },
  "/api/policy-requests/{id}": { id: "policyRequest" },
  "/api/policy-requests/{id}/decision": { id: "policyRequest" },
  "/api/policy-requests/{id}/withdraw": { id: "policyRequest" },
  "/api/mail/{id}": { id: "mail" },
  "/api/mail/{id}/raw": { id: "mail" },
  "/api/mail/{id}/html": { id: "mail" },
  "/api/mail/attachments/{id}": { id: "attachment" },
  "/api/cases/{id}/mail": { id: "case" },
  "/api/staff/{id}/schedule": { id: "staff" },
  "/api/staff/{id}/time-off": { id: "staff" },
  "/api/staff/{id}/skills": { id: "staff" },
  "/api/staff/{id}/status": { id: "staff" },
  "/api/time-off/{id}": { id: "timeOff" },
  "/api/cases/{id}/who-can-help": { id: "case" },
  "/api/rotas/{id}": { id: "rota" },
  "/api/rotas/{id}/overrides": { id: "rota" },
  "/api/rota-overrides/{id}": { id: "override" },
  "/api/agreements/{id}/on-call-rota": { id: "agreement" },
  "/api/messages/{id}": { id: "message" },
  "/api/messages/{id}/read": { id: "message" },
  "/api/messages/{id}/return": { id: "message" },
  "/api/messages/{id}/hand-on": { id: "message" },
  "/api/cases/{id}/private-contact-requests": { id: "case" },
  "/api/cases/{id}/urgent": { id: "case" },
  "/api/pages/{id}": { id: "page" },
  "/api/pages/{id}/accept": { id: "page" },
  "/api/pages/{id}/decline": { id: "page" },
  "/api/cases/{id}/escalations/preview": { id: "case" },
  "/api/cases/{id}/escalations": { id: "case" },
  "/api/cases/{id}/context-card/draft": { id: "case" },
  "/api/cases/{id}/handoffs": { id: "case" },
  "/api/handoffs/{id}": { id: "handoff" },
  "/api/handoffs/{id}/acknowledge": { id: "handoff" },
  "/api/staff/{id}/end-of-shift": { id: "staff" },
  "/api/staff/{id}/appointment-slots": { id: "staff" },
  "/api/cases/{id}/appointments": { id: "case" },
  "/api/appointments/{id}/reschedule": { id: "appointment" },
  "/api/appointments/{id}/cancel": { id: "appointment" },
  "/api/portal/cases/{number}/appointments": { number: "caseNumber" },
  "/api/portal/appointments/{id}/slots": { id: "appointment" },
  "/api/portal/appointments/{id}/reschedule": { id: "appointment" },
  "/api/portal/appointments/{id}/cancel": { id: "appointment" },
};

/**
 * Portal routes are called as a customer with a portal session (cookie and CSRF token), never
 * with staff credentials, which they ignore: the walks send each workspace's customer session.
 */
export function isPortalRoute(op: Pick<Operation, "path">): boolean {
  return op.path.startsWith("/api/portal/");
}

/** Signing out of the portal ends the session the walk uses, so walks call it without one (a no-op). */
export const PORTAL_LOGOUT = "POST /api/portal/logout";

/** Body and query fields that reference another row, by name. */
const FIELD_KINDS: Record<string, IdKind> = {
  customerId: "customer",
  clientId: "client",
  assigneeId: "staff",
  staffId: "staff",
  reportsToId: "staff",
  authorStaffId: "staff",
  teamId: "team",
  teamIds: "team",
  caseId: "case",
  caseIds: "case",
  subjectId: "case",
  orderId: "order",
  paymentId: "payment",
  assignee: "staff",
  calendarId: "calendar",
  agreementId: "agreement",
  deliverableId: "deliverable",
  policyId: "policy",
  memberIds: "staff",
  rotaId: "rota",
  requestedStaffId: "staff",
  toStaffId: "staff",
  toTeamId: "team",
};

/** The kind an id-valued field names, or undefined for fields that are not references. */
export function fieldKind(name: string, schema: Schema | undefined): IdKind | undefined {
  const known = FIELD_KINDS[name];
  if (known) return known;
  if (/Ids?$/.test(name) || (schema && isIdSchema(schema))) {
    throw new Error(
      `Field "${name}" looks like a reference but test/support/openapi-walk.ts FIELD_KINDS does not say ` +
        `what it names; add it so the isolation tests can substitute a foreign id.`,
    );
  }
  return undefined;
}

function isIdSchema(s: Schema): boolean {
  if (s.pattern?.startsWith("^[0-9a-f]{8}-")) return true;
  if (s.format === "uuid") return true;
  return [...(s.anyOf ?? []), ...(s.oneOf ?? [])].some(isIdSchema);
}

export async function loadOperations(t: TestApp): Promise<Operation[]> {
  const res = await t.request({ method: "GET", url: "/openapi.json" });
  if (res.status !== 200) throw new Error(`/openapi.json answered ${res.status}`);
  const doc = res.body as {
    paths: Record<
      string,
      Record<
        string,
        {
          parameters?: Parameter[];
          requestBody?: { content?: Record<string, { schema?: Schema }> };
          responses?: Record<string, { content?: Record<string, unknown> }>;
        }
      >
    >;
  };
  const ops: Operation[] = [];
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const [m, op] of Object.entries(methods)) {
      const method = m.toUpperCase() as HttpMethod;
      if (!["GET", "POST", "PATCH", "PUT", "DELETE"].includes(method)) continue;
      const params = op.parameters ?? [];
      ops.push({
        method,
        path,
        key: `${method} ${path}`,
        pathParams: params.filter((p) => p.in === "path"),
        queryParams: params.filter((p) => p.in === "query"),
        body: op.requestBody?.content?.["application/json"]?.schema,
        stream: op.responses?.["200"]?.content?.["text/event-stream"] !== undefined,
      });
    }
  }
  return ops;
}

export function hasRoute(ops: readonly Operation[], key: string): boolean {
  return ops.some((o) => o.key === key);
}

export function isTemplated(op: Operation): boolean {
  return op.pathParams.length > 0;
}

/** The path with each parameter filled from `ids` by PATH_KINDS; throws naming the route when unmapped. */
export function fillPath(op: Operation, ids: IdsOf): string {
  const kinds = PATH_KINDS[op.path];
  return op.path.replace(/\{(\w+)\}/g, (_m, name: string) => {
    const kind = kinds?.[name];
    if (!kind) {
      throw new Error(
        `Route ${op.key} has path parameter {${name}} with no id mapping. Add it to PATH_KINDS in ` +
          `test/support/openapi-walk.ts so the isolation and private-contact walks cover it.`,
      );
    }
    const id = ids[kind];
    if (id === undefined) throw new Error(`Route ${op.key} needs a ${kind} id, and the test has none.`);
    return encodeURIComponent(id);
  });
}

/** The id kinds a templated route's path needs. */
export function pathKinds(op: Operation): IdKind[] {
  return op.pathParams.map((p) => {
    const kind = PATH_KINDS[op.path]?.[p.name];
    if (!kind) {
      throw new Error(
        `Route ${op.key} has path parameter {${p.name}} with no id mapping. Add it to PATH_KINDS in ` +
          `test/support/openapi-walk.ts so the isolation and private-contact walks cover it.`,
      );
    }
    return kind;
  });
}

/** Ids for an unknown row of every kind: the "never existed" side of the not-found comparison. */
export function unknownIds(): Required<IdsOf> {
  return {
    case: randomUUID(),
    caseNumber: "999999",
    appointment: randomUUID(),
    staff: randomUUID(),
    team: randomUUID(),
    token: randomUUID(),
    customer: randomUUID(),
    client: randomUUID(),
    order: randomUUID(),
    payment: randomUUID(),
    calendar: randomUUID(),
    agreement: randomUUID(),
    deliverable: randomUUID(),
    promise: randomUUID(),
    portalLink: randomUUID(),

    policy: randomUUID(),
    policyRequest: randomUUID(),
    mail: randomUUID(),
    attachment: randomUUID(),
    timeOff: randomUUID(),
    rota: randomUUID(),
    override: randomUUID(),
    message: randomUUID(),
    page: randomUUID(),
    handoff: randomUUID(),
  };
}

export interface BodyContext {
  /** Ids of the acting workspace, for references in bodies. */
  ids: IdsOf;
  /** A lower-case word put into every free-text field, to spot it in other responses. */
  marker: string;
  /** Credentials for POST /api/auth/login. */
  login?: { workspace: string; email: string; password: string };
  /** A live portal link token of the acting workspace, for POST /api/portal/session. */
  portalToken?: string;
}

let counter = 0;
const unique = () => `${Date.now().toString(36)}${(counter++).toString(36)}`;

/** An instant safely in the past of the test clock (attempts and payments may not be in the future). */
export const PAST_INSTANT = "2026-12-01T12:00:00.000Z";

/** An instant safely in the future of the test clock (promises are made for the future). */
export const FUTURE_INSTANT = "2027-06-01T12:00:00.000Z";

const WALK_CALENDAR = {
  timeZone: "America/New_York",
  weekly: { mon: [["09:00", "17:00"]], fri: [["09:00", "17:00"]] },
};
const WALK_MINUTES = { firstReplyMinutes: 240, nextReplyMinutes: 240, resolutionMinutes: 1440 };
const WALK_TARGETS = { low: WALK_MINUTES, normal: WALK_MINUTES, high: WALK_MINUTES, urgent: WALK_MINUTES };

/**
 * Hand-written valid bodies for the routes whose rules go beyond their schema (a password's
 * length, a call's direction). Other routes get a body derived from their schema by exampleFor.
 */
const VALID_BODIES: Record<string, (c: BodyContext) => unknown> = {
  "POST /api/auth/login": (c) =>
    c.login ?? { workspace: "nowhere", email: "nobody@x.example", password: "x" },
  "POST /api/tokens": (c) => ({ name: `${c.marker} token ${unique()}` }),
  "POST /api/staff": (c) => ({
    name: `${c.marker} staffer ${unique()}`,
    email: `${c.marker}.${unique()}@staff.example`,
    role: "agent",
    authority: "agent",
    title: c.marker,
    ...(c.ids.team && { teamIds: [c.ids.team] }),
    workContacts: [{ kind: "phone", label: c.marker, value: `${c.marker} desk` }],
  }),
  "PATCH /api/staff/{id}": (c) => ({ title: `${c.marker} title` }),
  "PUT /api/staff/{id}/password": () => ({ password: "another long password" }),
  "POST /api/teams": (c) => ({ name: `${c.marker} team ${unique()}`, description: c.marker }),
  "PATCH /api/teams/{id}": (c) => ({ description: `${c.marker} described` }),
  "POST /api/cases": (c) => ({
    subject: `${c.marker} case`,
    channel: "email",
    tags: [c.marker],
    description: `${c.marker} description`,
    ...(c.ids.staff && { assigneeId: c.ids.staff }),
    ...(c.ids.team && { teamId: c.ids.team }),
    ...(c.ids.customer && { customerId: c.ids.customer }),
    ...(c.ids.client && { clientId: c.ids.client }),
  }),
  "PATCH /api/cases/{id}": (c) => ({ subject: `${c.marker} renamed`, tags: [c.marker, "patched"] }),
  "POST /api/cases/{id}/entries": (c) => ({ kind: "note", body: `${c.marker} note` }),
  "POST /api/calendars": (c) => ({ name: `${c.marker} calendar ${unique()}`, spec: WALK_CALENDAR }),
  "PATCH /api/calendars/{id}": (c) => ({ name: `${c.marker} calendar ${unique()}` }),
  "PUT /api/workspace/promise-settings": (c) => ({
    callbackMinutes: 30,
    ...(c.ids.calendar && { calendarId: c.ids.calendar }),
  }),
  "PUT /api/teams/{id}/calendar": (c) => ({ calendarId: c.ids.calendar ?? null }),
  "POST /api/agreements": (c) => ({
    name: `${c.marker} agreement ${unique()}`,
    coverage: "calendar",
    targets: WALK_TARGETS,
    callbackMinutes: 60,
    ...(c.ids.calendar && { calendarId: c.ids.calendar }),
  }),
  "PATCH /api/agreements/{id}": (c) => ({ name: `${c.marker} agreement ${unique()}` }),
  "POST /api/agreements/{id}/deliverables": (c) => ({
    name: `${c.marker} deliverable`,
    rrule: "DTSTART;TZID=America/New_York:20261106T120000\nRRULE:FREQ=WEEKLY;BYDAY=FR",
    ...(c.ids.client && { clientId: c.ids.client }),
  }),
  "PUT /api/clients/{id}/agreement": (c) => ({ agreementId: c.ids.agreement ?? null }),
  "POST /api/cases/{id}/promises": (c) =>
    c.ids.deliverable
      ? { kind: "deliverable_by", deliverableId: c.ids.deliverable, description: `${c.marker} promise` }
      : { kind: "custom", description: `${c.marker} promise`, dueAt: FUTURE_INSTANT, toldCustomer: true },
  "POST /api/promises/{id}/renegotiate": (c) => ({ dueAt: FUTURE_INSTANT, reason: `${c.marker} reason` }),
  "POST /api/portal/requests": (c) => ({
    workspace: c.login?.workspace ?? "nowhere",
    name: `${c.marker} requester`,
    email: `${c.marker}.${unique()}@request.example`,
    subject: `${c.marker} request`,
    message: `${c.marker} message`,
  }),
  "POST /api/portal/session": (c) => ({ token: c.portalToken ?? `fdp_${"0".repeat(43)}` }),
  "POST /api/portal/cases/{number}/replies": (c) => ({ body: `${c.marker} reply` }),
  "POST /api/customers/{id}/portal-links": (c) => ({
    expiresInDays: 7,
    ...(c.ids.case && { caseId: c.ids.case }),
  }),

  "POST /api/policies": (c) => ({
    code: `W${unique()}`.slice(0, 16),
    name: `${c.marker} policy`,
    statement: `${c.marker} statement`,
    rationale: `${c.marker} rationale`,
    customerWording: `${c.marker} wording`,
    authority: {
      kind: "tiers",
      tiers: [
        { grantor: { kind: "level", level: "supervisor" }, maxExtra: 2 },
        {
          grantor: c.ids.team ? { kind: "team", teamId: c.ids.team } : { kind: "level", level: "manager" },
          maxExtra: null,
        },
      ],
    },
    limit: { measure: "quantity", max: 2, unit: "voucher", per: "per room per night" },
    evidenceRequired: [],
  }),
  "POST /api/policies/{id}/versions": (c) => ({
    changeNote: `${c.marker} change`,
    name: `${c.marker} policy ${unique()}`,
  }),
  "POST /api/policies/{id}/preview": () => ({ quantity: 1 }),
  "POST /api/cases/{id}/policy-requests": (c) => ({
    ...(c.ids.policy && { policyId: c.ids.policy }),
    quantity: 1,
    note: `${c.marker} asks`,
  }),
  "POST /api/cases/{id}/policy-actions": (c) => ({
    ...(c.ids.policy && { policyId: c.ids.policy }),
    quantity: 1,
    description: `${c.marker} action`,
  }),
  "POST /api/policy-requests/{id}/decision": (c) => ({ decision: "grant", reason: `${c.marker} reason` }),
  "POST /api/policy-requests/{id}/withdraw": (c) => ({ reason: `${c.marker} reason` }),
  "POST /api/mail/inbound": (c) => ({ raw: walkMail(c.marker) }),
  "PUT /api/staff/{id}/schedule": () => ({ timeZone: "America/New_York", weekly: WALK_CALENDAR.weekly }),
  "POST /api/staff/{id}/time-off": (c) => ({
    startsOn: "2026-12-14",
    endsOn: "2026-12-14",
    fromTime: "15:15",
    note: `${c.marker} time off`,
  }),
  "PUT /api/staff/{id}/skills": (c) => ({ skills: [`${c.marker}skill`] }),
  // Fri 11 Dec 10:00 and 11:00 New York: inside WALK_CALENDAR, which the seed gives the staff
  // member and the manager (the isolation control books the manager).
  "POST /api/cases/{id}/appointments": (c) => ({
    ...(c.ids.staff && { staffId: c.ids.staff }),
    kind: "meeting",
    startsAt: "2026-12-11T15:00:00.000Z",
    durationMinutes: 30,
    suits: `${c.marker} friday morning`,
  }),
  "POST /api/appointments/{id}/reschedule": () => ({ startsAt: "2026-12-11T16:00:00.000Z" }),
  "POST /api/portal/appointments/{id}/reschedule": () => ({ startsAt: "2026-12-11T16:00:00.000Z" }),
  "POST /api/rotas": (c) => ({
    name: `${c.marker} rota ${unique()}`,
    // Around the clock, so a seeded urgent request pages whenever the walk runs.
    hours: { timeZone: "America/New_York", weekly: {}, alwaysOpen: true },
    handoverDay: "mon",
    handoverTime: "09:00",
    startsOn: "2026-11-30",
    memberIds: c.ids.staff ? [c.ids.staff] : [],
    webhookUrl: `https://gateway.example/${c.marker}`,
  }),
  "PATCH /api/rotas/{id}": (c) => ({ name: `${c.marker} rota ${unique()}`, ackMinutes: 15 }),
  "POST /api/rotas/{id}/overrides": (c) => ({
    ...(c.ids.staff && { staffId: c.ids.staff }),
    startsAt: "2026-12-12T05:00:00.000Z",
    endsAt: "2026-12-13T05:00:00.000Z",
    note: `${c.marker} swap`,
  }),
  "PUT /api/agreements/{id}/on-call-rota": (c) => ({ rotaId: c.ids.rota ?? null }),
  "POST /api/messages": (c) => ({
    ...(c.ids.staff && { staffId: c.ids.staff }),
    ...(c.ids.case && { caseId: c.ids.case }),
    ...(c.ids.customer && { customerId: c.ids.customer }),
    fromName: `${c.marker} caller`,
    reachAt: `${c.marker} reach`,
    about: `${c.marker} about`,
    urgency: "normal",
  }),
  "POST /api/messages/{id}/hand-on": (c) => ({
    ...(c.ids.staff && { staffId: c.ids.staff }),
    note: `${c.marker} hand note`,
  }),
  "POST /api/messages/{id}/return": (c) => ({ note: `${c.marker} returned` }),
  // Without requestedStaffId: the seeded staff member is in, which would (rightly) page nobody.
  "POST /api/cases/{id}/urgent": (c) => ({ note: `${c.marker} urgent` }),
  "POST /api/cases/{id}/private-contact-requests": (c) => ({
    ...(c.ids.staff && { staffId: c.ids.staff }),
    asked: "phone",
  }),
  // To a named person: the walk adds B's own staffId as its control, which names the target.
  "POST /api/cases/{id}/escalations/preview": (c) =>
    c.ids.staff ? { staffId: c.ids.staff } : { level: "supervisor" },
  "POST /api/cases/{id}/escalations": (c) => ({
    ...(c.ids.staff ? { staffId: c.ids.staff } : { level: "supervisor" }),
    reason: `${c.marker} escalation`,
    card: { nextStep: `${c.marker} next step` },
  }),
  "POST /api/cases/{id}/handoffs": (c) => ({
    ...(c.ids.staff && { toStaffId: c.ids.staff }),
    reason: `${c.marker} hand-over`,
    card: { nextStep: `${c.marker} next step` },
  }),
  "POST /api/me/end-of-shift/handover": (c) => ({
    ...(c.ids.staff && { toStaffId: c.ids.staff }),
    note: `${c.marker} end of shift`,
  }),
  "PUT /api/workspace/escalation-settings": () => ({ handoverMarginMinutes: 15 }),
  "POST /api/cases/{id}/attempts": (c) => ({
    channel: "phone",
    line: `${c.marker} line`,
    answered: false,
    note: `${c.marker} attempt`,
    attemptedAt: PAST_INSTANT,
    ...(c.ids.staff && { staffId: c.ids.staff }),
  }),
};

/** A small raw message (base64) with HTML and an attachment, marked with the marker. */
export function walkMail(marker: string): string {
  const boundary = "walk-boundary";
  return Buffer.from(
    [
      `From: "${marker} sender" <${marker}.${unique()}@mail.example>`,
      "To: desk@walk.example",
      `Subject: ${marker} mail`,
      `Message-ID: <${marker}.${unique()}@mail.example>`,
      "MIME-Version: 1.0",
      `Content-Type: multipart/mixed; boundary="${boundary}"`,
      "",
      `--${boundary}`,
      "Content-Type: text/html; charset=utf-8",
      "",
      `<p>${marker} html</p>`,
      `--${boundary}`,
      'Content-Type: text/plain; name="note.txt"',
      'Content-Disposition: attachment; filename="note.txt"',
      "",
      `${marker} attachment`,
      `--${boundary}--`,
      "",
    ].join("\r\n"),
  ).toString("base64");
}

/** A plausible valid body for the operation (undefined when it takes none). */
export function validBody(op: Operation, c: BodyContext): unknown {
  const hand = VALID_BODIES[op.key];
  if (hand) return hand(c);
  if (!op.body) return undefined;
  return exampleFor(op.body, c, "");
}

/**
 * A value valid for `schema`, derived from its JSON Schema: every property we can fill is filled
 * (references from c.ids, free text with the marker), so a create is as complete as possible.
 */
export function exampleFor(schema: Schema, c: BodyContext, name: string): unknown {
  if (schema.const !== undefined) return schema.const;
  if (schema.enum) return schema.enum[0];
  const alternatives = schema.anyOf ?? schema.oneOf;
  if (alternatives) {
    const nonNull = alternatives.find((a) => a.type !== "null");
    return exampleFor(nonNull ?? alternatives[0]!, c, name);
  }
  if (schema.allOf) {
    return Object.assign({}, ...schema.allOf.map((s) => exampleFor(s, c, name) as object)) as unknown;
  }
  const type = Array.isArray(schema.type) ? schema.type.find((x) => x !== "null") : schema.type;
  switch (type) {
    case "object":
      return objectExample(schema, c);
    case "array": {
      const kind = fieldKind(name, schema.items);
      if (kind) return c.ids[kind] ? [c.ids[kind]] : [];
      if (!schema.items) return [];
      return Array.from({ length: Math.max(schema.minItems ?? 0, 1) }, () =>
        exampleFor(schema.items!, c, name),
      );
    }
    case "integer":
    case "number":
      return numberExample(schema, name);
    case "boolean":
      return false;
    case "string":
      return stringExample(schema, c, name);
    case "null":
    case undefined:
    default:
      return null;
  }
}

function objectExample(schema: Schema, c: BodyContext): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const required = new Set(schema.required ?? []);
  for (const [key, prop] of Object.entries(schema.properties ?? {})) {
    const kind = fieldKind(key, prop);
    if (kind && prop.type !== "array") {
      const id = c.ids[kind];
      if (id !== undefined) out[key] = id;
      else if (required.has(key))
        throw new Error(`A body needs ${key} (a ${kind} id) and the test has none.`);
      continue;
    }
    out[key] = exampleFor(prop, c, key);
  }
  return out;
}

function numberExample(schema: Schema, name: string): number {
  const min = schema.minimum ?? 0;
  const max = schema.maximum ?? Number.MAX_SAFE_INTEGER;
  const wanted = /amount|limit|price|total/i.test(name) ? 12_345 : /days/i.test(name) ? 30 : 1;
  return Math.min(Math.max(wanted, min), max);
}

function stringExample(schema: Schema, c: BodyContext, name: string): string {
  let s: string;
  if (schema.format === "email" || /email/i.test(name)) s = `${c.marker}.${unique()}@mail.example`;
  else if (schema.format === "date-time") s = PAST_INSTANT;
  else if (schema.format === "date") s = PAST_INSTANT.slice(0, 10);
  else if (/currency/i.test(name)) s = "USD";
  else if (/domain/i.test(name)) s = `${c.marker}${unique()}.example`;
  else if (/phone/i.test(name)) s = "+1-555-0199";
  else if (/password/i.test(name)) s = "a long enough password";
  // What suits a customer for an appointment, in words the desk reads (src/appointments).
  else if (name === "suits") s = "any time";
  else if (schema.pattern) {
    throw new Error(`Cannot make up a value for "${name}" (pattern ${schema.pattern}); add a body.`);
  } else s = `${c.marker} ${name}`;
  if (schema.maxLength !== undefined && s.length > schema.maxLength) s = s.slice(0, schema.maxLength);
  while (s.length < (schema.minLength ?? 0)) s += "x";
  return s;
}

/** Required query parameters with plausible values, for calling a list route at all. */
export function requiredQuery(op: Operation, q: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of op.queryParams) {
    if (!p.required) continue;
    if (p.name === "q") out.q = q;
    else out[p.name] = String(exampleFor(p.schema ?? { type: "string" }, { ids: {}, marker: q }, p.name));
  }
  return out;
}

export function withQuery(path: string, query: Record<string, string>): string {
  const qs = new URLSearchParams(query).toString();
  return qs ? `${path}?${qs}` : path;
}

/** Every UUID in a JSON value (as text), to know all ids a workspace's responses mention. */
export function uuidsIn(value: unknown): Set<string> {
  const text = typeof value === "string" ? value : JSON.stringify(value ?? null);
  return new Set(text.match(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g) ?? []);
}

/** A response as searchable text: body without `instance` (it echoes the request URL) and headers. */
export function responseText(res: { body: unknown; text: string; headers: Record<string, unknown> }): string {
  const body =
    res.body && typeof res.body === "object" && !Array.isArray(res.body)
      ? JSON.stringify({ ...(res.body as Record<string, unknown>), instance: undefined })
      : res.text;
  return `${body}\n${JSON.stringify(res.headers)}`;
}

export type WalkRequest = InjectOptions & { json?: unknown; headers?: Record<string, string> };
export type WalkResponse = { status: number; body: any; headers: Record<string, unknown>; text: string };

/**
 * Sends a walk's request the way the route answers: app.inject for ordinary routes; for an event
 * stream (`op.stream`), a real socket on the listening app, because inject waits for an end that
 * a stream never reaches. A stream's 200 must carry the event-stream headers and a `ready` event
 * (readStreamStart checks both); its body is the events read up to `ready`, its text what was
 * sent, so the leak and privacy checks read the stream exactly as they read a JSON body.
 */
export function requester(t: TestApp, op: Operation): (req: WalkRequest) => Promise<WalkResponse> {
  if (!op.stream) return (req) => t.request(req);
  return async (req) => {
    if (req.method !== "GET") throw new Error(`${op.key}: a stream is read with GET`);
    if (typeof req.url !== "string") throw new Error(`${op.key}: give the stream's URL as text`);
    return readStreamStart(await t.listen(), req.url, req.headers ?? {});
  };
}
