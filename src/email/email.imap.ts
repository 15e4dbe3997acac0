import { createHash } from "node:crypto";
import { ImapFlow } from "imapflow";
import type { Deps } from "../deps.js";
import { findWorkspaceBySlug } from "../workspaces/workspaces.store.js";
import { processMail, storeRawMail } from "./email.ingest.js";

/*
 * IMAP polling (imapflow), the alternative to the SMTP listener: unseen mail in one mailbox is
 * fetched, stored raw, processed by the same pipeline, and then flagged \Seen. A mail already
 * stored (same bytes, same source) is not stored twice, so a poll that dies between storing and
 * flagging does no harm when the next one fetches the mail again.
 */

export interface ImapPollerOptions {
  /** imap://user:pass@host:143/INBOX (STARTTLS when offered) or imaps://…:993/INBOX. */
  url: string;
  /** The workspace (slug) whose mail this mailbox holds. */
  workspace: string;
  intervalMs: number;
  allowUnverifiedTls?: boolean;
  log?: (level: "info" | "warn" | "error", message: string, extra?: Record<string, unknown>) => void;
}

export interface ImapPoller {
  /** One poll: returns how many new mails were stored. */
  pollOnce(): Promise<number>;
  start(): void;
  stop(): Promise<void>;
}

export function parseImapUrl(url: string) {
  const u = new URL(url);
  if (u.protocol !== "imap:" && u.protocol !== "imaps:")
    throw new Error("FRONTDESK_IMAP_URL must start with imap:// or imaps://");
  return {
    host: u.hostname,
    port: u.port ? Number(u.port) : u.protocol === "imaps:" ? 993 : 143,
    secure: u.protocol === "imaps:",
    user: decodeURIComponent(u.username),
    pass: decodeURIComponent(u.password),
    mailbox: decodeURIComponent(u.pathname.replace(/^\//, "")) || "INBOX",
  };
}

export function createImapPoller(deps: Deps, opts: ImapPollerOptions): ImapPoller {
  const target = parseImapUrl(opts.url);
  const log = opts.log ?? (() => undefined);
  let timer: ReturnType<typeof setInterval> | undefined;
  let polling: Promise<unknown> | undefined;

  async function alreadyStored(workspaceId: string, raw: Buffer): Promise<boolean> {
    const sha256 = createHash("sha256").update(raw).digest("hex");
    const row = await deps.db
      .selectFrom("mail_messages")
      .select("id")
      .where("workspace_id", "=", workspaceId)
      .where("sha256", "=", sha256)
      .where("source", "=", "imap")
      .executeTakeFirst();
    return row !== undefined;
  }

  async function pollOnce(): Promise<number> {
    const ws = await findWorkspaceBySlug(deps.db, opts.workspace);
    if (!ws) throw new Error(`FRONTDESK_IMAP_WORKSPACE names "${opts.workspace}", which does not exist.`);
    const client = new ImapFlow({
      host: target.host,
      port: target.port,
      secure: target.secure,
      auth: { user: target.user, pass: target.pass },
      logger: false,
      tls: { rejectUnauthorized: !opts.allowUnverifiedTls },
      socketTimeout: 60_000,
    });
    client.on("error", (err: unknown) => {
      log("warn", "IMAP connection error", { err });
    });
    let stored = 0;
    await client.connect();
    try {
      const lock = await client.getMailboxLock(target.mailbox);
      try {
        const uids = (await client.search({ seen: false }, { uid: true })) || [];
        for (const uid of uids) {
          const msg = await client.fetchOne(String(uid), { source: true }, { uid: true });
          if (!msg || !msg.source) continue;
          if (!(await alreadyStored(ws.id, msg.source))) {
            const mailId = await storeRawMail(deps, { workspaceId: ws.id, raw: msg.source, source: "imap" });
            stored += 1;
            await processMail(deps, ws.id, mailId).catch((err: unknown) => {
              log("error", "a polled message was stored but could not be processed", { err, mailId });
            });
          }
          await client.messageFlagsAdd(String(uid), ["\\Seen"], { uid: true });
        }
      } finally {
        lock.release();
      }
    } finally {
      await client.logout().catch(() => undefined);
    }
    return stored;
  }

  function tick(): void {
    if (polling) return;
    polling = pollOnce()
      .catch((err: unknown) => {
        log("error", "IMAP poll failed", { err });
      })
      .finally(() => {
        polling = undefined;
      });
  }

  return {
    pollOnce,
    start() {
      if (timer) return;
      tick();
      timer = setInterval(tick, opts.intervalMs);
      timer.unref();
    },
    async stop() {
      if (timer) clearInterval(timer);
      timer = undefined;
      await polling;
    },
  };
}
