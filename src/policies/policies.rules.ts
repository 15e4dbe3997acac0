/**
 * Pure decisions about policies: what a request asks for, the desk's answer (allowed as is /
 * needs an exception and who can grant it / no exception possible), whether a given person may
 * grant it, and who the request is routed to. No I/O, no clock: every input is plain data.
 */
import { AUTHORITY_LEVELS, hasAuthority, type AuthorityLevel } from "../auth/auth.rules.js";
import {
  authorityWord,
  formatExtra,
  formatValue,
  listOr,
  pluralOf,
  withPeriod,
  type Measure,
} from "./policies.wording.js";

/** Who may grant: everyone at or above an authority level, or the members of a team. */
export type Grantor = { kind: "level"; level: AuthorityLevel } | { kind: "team"; teamId: string };

/**
 * One step of a policy's exception authority. Tiers are listed from the nearest to the front line
 * (P2: supervisor up to 2 extra, then manager without limit); routing prefers the first that covers.
 */
export interface AuthorityTier {
  grantor: Grantor;
  /**
   * The most this grantor may grant beyond what the policy allows, in the policy's measure (a count,
   * or minor units of its currency); null: no limit. Always null on a policy without a measure.
   */
  maxExtra: number | null;
}

export type ExceptionAuthority = { kind: "nobody" } | { kind: "tiers"; tiers: AuthorityTier[] };

/**
 * What a policy allows without an exception. `per` is the period or scope as words that follow the
 * value ("per room per night", "a month"). A null max means "no cap": the value is recorded (for
 * reports) and only the evidence decides.
 */
export type PolicyLimit =
  | { measure: "quantity"; max: number | null; unit: string; per: string | null }
  | { measure: "amount"; maxMinor: number | null; currency: string; per: string | null };

/** The content of one policy version. */
export interface PolicyTerms {
  /** Short handle people say aloud, e.g. "P2". */
  code: string;
  name: string;
  statement: string;
  rationale: string;
  customerWording: string;
  authority: ExceptionAuthority;
  limit: PolicyLimit | null;
  /** Evidence the customer must give for the policy to apply as is, e.g. "Proof of earning". */
  evidenceRequired: string[];
}

/** What the customer asks for under a policy. */
export interface Ask {
  /** For quantity policies: how many. */
  quantity: number | null;
  /** For amount policies: how much, in minor units of the policy's currency. */
  amountMinor: number | null;
  /** Which of the policy's required evidence the customer gave. */
  evidenceGiven: readonly string[];
}

export type Outcome = "allowed" | "needs_exception" | "no_exception";

export interface Evaluation {
  outcome: Outcome;
  /** The asked value in the policy's measure; null when the policy has none. */
  value: number | null;
  /** What the policy allows as is, given the evidence; null: no cap. */
  allowance: number | null;
  /** How far the ask goes beyond the allowance (0 when within); null when the policy has no measure. */
  excess: number | null;
  missingEvidence: string[];
  /** For needs_exception: the tiers that cover this exception, in preference order. */
  grantors: AuthorityTier[];
  /** Why the desk answers so, for the agent. */
  explanation: string;
  /** What the agent says to the customer. */
  say: string;
}

export const MAX_TIERS = 5;
export const MAX_EVIDENCE = 10;

export function measureOf(limit: PolicyLimit | null): Measure | null {
  if (!limit) return null;
  return limit.measure === "quantity"
    ? { measure: "quantity", unit: limit.unit }
    : { measure: "amount", currency: limit.currency };
}

export function limitMax(limit: PolicyLimit): number | null {
  return limit.measure === "quantity" ? limit.max : limit.maxMinor;
}

function isCount(n: number | null): boolean {
  return n === null || (Number.isSafeInteger(n) && n >= 0);
}

