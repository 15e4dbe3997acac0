import { recordAudit } from "../audit/audit.service.js";
import type { Actor } from "../auth/auth.rules.js";
import { requirePermission } from "../auth/permissions.js";
import type { Conn } from "../db/database.js";
import type { Deps } from "../deps.js";
import { toInstant } from "../shared/clock.js";
import { conflict, invalid, notFound } from "../shared/errors.js";
import { decodeCursor, encodeCursor, type Page } from "../shared/pagination.js";
import { presentClient, type ClientView } from "./clients.present.js";
import {
  DEFAULT_CURRENCY,
  DEFAULT_TERMS_DAYS,
  isMoney,
  MAX_TERMS_DAYS,
  normaliseCurrency,
  normaliseDomain,
} from "./clients.rules.js";
import {
  findClient,
  findClientIdByDomain,
  hasLedger,
  insertClient,
  listClients,
  updateClientRow,
  type ClientRow,
} from "./clients.store.js";

export interface CreateClientInput {
  name: string;
  /** Mail domain; new customers with an email at it join this client. One client per domain. */
  domain?: string | null;
  /** ISO 4217; defaults to USD. Fixed once the client has orders or payments. */
  currency?: string;
  /** Credit terms in days (net 30 → 30); defaults to 30. */
  creditTermsDays?: number;
  /** Credit limit in minor units; defaults to 0 (no credit). */
  creditLimitMinor?: number;
  notes?: string;
}

export type UpdateClientInput = Partial<CreateClientInput>;

function checkName(name: string): string {
  const trimmed = name.trim();
  if (trimmed.length === 0) throw invalid("A client needs a name.", { field: "name" });
  return trimmed;
}

function checkDomain(domain: string | null | undefined): string | null {
  if (domain === undefined || domain === null || domain.trim() === "") return null;
  const d = normaliseDomain(domain);
  if (d === null) throw invalid("domain is not a mail domain such as acme.example.", { field: "domain" });
  return d;
}

function checkCurrency(code: string): string {
  const c = normaliseCurrency(code);
  if (c === null) throw invalid(`"${code}" is not an ISO 4217 currency code.`, { field: "currency" });
  return c;
}

function checkTerms(days: number): number {
  if (!Number.isInteger(days) || days < 0 || days > MAX_TERMS_DAYS) {
    throw invalid(`creditTermsDays is a whole number of days from 0 to ${MAX_TERMS_DAYS}.`, {
      field: "creditTermsDays",
    });
  }
  return days;
}

function checkLimit(limitMinor: number): number {
  if (!isMoney(limitMinor, { positive: false })) {
    throw invalid("creditLimitMinor is a whole, non-negative amount in minor units.", {
      field: "creditLimitMinor",
    });
  }
  return limitMinor;
}

/** One client per mail domain, or linking customers by domain would be a guess. */
async function checkDomainFree(conn: Conn, workspaceId: string, domain: string | null, selfId?: string) {
  if (domain === null) return;
  const other = await findClientIdByDomain(conn, workspaceId, domain);
  if (other !== undefined && other !== selfId) {
    throw conflict(`Another client uses the domain ${domain}.`, { field: "domain", clientId: other });
  }
}

/** Adds a client with its credit account (balance zero). */
export async function createClient(deps: Deps, actor: Actor, input: CreateClientInput): Promise<ClientView> {
  requirePermission(actor, "clients:write");
  const at = toInstant(deps.clock.now());
  const row: ClientRow = {
    id: deps.newId(),
    workspace_id: actor.workspaceId,
    name: checkName(input.name),
    domain: checkDomain(input.domain),
    currency: checkCurrency(input.currency ?? DEFAULT_CURRENCY),
    credit_terms_days: checkTerms(input.creditTermsDays ?? DEFAULT_TERMS_DAYS),
    credit_limit_minor: checkLimit(input.creditLimitMinor ?? 0),
    credit_balance_minor: 0,
    notes: input.notes ?? "",
    created_at: at,
    updated_at: at,
  };
  return deps.db.transaction().execute(async (trx) => {
    await checkDomainFree(trx, actor.workspaceId, row.domain);
    await insertClient(trx, row);
    await recordAudit(trx, deps, actor, {
      action: "client.created",
      subjectKind: "client",
      subjectId: row.id,
      data: {
        name: row.name,
        domain: row.domain,
        currency: row.currency,
        creditTermsDays: row.credit_terms_days,
        creditLimitMinor: row.credit_limit_minor,
      },
    });
    return presentClient(row);
  });
}

