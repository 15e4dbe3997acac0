import { caseEvent, publishCaseEvents } from "../events/events.publish.js";
import { insertNewLink } from "../portal/portal.links.service.js";
import { buildAcknowledgement } from "../promises/promises.acknowledgement.service.js";
import { createHash } from "node:crypto";
import { recordAudit } from "../audit/audit.service.js";
import { systemActor, type Actor } from "../auth/auth.rules.js";
import { lockCase, type CaseRow } from "../cases/cases.store.js";
import type { Conn } from "../db/database.js";
import type { Deps } from "../deps.js";
import { toInstant, type Instant } from "../shared/clock.js";
import { findStaffByEmail } from "../staff/staff.store.js";
import { findWorkspaceById } from "../workspaces/workspaces.store.js";
import { addMailEntry, customerForAddress, openEmailCase } from "./email.cases.js";
import { readMail, type MailPart, type ReadMail } from "./email.parse.js";
import { queueMail } from "./email.outbox.js";
import {
  classifyMail,
  forwardedSender,
  isAutomatic,
  isFlooding,
  isForwarded,
  mayAcknowledge,
  mayReopen,
  messageIdsIn,
  threadDecision,
  caseTokenOf,
  type Classification,
  type MailAddress,
  type ThreadCase,
  type ThreadDecision,
} from "./email.rules.js";
import { sanitiseMailHtml } from "./email.sanitize.js";
import { mailOf, ownAddresses, workspaceAddress, type MailSettings } from "./email.settings.js";
import {
  caseForThreadByNumber,
  casesForThread,
  casesOfMessageIds,
  countRecentFrom,
  countRecentTo,
  findMail,
  insertAttachment,
  insertMail,
  updateMail,
  type CaseForThread,
} from "./email.store.js";

/*
 * Inbound mail, from any source (SMTP listener, IMAP poller, API): the raw bytes are stored and
 * committed first, so nothing is lost whatever happens next; then the mail is read, classified,
 * threaded and written to a case in one transaction.
 */

export type MailSource = "smtp" | "imap" | "api";

export interface InboundMail {
  workspaceId: string;
  raw: Buffer;
  source: MailSource;
  envelopeFrom?: string | null;
  envelopeTo?: readonly string[];
}

export interface IngestResult {
  mailId: string;
  /** processed: on a case (or recorded as automatic); rate-limited / ignored: recorded only. */
  status: "processed" | "rate-limited" | "ignored" | "failed";
  classification: Classification["kind"] | null;
  caseId: string | null;
  caseNumber: number | null;
  entryId: string | null;
  caseCreated: boolean;
  /** The acknowledgement queued for a new case, if any. */
  acknowledgementId: string | null;
  attachmentIds: string[];
}

const HOUR_MS = 3_600_000;

/** Mail of one workspace is processed one at a time in this process (customer and rate-limit checks). */
const queues = new Map<string, Promise<unknown>>();
function serialised<T>(key: string, work: () => Promise<T>): Promise<T> {
  const previous = queues.get(key) ?? Promise.resolve();
  const next = previous.then(work, work);
  const tail = next.catch(() => undefined);
  queues.set(key, tail);
  void tail.then(() => {
    if (queues.get(key) === tail) queues.delete(key);
  });
  return next;
}

/** Stores the raw message (committed on its own), then processes it. Never loses the bytes. */
export async function receiveMail(deps: Deps, mail: InboundMail): Promise<IngestResult> {
  return processMail(deps, mail.workspaceId, await storeRawMail(deps, mail));
}

/** Stores the raw message, committed on its own; returns its id. */
export async function storeRawMail(deps: Deps, mail: InboundMail): Promise<string> {
  const id = deps.newId();
  await insertMail(deps.db, {
    id,
    workspace_id: mail.workspaceId,
    direction: "in",
    source: mail.source,
    status: "received",
    classification: null,
    reason: null,
    envelope_from: mail.envelopeFrom ?? null,
    envelope_to: JSON.stringify(mail.envelopeTo ?? []),
    purpose: null,
    sender: null,
    recipient: null,
    subject: null,
    message_id: null,
    size: mail.raw.length,
    sha256: createHash("sha256").update(mail.raw).digest("hex"),
    raw: mail.raw,
    html: null,
    problems: "[]",
    case_id: null,
    entry_id: null,
    attempts: 0,
    last_error: null,
    received_at: toInstant(deps.clock.now()),
    processed_at: null,
    sent_at: null,
  });
  return id;
}

