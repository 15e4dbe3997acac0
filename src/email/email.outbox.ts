import { createHash } from "node:crypto";
import MailComposer from "nodemailer/lib/mail-composer/index.js";
import { recordAudit } from "../audit/audit.service.js";
import { systemActor } from "../auth/auth.rules.js";
import { insertEventEntry } from "../cases/cases.store.js";
import type { Conn } from "../db/database.js";
import type { Deps } from "../deps.js";
import type { DueWork, DueWorkHandler } from "../duework/duework.service.js";
import { scheduleWork } from "../duework/duework.service.js";
import { toInstant } from "../shared/clock.js";
import { normaliseEmail } from "../customers/customers.rules.js";
import { findMail, updateMail } from "./email.store.js";
import { mailOf } from "./email.settings.js";

/*
 * Outbound mail. Any part of the desk queues a mail in its own transaction (queueMail): the
 * message is composed then — so its Message-ID is known at once and replies to it thread — and
 * stored as the exact bytes that will go out, with a `mail.send` due-work row. The runner sends it
 * after commit, retries with backoff, and after the last try marks it failed and says so on the
 * case. Nothing is ever sent from inside a request.
 */

export const MAIL_SEND_KIND = "mail.send";
/** Tries before a mail is given up on; the runner in `serve` uses the same number. */
export const MAIL_SEND_MAX_ATTEMPTS = 5;

export type MailPurpose = "reply" | "acknowledgement" | "notification";

export interface OutgoingMail {
  workspaceId: string;
  /** The case the mail belongs to (its timeline hears of a failure); null for mail about no case. */
  caseId: string | null;
  /** The timeline entry it sends, when there is one. */
  entryId?: string | null;
  purpose: MailPurpose;
  from: { address: string; name: string };
  to: readonly string[];
  cc?: readonly string[];
  replyTo?: string | null;
  subject: string;
  text: string;
  html: string;
  inReplyTo?: string | null;
  references?: readonly string[];
  /** Extra headers, e.g. Auto-Submitted on machine-written mail (RFC 3834). */
  headers?: Record<string, string>;
  /** Files sent with the mail, e.g. an appointment's .ics (content given here, never read from disk). */
  attachments?: readonly { filename: string; content: string; contentType: string }[];
}

export interface QueuedMail {
  mailId: string;
  messageId: string;
  /** "queued", or "off" when outbound mail is not configured (recorded, never sent). */
  status: "queued" | "off";
}

function domainOf(address: string): string {
  return address.split("@")[1] ?? "frontdesk.invalid";
}

/** Composes the exact bytes of the mail (RFC 5322 with text and HTML alternatives). */
export async function composeMail(mail: OutgoingMail, messageId: string, date: Date): Promise<Buffer> {
  const composer = new MailComposer({
    from: { name: mail.from.name, address: mail.from.address },
    to: [...mail.to],
    ...(mail.cc && mail.cc.length > 0 && { cc: [...mail.cc] }),
    ...(mail.replyTo && { replyTo: mail.replyTo }),
    subject: mail.subject,
    text: mail.text,
    html: mail.html,
    messageId: `<${messageId}>`,
    date,
    ...(mail.inReplyTo && { inReplyTo: `<${mail.inReplyTo}>` }),
    ...(mail.references &&
      mail.references.length > 0 && { references: mail.references.map((r) => `<${r}>`) }),
    headers: { ...mail.headers },
    ...(mail.attachments &&
      mail.attachments.length > 0 && { attachments: mail.attachments.map((a) => ({ ...a })) }),
    // Every header we write is ours; nothing of the mail is read from files or URLs.
    disableFileAccess: true,
    disableUrlAccess: true,
  });
  return composer.compile().build();
}

/**
 * Queues a mail in the caller's transaction: the stored message and its send job commit together
 * with the change that wants the mail sent, or not at all.
 */
