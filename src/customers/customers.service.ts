import { recordAudit } from "../audit/audit.service.js";
import type { Actor } from "../auth/auth.rules.js";
import { requirePermission } from "../auth/permissions.js";
import type { Conn } from "../db/database.js";
import type { Deps } from "../deps.js";
import { toInstant } from "../shared/clock.js";
import { conflict, invalid, notFound } from "../shared/errors.js";
import { decodeCursor, encodeCursor, type Page } from "../shared/pagination.js";
import {
  presentCustomer,
  presentCustomerCase,
  type CustomerCaseView,
  type CustomerView,
} from "./customers.present.js";
import { clientForDomain, domainOfEmail, isEmail, normaliseEmail } from "./customers.rules.js";
import {
  clientExists,
  clientIdsWithDomain,
  findCustomer,
  findCustomerByEmail,
  insertCustomer,
  listCasesOfCustomer,
  listCustomers,
  updateCustomerRow,
  type CustomerRow,
} from "./customers.store.js";

export interface CreateCustomerInput {
  name: string;
  email?: string | null;
  phone?: string | null;
  /** Absent: linked from the email's domain when one client has it. Null: deliberately no client. */
  clientId?: string | null;
  notes?: string;
}

export type UpdateCustomerInput = Partial<CreateCustomerInput>;

/** How many earlier cases a customer's history shows. */
export const HISTORY_LIMIT = 50;

function checkName(name: string): string {
  const trimmed = name.trim();
  if (trimmed.length === 0) throw invalid("A customer needs a name.", { field: "name" });
  return trimmed;
}

/** Normalises an email (null and "" mean none) and refuses what is not an address. */
function checkEmail(email: string | null | undefined): string | null {
  if (email === undefined || email === null || email.trim() === "") return null;
  const normalised = normaliseEmail(email);
  if (!isEmail(normalised)) throw invalid("email is not an email address.", { field: "email" });
  return normalised;
}

function checkPhone(phone: string | null | undefined): string | null {
  const trimmed = phone?.trim();
  return trimmed ? trimmed : null;
}

/** One email is one customer: the email channel finds the customer by it. */
async function checkEmailFree(conn: Conn, workspaceId: string, email: string | null, selfId?: string) {
  if (email === null) return;
  const other = await findCustomerByEmail(conn, workspaceId, email);
  if (other && other.id !== selfId) {
    throw conflict(`A customer with ${email} exists.`, { field: "email", customerId: other.id });
  }
}

/** A client of another workspace is refused exactly as an unknown one: `invalid`, naming the field. */
async function checkClient(conn: Conn, workspaceId: string, clientId: string | null | undefined) {
  if (clientId && !(await clientExists(conn, workspaceId, clientId))) {
    throw invalid("clientId does not name a client of this workspace.", { field: "clientId" });
  }
}

async function clientFromEmail(
  conn: Conn,
  workspaceId: string,
  email: string | null,
): Promise<string | null> {
  const domain = email === null ? null : domainOfEmail(email);
  return domain === null ? null : clientForDomain(await clientIdsWithDomain(conn, workspaceId, domain));
}

/** Adds a customer; without a clientId they join the client whose mail domain matches their email. */
export async function createCustomer(
  deps: Deps,
  actor: Actor,
  input: CreateCustomerInput,
): Promise<CustomerView> {
  requirePermission(actor, "customers:write");
  const name = checkName(input.name);
  const email = checkEmail(input.email);
  const at = toInstant(deps.clock.now());
  return deps.db.transaction().execute(async (trx) => {
    await checkEmailFree(trx, actor.workspaceId, email);
    await checkClient(trx, actor.workspaceId, input.clientId);
    const clientId =
      input.clientId !== undefined ? input.clientId : await clientFromEmail(trx, actor.workspaceId, email);
    const row: CustomerRow = {
      id: deps.newId(),
      workspace_id: actor.workspaceId,
      name,
      email,
      phone: checkPhone(input.phone),
      client_id: clientId,
      notes: input.notes ?? "",
      created_at: at,
      updated_at: at,
    };
    await insertCustomer(trx, row);
    // Contact details stay out of the append-only audit chain; it names the fields instead.
    await recordAudit(trx, deps, actor, {
      action: "customer.created",
      subjectKind: "customer",
      subjectId: row.id,
      data: {
        clientId,
        linkedByDomain: input.clientId === undefined && clientId !== null,
        fields: ["name", ...(email ? ["email"] : []), ...(row.phone ? ["phone"] : [])],
      },
    });
    return presentCustomer(row);
  });
}

