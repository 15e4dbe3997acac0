import { compileCalendar, type Calendar, type CalendarSpec } from "../calendar/calendar.rules.js";
import type { Conn } from "../db/database.js";
import { findCalendar, type CalendarRow } from "./calendars.store.js";

/*
 * Compiled calendars memoise their years, so compiling once per version pays off across
 * requests and recomputations. Keyed by id and the spec text itself (not updated_at, which two
 * edits within one millisecond — or on a stopped test clock — share): an edit makes a new entry.
 */
const MAX_ENTRIES = 256;
const compiled = new Map<string, Calendar>();

export function parseSpec(row: Pick<CalendarRow, "spec">): CalendarSpec {
  return JSON.parse(row.spec) as CalendarSpec;
}

/** The engine's calendar for a stored row (validated on write, so compiling does not fail). */
export function compiledCalendar(row: CalendarRow): Calendar {
  const key = `${row.id}@${row.spec}`;
  let cal = compiled.get(key);
  if (!cal) {
    if (compiled.size >= MAX_ENTRIES) compiled.clear();
    cal = compileCalendar(parseSpec(row));
    compiled.set(key, cal);
  }
  return cal;
}

/** The compiled calendar with this id in the workspace, or null when there is none. */
export async function loadCalendar(
  conn: Conn,
  workspaceId: string,
  id: string | null,
): Promise<Calendar | null> {
  if (id === null) return null;
  const row = await findCalendar(conn, workspaceId, id);
  return row ? compiledCalendar(row) : null;
}
