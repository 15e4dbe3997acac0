/**
 * One schema type for both dialects. Conventions that make one type fit both stores:
 * - instants are ISO-8601 UTC strings (TEXT on SQLite; timestamptz on PostgreSQL, read back as ISO);
 * - flags are integers 0/1; JSON is stored as text (so the audit hash covers exactly what is stored);
 * - money is an integer count of minor units (cents) next to an ISO 4217 currency code.
 */

export type Flag = 0 | 1;

export interface WorkspaceTable {
  id: string;
  slug: string;
  name: string;
  time_zone: string;
  next_case_number: number;
  audit_seq: number;
  audit_head: string;
  created_at: string;
  /** The business calendar (promises issue); null until one is set. */
  calendar_id?: string | null | undefined;
  /** Callback target in real minutes from a customer's first contact attempt (S6: 30); null: none. */
  callback_minutes?: number | null | undefined;
}

export interface StaffTable {
  id: string;
  workspace_id: string;
  name: string;
  email: string;
  title: string;
  role: string;
  authority: string;
  reports_to_id: string | null;
  /** "disclose": the desk may say when they are next in; "protected": it never does. */
  disclosure: string;
  password_hash: string | null;
  is_active: Flag;
  created_at: string;
  updated_at: string;
  /** JSON array of skills (schedules issue); optional so earlier writers need not name it. */
  skills?: string | undefined;
}

export interface StaffContactTable {
  id: string;
  workspace_id: string;
  staff_id: string;
  /** "work" contacts may be shown to customers; "private" ones only to the person and permitted staff. */
  visibility: string;
  kind: string;
  label: string;
  value: string;
  created_at: string;
}

export interface TeamTable {
  id: string;
  workspace_id: string;
  name: string;
  description: string;
  created_at: string;
  updated_at: string;
  /** The team's calendar (promises issue); optional so earlier writers need not name it. */
  calendar_id?: string | null | undefined;
}

export interface TeamMemberTable {
  workspace_id: string;
  team_id: string;
  staff_id: string;
}

export interface CustomerTable {
  id: string;
  workspace_id: string;
  name: string;
  email: string | null;
  phone: string | null;
  client_id: string | null;
  notes: string;
  created_at: string;
  updated_at: string;
}

export interface ClientTable {
  id: string;
  workspace_id: string;
  name: string;
  /** Mail domain used to link new customers to this client, e.g. "acme.example". */
  domain: string | null;
  currency: string;
  /** In-house credit account: terms in days (net 30 → 30), limit and current balance owed. */
  credit_terms_days: number;
  credit_limit_minor: number;
  credit_balance_minor: number;
  notes: string;
  created_at: string;
  updated_at: string;
  /** The client's agreement; null: the workspace default applies. */
  agreement_id?: string | null | undefined;
}

export interface ClientOrderTable {
  id: string;
  workspace_id: string;
  client_id: string;
  customer_id: string | null;
  reference: string;
  description: string;
  amount_minor: number;
  currency: string;
  /** 1 when charged to the client's credit account (raises its balance). */
  on_account: Flag;
  status: string;
  ordered_at: string;
  created_at: string;
}

export interface ClientPaymentTable {
  id: string;
  workspace_id: string;
  client_id: string;
  reference: string;
  amount_minor: number;
  currency: string;
  method: string;
  paid_at: string;
  created_at: string;
}

export interface CaseTable {
  id: string;
  workspace_id: string;
  number: number;
  subject: string;
  status: string;
  /** 1 while the case still needs work (not solved or closed); the agent's queue reads it. */
  is_open: Flag;
  priority: string;
  priority_reason: string | null;
  channel: string;
  assignee_id: string | null;
  team_id: string | null;
  client_id: string | null;
  customer_id: string | null;
  /** Earliest open promise; NEVER when there is none, so the queue index sorts without NULLs. */
  due_at: string;
  created_by_id: string | null;
  created_at: string;
  updated_at: string;
  solved_at: string | null;
  closed_at: string | null;
}

export interface CaseTagTable {
  workspace_id: string;
  case_id: string;
  tag: string;
}

export interface CaseEntryTable {
  id: string;
  workspace_id: string;
  case_id: string;
  kind: string;
  direction: string | null;
  channel: string | null;
  body: string;
  author_staff_id: string | null;
  author_customer_id: string | null;
  call_answer_seconds: number | null;
  call_duration_seconds: number | null;
  data: string;
  created_at: string;
}

