import type { Kysely } from "kysely";

/* eslint-disable @typescript-eslint/no-explicit-any -- migrations describe the schema as it was then */

/**
 * Recomputing open promises after a calendar or agreement change walks a workspace's open
 * promises by id in batches. Without an index in that order both stores read every open promise
 * of the workspace and sorted it for each batch (SQLite: `promises_ws_status_due` and a temporary
 * B-tree), so the walk grew with the square of the count. (workspace_id, status, id) serves each
 * batch as a range read.
 */
export const promisesUi = {
  async up(db: Kysely<any>): Promise<void> {
    await db.schema
      .createIndex("promises_ws_status_id")
      .on("promises")
      .columns(["workspace_id", "status", "id"])
      .execute();
  },
};
