import { DateTime } from "luxon";
import { recordAudit } from "../audit/audit.service.js";
import type { Actor } from "../auth/auth.rules.js";
import { requirePermission } from "../auth/permissions.js";
import { parseLocalDate } from "../calendar/calendar.dates.js";
import { findPromiseSettings } from "../calendars/calendars.store.js";
import type { Conn } from "../db/database.js";
import type { Deps } from "../deps.js";
import { toInstant } from "../shared/clock.js";
import { AppError, invalid, notFound } from "../shared/errors.js";
import {
  accessOf,
  loadRoster,
  mayEditSchedule,
  timeOffOf,
  type Roster,
  type RosterMember,
} from "./roster.js";
import { normaliseSkill, validateSchedule, type ScheduleSpec } from "./schedule.rules.js";
import { presentSchedule, presentTimeOff, type ScheduleView, type TimeOffView } from "./schedules.present.js";
import {
  deleteTimeOffRow,
  findTimeOffRow,
  insertTimeOffRow,
  setSkillsRow,
  upsertScheduleRow,
  type TimeOffRow,
} from "./schedules.store.js";
import type { TimeOff } from "./timeoff.rules.js";

/*
 * Use cases of schedules, time off and skills. Reading goes through the presenters with the
 * reader's access; changing hours or time off is for the person, their managers (up the
 * reports-to chain) and admins. The audit says what changed, never the hours or dates
 * themselves: a protected person's schedule must not reach supervisors through the audit trail.
 */

export function getMember(roster: Roster, staffId: string): RosterMember {
  const m = roster.members.get(staffId);
  if (!m) throw notFound("staff member");
  return m;
}

function checkMayEdit(actor: Actor, roster: Roster, staffId: string): void {
  if (!mayEditSchedule(actor, roster, staffId)) {
    throw new AppError(
      "forbidden",
      "Only the person, their managers and admins change someone's hours and time off.",
      { reason: "not-self-or-manager" },
    );
  }
}

async function workspaceZone(conn: Conn, workspaceId: string): Promise<string> {
  return (await findPromiseSettings(conn, workspaceId)).time_zone;
}

/** The schedule as this reader may see it, with the shifts of the week starting `weekOf` (default today). */
export async function getSchedule(
  deps: Deps,
  actor: Actor,
  staffId: string,
  weekOf?: string,
): Promise<ScheduleView> {
  requirePermission(actor, "staff:read");
  const roster = await loadRoster(deps.db, actor.workspaceId);
  const m = getMember(roster, staffId);
  const zone = m.spec?.timeZone ?? (await workspaceZone(deps.db, actor.workspaceId));
  const now = DateTime.fromJSDate(deps.clock.now(), { zone });
  if (weekOf !== undefined && parseLocalDate(weekOf) === undefined)
    throw invalid(`weekOf "${weekOf}" is not a date YYYY-MM-DD.`, { field: "weekOf" });
  const from = weekOf ? DateTime.fromISO(weekOf, { zone }) : now.startOf("day");
  return presentSchedule(m, accessOf(actor, roster, staffId), {
    fromMs: from.toMillis(),
    toMs: from.plus({ days: 7 }).toMillis(),
    todayLocal: now.toISODate() ?? "",
  });
}

function checkSchedule(spec: ScheduleSpec, timeOff: readonly TimeOff[], field: string): void {
  const problems = validateSchedule(spec, timeOff);
  if (problems.length > 0)
    throw invalid(`The schedule is not valid: ${problems.join(" ")}`, { field, problems });
}

