import type { CaseStatus } from "../cases/cases.rules.js";
import type { PromiseStatus } from "../promises/promises.rules.js";

/*
 * Pure decisions about the customer portal: who a portal visitor is, how long links and sessions
 * live, which timeline entries a customer sees and how a status reads in their words. No I/O and
 * no clock: instants are passed in.
 */

/**
 * A customer in the portal. Deliberately not a staff `Actor` (no role, no permissions): portal
 * services take only this, staff services only `Actor`, so neither can be handed to the other.
 */
export interface PortalActor {
  kind: "customer";
  workspaceId: string;
  customerId: string;
  /** The one case the link opened; null: all of the customer's cases. */
  caseId: string | null;
  linkId: string;
  sessionId: string;
  /** How the link was made: a staff member's link, or the one shown after the request form. */
  via: LinkVia;
}

/** "email": the link in an acknowledgement, mailed to the address the request came from. */
export const LINK_VIAS = ["staff", "request-form", "email"] as const;
export type LinkVia = (typeof LINK_VIAS)[number];

/** The audit trail names a portal visitor as the customer, never as staff or the system. */
export function auditActorOf(actor: Pick<PortalActor, "workspaceId" | "customerId">) {
  return {
    kind: "customer" as const,
    workspaceId: actor.workspaceId,
    staffId: null,
    customerId: actor.customerId,
  };
}

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

/** Days a link made in the console lives unless the staff member says otherwise, and the most. */
export const STAFF_LINK_DAYS = 14;
export const MAX_LINK_DAYS = 90;
/** Days the per-case link shown after the request form lives. */
export const REQUEST_LINK_DAYS = 30;
/** Hours a portal session lives (never past its link's expiry). */
export const PORTAL_SESSION_HOURS = 24;

export function linkExpiresAt(nowMs: number, days: number): number {
  return nowMs + days * DAY_MS;
}

/** A session ends after PORTAL_SESSION_HOURS or when its link expires, whichever is first. */
export function sessionExpiresAt(nowMs: number, linkExpiresAtMs: number): number {
  return Math.min(nowMs + PORTAL_SESSION_HOURS * HOUR_MS, linkExpiresAtMs);
}

export type LinkState = "active" | "expired" | "revoked";

export function linkState(link: { expiresAt: string; revokedAt: string | null }, now: string): LinkState {
  if (link.revokedAt !== null) return "revoked";
  return link.expiresAt > now ? "active" : "expired";
}

/** Portal links are `fdp_` and 256 random bits in base64url; anything else is refused unread. */
export function looksLikePortalToken(token: string): boolean {
  return /^fdp_[A-Za-z0-9_-]{43}$/.test(token);
}

/** Whether a case is one this visitor may see: their own, and inside a per-case link's scope. */
export function isInScope(
  actor: Pick<PortalActor, "customerId" | "caseId">,
  c: { id: string; customer_id: string | null },
): boolean {
  return c.customer_id === actor.customerId && (actor.caseId === null || actor.caseId === c.id);
}

/**
 * Whether the portal may greet the visitor by the name on record. Not after the request form:
 * anyone may type any email there, and the stored name would tell them who owns it. A mailed
 * link reached the address's owner (whoever wrote "From"), so it may.
 */
export function mayShowName(via: LinkVia): boolean {
  return via === "staff" || via === "email";
}

/** Statuses as the customer reads them; the desk's internal states (on hold) are not theirs. */
export const CUSTOMER_STATUSES = ["received", "in_progress", "waiting_on_you", "solved", "closed"] as const;
export type CustomerStatus = (typeof CUSTOMER_STATUSES)[number];

export function customerStatus(status: CaseStatus): CustomerStatus {
  switch (status) {
    case "new":
      return "received";
    case "open":
    case "on_hold":
      return "in_progress";
    case "waiting_on_customer":
      return "waiting_on_you";
    case "solved":
      return "solved";
    case "closed":
      return "closed";
  }
}

const STATUS_TEXT: Record<CustomerStatus, string> = {
  received: "Received",
  in_progress: "In progress",
  waiting_on_you: "Waiting for your reply",
  solved: "Solved",
  closed: "Closed",
};

export function customerStatusText(status: CustomerStatus): string {
  return STATUS_TEXT[status];
}

/** A closed case takes no more replies (a new need is a new request); a solved one reopens. */
export function mayReply(status: CaseStatus): boolean {
  return status !== "closed";
}

function isCaseStatus(v: unknown): v is CaseStatus {
  return (
    v === "new" ||
    v === "open" ||
    v === "waiting_on_customer" ||
    v === "on_hold" ||
    v === "solved" ||
    v === "closed"
  );
}

export type VisibleEntry =
  { show: "message" } | { show: "status"; from: CustomerStatus; to: CustomerStatus } | { show: "nothing" };

/**
 * What of a timeline entry a customer sees: messages in and out on any channel, and status changes
 * that change the status in their words. Never internal notes, call or walk-in logs (staff's own
 * words about the customer), or any other system event (assignment, priority, promise events).
 */
export function visibleEntry(entry: { kind: string; data: Record<string, unknown> }): VisibleEntry {
  if (entry.kind === "message") return { show: "message" };
  if (entry.kind !== "event" || entry.data.field !== "status") return { show: "nothing" };
  const { from, to } = entry.data;
  if (!isCaseStatus(from) || !isCaseStatus(to)) return { show: "nothing" };
  const [a, b] = [customerStatus(from), customerStatus(to)];
  return a === b ? { show: "nothing" } : { show: "status", from: a, to: b };
}

/** Cancelled promises (reply targets a solved case no longer owes) mean nothing to the customer. */
export function isPromiseShown(status: PromiseStatus): status is Exclude<PromiseStatus, "cancelled"> {
  return status !== "cancelled";
}

const PROMISE_STATUS_TEXT: Record<Exclude<PromiseStatus, "cancelled">, string> = {
  open: "Promised",
  kept: "Done",
  renegotiated: "Moved (see the new time)",
  broken: "Missed — we are sorry",
};

export function promiseStatusText(status: Exclude<PromiseStatus, "cancelled">): string {
  return PROMISE_STATUS_TEXT[status];
}
