import { termsOf } from "./policies.present.js";
import {
  coveringTiers,
  describeTier,
  measureOf,
  sayFor,
  type Outcome,
  type PolicyTerms,
  type TeamNames,
} from "./policies.rules.js";
import type { PolicyVersionRow } from "./policies.store.js";
import { formatValue, withPeriod } from "./policies.wording.js";
import type { Precedent, PrecedentStats } from "./precedents.rules.js";
import type { RequestRecord } from "./requests.store.js";

export const REQUEST_STATUSES = [
  "allowed",
  "refused_by_policy",
  "pending",
  "granted",
  "refused",
  "withdrawn",
] as const;
export type RequestStatus = (typeof REQUEST_STATUSES)[number];

export interface PersonRef {
  id: string;
  name: string;
}

export interface RequestView {
  id: string;
  caseId: string;
  caseNumber: number;
  policyId: string;
  policyCode: string;
  policyName: string;
  policyVersionId: string;
  policyVersion: number;
  askedBy: PersonRef | null;
  quantity: number | null;
  amountMinor: number | null;
  currency: string | null;
  /** The policy's measure when asked, and its unit (or currency); null without a measure. */
  measure: "quantity" | "amount" | null;
  unit: string | null;
  /** The ask in words: "4 vouchers", "USD 40.00 a month"; null for a policy without a measure. */
  valueText: string | null;
  evidenceGiven: string[];
  note: string;
  /** The desk's answer when the request was made. */
  outcome: Outcome;
  excess: number | null;
  explanation: string;
  /** The policy's words for the customer, its rationale, and what to say for this outcome. */
  wording: string;
  rationale: string;
  say: string;
  /** Who can decide it (tiers that cover it, in words); empty when nobody can or none is needed. */
  whoCanGrant: string[];
  status: RequestStatus;
  routedTo: PersonRef | null;
  routingReason: string;
  decidedBy: PersonRef | null;
  decisionReason: string | null;
  decidedAt: string | null;
  actedBy: PersonRef | null;
  actionDescription: string | null;
  actedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

const ref = (id: string | null, name: string | null): PersonRef | null =>
  id === null ? null : { id, name: name ?? "(unknown)" };

export function askedValueText(terms: PolicyTerms, value: number | null): string | null {
  const m = measureOf(terms.limit);
  return m && value !== null ? withPeriod(formatValue(m, value), terms.limit?.per ?? null) : null;
}

export function presentRequest(r: RequestRecord, version: PolicyVersionRow, teams: TeamNames): RequestView {
  const terms = termsOf(r.policy_code, version);
  const outcome = r.outcome as Outcome;
  const value = r.quantity ?? r.amount_minor;
  return {
    id: r.id,
    caseId: r.case_id,
    caseNumber: r.case_number,
    policyId: r.policy_id,
    policyCode: r.policy_code,
    policyName: terms.name,
    policyVersionId: r.policy_version_id,
    policyVersion: r.policy_version,
    askedBy: ref(r.asked_by_id, r.asked_by_name),
    quantity: r.quantity,
    amountMinor: r.amount_minor,
    currency: r.currency,
    measure: r.measure as RequestView["measure"],
    unit: r.unit,
    valueText: askedValueText(terms, value),
    evidenceGiven: JSON.parse(r.evidence_given) as string[],
    note: r.note,
    outcome,
    excess: r.excess,
    explanation: r.explanation,
    wording: terms.customerWording,
    rationale: terms.rationale,
    say: sayFor(outcome, terms.customerWording),
    whoCanGrant:
      outcome === "needs_exception"
        ? coveringTiers(terms.authority, r.excess).map((t) => describeTier(t, terms.limit, teams))
        : [],
    status: r.status as RequestStatus,
    routedTo: ref(r.routed_to_id, r.routed_to_name),
    routingReason: r.routing_reason,
    decidedBy: ref(r.decided_by_id, r.decided_by_name),
    decisionReason: r.decision_reason,
    decidedAt: r.decided_at,
    actedBy: ref(r.acted_by_id, r.acted_by_name),
    actionDescription: r.action_description,
    actedAt: r.acted_at,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

/** A decided request as a precedent. */
export function precedentOf(r: RequestRecord): Precedent {
  return {
    requestId: r.id,
    caseId: r.case_id,
    caseNumber: r.case_number,
    policyVersion: r.policy_version,
    status: r.status as Precedent["status"],
    measure: r.measure as Precedent["measure"],
    unit: r.unit,
    value: r.quantity ?? r.amount_minor,
    deciderId: r.decided_by_id,
    deciderName: r.decided_by_name,
    askedById: r.asked_by_id,
    askedByName: r.asked_by_name,
    reason: r.decision_reason ?? "",
    decidedAt: r.decided_at ?? r.updated_at,
  };
}

export interface PrecedentsView {
  /** How "similar" was applied, in words, so the reader knows what the counts cover. */
  basis: string;
  stats: PrecedentStats;
  /** The most recent similar precedents (at most 20), newest first. */
  items: (Precedent & { valueText: string | null })[];
}
