import { caseToken } from "./email.rules.js";

/*
 * The acknowledgement a new emailed case gets. This is the one seam the lead points at the pure
 * renderer (src/promises/promises.acknowledgement.ts) once it exists; until then it builds the
 * mail from the promise wording the promises presenter already gives ("We will reply by …").
 */

export interface AcknowledgementInput {
  workspaceName: string;
  caseNumber: number;
  /** The subject the customer wrote. */
  subject: string;
  customerName: string | null;
  /** The customer-facing wording of the reply promise, or null when nothing was promised. */
  promiseWording: string | null;
}

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

/** Plain text as HTML paragraphs (for the HTML part of a mail written as text). */
export function textToHtml(text: string): string {
  const paragraphs = text.split(/\n{2,}/).map((p) => `<p>${escapeHtml(p).replace(/\n/g, "<br>")}</p>`);
  return `<!doctype html><html><body>${paragraphs.join("\n")}</body></html>`;
}

/** "We have your message" with the case number and, when one was made, the reply promise. */
export function renderAcknowledgement(input: AcknowledgementInput): RenderedMail {
  const greeting = input.customerName ? `Hello ${input.customerName},` : "Hello,";
  const promise = input.promiseWording ? `${input.promiseWording}.` : "We will reply as soon as we can.";
  const text = [
    greeting,
    "",
    `Thank you for writing to ${input.workspaceName}. Your message is case ${caseToken(input.caseNumber)}.`,
    promise,
    "",
    "To add anything, reply to this mail and keep the case number in the subject.",
    "",
    input.workspaceName,
  ].join("\n");
  return {
    subject: `${caseToken(input.caseNumber)} We have your message: ${input.subject || "your message"}`,
    text,
    html: textToHtml(text),
  };
}
