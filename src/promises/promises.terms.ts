import {
  findClientAgreementId,
  listAgreementRows,
  type AgreementRow,
} from "../agreements/agreements.store.js";
import type { Calendar } from "../calendar/calendar.rules.js";
import { loadCalendar } from "../calendars/calendars.cache.js";
import { findPromiseSettings } from "../calendars/calendars.store.js";
import type { Conn } from "../db/database.js";
import { applicableAgreement, type AgreementTerms, type Coverage, type Targets } from "./promises.rules.js";

/** Everything a case's promises are computed from: the workspace's settings and the agreement. */
export interface PromiseTerms {
  timeZone: string;
  /** Workspace callback target in real minutes from the first attempt; null: none. */
  callbackMinutes: number | null;
  workspaceCalendarId: string | null;
  /** The applicable agreement, or undefined when the workspace has none for this case. */
  agreement: AgreementTerms | undefined;
  /** The agreement's coverage calendar (null: around the clock or none known). */
  calendar: Calendar | null;
  calendarId: string | null;
}

export function termsOf(row: AgreementRow): AgreementTerms {
  return {
    id: row.id,
    coverage: row.coverage as Coverage,
    targets: JSON.parse(row.targets) as Targets,
    callbackMinutes: row.callback_minutes,
  };
}

/** The calendar an agreement runs in: its own, else the workspace's; none for 24/7 agreements. */
export function coverageCalendarId(
  row: Pick<AgreementRow, "coverage" | "calendar_id">,
  workspaceCalendarId: string | null,
): string | null {
  if (row.coverage === "always") return null;
  return row.calendar_id ?? workspaceCalendarId;
}

/** Loads the terms for a case of `clientId` (the client's agreement, else the default). */
export async function loadPromiseTerms(
  conn: Conn,
  workspaceId: string,
  clientId: string | null,
): Promise<PromiseTerms> {
  const settings = await findPromiseSettings(conn, workspaceId);
  const rows = await listAgreementRows(conn, workspaceId);
  const clientAgreementId = clientId
    ? ((await findClientAgreementId(conn, workspaceId, clientId))?.agreementId ?? null)
    : null;
  const row = applicableAgreement(
    rows.map((r) => ({ ...r, isDefault: r.is_default === 1 })),
    clientAgreementId,
  );
  const calendarId = row ? coverageCalendarId(row, settings.calendar_id) : null;
  const calendar = await loadCalendar(conn, workspaceId, calendarId);
  return {
    timeZone: settings.time_zone,
    callbackMinutes: settings.callback_minutes,
    workspaceCalendarId: settings.calendar_id,
    agreement: row ? termsOf(row) : undefined,
    calendar,
    calendarId: calendar ? calendarId : null,
  };
}
