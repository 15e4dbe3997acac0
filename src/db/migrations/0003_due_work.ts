import type { Kysely } from "kysely";
import type { Dialect } from "../database.js";

/* eslint-disable @typescript-eslint/no-explicit-any -- migrations describe the schema as it was then */

/**
 * Due work is data (STYLE habit 8): one row per thing that must happen at an instant, swept by
 * the runner in each instance (src/duework). `unique_key` makes scheduling idempotent per
 * workspace (NULLs are distinct in both stores, so work without a key is never deduplicated);
 * `(status, due_at)` serves the claim query, `(workspace_id, subject_id, status)` serves
 * cancelling a subject's pending work.
 */
export function dueWork(dialect: Dialect) {
  const instant = dialect === "postgres" ? ("timestamptz" as const) : ("text" as const);
  return {
    async up(db: Kysely<any>): Promise<void> {
      await db.schema
        .createTable("due_work")
        .addColumn("id", "text", (c) => c.primaryKey())
        .addColumn("workspace_id", "text", (c) => c.notNull().references("workspaces.id"))
        .addColumn("kind", "text", (c) => c.notNull())
        .addColumn("subject_id", "text", (c) => c.notNull())
        .addColumn("payload", "text", (c) => c.notNull())
        .addColumn("unique_key", "text")
        .addColumn("due_at", instant, (c) => c.notNull())
        .addColumn("status", "text", (c) => c.notNull())
        .addColumn("attempts", "integer", (c) => c.notNull().defaultTo(0))
        .addColumn("claimed_by", "text")
        .addColumn("claim_expires_at", instant)
        .addColumn("last_error", "text")
        .addColumn("done_at", instant)
        .addColumn("created_at", instant, (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex("due_work_ws_unique_key")
        .unique()
        .on("due_work")
        .columns(["workspace_id", "unique_key"])
        .execute();
      await db.schema.createIndex("due_work_claim").on("due_work").columns(["status", "due_at"]).execute();
      await db.schema
        .createIndex("due_work_ws_subject")
        .on("due_work")
        .columns(["workspace_id", "subject_id", "status"])
        .execute();
    },
  };
}
