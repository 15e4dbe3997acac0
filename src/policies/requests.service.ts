/**
 * Applying a policy on a case and exception requests: record what the customer asks for, answer
 * it, route an exception to someone who holds the authority, decide it, or withdraw it.
 */
import { announceCase } from "../events/events.publish.js";
import { recordAudit } from "../audit/audit.service.js";
import type { Actor } from "../auth/auth.rules.js";
import { requirePermission } from "../auth/permissions.js";
import { lockCase } from "../cases/cases.store.js";
import type { Conn } from "../db/database.js";
import type { Deps } from "../deps.js";
import { toInstant } from "../shared/clock.js";
import { AppError, conflict, invalid, notFound } from "../shared/errors.js";
import { termsOf } from "./policies.present.js";
import {
  describeTiers,
  evaluateAsk,
  mayGrant,
  measureOf,
  type GrantVerdict,
  type PolicyTerms,
  type TeamNames,
} from "./policies.rules.js";
import { policyInEffect } from "./policies.service.js";
import { getRequestDetail, type RequestDetailView } from "./precedents.service.js";
import { askedValueText } from "./requests.present.js";
import {
  caseEvent,
  loadDecider,
  recordRefusal,
  routeException,
  teamNamesFor,
  versionOf,
  withRefusalRecorded,
} from "./requests.shared.js";
import {
  findRequest,
  insertRequest,
  lockRequest,
  updateRequestRow,
  writeDecision,
} from "./requests.store.js";
import { checkAsk, lockOpenCase, noSuchPolicy, type AskInput } from "./requests.ask.js";

export interface ApplyPolicyInput extends AskInput {
  policyId: string;
  /** What the customer says, in their words. */
  note?: string | undefined;
}

/**
 * Records what the customer asks for under a policy and the desk's answer: allowed as is; an
 * exception request routed to someone who holds the authority (on duty now if anyone is); or, when
 * no exception is possible, a refusal by the policy itself. Audited and on the case timeline.
 */
export async function applyPolicy(
  deps: Deps,
  actor: Actor,
  caseId: string,
  input: ApplyPolicyInput,
): Promise<RequestDetailView> {
  requirePermission(actor, "cases:write");
  const at = toInstant(deps.clock.now());
  const id = await deps.db.transaction().execute(async (trx) => {
    await lockOpenCase(trx, deps, actor, caseId);
    const { policy, version, terms } = await policyInEffect(
      trx,
      actor.workspaceId,
      input.policyId,
      at,
      noSuchPolicy,
    );
    const ask = checkAsk(terms, input);
    const teams = await teamNamesFor(trx, actor.workspaceId, [terms.authority]);
    const e = evaluateAsk(terms, ask, teams);
    const routing =
      e.outcome === "needs_exception"
        ? await routeException(trx, actor, { terms, excess: e.excess, at })
        : null;
    const status =
      e.outcome === "allowed" ? "allowed" : e.outcome === "no_exception" ? "refused_by_policy" : "pending";
    const m = measureOf(terms.limit);
    const row = {
      id: deps.newId(),
      workspace_id: actor.workspaceId,
      case_id: caseId,
      policy_id: policy.id,
      policy_version_id: version.id,
      asked_by_id: actor.staffId,
      quantity: ask.quantity,
      amount_minor: ask.amountMinor,
      currency: m?.measure === "amount" ? m.currency : null,
      measure: m?.measure ?? null,
      unit: m ? (m.measure === "amount" ? m.currency : m.unit) : null,
      evidence_given: JSON.stringify(ask.evidenceGiven),
      note: input.note?.trim() ?? "",
      outcome: e.outcome,
      excess: e.excess,
      explanation: e.explanation,
      status,
      routed_to_id: routing?.chosen?.staffId ?? null,
      routing_reason: routing?.reason ?? "",
      decided_by_id: null,
      decided_authority: null,
      decided_tier: null,
      // A refusal by the policy is decided the moment it is asked, by nobody.
      decision_reason: status === "refused_by_policy" ? e.explanation : null,
      decided_at: status === "refused_by_policy" ? at : null,
      acted_by_id: null,
      action_description: null,
      acted_at: null,
      created_at: at,
      updated_at: at,
    };
    await insertRequest(trx, row);
    const asked = askedValueText(terms, e.value);
    const head = `${terms.code} ${terms.name}${asked ? `: ${asked} asked` : ""}`;
    const body =
      status === "allowed"
        ? `${head} — allowed as is.`
        : status === "refused_by_policy"
          ? `${head} — refused (${terms.code}): no exception possible.`
          : `${head} — exception requested${routing?.chosen ? ` from ${routing.chosen.name}` : `: ${routing?.reason ?? ""}`}.`;
    const data = {
      requestId: row.id,
      policyId: policy.id,
      code: terms.code,
      version: version.version,
      status,
    };
    await caseEvent(trx, deps, actor, { caseId, body, data: { event: "policy.request", ...data }, at });
    await recordAudit(trx, deps, actor, {
      action: "policy.request-recorded",
      subjectKind: "policy_request",
      subjectId: row.id,
      data: {
        ...data,
        caseId,
        outcome: e.outcome,
        quantity: ask.quantity,
        amountMinor: ask.amountMinor,
        evidenceGiven: ask.evidenceGiven,
        excess: e.excess,
        routedToId: row.routed_to_id,
      },
    });
    return row.id;
  });
  await announceCase(deps, { workspaceId: actor.workspaceId, caseId }, "case.entry-added", actor, at);
  return getRequestDetail(deps, actor, id);
}

