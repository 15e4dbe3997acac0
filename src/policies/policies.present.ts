import type { AuthorityLevel } from "../auth/auth.rules.js";
import {
  describeAuthority,
  describeTier,
  measureOf,
  limitMax,
  type ExceptionAuthority,
  type PolicyLimit,
  type PolicyTerms,
  type TeamNames,
} from "./policies.rules.js";
import type { PolicyRow, PolicyVersionRow } from "./policies.store.js";
import { formatValue, withPeriod } from "./policies.wording.js";

/** A version row's content as rules read it. */
export function termsOf(code: string, v: PolicyVersionRow): PolicyTerms {
  return {
    code,
    name: v.name,
    statement: v.statement,
    rationale: v.rationale,
    customerWording: v.customer_wording,
    authority: JSON.parse(v.authority) as ExceptionAuthority,
    limit: JSON.parse(v.limits) as PolicyLimit | null,
    evidenceRequired: JSON.parse(v.evidence_required) as string[],
  };
}

/** Team ids a policy's authority names. */
export function teamIdsIn(authority: ExceptionAuthority): string[] {
  if (authority.kind === "nobody") return [];
  return authority.tiers.flatMap((t) => (t.grantor.kind === "team" ? [t.grantor.teamId] : []));
}

export type GrantorView =
  { kind: "level"; level: AuthorityLevel } | { kind: "team"; teamId: string; teamName: string };

export interface TierView {
  grantor: GrantorView;
  maxExtra: number | null;
  /** "supervisor authority or above, up to 2 extra vouchers per room per night" */
  text: string;
}

export interface PolicyVersionView {
  id: string;
  policyId: string;
  version: number;
  code: string;
  name: string;
  statement: string;
  rationale: string;
  customerWording: string;
  /** The tiers in order (empty for "nobody"), each with the team's name and in words. */
  authority: { kind: "nobody" | "tiers"; tiers: TierView[] };
  /** "Exceptions: supervisor authority or above, …; beyond that, manager authority or above." */
  authorityText: string;
  limit: PolicyLimit | null;
  /** "2 vouchers per room per night"; null when the policy has no limit or no cap. */
  limitText: string | null;
  evidenceRequired: string[];
  effectiveFrom: string;
  effectiveUntil: string | null;
  changeNote: string;
  createdById: string | null;
  createdAt: string;
}

export function presentVersion(code: string, v: PolicyVersionRow, teams: TeamNames): PolicyVersionView {
  const terms = termsOf(code, v);
  const tiers: TierView[] =
    terms.authority.kind === "nobody"
      ? []
      : terms.authority.tiers.map((t) => ({
          grantor:
            t.grantor.kind === "level"
              ? { kind: "level", level: t.grantor.level }
              : {
                  kind: "team",
                  teamId: t.grantor.teamId,
                  teamName: teams.get(t.grantor.teamId) ?? "(removed team)",
                },
          maxExtra: t.maxExtra,
          text: describeTier(t, terms.limit, teams),
        }));
  const measure = measureOf(terms.limit);
  const max = terms.limit ? limitMax(terms.limit) : null;
  return {
    id: v.id,
    policyId: v.policy_id,
    version: v.version,
    code,
    name: terms.name,
    statement: terms.statement,
    rationale: terms.rationale,
    customerWording: terms.customerWording,
    authority: { kind: terms.authority.kind, tiers },
    authorityText: describeAuthority(terms, teams),
    limit: terms.limit,
    limitText:
      measure && max !== null ? withPeriod(formatValue(measure, max), terms.limit?.per ?? null) : null,
    evidenceRequired: terms.evidenceRequired,
    effectiveFrom: v.effective_from,
    effectiveUntil: v.effective_until,
    changeNote: v.change_note,
    createdById: v.created_by_id,
    createdAt: v.created_at,
  };
}

export interface PolicyView {
  id: string;
  code: string;
  latestVersion: number;
  /** The version in effect now; null before the first starts or after the policy retired. */
  current: PolicyVersionView | null;
  /** The newest version (may start later than now). */
  latest: PolicyVersionView;
  createdAt: string;
  updatedAt: string;
}

export interface PolicyDetailView extends PolicyView {
  /** Every version, oldest first. */
  versions: PolicyVersionView[];
}

export function presentPolicy(
  p: PolicyRow,
  versions: readonly PolicyVersionView[],
  current: PolicyVersionView | undefined,
): PolicyView {
  const latest = versions.find((v) => v.version === p.latest_version) ?? versions.at(-1);
  if (!latest) throw new Error(`policy ${p.id} has no versions`);
  return {
    id: p.id,
    code: p.code,
    latestVersion: p.latest_version,
    current: current ?? null,
    latest,
    createdAt: p.created_at,
    updatedAt: p.updated_at,
  };
}
