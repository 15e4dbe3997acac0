import type { Actor } from "../auth/auth.rules.js";
import { requirePermission } from "../auth/permissions.js";
import { findCase } from "../cases/cases.store.js";
import type { Deps } from "../deps.js";
import { invalid, notFound } from "../shared/errors.js";
import { decodeCursor, encodeCursor, type Page } from "../shared/pagination.js";
import { receiveMail, type IngestResult } from "./email.ingest.js";
import { presentMail, type MailView } from "./email.present.js";
import { htmlForDisplay } from "./email.sanitize.js";
import {
  findAttachment,
  findMail,
  findMailMeta,
  inlineImagesOf,
  listMail,
  listMailOfCase,
  type MailLogFilter,
} from "./email.store.js";

/** The largest message the API takes (the SMTP listener has its own limit in config). */
export const API_MAIL_MAX_BYTES = 10 * 1024 * 1024;

/** Hands one raw message to the desk, as the SMTP listener does (for integrations with a mail hook). */
export async function ingestRawMail(deps: Deps, actor: Actor, raw: Buffer): Promise<IngestResult> {
  requirePermission(actor, "mail:receive");
  if (raw.length === 0) throw invalid("The message is empty.", { field: "raw" });
  if (raw.length > API_MAIL_MAX_BYTES) throw invalid("The message is too large.", { field: "raw" });
  return receiveMail(deps, { workspaceId: actor.workspaceId, raw, source: "api" });
}

export async function listCaseMail(deps: Deps, actor: Actor, caseId: string): Promise<MailView[]> {
  requirePermission(actor, "cases:read");
  if (!(await findCase(deps.db, actor.workspaceId, caseId))) throw notFound("case");
  return (await listMailOfCase(deps.db, actor.workspaceId, caseId)).map(presentMail);
}

export async function listMailLog(
  deps: Deps,
  actor: Actor,
  opts: MailLogFilter & { cursor?: string | undefined; limit: number },
): Promise<Page<MailView>> {
  requirePermission(actor, "cases:read");
  const before = opts.cursor ? decodeCursor(opts.cursor, ["id"])[0] : undefined;
  const { cursor: _c, limit, ...filter } = opts;
  const rows = await listMail(deps.db, actor.workspaceId, filter, { beforeId: before, limit: limit + 1 });
  const items = rows.slice(0, limit).map(presentMail);
  const last = rows.length > limit ? items.at(-1) : undefined;
  return { items, nextCursor: last ? encodeCursor([last.id]) : null };
}

export async function getMail(deps: Deps, actor: Actor, id: string): Promise<MailView> {
  requirePermission(actor, "cases:read");
  const row = await findMailMeta(deps.db, actor.workspaceId, id);
  if (!row) throw notFound("mail");
  return presentMail(row);
}

/** The raw message as it came in or went out (an .eml file). */
export async function getRawMail(deps: Deps, actor: Actor, id: string): Promise<Buffer> {
  requirePermission(actor, "cases:read");
  const row = await findMail(deps.db, actor.workspaceId, id);
  if (!row) throw notFound("mail");
  return row.raw;
}

/** Inline images shown as data: URLs in the HTML view; larger ones stay links to nothing. */
const INLINE_IMAGE_MAX_BYTES = 2 * 1024 * 1024;

/** The sanitised HTML of an inbound mail, as a document to show in a sandboxed frame. */
export async function getMailHtml(
  deps: Deps,
  actor: Actor,
  id: string,
  allowRemote: boolean,
): Promise<string> {
  requirePermission(actor, "cases:read");
  const row = await findMailMeta(deps.db, actor.workspaceId, id);
  if (!row || row.html === null) throw notFound("mail");
  const inline = new Map<string, string>();
  for (const img of await inlineImagesOf(deps.db, actor.workspaceId, id)) {
    if (!img.content_id || !img.data || img.data.length > INLINE_IMAGE_MAX_BYTES) continue;
    if (!/^image\/(png|gif|jpe?g|webp|bmp)$/.test(img.content_type)) continue;
    inline.set(img.content_id, `data:${img.content_type};base64,${img.data.toString("base64")}`);
  }
  const body = htmlForDisplay(row.html, { inline, allowRemote });
  return `<!doctype html><html><head><meta charset="utf-8"><base target="_blank"></head><body>${body}</body></html>`;
}

export interface AttachmentFile {
  filename: string;
  contentType: string;
  data: Buffer;
}

export async function getAttachment(deps: Deps, actor: Actor, id: string): Promise<AttachmentFile> {
  requirePermission(actor, "cases:read");
  const row = await findAttachment(deps.db, actor.workspaceId, id);
  if (!row) throw notFound("attachment");
  if (!row.data)
    throw invalid("This attachment was over the limit and is only in the raw message.", {
      reason: "not-kept",
    });
  return { filename: row.filename, contentType: row.content_type, data: row.data };
}
