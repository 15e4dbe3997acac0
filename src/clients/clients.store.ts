import { sql } from "kysely";
import type { Conn, Dialect } from "../db/database.js";
import type { ClientOrderTable, ClientPaymentTable, ClientTable } from "../db/schema.js";
import { prefixPattern } from "../customers/customers.rules.js";

export type ClientRow = ClientTable;
export type OrderRow = ClientOrderTable;
export type PaymentRow = ClientPaymentTable;

export async function insertClient(conn: Conn, row: ClientRow): Promise<void> {
  await conn.insertInto("clients").values(row).execute();
}

/**
 * One client of the workspace. `lock` (PostgreSQL) holds the row until the transaction ends, so
 * two payments or orders on one account are checked and applied one after the other.
 */
export function findClient(
  conn: Conn,
  workspaceId: string,
  id: string,
  lock?: { dialect: Dialect },
): Promise<ClientRow | undefined> {
  let q = conn.selectFrom("clients").selectAll().where("workspace_id", "=", workspaceId).where("id", "=", id);
  if (lock?.dialect === "postgres") q = q.forNoKeyUpdate();
  return q.executeTakeFirst();
}

/** Another client of the workspace that already uses this mail domain, if any (clients_ws_domain). */
export async function findClientIdByDomain(
  conn: Conn,
  workspaceId: string,
  domain: string,
): Promise<string | undefined> {
  const row = await conn
    .selectFrom("clients")
    .select("id")
    .where("workspace_id", "=", workspaceId)
    .where("domain", "=", domain)
    .executeTakeFirst();
  return row?.id;
}

export async function updateClientRow(
  conn: Conn,
  workspaceId: string,
  id: string,
  patch: Partial<Omit<ClientRow, "id" | "workspace_id" | "created_at" | "credit_balance_minor">>,
): Promise<void> {
  await conn
    .updateTable("clients")
    .set(patch)
    .where("workspace_id", "=", workspaceId)
    .where("id", "=", id)
    .execute();
}

/**
 * Moves the balance by `deltaMinor` in SQL (never read-modify-write in code, so no concurrent
 * change is lost).
 */
export async function addToBalance(
  conn: Conn,
  workspaceId: string,
  id: string,
  deltaMinor: number,
  at: string,
): Promise<void> {
  await conn
    .updateTable("clients")
    .set((eb) => ({
      credit_balance_minor: eb("credit_balance_minor", "+", deltaMinor),
      updated_at: at,
    }))
    .where("workspace_id", "=", workspaceId)
    .where("id", "=", id)
    .execute();
}

/** One page of clients by keyset on (name, id), served by clients_ws_name. */
export function listClients(
  conn: Conn,
  workspaceId: string,
  filter: { q?: string | undefined },
  page: { after?: { name: string; id: string } | undefined; limit: number },
): Promise<ClientRow[]> {
  let q = conn.selectFrom("clients").selectAll().where("workspace_id", "=", workspaceId);
  if (filter.q !== undefined) {
    const pattern = prefixPattern(filter.q);
    q = q.where(
      sql<boolean>`(lower(name) like ${pattern} escape '\\' or domain like ${pattern} escape '\\')`,
    );
  }
  if (page.after) {
    const a = page.after;
    q = q.where((eb) => eb(eb.refTuple("name", "id"), ">", eb.tuple(a.name, a.id)));
  }
  return q.orderBy("name").orderBy("id").limit(page.limit).execute();
}

/** Whether the client has any order or payment: its currency is then fixed. */
export async function hasLedger(conn: Conn, workspaceId: string, clientId: string): Promise<boolean> {
  const [order, payment] = await Promise.all([
    conn
      .selectFrom("client_orders")
      .select("id")
      .where("workspace_id", "=", workspaceId)
      .where("client_id", "=", clientId)
      .limit(1)
      .executeTakeFirst(),
    conn
      .selectFrom("client_payments")
      .select("id")
      .where("workspace_id", "=", workspaceId)
      .where("client_id", "=", clientId)
      .limit(1)
      .executeTakeFirst(),
  ]);
  return order !== undefined || payment !== undefined;
}

/** The client a customer belongs to, or undefined when the id is no customer of this workspace. */
export async function clientIdOfCustomer(
  conn: Conn,
  workspaceId: string,
  customerId: string,
): Promise<{ clientId: string | null } | undefined> {
  const row = await conn
    .selectFrom("customers")
    .select("client_id")
    .where("workspace_id", "=", workspaceId)
    .where("id", "=", customerId)
    .executeTakeFirst();
  return row && { clientId: row.client_id };
}

export async function insertOrder(conn: Conn, row: OrderRow): Promise<void> {
  await conn.insertInto("client_orders").values(row).execute();
}

export async function insertPayment(conn: Conn, row: PaymentRow): Promise<void> {
  await conn.insertInto("client_payments").values(row).execute();
}

/** A page of the client's orders, newest first by id; served by client_orders_ws_client. */
export function listOrderRows(
  conn: Conn,
  workspaceId: string,
  clientId: string,
  page: { beforeId?: string | undefined; limit: number },
): Promise<OrderRow[]> {
  let q = conn
    .selectFrom("client_orders")
    .selectAll()
    .where("workspace_id", "=", workspaceId)
    .where("client_id", "=", clientId);
  if (page.beforeId !== undefined) q = q.where("id", "<", page.beforeId);
  return q.orderBy("id", "desc").limit(page.limit).execute();
}

/** A page of the client's payments, newest first by id; served by client_payments_ws_client. */
export function listPaymentRows(
  conn: Conn,
  workspaceId: string,
  clientId: string,
  page: { beforeId?: string | undefined; limit: number },
): Promise<PaymentRow[]> {
  let q = conn
    .selectFrom("client_payments")
    .selectAll()
    .where("workspace_id", "=", workspaceId)
    .where("client_id", "=", clientId);
  if (page.beforeId !== undefined) q = q.where("id", "<", page.beforeId);
  return q.orderBy("id", "desc").limit(page.limit).execute();
}