function emptyResult(mailId: string, status: IngestResult["status"], kind: IngestResult["classification"]) {
  return {
    mailId,
    status,
    classification: kind,
    caseId: null,
    caseNumber: null,
    entryId: null,
    caseCreated: false,
    acknowledgementId: null,
    attachmentIds: [],
  } satisfies IngestResult;
}

/**
 * Reads, classifies, threads and records a stored mail. A failure here leaves the raw message
 * stored with status "failed" and the error, for a person (or a later run) to look at.
 */
export async function processMail(deps: Deps, workspaceId: string, mailId: string): Promise<IngestResult> {
  const row = await findMail(deps.db, workspaceId, mailId);
  if (!row) throw new Error(`mail ${mailId} vanished`);
  const { settings } = mailOf(deps);
  const read = await readMail(row.raw, { timeoutMs: settings.parseTimeoutMs });
  try {
    const result = await serialised(workspaceId, () =>
      deps.db.transaction().execute((trx) => recordMail(trx, deps, settings, mailId, workspaceId, read)),
    );
    // Staff watching the queue or the case see the mail arrive (ids only; they re-read the case).
    if (result.caseId !== null && result.caseNumber !== null && result.entryId !== null) {
      publishCaseEvents(
        deps,
        caseEvent(
          { workspace_id: workspaceId, id: result.caseId, number: result.caseNumber },
          result.caseCreated ? "case.created" : "case.entry-added",
          { staffId: null },
          toInstant(deps.clock.now()),
        ),
      );
    }
    return result;
  } catch (error) {
    await updateMail(deps.db, workspaceId, mailId, {
      status: "failed",
      last_error: error instanceof Error ? error.message.slice(0, 2000) : String(error),
      processed_at: toInstant(deps.clock.now()),
    });
    throw error;
  }
}

interface Context {
  trx: Conn;
  deps: Deps;
  settings: MailSettings;
  actor: Actor;
  mailId: string;
  read: ReadMail;
  at: Instant;
}

