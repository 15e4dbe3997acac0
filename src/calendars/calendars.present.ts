import type { CalendarSpec } from "../calendar/calendar.rules.js";
import { parseSpec } from "./calendars.cache.js";
import type { CalendarRow, PromiseSettingsRow } from "./calendars.store.js";

export interface CalendarView {
  id: string;
  name: string;
  spec: CalendarSpec;
  createdAt: string;
  updatedAt: string;
}

export function presentCalendar(row: CalendarRow): CalendarView {
  return {
    id: row.id,
    name: row.name,
    spec: parseSpec(row),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export interface PromiseSettingsView {
  timeZone: string;
  /** The workspace's business calendar (agreements on "calendar" coverage without their own use it). */
  calendarId: string | null;
  /** Callback target in real minutes from a customer's first contact attempt; null: none. */
  callbackMinutes: number | null;
}

export function presentSettings(row: PromiseSettingsRow): PromiseSettingsView {
  return { timeZone: row.time_zone, calendarId: row.calendar_id, callbackMinutes: row.callback_minutes };
}
