import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from "smtp-server";
import type { Deps } from "../deps.js";
import { findWorkspaceBySlug } from "../workspaces/workspaces.store.js";
import { processMail, storeRawMail } from "./email.ingest.js";
import { mailOf } from "./email.settings.js";

/*
 * The SMTP listener the workspace's mail is forwarded to (smtp-server). It accepts mail only for
 * the configured addresses, refuses over-size mail with 552 before anything is stored, stores
 * the raw bytes before it answers 250 (or answers 451 so the sender tries again), and never lets
 * one bad message or client take the process down: every callback catches, sockets time out.
 */

export interface SmtpListenerOptions {
  host: string;
  port: number;
  /** Largest message accepted, in bytes (advertised as SIZE; larger ones get 552). */
  maxBytes: number;
  /** PEM key and certificate: STARTTLS is offered only when both are given. */
  tls?: { key: Buffer; cert: Buffer } | undefined;
  /** An idle client is dropped after this long. */
  socketTimeoutMs?: number;
  /** At most this many clients at once. */
  maxClients?: number;
  /** Hears what went wrong (never crashes); defaults to silence. */
  log?: (level: "info" | "warn" | "error", message: string, extra?: Record<string, unknown>) => void;
}

export interface SmtpListener {
  host: string;
  port: number;
  close(): Promise<void>;
}

interface SmtpError extends Error {
  responseCode: number;
}

function smtpError(code: number, message: string): SmtpError {
  const err = new Error(message) as SmtpError;
  err.responseCode = code;
  return err;
}

/** "support+orders@x" is delivered as "support@x" (RFC 5233 sub-addressing). */
export function baseAddress(address: string): string {
  const lower = address.trim().toLowerCase();
  const at = lower.lastIndexOf("@");
  if (at < 1) return lower;
  const local = lower.slice(0, at).replace(/\+.*$/, "");
  return `${local}${lower.slice(at)}`;
}

/** Reads the DATA stream whole, or notes that it went past the size limit (still draining it). */
function readStream(stream: SMTPServerDataStream): Promise<Buffer | "too-large"> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    stream.on("data", (chunk: Buffer) => {
      if (!stream.sizeExceeded) chunks.push(chunk);
    });
    stream.on("error", reject);
    stream.on("end", () => {
      resolve(stream.sizeExceeded ? "too-large" : Buffer.concat(chunks));
    });
  });
}

export async function startSmtpListener(deps: Deps, opts: SmtpListenerOptions): Promise<SmtpListener> {
  const log = opts.log ?? (() => undefined);
  const { settings } = mailOf(deps);
  const workspaceOf = new Map<string, string>();
  for (const a of settings.addresses) {
    const ws = await findWorkspaceBySlug(deps.db, a.workspace);
    if (!ws)
      throw new Error(`FRONTDESK_MAIL_ADDRESSES names the workspace "${a.workspace}", which does not exist.`);
    workspaceOf.set(a.address, ws.id);
  }

  const onData = (
    stream: SMTPServerDataStream,
    session: SMTPServerSession,
    callback: (err?: Error | null, message?: string) => void,
  ) => {
    void (async () => {
      const raw = await readStream(stream);
      if (raw === "too-large") {
        callback(smtpError(552, `5.3.4 Message too big: the limit is ${opts.maxBytes} bytes`));
        return;
      }
      const recipients = session.envelope.rcptTo.map((r) => baseAddress(r.address));
      const workspaces = [...new Set(recipients.flatMap((r) => workspaceOf.get(r) ?? []))];
      const stored: { workspaceId: string; mailId: string }[] = [];
      try {
        for (const workspaceId of workspaces) {
          const mailId = await storeRawMail(deps, {
            workspaceId,
            raw,
            source: "smtp",
            envelopeFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : null,
            envelopeTo: recipients.filter((r) => workspaceOf.get(r) === workspaceId),
          });
          stored.push({ workspaceId, mailId });
        }
      } catch (err) {
        log("error", "could not store an incoming message", { err });
        // Nothing half-accepted: the sender keeps the message and tries again later.
        if (stored.length === 0) {
          callback(smtpError(451, "4.3.0 Temporary failure, please try again later"));
          return;
        }
      }
      for (const s of stored) {
        try {
          await processMail(deps, s.workspaceId, s.mailId);
        } catch (err) {
          // The raw message is kept with status "failed"; the sender has handed it over.
          log("error", "an incoming message was stored but could not be processed", {
            err,
            mailId: s.mailId,
          });
        }
      }
      callback(null, `2.0.0 Accepted as ${stored.map((s) => s.mailId).join(", ")}`);
    })().catch((err: unknown) => {
      log("error", "SMTP data handling failed", { err });
      callback(smtpError(451, "4.3.0 Temporary failure, please try again later"));
    });
  };

  const server = new SMTPServer({
    name: "frontdesk",
    banner: "Frontdesk mail intake",
    secure: false,
    ...(opts.tls ? { key: opts.tls.key, cert: opts.tls.cert } : { hideSTARTTLS: true }),
    // A mail intake, not a submission server: nobody logs in, only our addresses are accepted.
    authOptional: true,
    disabledCommands: opts.tls ? ["AUTH"] : ["AUTH", "STARTTLS"],
    size: opts.maxBytes,
    maxClients: opts.maxClients ?? 50,
    socketTimeout: opts.socketTimeoutMs ?? 60_000,
    closeTimeout: 5_000,
    logger: false,
    onRcptTo(address, _session, callback) {
      if (workspaceOf.has(baseAddress(address.address))) {
        callback();
        return;
      }
      callback(smtpError(550, `5.1.1 <${address.address}>: no such mailbox here`));
    },
    onData,
  });
  server.on("error", (err) => {
    log("warn", "SMTP connection error", { err });
  });
  await new Promise<void>((resolve, reject) => {
    server.server.once("error", reject);
    server.listen(opts.port, opts.host, () => {
      server.server.off("error", reject);
      resolve();
    });
  });
  const address = server.server.address();
  const port = typeof address === "object" && address ? address.port : opts.port;
  return {
    host: opts.host,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => {
          resolve();
        });
      }),
  };
}
