import type { PresenceActivity, PresenceEvent } from "./events.rules.js";

/*
 * Who is on a case right now. Pure: the board in presence.ts keeps one list per case and asks
 * these functions what the list becomes when an event arrives or time passes.
 */

export interface PresenceEntry {
  staffId: string;
  name: string;
  activity: PresenceActivity;
  /** Milliseconds since the epoch. */
  expiresAt: number;
}

/** The list after a presence event: replaced (or added) for that person, removed when they left or it already expired. */
export function presenceAfter(
  entries: readonly PresenceEntry[],
  event: Pick<PresenceEvent, "staffId" | "name" | "activity" | "expiresAt">,
  nowMs: number,
): PresenceEntry[] {
  const others = entries.filter((e) => e.staffId !== event.staffId);
  const expiresAt = Date.parse(event.expiresAt);
  if (event.activity === "left" || !(expiresAt > nowMs)) return others;
  const entry = { staffId: event.staffId, name: event.name, activity: event.activity, expiresAt };
  return sortPresence([...others, entry]);
}

/** The entries still live at `nowMs`. */
export function livePresence(entries: readonly PresenceEntry[], nowMs: number): PresenceEntry[] {
  return entries.filter((e) => e.expiresAt > nowMs);
}

/** Whether two lists would look the same to a reader (who is there, doing what). */
export function samePresence(a: readonly PresenceEntry[], b: readonly PresenceEntry[]): boolean {
  return (
    a.length === b.length &&
    a.every((e, i) => e.staffId === b[i]?.staffId && e.activity === b[i].activity && e.name === b[i].name)
  );
}

/** Replying first (it is what people need to know), then by name: a stable order for every instance. */
export function sortPresence(entries: PresenceEntry[]): PresenceEntry[] {
  const rank = (e: PresenceEntry) => (e.activity === "replying" ? 0 : 1);
  return entries.sort(
    (a, b) => rank(a) - rank(b) || a.name.localeCompare(b.name) || a.staffId.localeCompare(b.staffId),
  );
}

/** When presence set at `nowMs` runs out: clients refresh it well before (every ~10 s). */
export function presenceExpiry(nowMs: number, ttlMs: number): number {
  return nowMs + ttlMs;
}
