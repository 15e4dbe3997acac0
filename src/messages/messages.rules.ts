import type { Disclosure } from "../staff/staff.rules.js";

/*
 * Pure decisions about messages for staff: when the callback clock starts and which case a
 * message joins. No I/O, no clock.
 */

export const URGENCIES = ["normal", "urgent"] as const;
/** As the caller claimed it; it decides paging only under an agreement with after-hours cover. */
export type Urgency = (typeof URGENCIES)[number];

export const MESSAGE_STATUSES = ["open", "returned"] as const;
export type MessageStatus = (typeof MESSAGE_STATUSES)[number];

export interface CallbackStart {
  /** When the agreement's callback target starts counting, epoch ms. */
  startMs: number;
  /** True when that is the person's next-in time. */
  fromSchedule: boolean;
}

/**
 * When the callback promise starts: the person's next-in time (S1: Tue 8 Dec 09:00, then the
 * agreement's 60 working minutes make 10:00). For a protected person it is now — a due time
 * computed from their next-in would tell the customer their hours, so the desk promises the
 * callback on its own terms and whoever holds the message makes it. Without a schedule, now.
 */
export function callbackStart(input: {
  disclosure: Disclosure;
  nextInMs: number | undefined;
  nowMs: number;
}): CallbackStart {
  if (input.disclosure === "protected" || input.nextInMs === undefined)
    return { startMs: input.nowMs, fromSchedule: false };
  return { startMs: Math.max(input.nowMs, input.nextInMs), fromSchedule: true };
}

/** The open case a message joins: the customer's most recently updated open one, if any. */
export function caseToJoin(
  cases: readonly { id: string; isOpen: boolean; updatedAt: string }[],
): string | undefined {
  let best: { id: string; updatedAt: string } | undefined;
  for (const c of cases) {
    if (!c.isOpen) continue;
    if (!best || c.updatedAt > best.updatedAt || (c.updatedAt === best.updatedAt && c.id > best.id)) best = c;
  }
  return best?.id;
}
