/** An ask as the API takes it, checked against a policy's terms. */
import type { Actor } from "../auth/auth.rules.js";
import { lockCase } from "../cases/cases.store.js";
import type { Conn } from "../db/database.js";
import type { Deps } from "../deps.js";
import { conflict, invalid, notFound } from "../shared/errors.js";
import { askProblems, type Ask, type PolicyTerms } from "./policies.rules.js";

export interface AskInput {
  quantity?: number | null | undefined;
  amountMinor?: number | null | undefined;
  /** For amount policies: must be the policy's currency when given. */
  currency?: string | undefined;
  evidenceGiven?: string[] | undefined;
}

export function askOf(input: AskInput): Ask {
  return {
    quantity: input.quantity ?? null,
    amountMinor: input.amountMinor ?? null,
    evidenceGiven: [...new Set(input.evidenceGiven ?? [])],
  };
}

/** Checks an ask against the policy's terms (measure, currency, evidence); throws `invalid`. */
export function checkAsk(terms: PolicyTerms, input: AskInput): Ask {
  const ask = askOf(input);
  const problems = askProblems(terms, ask);
  if (input.currency !== undefined) {
    const expected = terms.limit?.measure === "amount" ? terms.limit.currency : null;
    if (expected === null || input.currency.toUpperCase() !== expected)
      problems.push({
        field: "currency",
        message: `${terms.code} is counted in ${expected ?? "no currency"}.`,
      });
  }
  const first = problems[0];
  if (first) throw invalid(problems.map((p) => p.message).join(" "), { field: first.field, problems });
  return ask;
}

export const noSuchPolicy = () =>
  invalid("policyId does not name a policy of this workspace.", { field: "policyId" });

/** The case, locked, and not closed (a closed case takes no new requests or actions). */
export async function lockOpenCase(trx: Conn, deps: Deps, actor: Actor, caseId: string) {
  const c = await lockCase(trx, deps.dialect, actor.workspaceId, caseId);
  if (!c) throw notFound("case");
  if (c.status === "closed") throw conflict("A closed case takes no policy requests.");
  return c;
}
