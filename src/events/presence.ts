import type { Clock } from "../shared/clock.js";
import type { EventBus } from "./events.bus.js";
import { livePresence, presenceAfter, samePresence, type PresenceEntry } from "./presence.rules.js";

export type PresenceListener = (
  workspaceId: string,
  caseId: string,
  people: readonly PresenceEntry[],
) => void;

/**
 * Who is on which case, as this instance has heard it. In memory only: presence is ephemeral,
 * every entry expires, and on PostgreSQL the bus carries presence between instances like any
 * other event, so each instance's board converges within one refresh.
 */
export interface PresenceBoard {
  /** The people on a case now (unexpired), replying first. */
  on(workspaceId: string, caseId: string): PresenceEntry[];
  /** Hears every change of a case's list (an arrival, a change of activity, a leave, an expiry). */
  onChange(listener: PresenceListener): () => void;
  /** Drops what has expired and tells listeners; also runs by itself every `sweepMs`. */
  sweep(): void;
  close(): void;
}

export interface PresenceBoardOptions {
  bus: EventBus;
  /** The domain clock decides what has expired; the timer only paces the sweeps. */
  clock: Clock;
  sweepMs: number;
  onError?: (error: unknown) => void;
}

const keyOf = (workspaceId: string, caseId: string) => `${workspaceId}/${caseId}`;

export function createPresenceBoard(options: PresenceBoardOptions): PresenceBoard {
  const cases = new Map<string, { workspaceId: string; caseId: string; people: PresenceEntry[] }>();
  const listeners = new Set<PresenceListener>();
  const now = () => options.clock.now().getTime();

  function tell(workspaceId: string, caseId: string, people: readonly PresenceEntry[]): void {
    for (const listener of [...listeners]) {
      try {
        listener(workspaceId, caseId, people);
      } catch (error) {
        (options.onError ?? console.error)(error);
      }
    }
  }

  function put(workspaceId: string, caseId: string, people: PresenceEntry[]): void {
    const key = keyOf(workspaceId, caseId);
    const before = cases.get(key)?.people ?? [];
    if (people.length === 0) cases.delete(key);
    else cases.set(key, { workspaceId, caseId, people });
    if (!samePresence(before, people)) tell(workspaceId, caseId, people);
  }

  const unsubscribe = options.bus.subscribe((message) => {
    if (message.type !== "presence") return;
    const current = cases.get(keyOf(message.workspaceId, message.caseId))?.people ?? [];
    put(message.workspaceId, message.caseId, presenceAfter(livePresence(current, now()), message, now()));
  });

  function sweep(): void {
    const at = now();
    for (const { workspaceId, caseId, people } of [...cases.values()]) {
      const live = livePresence(people, at);
      if (live.length !== people.length) put(workspaceId, caseId, live);
    }
  }

  const timer = setInterval(sweep, options.sweepMs);
  timer.unref();

  return {
    on: (workspaceId, caseId) => livePresence(cases.get(keyOf(workspaceId, caseId))?.people ?? [], now()),
    onChange(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
    sweep,
    close() {
      clearInterval(timer);
      unsubscribe();
      listeners.clear();
      cases.clear();
    },
  };
}
