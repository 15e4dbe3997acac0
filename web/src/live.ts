import { useEffect, useRef, useState } from "react";
import { request } from "./api";

/*
 * Live updates from the server's event streams (GET /api/events, /api/cases/:id/events). The
 * events carry ids and a kind; a page that hears one re-reads what it shows through the API.
 */

export interface CaseChange {
  caseId: string;
  caseNumber: number;
  kind: string;
  actorStaffId: string | null;
  at: string;
}

export interface Present {
  staffId: string;
  name: string;
  activity: "viewing" | "replying";
  expiresAt: string;
}

export interface StreamHandlers {
  /** A case changed (for a case's stream: this case). */
  onChange?: (change: CaseChange) => void;
  /** Who is on the case (case streams only), sent on connect and on every change. */
  onPresence?: (people: Present[]) => void;
  /** Events may have been missed (a reconnect, a server's own reconnect): re-read everything. */
  onResync?: () => void;
}

function parse(event: Event): unknown {
  try {
    return JSON.parse((event as MessageEvent<string>).data);
  } catch {
    return undefined;
  }
}

/**
 * Subscribes to an event stream while mounted (path null: not at all). EventSource reconnects
 * by itself after a dropped connection; when the server refuses (a 429, a restart answering
 * 503) it gives up, so this opens a new one with backoff. Every connect after the first means
 * events may have been missed: onResync.
 */
export function useEventStream(path: string | null, handlers: StreamHandlers): void {
  const latest = useRef(handlers);
  latest.current = handlers;

  useEffect(() => {
    if (path === null || typeof EventSource === "undefined") return;
    let source: EventSource | undefined;
    let retry: number | undefined;
    let attempts = 0;
    let connectedBefore = false;
    let stopped = false;

    const connect = (): void => {
      source = new EventSource(path, { withCredentials: true });
      source.addEventListener("ready", () => {
        attempts = 0;
        if (connectedBefore) latest.current.onResync?.();
        connectedBefore = true;
      });
      source.addEventListener("case", (e) => {
        const data = parse(e) as CaseChange | undefined;
        if (data) latest.current.onChange?.(data);
      });
      source.addEventListener("presence", (e) => {
        const data = parse(e) as { people?: Present[] } | undefined;
        if (data?.people) latest.current.onPresence?.(data.people);
      });
      source.addEventListener("resync", () => {
        latest.current.onResync?.();
      });
      source.addEventListener("end", () => {
        // The session is over; the next API call takes the reader to the sign-in page.
        source?.close();
      });
      source.onerror = () => {
        if (stopped || source?.readyState !== EventSource.CLOSED) return;
        attempts += 1;
        const wait = Math.min(30_000, 1_000 * 2 ** Math.min(attempts, 5));
        retry = window.setTimeout(connect, wait);
      };
    };
    connect();
    return () => {
      stopped = true;
      if (retry !== undefined) window.clearTimeout(retry);
      source?.close();
    };
  }, [path]);
}

const REFRESH_MS = 10_000;
const TYPING_IDLE_MS = 6_000;

interface PresenceControls {
  /** The reader typed in the reply box: "replying" (sent at most every few seconds). */
  typing: () => void;
  /** The reader sent, emptied or left the reply: back to "viewing". */
  stopTyping: () => void;
}

const noop = (): void => undefined;

/**
 * Says "viewing" while a case is open and "replying" while the reader types, refreshing well
 * within the server's TTL; leaving the case (or the page) clears it at once.
 */
export function usePresence(caseId: string | undefined): PresenceControls {
  const impl = useRef<PresenceControls>({ typing: noop, stopTyping: noop });
  const [controls] = useState<PresenceControls>(() => ({
    typing: () => {
      impl.current.typing();
    },
    stopTyping: () => {
      impl.current.stopTyping();
    },
  }));

  useEffect(() => {
    if (!caseId) return;
    const path = `/api/cases/${caseId}/presence`;
    let activity: "viewing" | "replying" = "viewing";
    let lastSent = 0;
    let idle: number | undefined;
    const send = (next: "viewing" | "replying"): void => {
      activity = next;
      lastSent = Date.now();
      request("POST", path, { activity: next }).catch(noop);
    };
    const leave = (): void => {
      request("DELETE", path, undefined, { keepalive: true }).catch(noop);
    };
    const stopTyping = (): void => {
      if (idle !== undefined) window.clearTimeout(idle);
      idle = undefined;
      if (activity === "replying") send("viewing");
    };
    impl.current = {
      typing: () => {
        if (activity !== "replying" || Date.now() - lastSent > REFRESH_MS) send("replying");
        if (idle !== undefined) window.clearTimeout(idle);
        idle = window.setTimeout(stopTyping, TYPING_IDLE_MS);
      },
      stopTyping,
    };
    send("viewing");
    const timer = window.setInterval(() => {
      send(activity);
    }, REFRESH_MS);
    window.addEventListener("pagehide", leave);
    return () => {
      window.clearInterval(timer);
      if (idle !== undefined) window.clearTimeout(idle);
      window.removeEventListener("pagehide", leave);
      impl.current = { typing: noop, stopTyping: noop };
      leave();
    };
  }, [caseId]);

  return controls;
}