export interface ContactAttemptTable {
  id: string;
  workspace_id: string;
  case_id: string;
  channel: string;
  /** The line tried ("front desk", "+1-555-0142"), or null when a person was tried. */
  line: string | null;
  staff_id: string | null;
  answered: Flag;
  note: string;
  attempted_at: string;
  created_at: string;
}

export interface SearchDocTable {
  source_id: string;
  workspace_id: string;
  case_id: string;
  body: string;
}

export interface SessionTable {
  id: string;
  workspace_id: string;
  staff_id: string;
  token_hash: string;
  csrf_token: string;
  created_at: string;
  expires_at: string;
}

export interface ApiTokenTable {
  id: string;
  workspace_id: string;
  staff_id: string;
  name: string;
  token_hash: string;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

export interface AuditEntryTable {
  id: string;
  workspace_id: string;
  seq: number;
  at: string;
  actor_kind: string;
  actor_id: string | null;
  action: string;
  subject_kind: string;
  subject_id: string | null;
  data: string;
  prev_hash: string;
  hash: string;
}

/** Work due at an instant, claimed and run by src/duework. */
export interface DueWorkTable {
  id: string;
  workspace_id: string;
  /** What to do, e.g. "promise.warning"; selects the handler. */
  kind: string;
  subject_id: string;
  /** JSON text handed to the handler. */
  payload: string;
  /** Scheduling the same key twice in a workspace is a no-op, whatever the first row's status. */
  unique_key: string | null;
  due_at: string;
  /** "pending" | "done" | "failed" | "cancelled" */
  status: string;
  /** Failed runs so far. */
  attempts: number;
  claimed_by: string | null;
  claim_expires_at: string | null;
  last_error: string | null;
  done_at: string | null;
  created_at: string;
}

export interface CalendarTable {
  id: string;
  workspace_id: string;
  name: string;
  /** A CalendarSpec (src/calendar) as JSON text; validated before every write. */
  spec: string;
  created_at: string;
  updated_at: string;
}

export interface AgreementTable {
  id: string;
  workspace_id: string;
  name: string;
  /** "calendar": targets run in the coverage calendar's open time; "always": around the clock. */
  coverage: string;
  /** The coverage calendar; null means the workspace's calendar. */
  calendar_id: string | null;
  /** JSON: per priority, firstReplyMinutes / nextReplyMinutes / resolutionMinutes (working minutes). */
  targets: string;
  /** Callbacks within this many working minutes (S1: messages for staff). */
  callback_minutes: number;
  /** 1: urgent requests page the on-call person outside the coverage calendar. */
  after_hours_paging: Flag;
  on_call_rota: string | null;
  /** JSON array of channels the agreement covers. */
  included_channels: string;
  /** 1 for the workspace's default agreement (customers without a client, clients without one). */
  is_default: Flag;
  created_at: string;
  updated_at: string;
  /** The on-call rota urgent requests page (schedules issue); null: none. */
  on_call_rota_id?: string | null | undefined;
}

export interface DeliverableTable {
  id: string;
  workspace_id: string;
  agreement_id: string;
  client_id: string | null;
  name: string;
  /** RFC 5545 text with DTSTART;TZID=…, so due times follow the client's wall clock. */
  rrule: string;
  created_at: string;
}

export interface PromiseTable {
  id: string;
  workspace_id: string;
  case_id: string;
  kind: string;
  target: string | null;
  description: string;
  due_at: string;
  status: string;
  /** JSON: what the due time was computed from (agreement, calendar, minutes, start, paused time). */
  basis: string;
  /** Set while a reply target is paused (the case waits on the customer). */
  paused_at: string | null;
  told_customer: Flag;
  replaced_by_id: string | null;
  created_by_id: string | null;
  created_at: string;
  updated_at: string;
  closed_at: string | null;
}

/** A customer's bearer link into the portal (src/portal); only the token's SHA-256 is stored. */
export interface PortalLinkTable {
  id: string;
  workspace_id: string;
  customer_id: string;
  /** The one case the link opens; null: all the customer's cases. */
  case_id: string | null;
  token_hash: string;
  /** "staff" (made in the console) or "request-form" (shown after the public request form). */
  via: string;
  created_by_id: string | null;
  created_at: string;
  expires_at: string;
  revoked_at: string | null;
  last_used_at: string | null;
}

/** A customer's portal session, opened from a link; it ends when its link is revoked or expires. */
export interface PortalSessionTable {
  id: string;
  workspace_id: string;
  link_id: string;
  token_hash: string;
  csrf_token: string;
  created_at: string;
  expires_at: string;
}

/** A policy's identity; its content lives in versions (policy_versions), never edited in place. */
export interface PolicyTable {
  id: string;
  workspace_id: string;
  /** Short handle, unique in the workspace, e.g. "P2". */
  code: string;
  latest_version: number;
  /** Accent-folded, lower-case text of the latest version, for search. */
  search_text: string;
  created_at: string;
  updated_at: string;
}

export interface PolicyVersionTable {
  id: string;
  workspace_id: string;
  policy_id: string;
  version: number;
  name: string;
  statement: string;
  rationale: string;
  customer_wording: string;
  /** JSON ExceptionAuthority (src/policies/policies.rules.ts). */
  authority: string;
  /** JSON PolicyLimit or "null". */
  limits: string;
  /** JSON array of evidence names. */
  evidence_required: string;
  effective_from: string;
  effective_until: string | null;
  change_note: string;
  created_by_id: string | null;
  created_at: string;
}

/** What a customer asked for under a policy on a case, the desk's answer, and any exception. */
export interface PolicyRequestTable {
  id: string;
  workspace_id: string;
  case_id: string;
  policy_id: string;
  policy_version_id: string;
  asked_by_id: string | null;
  quantity: number | null;
  amount_minor: number | null;
  currency: string | null;
  /** "quantity" | "amount" | null, and the unit or currency, as the version measured then. */
  measure: string | null;
  unit: string | null;
  /** JSON array of evidence names given. */
  evidence_given: string;
  note: string;
  /** "allowed" | "needs_exception" | "no_exception" */
  outcome: string;
  /** Beyond what the policy allowed (what a grant gives away); null without a measure. */
  excess: number | null;
  explanation: string;
  /** "allowed" | "refused_by_policy" | "pending" | "granted" | "refused" | "withdrawn" */
  status: string;
  routed_to_id: string | null;
  routing_reason: string;
  decided_by_id: string | null;
  /** The decider's authority level and the tier (JSON) that let them decide, as they were then. */
  decided_authority: string | null;
  decided_tier: string | null;
  decision_reason: string | null;
  decided_at: string | null;
  acted_by_id: string | null;
  action_description: string | null;
  acted_at: string | null;
  created_at: string;
  updated_at: string;
}

/** A staff member's weekly hours (schedules issue). */
export interface StaffScheduleTable {
  workspace_id: string;
  staff_id: string;
  /** A ScheduleSpec as JSON text. */
  spec: string;
  created_at: string;
  updated_at: string;
}

export interface StaffTimeOffTable {
  id: string;
  workspace_id: string;
  staff_id: string;
  starts_on: string;
  ends_on: string;
  from_time: string | null;
  until_time: string | null;
  /** Private: only the person, their managers and admins read it. */
  note: string;
  created_by_id: string | null;
  created_at: string;
}

export interface OnCallRotaTable {
  id: string;
  workspace_id: string;
  name: string;
  /** A RotaSpec as JSON text. */
  spec: string;
  ack_minutes: number;
  webhook_url: string | null;
  created_at: string;
  updated_at: string;
}

export interface OnCallOverrideTable {
  id: string;
  workspace_id: string;
  rota_id: string;
  staff_id: string;
  starts_at: string;
  ends_at: string;
  note: string;
  created_by_id: string | null;
  created_at: string;
}

export interface StaffMessageTable {
  id: string;
  workspace_id: string;
  staff_id: string;
  case_id: string;
  from_name: string;
  reach_at: string;
  about: string;
  urgency: string;
  status: string;
  promise_id: string | null;
  taken_by_id: string | null;
  handed_from_id: string | null;
  hand_note: string;
  read_at: string | null;
  returned_at: string | null;
  created_at: string;
  updated_at: string;
}

/** The outbox: email rows wait for the SMTP channel; webhook rows are sent by due work. */
export interface NotificationTable {
  id: string;
  workspace_id: string;
  channel: string;
  kind: string;
  recipient_staff_id: string | null;
  to_address: string;
  subject: string;
  body: string;
  subject_kind: string;
  subject_id: string;
  status: string;
  attempts: number;
  last_error: string | null;
  created_at: string;
  sent_at: string | null;
}

export interface PageTable {
  id: string;
  workspace_id: string;
  case_id: string;
  rota_id: string;
  requested_staff_id: string | null;
  note: string;
  /** JSON array of staff ids in paging order. */
  chain: string;
  step: number;
  current_staff_id: string | null;
  status: string;
  deadline_at: string | null;
  accepted_by_id: string | null;
  accepted_at: string | null;
  created_by_id: string | null;
  created_at: string;
  updated_at: string;
}

export interface DB {
  workspaces: WorkspaceTable;
  staff: StaffTable;
  staff_contacts: StaffContactTable;
  teams: TeamTable;
  team_members: TeamMemberTable;
  customers: CustomerTable;
  clients: ClientTable;
  client_orders: ClientOrderTable;
  client_payments: ClientPaymentTable;
  cases: CaseTable;
  case_tags: CaseTagTable;
  case_entries: CaseEntryTable;
  contact_attempts: ContactAttemptTable;
  search_docs: SearchDocTable;
  sessions: SessionTable;
  api_tokens: ApiTokenTable;
  audit_entries: AuditEntryTable;
  due_work: DueWorkTable;
  calendars: CalendarTable;
  agreements: AgreementTable;
  deliverables: DeliverableTable;
  promises: PromiseTable;
  staff_schedules: StaffScheduleTable;
  staff_time_off: StaffTimeOffTable;
  on_call_rotas: OnCallRotaTable;
  on_call_overrides: OnCallOverrideTable;
  staff_messages: StaffMessageTable;
  notifications: NotificationTable;
  pages: PageTable;
  portal_links: PortalLinkTable;
  portal_sessions: PortalSessionTable;

