import { recordAudit } from "../audit/audit.service.js";
import type { Actor } from "../auth/auth.rules.js";
import { requirePermission } from "../auth/permissions.js";
import { insertEventEntry, lockCase } from "../cases/cases.store.js";
import type { Deps } from "../deps.js";
import { toInstant } from "../shared/clock.js";
import { invalid, notFound } from "../shared/errors.js";
import { findStaff } from "../staff/staff.store.js";
import type { Conn } from "../db/database.js";
import { findPolicyByCode, listVersionRows } from "../policies/policies.store.js";
import { versionInEffect } from "../policies/policies.rules.js";
import { answerFromCatalog, P5_CODE, privateContactAnswer, type PolicyAnswer } from "./p5.js";

export const CONTACT_ASKS = ["phone", "address", "email", "other"] as const;
export type ContactAsk = (typeof CONTACT_ASKS)[number];

/** The timeline's words for it, fixed so reports and tests can find them. */
export const REFUSED_ENTRY = "private contact requested — refused (P5)";

/**
 * A customer asked for a staff member's private number or address (S1): answered from P5 and
 * recorded on the case (a timeline event) and in the audit trail. Nothing private is read.
 */
export async function refusePrivateContact(
  deps: Deps,
  actor: Actor,
  caseId: string,
  input: { staffId: string; asked: ContactAsk },
): Promise<PolicyAnswer & { entryId: string }> {
  requirePermission(actor, "cases:write");
  const at = toInstant(deps.clock.now());
  return deps.db.transaction().execute(async (trx) => {
    const c = await lockCase(trx, deps.dialect, actor.workspaceId, caseId);
    if (!c) throw notFound("case");
    const staff = await findStaff(trx, actor.workspaceId, input.staffId);
    if (!staff)
      throw invalid("staffId does not name a staff member of this workspace.", { field: "staffId" });
    const answer = await p5AnswerFor(trx, actor.workspaceId, staff.name, at);
    const entryId = deps.newId();
    await insertEventEntry(trx, {
      id: entryId,
      workspaceId: actor.workspaceId,
      caseId,
      body: REFUSED_ENTRY,
      data: {
        event: "privacy.contact-refused",
        policy: answer.policy,
        staffId: staff.id,
        asked: input.asked,
      },
      authorStaffId: actor.staffId,
      at,
    });
    await recordAudit(trx, deps, actor, {
      action: "privacy.contact-refused",
      subjectKind: "case",
      subjectId: caseId,
      data: { policy: answer.policy, staffId: staff.id, asked: input.asked, entryId },
    });
    return { ...answer, entryId };
  });
}

/** P5 in the catalog's words when the workspace has P5 in effect, else the built-in answer. */
async function p5AnswerFor(
  conn: Conn,
  workspaceId: string,
  staffName: string,
  at: string,
): Promise<PolicyAnswer> {
  const policy = await findPolicyByCode(conn, workspaceId, P5_CODE);
  if (!policy) return privateContactAnswer(staffName);
  const versions = await listVersionRows(conn, workspaceId, [policy.id]);
  const version = versionInEffect(
    versions.map((v) => ({ ...v, effectiveFrom: v.effective_from, effectiveUntil: v.effective_until })),
    at,
  );
  if (!version) return privateContactAnswer(staffName);
  return answerFromCatalog(staffName, {
    name: version.name,
    customerWording: version.customer_wording,
    rationale: version.rationale,
  });
}
