import { parseMailAddresses } from "./email/email.settings.js";

/** The email channel (src/email); everything is off until configured. */
export interface MailConfig {
  /** Start the SMTP listener with `serve`. */
  smtpEnabled: boolean;
  smtpHost: string;
  smtpPort: number;
  /** Largest message the listener accepts, in bytes; larger ones are refused with 552. */
  smtpMaxBytes: number;
  /** PEM files; STARTTLS is offered when both are set. */
  smtpTlsKeyFile: string | null;
  smtpTlsCertFile: string | null;
  smtpSocketTimeoutMs: number;
  /** Addresses the desk receives mail for, each with its workspace (slug). */
  addresses: { address: string; workspace: string }[];
  /** From address of outbound mail; default: the workspace's first address. */
  from: string | null;
  /** Outbound SMTP, e.g. smtp://user:pass@relay.example:587; null: nothing is sent. */
  outUrl: string | null;
  outAllowUnverifiedTls: boolean;
  /** A mailbox to poll instead of (or besides) the listener, e.g. imaps://user:pass@imap.example/INBOX. */
  imapUrl: string | null;
  /** The workspace (slug) the polled mailbox belongs to. */
  imapWorkspace: string | null;
  imapIntervalMs: number;
  attachmentMaxBytes: number;
  attachmentMaxCount: number;
  /** Mails per sender per hour turned into case entries; more are recorded only. */
  senderPerHour: number;
}

/** Settings from the environment, with defaults that make `npm start` work on a fresh clone. */
export interface Config {
  /** `postgres://…` or a SQLite file path. */
  databaseUrl: string;
  host: string;
  port: number;
  /** Largest request body accepted, in bytes; larger ones answer 413. */
  bodyLimit: number;
  logLevel: string;
  sqliteSynchronous: "NORMAL" | "FULL";
  /** Mark the session cookie Secure (behind TLS). */
  secureCookies: boolean;
  /** Logins allowed per IP and email per minute. */
  loginRatePerMinute: number;
  /** Load the demo workspace when the database has no workspace yet. */
  loadDemo: boolean;
  /** How often this instance looks for due work (promise warnings, breaches). */
  dueWorkIntervalMs: number;
  /** Public request-form submissions allowed per IP per minute. */
  portalRequestRatePerMinute: number;
  /** Portal link openings allowed per IP per minute. */
  portalOpenRatePerMinute: number;
  /** The address customers reach us at, e.g. https://help.example.com; portal links start with it. */
  publicUrl: string | null;
  /** Comment lines sent on open event streams this often, so proxies and browsers keep them open. */
  sseHeartbeatMs: number;
  /** Event streams one session (or one API token's staff member) may hold open on one instance. */
  sseMaxStreamsPerSession: number;
  /** How long presence ("viewing", "replying") lasts unless the client refreshes it. */
  presenceTtlMs: number;
  /** How often this instance drops expired presence and tells the case's streams. */
  presenceSweepMs: number;
  mail: MailConfig;
}

export const DEFAULT_BODY_LIMIT = 1_048_576;

