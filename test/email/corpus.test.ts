import { createHash } from "node:crypto";
import { writeFileSync } from "node:fs";
import { afterAll, beforeAll, expect, it } from "vitest";
import { DEFAULT_MAIL_SETTINGS } from "../../src/email/email.settings.js";
import { isAutomatic, type MailKind } from "../../src/email/email.rules.js";
import { startSmtpListener, type SmtpListener } from "../../src/email/email.smtp.js";
import { createTestWorkspace, type TestWorkspace } from "../support/factories.js";
import { eachDialect, useTestApp } from "../support/harness.js";
import { smtpClient } from "../support/smtp-sink.js";
import { corpusAvailable, loadCorpus, type CorpusMessage } from "./corpus.js";
import { KNOWN_DIFFERENCES } from "./corpus.known.js";

const DESK = "desk@corpus.example";
const run = corpusAvailable();
const corpus = run ? loadCorpus() : [];

/** flanker's README: these are machine reports and must be recognised as automatic. */
const FLANKER_AUTOMATIC = /^flanker\/(bounce|complaints)\/|^flanker\/disposition-notification\.eml$/;

const sha = (b: Buffer) => createHash("sha256").update(b).digest("hex");
/** SMTP carries lines, not line endings: compare the bytes with CRLF and LF made one. */
const lines = (b: Buffer) => b.toString("latin1").replace(/\r\n/g, "\n").replace(/\n+$/, "");
const squash = (s: string) => s.replace(/\s+/g, " ").trim();

interface Outcome {
  name: string;
  response: string;
  mailId: string;
  status: string;
  kind: MailKind;
  caseId: string | null;
  rawKept: boolean;
  differences: string[];
}

