import type { Instant } from "../shared/clock.js";

/*
 * Live events: what one person's change tells everybody else looking at the same case. They
 * carry ids, never content: a listener re-reads the case through the normal, permission-checked
 * API, so the privacy shield stays in the presenters and nothing private rides on a stream.
 * Everything here is pure (no I/O, no clock), so the wire format is tested exhaustively.
 */

export const CASE_EVENT_KINDS = [
  "case.created",
  "case.updated",
  "case.entry-added",
  "case.attempt-added",
  "promise.opened",
  "promise.kept",
  "promise.renegotiated",
  "promise.broken",
  "promise.at-risk",
  "promise.moved",
] as const;
export type CaseEventKind = (typeof CASE_EVENT_KINDS)[number];

/** A case changed. Published after the change committed. */
export interface CaseEvent {
  type: "case";
  workspaceId: string;
  caseId: string;
  caseNumber: number;
  kind: CaseEventKind;
  /** Who made the change; null for the system (due work, recomputation). */
  actorStaffId: string | null;
  at: Instant;
}

export const PRESENCE_ACTIVITIES = ["viewing", "replying"] as const;
export type PresenceActivity = (typeof PRESENCE_ACTIVITIES)[number];

/** Someone is on a case (viewing, replying) or left it. Ephemeral: it expires at `expiresAt`. */
export interface PresenceEvent {
  type: "presence";
  workspaceId: string;
  caseId: string;
  staffId: string;
  /** The staff member's display name, for "Maya is replying…". */
  name: string;
  activity: PresenceActivity | "left";
  expiresAt: Instant;
  at: Instant;
}

export type LiveEvent = CaseEvent | PresenceEvent;

/**
 * Not an event of the domain: the bus tells its listeners that it may have missed events from
 * other instances (its PostgreSQL connection dropped and came back), so views should re-read.
 */
export interface ResyncSignal {
  type: "resync";
}

export type BusMessage = LiveEvent | ResyncSignal;

/** Display names on presence are cut to this many characters, so every event stays small. */
export const MAX_NAME_LENGTH = 120;

/**
 * PostgreSQL refuses NOTIFY payloads of 8000 bytes or more (in the default build). Stay under
 * with room for the envelope.
 */
export const NOTIFY_PAYLOAD_LIMIT = 7_900;

interface Envelope {
  /** The publishing instance, so an instance ignores its own notifications. */
  o: string;
  e: LiveEvent[];
}

function byteLength(text: string): number {
  return Buffer.byteLength(text, "utf8");
}

/**
 * Packs events into as few NOTIFY payloads as fit under `limit` bytes each, in order. An event
 * that alone would not fit is returned in `dropped` (none of ours can, given the bounded fields;
 * the check keeps it that way if fields grow).
 */
export function packNotifications(
  origin: string,
  events: readonly LiveEvent[],
  limit = NOTIFY_PAYLOAD_LIMIT,
): { payloads: string[]; dropped: LiveEvent[] } {
  const payloads: string[] = [];
  const dropped: LiveEvent[] = [];
  let batch: LiveEvent[] = [];
  const encode = (e: LiveEvent[]): string => JSON.stringify({ o: origin, e } satisfies Envelope);
  for (const event of events) {
    if (byteLength(encode([event])) > limit) {
      dropped.push(event);
      continue;
    }
    const next = [...batch, event];
    if (byteLength(encode(next)) > limit) {
      payloads.push(encode(batch));
      batch = [event];
    } else {
      batch = next;
    }
  }
  if (batch.length > 0) payloads.push(encode(batch));
  return { payloads, dropped };
}

const isString = (v: unknown): v is string => typeof v === "string" && v.length > 0 && v.length <= 200;
const isInstant = (v: unknown): v is string => isString(v) && !Number.isNaN(Date.parse(v));

function asRecord(v: unknown): Record<string, unknown> | undefined {
  return typeof v === "object" && v !== null && !Array.isArray(v)
    ? (v as Record<string, unknown>)
    : undefined;
}

/** One event read back from another instance, or undefined when it is not exactly one of ours. */
export function parseLiveEvent(value: unknown): LiveEvent | undefined {
  const r = asRecord(value);
  if (!r || !isString(r.workspaceId) || !isString(r.caseId) || !isInstant(r.at)) return undefined;
  if (r.type === "case") {
    const kind = r.kind;
    const number = r.caseNumber;
    if (!(CASE_EVENT_KINDS as readonly unknown[]).includes(kind)) return undefined;
    if (typeof number !== "number" || !Number.isInteger(number) || number < 1) return undefined;
    if (r.actorStaffId !== null && !isString(r.actorStaffId)) return undefined;
    return {
      type: "case",
      workspaceId: r.workspaceId,
      caseId: r.caseId,
      caseNumber: number,
      kind: kind as CaseEventKind,
      actorStaffId: r.actorStaffId,
      at: r.at,
    };
  }
  if (r.type === "presence") {
    const activity = r.activity;
    if (activity !== "left" && !(PRESENCE_ACTIVITIES as readonly unknown[]).includes(activity))
      return undefined;
    if (!isString(r.staffId) || typeof r.name !== "string" || !isInstant(r.expiresAt)) return undefined;
    return {
      type: "presence",
      workspaceId: r.workspaceId,
      caseId: r.caseId,
      staffId: r.staffId,
      name: r.name.slice(0, MAX_NAME_LENGTH),
      activity: activity as PresenceEvent["activity"],
      expiresAt: r.expiresAt,
      at: r.at,
    };
  }
  return undefined;
}

/**
 * A NOTIFY payload read back: the origin and the events that are well formed. Anything else on
 * the channel (another program's NOTIFY, a truncated payload) is undefined and ignored.
 */
export function unpackNotification(text: string): { origin: string; events: LiveEvent[] } | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  const r = asRecord(value);
  if (!r || !isString(r.o) || !Array.isArray(r.e)) return undefined;
  const events = r.e.flatMap((e) => {
    const parsed = parseLiveEvent(e);
    return parsed ? [parsed] : [];
  });
  return { origin: r.o, events };
}