/** Problems with a policy's terms, each naming its field; empty when the terms are sound. */
export function policyProblems(terms: PolicyTerms): { field: string; message: string }[] {
  const out: { field: string; message: string }[] = [];
  const add = (field: string, message: string) => out.push({ field, message });
  if (!/^[A-Za-z0-9][A-Za-z0-9_-]{0,15}$/.test(terms.code))
    add("code", "A code is 1–16 letters, digits, - or _, e.g. P2.");
  for (const f of ["name", "statement", "rationale", "customerWording"] as const)
    if (terms[f].trim().length === 0) add(f, `Give the policy's ${f}.`);
  const { limit } = terms;
  if (limit) {
    if (!isCount(limitMax(limit))) add("limit", "A limit is a whole, non-negative number (or none).");
    if (limit.measure === "quantity" && limit.unit.trim().length === 0)
      add("limit.unit", "Name what is counted, e.g. voucher.");
  }
  const labels = terms.evidenceRequired.map((e) => e.trim().toLowerCase());
  if (labels.some((l) => l.length === 0)) add("evidenceRequired", "Evidence items need a name.");
  if (new Set(labels).size !== labels.length) add("evidenceRequired", "Each evidence item once.");
  if (labels.length > MAX_EVIDENCE) add("evidenceRequired", `At most ${MAX_EVIDENCE} evidence items.`);
  if (!limit && labels.length === 0)
    add("limit", "A policy restricts something: give a limit, evidence required, or both.");
  if (terms.authority.kind === "tiers") {
    const { tiers } = terms.authority;
    if (tiers.length === 0) add("authority", 'Give at least one tier, or say "nobody".');
    if (tiers.length > MAX_TIERS) add("authority", `At most ${MAX_TIERS} tiers.`);
    tiers.forEach((t, i) => {
      if (!isCount(t.maxExtra)) add(`authority.tiers.${i}.maxExtra`, "A whole, non-negative number or none.");
      if (t.maxExtra !== null && !limit)
        add(`authority.tiers.${i}.maxExtra`, "Only a policy with a limit can limit an exception.");
    });
    const keys = tiers.map((t) =>
      t.grantor.kind === "level" ? `l:${t.grantor.level}` : `t:${t.grantor.teamId}`,
    );
    if (new Set(keys).size !== keys.length) add("authority", "Each grantor once.");
  }
  return out;
}

/** Problems with an ask under these terms (missing or stray values, unknown evidence). */
export function askProblems(terms: PolicyTerms, ask: Ask): { field: string; message: string }[] {
  const out: { field: string; message: string }[] = [];
  const m = terms.limit?.measure ?? null;
  if (m === "quantity" && ask.quantity === null)
    out.push({ field: "quantity", message: `${terms.code} counts ${pluralUnit(terms)}: give quantity.` });
  if (m !== "quantity" && ask.quantity !== null)
    out.push({ field: "quantity", message: `${terms.code} does not count a quantity.` });
  if (m === "amount" && ask.amountMinor === null)
    out.push({ field: "amountMinor", message: `${terms.code} is about an amount: give amountMinor.` });
  if (m !== "amount" && ask.amountMinor !== null)
    out.push({ field: "amountMinor", message: `${terms.code} is not about an amount.` });
  for (const [field, v] of [
    ["quantity", ask.quantity],
    ["amountMinor", ask.amountMinor],
  ] as const) {
    if (v !== null && !isCount(v)) out.push({ field, message: `${field} is a whole, non-negative number.` });
  }
  const known = new Set(terms.evidenceRequired);
  for (const e of ask.evidenceGiven)
    if (!known.has(e))
      out.push({ field: "evidenceGiven", message: `${terms.code} asks for no evidence "${e}".` });
  return out;
}

function pluralUnit(terms: PolicyTerms): string {
  return terms.limit?.measure === "quantity" ? pluralOf(terms.limit.unit) : "items";
}

export function valueOf(terms: PolicyTerms, ask: Ask): number | null {
  if (!terms.limit) return null;
  return terms.limit.measure === "quantity" ? ask.quantity : ask.amountMinor;
}

/** Which tiers cover an exception of this size, in the policy's order; nobody → empty. */
export function coveringTiers(authority: ExceptionAuthority, excess: number | null): AuthorityTier[] {
  if (authority.kind === "nobody") return [];
  return authority.tiers.filter((t) => t.maxExtra === null || (excess ?? 0) <= t.maxExtra);
}

export type WhoCanGrant =
  /** "policy": the policy allows no exceptions; "beyond-limits": no tier's limit reaches this far. */
  { kind: "nobody"; why: "policy" | "beyond-limits" } | { kind: "tiers"; tiers: AuthorityTier[] };

