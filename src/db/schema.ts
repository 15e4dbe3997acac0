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
}