async function recordMail(
  trx: Conn,
  deps: Deps,
  settings: MailSettings,
  mailId: string,
  workspaceId: string,
  read: ReadMail,
): Promise<IngestResult> {
  const at = toInstant(deps.clock.now());
  const actor = systemActor(workspaceId);
  const ctx: Context = { trx, deps, settings, actor, mailId, read, at };
  const sender = read.from?.address ?? null;
  const classification = classifyMail({
    headers: read.headers,
    from: sender,
    subject: read.subject,
    contentTypes: read.contentTypes,
    ownAddresses: ownAddresses(settings),
  });
  const base = {
    classification: classification.kind,
    reason: classification.reason,
    sender,
    subject: read.subject.slice(0, 1000),
    message_id: read.messageId,
    problems: JSON.stringify(read.problems),
    processed_at: at,
  };
  if (classification.kind === "loop") {
    await updateMail(trx, workspaceId, mailId, { ...base, status: "ignored" });
    return emptyResult(mailId, "ignored", "loop");
  }
  if (sender !== null) {
    const recent = await countRecentFrom(trx, workspaceId, sender, addHours(at, -1), mailId);
    if (isFlooding(recent, settings.senderPerHour)) {
      await updateMail(trx, workspaceId, mailId, { ...base, status: "rate-limited" });
      return emptyResult(mailId, "rate-limited", classification.kind);
    }
  }
  const who = await whoWrote(ctx, classification);
  const decision = await threadOf(ctx, classification, who);
  if (decision.action === "new" && isAutomatic(classification.kind)) {
    // A machine's mail about nothing we know: kept in the mail log, no case for nobody to answer.
    await updateMail(trx, workspaceId, mailId, { ...base, status: "processed" });
    await recordAudit(trx, deps, actor, {
      action: "mail.received",
      subjectKind: "mail",
      subjectId: mailId,
      data: { classification: classification.kind, caseId: null },
    });
    return emptyResult(mailId, "processed", classification.kind);
  }
  let c: CaseRow | undefined;
  let created = false;
  if (decision.action === "join") c = await lockCase(trx, deps.dialect, workspaceId, decision.caseId);
  if (!c) {
    const customer = who.customer
      ? (await customerForAddress(trx, deps, actor, who.customer, at)).customer
      : null;
    c = await openEmailCase(
      trx,
      deps,
      actor,
      {
        subject: caseSubject(read.subject),
        customerId: customer?.id ?? null,
        clientId: customer?.client_id ?? null,
      },
      at,
    );
    created = true;
  }
  const sanitised = read.html === null ? null : sanitiseMailHtml(read.html);
  const problems = [...read.problems];
  if (sanitised?.truncated) problems.push("The HTML was cut at 1,000,000 characters before it was shown.");
  const entryId = deps.newId();
  const attachments = await storeAttachments(ctx, c.id, problems);
  const entry = {
    id: entryId,
    workspace_id: workspaceId,
    case_id: c.id,
    kind: "message",
    direction: "in",
    channel: "email",
    body: entryBody(read, problems, sanitised?.html ?? null),
    author_staff_id: null,
    author_customer_id: who.forwardedBy === null && who.staffId !== null ? null : c.customer_id,
    call_answer_seconds: null,
    call_duration_seconds: null,
    data: JSON.stringify({
      email: {
        mailId,
        messageId: read.messageId,
        from: read.from,
        to: read.to,
        cc: read.cc,
        subject: read.subject,
        kind: classification.kind,
        reason: classification.reason,
        automatic: isAutomatic(classification.kind),
        threadedBy: decision.action === "join" && !created ? decision.by : "new",
        ...(decision.action === "new" && decision.followUpOf !== null && { followUpOf: decision.followUpOf }),
        ...(who.forwardedBy !== null && { forwardedBy: who.forwardedBy }),
        ...(who.staffId !== null && who.forwardedBy === null && { fromStaffId: who.staffId }),
        hasHtml: sanitised !== null,
        remoteImages: sanitised?.remoteImages ?? 0,
        attachments: attachments.views,
        problems,
      },
    }),
    created_at: at,
  };
  const statusAfter = await addMailEntry(trx, deps, actor, c, entry, mayReopen(classification.kind));
  await updateMail(trx, workspaceId, mailId, {
    ...base,
    status: "processed",
    problems: JSON.stringify(problems),
    html: sanitised?.html ?? null,
    case_id: c.id,
    entry_id: entryId,
  });
  await recordAudit(trx, deps, actor, {
    action: "mail.received",
    subjectKind: "mail",
    subjectId: mailId,
    data: { classification: classification.kind, caseId: c.id, entryId, caseCreated: created, statusAfter },
  });
  const ack =
    created && mayAcknowledge(classification.kind) && who.staffId === null && who.customer !== null
      ? await acknowledge(ctx, c, who.customer)
      : null;
  return {
    mailId,
    status: "processed",
    classification: classification.kind,
    caseId: c.id,
    caseNumber: c.number,
    entryId,
    caseCreated: created,
    acknowledgementId: ack,
    attachmentIds: attachments.ids,
  };
}

interface Writer {
  /** Who the case is for: the sender, or the original sender of a staff forward. */
  customer: MailAddress | null;
  /** The staff member who sent the mail, if one did. */
  staffId: string | null;
  /** The staff member who forwarded a customer's mail to the desk. */
  forwardedBy: string | null;
}

async function whoWrote(ctx: Context, classification: Classification): Promise<Writer> {
  const from = ctx.read.from;
  if (!from) return { customer: null, staffId: null, forwardedBy: null };
  const staff = await findStaffByEmail(ctx.trx, ctx.actor.workspaceId, from.address);
  if (!staff || staff.is_active !== 1 || isAutomatic(classification.kind))
    return { customer: from, staffId: null, forwardedBy: null };
  const forwarded = isForwarded({
    subject: ctx.read.subject,
    text: ctx.read.text,
    hasEnclosedMessage: ctx.read.hasEnclosedMessage,
  });
  const original = forwarded ? (ctx.read.enclosedFrom ?? forwardedSender(ctx.read.text)) : null;
  if (original && original.address !== from.address) {
    const alsoStaff = await findStaffByEmail(ctx.trx, ctx.actor.workspaceId, original.address);
    if (!alsoStaff) return { customer: original, staffId: staff.id, forwardedBy: staff.id };
  }
  // Staff writing to the desk themselves: a case with no customer, nobody to acknowledge.
  return { customer: null, staffId: staff.id, forwardedBy: null };
}

