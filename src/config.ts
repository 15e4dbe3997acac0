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
  };
}
