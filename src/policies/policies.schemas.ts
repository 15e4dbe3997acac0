import { Type } from "typebox";
import { AUTHORITY_LEVELS } from "../auth/auth.rules.js";
import { Enum, Id, Instant, Problem, StandardErrors, Text } from "../shared/schemas.js";
import { MAX_EVIDENCE, MAX_TIERS } from "./policies.rules.js";

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

/** Counts and minor units: whole, non-negative, far below 2^53. */
export const Count = Type.Integer({ minimum: 0, maximum: 1_000_000_000_000 });
const Currency = Type.String({ pattern: "^[A-Za-z]{3}$", description: "ISO 4217, e.g. USD." });
const AuthorityLevelS = Enum(AUTHORITY_LEVELS);

const GrantorBody = Type.Union([
  Type.Object({ kind: Type.Literal("level"), level: AuthorityLevelS }, { additionalProperties: false }),
  Type.Object({ kind: Type.Literal("team"), teamId: Id }, { additionalProperties: false }),
]);

const TierBody = Type.Object(
  {
    grantor: GrantorBody,
    maxExtra: Type.Union([Count, Type.Null()], {
      description: "Most this grantor may grant beyond the limit (a count, or minor units); null: no limit.",
    }),
  },
  { additionalProperties: false },
);

export const AuthorityBody = Type.Union([
  Type.Object({ kind: Type.Literal("nobody") }, { additionalProperties: false }),
  Type.Object(
    { kind: Type.Literal("tiers"), tiers: Type.Array(TierBody, { minItems: 1, maxItems: MAX_TIERS }) },
    { additionalProperties: false },
  ),
]);

const Per = Type.Union([Text(60), Type.Null()], {
  description: 'Words after the value: "per room per night", "a month".',
});

export const LimitSchema = Type.Union([
  Type.Object(
    {
      measure: Type.Literal("quantity"),
      max: Type.Union([Count, Type.Null()], { description: "Allowed without an exception; null: no cap." }),
      unit: Text(40, 1),
      per: Per,
    },
    { additionalProperties: false },
  ),
  Type.Object(
    {
      measure: Type.Literal("amount"),
      maxMinor: Type.Union([Count, Type.Null()], { description: "Minor units allowed as is; null: no cap." }),
      currency: Currency,
      per: Per,
    },
    { additionalProperties: false },
  ),
]);

const Evidence = Type.Array(Text(120, 1), { maxItems: MAX_EVIDENCE });

const PolicyContent = {
  name: Text(120, 1),
  statement: Text(1000, 1),
  rationale: Text(2000, 1),
  customerWording: Text(1000, 1),
  authority: AuthorityBody,
  limit: Nullable(LimitSchema),
  evidenceRequired: Evidence,
  effectiveFrom: Type.Optional(Instant),
  effectiveUntil: Type.Optional(Nullable(Instant)),
};

export const CreatePolicyBody = Type.Object(
  {
    code: Type.String({
      pattern: "^[A-Za-z0-9][A-Za-z0-9_-]{0,15}$",
      description: 'Short handle, e.g. "P2".',
    }),
    ...PolicyContent,
    changeNote: Type.Optional(Text(500)),
  },
  { additionalProperties: false },
);

export const RevisePolicyBody = Type.Object(
  {
    ...Type.Partial(Type.Object(PolicyContent)).properties,
    changeNote: Text(500, 1),
  },
  { additionalProperties: false },
);

export const PolicyListQuery = Type.Object({ q: Type.Optional(Text(200)) }, { additionalProperties: false });

const GrantorSchema = Type.Union([
  Type.Object({ kind: Type.Literal("level"), level: AuthorityLevelS }),
  Type.Object({ kind: Type.Literal("team"), teamId: Type.String(), teamName: Type.String() }),
]);

export const TierSchema = Type.Object({
  grantor: GrantorSchema,
  maxExtra: Nullable(Type.Integer()),
  text: Type.String(),
});

export const PolicyVersionSchema = Type.Object({
  id: Type.String(),
  policyId: Type.String(),
  version: Type.Integer(),
  code: Type.String(),
  name: Type.String(),
  statement: Type.String(),
  rationale: Type.String(),
  customerWording: Type.String(),
  authority: Type.Object({ kind: Enum(["nobody", "tiers"] as const), tiers: Type.Array(TierSchema) }),
  authorityText: Type.String(),
  limit: Nullable(LimitSchema),
  limitText: Nullable(Type.String()),
  evidenceRequired: Type.Array(Type.String()),
  effectiveFrom: Type.String(),
  effectiveUntil: Nullable(Type.String()),
  changeNote: Type.String(),
  createdById: Nullable(Type.String()),
  createdAt: Type.String(),
});

export const PolicySchema = Type.Object({
  id: Type.String(),
  code: Type.String(),
  latestVersion: Type.Integer(),
  current: Nullable(PolicyVersionSchema),
  latest: PolicyVersionSchema,
  createdAt: Type.String(),
  updatedAt: Type.String(),
});

export const PolicyDetailSchema = Type.Object({
  ...PolicySchema.properties,
  versions: Type.Array(PolicyVersionSchema),
});

/** The errors of policy routes: the standard ones and 422 policy-refused. */
export const PolicyErrors = { ...StandardErrors, 422: Problem };