function toThreadCase(c: CaseForThread): ThreadCase {
  return { id: c.id, number: c.number, status: c.status, customerEmail: c.customer_email };
}

async function threadOf(ctx: Context, classification: Classification, who: Writer): Promise<ThreadDecision> {
  const { trx, read } = ctx;
  const ws = ctx.actor.workspaceId;
  // Reports are about an earlier mail: the one they enclose, or name in their text.
  const ids = isAutomatic(classification.kind)
    ? [...read.threadIds, ...read.reportedIds, ...messageIdsInText(read.text)]
    : read.threadIds;
  const unique = ids.filter((id, i) => ids.indexOf(id) === i && id !== read.messageId);
  const byId = await casesOfMessageIds(trx, ws, unique);
  const caseIds = unique.flatMap((id) => {
    const c = byId.get(id);
    return c ? [c] : [];
  });
  const rows = new Map((await casesForThread(trx, ws, caseIds)).map((c) => [c.id, c]));
  const token = caseTokenOf(read.subject);
  const byToken = token === null ? undefined : await caseForThreadByNumber(trx, ws, token);
  return threadDecision({
    byMessageId: caseIds.flatMap((id) => {
      const c = rows.get(id);
      return c ? [toThreadCase(c)] : [];
    }),
    byToken: byToken ? toThreadCase(byToken) : null,
    sender: who.customer?.address ?? read.from?.address ?? null,
    senderIsStaff: who.staffId !== null,
  });
}

/** "Message-ID: <…>" lines quoted in a report's text (bounces that enclose no part). */
function messageIdsInText(text: string): string[] {
  return [...text.slice(0, 100_000).matchAll(/^\s*message-id:\s*(<[^>\r\n]+>)/gim)].flatMap((m) =>
    messageIdsIn(m[1] ?? ""),
  );
}

function caseSubject(subject: string): string {
  const s = subject.replace(/\s+/g, " ").trim();
  return s.length === 0 ? "(no subject)" : s.slice(0, 300);
}

function entryBody(read: ReadMail, problems: readonly string[], safeHtml: string | null): string {
  const text = read.text.trim();
  if (text.length > 0) return text;
  // HTML-only mail that mailparser gave no text for: the words of the sanitised HTML.
  const words = (safeHtml ?? "")
    .replace(/<(br|\/p|\/div|\/li|\/tr|\/h\d)\b[^>]*>/gi, "\n")
    .replace(/<[^>]*>/g, "")
    .replace(/&nbsp;/g, " ")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, "&")
    .replace(/[ \t]+/g, " ")
    .replace(/\n\s*\n+/g, "\n\n")
    .trim();
  if (words.length > 0) return words.slice(0, 200_000);
  if (read.html !== null) return "(This message has only HTML; open it to read it.)";
  if (problems.length > 0) return `(This message could not be read: ${problems.join(" ")})`;
  return read.attachments.length > 0 ? "(No text; see the attachments.)" : "(No text.)";
}

function addHours(at: Instant, hours: number): Instant {
  return new Date(Date.parse(at) + hours * HOUR_MS).toISOString();
}

interface StoredAttachments {
  ids: string[];
  views: {
    id: string;
    filename: string;
    contentType: string;
    size: number;
    inline: boolean;
    contentId: string | null;
    stored: boolean;
  }[];
}

function fileNameOf(part: MailPart, index: number): string {
  // Control characters and path separators never reach a download's file name.
  const cleaned = part.filename.replace(/[\p{Cc}/\\]/gu, "_").trim();
  if (cleaned.length > 0) return cleaned.slice(0, 255);
  const ext = part.contentType.startsWith("message/") ? "eml" : (part.contentType.split("/")[1] ?? "bin");
  return `attachment-${index + 1}.${ext.replace(/[^a-z0-9.+-]/gi, "").slice(0, 20) || "bin"}`;
}

