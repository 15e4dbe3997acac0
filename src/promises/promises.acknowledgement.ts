import type { Instant } from "../shared/clock.js";
import { customerWording, type PromiseKind, type PromiseTarget } from "./promises.rules.js";

/*
 * The acknowledgement a customer receives when their request is in (by email, on the portal):
 * what we received and every open promise in their terms — "We will reply by Tue 8 Dec, 10:30
 * (New York time)." Pure: the caller gathers the case, the customer and the promises. The email
 * channel and the portal send or show exactly this; staff preview it on the case.
 */

/** What the acknowledgement needs of one promise. */
export interface AcknowledgedPromise {
  kind: PromiseKind;
  target: PromiseTarget | null;
  /** What was promised; shown for promises a person entered ("Check with the warehouse"). */
  description: string;
  dueAt: Instant;
  status: string;
  pausedAt: Instant | null;
}

export interface AcknowledgementInput {
  caseNumber: number;
  subject: string;
  /** The customer's name; null when the case has no customer yet. */
  customerName: string | null;
  /** Who signs it: the workspace's name. */
  senderName: string;
  /** The zone the customer reads times in (the customer's when known, else the workspace's). */
  timeZone: string;
  promises: readonly AcknowledgedPromise[];
  /** A link to the case in the customer portal, when one was made for this message. */
  portalUrl?: string | null | undefined;
}

export interface Acknowledgement {
  /** A subject line for email, carrying the case number so replies thread. */
  subject: string;
  /** The promise sentences, soonest first (what the customer is told, one per line). */
  promiseLines: string[];
  text: string;
  /** The same message as HTML, every value escaped. */
  html: string;
}

const HTML_ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] ?? c);
}

/** Lower-cases the first letter, for a sentence that continues after a colon. */
function continuing(sentence: string): string {
  return sentence.charAt(0).toLowerCase() + sentence.slice(1);
}

/**
 * One promise as a sentence. Targets from the agreement read on their own ("We will reply by …");
 * a promise a person entered says what it is first ("Check with the warehouse: we will get back
 * to you by …").
 */
export function promiseSentence(p: AcknowledgedPromise, timeZone: string): string {
  const wording = customerWording(p.dueAt, timeZone, p.kind, p.target);
  const what = p.description.trim();
  if (p.target !== null || what.length === 0) return `${wording}.`;
  return `${what.replace(/[.:;,]+$/, "")}: ${continuing(wording)}.`;
}

/**
 * The lines the customer is told: open, running promises by due time (duplicates once). A reply
 * target paused while we wait on the customer has no time to tell, so it becomes one sentence
 * saying we wait for them.
 */
export function acknowledgedLines(promises: readonly AcknowledgedPromise[], timeZone: string): string[] {
  const open = promises.filter((p) => p.status === "open");
  const running = open.filter((p) => p.pausedAt === null).sort((a, b) => a.dueAt.localeCompare(b.dueAt));
  const lines = [...new Set(running.map((p) => promiseSentence(p, timeZone)))];
  if (open.some((p) => p.pausedAt !== null))
    lines.push("We are waiting for your answer; we will reply as soon as we have it.");
  return lines;
}

/** The acknowledgement as text and HTML. */
export function acknowledgementFor(input: AcknowledgementInput): Acknowledgement {
  const ref = `#${input.caseNumber}`;
  // One line whatever was typed: the subject also becomes an email header.
  const subjectText = input.subject.replace(/\s+/g, " ").trim();
  const greeting = input.customerName?.trim() ? `Hello ${input.customerName.trim()},` : "Hello,";
  const received = `We received your request ${ref}, “${subjectText}”.`;
  const lines = acknowledgedLines(input.promises, input.timeZone);
  const body = lines.length > 0 ? lines : ["We will get back to you as soon as we can."];
  const quote = `Please quote ${ref} whenever you contact us about this.`;
  const portal = input.portalUrl ? "Follow your request and reply online:" : null;
  const text = [
    greeting,
    "",
    received,
    "",
    ...body,
    "",
    quote,
    ...(portal && input.portalUrl ? ["", portal, input.portalUrl] : []),
    "",
    input.senderName,
  ].join("\n");
  const e = escapeHtml;
  const html = [
    `<p>${e(greeting)}</p>`,
    `<p>${e(received)}</p>`,
    lines.length > 0
      ? `<ul>${body.map((l) => `<li>${e(l)}</li>`).join("")}</ul>`
      : `<p>${e(body[0] ?? "")}</p>`,
    `<p>${e(quote)}</p>`,
    ...(portal && input.portalUrl
      ? [`<p>${e(portal)} <a href="${e(input.portalUrl)}">${e(input.portalUrl)}</a></p>`]
      : []),
    `<p>${e(input.senderName)}</p>`,
  ].join("\n");
  // "[#1042]" is the case token replies thread by (src/email/email.rules.ts), so it leads.
  return { subject: `[${ref}] We received your request: ${subjectText}`, promiseLines: lines, text, html };
}
