import type { ReactNode } from "react";
import { formatDateTime, formatDuration, humanize } from "../../format";
import { staffName, useSession, type SessionState } from "../../session";
import type { Entry } from "../../types";
import { Empty, ErrorMessage, Loading } from "../ui";
import { EmailParts } from "./EmailParts";

/** What kind of entry this is, in words a person uses. */
function entryLabel(entry: Entry): string {
  switch (entry.kind) {
    case "message":
      return entry.direction === "in"
        ? `Message from customer · ${humanize(entry.channel ?? "email")}`
        : `Reply sent · ${humanize(entry.channel ?? "email")}`;
    case "note":
      return "Internal note";
    case "call":
      return entry.direction === "in" ? "Call from customer" : "Call to customer";
    case "walk_in":
      return "Walk-in";
    case "event":
      return "Event";
    default:
      return humanize(entry.kind);
  }
}

function entryClass(entry: Entry): string {
  if (entry.kind === "message") return `entry entry-message entry-${entry.direction === "in" ? "in" : "out"}`;
  return `entry entry-${entry.kind.replace(/_/g, "-")}`;
}

function author(state: SessionState, entry: Entry): string {
  if (entry.authorStaffId) return staffName(state, entry.authorStaffId);
  if (entry.authorCustomerId) return "Customer";
  return "System";
}

/** System events say what changed; ids become names where the reader knows them. */
function eventText(state: SessionState, entry: Entry): string {
  const field = typeof entry.data.field === "string" ? entry.data.field : undefined;
  const show = (v: unknown): string => {
    if (v === null || v === undefined || v === "") return "none";
    if (typeof v !== "string") return JSON.stringify(v);
    if (field === "assigneeId") return staffName(state, v);
    if (field === "teamId") return state.teams.find((t) => t.id === v)?.name ?? "a team";
    if (field === "customerId" || field === "clientId") return "another record";
    return humanize(v);
  };
  if (field) {
    const names: Record<string, string> = {
      assigneeId: "Assignee",
      teamId: "Team",
      status: "Status",
      priority: "Priority",
      priorityReason: "Priority reason",
      subject: "Subject",
      customerId: "Customer",
      clientId: "Client",
      tags: "Tags",
    };
    return `${names[field] ?? humanize(field)} changed from ${show(entry.data.from)} to ${show(entry.data.to)}`;
  }
  return entry.body;
}

export function Timeline({
  entries,
  error,
  onRetry,
}: {
  entries: Entry[] | undefined;
  error: string | undefined;
  onRetry: () => void;
}): ReactNode {
  const state = useSession();
  return (
    <section className="panel timeline" aria-labelledby="timeline-title">
      <h2 id="timeline-title">Timeline</h2>
      <ErrorMessage message={error} onRetry={onRetry} />
      {!entries && !error && <Loading label="Loading the timeline…" lines={4} />}
      {entries?.length === 0 && <Empty>Nothing has happened on this case yet.</Empty>}
      {entries && entries.length > 0 && (
        <ol className="entries" aria-label="Entries, latest first">
          {[...entries].reverse().map((entry) =>
            entry.kind === "event" ? (
              <li key={entry.id} className={entryClass(entry)}>
                <span className="event-text">{eventText(state, entry)}</span>
                <span className="entry-by">
                  {author(state, entry)} ·{" "}
                  <time dateTime={entry.createdAt}>{formatDateTime(entry.createdAt)}</time>
                </span>
              </li>
            ) : (
              <li key={entry.id} className={entryClass(entry)}>
                <article aria-label={entryLabel(entry)}>
                  <header className="entry-head">
                    <span className="entry-kind">{entryLabel(entry)}</span>
                    <span className="entry-by">
                      {author(state, entry)} ·{" "}
                      <time dateTime={entry.createdAt}>{formatDateTime(entry.createdAt)}</time>
                    </span>
                  </header>
                  {entry.call && (
                    <p className="call-facts">
                      Answered after {formatDuration(entry.call.answerSeconds)} · lasted{" "}
                      {formatDuration(entry.call.durationSeconds)}
                    </p>
                  )}
                  <p className="entry-body">{entry.body}</p>
                  <EmailParts entry={entry} />
                </article>
              </li>
            ),
          )}
        </ol>
      )}
    </section>
  );
}
