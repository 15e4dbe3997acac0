import { DateTime } from "luxon";
import { AUTHORITY_LEVELS, hasAuthority, type AuthorityLevel } from "../auth/auth.rules.js";

/*
 * Who receives an escalation. Pure: plain facts about people (authority, teams, when their
 * current shift ends, when they are next in), the case's team, the sender's reports-to chain, the
 * agreement's on-call person and an instant go in; a decision with the reasons for everyone
 * considered comes out. No I/O, no clock. The explanation is rendered separately
 * (explainDecision), because what may be said about a person's hours depends on who reads it.
 */

export const DEFAULT_HANDOVER_MARGIN_MINUTES = 15;
const MINUTE_MS = 60_000;

/** One staff member as routing sees them at the instant asked about. */
export interface RoutingPerson {
  id: string;
  name: string;
  authority: AuthorityLevel;
  teamIds: readonly string[];
  isActive: boolean;
  /** False: no schedule on file — counted as in (like exception routing), with no known end. */
  hasSchedule: boolean;
  /** The end of the shift they are in at the instant (epoch ms), or undefined when off duty. */
  onDutyUntil: number | undefined;
  /** The next time they come on duty for at least the margin (epoch ms), if known. */
  nextInAt: number | undefined;
}

export type EscalationTarget = { kind: "level"; level: AuthorityLevel } | { kind: "person"; staffId: string };

/** Where a candidate was found: the order routing prefers. */
export type Tier = "team" | "chain" | "anyone";
export const DEFAULT_TIERS: readonly Tier[] = ["team", "chain", "anyone"];

export interface RoutingInput {
  atMs: number;
  marginMinutes: number;
  target: EscalationTarget;
  /** The case's team (preferred first), if any. */
  caseTeamId: string | null;
  /** The sender (never routed to themselves); null for automatic escalations. */
  senderId: string | null;
  /** The reports-to chain to follow, nearest manager first (the sender's, or the assignee's). */
  chain: readonly string[];
  people: readonly RoutingPerson[];
  /** The person on call now on the client's agreement's rota, if it has one and someone is on. */
  onCallStaffId: string | undefined;
  /** The order of preference; automatic escalations follow the chain first. */
  tiers?: readonly Tier[] | undefined;
}

/** Why someone was passed over (or chosen), as facts; explainDecision turns them into words. */
export type Consideration =
  | {
      staffId: string;
      verdict: "chosen";
      tier: Tier | "person" | "on-call" | "next-in";
      until: number | undefined;
    }
  | { staffId: string; verdict: "off-duty"; nextInAt: number | undefined }
  | { staffId: string; verdict: "inside-margin"; until: number }
  | { staffId: string; verdict: "lacks-authority" };

export type RoutingDecision =
  | { outcome: "route"; staffId: string; tier: Tier | "person"; considered: Consideration[] }
  | { outcome: "on-call"; staffId: string; considered: Consideration[] }
  | { outcome: "queued"; staffId: string; startsAt: number; considered: Consideration[] }
  | { outcome: "nobody"; considered: Consideration[] };

/** The authority an escalation needs: the level asked for (a named person needs none). */
function needed(target: EscalationTarget): AuthorityLevel {
  return target.kind === "level" ? target.level : "agent";
}

/** The level above `level`, or `level` itself at the top: what an automatic escalation asks for. */
export function levelAbove(level: AuthorityLevel): AuthorityLevel {
  const i = AUTHORITY_LEVELS.indexOf(level);
  return AUTHORITY_LEVELS[Math.min(i + 1, AUTHORITY_LEVELS.length - 1)] ?? level;
}

/** On duty now and staying at least the margin; no schedule on file counts as in. */
function availability(
  p: RoutingPerson,
  atMs: number,
  marginMinutes: number,
): { ok: true; until: number | undefined } | { ok: false; why: Consideration } {
  if (!p.hasSchedule) return { ok: true, until: undefined };
  if (p.onDutyUntil === undefined)
    return { ok: false, why: { staffId: p.id, verdict: "off-duty", nextInAt: p.nextInAt } };
  if (p.onDutyUntil - atMs < marginMinutes * MINUTE_MS)
    return { ok: false, why: { staffId: p.id, verdict: "inside-margin", until: p.onDutyUntil } };
  return { ok: true, until: p.onDutyUntil };
}

/**
 * Within a tier: the lowest sufficient authority first (a manager before the owner when a manager
 * will do), then people with a known schedule, then who stays longest, then name and id.
 */
