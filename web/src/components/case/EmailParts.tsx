import { useState, type ReactNode } from "react";
import { humanize } from "../../format";
import type { Entry } from "../../types";

/** What the desk recorded about an email entry (src/email), read defensively from entry.data. */
interface EmailData {
  mailId?: string;
  from?: { address: string; name: string } | null;
  to?: ({ address: string; name: string } | string)[];
  kind?: string;
  reason?: string;
  automatic?: boolean;
  hasHtml?: boolean;
  remoteImages?: number;
  attachments?: {
    id: string;
    filename: string;
    contentType: string;
    size: number;
    inline: boolean;
    stored: boolean;
  }[];
  problems?: string[];
  forwardedBy?: string;
  followUpOf?: number;
  status?: string;
}

export function emailOf(entry: Entry): EmailData | undefined {
  const e = entry.data.email;
  return e && typeof e === "object" ? e : undefined;
}

function size(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} kB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/**
 * The email parts of a timeline entry: who wrote, whether a machine did, the message as sent
 * (sanitised HTML in a sandboxed frame, remote images only when the reader asks), attachments.
 */
export function EmailParts({ entry }: { entry: Entry }): ReactNode {
  const email = emailOf(entry);
  const [showHtml, setShowHtml] = useState(false);
  const [remote, setRemote] = useState(false);
  if (!email) return null;
  const attachments = (email.attachments ?? []).filter((a) => !a.inline || !email.hasHtml);
  const to = (email.to ?? []).map((t) => (typeof t === "string" ? t : t.address)).join(", ");
  return (
    <div className="email-parts">
      {entry.direction === "in" && email.from && (
        <p className="email-meta">
          From {email.from.name ? `${email.from.name} <${email.from.address}>` : email.from.address}
          {email.forwardedBy && " · forwarded by staff"}
          {email.followUpOf !== undefined && ` · follows up closed case #${email.followUpOf}`}
        </p>
      )}
      {entry.direction === "out" && to && (
        <p className="email-meta">
          {email.status === "off"
            ? "Recorded; outbound email is off, so nothing was sent to "
            : "Sent by email to "}
          {to}
        </p>
      )}
      {email.automatic && (
        <p className="email-automatic" role="note">
          Automatic mail ({humanize(email.kind ?? "automatic")}): recorded only, never answered
          {email.reason ? ` — ${email.reason}` : ""}.
        </p>
      )}
      {(email.problems ?? []).length > 0 && (
        <ul className="email-problems" aria-label="What could not be read">
          {(email.problems ?? []).map((p) => (
            <li key={p}>{p}</li>
          ))}
        </ul>
      )}
      {email.hasHtml && email.mailId && (
        <div className="email-html">
          <button
            type="button"
            className="button small secondary"
            aria-expanded={showHtml}
            onClick={() => {
              setShowHtml(!showHtml);
            }}
          >
            {showHtml ? "Hide the message as sent" : "Show the message as sent"}
          </button>
          {showHtml && (
            <>
              {(email.remoteImages ?? 0) > 0 && !remote && (
                <p className="email-remote">
                  {email.remoteImages} remote image(s) blocked: loading them tells the sender you read this.{" "}
                  <button
                    type="button"
                    className="button small secondary"
                    onClick={() => {
                      setRemote(true);
                    }}
                  >
                    Show remote images
                  </button>
                </p>
              )}
              <iframe
                className="email-frame"
                title="The message as sent"
                sandbox="allow-popups allow-popups-to-escape-sandbox"
                referrerPolicy="no-referrer"
                src={`/api/mail/${email.mailId}/html${remote ? "?remote=true" : ""}`}
              />
            </>
          )}
        </div>
      )}
      {attachments.length > 0 && (
        <ul className="email-attachments" aria-label="Attachments">
          {attachments.map((a) => (
            <li key={a.id}>
              {a.stored ? (
                <a href={`/api/mail/attachments/${a.id}`} download={a.filename}>
                  {a.filename}
                </a>
              ) : (
                <span>{a.filename} (over the limit; kept in the raw message)</span>
              )}{" "}
              <span className="muted">
                {a.contentType}, {size(a.size)}
              </span>
            </li>
          ))}
        </ul>
      )}
      {email.mailId && (
        <p className="email-raw">
          <a href={`/api/mail/${email.mailId}/raw`} download={`${email.mailId}.eml`}>
            Download the raw message
          </a>
        </p>
      )}
    </div>
  );
}
