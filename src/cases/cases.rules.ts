/** The vocabulary of cases and the pure decisions about them. No I/O, no clock. */

export const CASE_STATUSES = ["new", "open", "waiting_on_customer", "on_hold", "solved", "closed"] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

export const PRIORITIES = ["low", "normal", "high", "urgent"] as const;
export type Priority = (typeof PRIORITIES)[number];

/**
 * Priority moves away from "normal" only for a reason from this fixed list: how loudly or how
 * often a customer calls is deliberately not on it (PRODUCT.md, principle 6).
 */
export const PRIORITY_REASONS = [
  "service_down",
  "deadline_at_risk",
  "safety_or_legal",
  "agreement_terms",
  "financial_impact",
  "many_affected",
  "resolved_impact",
  "set_in_error",
] as const;
export type PriorityReason = (typeof PRIORITY_REASONS)[number];

export const CHANNELS = ["email", "portal", "phone", "walk_in", "chat", "api"] as const;
export type Channel = (typeof CHANNELS)[number];

/** Entries people add; "event" entries are written by the system only. */
export const ENTRY_KINDS = ["message", "note", "call", "walk_in"] as const;
export type EntryKind = (typeof ENTRY_KINDS)[number] | "event";
export const DIRECTIONS = ["in", "out"] as const;
export type Direction = (typeof DIRECTIONS)[number];

const TRANSITIONS: Record<CaseStatus, readonly CaseStatus[]> = {
  new: ["open", "waiting_on_customer", "on_hold", "solved", "closed"],
  open: ["waiting_on_customer", "on_hold", "solved", "closed"],
  waiting_on_customer: ["open", "on_hold", "solved", "closed"],
  on_hold: ["open", "waiting_on_customer", "solved", "closed"],
  solved: ["open", "closed"],
  // Closed is final: a new need after closing is a new case, which keeps reports honest.
  closed: [],
};

export function canMoveTo(from: CaseStatus, to: CaseStatus): boolean {
  return from === to || TRANSITIONS[from].includes(to);
}

/** A case is open while it still needs work from us or the customer. */
export function isOpenStatus(status: CaseStatus): boolean {
  return status !== "solved" && status !== "closed";
}

/** Leaving "normal" needs a reason; returning to normal needs none. */
export function needsPriorityReason(to: Priority): boolean {
  return to !== "normal";
}

/**
 * What a new timeline entry does to the status: a customer's message wakes a waiting or solved
 * case; our first outward reply moves a new case to open. Notes and calls change nothing.
 */
export function statusAfterEntry(
  status: CaseStatus,
  kind: EntryKind,
  direction: Direction | null,
): CaseStatus {
  if (kind === "message" && direction === "in" && (status === "waiting_on_customer" || status === "solved"))
    return "open";
  if ((kind === "message" || kind === "call") && direction === "out" && status === "new") return "open";
  return status;
}

/** Tags are lower-case words; the same tag twice is one tag. */
export function normaliseTags(tags: readonly string[]): string[] {
  return [...new Set(tags.map((t) => t.trim().toLowerCase()).filter((t) => t.length > 0))].sort();
}

/** Splits a search query into words both FTS5 and tsquery treat as plain terms (no operators). */
export function searchTerms(query: string): string[] {
  return (
    foldForSearch(query)
      .toLowerCase()
      .match(/[\p{L}\p{N}]+/gu) ?? []
  ).slice(0, 12);
}

/**
 * Text as both search engines index it: accents dropped ("café" → "cafe"), so a search finds the
 * same cases on SQLite (FTS5 remove_diacritics) and PostgreSQL ('simple' keeps accents).
 */
export function foldForSearch(text: string): string {
  return text.normalize("NFD").replace(/\p{M}/gu, "");
}