async function storeAttachments(
  ctx: Context,
  caseId: string,
  problems: string[],
): Promise<StoredAttachments> {
  const { settings } = ctx;
  const out: StoredAttachments = { ids: [], views: [] };
  let tooMany = 0;
  let tooLarge = 0;
  for (const [i, part] of ctx.read.attachments.entries()) {
    const overCount = i >= settings.attachmentMaxCount;
    const overSize = part.size > settings.attachmentMaxBytes;
    if (overCount) tooMany += 1;
    else if (overSize) tooLarge += 1;
    const id = ctx.deps.newId();
    const stored = !overCount && !overSize;
    const row = {
      id,
      workspace_id: ctx.actor.workspaceId,
      mail_id: ctx.mailId,
      case_id: caseId,
      filename: fileNameOf(part, i),
      content_type: part.contentType.slice(0, 200),
      content_id: part.contentId?.slice(0, 500).toLowerCase() ?? null,
      is_inline: part.isInline ? (1 as const) : (0 as const),
      size: part.size,
      md5: part.md5,
      data: stored ? part.content : null,
      created_at: ctx.at,
    };
    await insertAttachment(ctx.trx, row);
    out.ids.push(id);
    out.views.push({
      id,
      filename: row.filename,
      contentType: row.content_type,
      size: row.size,
      inline: part.isInline,
      contentId: row.content_id,
      stored,
    });
  }
  if (tooMany > 0)
    problems.push(
      `${tooMany} attachment(s) past the limit of ${settings.attachmentMaxCount} were not kept apart; the raw message has them.`,
    );
  if (tooLarge > 0)
    problems.push(
      `${tooLarge} attachment(s) over ${Math.round(settings.attachmentMaxBytes / 1048576)} MB were not kept apart; the raw message has them.`,
    );
  return out;
}

/** Queues the acknowledgement of a new case, unless this address was acknowledged lately. */
async function acknowledge(ctx: Context, c: CaseRow, to: MailAddress): Promise<string | null> {
  const { trx, deps, settings, actor, read, at } = ctx;
  const ws = await findWorkspaceById(trx, actor.workspaceId);
  if (!ws) return null;
  const from = workspaceAddress(settings, ws.slug);
  if (!from) return null;
  const recent = await countRecentTo(trx, actor.workspaceId, to.address, "acknowledgement", addHours(at, -1));
  if (recent >= settings.acknowledgementsPerHour) return null;
  // The customer can follow the case and reply in the portal: a per-case link, like the web form's.
  const link =
    settings.publicUrl && c.customer_id
      ? await insertNewLink(trx, deps, actor, {
          workspaceId: actor.workspaceId,
          customerId: c.customer_id,
          caseId: c.id,
          via: "email",
          createdById: null,
          days: ACK_LINK_DAYS,
          at,
        })
      : null;
  const rendered = await buildAcknowledgement(trx, actor.workspaceId, c.id, {
    portalUrl: link && settings.publicUrl ? `${settings.publicUrl}/#/portal/enter/${link.token}` : null,
  });
  const queued = await queueMail(trx, deps, {
    workspaceId: actor.workspaceId,
    caseId: c.id,
    purpose: "acknowledgement",
    from: { address: from, name: ws.name },
    to: [to.address],
    replyTo: from,
    // The subject leads with the case token ("[#1042] …"), so a reply threads by it.
    subject: rendered.subject,
    text: rendered.text,
    html: rendered.html,
    inReplyTo: read.messageId,
    references: read.messageId ? [read.messageId] : [],
    // RFC 3834 §5: a machine wrote this; well-behaved responders (and Exchange) do not answer it.
    headers: { "Auto-Submitted": "auto-replied", "X-Auto-Response-Suppress": "All" },
  });
  return queued.mailId;
}

/** Days a portal link in an acknowledgement stays valid (the web form's link lasts as long). */
const ACK_LINK_DAYS = 30;
