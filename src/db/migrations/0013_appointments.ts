import type { Kysely } from "kysely";
import type { Dialect } from "../database.js";

/* eslint-disable @typescript-eslint/no-explicit-any -- migrations describe the schema as it was then */

/**
 * Appointments (issue 7, part B): a meeting or callback with a named person on a case, tracked
 * as an `appointment_at` promise. Reads by person and time (double-booking, busy times) and by case.
 */
export function appointmentsMigration(dialect: Dialect) {
  const instant = dialect === "postgres" ? "timestamptz" : "text";
  return {
    async up(db: Kysely<any>): Promise<void> {
      await db.schema
        .createTable("appointments")
        .addColumn("id", "text", (c) => c.primaryKey())
        .addColumn("workspace_id", "text", (c) => c.notNull().references("workspaces.id"))
        .addColumn("case_id", "text", (c) => c.notNull().references("cases.id"))
        .addColumn("staff_id", "text", (c) => c.notNull().references("staff.id"))
        // "meeting" | "callback"
        .addColumn("kind", "text", (c) => c.notNull())
        // "scheduled" | "cancelled"
        .addColumn("status", "text", (c) => c.notNull())
        .addColumn("starts_at", instant, (c) => c.notNull())
        .addColumn("ends_at", instant, (c) => c.notNull())
        .addColumn("duration_minutes", "integer", (c) => c.notNull())
        // What suited the customer, in their words ("tomorrow after 7").
        .addColumn("suits", "text", (c) => c.notNull())
        // iCalendar SEQUENCE: 0 when booked, +1 on each reschedule and on cancel.
        .addColumn("sequence", "integer", (c) => c.notNull())
        .addColumn("promise_id", "text", (c) => c.references("promises.id"))
        .addColumn("created_by_id", "text", (c) => c.references("staff.id"))
        .addColumn("created_at", instant, (c) => c.notNull())
        .addColumn("updated_at", instant, (c) => c.notNull())
        .addColumn("cancelled_at", instant)
        .execute();
      await db.schema
        .createIndex("appointments_ws_staff_start")
        .on("appointments")
        .columns(["workspace_id", "staff_id", "status", "starts_at"])
        .execute();
      await db.schema
        .createIndex("appointments_ws_case")
        .on("appointments")
        .columns(["workspace_id", "case_id", "starts_at"])
        .execute();
    },
  };
}
