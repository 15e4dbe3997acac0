import type { Channel } from "../cases/cases.rules.js";
import { customerWording, type Coverage, type Targets } from "../promises/promises.rules.js";
import type { AgreementRow, DeliverableRow } from "./agreements.store.js";

export interface AgreementView {
  id: string;
  name: string;
  coverage: Coverage;
  /** The coverage calendar; null with "calendar" coverage means the workspace's calendar. */
  calendarId: string | null;
  targets: Targets;
  callbackMinutes: number;
  afterHoursPaging: boolean;
  onCallRota: string | null;
  /** The rota urgent requests page (schedules issue); set with PUT /api/agreements/:id/on-call-rota. */
  onCallRotaId: string | null;
  includedChannels: Channel[];
  isDefault: boolean;
  createdAt: string;
  updatedAt: string;
}

export function presentAgreement(row: AgreementRow): AgreementView {
  return {
    id: row.id,
    name: row.name,
    coverage: row.coverage as Coverage,
    calendarId: row.calendar_id,
    targets: JSON.parse(row.targets) as Targets,
    callbackMinutes: row.callback_minutes,
    afterHoursPaging: row.after_hours_paging === 1,
    onCallRota: row.on_call_rota,
    onCallRotaId: row.on_call_rota_id ?? null,
    includedChannels: JSON.parse(row.included_channels) as Channel[],
    isDefault: row.is_default === 1,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export interface DeliverableView {
  id: string;
  agreementId: string;
  clientId: string | null;
  name: string;
  rrule: string;
  /** The next occurrence at or after now; null when the schedule has ended. */
  nextDueAt: string | null;
  /** The next occurrence as the client is told it, in the rule's zone. */
  wording: string | null;
  createdAt: string;
}

export function presentDeliverable(
  row: DeliverableRow,
  next: { dueAt: number; timeZone: string } | undefined,
): DeliverableView {
  return {
    id: row.id,
    agreementId: row.agreement_id,
    clientId: row.client_id,
    name: row.name,
    rrule: row.rrule,
    nextDueAt: next ? new Date(next.dueAt).toISOString() : null,
    wording: next ? customerWording(next.dueAt, next.timeZone, "deliverable_by") : null,
    createdAt: row.created_at,
  };
}