function byPreference(a: RoutingPerson, b: RoutingPerson): number {
  const rank = AUTHORITY_LEVELS.indexOf(a.authority) - AUTHORITY_LEVELS.indexOf(b.authority);
  if (rank !== 0) return rank;
  if (a.hasSchedule !== b.hasSchedule) return a.hasSchedule ? -1 : 1;
  const stay = (b.onDutyUntil ?? 0) - (a.onDutyUntil ?? 0);
  if (stay !== 0) return stay;
  return a.name.localeCompare(b.name) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** The candidates of each tier in order; each person appears once, in the first tier that has them. */
function candidatesByTier(input: RoutingInput, eligible: readonly RoutingPerson[]) {
  const byId = new Map(eligible.map((p) => [p.id, p]));
  const seen = new Set<string>();
  const out: { tier: Tier; person: RoutingPerson }[] = [];
  const take = (tier: Tier, people: RoutingPerson[]) => {
    for (const person of people) {
      if (seen.has(person.id)) continue;
      seen.add(person.id);
      out.push({ tier, person });
    }
  };
  for (const tier of input.tiers ?? DEFAULT_TIERS) {
    if (tier === "team") {
      const team = input.caseTeamId;
      if (team !== null) take("team", eligible.filter((p) => p.teamIds.includes(team)).sort(byPreference));
    } else if (tier === "chain") {
      take(
        "chain",
        input.chain.flatMap((id) => {
          const p = byId.get(id);
          return p ? [p] : [];
        }),
      );
    } else {
      take("anyone", [...eligible].sort(byPreference));
    }
  }
  return out;
}

/** The earliest next-in among those passed over, for queuing (ties: the order they were considered). */
function nextPersonIn(considered: readonly Consideration[], people: ReadonlyMap<string, RoutingPerson>) {
  let best: { staffId: string; at: number } | undefined;
  for (const c of considered) {
    if (c.verdict !== "off-duty" && c.verdict !== "inside-margin") continue;
    const at = people.get(c.staffId)?.nextInAt;
    if (at === undefined) continue;
    if (!best || at < best.at) best = { staffId: c.staffId, at };
  }
  return best;
}

/**
 * Who receives an escalation at `atMs`: someone on duty with the authority who stays at least the
 * hand-over margin, preferring the case's team, then the chain, then anyone; with nobody, the
 * on-call person; else the next person in (queued); else nobody. A named person gets it when they
 * are available, else it is queued for their next in (never silently moved to someone else).
 */
export function whoReceivesEscalation(input: RoutingInput): RoutingDecision {
  const people = new Map(input.people.map((p) => [p.id, p]));
  if (input.target.kind === "person") {
    const p = people.get(input.target.staffId);
    if (!p || !p.isActive) return { outcome: "nobody", considered: [] };
    const a = availability(p, input.atMs, input.marginMinutes);
    if (a.ok) {
      const considered: Consideration[] = [
        { staffId: p.id, verdict: "chosen", tier: "person", until: a.until },
      ];
      return { outcome: "route", staffId: p.id, tier: "person", considered };
    }
    if (p.nextInAt !== undefined)
      return {
        outcome: "queued",
        staffId: p.id,
        startsAt: p.nextInAt,
        considered: [a.why, { staffId: p.id, verdict: "chosen", tier: "next-in", until: undefined }],
      };
    return { outcome: "nobody", considered: [a.why] };
  }
  const level = needed(input.target);
  const eligible = input.people.filter(
    (p) => p.isActive && p.id !== input.senderId && hasAuthority(p.authority, level),
  );
  const considered: Consideration[] = [];
  // The chain is followed even past people without the authority: say so, where the chain is walked.
  const tiers = input.tiers ?? DEFAULT_TIERS;
  const chainSkipped: Consideration[] = tiers.includes("chain")
    ? input.chain.flatMap((id) => {
        const p = people.get(id);
        return p && p.isActive && !hasAuthority(p.authority, level)
          ? [{ staffId: id, verdict: "lacks-authority" as const }]
          : [];
      })
    : [];
  let chainSaid = false;
  const sayChain = () => {
    if (chainSaid) return;
    chainSaid = true;
    considered.push(...chainSkipped);
  };
  for (const { tier, person } of candidatesByTier(input, eligible)) {
    if (tier !== "team") sayChain();
    const a = availability(person, input.atMs, input.marginMinutes);
    if (a.ok) {
      considered.push({ staffId: person.id, verdict: "chosen", tier, until: a.until });
      return { outcome: "route", staffId: person.id, tier, considered };
    }
    considered.push(a.why);
  }
  sayChain();
  const onCall = input.onCallStaffId === undefined ? undefined : people.get(input.onCallStaffId);
  if (onCall && onCall.isActive && onCall.id !== input.senderId) {
    considered.push({ staffId: onCall.id, verdict: "chosen", tier: "on-call", until: undefined });
    return { outcome: "on-call", staffId: onCall.id, considered };
  }
  const next = nextPersonIn(considered, people);
  if (next) {
    considered.push({ staffId: next.staffId, verdict: "chosen", tier: "next-in", until: undefined });
    return { outcome: "queued", staffId: next.staffId, startsAt: next.at, considered };
  }
  return { outcome: "nobody", considered };
}

// ---------------------------------------------------------------------------------------------
// The explanation, in words, for one reader.

export interface ExplainContext {
  /** Names by staff id. */
  nameOf: (staffId: string) => string;
  /** Whether this reader may learn this person's hours (desk.rules maySeeHours of their access). */
  mayShowHours: (staffId: string) => boolean;
  timeZone: string;
  atMs: number;
  marginMinutes: number;
  level: AuthorityLevel | undefined;
}

function hhmm(ms: number, zone: string, atMs: number): string {
  const t = DateTime.fromMillis(ms, { zone }).setLocale("en-US");
  const now = DateTime.fromMillis(atMs, { zone });
  return t.hasSame(now, "day") ? t.toFormat("HH:mm") : t.toFormat("ccc d LLL HH:mm");
}

/** When someone is next in, as the customer may be told it ("Tue 8 Dec 09:00" or "today at 15:00"). */
export function formatStart(ms: number, zone: string, atMs: number): string {
  const t = DateTime.fromMillis(ms, { zone }).setLocale("en-US");
  const now = DateTime.fromMillis(atMs, { zone });
  return t.hasSame(now, "day") ? `today at ${t.toFormat("HH:mm")}` : t.toFormat("ccc d LLL HH:mm");
}

const TIER_WORDS: Record<string, string> = {
  team: "in the case's team",
  chain: "next up the reports-to chain",
  anyone: "holds the authority",
  person: "asked for by name",
  "on-call": "on call for this client's agreement",
  "next-in": "the next person in",
};

/** One line per person considered: "Maya — off duty at 15:15, inside the 15-minute hand-over margin". */
export function explainConsideration(c: Consideration, ctx: ExplainContext): string {
  const name = ctx.nameOf(c.staffId);
  const shown = ctx.mayShowHours(c.staffId);
  switch (c.verdict) {
    case "lacks-authority":
      return `${name} — does not hold ${ctx.level ?? "the"} authority`;
    case "off-duty":
      if (!shown) return `${name} — not available`;
      return c.nextInAt === undefined
        ? `${name} — off duty`
        : `${name} — off duty, next in ${hhmm(c.nextInAt, ctx.timeZone, ctx.atMs)}`;
    case "inside-margin":
      if (!shown) return `${name} — not available`;
      return `${name} — off duty at ${hhmm(c.until, ctx.timeZone, ctx.atMs)}, inside the ${ctx.marginMinutes}-minute hand-over margin`;
    case "chosen": {
      const why = TIER_WORDS[c.tier] ?? "chosen";
      const until =
        shown && c.until !== undefined && Number.isFinite(c.until)
          ? `, on duty until ${hhmm(c.until, ctx.timeZone, ctx.atMs)}`
          : "";
      return `${name} — chosen: ${why}${until}`;
    }
  }
}

/** The decision in a sentence, then a line per person considered (for the sender and the receiver). */
export function explainDecision(
  d: RoutingDecision,
  ctx: ExplainContext,
): { summary: string; lines: string[] } {
  const lines = d.considered.map((c) => explainConsideration(c, ctx));
  const want = ctx.level ? `${ctx.level} authority or above` : "the person asked for";
  switch (d.outcome) {
    case "route":
      return { summary: `${ctx.nameOf(d.staffId)} will receive it (${want}, on duty now).`, lines };
    case "on-call":
      return {
        summary: `Nobody with ${want} is available now; ${ctx.nameOf(d.staffId)} is on call and will receive it.`,
        lines,
      };
    case "queued": {
      const when = ctx.mayShowHours(d.staffId)
        ? ` at ${formatStart(d.startsAt, ctx.timeZone, ctx.atMs)}`
        : "";
      return {
        summary: `Nobody with ${want} is available now; it waits for ${ctx.nameOf(d.staffId)}, the next person in${when}.`,
        lines,
      };
    }
    case "nobody":
      return { summary: `Nobody with ${want} can receive it.`, lines };
  }
}
