/** The portal API's shapes as the portal pages use them (see /openapi.json, tag "portal"). */

export type CustomerStatus = "received" | "in_progress" | "waiting_on_you" | "solved" | "closed";

export interface PortalMe {
  name: string | null;
  email: string | null;
  workspaceName: string;
  scope: "customer" | "case";
  caseNumber: number | null;
  csrfToken: string;
  expiresAt: string;
}

export interface PortalCaseSummary {
  number: number;
  subject: string;
  status: CustomerStatus;
  statusText: string;
  createdAt: string;
  updatedAt: string;
}

export interface PortalEntry {
  id: string;
  kind: "message" | "status";
  direction: "in" | "out" | null;
  channel: string | null;
  body: string;
  authorKind: "you" | "staff" | "desk" | "other" | null;
  author: string | null;
  status: CustomerStatus | null;
  createdAt: string;
}

export interface PortalPromise {
  id: string;
  kind: string;
  wording: string;
  dueAt: string;
  status: "open" | "kept" | "renegotiated" | "broken";
  statusText: string;
  closedAt: string | null;
}

export interface PortalCase extends PortalCaseSummary {
  mayReply: boolean;
  timeline: PortalEntry[];
  promises: PortalPromise[];
}

export interface PortalRequestResult {
  caseNumber: number;
  subject: string;
  statusText: string;
  url: string;
  linkExpiresAt: string;
  promises: PortalPromise[];
}

export interface PortalPage<T> {
  items: T[];
  nextCursor: string | null;
}

/** A customer's portal link as staff see it (web/src/components/case/PortalLinkPanel.tsx). */
export interface PortalLink {
  id: string;
  scope: "customer" | "case";
  caseNumber: number | null;
  expiresAt: string;
  state: "active" | "expired" | "revoked";
  url?: string;
}