export async function getCustomer(deps: Deps, actor: Actor, id: string): Promise<CustomerView> {
  requirePermission(actor, "customers:read");
  const row = await findCustomer(deps.db, actor.workspaceId, id);
  if (!row) throw notFound("customer");
  return presentCustomer(row);
}

/** Changes a customer. Changing the email does not move them to another client: say so with clientId. */
export async function updateCustomer(
  deps: Deps,
  actor: Actor,
  id: string,
  patch: UpdateCustomerInput,
): Promise<CustomerView> {
  requirePermission(actor, "customers:write");
  const at = toInstant(deps.clock.now());
  return deps.db.transaction().execute(async (trx) => {
    const row = await findCustomer(trx, actor.workspaceId, id);
    if (!row) throw notFound("customer");
    const next: CustomerRow = { ...row };
    if (patch.name !== undefined) next.name = checkName(patch.name);
    if (patch.email !== undefined) next.email = checkEmail(patch.email);
    if (patch.phone !== undefined) next.phone = checkPhone(patch.phone);
    if (patch.clientId !== undefined) next.client_id = patch.clientId;
    if (patch.notes !== undefined) next.notes = patch.notes;
    const changed = (["name", "email", "phone", "client_id", "notes"] as const).filter(
      (k) => next[k] !== row[k],
    );
    if (changed.length === 0) return presentCustomer(row);
    if (next.email !== row.email) await checkEmailFree(trx, actor.workspaceId, next.email, id);
    if (next.client_id !== row.client_id) await checkClient(trx, actor.workspaceId, next.client_id);
    next.updated_at = at;
    await updateCustomerRow(trx, actor.workspaceId, id, next);
    await recordAudit(trx, deps, actor, {
      action: "customer.updated",
      subjectKind: "customer",
      subjectId: id,
      data: {
        fields: changed.map((k) => (k === "client_id" ? "clientId" : k)),
        ...(changed.includes("client_id") && { clientId: { from: row.client_id, to: next.client_id } }),
      },
    });
    return presentCustomer(next);
  });
}

export interface ListCustomersOptions {
  /** Prefix of the name (any case) or of the email. */
  q?: string | undefined;
  clientId?: string | undefined;
  cursor?: string | undefined;
  limit: number;
}

/** Customers by name, a page at a time (keyset on name and id). */
export async function listCustomersPage(
  deps: Deps,
  actor: Actor,
  opts: ListCustomersOptions,
): Promise<Page<CustomerView>> {
  requirePermission(actor, "customers:read");
  const after = opts.cursor ? decodeCursor(opts.cursor, ["name", "id"]) : undefined;
  const q = opts.q?.trim();
  const rows = await listCustomers(
    deps.db,
    actor.workspaceId,
    { q: q ? q : undefined, clientId: opts.clientId },
    { after: after && { name: after[0], id: after[1] }, limit: opts.limit + 1 },
  );
  const items = rows.slice(0, opts.limit).map(presentCustomer);
  const last = rows.length > opts.limit ? items.at(-1) : undefined;
  return { items, nextCursor: last ? encodeCursor([last.name, last.id]) : null };
}

/** The customer's earlier cases, newest first, up to HISTORY_LIMIT: what the desk sees when they call. */
export async function getCustomerHistory(deps: Deps, actor: Actor, id: string): Promise<CustomerCaseView[]> {
  requirePermission(actor, "customers:read");
  requirePermission(actor, "cases:read");
  if (!(await findCustomer(deps.db, actor.workspaceId, id))) throw notFound("customer");
  const rows = await listCasesOfCustomer(deps.db, actor.workspaceId, id, HISTORY_LIMIT);
  return rows.map(presentCustomerCase);
}
