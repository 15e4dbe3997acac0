import { useEffect, useRef, type ReactNode } from "react";
import type { CaseChange, Present } from "../../live";
import { staffName, type SessionState } from "../../session";

/** What someone else's change was, in a few words for the live region. */
export function describeChange(state: SessionState, change: CaseChange): string {
  const who = change.actorStaffId ? staffName(state, change.actorStaffId) : "The desk";
  switch (change.kind) {
    case "case.entry-added":
      return `${who} added to the timeline.`;
    case "case.updated":
      return `${who} changed this case.`;
    case "case.attempt-added":
      return `${who} logged a contact attempt.`;
    case "promise.opened":
      return `${who} made a promise on this case.`;
    case "promise.kept":
      return `${who} marked a promise kept.`;
    case "promise.renegotiated":
      return `${who} moved a promise.`;
    case "promise.broken":
      return "A promise on this case was broken.";
    case "promise.at-risk":
      return "A promise on this case is at risk.";
    case "promise.moved":
      return "Promise times on this case were recomputed.";
    default:
      return `${who} updated this case.`;
  }
}

function names(people: readonly Present[]): string {
  const list = people.map((p) => p.name);
  if (list.length <= 1) return list.join("");
  return `${list.slice(0, -1).join(", ")} and ${list.at(-1) ?? ""}`;
}

/** "Maya is replying…" (and who else has the case open), beside the reply box. */
export function PresenceNote({ people }: { people: readonly Present[] }): ReactNode {
  const replying = people.filter((p) => p.activity === "replying");
  const viewing = people.filter((p) => p.activity === "viewing");
  return (
    <p className="presence-note" aria-live="polite">
      {replying.length > 0 && (
        <span className="replying">
          {names(replying)} {replying.length === 1 ? "is" : "are"} replying…
        </span>
      )}
      {replying.length > 0 && viewing.length > 0 && " · "}
      {viewing.length > 0 && <span className="viewing">Also here: {names(viewing)}</span>}
    </p>
  );
}

export interface Notice {
  text: string;
  /** Counts notices, so the same words said twice are announced twice. */
  seq: number;
}

/**
 * A polite live region that says what changed and fades after a few seconds. It floats over
 * the page, so a notice never pushes what the reader is looking at.
 */
export function LiveNotice({
  notice,
  onDone,
}: {
  notice: Notice | undefined;
  onDone: () => void;
}): ReactNode {
  const done = useRef(onDone);
  done.current = onDone;
  useEffect(() => {
    if (!notice) return;
    const timer = window.setTimeout(() => {
      done.current();
    }, 8_000);
    return () => {
      window.clearTimeout(timer);
    };
  }, [notice]);
  return (
    <p className={notice ? "live-notice shown" : "live-notice"} role="status" aria-live="polite">
      {notice && <span key={notice.seq}>{notice.text}</span>}
    </p>
  );
}