export async function queueMail(
  conn: Conn,
  deps: Pick<Deps, "clock" | "newId" | "mail">,
  mail: OutgoingMail,
): Promise<QueuedMail> {
  const id = deps.newId();
  const messageId = `${id}@${domainOf(mail.from.address)}`;
  const now = deps.clock.now();
  const raw = await composeMail(mail, messageId, now);
  const on = mailOf(deps).transport !== null;
  const recipients = [...mail.to, ...(mail.cc ?? [])].map(normaliseEmail);
  await conn
    .insertInto("mail_messages")
    .values({
      id,
      workspace_id: mail.workspaceId,
      direction: "out",
      source: "desk",
      status: on ? "queued" : "off",
      classification: null,
      reason: null,
      envelope_from: mail.from.address,
      envelope_to: JSON.stringify(recipients),
      purpose: mail.purpose,
      sender: null,
      recipient: recipients[0] ?? null,
      subject: mail.subject,
      message_id: messageId,
      size: raw.length,
      sha256: createHash("sha256").update(raw).digest("hex"),
      raw,
      html: null,
      problems: "[]",
      case_id: mail.caseId,
      entry_id: mail.entryId ?? null,
      attempts: 0,
      last_error: null,
      received_at: toInstant(now),
      processed_at: null,
      sent_at: null,
    })
    .execute();
  if (on) {
    await scheduleWork(conn, deps, {
      workspaceId: mail.workspaceId,
      kind: MAIL_SEND_KIND,
      subjectId: id,
      dueAt: toInstant(now),
      payload: { mailId: id },
      uniqueKey: `${MAIL_SEND_KIND}:${id}`,
    });
  }
  return { mailId: id, messageId, status: on ? "queued" : "off" };
}

function mailIdOf(work: DueWork): string | undefined {
  const p = work.payload as { mailId?: unknown } | null;
  return p && typeof p.mailId === "string" ? p.mailId : undefined;
}

/** The words of a send failure for the case, without anything the SMTP server echoed about us. */
function failureText(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.replace(/\s+/g, " ").slice(0, 300);
}

/**
 * The `mail.send` job: sends the stored bytes once. A run after a crash between sending and
 * marking sent sends again (at-least-once, the same Message-ID, so clients show one mail).
 */
export function createMailSendHandler(opts: { maxAttempts?: number } = {}): DueWorkHandler {
  const maxAttempts = opts.maxAttempts ?? MAIL_SEND_MAX_ATTEMPTS;
  return async (deps, work) => {
    const mailId = mailIdOf(work);
    if (!mailId) return;
    const row = await findMail(deps.db, work.workspaceId, mailId);
    if (!row || row.direction !== "out" || row.status !== "queued") return;
    const transport = mailOf(deps).transport;
    try {
      if (!transport) throw new Error("outbound mail is not configured");
      const to = JSON.parse(row.envelope_to) as string[];
      await transport.send({ from: row.envelope_from ?? "", to }, row.raw);
    } catch (error) {
      await recordFailure(deps, row.workspace_id, row.id, row.case_id, work.attempts + 1, maxAttempts, error);
      throw error;
    }
    await updateMail(deps.db, row.workspace_id, row.id, {
      status: "sent",
      sent_at: toInstant(deps.clock.now()),
      attempts: work.attempts,
      last_error: null,
    });
  };
}

async function recordFailure(
  deps: Deps,
  workspaceId: string,
  mailId: string,
  caseId: string | null,
  attempts: number,
  maxAttempts: number,
  error: unknown,
): Promise<void> {
  const last = attempts >= maxAttempts;
  const at = toInstant(deps.clock.now());
  await deps.db.transaction().execute(async (trx) => {
    const row = await findMail(trx, workspaceId, mailId);
    if (!row || row.status !== "queued") return;
    await updateMail(trx, workspaceId, mailId, {
      attempts,
      last_error: failureText(error),
      ...(last && { status: "failed" }),
    });
    if (!last) return;
    const to = (JSON.parse(row.envelope_to) as string[]).join(", ");
    if (caseId) {
      await insertEventEntry(trx, {
        id: deps.newId(),
        workspaceId,
        caseId,
        body: `Email to ${to} could not be sent after ${attempts} tries: ${failureText(error)}`,
        data: { event: "mail.failed", mailId, purpose: row.purpose, attempts },
        authorStaffId: null,
        at,
      });
    }
    await recordAudit(trx, deps, systemActor(workspaceId), {
      action: "mail.failed",
      subjectKind: "mail",
      subjectId: mailId,
      data: { caseId, purpose: row.purpose, attempts },
    });
  });
}

/** The handlers to give the due-work runner. */
export function mailJobHandlers(opts: { maxAttempts?: number } = {}): Record<string, DueWorkHandler> {
  return { [MAIL_SEND_KIND]: createMailSendHandler(opts) };
}
