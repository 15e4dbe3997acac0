import nodemailer from "nodemailer";
import type { MailTransport } from "./email.settings.js";

/*
 * The one module that knows how mail leaves: nodemailer over SMTP, from a connection URL in
 * config (FRONTDESK_SMTP_OUT_URL, e.g. smtp://user:pass@mail.example:587 or smtps://…:465).
 */

export interface SmtpTransportOptions {
  /** smtp:// (STARTTLS when the server offers it) or smtps:// (TLS from the start). */
  url: string;
  /** Accept a certificate that does not verify (a local relay with a self-signed one). */
  allowUnverifiedTls?: boolean;
  /** Seconds to wait for the server at each step before the send fails (and is retried later). */
  timeoutSeconds?: number;
}

export function createSmtpTransport(opts: SmtpTransportOptions): MailTransport {
  const url = new URL(opts.url);
  if (url.protocol !== "smtp:" && url.protocol !== "smtps:")
    throw new Error("FRONTDESK_SMTP_OUT_URL must start with smtp:// or smtps://");
  const timeout = (opts.timeoutSeconds ?? 30) * 1000;
  const transporter = nodemailer.createTransport({
    host: url.hostname,
    port: url.port ? Number(url.port) : url.protocol === "smtps:" ? 465 : 587,
    secure: url.protocol === "smtps:",
    ...(url.username && {
      auth: { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) },
    }),
    connectionTimeout: timeout,
    greetingTimeout: timeout,
    socketTimeout: timeout,
    tls: { rejectUnauthorized: !opts.allowUnverifiedTls },
  });
  return {
    async send(envelope, raw) {
      await transporter.sendMail({ envelope, raw });
    },
    close() {
      transporter.close();
    },
  };
}
