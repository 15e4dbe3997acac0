import { Type } from "typebox";
import { Cursor, Enum, Id, Instant, Limit, Text } from "../shared/schemas.js";
import { PROMISE_KINDS, PROMISE_STATUSES, PROMISE_TARGETS } from "./promises.rules.js";

const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()]);

export const PromiseKindS = Enum(PROMISE_KINDS);
export const PromiseTargetS = Enum(PROMISE_TARGETS);
export const PromiseStatusS = Enum(PROMISE_STATUSES);

export const PromiseSchema = Type.Object({
  id: Type.String(),
  caseId: Type.String(),
  kind: PromiseKindS,
  target: Type.Union([PromiseTargetS, Type.Null()]),
  description: Type.String(),
  dueAt: Type.String(),
  status: PromiseStatusS,
  basis: Type.Record(Type.String(), Type.Unknown()),
  pausedAt: Nullable(Type.String()),
  toldCustomer: Type.Boolean(),
  replacedById: Nullable(Type.String()),
  createdById: Nullable(Type.String()),
  createdAt: Type.String(),
  updatedAt: Type.String(),
  closedAt: Nullable(Type.String()),
  wording: Type.String(),
  warnAt: Type.Union([Type.String(), Type.Null()], {
    description: "When the desk warns the promise is at risk (null: closed or paused); overdue after dueAt.",
  }),
});

export const CreatePromiseBody = Type.Object(
  {
    kind: PromiseKindS,
    description: Type.Optional(Text(500)),
    dueAt: Type.Optional(Instant),
    target: Type.Optional(PromiseTargetS),
    deliverableId: Type.Optional(Id),
    toldCustomer: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

export const RenegotiateBody = Type.Object(
  { dueAt: Instant, reason: Text(500, 1) },
  { additionalProperties: false },
);

export const RenegotiationSchema = Type.Object({
  previous: PromiseSchema,
  promise: PromiseSchema,
  wording: Type.String(),
});

export const ListPromisesQuery = Type.Object(
  {
    open: Type.Optional(Type.Boolean({ description: "true: open promises only" })),
    status: Type.Optional(PromiseStatusS),
    caseId: Type.Optional(Id),
    caseIds: Type.Optional(
      Type.String({
        maxLength: 3700,
        pattern: "^[0-9a-fA-F-]{36}(,[0-9a-fA-F-]{36}){0,99}$",
        description: "Up to 100 case ids, comma-separated (a queue page's cases)",
      }),
    ),
    sort: Type.Optional(Enum(["due", "created"] as const, "due: soonest first; created: newest first")),
    cursor: Type.Optional(Cursor),
    limit: Type.Optional(Limit),
  },
  { additionalProperties: false },
);

export const HonestPromiseQuery = Type.Object(
  { target: Type.Optional(PromiseTargetS) },
  { additionalProperties: false },
);

export const HonestPromiseSchema = Type.Object({
  target: PromiseTargetS,
  agreementId: Type.String(),
  dueAt: Type.String(),
  isSameDay: Type.Boolean(),
  isOpenNow: Type.Boolean(),
  startsAt: Type.String(),
  wording: Type.String(),
});

export const AcknowledgementQuery = Type.Object(
  {
    timeZone: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 64,
        description: "IANA zone to write the times in (default: the workspace's)",
      }),
    ),
  },
  { additionalProperties: false },
);

export const AcknowledgementSchema = Type.Object({
  caseId: Type.String(),
  caseNumber: Type.Integer(),
  timeZone: Type.String(),
  subject: Type.String(),
  promiseLines: Type.Array(Type.String()),
  text: Type.String(),
  html: Type.String(),
  promiseIds: Type.Array(Type.String()),
});