/** Sets a person's weekly hours (their zone, intervals per weekday, optional holidays and exceptions). */
export async function setSchedule(
  deps: Deps,
  actor: Actor,
  staffId: string,
  spec: ScheduleSpec,
): Promise<ScheduleView> {
  requirePermission(actor, "staff:read");
  const at = toInstant(deps.clock.now());
  await deps.db.transaction().execute(async (trx) => {
    const roster = await loadRoster(trx, actor.workspaceId);
    const m = getMember(roster, staffId);
    checkMayEdit(actor, roster, staffId);
    const clean: ScheduleSpec = {
      timeZone: spec.timeZone,
      weekly: spec.weekly,
      ...(spec.holidays && spec.holidays.length > 0 && { holidays: spec.holidays }),
      ...(spec.exceptions && spec.exceptions.length > 0 && { exceptions: spec.exceptions }),
    };
    checkSchedule(clean, m.timeOff.map(timeOffOf), "weekly");
    await upsertScheduleRow(trx, {
      workspace_id: actor.workspaceId,
      staff_id: staffId,
      spec: JSON.stringify(clean),
      created_at: at,
      updated_at: at,
    });
    await recordAudit(trx, deps, actor, {
      action: "staff.schedule-set",
      subjectKind: "staff",
      subjectId: staffId,
      data: {
        workingDays: Object.values(clean.weekly).filter((d) => d.length > 0).length,
        exceptions: clean.exceptions?.length ?? 0,
      },
    });
  });
  return getSchedule(deps, actor, staffId);
}

export interface TimeOffInput extends TimeOff {
  note?: string;
}

/** Adds time off (whole days, or from/until a time of day). Needs a schedule to take it from. */
export async function addTimeOff(
  deps: Deps,
  actor: Actor,
  staffId: string,
  input: TimeOffInput,
): Promise<TimeOffView> {
  requirePermission(actor, "staff:read");
  const at = toInstant(deps.clock.now());
  return deps.db.transaction().execute(async (trx) => {
    const roster = await loadRoster(trx, actor.workspaceId);
    const m = getMember(roster, staffId);
    checkMayEdit(actor, roster, staffId);
    if (!m.spec)
      throw invalid("Set the person's weekly hours before adding time off.", { field: "startsOn" });
    const entry: TimeOff = {
      startsOn: input.startsOn,
      endsOn: input.endsOn,
      fromTime: input.fromTime ?? null,
      untilTime: input.untilTime ?? null,
    };
    checkSchedule(m.spec, [...m.timeOff.map(timeOffOf), entry], "startsOn");
    const row: TimeOffRow = {
      id: deps.newId(),
      workspace_id: actor.workspaceId,
      staff_id: staffId,
      starts_on: entry.startsOn,
      ends_on: entry.endsOn,
      from_time: entry.fromTime ?? null,
      until_time: entry.untilTime ?? null,
      note: input.note?.trim() ?? "",
      created_by_id: actor.staffId,
      created_at: at,
    };
    await insertTimeOffRow(trx, row);
    await recordAudit(trx, deps, actor, {
      action: "staff.time-off-added",
      subjectKind: "staff",
      subjectId: staffId,
      data: { timeOffId: row.id },
    });
    return presentTimeOff(row, "full");
  });
}

export async function removeTimeOff(deps: Deps, actor: Actor, id: string): Promise<void> {
  requirePermission(actor, "staff:read");
  await deps.db.transaction().execute(async (trx) => {
    const row = await findTimeOffRow(trx, actor.workspaceId, id);
    if (!row) throw notFound("time off");
    const roster = await loadRoster(trx, actor.workspaceId);
    checkMayEdit(actor, roster, row.staff_id);
    await deleteTimeOffRow(trx, actor.workspaceId, id);
    await recordAudit(trx, deps, actor, {
      action: "staff.time-off-removed",
      subjectKind: "staff",
      subjectId: row.staff_id,
      data: { timeOffId: id },
    });
  });
}

/** Sets a person's skills (lower-cased, trimmed, unique); staff:write, as for teams. */
export async function setSkills(
  deps: Deps,
  actor: Actor,
  staffId: string,
  skills: readonly string[],
): Promise<{ staffId: string; skills: string[] }> {
  requirePermission(actor, "staff:write");
  const clean = [...new Set(skills.map(normaliseSkill).filter((s) => s.length > 0))].sort();
  const at = toInstant(deps.clock.now());
  await deps.db.transaction().execute(async (trx) => {
    const roster = await loadRoster(trx, actor.workspaceId);
    getMember(roster, staffId);
    await setSkillsRow(trx, actor.workspaceId, staffId, clean, at);
    await recordAudit(trx, deps, actor, {
      action: "staff.skills-set",
      subjectKind: "staff",
      subjectId: staffId,
      data: { skills: clean },
    });
  });
  return { staffId, skills: clean };
}
