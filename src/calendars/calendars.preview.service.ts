import type { Actor } from "../auth/auth.rules.js";
import { requirePermission } from "../auth/permissions.js";
import { isOpen } from "../calendar/calendar.engine.js";
import { nextOpenStretches, stretchLabel } from "../calendar/calendar.openings.js";
import type { Deps } from "../deps.js";
import { invalid, notFound } from "../shared/errors.js";
import { compiledCalendar } from "./calendars.cache.js";
import { findCalendar } from "./calendars.store.js";

export interface OpeningView {
  opensAt: string;
  /** null: still open a year on (around the clock). */
  closesAt: string | null;
  /** In words, in the calendar's zone: "Mon 7 Dec, 09:00–17:00". */
  label: string;
}

export interface CalendarOpeningsView {
  calendarId: string;
  timeZone: string;
  from: string;
  isOpenAt: boolean;
  openings: OpeningView[];
}

/** The next openings of a saved calendar from `from` (default now): what a change does, in words. */
export async function listCalendarOpenings(
  deps: Deps,
  actor: Actor,
  id: string,
  opts: { from?: string | undefined; count: number },
): Promise<CalendarOpeningsView> {
  requirePermission(actor, "clients:read");
  const row = await findCalendar(deps.db, actor.workspaceId, id);
  if (!row) throw notFound("calendar");
  const from = opts.from === undefined ? deps.clock.now().getTime() : Date.parse(opts.from);
  if (Number.isNaN(from)) throw invalid("from is not an instant.", { field: "from" });
  const cal = compiledCalendar(row);
  return {
    calendarId: row.id,
    timeZone: cal.timeZone,
    from: new Date(from).toISOString(),
    isOpenAt: isOpen(cal, from),
    openings: nextOpenStretches(cal, from, opts.count).map((s) => ({
      opensAt: new Date(s.opensAt).toISOString(),
      closesAt: s.closesAt === null ? null : new Date(s.closesAt).toISOString(),
      label: stretchLabel(s, cal.timeZone),
    })),
  };
}
