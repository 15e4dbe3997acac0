import type { Kysely } from "kysely";

/* eslint-disable @typescript-eslint/no-explicit-any -- migrations describe the schema as it was then */

/**
 * Customers are listed by name (keyset on name, id), and one email / one mail domain names one
 * customer / one client per workspace. The service checks these too, but only a unique index
 * holds under concurrent requests on PostgreSQL. NULLs are distinct in both stores, so customers
 * without an email and clients without a domain are unaffected.
 */
export const peopleIndexes = {
  async up(db: Kysely<any>): Promise<void> {
    await db.schema
      .createIndex("customers_ws_name")
      .on("customers")
      .columns(["workspace_id", "name", "id"])
      .execute();
    await db.schema.dropIndex("customers_ws_email").execute();
    await db.schema
      .createIndex("customers_ws_email")
      .unique()
      .on("customers")
      .columns(["workspace_id", "email"])
      .execute();
    await db.schema.dropIndex("clients_ws_domain").execute();
    await db.schema
      .createIndex("clients_ws_domain")
      .unique()
      .on("clients")
      .columns(["workspace_id", "domain"])
      .execute();
  },
};
