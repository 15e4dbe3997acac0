import { readFileSync } from "node:fs";
import type { MailConfig } from "../config.js";
import type { Deps } from "../deps.js";
import { createImapPoller, type ImapPoller } from "./email.imap.js";
import { DEFAULT_MAIL_SETTINGS, type MailDeps } from "./email.settings.js";
import { startSmtpListener, type SmtpListener } from "./email.smtp.js";
import { createSmtpTransport } from "./email.transport.js";

type Log = (level: "info" | "warn" | "error", message: string, extra?: Record<string, unknown>) => void;

/** The email channel's part of Deps, from config: settings and the outbound transport (or none). */
export function mailDepsFrom(config: MailConfig, publicUrl: string | null = null): MailDeps {
  return {
    settings: {
      ...DEFAULT_MAIL_SETTINGS,
      publicUrl,
      addresses: config.addresses,
      from: config.from,
      attachmentMaxBytes: config.attachmentMaxBytes,
      attachmentMaxCount: config.attachmentMaxCount,
      senderPerHour: config.senderPerHour,
    },
    transport: config.outUrl
      ? createSmtpTransport({ url: config.outUrl, allowUnverifiedTls: config.outAllowUnverifiedTls })
      : null,
  };
}

export interface RunningMailChannel {
  smtp: SmtpListener | null;
  imap: ImapPoller | null;
  stop(): Promise<void>;
}

/** Starts what config turns on: the SMTP listener and/or the IMAP poller. `deps.mail` must be set. */
export async function startMailChannel(
  deps: Deps,
  config: MailConfig,
  log: Log,
): Promise<RunningMailChannel> {
  let smtp: SmtpListener | null = null;
  let imap: ImapPoller | null = null;
  if (config.smtpEnabled) {
    const tls =
      config.smtpTlsKeyFile && config.smtpTlsCertFile
        ? { key: readFileSync(config.smtpTlsKeyFile), cert: readFileSync(config.smtpTlsCertFile) }
        : undefined;
    smtp = await startSmtpListener(deps, {
      host: config.smtpHost,
      port: config.smtpPort,
      maxBytes: config.smtpMaxBytes,
      tls,
      socketTimeoutMs: config.smtpSocketTimeoutMs,
      log,
    });
  }
  if (config.imapUrl) {
    if (!config.imapWorkspace) throw new Error("FRONTDESK_IMAP_URL needs FRONTDESK_IMAP_WORKSPACE.");
    imap = createImapPoller(deps, {
      url: config.imapUrl,
      workspace: config.imapWorkspace,
      intervalMs: config.imapIntervalMs,
      log,
    });
    imap.start();
  }
  return {
    smtp,
    imap,
    async stop() {
      await imap?.stop();
      await smtp?.close();
      deps.mail?.transport?.close();
    },
  };
}
