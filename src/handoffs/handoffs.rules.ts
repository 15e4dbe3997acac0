/*
 * Hand-overs and their context cards. Pure: the case's timeline, attempts and open promises go in;
 * a pre-filled card comes out, and the card the sender completes is checked here. A card is what
 * lets the receiver carry on without asking the customer to start over (PRODUCT.md, "Nobody starts
 * over"): what they want, how they see it in their words, what was tried, every open promise,
 * the next step.
 */

export const HANDOFF_KINDS = ["escalation", "transfer", "shift_end"] as const;
export type HandoffKind = (typeof HANDOFF_KINDS)[number];
export const HANDOFF_STATUSES = ["pending", "acknowledged", "superseded"] as const;
export type HandoffStatus = (typeof HANDOFF_STATUSES)[number];

export const CARD_LIMITS = { wants: 2000, customerWords: 4000, tried: 4000, nextStep: 2000 } as const;

/** An open promise as the card carries it: what was promised and by when, in the customer's words. */
export interface CardPromise {
  id: string;
  description: string;
  dueAt: string;
  wording: string;
}

/** What the sender writes (the draft pre-fills it). */
export interface CardText {
  wants: string;
  customerWords: string;
  tried: string;
  nextStep: string;
}

/** The card as stored: the sender's text plus what the desk adds itself (promises, the history). */
export interface ContextCard extends CardText {
  promises: CardPromise[];
  /** How much history travels with the case: the receiver reads all of it on the case. */
  history: { entries: number; contactAttempts: number; attemptsText: string[] };
}

export interface DraftEntry {
  kind: string;
  direction: string | null;
  body: string;
  data: Record<string, unknown>;
  createdAt: string;
}

export interface DraftAttempt {
  channel: string;
  line: string | null;
  staffName: string | null;
  answered: boolean;
  attemptedAt: string;
}

export interface DraftInput {
  subject: string;
  entries: readonly DraftEntry[];
  attempts: readonly DraftAttempt[];
  promises: readonly CardPromise[];
  /** Formats an instant for the card ("Thu 10 Dec 14:05"), in the workspace's zone. */
  formatAt: (iso: string) => string;
}

function clip(text: string, max: number): string {
  const t = text.trim();
  return t.length <= max ? t : `${t.slice(0, max - 1)}…`;
}

function attemptLine(a: DraftAttempt, formatAt: (iso: string) => string): string {
  const to = a.staffName ?? a.line ?? a.channel;
  return `${formatAt(a.attemptedAt)} ${a.channel} to ${to}${a.answered ? "" : " (no answer)"}`;
}

/**
 * The card pre-filled from the case: the subject as what they want, the customer's own messages
 * (first and latest) as their words, staff notes and replies as what was tried, every open
 * promise, and a next step from the soonest promise.
 */
export function draftCard(input: DraftInput): ContextCard {
  const fromCustomer = input.entries.filter((e) => e.direction === "in" && e.body.trim().length > 0);
  const words = [fromCustomer[0], fromCustomer.length > 1 ? fromCustomer.at(-1) : undefined]
    .filter((e): e is DraftEntry => e !== undefined)
    .map((e) => e.body.trim());
  const tried = input.entries
    .filter(
      (e) =>
        (e.kind === "note" || (e.direction === "out" && e.kind !== "event")) &&
        e.data.event !== "handoff.announced",
    )
    .slice(-5)
    .map((e) => `- ${clip(e.body, 400)}`);
  const soonest = [...input.promises].sort((a, b) => a.dueAt.localeCompare(b.dueAt))[0];
  return {
    wants: clip(input.subject, CARD_LIMITS.wants),
    customerWords: clip(words.join("\n\n"), CARD_LIMITS.customerWords),
    tried: clip(tried.join("\n"), CARD_LIMITS.tried),
    nextStep: soonest
      ? clip(`Keep the promise: ${soonest.description} — ${soonest.wording}.`, CARD_LIMITS.nextStep)
      : "",
    promises: [...input.promises],
    history: {
      entries: input.entries.length,
      contactAttempts: input.attempts.length,
      attemptsText: input.attempts.slice(0, 50).map((a) => attemptLine(a, input.formatAt)),
    },
  };
}

/** What is missing from a completed card, in words (empty: it may be sent). */
export function cardProblems(card: CardText): string[] {
  const out: string[] = [];
  if (card.wants.trim().length === 0) out.push("Say what the customer wants.");
  if (card.nextStep.trim().length === 0) out.push("Say what the next step is.");
  for (const [field, max] of Object.entries(CARD_LIMITS) as [keyof CardText, number][])
    if (card[field].length > max) out.push(`${field} is longer than ${max} characters.`);
  return out;
}

/** The sender's text over the draft, with the desk's own parts (promises, history) always current. */
export function completeCard(draft: ContextCard, text: Partial<CardText> | undefined): ContextCard {
  return {
    ...draft,
    wants: text?.wants ?? draft.wants,
    customerWords: text?.customerWords ?? draft.customerWords,
    tried: text?.tried ?? draft.tried,
    nextStep: text?.nextStep ?? draft.nextStep,
  };
}

/** Who may acknowledge: the receiver, or any member of the receiving team. */
export function mayAcknowledge(
  h: { status: string; toStaffId: string | null; toTeamId: string | null },
  staffId: string | null,
  staffTeamIds: readonly string[],
): boolean {
  if (staffId === null || h.status !== "pending") return false;
  if (h.toStaffId !== null) return h.toStaffId === staffId;
  return h.toTeamId !== null && staffTeamIds.includes(h.toTeamId);
}

/** What the customer is told once the receiver has the case: their name only, nothing private. */
export function customerNotice(receiverName: string): string {
  return (
    `${receiverName} has your case now and has its whole history, so you don't need to repeat anything. ` +
    `${receiverName} will be in touch.`
  );
}

/**
 * What the customer is told when the case waits for the next person in. Without a shareable time
 * (the receiver's schedule is not disclosed) it says nothing about when or whether they are in:
 * "as soon as they are in" would tell the customer that a protected person is off duty now.
 */
export function customerQueuedNotice(receiverName: string, when: string | null): string {
  return when === null
    ? `Your case is with ${receiverName}, who will get back to you. You don't need to repeat anything.`
    : `Your case is with ${receiverName}, who will pick it up ${when}. You don't need to repeat anything.`;
}

/**
 * End of shift: the open promises of a person's cases that fall due before they are next in
 * (their shift end or time off is folded into their schedule, so `nextInAt` is after both).
 * With no next-in known, every open promise counts.
 */
export function dueBeforeNextIn<T extends { dueAt: string }>(
  promises: readonly T[],
  nextInAt: number | undefined,
): T[] {
  return promises.filter((p) => nextInAt === undefined || Date.parse(p.dueAt) < nextInAt);
}
