import type { MailMeta } from "./email.store.js";

/** A mail as staff see it in the mail log and on a case: never the raw bytes, never the HTML. */
export interface MailView {
  id: string;
  direction: string;
  source: string;
  status: string;
  classification: string | null;
  reason: string | null;
  purpose: string | null;
  sender: string | null;
  recipients: string[];
  subject: string | null;
  messageId: string | null;
  size: number;
  problems: string[];
  caseId: string | null;
  entryId: string | null;
  attempts: number;
  lastError: string | null;
  receivedAt: string;
  processedAt: string | null;
  sentAt: string | null;
}

export function presentMail(row: MailMeta): MailView {
  return {
    id: row.id,
    direction: row.direction,
    source: row.source,
    status: row.status,
    classification: row.classification,
    reason: row.reason,
    purpose: row.purpose,
    sender: row.sender,
    recipients: JSON.parse(row.envelope_to) as string[],
    subject: row.subject,
    messageId: row.message_id,
    size: row.size,
    problems: JSON.parse(row.problems) as string[],
    caseId: row.case_id,
    entryId: row.entry_id,
    attempts: row.attempts,
    lastError: row.last_error,
    receivedAt: row.received_at,
    processedAt: row.processed_at,
    sentAt: row.sent_at,
  };
}

/** RFC 6266 Content-Disposition with an ASCII fallback and the UTF-8 name. */
export function contentDisposition(kind: "attachment" | "inline", filename: string): string {
  const ascii = filename.replace(/[^\x20-\x7e]/g, "_").replace(/["\\]/g, "_");
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}
