/**
 * Reading requests with their precedents: a request's detail, a case's requests, the approvals
 * inbox, the answer previewed before recording, a policy's decisions over time, and reports.
 */
import type { Actor } from "../auth/auth.rules.js";
import { requirePermission } from "../auth/permissions.js";
import { findCase } from "../cases/cases.store.js";
import { findPromiseSettings } from "../calendars/calendars.store.js";
import type { Conn } from "../db/database.js";
import type { Deps } from "../deps.js";
import { toInstant } from "../shared/clock.js";
import { invalid, notFound } from "../shared/errors.js";
import { termsOf } from "./policies.present.js";
import {
  describeTiers,
  evaluateAsk,
  mayGrant,
  measureOf,
  valueOf,
  type Evaluation,
} from "./policies.rules.js";
import { policyInEffect } from "./policies.service.js";
import { findPolicy, listVersionsByIds } from "./policies.store.js";
import { formatValue } from "./policies.wording.js";
import {
  isSimilar,
  policyReport,
  similarPrecedents,
  precedentStats,
  type AskedValue,
  type PolicyReport,
  type Precedent,
} from "./precedents.rules.js";
import { precedentOf, type PrecedentsView, type RequestView } from "./requests.present.js";
import { loadDecider, requestViews, teamNamesFor } from "./requests.shared.js";
import {
  findRequest,
  listCaseRequests,
  listDecidedRequests,
  listPendingRequests,
  listRequestsBetween,
} from "./requests.store.js";
import { checkAsk, type AskInput } from "./requests.ask.js";

/** Precedents are matched among a policy's most recent decisions, this many. */
export const PRECEDENT_POOL = 500;
/** How many similar precedents are listed (the counts cover all of them). */
export const PRECEDENTS_SHOWN = 20;

export const SIMILARITY_BASIS =
  `Earlier decisions under the same policy (any version) whose asked value is within a quarter of ` +
  `the larger value (quantities also within 1), in the same unit or currency; policies without a ` +
  `measure count every decision. Among the policy's ${PRECEDENT_POOL} most recent decisions.`;

export interface RequestDetailView extends RequestView {
  precedents: PrecedentsView;
}

function valueTextOf(p: Precedent): string | null {
  if (p.measure === null || p.value === null || p.unit === null) return null;
  return formatValue(
    p.measure === "amount" ? { measure: "amount", currency: p.unit } : { measure: "quantity", unit: p.unit },
    p.value,
  );
}

function precedentsAmong(
  decided: readonly Precedent[],
  asked: AskedValue & { requestId?: string | null },
): PrecedentsView {
  const { items, stats } = similarPrecedents(asked, decided);
  return {
    basis: SIMILARITY_BASIS,
    stats,
    items: items.slice(0, PRECEDENTS_SHOWN).map((p) => ({ ...p, valueText: valueTextOf(p) })),
  };
}

/** The similar precedents of an ask under a policy, with their counts and grant rates. */
export async function precedentsFor(
  conn: Conn,
  workspaceId: string,
  policyId: string,
  asked: AskedValue & { requestId?: string | null },
): Promise<PrecedentsView> {
  const decided = (await listDecidedRequests(conn, workspaceId, policyId, PRECEDENT_POOL)).map(precedentOf);
  return precedentsAmong(decided, asked);
}

async function detailOf(conn: Conn, workspaceId: string, view: RequestView): Promise<RequestDetailView> {
  const asked = {
    measure: view.measure,
    unit: view.unit,
    value: view.quantity ?? view.amountMinor,
    requestId: view.id,
  };
  return { ...view, precedents: await precedentsFor(conn, workspaceId, view.policyId, asked) };
}

/** One request with the answer, who can decide, and its precedents. */
export async function getRequestDetail(deps: Deps, actor: Actor, id: string): Promise<RequestDetailView> {
  requirePermission(actor, "cases:read");
  const row = await findRequest(deps.db, actor.workspaceId, id);
  if (!row) throw notFound("exception request");
  const [view] = await requestViews(deps.db, actor.workspaceId, [row]);
  if (!view) throw notFound("exception request");
  return detailOf(deps.db, actor.workspaceId, view);
}

