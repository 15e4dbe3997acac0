import { Type } from "typebox";
import { CaseHandoverSchema } from "../handoffs/handoffs.schemas.js";
import { Cursor, Enum, Id, Limit, NullableId, Text } from "../shared/schemas.js";
import {
  CASE_STATUSES,
  CHANNELS,
  DIRECTIONS,
  ENTRY_KINDS,
  PRIORITIES,
  PRIORITY_REASONS,
} from "./cases.rules.js";

export const Status = Enum(CASE_STATUSES);
export const PriorityS = Enum(PRIORITIES);
export const PriorityReasonS = Enum(PRIORITY_REASONS, "Why priority left normal; a fixed list on purpose.");
export const ChannelS = Enum(CHANNELS);
const Tags = Type.Array(Text(40, 1), { maxItems: 20 });

export const CaseSchema = Type.Object({
  id: Type.String(),
  number: Type.Integer(),
  subject: Type.String(),
  status: Status,
  priority: PriorityS,
  priorityReason: Type.Union([Type.String(), Type.Null()]),
  channel: ChannelS,
  assigneeId: Type.Union([Type.String(), Type.Null()]),
  teamId: Type.Union([Type.String(), Type.Null()]),
  clientId: Type.Union([Type.String(), Type.Null()]),
  customerId: Type.Union([Type.String(), Type.Null()]),
  tags: Type.Array(Type.String()),
  dueAt: Type.Union([Type.String(), Type.Null()]),
  createdById: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String(),
  updatedAt: Type.String(),
  solvedAt: Type.Union([Type.String(), Type.Null()]),
  closedAt: Type.Union([Type.String(), Type.Null()]),
  handover: CaseHandoverSchema,
});

export const CreateCaseBody = Type.Object(
  {
    subject: Text(300, 1),
    channel: ChannelS,
    customerId: Type.Optional(NullableId),
    clientId: Type.Optional(NullableId),
    assigneeId: Type.Optional(NullableId),
    teamId: Type.Optional(NullableId),
    priority: Type.Optional(PriorityS),
    priorityReason: Type.Optional(Type.Union([PriorityReasonS, Type.Null()])),
    tags: Type.Optional(Tags),
    description: Type.Optional(Text(100_000)),
  },
  { additionalProperties: false },
);

export const UpdateCaseBody = Type.Object(
  {
    subject: Type.Optional(Text(300, 1)),
    status: Type.Optional(Status),
    priority: Type.Optional(PriorityS),
    priorityReason: Type.Optional(Type.Union([PriorityReasonS, Type.Null()])),
    assigneeId: Type.Optional(NullableId),
    teamId: Type.Optional(NullableId),
    customerId: Type.Optional(NullableId),
    clientId: Type.Optional(NullableId),
    tags: Type.Optional(Tags),
  },
  { additionalProperties: false, minProperties: 1 },
);

export const ListCasesQuery = Type.Object(
  {
    status: Type.Optional(Status),
    open: Type.Optional(Type.Boolean({ description: "true: not solved or closed" })),
    assignee: Type.Optional(
      Type.Union([Id, Type.Literal("me"), Type.Literal("none")], { description: "a staff id, me, or none" }),
    ),
    teamId: Type.Optional(Id),
    customerId: Type.Optional(Id),
    clientId: Type.Optional(Id),
    tag: Type.Optional(Text(40, 1)),
    sort: Type.Optional(
      Enum(["created", "due"] as const, "created: newest first; due: soonest promise first"),
    ),
    cursor: Type.Optional(Cursor),
    limit: Type.Optional(Limit),
  },
  { additionalProperties: false },
);

export const EntrySchema = Type.Object({
  id: Type.String(),
  caseId: Type.String(),
  kind: Type.String(),
  direction: Type.Union([Type.String(), Type.Null()]),
  channel: Type.Union([Type.String(), Type.Null()]),
  body: Type.String(),
  authorStaffId: Type.Union([Type.String(), Type.Null()]),
  authorCustomerId: Type.Union([Type.String(), Type.Null()]),
  call: Type.Union([
    Type.Object({
      answerSeconds: Type.Union([Type.Integer(), Type.Null()]),
      durationSeconds: Type.Union([Type.Integer(), Type.Null()]),
    }),
    Type.Null(),
  ]),
  data: Type.Record(Type.String(), Type.Unknown()),
  createdAt: Type.String(),
});

export const AddEntryBody = Type.Object(
  {
    kind: Enum(ENTRY_KINDS),
    body: Text(100_000, 1),
    direction: Type.Optional(Enum(DIRECTIONS)),
    channel: Type.Optional(ChannelS),
    answerSeconds: Type.Optional(Type.Integer({ minimum: 0, maximum: 86_400 })),
    durationSeconds: Type.Optional(Type.Integer({ minimum: 0, maximum: 86_400 })),
  },
  { additionalProperties: false },
);

export const AttemptSchema = Type.Object({
  id: Type.String(),
  caseId: Type.String(),
  channel: Type.String(),
  line: Type.Union([Type.String(), Type.Null()]),
  staffId: Type.Union([Type.String(), Type.Null()]),
  answered: Type.Boolean(),
  note: Type.String(),
  attemptedAt: Type.String(),
  createdAt: Type.String(),
});

export const AddAttemptBody = Type.Object(
  {
    channel: ChannelS,
    line: Type.Optional(Type.Union([Text(100, 1), Type.Null()])),
    staffId: Type.Optional(NullableId),
    answered: Type.Boolean(),
    note: Type.Optional(Text(2000)),
    attemptedAt: Type.Optional(Type.String({ format: "date-time" })),
  },
  { additionalProperties: false },
);

export const PageQuery = Type.Object(
  { cursor: Type.Optional(Cursor), limit: Type.Optional(Limit) },
  { additionalProperties: false },
);
