import { Type } from "typebox";
import { AUTHORITY_LEVELS } from "../auth/auth.rules.js";
import { CardTextBody, HandoffSchema } from "../handoffs/handoffs.schemas.js";
import { Enum, Id, Text } from "../shared/schemas.js";

export const EscalationTargetBody = Type.Object(
  {
    level: Type.Optional(Enum(AUTHORITY_LEVELS, "escalate to someone with at least this authority")),
    staffId: Type.Optional(Id),
  },
  { additionalProperties: false },
);

export const EscalationBody = Type.Object(
  {
    level: Type.Optional(Enum(AUTHORITY_LEVELS, "escalate to someone with at least this authority")),
    staffId: Type.Optional(Id),
    reason: Text(1000, 1),
    card: Type.Optional(CardTextBody),
  },
  { additionalProperties: false },
);

export const PreviewSchema = Type.Object({
  outcome: Enum(["route", "on-call", "queued", "nobody"] as const),
  receiver: Type.Union([Type.Object({ id: Type.String(), name: Type.String() }), Type.Null()]),
  startsAt: Type.Union([Type.String(), Type.Null()]),
  summary: Type.String(),
  lines: Type.Array(Type.String()),
  marginMinutes: Type.Integer(),
  customerWording: Type.String(),
});

export const EscalationSchema = Type.Object({ decision: PreviewSchema, handoff: HandoffSchema });

export const EscalationSettingsSchema = Type.Object({ handoverMarginMinutes: Type.Integer() });
export const EscalationSettingsBody = Type.Object(
  { handoverMarginMinutes: Type.Integer({ minimum: 0, maximum: 240 }) },
  { additionalProperties: false },
);