/** Every policy request on a case, oldest first. */
export async function listCaseRequestViews(deps: Deps, actor: Actor, caseId: string): Promise<RequestView[]> {
  requirePermission(actor, "cases:read");
  if (!(await findCase(deps.db, actor.workspaceId, caseId))) throw notFound("case");
  return requestViews(deps.db, actor.workspaceId, await listCaseRequests(deps.db, actor.workspaceId, caseId));
}

export interface ApprovalView extends RequestDetailView {
  /** Routed to the reader (the others listed are ones the reader may decide too). */
  isRoutedToMe: boolean;
}

/**
 * The approvals inbox: pending exception requests the reader may decide, those routed to them
 * first, then the oldest first. The desk's in-app notification of a decider is this list.
 */
export async function approvalsInbox(
  deps: Deps,
  actor: Actor,
): Promise<{ items: ApprovalView[]; routedToMe: number }> {
  requirePermission(actor, "cases:read");
  const me = await loadDecider(deps.db, actor);
  if (!me) return { items: [], routedToMe: 0 };
  const pending = await listPendingRequests(deps.db, actor.workspaceId, 500);
  const versions = new Map(
    (
      await listVersionsByIds(
        deps.db,
        actor.workspaceId,
        pending.map((r) => r.policy_version_id),
      )
    ).map((v) => [v.id, v]),
  );
  const teams = await teamNamesFor(
    deps.db,
    actor.workspaceId,
    [...versions.values()].map((v) => termsOf("", v).authority),
  );
  const mine = pending.filter((r) => {
    const v = versions.get(r.policy_version_id);
    return (
      v !== undefined &&
      mayGrant(me.decider, { terms: termsOf(r.policy_code, v), excess: r.excess }, teams).ok
    );
  });
  mine.sort(
    (a, b) => Number(b.routed_to_id === me.decider.staffId) - Number(a.routed_to_id === me.decider.staffId),
  );
  const views = await requestViews(deps.db, actor.workspaceId, mine.slice(0, 100));
  // One read of each policy's decisions, however many of its requests wait.
  const decidedBy = new Map<string, Precedent[]>();
  for (const policyId of new Set(views.map((v) => v.policyId))) {
    const rows = await listDecidedRequests(deps.db, actor.workspaceId, policyId, PRECEDENT_POOL);
    decidedBy.set(policyId, rows.map(precedentOf));
  }
  const items: ApprovalView[] = views.map((v) => ({
    ...v,
    precedents: precedentsAmong(decidedBy.get(v.policyId) ?? [], {
      measure: v.measure,
      unit: v.unit,
      value: v.quantity ?? v.amountMinor,
      requestId: v.id,
    }),
    isRoutedToMe: v.routedTo?.id === me.decider.staffId,
  }));
  return { items, routedToMe: mine.filter((r) => r.routed_to_id === me.decider.staffId).length };
}

export interface EvaluationView extends Omit<Evaluation, "grantors"> {
  policyId: string;
  policyCode: string;
  policyVersion: number;
  valueText: string | null;
  wording: string;
  rationale: string;
  whoCanGrant: string[];
  precedents: PrecedentsView;
}

/** The desk's answer to an ask, before anything is recorded (the "apply policy" dialog shows it). */
export async function previewPolicy(
  deps: Deps,
  actor: Actor,
  policyId: string,
  input: AskInput,
): Promise<EvaluationView> {
  requirePermission(actor, "cases:read");
  const at = toInstant(deps.clock.now());
  const { policy, version, terms } = await policyInEffect(deps.db, actor.workspaceId, policyId, at, () =>
    notFound("policy"),
  );
  const ask = checkAsk(terms, input);
  const teams = await teamNamesFor(deps.db, actor.workspaceId, [terms.authority]);
  const { grantors, ...e } = evaluateAsk(terms, ask, teams);
  const m = measureOf(terms.limit);
  const asked: AskedValue = {
    measure: m?.measure ?? null,
    value: valueOf(terms, ask),
    unit: m ? (m.measure === "amount" ? m.currency : m.unit) : null,
  };
  return {
    ...e,
    policyId: policy.id,
    policyCode: terms.code,
    policyVersion: version.version,
    valueText: e.value === null || !m ? null : formatValue(m, e.value),
    wording: terms.customerWording,
    rationale: terms.rationale,
    whoCanGrant: grantors.map((g) => describeTiers([g], terms.limit, teams)),
    precedents: await precedentsFor(deps.db, actor.workspaceId, policy.id, asked),
  };
}

