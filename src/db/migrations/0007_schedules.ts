import type { Kysely } from "kysely";
import type { Dialect } from "../database.js";

/* eslint-disable @typescript-eslint/no-explicit-any -- migrations describe the schema as it was then */

/**
 * Who is in (issue 5): staff schedules and time off, skills, on-call rotas with overrides,
 * messages for staff, the notifications outbox, and pages to the person on call.
 */
export function schedulesMigration(dialect: Dialect) {
  const instant = dialect === "postgres" ? "timestamptz" : "text";
  return {
    async up(db: Kysely<any>): Promise<void> {
      // Skills as a JSON array on the person: a short list read with them, never queried alone.
      await db.schema
        .alterTable("staff")
        .addColumn("skills", "text", (c) => c.notNull().defaultTo("[]"))
        .execute();

      await db.schema
        .createTable("staff_schedules")
        .addColumn("workspace_id", "text", (c) => c.notNull().references("workspaces.id"))
        .addColumn("staff_id", "text", (c) => c.notNull().references("staff.id"))
        // A ScheduleSpec (weekly hours in the person's zone) as JSON, validated before every write.
        .addColumn("spec", "text", (c) => c.notNull())
        .addColumn("created_at", instant, (c) => c.notNull())
        .addColumn("updated_at", instant, (c) => c.notNull())
        .addPrimaryKeyConstraint("staff_schedules_pk", ["workspace_id", "staff_id"])
        .execute();

      await db.schema
        .createTable("staff_time_off")
        .addColumn("id", "text", (c) => c.primaryKey())
        .addColumn("workspace_id", "text", (c) => c.notNull().references("workspaces.id"))
        .addColumn("staff_id", "text", (c) => c.notNull().references("staff.id"))
        // Local dates and wall times in the schedule's zone (see src/schedules/timeoff.rules.ts).
        .addColumn("starts_on", "text", (c) => c.notNull())
        .addColumn("ends_on", "text", (c) => c.notNull())
        .addColumn("from_time", "text")
        .addColumn("until_time", "text")
        // Private to the person, their managers and admins.
        .addColumn("note", "text", (c) => c.notNull())
        .addColumn("created_by_id", "text", (c) => c.references("staff.id"))
        .addColumn("created_at", instant, (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex("staff_time_off_ws_staff")
        .on("staff_time_off")
        .columns(["workspace_id", "staff_id", "starts_on"])
        .execute();

      await db.schema
        .createTable("on_call_rotas")
        .addColumn("id", "text", (c) => c.primaryKey())
        .addColumn("workspace_id", "text", (c) => c.notNull().references("workspaces.id"))
        .addColumn("name", "text", (c) => c.notNull())
        // A RotaSpec (hours, weekly hand-over, first week, members in order) as JSON.
        .addColumn("spec", "text", (c) => c.notNull())
        // Minutes a paged person has to accept before the page moves on.
        .addColumn("ack_minutes", "integer", (c) => c.notNull())
        // The SMS/phone gateway pages are POSTed to; null: in-app and email only.
        .addColumn("webhook_url", "text")
        .addColumn("created_at", instant, (c) => c.notNull())
        .addColumn("updated_at", instant, (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex("on_call_rotas_ws_name")
        .unique()
        .on("on_call_rotas")
        .columns(["workspace_id", "name"])
        .execute();

      await db.schema
        .createTable("on_call_overrides")
        .addColumn("id", "text", (c) => c.primaryKey())
        .addColumn("workspace_id", "text", (c) => c.notNull().references("workspaces.id"))
        .addColumn("rota_id", "text", (c) => c.notNull().references("on_call_rotas.id").onDelete("cascade"))
        .addColumn("staff_id", "text", (c) => c.notNull().references("staff.id"))
        .addColumn("starts_at", instant, (c) => c.notNull())
        .addColumn("ends_at", instant, (c) => c.notNull())
        .addColumn("note", "text", (c) => c.notNull())
        .addColumn("created_by_id", "text", (c) => c.references("staff.id"))
        .addColumn("created_at", instant, (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex("on_call_overrides_ws_rota")
        .on("on_call_overrides")
        .columns(["workspace_id", "rota_id", "ends_at"])
        .execute();

      await db.schema
        .alterTable("agreements")
        .addColumn("on_call_rota_id", "text", (c) => c.references("on_call_rotas.id"))
        .execute();

      await db.schema
        .createTable("staff_messages")
        .addColumn("id", "text", (c) => c.primaryKey())
        .addColumn("workspace_id", "text", (c) => c.notNull().references("workspaces.id"))
        // Whose inbox it is in now (changes when handed on).
        .addColumn("staff_id", "text", (c) => c.notNull().references("staff.id"))
        .addColumn("case_id", "text", (c) => c.notNull().references("cases.id"))
        .addColumn("from_name", "text", (c) => c.notNull())
        .addColumn("reach_at", "text", (c) => c.notNull())
        .addColumn("about", "text", (c) => c.notNull())
        // As the caller claimed it: "normal" | "urgent".
        .addColumn("urgency", "text", (c) => c.notNull())
        // "open" | "returned"
        .addColumn("status", "text", (c) => c.notNull())
        .addColumn("promise_id", "text", (c) => c.references("promises.id"))
        .addColumn("taken_by_id", "text", (c) => c.references("staff.id"))
        .addColumn("handed_from_id", "text", (c) => c.references("staff.id"))
        .addColumn("hand_note", "text", (c) => c.notNull())
        .addColumn("read_at", instant)
        .addColumn("returned_at", instant)
        .addColumn("created_at", instant, (c) => c.notNull())
        .addColumn("updated_at", instant, (c) => c.notNull())
        .execute();
      // The inbox (newest first) and its unread count.
      await db.schema
        .createIndex("staff_messages_ws_staff")
        .on("staff_messages")
        .columns(["workspace_id", "staff_id", "id"])
        .execute();
      await db.schema
        .createIndex("staff_messages_ws_case")
        .on("staff_messages")
        .columns(["workspace_id", "case_id"])
        .execute();

      await db.schema
        .createTable("notifications")
        .addColumn("id", "text", (c) => c.primaryKey())
        .addColumn("workspace_id", "text", (c) => c.notNull().references("workspaces.id"))
        // "email" (drained by the SMTP channel, a later issue) | "webhook" (sent by due work).
        .addColumn("channel", "text", (c) => c.notNull())
        .addColumn("kind", "text", (c) => c.notNull())
        .addColumn("recipient_staff_id", "text", (c) => c.references("staff.id"))
        .addColumn("to_address", "text", (c) => c.notNull())
        .addColumn("subject", "text", (c) => c.notNull())
        .addColumn("body", "text", (c) => c.notNull())
        .addColumn("subject_kind", "text", (c) => c.notNull())
        .addColumn("subject_id", "text", (c) => c.notNull())
        // "queued" | "sent" | "failed"
        .addColumn("status", "text", (c) => c.notNull())
        .addColumn("attempts", "integer", (c) => c.notNull())
        .addColumn("last_error", "text")
        .addColumn("created_at", instant, (c) => c.notNull())
        .addColumn("sent_at", instant)
        .execute();
      await db.schema
        .createIndex("notifications_channel_status")
        .on("notifications")
        .columns(["channel", "status", "id"])
        .execute();
      await db.schema
        .createIndex("notifications_ws_subject")
        .on("notifications")
        .columns(["workspace_id", "subject_id"])
        .execute();

      await db.schema
        .createTable("pages")
        .addColumn("id", "text", (c) => c.primaryKey())
        .addColumn("workspace_id", "text", (c) => c.notNull().references("workspaces.id"))
        .addColumn("case_id", "text", (c) => c.notNull().references("cases.id"))
        .addColumn("rota_id", "text", (c) => c.notNull().references("on_call_rotas.id"))
        .addColumn("requested_staff_id", "text", (c) => c.references("staff.id"))
        .addColumn("note", "text", (c) => c.notNull())
        // JSON array of staff ids in the order they are paged.
        .addColumn("chain", "text", (c) => c.notNull())
        .addColumn("step", "integer", (c) => c.notNull())
        .addColumn("current_staff_id", "text", (c) => c.references("staff.id"))
        // "paging" | "accepted" | "unanswered"
        .addColumn("status", "text", (c) => c.notNull())
        .addColumn("deadline_at", instant)
        .addColumn("accepted_by_id", "text", (c) => c.references("staff.id"))
        .addColumn("accepted_at", instant)
        .addColumn("created_by_id", "text", (c) => c.references("staff.id"))
        .addColumn("created_at", instant, (c) => c.notNull())
        .addColumn("updated_at", instant, (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex("pages_ws_current")
        .on("pages")
        .columns(["workspace_id", "current_staff_id", "status"])
        .execute();
      await db.schema.createIndex("pages_ws_case").on("pages").columns(["workspace_id", "case_id"]).execute();
    },
  };
}
