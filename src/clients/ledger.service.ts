import { recordAudit } from "../audit/audit.service.js";
import type { Actor } from "../auth/auth.rules.js";
import { requirePermission } from "../auth/permissions.js";
import type { Conn } from "../db/database.js";
import type { Deps } from "../deps.js";
import { toInstant } from "../shared/clock.js";
import { invalid, notFound } from "../shared/errors.js";
import { decodeCursor, encodeCursor, type Page } from "../shared/pagination.js";
import { presentOrder, presentPayment, type OrderView, type PaymentView } from "./clients.present.js";
import {
  chargeOf,
  isMoney,
  normaliseCurrency,
  ORDER_STATUSES,
  PAYMENT_METHODS,
  type OrderStatus,
  type PaymentMethod,
} from "./clients.rules.js";
import {
  addToBalance,
  clientIdOfCustomer,
  findClient,
  insertOrder,
  insertPayment,
  listOrderRows,
  listPaymentRows,
  type ClientRow,
  type OrderRow,
  type PaymentRow,
} from "./clients.store.js";

/** The client's ledger: orders (on account or paid at once) and payments, and the balance they move. */

export interface RecordOrderInput {
  reference: string;
  description?: string;
  amountMinor: number;
  /** Must be the client's currency; defaults to it. */
  currency?: string;
  /** Charged to the client's credit account: raises its balance by the amount. */
  onAccount: boolean;
  status?: OrderStatus;
  /** When the order was placed; defaults to now, never in the future. */
  orderedAt?: string;
  /** A customer of this client who placed it. */
  customerId?: string | null;
}

export interface RecordPaymentInput {
  reference: string;
  amountMinor: number;
  /** Must be the client's currency; defaults to it. */
  currency?: string;
  method: PaymentMethod;
  /** When the money arrived; defaults to now, never in the future. */
  paidAt?: string;
}

/** An instant given by the caller (default now), as stored; the future is refused. */
function pastInstant(value: string | undefined, now: Date, field: string): string {
  const d = value === undefined ? now : new Date(value);
  if (Number.isNaN(d.getTime())) throw invalid(`${field} is not an instant.`, { field });
  if (d.getTime() > now.getTime()) throw invalid(`${field} is in the future.`, { field });
  return toInstant(d);
}

function checkAmount(amountMinor: number): void {
  if (!isMoney(amountMinor, { positive: true })) {
    throw invalid("amountMinor is a whole, positive amount in minor units.", { field: "amountMinor" });
  }
}

/** Enums are checked here too: the CLI and the demo call services without the HTTP schema. */
function checkEnum<T extends string>(values: readonly T[], value: T, field: string): void {
  if (!values.includes(value)) throw invalid(`${field} must be one of ${values.join(", ")}.`, { field });
}

function checkReference(reference: string): string {
  const r = reference.trim();
  if (r.length === 0) throw invalid("A reference is needed.", { field: "reference" });
  return r;
}

/**
 * Loads (and on PostgreSQL locks) the client for a ledger entry and checks what every entry
 * shares: the currency is the account's.
 */
async function accountFor(
  trx: Conn,
  deps: Deps,
  actor: Actor,
  clientId: string,
  currency: string | undefined,
): Promise<ClientRow> {
  const client = await findClient(trx, actor.workspaceId, clientId, { dialect: deps.dialect });
  if (!client) throw notFound("client");
  if (currency !== undefined && normaliseCurrency(currency) !== client.currency) {
    throw invalid(`The client's account is in ${client.currency}, not ${currency}.`, {
      field: "currency",
    });
  }
  return client;
}

