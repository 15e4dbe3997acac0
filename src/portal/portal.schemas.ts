import { Type } from "typebox";
import { PROMISE_KINDS } from "../promises/promises.rules.js";
import { Cursor, Enum, Id, Limit, Text } from "../shared/schemas.js";
import { CUSTOMER_STATUSES, LINK_VIAS, MAX_LINK_DAYS } from "./portal.rules.js";

/*
 * The allow-lists of what the portal's routes send. A field not named here does not leave the
 * server, whatever a presenter builds: customers get no ids of staff, clients or customers, no
 * internal statuses and nothing of a promise but its wording, time and state.
 */

const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()]);

export const CustomerStatusS = Enum(CUSTOMER_STATUSES, "The case's status in the customer's words.");

export const PortalCaseSummarySchema = Type.Object({
  number: Type.Integer(),
  subject: Type.String(),
  status: CustomerStatusS,
  statusText: Type.String(),
  createdAt: Type.String(),
  updatedAt: Type.String(),
});

export const PortalEntrySchema = Type.Object({
  id: Type.String(),
  kind: Enum(["message", "status"] as const),
  direction: Type.Union([Enum(["in", "out"] as const), Type.Null()]),
  channel: Nullable(Type.String()),
  body: Type.String(),
  authorKind: Type.Union([Enum(["you", "staff", "desk", "other"] as const), Type.Null()]),
  author: Nullable(Type.String({ description: "You, a staff member's display name, or the business." })),
  status: Type.Union([CustomerStatusS, Type.Null()]),
  createdAt: Type.String(),
});

export const PortalPromiseSchema = Type.Object({
  id: Type.String(),
  kind: Enum(PROMISE_KINDS),
  wording: Type.String(),
  dueAt: Type.String(),
  status: Enum(["open", "kept", "renegotiated", "broken"] as const),
  statusText: Type.String(),
  closedAt: Nullable(Type.String()),
});

export const PortalCaseSchema = Type.Object({
  number: Type.Integer(),
  subject: Type.String(),
  status: CustomerStatusS,
  statusText: Type.String(),
  createdAt: Type.String(),
  updatedAt: Type.String(),
  mayReply: Type.Boolean(),
  timeline: Type.Array(PortalEntrySchema),
  promises: Type.Array(PortalPromiseSchema),
});

export const PortalMeSchema = Type.Object({
  name: Nullable(Type.String()),
  email: Nullable(Type.String()),
  workspaceName: Type.String(),
  scope: Enum(["customer", "case"] as const),
  caseNumber: Type.Union([Type.Integer(), Type.Null()]),
  csrfToken: Type.String({ description: "Send back in X-CSRF-Token on every portal mutation." }),
  expiresAt: Type.String(),
});

export const CaseNumberParams = Type.Object(
  { number: Type.Integer({ minimum: 1, maximum: 2_147_483_647 }) },
  { additionalProperties: false },
);

export const PortalCasesQuery = Type.Object(
  { cursor: Type.Optional(Cursor), limit: Type.Optional(Limit) },
  { additionalProperties: false },
);

export const OpenSessionBody = Type.Object({ token: Text(200, 1) }, { additionalProperties: false });

export const ReplyBody = Type.Object({ body: Text(20_000, 1) }, { additionalProperties: false });

export const PortalRequestBody = Type.Object(
  {
    workspace: Text(63, 1),
    name: Text(200, 1),
    // Checked by the service after trimming (phones add a trailing space), naming the field.
    email: Text(254, 3),
    subject: Text(300, 1),
    message: Text(20_000, 1),
  },
  { additionalProperties: false },
);

export const PortalRequestResultSchema = Type.Object({
  caseNumber: Type.Integer(),
  subject: Type.String(),
  statusText: Type.String(),
  url: Type.String({ description: "The per-case portal link; shown once." }),
  linkExpiresAt: Type.String(),
  promises: Type.Array(PortalPromiseSchema),
});

export const PortalLinkSchema = Type.Object({
  id: Type.String(),
  customerId: Type.String(),
  scope: Enum(["customer", "case"] as const),
  caseId: Nullable(Type.String()),
  caseNumber: Type.Union([Type.Integer(), Type.Null()]),
  via: Enum(LINK_VIAS),
  createdById: Nullable(Type.String()),
  createdAt: Type.String(),
  expiresAt: Type.String(),
  revokedAt: Nullable(Type.String()),
  lastUsedAt: Nullable(Type.String()),
  state: Enum(["active", "expired", "revoked"] as const),
});

export const CreatedPortalLinkSchema = Type.Intersect([
  PortalLinkSchema,
  Type.Object({ url: Type.String({ description: "The link to pass on; shown once, never stored." }) }),
]);

export const CreatePortalLinkBody = Type.Object(
  {
    caseId: Type.Optional(
      Type.Union([Id, Type.Null()], { description: "Open only this case of the customer's; omit for all." }),
    ),
    expiresInDays: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_LINK_DAYS })),
  },
  { additionalProperties: false },
);
