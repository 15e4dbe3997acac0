import type { AuthorityLevel } from "../auth/auth.rules.js";
import type { ClockInterval } from "../calendar/calendar.rules.js";
import type { Disclosure } from "../staff/staff.rules.js";
import {
  deskStatus,
  maySeeHours,
  PROTECTED_WORDING,
  type DutyState,
  type ScheduleAccess,
} from "./desk.rules.js";
import type { RosterMember } from "./roster.js";
import { shiftsBetween } from "./schedule.rules.js";
import type { TimeOffRow } from "./schedules.store.js";

/*
 * What leaves the server about anyone's hours. This is the privacy shield for schedules: every
 * view is built from the reader's access, and a protected person's hours, time off, shifts,
 * on-duty state and next-in time are left out unless the reader has full access. The response
 * schemas make those members optional or nullable, so nothing else can slip through.
 */

const iso = (ms: number | undefined): string | null =>
  ms === undefined || !Number.isFinite(ms) ? null : new Date(ms).toISOString();

export interface TimeOffView {
  id: string;
  staffId: string;
  startsOn: string;
  endsOn: string;
  fromTime: string | null;
  untilTime: string | null;
  /** Only for full access (the person, their managers, admins). */
  note?: string;
  createdAt: string;
}

export function presentTimeOff(row: TimeOffRow, access: ScheduleAccess): TimeOffView {
  const view: TimeOffView = {
    id: row.id,
    staffId: row.staff_id,
    startsOn: row.starts_on,
    endsOn: row.ends_on,
    fromTime: row.from_time,
    untilTime: row.until_time,
    createdAt: row.created_at,
  };
  if (access === "full") view.note = row.note;
  return view;
}

export interface HoursView {
  timeZone: string;
  weekly: Record<string, ClockInterval[]>;
  holidays: string[];
  exceptions: { date: string; intervals: ClockInterval[] }[];
}

export interface ScheduleView {
  staffId: string;
  name: string;
  disclosure: Disclosure;
  access: ScheduleAccess;
  /** Null when there is none, or when the reader may not see it. */
  hours: HoursView | null;
  timeOff: TimeOffView[];
  /** The shifts in the requested week (time off taken out). */
  shifts: { start: string; end: string }[];
  /** What to say instead, when the schedule is not shared with this reader. */
  wording: string | null;
}

export function presentSchedule(
  m: RosterMember,
  access: ScheduleAccess,
  week: { fromMs: number; toMs: number; todayLocal: string },
): ScheduleView {
  const base = { staffId: m.id, name: m.name, disclosure: m.disclosure, access };
  if (!maySeeHours(access))
    return { ...base, hours: null, timeOff: [], shifts: [], wording: PROTECTED_WORDING };
  return {
    ...base,
    hours: m.spec
      ? {
          timeZone: m.spec.timeZone,
          weekly: Object.fromEntries(Object.entries(m.spec.weekly)),
          holidays: m.spec.holidays ?? [],
          exceptions: m.spec.exceptions ?? [],
        }
      : null,
    // Upcoming and current entries; past ones stay in the store for the record.
    timeOff: m.timeOff.filter((t) => t.ends_on >= week.todayLocal).map((t) => presentTimeOff(t, access)),
    shifts: m.schedule
      ? shiftsBetween(m.schedule, week.fromMs, week.toMs).map((s) => ({
          start: new Date(s.start).toISOString(),
          end: new Date(s.end).toISOString(),
        }))
      : [],
    wording: null,
  };
}

export interface StatusCardView {
  staffId: string;
  name: string;
  title: string;
  disclosure: Disclosure;
  state: DutyState;
  onDutyUntil: string | null;
  nextInAt: string | null;
  /** The zone the times are read in; null when not shared. */
  timeZone: string | null;
  receptionistWording: string;
  customerWording: string;
}

/** The receptionist's card: in / off until … / can't share, with words ready to say. */
export function presentStatusCard(m: RosterMember, access: ScheduleAccess, atMs: number): StatusCardView {
  const s = deskStatus({ name: m.name, disclosure: m.disclosure, access, schedule: m.schedule, atMs });
  const shared = maySeeHours(access);
  return {
    staffId: m.id,
    name: m.name,
    title: m.title,
    disclosure: m.disclosure,
    state: s.state,
    onDutyUntil: shared ? iso(s.onDutyUntil) : null,
    nextInAt: shared ? iso(s.nextInAt) : null,
    timeZone: shared && m.schedule ? m.schedule.timeZone : null,
    receptionistWording: s.receptionist,
    customerWording: s.customer,
  };
}

export interface OnDutyView {
  staffId: string;
  name: string;
  title: string;
  authority: AuthorityLevel;
  teamIds: string[];
  skills: string[];
  /** The end of their shift (null when it runs on without end). */
  until: string | null;
}

export function presentOnDuty(m: RosterMember, until: number): OnDutyView {
  return {
    staffId: m.id,
    name: m.name,
    title: m.title,
    authority: m.authority,
    teamIds: [...m.teamIds],
    skills: [...m.skills],
    until: iso(until),
  };
}

export interface HelperView extends OnDutyView {
  /** Open cases assigned to them now. */
  openCases: number;
  /** In the case's team. */
  inTeam: boolean;
  /** Already the case's assignee. */
  isAssignee: boolean;
}