eachDialect("the mail corpus through the real SMTP listener", (dialect) => {
  const t = useTestApp(dialect);
  let ws: TestWorkspace;
  let listener: SmtpListener;
  const outcomes: Outcome[] = [];

  beforeAll(async () => {
    ws = await createTestWorkspace(t.deps, "corpus");
    t.deps.mail = {
      // Many fixtures share a sender; the flood limit is tested elsewhere.
      settings: {
        ...DEFAULT_MAIL_SETTINGS,
        addresses: [{ address: DESK, workspace: "corpus" }],
        senderPerHour: 100_000,
      },
      transport: null,
    };
    listener = await startSmtpListener(t.deps, { host: "127.0.0.1", port: 0, maxBytes: 32 * 1024 * 1024 });
  });
  afterAll(async () => {
    await listener.close();
  });

  async function compare(m: CorpusMessage, mailId: string): Promise<string[]> {
    const e = m.expected;
    if (!e) return [];
    const row = await t.deps.db
      .selectFrom("mail_messages")
      .select(["sender", "subject", "entry_id"])
      .where("id", "=", mailId)
      .executeTakeFirstOrThrow();
    const entry = row.entry_id
      ? await t.deps.db
          .selectFrom("case_entries")
          .select(["data", "body"])
          .where("id", "=", row.entry_id)
          .executeTakeFirst()
      : undefined;
    const email = entry ? (JSON.parse(entry.data) as { email: Record<string, any> }).email : undefined;
    const diffs: string[] = [];
    const fromEmail = (email?.from?.address as string | undefined) ?? row.sender ?? "";
    if (fromEmail !== e.fromEmail)
      diffs.push(`from_email: ${JSON.stringify(fromEmail)} ≠ ${JSON.stringify(e.fromEmail)}`);
    if (email) {
      const name = (email.from?.name as string | undefined) ?? "";
      if (squash(name) !== squash(e.fromDisplayName))
        diffs.push(`from_display_name: ${JSON.stringify(name)} ≠ ${JSON.stringify(e.fromDisplayName)}`);
      const to = (email.to as { address: string }[]).map((a) => a.address);
      if (to.join(",") !== e.to.join(",")) diffs.push(`to: ${to.join(",")} ≠ ${e.to.join(",")}`);
      const cc = (email.cc as { address: string }[]).map((a) => a.address);
      if (cc.join(",") !== e.cc.join(",")) diffs.push(`cc: ${cc.join(",")} ≠ ${e.cc.join(",")}`);
    }
    if (squash(row.subject ?? "") !== squash(e.subject))
      diffs.push(`subject: ${JSON.stringify(row.subject)} ≠ ${JSON.stringify(e.subject)}`);
    if (!email) return diffs;
    const ours = await t.deps.db
      .selectFrom("mail_attachments")
      .select(["filename", "size", "md5"])
      .where("mail_id", "=", mailId)
      .orderBy("id")
      .execute();
    const key = (a: { filename: string; size: number; md5: string }) => `${a.filename}|${a.size}|${a.md5}`;
    const mine = ours.map(key).sort();
    const theirs = e.attachments.map(key).sort();
    for (const a of theirs.filter((x) => !mine.includes(x))) diffs.push(`attachment missing: ${a}`);
    for (const a of mine.filter((x) => !theirs.includes(x))) diffs.push(`attachment extra: ${a}`);
    const html = await t.deps.db
      .selectFrom("mail_messages")
      .select("html")
      .where("id", "=", mailId)
      .executeTakeFirstOrThrow();
    const haystack = squash(
      `${entry?.body ?? ""} ${(html.html ?? "").replace(/<[^>]*>/g, " ")}`,
    ).toLowerCase();
    const missing = e.bodyWords.filter((w) => !haystack.includes(w.toLowerCase()));
    if (missing.length > 0) diffs.push(`body lacks: ${missing.join(" ")}`);
    return diffs;
  }

  it.runIf(run)(
    "every message is accepted, kept raw, and becomes a case or joins one (automatic ones recorded as such)",
    async () => {
      const client = smtpClient(listener.port);
      for (const m of corpus) {
        const info = await client.sendMail({
          envelope: { from: "corpus@sender.example", to: [DESK] },
          raw: m.raw,
        });
        const row = await t.deps.db
          .selectFrom("mail_messages")
          .select(["id", "status", "classification", "case_id", "raw", "sha256"])
          .where("workspace_id", "=", ws.workspace.id)
          .where("direction", "=", "in")
          .orderBy("id", "desc")
          .executeTakeFirstOrThrow();
        outcomes.push({
          name: m.name,
          response: info.response,
          mailId: row.id,
          status: row.status,
          kind: row.classification as MailKind,
          caseId: row.case_id,
          rawKept: lines(row.raw) === lines(m.raw) && row.sha256 === sha(row.raw),
          differences: await compare(m, row.id),
        });
      }
      expect(outcomes).toHaveLength(corpus.length);
      for (const o of outcomes) {
        expect(o.response, o.name).toMatch(/^250 /);
        expect(o.rawKept, `${o.name}: raw kept`).toBe(true);
        expect(o.status, o.name).toBe("processed");
        if (!isAutomatic(o.kind)) expect(o.caseId, `${o.name} (${o.kind}) is on a case`).not.toBeNull();
        if (FLANKER_AUTOMATIC.test(o.name))
          expect(isAutomatic(o.kind), `${o.name} is automatic (${o.kind})`).toBe(true);
      }
      // The listener is still fine after all of that.
      const ok = await client.sendMail({
        from: "after@corpus.example",
        to: DESK,
        subject: "after",
        text: "ok",
      });
      expect(ok.response).toMatch(/^250 /);

      const zammad = outcomes.filter((o) => o.name.startsWith("zammad/"));
      const matched = zammad.filter((o) => o.differences.length === 0);
      const byKind = new Map<string, number>();
      for (const o of outcomes) byKind.set(o.kind, (byKind.get(o.kind) ?? 0) + 1);
      const report = [
        `corpus [${dialect}]: ${outcomes.length} messages, all accepted (250) and kept raw; ` +
          `${outcomes.filter((o) => o.caseId).length} on cases, ${outcomes.filter((o) => !o.caseId).length} automatic without a case.`,
        `kinds: ${[...byKind].map(([k, n]) => `${k} ${n}`).join(", ")}`,
        `zammad expectations: ${matched.length} of ${zammad.length} match exactly (from, to, cc, subject, attachments; body loosely).`,
        ...zammad
          .filter((o) => o.differences.length > 0)
          .map((o) => `  ${o.name}: ${o.differences.join("; ")}`),
      ];
      console.log(report.join("\n"));
      if (process.env.CORPUS_DUMP)
        writeFileSync(
          process.env.CORPUS_DUMP,
          JSON.stringify(
            Object.fromEntries(
              zammad.filter((o) => o.differences.length > 0).map((o) => [o.name, o.differences]),
            ),
            null,
            1,
          ),
        );
      // Every difference is known and explained; a new one (or one that went away) fails the test.
      const actual = Object.fromEntries(
        zammad.filter((o) => o.differences.length > 0).map((o) => [o.name, o.differences]),
      );
      expect(actual).toEqual(
        Object.fromEntries(Object.entries(KNOWN_DIFFERENCES).map(([k, v]) => [k, v.differences])),
      );
    },
    600_000,
  );
});
