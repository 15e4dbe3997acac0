import { sql, type Kysely } from "kysely";
import type { Dialect } from "../database.js";

/* eslint-disable @typescript-eslint/no-explicit-any -- migrations are typed Kysely<any> on purpose:
   they describe the schema as it was then, not the current schema type. */

/** Column types that differ by dialect; everything else is spelled the same. */
function types(dialect: Dialect) {
  return {
    instant: dialect === "postgres" ? ("timestamptz" as const) : ("text" as const),
    money: "bigint" as const,
  };
}

export function foundation(dialect: Dialect) {
  const t = types(dialect);
  return {
    async up(db: Kysely<any>): Promise<void> {
      await db.schema
        .createTable("workspaces")
        .addColumn("id", "text", (c) => c.primaryKey())
        .addColumn("slug", "text", (c) => c.notNull().unique())
        .addColumn("name", "text", (c) => c.notNull())
        .addColumn("time_zone", "text", (c) => c.notNull())
        .addColumn("next_case_number", "integer", (c) => c.notNull())
        .addColumn("audit_seq", "integer", (c) => c.notNull().defaultTo(0))
        .addColumn("audit_head", "text", (c) => c.notNull())
        .addColumn("created_at", t.instant, (c) => c.notNull())
        .execute();

      await db.schema
        .createTable("staff")
        .addColumn("id", "text", (c) => c.primaryKey())
        .addColumn("workspace_id", "text", (c) => c.notNull().references("workspaces.id"))
        .addColumn("name", "text", (c) => c.notNull())
        .addColumn("email", "text", (c) => c.notNull())
        .addColumn("title", "text", (c) => c.notNull())
        .addColumn("role", "text", (c) => c.notNull())
        .addColumn("authority", "text", (c) => c.notNull())
        .addColumn("reports_to_id", "text", (c) => c.references("staff.id"))
        .addColumn("disclosure", "text", (c) => c.notNull())
        .addColumn("password_hash", "text")
        .addColumn("is_active", "integer", (c) => c.notNull())
        .addColumn("created_at", t.instant, (c) => c.notNull())
        .addColumn("updated_at", t.instant, (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex("staff_ws_email")
        .unique()
        .on("staff")
        .columns(["workspace_id", "email"])
        .execute();
      await db.schema
        .createIndex("staff_ws_name")
        .on("staff")
        .columns(["workspace_id", "name", "id"])
        .execute();

      await db.schema
        .createTable("staff_contacts")
        .addColumn("id", "text", (c) => c.primaryKey())
        .addColumn("workspace_id", "text", (c) => c.notNull().references("workspaces.id"))
        .addColumn("staff_id", "text", (c) => c.notNull().references("staff.id").onDelete("cascade"))
        .addColumn("visibility", "text", (c) => c.notNull())
        .addColumn("kind", "text", (c) => c.notNull())
        .addColumn("label", "text", (c) => c.notNull())
        .addColumn("value", "text", (c) => c.notNull())
        .addColumn("created_at", t.instant, (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex("staff_contacts_ws_staff")
        .on("staff_contacts")
        .columns(["workspace_id", "staff_id", "visibility"])
        .execute();

      await db.schema
        .createTable("teams")
        .addColumn("id", "text", (c) => c.primaryKey())
        .addColumn("workspace_id", "text", (c) => c.notNull().references("workspaces.id"))
        .addColumn("name", "text", (c) => c.notNull())
        .addColumn("description", "text", (c) => c.notNull())
        .addColumn("created_at", t.instant, (c) => c.notNull())
        .addColumn("updated_at", t.instant, (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex("teams_ws_name")
        .unique()
        .on("teams")
        .columns(["workspace_id", "name"])
        .execute();

      await db.schema
        .createTable("team_members")
        .addColumn("workspace_id", "text", (c) => c.notNull().references("workspaces.id"))
        .addColumn("team_id", "text", (c) => c.notNull().references("teams.id").onDelete("cascade"))
        .addColumn("staff_id", "text", (c) => c.notNull().references("staff.id").onDelete("cascade"))
        .addPrimaryKeyConstraint("team_members_pk", ["team_id", "staff_id"])
        .execute();
      await db.schema
        .createIndex("team_members_ws_staff")
        .on("team_members")
        .columns(["workspace_id", "staff_id"])
        .execute();

      await db.schema
        .createTable("clients")
        .addColumn("id", "text", (c) => c.primaryKey())
        .addColumn("workspace_id", "text", (c) => c.notNull().references("workspaces.id"))
        .addColumn("name", "text", (c) => c.notNull())
        .addColumn("domain", "text")
        .addColumn("currency", "text", (c) => c.notNull())
        .addColumn("credit_terms_days", "integer", (c) => c.notNull())
        .addColumn("credit_limit_minor", t.money, (c) => c.notNull())
        .addColumn("credit_balance_minor", t.money, (c) => c.notNull())
        .addColumn("notes", "text", (c) => c.notNull())
        .addColumn("created_at", t.instant, (c) => c.notNull())
        .addColumn("updated_at", t.instant, (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex("clients_ws_name")
        .on("clients")
        .columns(["workspace_id", "name", "id"])
        .execute();
      await db.schema
        .createIndex("clients_ws_domain")
        .on("clients")
        .columns(["workspace_id", "domain"])
        .execute();

      await db.schema
        .createTable("customers")
        .addColumn("id", "text", (c) => c.primaryKey())
        .addColumn("workspace_id", "text", (c) => c.notNull().references("workspaces.id"))
        .addColumn("name", "text", (c) => c.notNull())
        .addColumn("email", "text")
        .addColumn("phone", "text")
        .addColumn("client_id", "text", (c) => c.references("clients.id"))
        .addColumn("notes", "text", (c) => c.notNull())
        .addColumn("created_at", t.instant, (c) => c.notNull())
        .addColumn("updated_at", t.instant, (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex("customers_ws_id")
        .on("customers")
        .columns(["workspace_id", "id"])
        .execute();
      await db.schema
        .createIndex("customers_ws_email")
        .on("customers")
        .columns(["workspace_id", "email"])
        .execute();
      await db.schema
        .createIndex("customers_ws_client")
        .on("customers")
        .columns(["workspace_id", "client_id", "id"])
        .execute();

      await db.schema
        .createTable("client_orders")
        .addColumn("id", "text", (c) => c.primaryKey())
        .addColumn("workspace_id", "text", (c) => c.notNull().references("workspaces.id"))
        .addColumn("client_id", "text", (c) => c.notNull().references("clients.id"))
        .addColumn("customer_id", "text", (c) => c.references("customers.id"))
        .addColumn("reference", "text", (c) => c.notNull())
        .addColumn("description", "text", (c) => c.notNull())
        .addColumn("amount_minor", t.money, (c) => c.notNull())
        .addColumn("currency", "text", (c) => c.notNull())
        .addColumn("on_account", "integer", (c) => c.notNull())
        .addColumn("status", "text", (c) => c.notNull())
        .addColumn("ordered_at", t.instant, (c) => c.notNull())
        .addColumn("created_at", t.instant, (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex("client_orders_ws_client")
        .on("client_orders")
        .columns(["workspace_id", "client_id", "id"])
        .execute();

      await db.schema
        .createTable("client_payments")
        .addColumn("id", "text", (c) => c.primaryKey())
        .addColumn("workspace_id", "text", (c) => c.notNull().references("workspaces.id"))
        .addColumn("client_id", "text", (c) => c.notNull().references("clients.id"))
        .addColumn("reference", "text", (c) => c.notNull())
        .addColumn("amount_minor", t.money, (c) => c.notNull())
        .addColumn("currency", "text", (c) => c.notNull())
        .addColumn("method", "text", (c) => c.notNull())
        .addColumn("paid_at", t.instant, (c) => c.notNull())
        .addColumn("created_at", t.instant, (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex("client_payments_ws_client")
        .on("client_payments")
        .columns(["workspace_id", "client_id", "id"])
        .execute();

      await db.schema
        .createTable("cases")
        .addColumn("id", "text", (c) => c.primaryKey())
        .addColumn("workspace_id", "text", (c) => c.notNull().references("workspaces.id"))
        .addColumn("number", "integer", (c) => c.notNull())
        .addColumn("subject", "text", (c) => c.notNull())
        .addColumn("status", "text", (c) => c.notNull())
        .addColumn("is_open", "integer", (c) => c.notNull())
        .addColumn("priority", "text", (c) => c.notNull())
        .addColumn("priority_reason", "text")
        .addColumn("channel", "text", (c) => c.notNull())
        .addColumn("assignee_id", "text", (c) => c.references("staff.id"))
        .addColumn("team_id", "text", (c) => c.references("teams.id"))
        .addColumn("client_id", "text", (c) => c.references("clients.id"))
        .addColumn("customer_id", "text", (c) => c.references("customers.id"))
        .addColumn("due_at", t.instant, (c) => c.notNull())
        .addColumn("created_by_id", "text", (c) => c.references("staff.id"))
        .addColumn("created_at", t.instant, (c) => c.notNull())
        .addColumn("updated_at", t.instant, (c) => c.notNull())
        .addColumn("solved_at", t.instant)
        .addColumn("closed_at", t.instant)
        .execute();
      await db.schema
        .createIndex("cases_ws_number")
        .unique()
        .on("cases")
        .columns(["workspace_id", "number"])
        .execute();
      await db.schema.createIndex("cases_ws_id").on("cases").columns(["workspace_id", "id"]).execute();
      // The queues: "my open cases by due time", "my team's", "all open" — keyset pages, no sort step.
      await db.schema
        .createIndex("cases_queue_assignee")
        .on("cases")
        .columns(["workspace_id", "assignee_id", "is_open", "due_at", "id"])
        .execute();
      await db.schema
        .createIndex("cases_queue_team")
        .on("cases")
        .columns(["workspace_id", "team_id", "is_open", "due_at", "id"])
        .execute();
      await db.schema
        .createIndex("cases_queue_all")
        .on("cases")
        .columns(["workspace_id", "is_open", "due_at", "id"])
        .execute();
      await db.schema
        .createIndex("cases_ws_status")
        .on("cases")
        .columns(["workspace_id", "status", "id"])
        .execute();
      await db.schema
        .createIndex("cases_ws_customer")
        .on("cases")
        .columns(["workspace_id", "customer_id", "id"])
        .execute();
      await db.schema
        .createIndex("cases_ws_client")
        .on("cases")
        .columns(["workspace_id", "client_id", "id"])
        .execute();

      await db.schema
        .createTable("case_tags")
        .addColumn("workspace_id", "text", (c) => c.notNull().references("workspaces.id"))
        .addColumn("case_id", "text", (c) => c.notNull().references("cases.id").onDelete("cascade"))
        .addColumn("tag", "text", (c) => c.notNull())
        .addPrimaryKeyConstraint("case_tags_pk", ["case_id", "tag"])
        .execute();
      await db.schema
        .createIndex("case_tags_ws_tag")
        .on("case_tags")
        .columns(["workspace_id", "tag", "case_id"])
        .execute();

      await db.schema
        .createTable("case_entries")
        .addColumn("id", "text", (c) => c.primaryKey())
        .addColumn("workspace_id", "text", (c) => c.notNull().references("workspaces.id"))
        .addColumn("case_id", "text", (c) => c.notNull().references("cases.id").onDelete("cascade"))
        .addColumn("kind", "text", (c) => c.notNull())
        .addColumn("direction", "text")
        .addColumn("channel", "text")
        .addColumn("body", "text", (c) => c.notNull())
        .addColumn("author_staff_id", "text", (c) => c.references("staff.id"))
        .addColumn("author_customer_id", "text", (c) => c.references("customers.id"))
        .addColumn("call_answer_seconds", "integer")
        .addColumn("call_duration_seconds", "integer")
        .addColumn("data", "text", (c) => c.notNull())
        .addColumn("created_at", t.instant, (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex("case_entries_ws_case")
        .on("case_entries")
        .columns(["workspace_id", "case_id", "id"])
        .execute();

      await db.schema
        .createTable("contact_attempts")
        .addColumn("id", "text", (c) => c.primaryKey())
        .addColumn("workspace_id", "text", (c) => c.notNull().references("workspaces.id"))
        .addColumn("case_id", "text", (c) => c.notNull().references("cases.id").onDelete("cascade"))
        .addColumn("channel", "text", (c) => c.notNull())
        .addColumn("line", "text")
        .addColumn("staff_id", "text", (c) => c.references("staff.id"))
        .addColumn("answered", "integer", (c) => c.notNull())
        .addColumn("note", "text", (c) => c.notNull())
        .addColumn("attempted_at", t.instant, (c) => c.notNull())
        .addColumn("created_at", t.instant, (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex("contact_attempts_ws_case")
        .on("contact_attempts")
        .columns(["workspace_id", "case_id", "attempted_at", "id"])
        .execute();

      await db.schema
        .createTable("sessions")
        .addColumn("id", "text", (c) => c.primaryKey())
        .addColumn("workspace_id", "text", (c) => c.notNull().references("workspaces.id"))
        .addColumn("staff_id", "text", (c) => c.notNull().references("staff.id").onDelete("cascade"))
        .addColumn("token_hash", "text", (c) => c.notNull().unique())
        .addColumn("csrf_token", "text", (c) => c.notNull())
        .addColumn("created_at", t.instant, (c) => c.notNull())
        .addColumn("expires_at", t.instant, (c) => c.notNull())
        .execute();

      await db.schema
        .createTable("api_tokens")
        .addColumn("id", "text", (c) => c.primaryKey())
        .addColumn("workspace_id", "text", (c) => c.notNull().references("workspaces.id"))
        .addColumn("staff_id", "text", (c) => c.notNull().references("staff.id").onDelete("cascade"))
        .addColumn("name", "text", (c) => c.notNull())
        .addColumn("token_hash", "text", (c) => c.notNull().unique())
        .addColumn("created_at", t.instant, (c) => c.notNull())
        .addColumn("last_used_at", t.instant)
        .addColumn("revoked_at", t.instant)
        .execute();
      await db.schema
        .createIndex("api_tokens_ws_staff")
        .on("api_tokens")
        .columns(["workspace_id", "staff_id"])
        .execute();

      await db.schema
        .createTable("audit_entries")
        .addColumn("id", "text", (c) => c.primaryKey())
        .addColumn("workspace_id", "text", (c) => c.notNull().references("workspaces.id"))
        .addColumn("seq", "integer", (c) => c.notNull())
        .addColumn("at", t.instant, (c) => c.notNull())
        .addColumn("actor_kind", "text", (c) => c.notNull())
        .addColumn("actor_id", "text")
        .addColumn("action", "text", (c) => c.notNull())
        .addColumn("subject_kind", "text", (c) => c.notNull())
        .addColumn("subject_id", "text")
        .addColumn("data", "text", (c) => c.notNull())
        .addColumn("prev_hash", "text", (c) => c.notNull())
        .addColumn("hash", "text", (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex("audit_entries_ws_seq")
        .unique()
        .on("audit_entries")
        .columns(["workspace_id", "seq"])
        .execute();

      // Full-text search over case subjects and timeline text. 'simple' / unicode61: no stemming on
      // either side, so both stores find the same cases for the same words.
      if (dialect === "postgres") {
        await sql`CREATE TABLE search_docs (
          source_id text PRIMARY KEY,
          workspace_id text NOT NULL REFERENCES workspaces(id),
          case_id text NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
          body text NOT NULL,
          tsv tsvector GENERATED ALWAYS AS (to_tsvector('simple', body)) STORED
        )`.execute(db);
        await sql`CREATE INDEX search_docs_tsv ON search_docs USING gin (tsv)`.execute(db);
        await sql`CREATE INDEX search_docs_ws_case ON search_docs (workspace_id, case_id)`.execute(db);
      } else {
        await sql`CREATE VIRTUAL TABLE search_docs USING fts5(
          body, source_id UNINDEXED, workspace_id UNINDEXED, case_id UNINDEXED,
          tokenize = 'unicode61 remove_diacritics 2'
        )`.execute(db);
      }
    },
  };
}
