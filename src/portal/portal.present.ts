import type { CaseStatus } from "../cases/cases.rules.js";
import type { EntryRow } from "../cases/cases.store.js";
import { presentPromise } from "../promises/promises.present.js";
import type { PromiseKind, PromiseStatus } from "../promises/promises.rules.js";
import type { PromiseRow } from "../promises/promises.store.js";
import {
  customerStatus,
  customerStatusText,
  isPromiseShown,
  linkState,
  promiseStatusText,
  visibleEntry,
  type CustomerStatus,
  type LinkState,
  type LinkVia,
} from "./portal.rules.js";
import type { PortalCaseRow, PortalLinkListRow } from "./portal.store.js";

/*
 * The privacy shield of the portal: what a customer may see of their cases. Each presenter
 * builds its view field by field from what the customer may know; the response schemas in
 * portal.schemas.ts are the allow-list behind them. Staff are a display name, never contacts or
 * ids; internal notes, call logs and system events other than status changes never get here.
 */

export interface PortalCaseSummaryView {
  number: number;
  subject: string;
  status: CustomerStatus;
  statusText: string;
  createdAt: string;
  updatedAt: string;
}

export function presentPortalCaseSummary(row: PortalCaseRow): PortalCaseSummaryView {
  const status = customerStatus(row.status as CaseStatus);
  return {
    number: row.number,
    subject: row.subject,
    status,
    statusText: customerStatusText(status),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export type AuthorKind = "you" | "staff" | "desk" | "other";

export interface PortalEntryView {
  id: string;
  kind: "message" | "status";
  /** Messages: "in" (from the customer) or "out" (from us); null for status changes. */
  direction: "in" | "out" | null;
  channel: string | null;
  /** The message text, or the status change in words. */
  body: string;
  authorKind: AuthorKind | null;
  /** "You", a staff member's display name, or the business's name. Null for status changes. */
  author: string | null;
  /** The status after a status change, in the customer's words. */
  status: CustomerStatus | null;
  createdAt: string;
}

export interface EntryContext {
  customerId: string;
  workspaceName: string;
  staffNames: ReadonlyMap<string, string>;
}

function messageAuthor(row: EntryRow, ctx: EntryContext): { authorKind: AuthorKind; author: string } {
  if (row.direction === "in") {
    // Someone else's words on this case (it changed customer) are not named.
    return row.author_customer_id === ctx.customerId
      ? { authorKind: "you", author: "You" }
      : { authorKind: "other", author: "Someone else" };
  }
  const name = row.author_staff_id ? ctx.staffNames.get(row.author_staff_id) : undefined;
  return name ? { authorKind: "staff", author: name } : { authorKind: "desk", author: ctx.workspaceName };
}

/** The customer-visible timeline, oldest first: messages, and status changes in their words. */
export function presentPortalTimeline(rows: readonly EntryRow[], ctx: EntryContext): PortalEntryView[] {
  const out: PortalEntryView[] = [];
  for (const row of rows) {
    const visible = visibleEntry({ kind: row.kind, data: JSON.parse(row.data) as Record<string, unknown> });
    if (visible.show === "message") {
      out.push({
        id: row.id,
        kind: "message",
        direction: row.direction === "in" ? "in" : "out",
        channel: row.channel,
        body: row.body,
        ...messageAuthor(row, ctx),
        status: null,
        createdAt: row.created_at,
      });
    } else if (visible.show === "status") {
      out.push({
        id: row.id,
        kind: "status",
        direction: null,
        channel: null,
        body: `Status: ${customerStatusText(visible.to)}`,
        authorKind: null,
        author: null,
        status: visible.to,
        createdAt: row.created_at,
      });
    }
  }
  return out;
}

export interface PortalPromiseView {
  id: string;
  kind: PromiseKind;
  /** "We will reply by Tue 8 Dec, 10:30 (New York time)". */
  wording: string;
  dueAt: string;
  status: Exclude<PromiseStatus, "cancelled">;
  statusText: string;
  closedAt: string | null;
}

/** The promises made to the customer, oldest first, worded as they were told (cancelled ones left out). */
export function presentPortalPromises(rows: readonly PromiseRow[], timeZone: string): PortalPromiseView[] {
  const out: PortalPromiseView[] = [];
  for (const row of rows) {
    const status = row.status as PromiseStatus;
    if (!isPromiseShown(status)) continue;
    out.push({
      id: row.id,
      kind: row.kind as PromiseKind,
      wording: presentPromise(row, timeZone).wording,
      dueAt: row.due_at,
      status,
      statusText: promiseStatusText(status),
      closedAt: row.closed_at,
    });
  }
  return out;
}

export interface PortalCaseView extends PortalCaseSummaryView {
  mayReply: boolean;
  timeline: PortalEntryView[];
  promises: PortalPromiseView[];
}

export interface PortalMeView {
  /** The name on record, or null where showing it would tell a stranger who owns an email. */
  name: string | null;
  email: string | null;
  workspaceName: string;
  scope: "customer" | "case";
  /** For a per-case link: the case it opens. */
  caseNumber: number | null;
  csrfToken: string;
  expiresAt: string;
}

/** A portal link as staff see it: never the token (it is shown once, when made). */
export interface PortalLinkView {
  id: string;
  customerId: string;
  scope: "customer" | "case";
  caseId: string | null;
  caseNumber: number | null;
  via: LinkVia;
  createdById: string | null;
  createdAt: string;
  expiresAt: string;
  revokedAt: string | null;
  lastUsedAt: string | null;
  state: LinkState;
}

export function presentPortalLink(row: PortalLinkListRow, now: string): PortalLinkView {
  return {
    id: row.id,
    customerId: row.customer_id,
    scope: row.case_id === null ? "customer" : "case",
    caseId: row.case_id,
    caseNumber: row.case_number,
    via: row.via as LinkVia,
    createdById: row.created_by_id,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    revokedAt: row.revoked_at,
    lastUsedAt: row.last_used_at,
    state: linkState({ expiresAt: row.expires_at, revokedAt: row.revoked_at }, now),
  };
}