export async function getClient(deps: Deps, actor: Actor, id: string): Promise<ClientView> {
  requirePermission(actor, "clients:read");
  const row = await findClient(deps.db, actor.workspaceId, id);
  if (!row) throw notFound("client");
  return presentClient(row);
}

const AUDITED_FIELDS = [
  ["name", "name"],
  ["domain", "domain"],
  ["currency", "currency"],
  ["creditTermsDays", "credit_terms_days"],
  ["creditLimitMinor", "credit_limit_minor"],
  ["notes", "notes"],
] as const;

/** Changes a client's details or credit terms; the balance moves only with orders and payments. */
export async function updateClient(
  deps: Deps,
  actor: Actor,
  id: string,
  patch: UpdateClientInput,
): Promise<ClientView> {
  requirePermission(actor, "clients:write");
  const at = toInstant(deps.clock.now());
  return deps.db.transaction().execute(async (trx) => {
    const row = await findClient(trx, actor.workspaceId, id, { dialect: deps.dialect });
    if (!row) throw notFound("client");
    const next: ClientRow = { ...row };
    if (patch.name !== undefined) next.name = checkName(patch.name);
    if (patch.domain !== undefined) next.domain = checkDomain(patch.domain);
    if (patch.currency !== undefined) next.currency = checkCurrency(patch.currency);
    if (patch.creditTermsDays !== undefined) next.credit_terms_days = checkTerms(patch.creditTermsDays);
    if (patch.creditLimitMinor !== undefined) next.credit_limit_minor = checkLimit(patch.creditLimitMinor);
    if (patch.notes !== undefined) next.notes = patch.notes;
    const changes = AUDITED_FIELDS.filter(([, col]) => next[col] !== row[col]);
    if (changes.length === 0) return presentClient(row);
    if (next.domain !== row.domain) await checkDomainFree(trx, actor.workspaceId, next.domain, id);
    // Amounts already recorded are in the old currency; converting them is not ours to guess.
    if (next.currency !== row.currency && (await hasLedger(trx, actor.workspaceId, id))) {
      throw conflict("The currency of a client with orders or payments cannot change.", {
        field: "currency",
      });
    }
    next.updated_at = at;
    const { id: _id, workspace_id: _ws, created_at: _c, credit_balance_minor: _b, ...rest } = next;
    await updateClientRow(trx, actor.workspaceId, id, rest);
    await recordAudit(trx, deps, actor, {
      action: "client.updated",
      subjectKind: "client",
      subjectId: id,
      data: {
        changes: changes.map(([field, col]) => ({
          field,
          ...(field === "notes" ? {} : { from: row[col], to: next[col] }),
        })),
      },
    });
    return presentClient(next);
  });
}

export interface ListClientsOptions {
  /** Prefix of the name (any case) or of the domain. */
  q?: string | undefined;
  cursor?: string | undefined;
  limit: number;
}

/** Clients by name, a page at a time (keyset on name and id). */
export async function listClientsPage(
  deps: Deps,
  actor: Actor,
  opts: ListClientsOptions,
): Promise<Page<ClientView>> {
  requirePermission(actor, "clients:read");
  const after = opts.cursor ? decodeCursor(opts.cursor, ["name", "id"]) : undefined;
  const q = opts.q?.trim();
  const rows = await listClients(
    deps.db,
    actor.workspaceId,
    { q: q ? q : undefined },
    { after: after && { name: after[0], id: after[1] }, limit: opts.limit + 1 },
  );
  const items = rows.slice(0, opts.limit).map(presentClient);
  const last = rows.length > opts.limit ? items.at(-1) : undefined;
  return { items, nextCursor: last ? encodeCursor([last.name, last.id]) : null };
}

// Orders and payments live in ledger.service.ts; callers import them from here.
export {
  listOrders,
  listPayments,
  recordOrder,
  recordPayment,
  type RecordOrderInput,
  type RecordPaymentInput,
} from "./ledger.service.js";
