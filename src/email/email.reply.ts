import type { Actor } from "../auth/auth.rules.js";
import type { CaseRow, EntryRow } from "../cases/cases.store.js";
import { findCustomer } from "../customers/customers.store.js";
import type { Conn } from "../db/database.js";
import type { Deps } from "../deps.js";
import { findStaff } from "../staff/staff.store.js";
import { findWorkspaceById } from "../workspaces/workspaces.store.js";
import { textToHtml } from "./email.acknowledgement.js";
import { queueMail } from "./email.outbox.js";
import { replySubject } from "./email.rules.js";
import { mailOf, workspaceAddress } from "./email.settings.js";
import { messageIdsOfCase } from "./email.store.js";

/** References keep the thread's first mail and the latest ones (RFC 5322 §3.6.4 allows trimming). */
const REFERENCES_MAX = 20;

/**
 * A reply typed on a case goes out by email when it is an outward message on the email channel
 * and the case's customer has an address. Called by addEntry inside its transaction, after the
 * entry is written; returns the entry's data with what was queued, or undefined when no mail.
 */
export async function mailAfterEntry(
  trx: Conn,
  deps: Deps,
  actor: Actor,
  c: CaseRow,
  entry: EntryRow,
): Promise<string | undefined> {
  if (entry.kind !== "message" || entry.direction !== "out" || entry.channel !== "email") return undefined;
  if (c.customer_id === null) return undefined;
  const customer = await findCustomer(trx, actor.workspaceId, c.customer_id);
  if (!customer?.email) return undefined;
  const ws = await findWorkspaceById(trx, actor.workspaceId);
  const from = ws ? workspaceAddress(mailOf(deps).settings, ws.slug) : null;
  if (!ws || !from) return undefined;
  const thread = await messageIdsOfCase(trx, actor.workspaceId, c.id);
  const lastInbound = thread.filter((m) => m.direction === "in").at(-1) ?? thread.at(-1);
  const ids = thread.map((m) => m.messageId);
  const references =
    ids.length <= REFERENCES_MAX ? ids : [...ids.slice(0, 1), ...ids.slice(-(REFERENCES_MAX - 1))];
  const author = actor.staffId ? await findStaff(trx, actor.workspaceId, actor.staffId) : undefined;
  const queued = await queueMail(trx, deps, {
    workspaceId: actor.workspaceId,
    caseId: c.id,
    entryId: entry.id,
    purpose: "reply",
    // The desk's address, with the person's name: replies come back to the desk, not to them.
    from: { address: from, name: author ? `${author.name} (${ws.name})` : ws.name },
    to: [customer.email],
    replyTo: from,
    subject: replySubject(c.subject, c.number),
    text: entry.body,
    html: textToHtml(entry.body),
    inReplyTo: lastInbound?.messageId ?? null,
    references,
  });
  const data = JSON.parse(entry.data) as Record<string, unknown>;
  return JSON.stringify({
    ...data,
    email: {
      mailId: queued.mailId,
      messageId: queued.messageId,
      to: [customer.email],
      status: queued.status,
    },
  });
}