/** The error for a refused decision: policy-refused, naming who can (or that nobody can). */
function refusalOf(
  verdict: Extract<GrantVerdict, { ok: false }>,
  terms: PolicyTerms,
  teams: TeamNames,
): AppError {
  return new AppError("policy-refused", verdict.reason, {
    policyCode: terms.code,
    why: verdict.why,
    whoCan: verdict.whoCan.length > 0 ? describeTiers(verdict.whoCan, terms.limit, teams) : "nobody",
  });
}

export interface DecisionInput {
  decision: "grant" | "refuse";
  /** Required: why, in words a later reader (or an auditor) understands. */
  reason: string;
}

/**
 * Grants or refuses a pending exception request. Only someone the rules let decide may: beyond
 * one's authority or limit, or for an "exceptions: nobody" policy, the attempt is refused with an
 * error naming who can, and the refused attempt is recorded (audit and timeline) in a transaction
 * of its own; a request routed to the refused person moves to someone who can.
 */
export async function decideRequest(
  deps: Deps,
  actor: Actor,
  id: string,
  input: DecisionInput,
): Promise<RequestDetailView> {
  requirePermission(actor, "cases:write");
  const reason = input.reason.trim();
  if (reason.length === 0) throw invalid("Give the reason for the decision.", { field: "reason" });
  const at = toInstant(deps.clock.now());
  const first = await findRequest(deps.db, actor.workspaceId, id);
  if (!first) throw notFound("exception request");
  const version = await versionOf(deps.db, actor.workspaceId, first.policy_version_id);
  const terms = termsOf(first.policy_code, version);
  const teams = await teamNamesFor(deps.db, actor.workspaceId, [terms.authority]);
  const me = await loadDecider(deps.db, actor);
  const asked = askedValueText(terms, first.quantity ?? first.amount_minor);
  const what = `the ${terms.code} exception${asked ? ` (${asked})` : ""}`;
  const announce = () =>
    announceCase(
      deps,
      { workspaceId: actor.workspaceId, caseId: first.case_id },
      "case.entry-added",
      actor,
      at,
    );
  try {
    await withRefusalRecorded(
      deps,
      async (trx) => {
        await lockCase(trx, deps.dialect, actor.workspaceId, first.case_id);
        const r = await lockRequest(trx, deps.dialect, actor.workspaceId, id);
        if (!r) throw notFound("exception request");
        if (!me)
          throw new AppError(
            "policy-refused",
            "Exceptions are decided by a staff member who holds the authority.",
            {
              policyCode: terms.code,
              why: "not-staff",
            },
          );
        const verdict = mayGrant(me.decider, { terms, excess: r.excess }, teams);
        if (!verdict.ok) throw refusalOf(verdict, terms, teams);
        if (r.status !== "pending")
          throw conflict(`The request is ${r.status.replace(/_/g, " ")}, not pending.`, {
            requestStatus: r.status,
          });
        const status = input.decision === "grant" ? "granted" : "refused";
        if (
          !(await writeDecision(trx, actor.workspaceId, id, { permit: verdict.permit, status, reason, at }))
        )
          throw conflict("The request was decided at the same moment.");
        const body = `${me.name} ${status} ${what}: ${reason}`;
        const data = { requestId: id, code: terms.code, status, reason, tier: verdict.permit.tier };
        await caseEvent(trx, deps, actor, {
          caseId: r.case_id,
          body,
          data: { event: `policy.exception-${status}`, ...data },
          at,
        });
        await recordAudit(trx, deps, actor, {
          action: `policy.exception-${status}`,
          subjectKind: "policy_request",
          subjectId: id,
          data: { ...data, caseId: r.case_id, authority: verdict.permit.authority, excess: r.excess },
        });
      },
      async (trx, refusal) => {
        const who = me?.name ?? "The system";
        await recordRefusal(trx, deps, actor, {
          action: "policy.grant-refused",
          caseId: first.case_id,
          subjectKind: "policy_request",
          subjectId: id,
          body: `${who} tried to ${input.decision} ${what} — refused: ${refusal.message}`,
          data: {
            requestId: id,
            code: terms.code,
            decision: input.decision,
            refusal: refusal.message,
            ...refusal.details,
          },
          at,
        });
        await rerouteAfterRefusal(trx, deps, actor, { id, terms, at });
      },
    );
  } finally {
    // A decision and a refused attempt both write on the case's timeline.
    await announce();
  }
  return getRequestDetail(deps, actor, id);
}