/** Who can grant an exception of this size (excess beyond the allowance) to a policy. */
export function whoCanGrant(authority: ExceptionAuthority, excess: number | null): WhoCanGrant {
  if (authority.kind === "nobody") return { kind: "nobody", why: "policy" };
  const tiers = coveringTiers(authority, excess);
  return tiers.length === 0 ? { kind: "nobody", why: "beyond-limits" } : { kind: "tiers", tiers };
}

/** Team names by id, for wording; an unknown id reads as "a team". */
export type TeamNames = ReadonlyMap<string, string>;

/** Who a tier names: "supervisor authority or above", "team Retention". */
export function tierWho(tier: AuthorityTier, teams: TeamNames): string {
  return tier.grantor.kind === "level"
    ? authorityWord(tier.grantor.level)
    : `team ${teams.get(tier.grantor.teamId) ?? "(removed team)"}`;
}

/** How far a tier reaches: "2 extra vouchers", "USD 35.00 a month"; null without a limit. */
export function tierReach(tier: AuthorityTier, limit: PolicyLimit | null): string | null {
  const measure = measureOf(limit);
  if (tier.maxExtra === null || !measure) return null;
  return withPeriod(formatExtra(measure, tier.maxExtra), limit?.per ?? null);
}

/** "supervisor authority or above, up to 2 extra vouchers", "team Retention, up to USD 35.00 a month". */
export function describeTier(tier: AuthorityTier, limit: PolicyLimit | null, teams: TeamNames): string {
  const reach = tierReach(tier, limit);
  return reach === null ? tierWho(tier, teams) : `${tierWho(tier, teams)}, up to ${reach}`;
}

export function describeTiers(
  tiers: readonly AuthorityTier[],
  limit: PolicyLimit | null,
  teams: TeamNames,
): string {
  return listOr(tiers.map((t) => describeTier(t, limit, teams)));
}

/** The whole authority of a policy in words, for the catalog: "Exceptions: nobody." */
export function describeAuthority(terms: PolicyTerms, teams: TeamNames): string {
  if (terms.authority.kind === "nobody") return "Exceptions: nobody.";
  return `Exceptions: ${terms.authority.tiers.map((t) => describeTier(t, terms.limit, teams)).join("; beyond that, ")}.`;
}

/** What the agent says to the customer for an outcome, in the policy's own words. */
export function sayFor(outcome: Outcome, customerWording: string): string {
  switch (outcome) {
    case "allowed":
      return "Yes, we can do that.";
    case "no_exception":
      return customerWording;
    case "needs_exception":
      return `${customerWording} I am asking someone who can make an exception, and I will come back to you.`;
  }
}

/** The desk's answer to an ask: allowed as is, needs an exception (and who can grant it), or none possible. */
export function evaluateAsk(terms: PolicyTerms, ask: Ask, teams: TeamNames): Evaluation {
  const given = new Set(ask.evidenceGiven);
  const missingEvidence = terms.evidenceRequired.filter((e) => !given.has(e));
  const value = valueOf(terms, ask);
  const cap = terms.limit ? limitMax(terms.limit) : null;
  // Without the required evidence nothing is allowed as is: the whole ask is the exception.
  const allowance = missingEvidence.length > 0 ? 0 : cap;
  const excess = value === null ? null : allowance === null ? 0 : Math.max(0, value - allowance);
  const deviates = missingEvidence.length > 0 || (excess ?? 0) > 0;
  const base = { value, allowance, excess, missingEvidence };
  if (!deviates) {
    return {
      ...base,
      outcome: "allowed",
      grantors: [],
      explanation: `Within ${terms.code} (${terms.name}) as is.`,
      say: sayFor("allowed", terms.customerWording),
    };
  }
  const why = deviationWords(terms, value, allowance, missingEvidence);
  const who = whoCanGrant(terms.authority, excess);
  if (who.kind === "nobody") {
    const none =
      who.why === "policy"
        ? `No exception is possible: nobody may grant exceptions to ${terms.code}.`
        : `No exception is possible: that is beyond what anyone may grant under ${terms.code} (${describeAuthority(terms, teams)})`;
    return {
      ...base,
      outcome: "no_exception",
      grantors: [],
      explanation: `${why} ${none}`,
      say: sayFor("no_exception", terms.customerWording),
    };
  }
  return {
    ...base,
    outcome: "needs_exception",
    grantors: who.tiers,
    explanation: `${why} An exception can be granted by ${describeTiers(who.tiers, terms.limit, teams)}.`,
    say: sayFor("needs_exception", terms.customerWording),
  };
}

