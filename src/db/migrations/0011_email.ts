import type { Kysely } from "kysely";
import type { Dialect } from "../database.js";

/* eslint-disable @typescript-eslint/no-explicit-any -- migrations describe the schema as it was then */

/**
 * The email channel. `mail_messages` keeps every message that came in or went out, raw bytes
 * first (even what cannot be parsed), so nothing is ever lost; `message_id` (normalised, without
 * angle brackets) is what replies thread against, for inbound and our own outbound mail alike.
 * `mail_attachments` holds attachment bytes in the database (bytea / BLOB), so both stores keep
 * everything and backups need nothing else.
 */
export function emailMigration(dialect: Dialect) {
  const instant = dialect === "postgres" ? ("timestamptz" as const) : ("text" as const);
  const bytes = dialect === "postgres" ? ("bytea" as const) : ("blob" as const);
  return {
    async up(db: Kysely<any>): Promise<void> {
      await db.schema
        .createTable("mail_messages")
        .addColumn("id", "text", (c) => c.primaryKey())
        .addColumn("workspace_id", "text", (c) => c.notNull().references("workspaces.id"))
        .addColumn("direction", "text", (c) => c.notNull())
        .addColumn("source", "text", (c) => c.notNull())
        .addColumn("status", "text", (c) => c.notNull())
        .addColumn("classification", "text")
        .addColumn("reason", "text")
        .addColumn("envelope_from", "text")
        .addColumn("envelope_to", "text", (c) => c.notNull())
        .addColumn("purpose", "text")
        .addColumn("sender", "text")
        .addColumn("recipient", "text")
        .addColumn("subject", "text")
        .addColumn("message_id", "text")
        .addColumn("size", "integer", (c) => c.notNull())
        .addColumn("sha256", "text", (c) => c.notNull())
        .addColumn("raw", bytes, (c) => c.notNull())
        .addColumn("html", "text")
        .addColumn("problems", "text", (c) => c.notNull())
        .addColumn("case_id", "text", (c) => c.references("cases.id"))
        .addColumn("entry_id", "text")
        .addColumn("attempts", "integer", (c) => c.notNull().defaultTo(0))
        .addColumn("last_error", "text")
        .addColumn("received_at", instant, (c) => c.notNull())
        .addColumn("processed_at", instant)
        .addColumn("sent_at", instant)
        .execute();
      // Threading: "which case has a message with this Message-ID".
      await db.schema
        .createIndex("mail_messages_ws_message_id")
        .on("mail_messages")
        .columns(["workspace_id", "message_id"])
        .execute();
      // The per-sender rate limit counts a sender's recent mail.
      await db.schema
        .createIndex("mail_messages_ws_sender")
        .on("mail_messages")
        .columns(["workspace_id", "sender", "received_at"])
        .execute();
      // "Did we acknowledge this address lately?": one acknowledgement per address per window.
      await db.schema
        .createIndex("mail_messages_ws_recipient")
        .on("mail_messages")
        .columns(["workspace_id", "recipient", "received_at"])
        .execute();
      await db.schema
        .createIndex("mail_messages_ws_case")
        .on("mail_messages")
        .columns(["workspace_id", "case_id", "id"])
        .execute();
      // The mail log: newest first, keyset on id.
      await db.schema
        .createIndex("mail_messages_ws_id")
        .on("mail_messages")
        .columns(["workspace_id", "id"])
        .execute();
      await db.schema
        .createIndex("mail_messages_ws_entry")
        .on("mail_messages")
        .columns(["workspace_id", "entry_id"])
        .execute();

      await db.schema
        .createTable("mail_attachments")
        .addColumn("id", "text", (c) => c.primaryKey())
        .addColumn("workspace_id", "text", (c) => c.notNull().references("workspaces.id"))
        .addColumn("mail_id", "text", (c) => c.notNull().references("mail_messages.id"))
        .addColumn("case_id", "text", (c) => c.references("cases.id"))
        .addColumn("filename", "text", (c) => c.notNull())
        .addColumn("content_type", "text", (c) => c.notNull())
        .addColumn("content_id", "text")
        .addColumn("is_inline", "integer", (c) => c.notNull())
        .addColumn("size", "integer", (c) => c.notNull())
        .addColumn("md5", "text", (c) => c.notNull())
        // NULL when the attachment was over the size or count limit (the raw message still has it).
        .addColumn("data", bytes)
        .addColumn("created_at", instant, (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex("mail_attachments_ws_mail")
        .on("mail_attachments")
        .columns(["workspace_id", "mail_id", "id"])
        .execute();
    },
  };
}
