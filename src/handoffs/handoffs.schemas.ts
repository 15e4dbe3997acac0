import { Type } from "typebox";
import { AUTHORITY_LEVELS } from "../auth/auth.rules.js";
import { Enum, Id, Text } from "../shared/schemas.js";
import { CARD_LIMITS, HANDOFF_KINDS, HANDOFF_STATUSES } from "./handoffs.rules.js";

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

export const CardPromiseSchema = Type.Object({
  id: Type.String(),
  description: Type.String(),
  dueAt: Type.String(),
  wording: Type.String(),
});

export const ContextCardSchema = Type.Object({
  wants: Type.String(),
  customerWords: Type.String(),
  tried: Type.String(),
  nextStep: Type.String(),
  promises: Type.Array(CardPromiseSchema),
  history: Type.Object({
    entries: Type.Integer(),
    contactAttempts: Type.Integer(),
    attemptsText: Type.Array(Type.String()),
  }),
});

/** What the sender writes; the desk adds the promises and the history itself. */
export const CardTextBody = Type.Object(
  {
    wants: Type.Optional(Text(CARD_LIMITS.wants)),
    customerWords: Type.Optional(Text(CARD_LIMITS.customerWords)),
    tried: Type.Optional(Text(CARD_LIMITS.tried)),
    nextStep: Type.Optional(Text(CARD_LIMITS.nextStep)),
  },
  { additionalProperties: false },
);

export const RoutingWordsSchema = Type.Object({ summary: Type.String(), lines: Type.Array(Type.String()) });

export const HandoffSchema = Type.Object({
  id: Type.String(),
  caseId: Type.String(),
  caseNumber: Type.Integer(),
  caseSubject: Type.String(),
  kind: Enum(HANDOFF_KINDS),
  status: Enum(HANDOFF_STATUSES),
  fromStaffId: Nullable(Type.String()),
  fromName: Nullable(Type.String()),
  toStaffId: Nullable(Type.String()),
  toName: Nullable(Type.String()),
  toTeamId: Nullable(Type.String()),
  toTeamName: Nullable(Type.String()),
  level: Nullable(Enum(AUTHORITY_LEVELS)),
  reason: Type.String(),
  card: ContextCardSchema,
  routing: Nullable(RoutingWordsSchema),
  startsAt: Nullable(Type.String()),
  createdAt: Type.String(),
  acknowledgedAt: Nullable(Type.String()),
  acknowledgedById: Nullable(Type.String()),
});

export const HandoffBody = Type.Object(
  {
    toStaffId: Type.Optional(Id),
    toTeamId: Type.Optional(Id),
    reason: Text(1000, 1),
    card: Type.Optional(CardTextBody),
  },
  { additionalProperties: false },
);

export const EndOfShiftSchema = Type.Object({
  staffId: Type.String(),
  name: Type.String(),
  shiftEndsAt: Nullable(Type.String()),
  nextInAt: Nullable(Type.String()),
  cases: Type.Array(
    Type.Object({
      caseId: Type.String(),
      number: Type.Integer(),
      subject: Type.String(),
      inHandover: Type.Boolean(),
      promisesDue: Type.Array(CardPromiseSchema),
      card: ContextCardSchema,
    }),
  ),
});

export const EndOfShiftBody = Type.Object(
  {
    toStaffId: Type.Optional(Id),
    toTeamId: Type.Optional(Id),
    routed: Type.Optional(Type.Boolean()),
    caseIds: Type.Optional(Type.Array(Id, { maxItems: 200 })),
    note: Type.Optional(Text(CARD_LIMITS.nextStep, 1)),
  },
  { additionalProperties: false },
);

/** The case's hand-over state, added to case reads and lists. */
export const CaseHandoverSchema = Nullable(
  Type.Object({
    id: Type.String(),
    kind: Enum(HANDOFF_KINDS),
    fromStaffId: Nullable(Type.String()),
    toStaffId: Nullable(Type.String()),
    toTeamId: Nullable(Type.String()),
    createdAt: Type.String(),
  }),
);