function deviationWords(
  terms: PolicyTerms,
  value: number | null,
  allowance: number | null,
  missing: readonly string[],
): string {
  const measure = measureOf(terms.limit);
  const parts: string[] = [];
  if (missing.length > 0) parts.push(`Missing evidence: ${missing.join(", ")}.`);
  if (measure && value !== null && allowance !== null && value > allowance) {
    const allowed = withPeriod(formatValue(measure, allowance), terms.limit?.per ?? null);
    parts.push(
      `${formatValue(measure, value)} asked; ${terms.code} allows ${allowed}${missing.length > 0 ? " without it" : ""}.`,
    );
  }
  return parts.join(" ");
}

/** The person who would decide: their authority level and teams, read when they decide. */
export interface Decider {
  staffId: string;
  authority: AuthorityLevel;
  teamIds: readonly string[];
  isActive: boolean;
}

/** Proof that a grant passed mayGrant: only this module makes one, and the store takes only this. */
export interface GrantPermit {
  readonly __permit: unique symbol;
  readonly staffId: string;
  readonly authority: AuthorityLevel;
  /** The tier that allows this decider to decide, as it read then (kept with the decision). */
  readonly tier: AuthorityTier;
  readonly tierIndex: number;
}

export type GrantVerdict =
  | { ok: true; permit: GrantPermit }
  | {
      ok: false;
      /** nobody: the policy allows no exceptions; beyond-limits: no tier reaches; lacks-authority: others can. */
      why: "nobody" | "beyond-limits" | "lacks-authority" | "inactive";
      reason: string;
      /** Who can, in preference order (empty when nobody can). */
      whoCan: AuthorityTier[];
    };

function holdsTier(d: Decider, tier: AuthorityTier): boolean {
  return tier.grantor.kind === "level"
    ? hasAuthority(d.authority, tier.grantor.level)
    : d.teamIds.includes(tier.grantor.teamId);
}

/**
 * Whether this person may decide (grant or refuse) an exception of this size under these terms.
 * Refuses with a reason naming who can: nobody for an "exceptions: nobody" policy, and beyond a
 * person's own authority or limit the tiers that do reach.
 */
export function mayGrant(
  decider: Decider,
  request: { terms: PolicyTerms; excess: number | null },
  teams: TeamNames,
): GrantVerdict {
  const { terms, excess } = request;
  const who = whoCanGrant(terms.authority, excess);
  if (who.kind === "nobody") {
    const reason =
      who.why === "policy"
        ? `Nobody may grant an exception to ${terms.code} (${terms.name}): its exceptions are "nobody".`
        : `Nobody may grant an exception this large under ${terms.code}. ${describeAuthority(terms, teams)}`;
    return { ok: false, why: who.why === "policy" ? "nobody" : "beyond-limits", reason, whoCan: [] };
  }
  const needs = describeTiers(who.tiers, terms.limit, teams);
  if (!decider.isActive)
    return {
      ok: false,
      why: "inactive",
      reason: `An inactive account decides nothing. This needs ${needs}.`,
      whoCan: who.tiers,
    };
  const index = who.tiers.findIndex((t) => holdsTier(decider, t));
  const tier = who.tiers[index];
  if (tier) {
    const tierIndex = terms.authority.kind === "tiers" ? terms.authority.tiers.indexOf(tier) : -1;
    const permit = { staffId: decider.staffId, authority: decider.authority, tier, tierIndex } as GrantPermit;
    return { ok: true, permit };
  }
  const own =
    terms.authority.kind === "tiers" ? terms.authority.tiers.find((t) => holdsTier(decider, t)) : undefined;
  const ownReach = own ? tierReach(own, terms.limit) : null;
  const measure = measureOf(terms.limit);
  const size =
    measure && excess !== null
      ? ` ${withPeriod(formatExtra(measure, excess), terms.limit?.per ?? null)}`
      : "";
  const mine = own && ownReach ? ` You may grant up to ${ownReach} (as ${tierWho(own, teams)}).` : "";
  return {
    ok: false,
    why: "lacks-authority",
    reason: `Granting${size} under ${terms.code} needs ${needs}.${mine}`,
    whoCan: who.tiers,
  };
}

