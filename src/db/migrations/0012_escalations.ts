import type { Kysely } from "kysely";
import type { Dialect } from "../database.js";

/* eslint-disable @typescript-eslint/no-explicit-any -- migrations describe the schema as it was then */

/**
 * Escalations and hand-overs (issue 7, part A): the workspace's hand-over margin, and one row per
 * hand-over (escalation, transfer, end of shift) with its context card and the receiver's
 * acknowledgement. A case is "in hand-over" while it has a pending row.
 */
export function escalationsMigration(dialect: Dialect) {
  const instant = dialect === "postgres" ? "timestamptz" : "text";
  return {
    async up(db: Kysely<any>): Promise<void> {
      await db.schema
        .createTable("escalation_settings")
        .addColumn("workspace_id", "text", (c) => c.primaryKey().references("workspaces.id"))
        // Nobody is handed a case who goes off duty within this many minutes (S7: 15).
        .addColumn("handover_margin_minutes", "integer", (c) => c.notNull())
        .addColumn("updated_at", instant, (c) => c.notNull())
        .execute();

      await db.schema
        .createTable("handoffs")
        .addColumn("id", "text", (c) => c.primaryKey())
        .addColumn("workspace_id", "text", (c) => c.notNull().references("workspaces.id"))
        .addColumn("case_id", "text", (c) => c.notNull().references("cases.id"))
        // escalation | transfer | shift_end
        .addColumn("kind", "text", (c) => c.notNull())
        // pending | acknowledged | superseded (a newer hand-over replaced it)
        .addColumn("status", "text", (c) => c.notNull())
        .addColumn("from_staff_id", "text", (c) => c.references("staff.id"))
        .addColumn("to_staff_id", "text", (c) => c.references("staff.id"))
        .addColumn("to_team_id", "text", (c) => c.references("teams.id"))
        // For escalations to a level: the authority asked for.
        .addColumn("level", "text")
        .addColumn("reason", "text", (c) => c.notNull())
        // The context card as JSON (see src/handoffs/handoffs.rules.ts ContextCard).
        .addColumn("card", "text", (c) => c.notNull())
        // The routing decision's facts as JSON (who was considered and why), for escalations.
        .addColumn("decision", "text")
        // Queued for the next person in: when they start.
        .addColumn("starts_at", instant)
        // Automatic escalations: one per promise warning or breach.
        .addColumn("trigger_key", "text")
        .addColumn("created_at", instant, (c) => c.notNull())
        .addColumn("acknowledged_at", instant)
        .addColumn("acknowledged_by_id", "text", (c) => c.references("staff.id"))
        .execute();
      await db.schema
        .createIndex("handoffs_ws_to_status")
        .on("handoffs")
        .columns(["workspace_id", "to_staff_id", "status", "id"])
        .execute();
      await db.schema
        .createIndex("handoffs_ws_team_status")
        .on("handoffs")
        .columns(["workspace_id", "to_team_id", "status", "id"])
        .execute();
      await db.schema
        .createIndex("handoffs_ws_case_status")
        .on("handoffs")
        .columns(["workspace_id", "case_id", "status"])
        .execute();
      await db.schema
        .createIndex("handoffs_ws_trigger")
        .unique()
        .on("handoffs")
        .columns(["workspace_id", "trigger_key"])
        .execute();
    },
  };
}