function int(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined || value === "") return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a whole number, not "${value}".`);
  return n;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const sync = env.FRONTDESK_SQLITE_SYNCHRONOUS ?? "NORMAL";
  if (sync !== "NORMAL" && sync !== "FULL")
    throw new Error("FRONTDESK_SQLITE_SYNCHRONOUS is NORMAL or FULL.");
  return {
    databaseUrl: env.DATABASE_URL ?? env.FRONTDESK_DATABASE_URL ?? "./data/frontdesk.db",
    host: env.HOST ?? "127.0.0.1",
    port: int(env.PORT, 3000, "PORT"),
    bodyLimit: int(env.FRONTDESK_BODY_LIMIT, DEFAULT_BODY_LIMIT, "FRONTDESK_BODY_LIMIT"),
    logLevel: env.LOG_LEVEL ?? "info",
    sqliteSynchronous: sync,
    secureCookies: env.FRONTDESK_SECURE_COOKIES === "true",
    loginRatePerMinute: int(env.FRONTDESK_LOGIN_RATE, 10, "FRONTDESK_LOGIN_RATE"),
    loadDemo: env.FRONTDESK_DEMO !== "false",
    dueWorkIntervalMs: Math.max(
      100,
      int(env.FRONTDESK_DUE_WORK_INTERVAL_MS, 5_000, "FRONTDESK_DUE_WORK_INTERVAL_MS"),
    ),
    portalRequestRatePerMinute: int(env.FRONTDESK_PORTAL_REQUEST_RATE, 5, "FRONTDESK_PORTAL_REQUEST_RATE"),
    portalOpenRatePerMinute: int(env.FRONTDESK_PORTAL_OPEN_RATE, 30, "FRONTDESK_PORTAL_OPEN_RATE"),
    publicUrl: env.FRONTDESK_PUBLIC_URL ? env.FRONTDESK_PUBLIC_URL.replace(/\/+$/, "") : null,
    sseHeartbeatMs: Math.max(
      1_000,
      int(env.FRONTDESK_SSE_HEARTBEAT_MS, 20_000, "FRONTDESK_SSE_HEARTBEAT_MS"),
    ),
    sseMaxStreamsPerSession: Math.max(1, int(env.FRONTDESK_SSE_MAX_STREAMS, 4, "FRONTDESK_SSE_MAX_STREAMS")),
    presenceTtlMs: Math.max(1_000, int(env.FRONTDESK_PRESENCE_TTL_MS, 30_000, "FRONTDESK_PRESENCE_TTL_MS")),
    presenceSweepMs: 2_000,
    mail: loadMailConfig(env),
  };
}

const text = (value: string | undefined): string | null =>
  value && value.trim() !== "" ? value.trim() : null;

function loadMailConfig(env: NodeJS.ProcessEnv): MailConfig {
  return {
    smtpEnabled: env.FRONTDESK_SMTP_ENABLED === "true",
    smtpHost: env.FRONTDESK_SMTP_HOST ?? "127.0.0.1",
    smtpPort: int(env.FRONTDESK_SMTP_PORT, 2525, "FRONTDESK_SMTP_PORT"),
    smtpMaxBytes: int(env.FRONTDESK_SMTP_MAX_BYTES, 25 * 1024 * 1024, "FRONTDESK_SMTP_MAX_BYTES"),
    smtpTlsKeyFile: text(env.FRONTDESK_SMTP_TLS_KEY),
    smtpTlsCertFile: text(env.FRONTDESK_SMTP_TLS_CERT),
    smtpSocketTimeoutMs: int(env.FRONTDESK_SMTP_TIMEOUT_MS, 60_000, "FRONTDESK_SMTP_TIMEOUT_MS"),
    addresses: parseMailAddresses(env.FRONTDESK_MAIL_ADDRESSES ?? ""),
    from: text(env.FRONTDESK_MAIL_FROM),
    outUrl: text(env.FRONTDESK_SMTP_OUT_URL),
    outAllowUnverifiedTls: env.FRONTDESK_SMTP_OUT_ALLOW_UNVERIFIED_TLS === "true",
    imapUrl: text(env.FRONTDESK_IMAP_URL),
    imapWorkspace: text(env.FRONTDESK_IMAP_WORKSPACE),
    imapIntervalMs: Math.max(1000, int(env.FRONTDESK_IMAP_INTERVAL_MS, 60_000, "FRONTDESK_IMAP_INTERVAL_MS")),
    attachmentMaxBytes: int(
      env.FRONTDESK_MAIL_ATTACHMENT_MAX_BYTES,
      10 * 1024 * 1024,
      "FRONTDESK_MAIL_ATTACHMENT_MAX_BYTES",
    ),
    attachmentMaxCount: int(
      env.FRONTDESK_MAIL_ATTACHMENT_MAX_COUNT,
      30,
      "FRONTDESK_MAIL_ATTACHMENT_MAX_COUNT",
    ),
    senderPerHour: Math.max(1, int(env.FRONTDESK_MAIL_SENDER_PER_HOUR, 20, "FRONTDESK_MAIL_SENDER_PER_HOUR")),
  };
}
