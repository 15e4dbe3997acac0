import { sql, type Kysely } from "kysely";
import type { Dialect } from "../database.js";

/* eslint-disable @typescript-eslint/no-explicit-any -- migrations describe the schema as it was then */

/**
 * Measured at 1M cases by `npm run bench`:
 * - SQLite chose `case_tags_ws_tag` for "tags of these 50 cases" (no statistics, and it spared an
 *   ORDER BY tag), walking every tag of the workspace: 80–100 ms a page. It is dropped, and an
 *   index led by (workspace_id, case_id) serves the lookup directly on both stores.
 * - On SQLite, replacing a search document deleted by `source_id`, an UNINDEXED FTS5 column, so
 *   every case write scanned the whole full-text table (365 ms at 1M documents). `search_rows`
 *   maps each source to its FTS5 rowid, so a replace is a delete by rowid.
 */
export function searchSpeed(dialect: Dialect) {
  return {
    async up(db: Kysely<any>): Promise<void> {
      await db.schema
        .createIndex("case_tags_ws_case")
        .on("case_tags")
        .columns(["workspace_id", "case_id", "tag"])
        .execute();
      // The tag filter on lists is an EXISTS on (case_id, tag), served by the primary key; this
      // index only ever misled SQLite's planner into walking a workspace's tags.
      await db.schema.dropIndex("case_tags_ws_tag").execute();
      if (dialect === "sqlite") {
        await sql`CREATE TABLE search_rows (id INTEGER PRIMARY KEY, source_id TEXT NOT NULL UNIQUE)`.execute(
          db,
        );
        await sql`INSERT INTO search_rows (id, source_id) SELECT rowid, source_id FROM search_docs`.execute(
          db,
        );
      }
    },
  };
}