  policies: PolicyTable;
  policy_versions: PolicyVersionTable;
  policy_requests: PolicyRequestTable;
  mail_messages: MailMessageTable;
  mail_attachments: MailAttachmentTable;
  escalation_settings: EscalationSettingsTable;
  handoffs: HandoffTable;
  appointments: AppointmentTable;
}

/** Every mail that came in or went out, raw first (src/email). */
export interface MailMessageTable {
  id: string;
  workspace_id: string;
  /** "in" | "out" */
  direction: string;
  /** "smtp" | "imap" | "api" for inbound; "desk" for outbound. */
  source: string;
  /** in: "received" → "processed" | "unreadable" | "rate-limited" | "ignored"; out: "queued" → "sent" | "failed" | "off". */
  status: string;
  /** What the classifier said: human, bulk, auto_reply, bounce, complaint, read_receipt, loop. */
  classification: string | null;
  /** Why, in words (the header or pattern that decided). */
  reason: string | null;
  envelope_from: string | null;
  /** JSON array of envelope recipients. */
  envelope_to: string;
  /** Outbound: "reply" | "acknowledgement" | "notification"; null for inbound. */
  purpose: string | null;
  /** Inbound: the sender's address (From), normalised; the rate limit counts by it. */
  sender: string | null;
  /** Outbound: the first recipient, normalised; acknowledgements are limited per address by it. */
  recipient: string | null;
  subject: string | null;
  /** Message-ID without angle brackets. */
  message_id: string | null;
  size: number;
  sha256: string;
  raw: Buffer;
  /** Sanitised HTML of the body, when the mail had HTML. */
  html: string | null;
  /** JSON array of what could not be read, in words. */
  problems: string;
  case_id: string | null;
  entry_id: string | null;
  /** Outbound: failed sends so far. */
  attempts: number;
  last_error: string | null;
  received_at: string;
  processed_at: string | null;
  sent_at: string | null;
}

export interface MailAttachmentTable {
  id: string;
  workspace_id: string;
  mail_id: string;
  case_id: string | null;
  filename: string;
  content_type: string;
  content_id: string | null;
  is_inline: Flag;
  size: number;
  md5: string;
  /** Null when the attachment was over the configured size or count limit. */
  data: Buffer | null;
  created_at: string;
}

/** The workspace's hand-over margin (src/escalations); absent: the default, 15 minutes. */
export interface EscalationSettingsTable {
  workspace_id: string;
  handover_margin_minutes: number;
  updated_at: string;
}

/** A hand-over of a case (escalation, transfer, end of shift) with its context card (src/handoffs). */
export interface HandoffTable {
  id: string;
  workspace_id: string;
  case_id: string;
  kind: string;
  status: string;
  from_staff_id: string | null;
  to_staff_id: string | null;
  to_team_id: string | null;
  level: string | null;
  reason: string;
  card: string;
  decision: string | null;
  starts_at: string | null;
  trigger_key: string | null;
  created_at: string;
  acknowledged_at: string | null;
  acknowledged_by_id: string | null;
}

/** A meeting or callback with a named person on a case (src/appointments). */
export interface AppointmentTable {
  id: string;
  workspace_id: string;
  case_id: string;
  staff_id: string;
  /** "meeting" | "callback" */
  kind: string;
  /** "scheduled" | "cancelled" */
  status: string;
  starts_at: string;
  ends_at: string;
  duration_minutes: number;
  suits: string;
  sequence: number;
  promise_id: string | null;
  created_by_id: string | null;
  created_at: string;
  updated_at: string;
  cancelled_at: string | null;
}
