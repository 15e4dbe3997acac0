import type { Kysely } from "kysely";
import type { Dialect } from "../database.js";

/* eslint-disable @typescript-eslint/no-explicit-any -- migrations describe the schema as it was then */

/**
 * Policies and their versions, and the requests made under them on cases (applied as is, or an
 * exception asked, routed, decided and acted on). Versions are never updated: a change is a new
 * row, and every request keeps the version it was decided under.
 */
export function policiesMigration(dialect: Dialect) {
  const instant = dialect === "postgres" ? "timestamptz" : "text";
  return {
    async up(db: Kysely<any>): Promise<void> {
      await db.schema
        .createTable("policies")
        .addColumn("id", "text", (c) => c.primaryKey())
        .addColumn("workspace_id", "text", (c) => c.notNull().references("workspaces.id"))
        .addColumn("code", "text", (c) => c.notNull())
        .addColumn("latest_version", "integer", (c) => c.notNull())
        // Accent-folded, lower-case text of the latest version, for the library's search.
        .addColumn("search_text", "text", (c) => c.notNull())
        .addColumn("created_at", instant, (c) => c.notNull())
        .addColumn("updated_at", instant, (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex("policies_ws_code")
        .unique()
        .on("policies")
        .columns(["workspace_id", "code"])
        .execute();

      await db.schema
        .createTable("policy_versions")
        .addColumn("id", "text", (c) => c.primaryKey())
        .addColumn("workspace_id", "text", (c) => c.notNull().references("workspaces.id"))
        .addColumn("policy_id", "text", (c) => c.notNull().references("policies.id"))
        .addColumn("version", "integer", (c) => c.notNull())
        .addColumn("name", "text", (c) => c.notNull())
        .addColumn("statement", "text", (c) => c.notNull())
        .addColumn("rationale", "text", (c) => c.notNull())
        .addColumn("customer_wording", "text", (c) => c.notNull())
        .addColumn("authority", "text", (c) => c.notNull())
        .addColumn("limits", "text", (c) => c.notNull())
        .addColumn("evidence_required", "text", (c) => c.notNull())
        .addColumn("effective_from", instant, (c) => c.notNull())
        .addColumn("effective_until", instant)
        .addColumn("change_note", "text", (c) => c.notNull())
        .addColumn("created_by_id", "text", (c) => c.references("staff.id"))
        .addColumn("created_at", instant, (c) => c.notNull())
        .execute();
      // Two writers racing to make version n+1 of one policy: the second fails here (409).
      await db.schema
        .createIndex("policy_versions_policy_version")
        .unique()
        .on("policy_versions")
        .columns(["workspace_id", "policy_id", "version"])
        .execute();

      await db.schema
        .createTable("policy_requests")
        .addColumn("id", "text", (c) => c.primaryKey())
        .addColumn("workspace_id", "text", (c) => c.notNull().references("workspaces.id"))
        .addColumn("case_id", "text", (c) => c.notNull().references("cases.id"))
        .addColumn("policy_id", "text", (c) => c.notNull().references("policies.id"))
        .addColumn("policy_version_id", "text", (c) => c.notNull().references("policy_versions.id"))
        .addColumn("asked_by_id", "text", (c) => c.references("staff.id"))
        .addColumn("quantity", "bigint")
        .addColumn("amount_minor", "bigint")
        .addColumn("currency", "text")
        // The measure and unit (or currency) at the time, so precedents compare like with like.
        .addColumn("measure", "text")
        .addColumn("unit", "text")
        .addColumn("evidence_given", "text", (c) => c.notNull())
        .addColumn("note", "text", (c) => c.notNull())
        .addColumn("outcome", "text", (c) => c.notNull())
        .addColumn("excess", "bigint")
        .addColumn("explanation", "text", (c) => c.notNull())
        .addColumn("status", "text", (c) => c.notNull())
        .addColumn("routed_to_id", "text", (c) => c.references("staff.id"))
        .addColumn("routing_reason", "text", (c) => c.notNull())
        .addColumn("decided_by_id", "text", (c) => c.references("staff.id"))
        .addColumn("decided_authority", "text")
        .addColumn("decided_tier", "text")
        .addColumn("decision_reason", "text")
        .addColumn("decided_at", instant)
        .addColumn("acted_by_id", "text", (c) => c.references("staff.id"))
        .addColumn("action_description", "text")
        .addColumn("acted_at", instant)
        .addColumn("created_at", instant, (c) => c.notNull())
        .addColumn("updated_at", instant, (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex("policy_requests_ws_case")
        .on("policy_requests")
        .columns(["workspace_id", "case_id", "id"])
        .execute();
      // Precedents: the decided requests of one policy, newest first.
      await db.schema
        .createIndex("policy_requests_ws_policy_decided")
        .on("policy_requests")
        .columns(["workspace_id", "policy_id", "decided_at"])
        .execute();
      // The approvals inbox: pending requests routed to a person.
      await db.schema
        .createIndex("policy_requests_ws_status_routed")
        .on("policy_requests")
        .columns(["workspace_id", "status", "routed_to_id", "id"])
        .execute();
      // Reports over a period.
      await db.schema
        .createIndex("policy_requests_ws_created")
        .on("policy_requests")
        .columns(["workspace_id", "created_at", "id"])
        .execute();
    },
  };
}
