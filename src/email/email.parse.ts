import { createHash } from "node:crypto";
import { simpleParser, type AddressObject, type EmailAddress, type ParsedMail } from "mailparser";
import { normaliseEmail } from "../customers/customers.rules.js";
import { messageIdsIn, normaliseMessageId, type MailAddress } from "./email.rules.js";

/*
 * Raw bytes → what the desk needs of a mail, with mailparser under limits. Never throws: a mail
 * mailparser cannot read still gives its headers (read by hand) and says what failed.
 */

export interface MailPart {
  filename: string;
  contentType: string;
  size: number;
  md5: string;
  contentId: string | null;
  isInline: boolean;
  content: Buffer;
}

export interface ReadMail {
  messageId: string | null;
  /** In-Reply-To first, then References newest first: the order replies are threaded in. */
  threadIds: string[];
  from: MailAddress | null;
  to: MailAddress[];
  cc: MailAddress[];
  replyTo: MailAddress[];
  subject: string;
  text: string;
  /** The mail's HTML as sent (not yet sanitised), or null. */
  html: string | null;
  /** Header values by lower-case name, unfolded. */
  headers: Map<string, string[]>;
  /** Every Content-Type in the message, lower-case, parameters included. */
  contentTypes: string[];
  attachments: MailPart[];
  /** Message-IDs of the mail a report (bounce, complaint, receipt) is about, from its enclosed parts. */
  reportedIds: string[];
  /** Whether a whole message is enclosed (message/rfc822): a forward or a report. */
  hasEnclosedMessage: boolean;
  /** The From of the first enclosed message, for forwards. */
  enclosedFrom: MailAddress | null;
  /** What could not be read, in words a person understands. */
  problems: string[];
}

export interface ParseLimits {
  /** Give up on mailparser after this long (the raw message is kept either way). */
  timeoutMs: number;
}

export const DEFAULT_PARSE_LIMITS: ParseLimits = { timeoutMs: 20_000 };

/** How much of a raw message is scanned by hand for headers and content types. */
const SCAN_BYTES = 4 * 1024 * 1024;
const TEXT_MAX_CHARS = 200_000;

function unfold(value: string): string {
  return value.replace(/\r?\n[ \t]+/g, " ").trim();
}

/** The header block of a message (or part) as name → values, read by hand. */
export function headerBlock(text: string): Map<string, string[]> {
  const end = text.search(/\r?\n\r?\n/);
  const head = end === -1 ? text : text.slice(0, end);
  const out = new Map<string, string[]>();
  for (const m of head.matchAll(/^([!-9;-~]+)[ \t]*:([^\r\n]*(?:\r?\n[ \t]+[^\r\n]*)*)/gm)) {
    const name = (m[1] ?? "").toLowerCase();
    out.set(name, [...(out.get(name) ?? []), unfold(m[2] ?? "")]);
  }
  return out;
}

/** Every Content-Type header in the raw message, lower-case and unfolded. */
export function contentTypesOf(raw: string): string[] {
  return [...raw.matchAll(/^content-type[ \t]*:([^\r\n]*(?:\r?\n[ \t]+[^\r\n]*)*)/gim)].map((m) =>
    unfold(m[1] ?? "").toLowerCase(),
  );
}

function addressesOf(value: AddressObject | AddressObject[] | undefined): MailAddress[] {
  if (!value) return [];
  const out: MailAddress[] = [];
  const visit = (a: EmailAddress) => {
    if (a.group) a.group.forEach(visit);
    else if (a.address) out.push({ address: normaliseEmail(a.address), name: a.name.trim() });
  };
  for (const obj of Array.isArray(value) ? value : [value]) obj.value.forEach(visit);
  return out;
}

/** The first address in a raw header value ("Dan <dan@x>", "dan@x (Dan)"), read by hand. */
export function addressFromHeader(value: string | undefined): MailAddress | null {
  if (!value) return null;
  const angle = /^(.*?)<\s*([^<>\s]+@[^<>\s]+)\s*>/.exec(value);
  if (angle?.[2])
    return { address: normaliseEmail(angle[2]), name: (angle[1] ?? "").replace(/"/g, "").trim() };
  const bare = /([^\s<>()",;:]+@[^\s<>()",;:]+)/.exec(value);
  return bare?.[1] ? { address: normaliseEmail(bare[1]), name: "" } : null;
}

function idsInEnclosed(part: Buffer): string[] {
  const h = headerBlock(part.subarray(0, 256 * 1024).toString("latin1"));
  const ids = [...(h.get("original-message-id") ?? []), ...(h.get("message-id") ?? [])];
  return ids.map(normaliseMessageId).filter((x): x is string => x !== null);
}

const ENCLOSED = /^(message\/(rfc822|global|disposition-notification)|text\/rfc822-headers)/;

function md5(data: Buffer): string {
  return createHash("md5").update(data).digest("hex");
}

function partsOf(parsed: ParsedMail): MailPart[] {
  return parsed.attachments.map((a) => ({
    filename: a.filename ?? "",
    contentType: typeof a.contentType === "string" ? a.contentType.toLowerCase() : "application/octet-stream",
    size: a.size,
    md5: a.checksum || md5(a.content),
    contentId: a.cid ?? null,
    isInline: a.contentDisposition === "inline" || a.related === true,
    content: a.content,
  }));
}

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => {
      reject(new Error(`reading the message took longer than ${Math.round(ms / 1000)} s`));
    }, ms);
  });
  return Promise.race([work, timeout]).finally(() => {
    clearTimeout(timer);
  });
}

