/** The API's shapes as the console uses them (see /openapi.json for the full schemas). */

export const CASE_STATUSES = ["new", "open", "waiting_on_customer", "on_hold", "solved", "closed"] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];
export const PRIORITIES = ["low", "normal", "high", "urgent"] as const;
export type Priority = (typeof PRIORITIES)[number];
/** Why priority left normal: a fixed list on purpose (how loudly someone calls is not on it). */
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
export const CHANNELS = ["phone", "walk_in", "email", "portal", "chat", "api"] as const;
export type Channel = (typeof CHANNELS)[number];
export const ROLES = ["admin", "manager", "supervisor", "agent", "receptionist"] as const;
export type Role = (typeof ROLES)[number];
export const AUTHORITY_LEVELS = ["agent", "supervisor", "manager", "owner"] as const;
export type AuthorityLevel = (typeof AUTHORITY_LEVELS)[number];
export const DISCLOSURES = ["disclose", "protected"] as const;
export type Disclosure = (typeof DISCLOSURES)[number];

export interface Session {
  staffId: string;
  workspaceId: string;
  role: Role;
  permissions: string[];
  csrfToken: string;
  expiresAt: string;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface Case {
  id: string;
  number: number;
  subject: string;
  status: CaseStatus;
  priority: Priority;
  priorityReason: string | null;
  channel: Channel;
  assigneeId: string | null;
  teamId: string | null;
  clientId: string | null;
  customerId: string | null;
  tags: string[];
  dueAt: string | null;
  createdById: string | null;
  createdAt: string;
  updatedAt: string;
  solvedAt: string | null;
  closedAt: string | null;
  /** A pending hand-over: "in hand-over" until the receiver acknowledges. */
  handover?: CaseHandover | null;
}

export interface Entry {
  id: string;
  caseId: string;
  kind: string;
  direction: string | null;
  channel: string | null;
  body: string;
  authorStaffId: string | null;
  authorCustomerId: string | null;
  call: { answerSeconds: number | null; durationSeconds: number | null } | null;
  data: Record<string, unknown>;
  createdAt: string;
}

export interface Attempt {
  id: string;
  caseId: string;
  channel: string;
  line: string | null;
  staffId: string | null;
  answered: boolean;
  note: string;
  attemptedAt: string;
  createdAt: string;
}

export interface Contact {
  id: string;
  kind: string;
  label: string;
  value: string;
}

export interface Staff {
  id: string;
  name: string;
  email: string;
  title: string;
  role: Role;
  authority: AuthorityLevel;
  reportsToId: string | null;
  disclosure: Disclosure;
  isActive: boolean;
  teamIds: string[];
  skills?: string[];
  workContacts: Contact[];
  /** Present only when the API decides this reader may see them. */
  privateContacts?: Contact[];
  createdAt: string;
  updatedAt: string;
}

export interface Team {
  id: string;
  name: string;
  description: string;
  memberIds: string[];
}

export interface Customer {
  id: string;
  name: string;
  email: string | null;
  phone: string | null;
  clientId: string | null;
  notes: string;
}

export interface CustomerCase {
  id: string;
  number: number;
  subject: string;
  status: string;
  createdAt: string;
}

export interface Client {
  id: string;
  name: string;
  domain: string | null;
  currency: string;
  notes: string;
  creditAccount: {
    currency: string;
    termsDays: number;
    limitMinor: number;
    balanceMinor: number;
    availableMinor: number;
  };
}

export interface Order {
  id: string;
  reference: string;
  description: string;
  amountMinor: number;
  currency: string;
  onAccount: boolean;
  status: string;
  orderedAt: string;
}

export interface Payment {
  id: string;
  reference: string;
  amountMinor: number;
  currency: string;
  method: string;
  paidAt: string;
}

/** The case's pending hand-over (src/handoffs), on case reads and lists. */
export interface CaseHandover {
  id: string;
  kind: "escalation" | "transfer" | "shift_end";
  fromStaffId: string | null;
  toStaffId: string | null;
  toTeamId: string | null;
  createdAt: string;
}
