import { Type } from "typebox";
import { Enum, Id, Instant, Text } from "../shared/schemas.js";
import { MAX_EVIDENCE } from "./policies.rules.js";
import { Count } from "./policies.schemas.js";
import { REQUEST_STATUSES } from "./requests.present.js";

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

const AskFields = {
  quantity: Type.Optional(Nullable(Count)),
  amountMinor: Type.Optional(Nullable(Count)),
  currency: Type.Optional(Type.String({ pattern: "^[A-Za-z]{3}$", description: "ISO 4217; the policy's." })),
  evidenceGiven: Type.Optional(Type.Array(Text(120, 1), { maxItems: MAX_EVIDENCE })),
};

export const PreviewBody = Type.Object(AskFields, { additionalProperties: false });

export const ApplyPolicyBody = Type.Object(
  { policyId: Id, ...AskFields, note: Type.Optional(Text(1000)) },
  { additionalProperties: false },
);

export const PolicyActionBody = Type.Object(
  { policyId: Id, ...AskFields, description: Text(500, 1) },
  { additionalProperties: false },
);

export const DecisionBody = Type.Object(
  { decision: Enum(["grant", "refuse"] as const), reason: Text(1000, 1) },
  { additionalProperties: false },
);

export const WithdrawBody = Type.Object({ reason: Text(500, 1) }, { additionalProperties: false });

export const HistoryQuery = Type.Object(
  { quantity: Type.Optional(Count), amountMinor: Type.Optional(Count) },
  { additionalProperties: false },
);

export const ReportQuery = Type.Object(
  { from: Type.Optional(Instant), to: Type.Optional(Instant), policyId: Type.Optional(Id) },
  { additionalProperties: false },
);

const PersonRef = Type.Object({ id: Type.String(), name: Type.String() });
const Outcome = Enum(["allowed", "needs_exception", "no_exception"] as const);
const MeasureS = Nullable(Enum(["quantity", "amount"] as const));

export const RequestSchema = Type.Object({
  id: Type.String(),
  caseId: Type.String(),
  caseNumber: Type.Integer(),
  policyId: Type.String(),
  policyCode: Type.String(),
  policyName: Type.String(),
  policyVersionId: Type.String(),
  policyVersion: Type.Integer(),
  askedBy: Nullable(PersonRef),
  quantity: Nullable(Type.Integer()),
  amountMinor: Nullable(Type.Integer()),
  currency: Nullable(Type.String()),
  measure: MeasureS,
  unit: Nullable(Type.String()),
  valueText: Nullable(Type.String()),
  evidenceGiven: Type.Array(Type.String()),
  note: Type.String(),
  outcome: Outcome,
  excess: Nullable(Type.Integer()),
  explanation: Type.String(),
  wording: Type.String(),
  rationale: Type.String(),
  say: Type.String(),
  whoCanGrant: Type.Array(Type.String()),
  status: Enum(REQUEST_STATUSES),
  routedTo: Nullable(PersonRef),
  routingReason: Type.String(),
  decidedBy: Nullable(PersonRef),
  decisionReason: Nullable(Type.String()),
  decidedAt: Nullable(Type.String()),
  actedBy: Nullable(PersonRef),
  actionDescription: Nullable(Type.String()),
  actedAt: Nullable(Type.String()),
  createdAt: Type.String(),
  updatedAt: Type.String(),
});

const DeciderStats = Type.Object({
  deciderId: Nullable(Type.String()),
  name: Type.String(),
  granted: Type.Integer(),
  refused: Type.Integer(),
  grantRate: Nullable(Type.Number()),
});

const StatsSchema = Type.Object({
  total: Type.Integer(),
  granted: Type.Integer(),
  refused: Type.Integer(),
  grantRate: Nullable(Type.Number()),
  byDecider: Type.Array(DeciderStats),
});

const PrecedentSchema = Type.Object({
  requestId: Type.String(),
  caseId: Type.String(),
  caseNumber: Type.Integer(),
  policyVersion: Type.Integer(),
  status: Enum(["granted", "refused", "refused_by_policy"] as const),
  measure: MeasureS,
  unit: Nullable(Type.String()),
  value: Nullable(Type.Integer()),
  valueText: Nullable(Type.String()),
  deciderId: Nullable(Type.String()),
  deciderName: Nullable(Type.String()),
  askedById: Nullable(Type.String()),
  askedByName: Nullable(Type.String()),
  reason: Type.String(),
  decidedAt: Type.String(),
});

export const PrecedentsSchema = Type.Object({
  basis: Type.String(),
  stats: StatsSchema,
  items: Type.Array(PrecedentSchema),
});

export const RequestDetailSchema = Type.Object({ ...RequestSchema.properties, precedents: PrecedentsSchema });

export const ApprovalsSchema = Type.Object({
  items: Type.Array(Type.Object({ ...RequestDetailSchema.properties, isRoutedToMe: Type.Boolean() })),
  routedToMe: Type.Integer(),
});

export const EvaluationSchema = Type.Object({
  policyId: Type.String(),
  policyCode: Type.String(),
  policyVersion: Type.Integer(),
  outcome: Outcome,
  value: Nullable(Type.Integer()),
  valueText: Nullable(Type.String()),
  allowance: Nullable(Type.Integer()),
  excess: Nullable(Type.Integer()),
  missingEvidence: Type.Array(Type.String()),
  explanation: Type.String(),
  say: Type.String(),
  wording: Type.String(),
  rationale: Type.String(),
  whoCanGrant: Type.Array(Type.String()),
  precedents: PrecedentsSchema,
});

const GivenAway = Type.Object({
  measure: Enum(["quantity", "amount"] as const),
  unit: Type.String(),
  total: Type.Integer(),
});
const Bucket = Type.Object({
  key: Type.String(),
  label: Type.String(),
  allowed: Type.Integer(),
  exceptions: Type.Integer(),
  pending: Type.Integer(),
  granted: Type.Integer(),
  refused: Type.Integer(),
  withdrawn: Type.Integer(),
  grantRate: Nullable(Type.Number()),
  givenAway: Type.Array(GivenAway),
});

export const ReportSchema = Type.Object({
  from: Type.String(),
  to: Type.String(),
  timeZone: Type.String(),
  truncated: Type.Boolean(),
  perPolicy: Type.Array(Bucket),
  perDecider: Type.Array(Bucket),
  perAsker: Type.Array(Bucket),
  perWeek: Type.Array(Bucket),
});
