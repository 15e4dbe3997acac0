/**
 * The agent's action under a policy ("issue 4 vouchers"): allowed when it is within the policy as
 * is, or exactly what a granted exception on this case covers (once); refused otherwise with
 * `policy-refused`, and the refused attempt recorded in a transaction of its own.
 */
import { announceCase } from "../events/events.publish.js";
import { recordAudit } from "../audit/audit.service.js";
import type { Actor } from "../auth/auth.rules.js";
import { requirePermission } from "../auth/permissions.js";
import type { Conn } from "../db/database.js";
import type { Deps } from "../deps.js";
import { toInstant } from "../shared/clock.js";
import { AppError, conflict, invalid } from "../shared/errors.js";
import {
  describeTiers,
  evaluateAsk,
  measureOf,
  valueOf,
  type Ask,
  type PolicyTerms,
} from "./policies.rules.js";
import { policyInEffect } from "./policies.service.js";
import { getRequestDetail, type RequestDetailView } from "./precedents.service.js";
import { askedValueText } from "./requests.present.js";
import { checkAsk, lockOpenCase, noSuchPolicy, type AskInput } from "./requests.ask.js";
import { caseEvent, recordRefusal, teamNamesFor, withRefusalRecorded } from "./requests.shared.js";
import { insertRequest, listUnusedRequests, writeAction, type RequestRow } from "./requests.store.js";

export interface PolicyActionInput extends AskInput {
  policyId: string;
  /** What the agent does, in words: "Issue 4 breakfast vouchers for room 12". */
  description: string;
}

const sameAsk = (r: RequestRow, ask: Ask) =>
  r.quantity === ask.quantity && r.amount_minor === ask.amountMinor;

function refused(message: string, details: Record<string, unknown>): AppError {
  return new AppError("policy-refused", message, details);
}

/** The granted (or allowed) request on this case for exactly this ask that is not used yet. */
async function requestToUse(
  trx: Conn,
  actor: Actor,
  q: { caseId: string; policyId: string; ask: Ask },
): Promise<RequestRow | undefined> {
  const unused = await listUnusedRequests(trx, actor.workspaceId, q.caseId, q.policyId);
  return unused.find((r) => sameAsk(r, q.ask));
}

/** When an exception on this case was granted for another value, says so (it covers exactly what was asked). */
async function grantedOtherwise(
  trx: Conn,
  actor: Actor,
  q: { caseId: string; policyId: string; terms: PolicyTerms },
): Promise<string> {
  const unused = await listUnusedRequests(trx, actor.workspaceId, q.caseId, q.policyId);
  const granted = unused.find((r) => r.status === "granted");
  if (!granted) return "";
  const text = askedValueText(q.terms, granted.quantity ?? granted.amount_minor);
  return ` The exception granted on this case covers exactly ${text ?? "what was asked"}; do exactly that, or ask again.`;
}

/** Records the agent's action under a policy, or refuses it (policy-refused) when nothing allows it. */
export async function recordPolicyAction(
  deps: Deps,
  actor: Actor,
  caseId: string,
  input: PolicyActionInput,
): Promise<RequestDetailView> {
  requirePermission(actor, "cases:write");
  const description = input.description.trim();
  if (description.length === 0) throw invalid("Say what is done.", { field: "description" });
  const at = toInstant(deps.clock.now());
  let code = "";
  let id: string;
  try {
    id = await withRefusalRecorded(
      deps,
      async (trx) => {
        await lockOpenCase(trx, deps, actor, caseId);
        const { policy, version, terms } = await policyInEffect(
          trx,
          actor.workspaceId,
          input.policyId,
          at,
          noSuchPolicy,
        );
        code = terms.code;
        const ask = checkAsk(terms, input);
        const teams = await teamNamesFor(trx, actor.workspaceId, [terms.authority]);
        const asked = askedValueText(terms, valueOf(terms, ask));
        const use = await requestToUse(trx, actor, { caseId, policyId: policy.id, ask });
        let requestId: string;
        let basis: string;
        if (use) {
          if (
            !(await writeAction(trx, actor.workspaceId, use.id, { staffId: actor.staffId, description, at }))
          )
            throw conflict("That request was used at the same moment: an exception is granted once.");
          requestId = use.id;
          basis = use.status === "granted" ? "exception granted" : "within the policy";
        } else {
          const e = evaluateAsk(terms, ask, teams);
          if (e.outcome !== "allowed") {
            const who =
              e.outcome === "needs_exception"
                ? `It needs an approved exception (${describeTiers(e.grantors, terms.limit, teams)}), and none on this case covers ${asked ?? "it"}. Ask for one first.` +
                  (await grantedOtherwise(trx, actor, { caseId, policyId: policy.id, terms }))
                : e.explanation;
            throw refused(`${terms.code} does not allow "${description}" as is. ${who}`, {
              policyCode: terms.code,
              outcome: e.outcome,
              whoCan: e.grantors.length > 0 ? describeTiers(e.grantors, terms.limit, teams) : "nobody",
            });
          }
          requestId = deps.newId();
          const m = measureOf(terms.limit);
          await insertRequest(trx, {
            id: requestId,
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
            note: "",
            outcome: "allowed",
            excess: e.excess,
            explanation: e.explanation,
            status: "allowed",
            routed_to_id: null,
            routing_reason: "",
            decided_by_id: null,
            decided_authority: null,
            decided_tier: null,
            decision_reason: null,
            decided_at: null,
            acted_by_id: actor.staffId,
            action_description: description,
            acted_at: at,
            created_at: at,
            updated_at: at,
          });
          basis = "within the policy";
        }
        const data = {
          requestId,
          code: terms.code,
          description,
          basis,
          quantity: ask.quantity,
          amountMinor: ask.amountMinor,
        };
        await caseEvent(trx, deps, actor, {
          caseId,
          body: `Done under ${terms.code} (${basis}): ${description}`,
          data: { event: "policy.action-recorded", ...data },
          at,
        });
        await recordAudit(trx, deps, actor, {
          action: "policy.action-recorded",
          subjectKind: "policy_request",
          subjectId: requestId,
          data: { ...data, caseId },
        });
        return requestId;
      },
      async (trx, refusal) => {
        await recordRefusal(trx, deps, actor, {
          action: "policy.action-refused",
          caseId,
          subjectKind: "case",
          subjectId: caseId,
          body: `Refused under ${code || "a policy"}: "${description}" — ${refusal.message}`,
          data: {
            policyId: input.policyId,
            description,
            quantity: input.quantity ?? null,
            amountMinor: input.amountMinor ?? null,
            refusal: refusal.message,
            ...refusal.details,
          },
          at,
        });
      },
    );
  } finally {
    // An action and a refused attempt both write on the case's timeline.
    await announceCase(deps, { workspaceId: actor.workspaceId, caseId }, "case.entry-added", actor, at);
  }
  return getRequestDetail(deps, actor, id);
}
