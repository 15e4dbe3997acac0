/** The API's shapes for promises, calendars and agreements, as the console uses them. */

export const PROMISE_KINDS = [
  "reply_by",
  "callback_by",
  "deliverable_by",
  "appointment_at",
  "custom",
] as const;
export type PromiseKind = (typeof PROMISE_KINDS)[number];
export const PROMISE_TARGETS = ["first_reply", "next_reply", "resolution", "callback"] as const;
export type PromiseTarget = (typeof PROMISE_TARGETS)[number];
export type PromiseStatus = "open" | "kept" | "renegotiated" | "broken" | "cancelled";

export interface CasePromise {
  id: string;
  caseId: string;
  kind: PromiseKind;
  target: PromiseTarget | null;
  description: string;
  dueAt: string;
  status: PromiseStatus;
  basis: Record<string, unknown>;
  pausedAt: string | null;
  toldCustomer: boolean;
  replacedById: string | null;
  createdById: string | null;
  createdAt: string;
  updatedAt: string;
  closedAt: string | null;
  /** The promise in the customer's words and the workspace's zone. */
  wording: string;
  /** When the desk warns it is at risk; null when closed or paused. */
  warnAt: string | null;
}

export interface Renegotiation {
  previous: CasePromise;
  promise: CasePromise;
  wording: string;
}

export interface HonestPromise {
  target: PromiseTarget;
  agreementId: string;
  dueAt: string;
  isSameDay: boolean;
  isOpenNow: boolean;
  startsAt: string;
  wording: string;
}

export interface Acknowledgement {
  caseId: string;
  caseNumber: number;
  timeZone: string;
  subject: string;
  promiseLines: string[];
  text: string;
  html: string;
  promiseIds: string[];
}

export type ClockInterval = [string, string];
export const DAY_KEYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] as const;
export type DayKey = (typeof DAY_KEYS)[number];

export interface CalendarSpec {
  timeZone: string;
  weekly: Partial<Record<DayKey, ClockInterval[]>>;
  holidays?: string[];
  exceptions?: { date: string; intervals: ClockInterval[] }[];
  alwaysOpen?: boolean;
}

export interface Calendar {
  id: string;
  name: string;
  spec: CalendarSpec;
  createdAt: string;
  updatedAt: string;
}

export interface Openings {
  calendarId: string;
  timeZone: string;
  from: string;
  isOpenAt: boolean;
  openings: { opensAt: string; closesAt: string | null; label: string }[];
}

export interface TargetMinutes {
  firstReplyMinutes: number;
  nextReplyMinutes: number;
  resolutionMinutes: number;
}
export type Targets = Record<"low" | "normal" | "high" | "urgent", TargetMinutes>;

export interface Agreement {
  id: string;
  name: string;
  coverage: "calendar" | "always";
  calendarId: string | null;
  targets: Targets;
  callbackMinutes: number;
  afterHoursPaging: boolean;
  onCallRota: string | null;
  includedChannels: string[];
  isDefault: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface PreviewDue {
  dueAt: string;
  wording: string;
}

export interface AgreementPreview {
  agreementId: string;
  at: string;
  timeZone: string;
  coverage: string;
  calendarId: string | null;
  isOpenAt: boolean;
  startsAt: string;
  priorities: { priority: string; firstReply: PreviewDue; nextReply: PreviewDue; resolution: PreviewDue }[];
  callback: PreviewDue;
}

export interface Deliverable {
  id: string;
  agreementId: string;
  clientId: string | null;
  name: string;
  rrule: string;
  nextDueAt: string | null;
  wording: string | null;
  createdAt: string;
}

export interface AgreementClient {
  id: string;
  name: string;
  viaDefault: boolean;
}

export interface PromiseSettings {
  timeZone: string;
  calendarId: string | null;
  callbackMinutes: number | null;
}
