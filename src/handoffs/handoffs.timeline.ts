import type { Actor } from "../auth/auth.rules.js";
import { insertEntry, upsertSearchDoc, type CaseRow, type EntryRow } from "../cases/cases.store.js";
import type { Conn } from "../db/database.js";
import type { Deps } from "../deps.js";
import { mailAfterEntry } from "../email/email.reply.js";

/**
 * Writes the customer-visible message that tells the customer who has their case (the portal
 * shows every message), in the caller's transaction; on a case that came by email it is queued as
 * a reply through the one outbound path (email.reply.ts). It is an announcement, not an answer:
 * it does not keep a reply promise or move the case's status, so it skips the promise hooks.
 */
export async function recordEntryRow(
  trx: Conn,
  deps: Deps,
  actor: Actor,
  c: CaseRow,
  body: string,
  data: Record<string, unknown>,
  at: string,
): Promise<void> {
  const row: EntryRow = {
    id: deps.newId(),
    workspace_id: c.workspace_id,
    case_id: c.id,
    kind: "message",
    direction: "out",
    channel: c.channel === "email" ? "email" : "portal",
    body,
    author_staff_id: actor.staffId,
    author_customer_id: null,
    call_answer_seconds: null,
    call_duration_seconds: null,
    data: JSON.stringify(data),
    created_at: at,
  };
  row.data = (await mailAfterEntry(trx, deps, actor, c, row)) ?? row.data;
  await insertEntry(trx, row);
  await upsertSearchDoc(trx, deps.dialect, {
    sourceId: row.id,
    workspaceId: c.workspace_id,
    caseId: c.id,
    body,
  });
}