/** A person who could decide, as routing sees them. */
export interface RoutingCandidate {
  staffId: string;
  name: string;
  authority: AuthorityLevel;
  /** Index of the first policy tier that lets them decide (lower is nearer the front line). */
  tierIndex: number;
  isAsker: boolean;
  /** In the asker's reports-to line (their supervisor, their supervisor's manager …). */
  isInAskersLine: boolean;
}

export interface RoutingChoice {
  chosen: RoutingCandidate | null;
  isOnDuty: boolean;
  reason: string;
}

/**
 * The preference order: the asker when they hold the authority themselves, then the nearest tier
 * (P2: a supervisor before a manager), then the lowest sufficient authority level (do not bother
 * the owner when a supervisor can), then people in the asker's own reports-to line (Rita's
 * supervisor Sam before another supervisor), then name and id so the choice is stable.
 */
export function preferenceOrder(candidates: readonly RoutingCandidate[]): RoutingCandidate[] {
  const rank = (l: AuthorityLevel) => AUTHORITY_LEVELS.indexOf(l);
  return [...candidates].sort(
    (a, b) =>
      Number(b.isAsker) - Number(a.isAsker) ||
      a.tierIndex - b.tierIndex ||
      rank(a.authority) - rank(b.authority) ||
      Number(b.isInAskersLine) - Number(a.isInAskersLine) ||
      (a.name < b.name ? -1 : a.name > b.name ? 1 : 0) ||
      (a.staffId < b.staffId ? -1 : a.staffId > b.staffId ? 1 : 0),
  );
}

/**
 * Chooses who the exception request goes to: the first candidate in preference order who is on
 * duty now. When nobody with the authority is on duty, it goes to nobody in particular: it waits in
 * the approvals of everyone who holds the authority. Naming someone then would tell the asker that
 * this person is off duty now, which is schedule information (protected staff's is never shown).
 */
export function chooseDecider(
  candidates: readonly RoutingCandidate[],
  onDuty: ReadonlySet<string>,
): RoutingChoice {
  const ordered = preferenceOrder(candidates);
  const first = ordered.find((c) => onDuty.has(c.staffId));
  if (first) {
    const reason = first.isAsker
      ? "You hold this authority yourself and are on duty."
      : `${first.name} holds the authority (${first.authority}) and is on duty now.`;
    return { chosen: first, isOnDuty: true, reason };
  }
  if (ordered.length > 0) {
    return {
      chosen: null,
      isOnDuty: false,
      reason:
        "Nobody with the authority is on duty now; the request waits in the approvals of everyone who holds it.",
    };
  }
  return { chosen: null, isOnDuty: false, reason: "Nobody in the workspace holds this authority now." };
}

/**
 * The version of a policy in effect at an instant: the latest (by effective date, then version
 * number) that has started, unless it has ended. Instants are ISO strings, which sort as time.
 */
export function versionInEffect<
  V extends { version: number; effectiveFrom: string; effectiveUntil: string | null },
>(versions: readonly V[], at: string): V | undefined {
  let latest: V | undefined;
  for (const v of versions) {
    if (v.effectiveFrom > at) continue;
    if (
      !latest ||
      v.effectiveFrom > latest.effectiveFrom ||
      (v.effectiveFrom === latest.effectiveFrom && v.version > latest.version)
    )
      latest = v;
  }
  // The latest started version decides; once it has ended (the policy retired), none is in effect.
  if (latest && latest.effectiveUntil !== null && latest.effectiveUntil <= at) return undefined;
  return latest;
}

/** The asker's reports-to line, nearest first (stops at a loop or after 50 steps). */
export function reportsToLine(
  staffId: string | null,
  reportsTo: ReadonlyMap<string, string | null>,
): string[] {
  const line: string[] = [];
  let next = staffId === null ? null : (reportsTo.get(staffId) ?? null);
  while (next !== null && !line.includes(next) && next !== staffId && line.length < 50) {
    line.push(next);
    next = reportsTo.get(next) ?? null;
  }
  return line;
}
