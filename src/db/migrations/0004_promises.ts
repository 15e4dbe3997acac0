import { sql, type Kysely } from "kysely";
import type { Dialect } from "../database.js";

/* eslint-disable @typescript-eslint/no-explicit-any -- migrations describe the schema as it was then */

/**
 * Calendars, agreements (service terms), scheduled deliverables and promises. A promise is a due
 * time told to a customer; the case keeps the earliest open one in cases.due_at for the queues.
 */
export function promisesMigration(dialect: Dialect) {
  const instant = dialect === "postgres" ? "timestamptz" : "text";
  return {
    async up(db: Kysely<any>): Promise<void> {
      await db.schema
        .createTable("calendars")
        .addColumn("id", "text", (c) => c.primaryKey())
        .addColumn("workspace_id", "text", (c) => c.notNull().references("workspaces.id"))
        .addColumn("name", "text", (c) => c.notNull())
        // The CalendarSpec as JSON text, checked by validateCalendar before it is written.
        .addColumn("spec", "text", (c) => c.notNull())
        .addColumn("created_at", instant, (c) => c.notNull())
        .addColumn("updated_at", instant, (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex("calendars_ws_name")
        .unique()
        .on("calendars")
        .columns(["workspace_id", "name"])
        .execute();

      await db.schema
        .createTable("agreements")
        .addColumn("id", "text", (c) => c.primaryKey())
        .addColumn("workspace_id", "text", (c) => c.notNull().references("workspaces.id"))
        .addColumn("name", "text", (c) => c.notNull())
        .addColumn("coverage", "text", (c) => c.notNull())
        .addColumn("calendar_id", "text", (c) => c.references("calendars.id"))
        .addColumn("targets", "text", (c) => c.notNull())
        .addColumn("callback_minutes", "integer", (c) => c.notNull())
        .addColumn("after_hours_paging", "integer", (c) => c.notNull())
        .addColumn("on_call_rota", "text")
        .addColumn("included_channels", "text", (c) => c.notNull())
        .addColumn("is_default", "integer", (c) => c.notNull())
        .addColumn("created_at", instant, (c) => c.notNull())
        .addColumn("updated_at", instant, (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex("agreements_ws_name")
        .unique()
        .on("agreements")
        .columns(["workspace_id", "name"])
        .execute();
      // One default agreement per workspace, held by the store even under concurrent writes.
      await db.schema
        .createIndex("agreements_ws_default")
        .unique()
        .on("agreements")
        .column("workspace_id")
        .where(sql.ref("is_default"), "=", 1)
        .execute();
      await db.schema
        .createIndex("agreements_ws_calendar")
        .on("agreements")
        .columns(["workspace_id", "calendar_id"])
        .execute();

      await db.schema
        .createTable("deliverables")
        .addColumn("id", "text", (c) => c.primaryKey())
        .addColumn("workspace_id", "text", (c) => c.notNull().references("workspaces.id"))
        .addColumn("agreement_id", "text", (c) => c.notNull().references("agreements.id").onDelete("cascade"))
        .addColumn("client_id", "text", (c) => c.references("clients.id"))
        .addColumn("name", "text", (c) => c.notNull())
        .addColumn("rrule", "text", (c) => c.notNull())
        .addColumn("created_at", instant, (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex("deliverables_ws_agreement")
        .on("deliverables")
        .columns(["workspace_id", "agreement_id", "id"])
        .execute();

      await db.schema
        .alterTable("clients")
        .addColumn("agreement_id", "text", (c) => c.references("agreements.id"))
        .execute();
      await db.schema
        .alterTable("workspaces")
        .addColumn("calendar_id", "text", (c) => c.references("calendars.id"))
        .execute();
      await db.schema.alterTable("workspaces").addColumn("callback_minutes", "integer").execute();
      await db.schema
        .alterTable("teams")
        .addColumn("calendar_id", "text", (c) => c.references("calendars.id"))
        .execute();

      await db.schema
        .createTable("promises")
        .addColumn("id", "text", (c) => c.primaryKey())
        .addColumn("workspace_id", "text", (c) => c.notNull().references("workspaces.id"))
        .addColumn("case_id", "text", (c) => c.notNull().references("cases.id").onDelete("cascade"))
        .addColumn("kind", "text", (c) => c.notNull())
        .addColumn("target", "text")
        .addColumn("description", "text", (c) => c.notNull())
        .addColumn("due_at", instant, (c) => c.notNull())
        .addColumn("status", "text", (c) => c.notNull())
        .addColumn("basis", "text", (c) => c.notNull())
        .addColumn("paused_at", instant)
        .addColumn("told_customer", "integer", (c) => c.notNull())
        .addColumn("replaced_by_id", "text", (c) => c.references("promises.id"))
        .addColumn("created_by_id", "text", (c) => c.references("staff.id"))
        .addColumn("created_at", instant, (c) => c.notNull())
        .addColumn("updated_at", instant, (c) => c.notNull())
        .addColumn("closed_at", instant)
        .execute();
      await db.schema
        .createIndex("promises_ws_case_status")
        .on("promises")
        .columns(["workspace_id", "case_id", "status"])
        .execute();
      // The queue of due promises: open ones by due time, keyset-paged on (due_at, id).
      await db.schema
        .createIndex("promises_ws_status_due")
        .on("promises")
        .columns(["workspace_id", "status", "due_at", "id"])
        .execute();
    },
  };
}