/** A pending request routed to the person just refused (or to nobody) moves to someone who can decide it. */
async function rerouteAfterRefusal(
  trx: Conn,
  deps: Deps,
  actor: Actor,
  q: { id: string; terms: PolicyTerms; at: string },
): Promise<void> {
  const r = await lockRequest(trx, deps.dialect, actor.workspaceId, q.id);
  if (!r || r.status !== "pending") return;
  if (r.routed_to_id !== null && r.routed_to_id !== actor.staffId) return;
  const choice = await routeException(trx, actor, {
    terms: q.terms,
    excess: r.excess,
    at: q.at,
    exclude: actor.staffId ?? undefined,
  });
  if (!choice.chosen || choice.chosen.staffId === r.routed_to_id) return;
  await updateRequestRow(trx, actor.workspaceId, q.id, {
    routed_to_id: choice.chosen.staffId,
    routing_reason: choice.reason,
    updated_at: q.at,
  });
  const data = { requestId: q.id, code: q.terms.code, from: r.routed_to_id, to: choice.chosen.staffId };
  await caseEvent(trx, deps, actor, {
    caseId: r.case_id,
    body: `The ${q.terms.code} exception request now goes to ${choice.chosen.name}: ${choice.reason}`,
    data: { event: "policy.request-rerouted", ...data },
    at: q.at,
  });
  await recordAudit(trx, deps, actor, {
    action: "policy.request-rerouted",
    subjectKind: "policy_request",
    subjectId: q.id,
    data: { ...data, caseId: r.case_id, reason: choice.reason },
  });
}

/**
 * Withdraws a pending exception request (the customer no longer wants it, or it was a mistake).
 * The asker may, and so may anyone who could decide it.
 */
export async function withdrawRequest(
  deps: Deps,
  actor: Actor,
  id: string,
  input: { reason: string },
): Promise<RequestDetailView> {
  requirePermission(actor, "cases:write");
  const reason = input.reason.trim();
  if (reason.length === 0) throw invalid("Say why the request is withdrawn.", { field: "reason" });
  const at = toInstant(deps.clock.now());
  const first = await findRequest(deps.db, actor.workspaceId, id);
  if (!first) throw notFound("exception request");
  const terms = termsOf(
    first.policy_code,
    await versionOf(deps.db, actor.workspaceId, first.policy_version_id),
  );
  const teams = await teamNamesFor(deps.db, actor.workspaceId, [terms.authority]);
  const me = await loadDecider(deps.db, actor);
  await deps.db.transaction().execute(async (trx) => {
    await lockCase(trx, deps.dialect, actor.workspaceId, first.case_id);
    const r = await lockRequest(trx, deps.dialect, actor.workspaceId, id);
    if (!r) throw notFound("exception request");
    const mayDecide = me !== null && mayGrant(me.decider, { terms, excess: r.excess }, teams).ok;
    if (r.asked_by_id !== actor.staffId && !mayDecide)
      throw new AppError(
        "forbidden",
        "Only the person who asked, or someone who could decide it, withdraws a request.",
      );
    if (r.status !== "pending")
      throw conflict(`The request is ${r.status.replace(/_/g, " ")}, not pending.`, {
        requestStatus: r.status,
      });
    await updateRequestRow(trx, actor.workspaceId, id, {
      status: "withdrawn",
      decision_reason: reason,
      updated_at: at,
    });
    const data = { requestId: id, code: terms.code, reason };
    await caseEvent(trx, deps, actor, {
      caseId: r.case_id,
      body: `The ${terms.code} exception request was withdrawn: ${reason}`,
      data: { event: "policy.request-withdrawn", ...data },
      at,
    });
    await recordAudit(trx, deps, actor, {
      action: "policy.request-withdrawn",
      subjectKind: "policy_request",
      subjectId: id,
      data: { ...data, caseId: r.case_id },
    });
  });
  await announceCase(
    deps,
    { workspaceId: actor.workspaceId, caseId: first.case_id },
    "case.entry-added",
    actor,
    at,
  );
  return getRequestDetail(deps, actor, id);
}