function clip(text: string, problems: string[]): string {
  if (text.length <= TEXT_MAX_CHARS) return text;
  problems.push(`The text was cut at ${TEXT_MAX_CHARS.toLocaleString("en-US")} characters.`);
  return text.slice(0, TEXT_MAX_CHARS);
}

/** Reads a raw message. Never throws. */
export async function readMail(raw: Buffer, limits: ParseLimits = DEFAULT_PARSE_LIMITS): Promise<ReadMail> {
  const scanned = raw.subarray(0, SCAN_BYTES).toString("latin1");
  const rawHeaders = headerBlock(scanned);
  const contentTypes = contentTypesOf(scanned);
  const problems: string[] = [];
  let parsed: ParsedMail | undefined;
  try {
    parsed = await withTimeout(
      simpleParser(raw, {
        keepCidLinks: true,
        keepDeliveryStatus: true,
        skipTextToHtml: true,
        skipTextLinks: true,
        maxHtmlLengthToParse: 2_000_000,
      }),
      limits.timeoutMs,
    );
  } catch (err) {
    problems.push(
      `The message could not be read as MIME (${err instanceof Error ? err.message : "unknown error"}); the raw message is kept.`,
    );
  }
  if (!parsed) return fallback(raw, rawHeaders, contentTypes, problems);
  if (parsed.textConversionError) problems.push("The HTML could not be turned into text.");
  const attachments = partsOf(parsed);
  const enclosed = attachments.filter((a) => ENCLOSED.test(a.contentType));
  const firstMessage = enclosed.find((a) => a.contentType.startsWith("message/"));
  const from = addressesOf(parsed.from)[0] ?? addressFromHeader(rawHeaders.get("from")?.[0]);
  if (!from) problems.push("The message names no sender we can read.");
  const html = typeof parsed.html === "string" && parsed.html.length > 0 ? parsed.html : null;
  return {
    messageId: normaliseMessageId(parsed.messageId),
    threadIds: [...messageIdsIn(parsed.inReplyTo), ...messageIdsIn(parsed.references).reverse()].filter(
      (id, i, all) => all.indexOf(id) === i,
    ),
    from,
    to: addressesOf(parsed.to),
    cc: addressesOf(parsed.cc),
    replyTo: addressesOf(parsed.replyTo),
    subject: (parsed.subject ?? "").replace(/[\r\n]+/g, " ").trim(),
    text: clip(parsed.text ?? "", problems),
    html,
    headers: rawHeaders,
    contentTypes,
    attachments,
    reportedIds: enclosed.flatMap((a) => idsInEnclosed(a.content)),
    hasEnclosedMessage: firstMessage !== undefined,
    enclosedFrom: firstMessage
      ? addressFromHeader(
          headerBlock(firstMessage.content.subarray(0, 64 * 1024).toString("latin1")).get("from")?.[0],
        )
      : null,
    problems,
  };
}

/** What can be had without mailparser: the headers by hand, the body as text. */
function fallback(
  raw: Buffer,
  headers: Map<string, string[]>,
  contentTypes: string[],
  problems: string[],
): ReadMail {
  const text = raw.subarray(0, SCAN_BYTES).toString("utf8");
  const end = text.search(/\r?\n\r?\n/);
  const body = end === -1 ? "" : text.slice(end).trim();
  const first = (name: string) => headers.get(name)?.[0];
  return {
    messageId: normaliseMessageId(first("message-id")),
    threadIds: [...messageIdsIn(first("in-reply-to")), ...messageIdsIn(first("references")).reverse()],
    from: addressFromHeader(first("from")),
    to: [],
    cc: [],
    replyTo: [],
    subject: (first("subject") ?? "").slice(0, 500),
    text: clip(body, problems),
    html: null,
    headers,
    contentTypes,
    attachments: [],
    reportedIds: [],
    hasEnclosedMessage: false,
    enclosedFrom: null,
    problems,
  };
}
