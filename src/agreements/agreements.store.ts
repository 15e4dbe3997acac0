import type { Conn } from "../db/database.js";
import type { AgreementTable, DeliverableTable } from "../db/schema.js";

export type AgreementRow = AgreementTable;
export type DeliverableRow = DeliverableTable;

export async function insertAgreement(conn: Conn, row: AgreementRow): Promise<void> {
  await conn.insertInto("agreements").values(row).execute();
}

export function findAgreement(
  conn: Conn,
  workspaceId: string,
  id: string,
): Promise<AgreementRow | undefined> {
  return conn
    .selectFrom("agreements")
    .selectAll()
    .where("workspace_id", "=", workspaceId)
    .where("id", "=", id)
    .executeTakeFirst();
}

export function findAgreementByName(
  conn: Conn,
  workspaceId: string,
  name: string,
): Promise<{ id: string } | undefined> {
  return conn
    .selectFrom("agreements")
    .select("id")
    .where("workspace_id", "=", workspaceId)
    .where("name", "=", name)
    .executeTakeFirst();
}

/** A workspace has a few agreements (not one per client), so they are read whole. */
export function listAgreementRows(conn: Conn, workspaceId: string): Promise<AgreementRow[]> {
  return conn
    .selectFrom("agreements")
    .selectAll()
    .where("workspace_id", "=", workspaceId)
    .orderBy("name")
    .orderBy("id")
    .limit(1000)
    .execute();
}

export async function updateAgreementRow(
  conn: Conn,
  workspaceId: string,
  id: string,
  patch: Partial<Omit<AgreementRow, "id" | "workspace_id" | "created_at">>,
): Promise<void> {
  await conn
    .updateTable("agreements")
    .set(patch)
    .where("workspace_id", "=", workspaceId)
    .where("id", "=", id)
    .execute();
}

/** Drops the default flag from every agreement but `keepId`, before another becomes the default. */
export async function clearDefaultAgreement(conn: Conn, workspaceId: string, keepId: string): Promise<void> {
  await conn
    .updateTable("agreements")
    .set({ is_default: 0 })
    .where("workspace_id", "=", workspaceId)
    .where("is_default", "=", 1)
    .where("id", "!=", keepId)
    .execute();
}

export async function setClientAgreementRow(
  conn: Conn,
  workspaceId: string,
  clientId: string,
  agreementId: string | null,
  at: string,
): Promise<boolean> {
  const res = await conn
    .updateTable("clients")
    .set({ agreement_id: agreementId, updated_at: at })
    .where("workspace_id", "=", workspaceId)
    .where("id", "=", clientId)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) > 0;
}

export async function findClientAgreementId(
  conn: Conn,
  workspaceId: string,
  clientId: string,
): Promise<{ agreementId: string | null } | undefined> {
  const row = await conn
    .selectFrom("clients")
    .select("agreement_id")
    .where("workspace_id", "=", workspaceId)
    .where("id", "=", clientId)
    .executeTakeFirst();
  return row && { agreementId: row.agreement_id ?? null };
}

export async function insertDeliverable(conn: Conn, row: DeliverableRow): Promise<void> {
  await conn.insertInto("deliverables").values(row).execute();
}

export function findDeliverable(
  conn: Conn,
  workspaceId: string,
  id: string,
): Promise<DeliverableRow | undefined> {
  return conn
    .selectFrom("deliverables")
    .selectAll()
    .where("workspace_id", "=", workspaceId)
    .where("id", "=", id)
    .executeTakeFirst();
}

export function listDeliverableRows(
  conn: Conn,
  workspaceId: string,
  agreementId: string,
): Promise<DeliverableRow[]> {
  return conn
    .selectFrom("deliverables")
    .selectAll()
    .where("workspace_id", "=", workspaceId)
    .where("agreement_id", "=", agreementId)
    .orderBy("id")
    .limit(1000)
    .execute();
}

/**
 * The clients on an agreement, by name; with `withoutOwn`, also those on none of their own (the
 * default agreement is theirs). A workspace's clients are listed whole elsewhere too (≤ 1,000).
 */
export function listClientsOfAgreement(
  conn: Conn,
  workspaceId: string,
  agreementId: string,
  withoutOwn: boolean,
): Promise<{ id: string; name: string; agreement_id: string | null }[]> {
  return conn
    .selectFrom("clients")
    .select(["id", "name", "agreement_id"])
    .where("workspace_id", "=", workspaceId)
    .where((eb) =>
      withoutOwn
        ? eb.or([eb("agreement_id", "=", agreementId), eb("agreement_id", "is", null)])
        : eb("agreement_id", "=", agreementId),
    )
    .orderBy("name")
    .orderBy("id")
    .limit(1000)
    .execute() as Promise<{ id: string; name: string; agreement_id: string | null }[]>;
}
