import { isOpen, nextOpening } from "../calendar/calendar.engine.js";
import type { Calendar } from "../calendar/calendar.rules.js";
import { PRIORITIES, type Priority } from "../cases/cases.rules.js";
import {
  customerWording,
  dueFor,
  kindOfTarget,
  type AgreementTerms,
  type PromiseTarget,
} from "../promises/promises.rules.js";

/*
 * "A request now would be answered by …": what an agreement promises for a request arriving at
 * an instant, per priority and target, as the case hooks would compute it. Pure; the admin pages
 * show it beside the terms so a change can be judged before customers feel it.
 */

export interface PreviewDue {
  /** Epoch ms. */
  dueAt: number;
  /** The customer's words for it, in the workspace's zone. */
  wording: string;
}

export interface PriorityPreview {
  priority: Priority;
  firstReply: PreviewDue;
  nextReply: PreviewDue;
  resolution: PreviewDue;
}

export interface TermsPreview {
  at: number;
  /** Whether the coverage calendar is open at `at` (always true around the clock). */
  isOpenAt: boolean;
  /** When the clock starts for a request at `at`: `at` when open, else the next opening. */
  startsAt: number;
  priorities: PriorityPreview[];
  /** A callback asked for at `at`, by the agreement's callback target. */
  callback: PreviewDue;
}

export interface PreviewInput {
  agreement: AgreementTerms;
  /** The coverage calendar; null: around the clock (24/7 agreements, or no calendar known). */
  calendar: Calendar | null;
  /** The request's arrival, epoch ms. */
  at: number;
  /** The zone the wording is written in. */
  timeZone: string;
}

/** The due times a request arriving at `at` would get under the agreement. */
export function previewTerms({ agreement, calendar, at, timeZone }: PreviewInput): TermsPreview {
  const cal = agreement.coverage === "always" ? null : calendar;
  const due = (priority: Priority, target: PromiseTarget): PreviewDue => {
    const dueAt = dueFor({ agreement, calendar: cal, priority, target, from: at });
    return { dueAt, wording: customerWording(dueAt, timeZone, kindOfTarget(target), target) };
  };
  return {
    at,
    isOpenAt: cal === null || isOpen(cal, at),
    startsAt: cal === null ? at : nextOpening(cal, at),
    priorities: PRIORITIES.map((priority) => ({
      priority,
      firstReply: due(priority, "first_reply"),
      nextReply: due(priority, "next_reply"),
      resolution: due(priority, "resolution"),
    })),
    // Callback minutes do not depend on priority; "normal" only picks the table row.
    callback: due("normal", "callback"),
  };
}
