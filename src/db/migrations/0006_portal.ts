import type { Kysely } from "kysely";
import type { Dialect } from "../database.js";

/* eslint-disable @typescript-eslint/no-explicit-any -- migrations describe the schema as it was then */

/**
 * The customer portal. A portal link is a bearer secret (only its SHA-256 is stored) for one
 * customer: all their cases (`case_id` null) or one case. Opening it starts a portal session
 * with its own cookie and CSRF token; a session dies with its link (revoked or expired).
 */
export function portalMigration(dialect: Dialect) {
  const instant = dialect === "postgres" ? ("timestamptz" as const) : ("text" as const);
  return {
    async up(db: Kysely<any>): Promise<void> {
      await db.schema
        .createTable("portal_links")
        .addColumn("id", "text", (c) => c.primaryKey())
        .addColumn("workspace_id", "text", (c) => c.notNull().references("workspaces.id"))
        .addColumn("customer_id", "text", (c) => c.notNull().references("customers.id"))
        .addColumn("case_id", "text", (c) => c.references("cases.id").onDelete("cascade"))
        .addColumn("token_hash", "text", (c) => c.notNull().unique())
        // "staff": made by a staff member; "request-form": shown after the public request form.
        .addColumn("via", "text", (c) => c.notNull())
        .addColumn("created_by_id", "text", (c) => c.references("staff.id"))
        .addColumn("created_at", instant, (c) => c.notNull())
        .addColumn("expires_at", instant, (c) => c.notNull())
        .addColumn("revoked_at", instant)
        .addColumn("last_used_at", instant)
        .execute();
      await db.schema
        .createIndex("portal_links_ws_customer")
        .on("portal_links")
        .columns(["workspace_id", "customer_id", "id"])
        .execute();

      await db.schema
        .createTable("portal_sessions")
        .addColumn("id", "text", (c) => c.primaryKey())
        .addColumn("workspace_id", "text", (c) => c.notNull().references("workspaces.id"))
        .addColumn("link_id", "text", (c) => c.notNull().references("portal_links.id").onDelete("cascade"))
        .addColumn("token_hash", "text", (c) => c.notNull().unique())
        .addColumn("csrf_token", "text", (c) => c.notNull())
        .addColumn("created_at", instant, (c) => c.notNull())
        .addColumn("expires_at", instant, (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex("portal_sessions_ws_link")
        .on("portal_sessions")
        .columns(["workspace_id", "link_id"])
        .execute();
    },
  };
}
