import { recordAudit } from "../audit/audit.service.js";
import type { Actor } from "../auth/auth.rules.js";
import { isOpenStatus, statusAfterEntry, type CaseStatus } from "../cases/cases.rules.js";
import {
  insertCase,
  insertEntry,
  insertEventEntry,
  updateCaseRow,
  upsertSearchDoc,
  type CaseRow,
  type EntryRow,
} from "../cases/cases.store.js";
import { clientForDomain, domainOfEmail } from "../customers/customers.rules.js";
import {
  clientIdsWithDomain,
  findCustomerByEmail,
  insertCustomer,
  type CustomerRow,
} from "../customers/customers.store.js";
import type { Conn } from "../db/database.js";
import type { Deps } from "../deps.js";
import {
  promisesAfterCaseCreated,
  promisesAfterEntry,
  promisesAfterStatusChange,
} from "../promises/promises.hooks.js";
import { NEVER, type Instant } from "../shared/clock.js";
import { takeCaseNumber } from "../workspaces/workspaces.store.js";
import { customerNameFor, type MailAddress } from "./email.rules.js";

/*
 * The case side of inbound mail, inside the ingest transaction: the same rows, search documents,
 * audit entries and promise hooks the case services write, so an emailed case is a case like any
 * other. (The case services open their own transactions; mail needs customer, case, entry and
 * mail row in one.)
 */

type CaseDeps = Pick<Deps, "dialect" | "clock" | "newId">;

/** The customer with this address, or a new one (linked to the client whose domain matches). */
export async function customerForAddress(
  trx: Conn,
  deps: CaseDeps,
  actor: Actor,
  address: MailAddress,
  at: Instant,
): Promise<{ customer: CustomerRow; created: boolean }> {
  const existing = await findCustomerByEmail(trx, actor.workspaceId, address.address);
  if (existing) return { customer: existing, created: false };
  const domain = domainOfEmail(address.address);
  const clientId =
    domain === null ? null : clientForDomain(await clientIdsWithDomain(trx, actor.workspaceId, domain));
  const customer: CustomerRow = {
    id: deps.newId(),
    workspace_id: actor.workspaceId,
    name: customerNameFor(address),
    email: address.address,
    phone: null,
    client_id: clientId,
    notes: "",
    created_at: at,
    updated_at: at,
  };
  await insertCustomer(trx, customer);
  await recordAudit(trx, deps, actor, {
    action: "customer.created",
    subjectKind: "customer",
    subjectId: customer.id,
    data: { clientId, linkedByDomain: clientId !== null, fields: ["name", "email"], source: "email" },
  });
  return { customer, created: true };
}

export interface NewEmailCase {
  subject: string;
  customerId: string | null;
  clientId: string | null;
}

/** Opens a case for a mail (status new, channel email) with its promises from the agreement. */
export async function openEmailCase(
  trx: Conn,
  deps: CaseDeps,
  actor: Actor,
  input: NewEmailCase,
  at: Instant,
): Promise<CaseRow> {
  const number = await takeCaseNumber(trx, actor.workspaceId);
  const row: CaseRow = {
    id: deps.newId(),
    workspace_id: actor.workspaceId,
    number,
    subject: input.subject,
    status: "new",
    is_open: 1,
    priority: "normal",
    priority_reason: null,
    channel: "email",
    assignee_id: null,
    team_id: null,
    client_id: input.clientId,
    customer_id: input.customerId,
    due_at: NEVER,
    created_by_id: null,
    created_at: at,
    updated_at: at,
    solved_at: null,
    closed_at: null,
  };
  await insertCase(trx, row);
  await upsertSearchDoc(trx, deps.dialect, {
    sourceId: row.id,
    workspaceId: actor.workspaceId,
    caseId: row.id,
    body: row.subject,
  });
  await recordAudit(trx, deps, actor, {
    action: "case.created",
    subjectKind: "case",
    subjectId: row.id,
    data: {
      number,
      channel: "email",
      priority: "normal",
      customerId: row.customer_id,
      clientId: row.client_id,
    },
  });
  row.due_at = await promisesAfterCaseCreated(trx, deps, actor, row);
  return row;
}

/**
 * Adds the mail's entry to the case. A person's mail wakes a waiting or solved case and owes a
 * reply (the promise hooks); automatic and bulk mail is recorded only (`wakes` false): it never
 * reopens a case and never opens a reply promise.
 */
export async function addMailEntry(
  trx: Conn,
  deps: CaseDeps,
  actor: Actor,
  c: CaseRow,
  entry: EntryRow,
  wakes: boolean,
): Promise<CaseStatus> {
  const at = entry.created_at;
  await insertEntry(trx, entry);
  await upsertSearchDoc(trx, deps.dialect, {
    sourceId: entry.id,
    workspaceId: actor.workspaceId,
    caseId: c.id,
    body: entry.body,
  });
  const from = c.status as CaseStatus;
  const status = wakes ? statusAfterEntry(from, "message", "in") : from;
  await updateCaseRow(trx, actor.workspaceId, c.id, {
    updated_at: at,
    ...(status !== from && { status, is_open: isOpenStatus(status) ? 1 : 0, solved_at: null }),
  });
  if (status !== from) {
    await insertEventEntry(trx, {
      id: deps.newId(),
      workspaceId: actor.workspaceId,
      caseId: c.id,
      body: "status changed",
      data: { field: "status", from, to: status, because: entry.id },
      authorStaffId: null,
      at,
    });
  }
  await recordAudit(trx, deps, actor, {
    action: "case.entry-added",
    subjectKind: "case",
    subjectId: c.id,
    data: {
      entryId: entry.id,
      kind: "message",
      direction: "in",
      channel: "email",
      ...(status !== from && { status }),
    },
  });
  if (!wakes) return status;
  if (status !== from) await promisesAfterStatusChange(trx, deps, actor, c, from, status, at);
  await promisesAfterEntry(
    trx,
    deps,
    actor,
    c,
    { kind: "message", direction: "in", statusAfter: status },
    at,
  );
  return status;
}
