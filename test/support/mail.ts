import MailComposer from "nodemailer/lib/mail-composer/index.js";
import type Mail from "nodemailer/lib/mailer/index.js";
import type { TestApp } from "./harness.js";

/** A raw RFC 5322 message built by nodemailer's composer, as a real client would write it. */
export async function rawMail(opts: Mail.Options): Promise<Buffer> {
  return new MailComposer({ date: new Date("2026-12-07T15:00:00.000Z"), ...opts }).compile().build();
}

/** Hands a raw message to the desk through POST /api/mail/inbound as the given member. */
export async function postMail(
  t: TestApp,
  auth: { authorization: string },
  raw: Buffer,
): Promise<{
  mailId: string;
  status: string;
  classification: string | null;
  caseId: string | null;
  caseNumber: number | null;
  entryId: string | null;
  caseCreated: boolean;
  acknowledgementId: string | null;
  attachmentIds: string[];
}> {
  const res = await t.request({
    method: "POST",
    url: "/api/mail/inbound",
    headers: auth,
    json: { raw: raw.toString("base64") },
  });
  if (res.status !== 201) throw new Error(`POST /api/mail/inbound answered ${res.status}: ${res.text}`);
  return res.body;
}

/** The Message-ID header of a raw message, without brackets. */
export function messageIdOf(raw: Buffer): string {
  const m = /^message-id:\s*<([^>]+)>/im.exec(raw.toString("latin1"));
  if (!m?.[1]) throw new Error("no Message-ID");
  return m[1];
}