/**
 * A policy's decisions over time: all of them (or those similar to a value), with stats, and the
 * weekly report of the last `weeks` weeks. The policy page shows this.
 */
export async function policyHistory(
  deps: Deps,
  actor: Actor,
  policyId: string,
  opts: { quantity?: number | undefined; amountMinor?: number | undefined },
): Promise<PrecedentsView> {
  requirePermission(actor, "cases:read");
  const policy = await findPolicy(deps.db, actor.workspaceId, policyId);
  if (!policy) throw notFound("policy");
  const decided = (await listDecidedRequests(deps.db, actor.workspaceId, policyId, PRECEDENT_POOL)).map(
    precedentOf,
  );
  const value = opts.quantity ?? opts.amountMinor;
  const items =
    value === undefined
      ? decided
      : decided.filter((p) => isSimilar({ measure: p.measure, unit: p.unit, value }, p));
  return {
    basis:
      value === undefined
        ? `Every decision under this policy (the ${PRECEDENT_POOL} most recent).`
        : SIMILARITY_BASIS,
    stats: precedentStats(items),
    items: items.slice(0, 100).map((p) => ({ ...p, valueText: valueTextOf(p) })),
  };
}

export const REPORT_ROW_CAP = 20_000;
const DAY = 86_400_000;

export interface PolicyReportView extends PolicyReport {
  from: string;
  to: string;
  timeZone: string;
  /** More requests than REPORT_ROW_CAP in the range: the buckets cover the first ones only. */
  truncated: boolean;
}

/**
 * Exceptions per policy, per decider, per asking agent and per week over [from, to) (default: the
 * last 12 weeks), with the value given away (granted excess) where the policy has a measure.
 */
export async function policyReportFor(
  deps: Deps,
  actor: Actor,
  opts: { from?: string | undefined; to?: string | undefined; policyId?: string | undefined },
): Promise<PolicyReportView> {
  requirePermission(actor, "audit:read");
  const now = deps.clock.now().getTime();
  const to = opts.to ? Date.parse(opts.to) : now + 1;
  const from = opts.from ? Date.parse(opts.from) : to - 84 * DAY;
  if (Number.isNaN(from) || Number.isNaN(to)) throw invalid("from and to are instants.", { field: "from" });
  if (from >= to) throw invalid("from must be before to.", { field: "from" });
  if (to - from > 400 * DAY) throw invalid("A report covers at most 400 days.", { field: "from" });
  if (opts.policyId !== undefined && !(await findPolicy(deps.db, actor.workspaceId, opts.policyId)))
    throw invalid("policyId does not name a policy of this workspace.", { field: "policyId" });
  const range = {
    from: new Date(from).toISOString(),
    to: new Date(to).toISOString(),
    policyId: opts.policyId,
  };
  const rows = await listRequestsBetween(deps.db, actor.workspaceId, range, REPORT_ROW_CAP + 1);
  const names = new Map(
    (
      await listVersionsByIds(
        deps.db,
        actor.workspaceId,
        rows.map((r) => r.policy_version_id),
      )
    ).map((v) => [v.policy_id, v.name]),
  );
  const timeZone = (await findPromiseSettings(deps.db, actor.workspaceId)).time_zone;
  const report = policyReport(
    rows.slice(0, REPORT_ROW_CAP).map((r) => ({
      status: r.status as Parameters<typeof policyReport>[0][number]["status"],
      policyId: r.policy_id,
      policyCode: r.policy_code,
      policyName: names.get(r.policy_id) ?? r.policy_code,
      askedById: r.asked_by_id,
      askedByName: r.asked_by_name,
      deciderId: r.decided_by_id,
      deciderName: r.decided_by_name,
      createdAt: r.created_at,
      measure: r.measure as "quantity" | "amount" | null,
      unit: r.unit,
      excess: r.excess,
    })),
    timeZone,
  );
  return { ...report, from: range.from, to: range.to, timeZone, truncated: rows.length > REPORT_ROW_CAP };
}
