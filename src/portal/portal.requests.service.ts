import { caseEvent, publishCaseEvents } from "../events/events.publish.js";
import { recordAudit } from "../audit/audit.service.js";
import { findPromiseSettings } from "../calendars/calendars.store.js";
import { writeNewCase } from "../cases/cases.service.js";
import type { CaseRow } from "../cases/cases.store.js";
import { clientForDomain, domainOfEmail, isEmail, normaliseEmail } from "../customers/customers.rules.js";
import {
  clientIdsWithDomain,
  findCustomerByEmail,
  insertCustomer,
  type CustomerRow,
} from "../customers/customers.store.js";
import type { Conn } from "../db/database.js";
import type { Deps } from "../deps.js";
import { listCasePromiseRows } from "../promises/promises.store.js";
import { NEVER, toInstant } from "../shared/clock.js";
import { invalid } from "../shared/errors.js";
import { findWorkspaceBySlug, takeCaseNumber } from "../workspaces/workspaces.store.js";
import { insertNewLink } from "./portal.links.service.js";
import { presentPortalPromises, type PortalPromiseView } from "./portal.present.js";
import { auditActorOf, customerStatus, customerStatusText, REQUEST_LINK_DAYS } from "./portal.rules.js";

/** The public request form: anyone may write to a workspace's desk; each request is a case. */

export interface PortalRequestInput {
  /** The workspace's slug (the desk's address). */
  workspace: string;
  name: string;
  email: string;
  subject: string;
  message: string;
}

export interface PortalRequestResult {
  caseNumber: number;
  subject: string;
  statusText: string;
  /** The per-case link's token, shown once: it opens this case (and only this one) in the portal. */
  token: string;
  linkExpiresAt: string;
  /** What was promised, in the customer's words ("We will reply by …"). */
  promises: PortalPromiseView[];
}

function required(value: string, field: string, words: string): string {
  const trimmed = value.trim();
  if (trimmed.length === 0) throw invalid(`Please fill in ${words}.`, { field });
  return trimmed;
}

/**
 * The customer of this email, or a new one (linked to a client by the email's domain, as
 * createCustomer does). An existing customer keeps the name on record: the form cannot rename them.
 */
async function customerFor(
  trx: Conn,
  deps: Deps,
  workspaceId: string,
  input: { name: string; email: string; at: string },
): Promise<CustomerRow> {
  const existing = await findCustomerByEmail(trx, workspaceId, input.email);
  if (existing) return existing;
  const domain = domainOfEmail(input.email);
  const clientId =
    domain === null ? null : clientForDomain(await clientIdsWithDomain(trx, workspaceId, domain));
  const row: CustomerRow = {
    id: deps.newId(),
    workspace_id: workspaceId,
    name: input.name,
    email: input.email,
    phone: null,
    client_id: clientId,
    notes: "",
    created_at: input.at,
    updated_at: input.at,
  };
  await insertCustomer(trx, row);
  // Contact details stay out of the append-only audit chain; it names the fields instead.
  await recordAudit(trx, deps, auditActorOf({ workspaceId, customerId: row.id }), {
    action: "customer.created",
    subjectKind: "customer",
    subjectId: row.id,
    data: { via: "request-form", clientId, linkedByDomain: clientId !== null, fields: ["name", "email"] },
  });
  return row;
}

/**
 * A request from the public form becomes a case on the portal channel, with the message as the
 * customer's first inbound entry and the agreement's promises (writeNewCase, as every new case),
 * and a per-case portal link. The answer is the same whether the email was known or not.
 */
export async function submitPortalRequest(
  deps: Deps,
  input: PortalRequestInput,
): Promise<PortalRequestResult> {
  const name = required(input.name, "name", "your name");
  const email = normaliseEmail(input.email);
  if (!isEmail(email)) throw invalid("That email address does not look right.", { field: "email" });
  const subject = required(input.subject, "subject", "what it is about");
  const message = required(input.message, "message", "your message");
  const ws = await findWorkspaceBySlug(deps.db, input.workspace);
  if (!ws) throw invalid("There is no desk at that address.", { field: "workspace" });
  // Taken outside the transaction, as createCase does: a failed request leaves a gap, like a sequence.
  const number = await takeCaseNumber(deps.db, ws.id);
  const at = toInstant(deps.clock.now());
  const result = await deps.db.transaction().execute(async (trx) => {
    const customer = await customerFor(trx, deps, ws.id, { name, email, at });
    const actor = auditActorOf({ workspaceId: ws.id, customerId: customer.id });
    const row: CaseRow = {
      id: deps.newId(),
      workspace_id: ws.id,
      number,
      subject,
      status: "new",
      is_open: 1,
      priority: "normal",
      priority_reason: null,
      channel: "portal",
      assignee_id: null,
      team_id: null,
      client_id: customer.client_id,
      customer_id: customer.id,
      due_at: NEVER,
      created_by_id: null,
      created_at: at,
      updated_at: at,
      solved_at: null,
      closed_at: null,
    };
    // The name as typed stays with the message, so staff see who wrote even when it differs.
    row.due_at = await writeNewCase(trx, deps, actor, row, {
      tags: [],
      description: message,
      descriptionData: { via: "request-form", nameGiven: name },
    });
    const link = await insertNewLink(trx, deps, actor, {
      workspaceId: ws.id,
      customerId: customer.id,
      caseId: row.id,
      via: "request-form",
      createdById: null,
      days: REQUEST_LINK_DAYS,
      at,
    });
    const promises = await listCasePromiseRows(trx, ws.id, row.id);
    const { time_zone } = await findPromiseSettings(trx, ws.id);
    return {
      caseNumber: number,
      subject,
      statusText: customerStatusText(customerStatus("new")),
      token: link.token,
      linkExpiresAt: link.row.expires_at,
      promises: presentPortalPromises(promises, time_zone),
      caseRef: { workspace_id: ws.id, id: row.id, number },
    };
  });
  const { caseRef, ...answer } = result;
  // The console's queue shows the new request at once.
  publishCaseEvents(deps, caseEvent(caseRef, "case.created", { staffId: null }, at));
  return answer;
}
