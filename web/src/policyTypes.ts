/** The policy API's shapes as the console uses them (see /openapi.json for the full schemas). */

export type PolicyLimit =
  | { measure: "quantity"; max: number | null; unit: string; per: string | null }
  | { measure: "amount"; maxMinor: number | null; currency: string; per: string | null };

export interface PolicyTier {
  grantor: { kind: "level"; level: string } | { kind: "team"; teamId: string; teamName: string };
  maxExtra: number | null;
  text: string;
}

export interface PolicyVersion {
  id: string;
  policyId: string;
  version: number;
  code: string;
  name: string;
  statement: string;
  rationale: string;
  customerWording: string;
  authority: { kind: "nobody" | "tiers"; tiers: PolicyTier[] };
  authorityText: string;
  limit: PolicyLimit | null;
  limitText: string | null;
  evidenceRequired: string[];
  effectiveFrom: string;
  effectiveUntil: string | null;
  changeNote: string;
  createdById: string | null;
  createdAt: string;
}

export interface Policy {
  id: string;
  code: string;
  latestVersion: number;
  current: PolicyVersion | null;
  latest: PolicyVersion;
  createdAt: string;
  updatedAt: string;
}

export interface PolicyDetail extends Policy {
  versions: PolicyVersion[];
}

export interface PersonRef {
  id: string;
  name: string;
}

export type RequestStatus = "allowed" | "refused_by_policy" | "pending" | "granted" | "refused" | "withdrawn";
export type Outcome = "allowed" | "needs_exception" | "no_exception";

export interface PolicyRequest {
  id: string;
  caseId: string;
  caseNumber: number;
  policyId: string;
  policyCode: string;
  policyName: string;
  policyVersion: number;
  askedBy: PersonRef | null;
  quantity: number | null;
  amountMinor: number | null;
  currency: string | null;
  valueText: string | null;
  evidenceGiven: string[];
  note: string;
  outcome: Outcome;
  excess: number | null;
  explanation: string;
  wording: string;
  rationale: string;
  say: string;
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
}

export interface DeciderStats {
  deciderId: string | null;
  name: string;
  granted: number;
  refused: number;
  grantRate: number | null;
}

export interface Precedent {
  requestId: string;
  caseNumber: number;
  policyVersion: number;
  status: "granted" | "refused" | "refused_by_policy";
  value: number | null;
  valueText: string | null;
  deciderName: string | null;
  askedByName: string | null;
  reason: string;
  decidedAt: string;
}

export interface Precedents {
  basis: string;
  stats: {
    total: number;
    granted: number;
    refused: number;
    grantRate: number | null;
    byDecider: DeciderStats[];
  };
  items: Precedent[];
}

export interface PolicyRequestDetail extends PolicyRequest {
  precedents: Precedents;
}

export interface Approval extends PolicyRequestDetail {
  isRoutedToMe: boolean;
}

export interface Evaluation {
  policyId: string;
  policyCode: string;
  policyVersion: number;
  outcome: Outcome;
  valueText: string | null;
  excess: number | null;
  missingEvidence: string[];
  explanation: string;
  say: string;
  wording: string;
  rationale: string;
  whoCanGrant: string[];
  precedents: Precedents;
}

export interface ReportBucket {
  key: string;
  label: string;
  allowed: number;
  exceptions: number;
  pending: number;
  granted: number;
  refused: number;
  withdrawn: number;
  grantRate: number | null;
  givenAway: { measure: "quantity" | "amount"; unit: string; total: number }[];
}

export interface PolicyReport {
  from: string;
  to: string;
  timeZone: string;
  truncated: boolean;
  perPolicy: ReportBucket[];
  perDecider: ReportBucket[];
  perAsker: ReportBucket[];
  perWeek: ReportBucket[];
}
