import { simpleParser } from "mailparser";
import type { TestApp } from "./harness.js";

/** The .ics of each mail sent for a case, oldest first, unfolded into property → value. */
export async function invitationsOf(t: TestApp, caseId: string) {
  const mails = await t.deps.db
    .selectFrom("mail_messages")
    .select(["raw", "recipient", "subject", "received_at", "id"])
    .where("case_id", "=", caseId)
    .where("direction", "=", "out")
    .orderBy("received_at")
    .orderBy("id")
    .execute();
  const out = [];
  for (const m of mails) {
    const parsed = await simpleParser(Buffer.from(m.raw));
    const ics = parsed.attachments.find((a) => a.filename?.endsWith(".ics"));
    if (!ics) continue;
    const text = ics.content.toString("utf8").replace(/\r?\n[ \t]/g, "");
    const props = new Map<string, string>();
    for (const line of text.split(/\r?\n/)) {
      const i = line.indexOf(":");
      if (i > 0 && !props.has(line.slice(0, i))) props.set(line.slice(0, i), line.slice(i + 1));
    }
    out.push({
      to: m.recipient,
      subject: m.subject,
      text: parsed.text ?? "",
      contentType: ics.contentType,
      props,
      raw: text,
    });
  }
  return out;
}