/** Records an order; on account it raises the client's balance in the same transaction. */
export async function recordOrder(
  deps: Deps,
  actor: Actor,
  clientId: string,
  input: RecordOrderInput,
): Promise<OrderView> {
  requirePermission(actor, "clients:write");
  checkAmount(input.amountMinor);
  const status = input.status ?? "placed";
  checkEnum(ORDER_STATUSES, status, "status");
  const reference = checkReference(input.reference);
  const now = deps.clock.now();
  const orderedAt = pastInstant(input.orderedAt, now, "orderedAt");
  return deps.db.transaction().execute(async (trx) => {
    const client = await accountFor(trx, deps, actor, clientId, input.currency);
    if (input.customerId) {
      const customer = await clientIdOfCustomer(trx, actor.workspaceId, input.customerId);
      if (customer?.clientId !== clientId) {
        throw invalid("customerId does not name a customer of this client.", { field: "customerId" });
      }
    }
    const row: OrderRow = {
      id: deps.newId(),
      workspace_id: actor.workspaceId,
      client_id: clientId,
      customer_id: input.customerId ?? null,
      reference,
      description: input.description ?? "",
      amount_minor: input.amountMinor,
      currency: client.currency,
      on_account: input.onAccount ? 1 : 0,
      status,
      ordered_at: orderedAt,
      created_at: toInstant(now),
    };
    await insertOrder(trx, row);
    const charge = chargeOf({ amountMinor: row.amount_minor, onAccount: input.onAccount, status });
    if (charge !== 0) await addToBalance(trx, actor.workspaceId, clientId, charge, toInstant(now));
    await recordAudit(trx, deps, actor, {
      action: "client.order-recorded",
      subjectKind: "client",
      subjectId: clientId,
      data: {
        orderId: row.id,
        reference,
        amountMinor: row.amount_minor,
        currency: row.currency,
        onAccount: input.onAccount,
        status,
        balanceChangeMinor: charge,
      },
    });
    return presentOrder(row);
  });
}

/** Records a payment against the client's account; it lowers the balance (below zero is credit). */
export async function recordPayment(
  deps: Deps,
  actor: Actor,
  clientId: string,
  input: RecordPaymentInput,
): Promise<PaymentView> {
  requirePermission(actor, "clients:write");
  checkAmount(input.amountMinor);
  checkEnum(PAYMENT_METHODS, input.method, "method");
  const reference = checkReference(input.reference);
  const now = deps.clock.now();
  const paidAt = pastInstant(input.paidAt, now, "paidAt");
  return deps.db.transaction().execute(async (trx) => {
    const client = await accountFor(trx, deps, actor, clientId, input.currency);
    const row: PaymentRow = {
      id: deps.newId(),
      workspace_id: actor.workspaceId,
      client_id: clientId,
      reference,
      amount_minor: input.amountMinor,
      currency: client.currency,
      method: input.method,
      paid_at: paidAt,
      created_at: toInstant(now),
    };
    await insertPayment(trx, row);
    await addToBalance(trx, actor.workspaceId, clientId, -row.amount_minor, toInstant(now));
    await recordAudit(trx, deps, actor, {
      action: "client.payment-recorded",
      subjectKind: "client",
      subjectId: clientId,
      data: {
        paymentId: row.id,
        reference,
        amountMinor: row.amount_minor,
        currency: row.currency,
        method: row.method,
      },
    });
    return presentPayment(row);
  });
}

async function requireClient(deps: Deps, actor: Actor, clientId: string): Promise<void> {
  if (!(await findClient(deps.db, actor.workspaceId, clientId))) throw notFound("client");
}

/** The client's orders, newest recorded first. */
export async function listOrders(
  deps: Deps,
  actor: Actor,
  clientId: string,
  opts: { cursor?: string | undefined; limit: number },
): Promise<Page<OrderView>> {
  requirePermission(actor, "clients:read");
  await requireClient(deps, actor, clientId);
  const beforeId = opts.cursor ? decodeCursor(opts.cursor, ["id"])[0] : undefined;
  const rows = await listOrderRows(deps.db, actor.workspaceId, clientId, { beforeId, limit: opts.limit + 1 });
  const items = rows.slice(0, opts.limit).map(presentOrder);
  const last = rows.length > opts.limit ? items.at(-1) : undefined;
  return { items, nextCursor: last ? encodeCursor([last.id]) : null };
}

/** The client's payments, newest recorded first. */
export async function listPayments(
  deps: Deps,
  actor: Actor,
  clientId: string,
  opts: { cursor?: string | undefined; limit: number },
): Promise<Page<PaymentView>> {
  requirePermission(actor, "clients:read");
  await requireClient(deps, actor, clientId);
  const beforeId = opts.cursor ? decodeCursor(opts.cursor, ["id"])[0] : undefined;
  const rows = await listPaymentRows(deps.db, actor.workspaceId, clientId, {
    beforeId,
    limit: opts.limit + 1,
  });
  const items = rows.slice(0, opts.limit).map(presentPayment);
  const last = rows.length > opts.limit ? items.at(-1) : undefined;
  return { items, nextCursor: last ? encodeCursor([last.id]) : null };
}
