import { NEVER } from "../shared/clock.js";
import type { CaseStatus, Channel, Priority } from "./cases.rules.js";
import type { AttemptRow, CaseRow, EntryRow } from "./cases.store.js";
import type { CaseHandoverView } from "../handoffs/handoffs.present.js";

export interface CaseView {
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
  /** The earliest open promise on the case, or null when nothing is promised. */
  dueAt: string | null;
  createdById: string | null;
  createdAt: string;
  updatedAt: string;
  solvedAt: string | null;
  closedAt: string | null;
  /** The pending hand-over: the case is "in hand-over" to sender and receiver until acknowledged. */
  handover: CaseHandoverView | null;
}

export function presentCase(
  row: CaseRow,
  tags: string[],
  handover: CaseHandoverView | null = null,
): CaseView {
  return {
    id: row.id,
    number: row.number,
    subject: row.subject,
    status: row.status as CaseStatus,
    priority: row.priority as Priority,
    priorityReason: row.priority_reason,
    channel: row.channel as Channel,
    assigneeId: row.assignee_id,
    teamId: row.team_id,
    clientId: row.client_id,
    customerId: row.customer_id,
    tags,
    dueAt: row.due_at === NEVER ? null : row.due_at,
    createdById: row.created_by_id,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    solvedAt: row.solved_at,
    closedAt: row.closed_at,
    handover,
  };
}

export interface EntryView {
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

export function presentEntry(row: EntryRow): EntryView {
  return {
    id: row.id,
    caseId: row.case_id,
    kind: row.kind,
    direction: row.direction,
    channel: row.channel,
    body: row.body,
    authorStaffId: row.author_staff_id,
    authorCustomerId: row.author_customer_id,
    call:
      row.kind === "call"
        ? { answerSeconds: row.call_answer_seconds, durationSeconds: row.call_duration_seconds }
        : null,
    data: JSON.parse(row.data) as Record<string, unknown>,
    createdAt: row.created_at,
  };
}

export interface AttemptView {
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

export function presentAttempt(row: AttemptRow): AttemptView {
  return {
    id: row.id,
    caseId: row.case_id,
    channel: row.channel,
    line: row.line,
    staffId: row.staff_id,
    answered: row.answered === 1,
    note: row.note,
    attemptedAt: row.attempted_at,
    createdAt: row.created_at,
  };
}
