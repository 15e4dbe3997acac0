import { sql } from "kysely";
import type { Conn } from "../db/database.js";
import type { CustomerTable } from "../db/schema.js";
import { prefixPattern } from "./customers.rules.js";

export type CustomerRow = CustomerTable;

export async function insertCustomer(conn: Conn, row: CustomerRow): Promise<void> {
  await conn.insertInto("customers").values(row).execute();
}

export function findCustomer(conn: Conn, workspaceId: string, id: string): Promise<CustomerRow | undefined> {
  return conn
    .selectFrom("customers")
    .selectAll()
    .where("workspace_id", "=", workspaceId)
    .where("id", "=", id)
    .executeTakeFirst();
}

/** The customer with this (normalised) email, if any; served by customers_ws_email. */
export function findCustomerByEmail(
  conn: Conn,
  workspaceId: string,
  email: string,
): Promise<CustomerRow | undefined> {
  return conn
    .selectFrom("customers")
    .selectAll()
    .where("workspace_id", "=", workspaceId)
    .where("email", "=", email)
    .executeTakeFirst();
}

export async function updateCustomerRow(
  conn: Conn,
  workspaceId: string,
  id: string,
  patch: Partial<Omit<CustomerRow, "id" | "workspace_id" | "created_at">>,
): Promise<void> {
  await conn
    .updateTable("customers")
    .set(patch)
    .where("workspace_id", "=", workspaceId)
    .where("id", "=", id)
    .execute();
}

/** Whether the id names a client of this workspace. */
export async function clientExists(conn: Conn, workspaceId: string, clientId: string): Promise<boolean> {
  const row = await conn
    .selectFrom("clients")
    .select("id")
    .where("workspace_id", "=", workspaceId)
    .where("id", "=", clientId)
    .executeTakeFirst();
  return row !== undefined;
}

/** Ids of clients whose mail domain is exactly `domain` (at most two: enough to tell ambiguity). */
export async function clientIdsWithDomain(
  conn: Conn,
  workspaceId: string,
  domain: string,
): Promise<string[]> {
  const rows = await conn
    .selectFrom("clients")
    .select("id")
    .where("workspace_id", "=", workspaceId)
    .where("domain", "=", domain)
    .orderBy("id")
    .limit(2)
    .execute();
  return rows.map((r) => r.id);
}

export interface CustomerFilter {
  /** Prefix of the name (any case) or of the email. */
  q?: string | undefined;
  clientId?: string | undefined;
}

/**
 * One page of customers by keyset on (name, id). Note: migration 0001 has no (workspace_id, name,
 * id) index on customers (clients has one), so a large workspace sorts here until one is added.
 */
export function listCustomers(
  conn: Conn,
  workspaceId: string,
  filter: CustomerFilter,
  page: { after?: { name: string; id: string } | undefined; limit: number },
): Promise<CustomerRow[]> {
  let q = conn.selectFrom("customers").selectAll().where("workspace_id", "=", workspaceId);
  if (filter.clientId !== undefined) q = q.where("client_id", "=", filter.clientId);
  if (filter.q !== undefined) {
    const pattern = prefixPattern(filter.q);
    // Email is stored lower-case, so both sides compare lower-case on both stores.
    q = q.where(sql<boolean>`(lower(name) like ${pattern} escape '\\' or email like ${pattern} escape '\\')`);
  }
  if (page.after) {
    const a = page.after;
    q = q.where((eb) => eb(eb.refTuple("name", "id"), ">", eb.tuple(a.name, a.id)));
  }
  return q.orderBy("name").orderBy("id").limit(page.limit).execute();
}

export interface CustomerCaseRow {
  id: string;
  number: number;
  subject: string;
  status: string;
  created_at: string;
}

/** The customer's cases, newest first (ids are time-ordered); served by cases_ws_customer. */
export function listCasesOfCustomer(
  conn: Conn,
  workspaceId: string,
  customerId: string,
  limit: number,
): Promise<CustomerCaseRow[]> {
  return conn
    .selectFrom("cases")
    .select(["id", "number", "subject", "status", "created_at"])
    .where("workspace_id", "=", workspaceId)
    .where("customer_id", "=", customerId)
    .orderBy("id", "desc")
    .limit(limit)
    .execute();
}
