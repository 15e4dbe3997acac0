import { isAuthorityLevel, isRole, type Actor, type Role } from "../auth/auth.rules.js";
import type { Conn } from "../db/database.js";
import type { Disclosure } from "../staff/staff.rules.js";
import { teamIdsOf } from "../staff/staff.store.js";
import { managerChain, scheduleAccess, type ScheduleAccess } from "./desk.rules.js";
import { compileSchedule, type DutyCandidate, type Schedule, type ScheduleSpec } from "./schedule.rules.js";
import {
  listRoster,
  listScheduleRows,
  listTimeOffRows,
  type ScheduleRow,
  type TimeOffRow,
} from "./schedules.store.js";
import type { TimeOff } from "./timeoff.rules.js";

/*
 * The duty roster: every staff member of a workspace with their teams, skills and compiled
 * schedule, loaded in four queries. Compiled schedules are memoised by their inputs (the spec
 * text and the time off), so a busy desk compiles each person once per change.
 */

export interface RosterMember extends DutyCandidate {
  title: string;
  role: Role;
  reportsToId: string | null;
  disclosure: Disclosure;
  spec: ScheduleSpec | undefined;
  timeOff: TimeOffRow[];
}

export interface Roster {
  members: Map<string, RosterMember>;
  reportsTo: Map<string, string | null>;
}

const MAX_COMPILED = 1024;
const compiled = new Map<string, Schedule>();

export function timeOffOf(row: TimeOffRow): TimeOff {
  return { startsOn: row.starts_on, endsOn: row.ends_on, fromTime: row.from_time, untilTime: row.until_time };
}

/** The compiled schedule of stored rows (validated on write), memoised by their content. */
export function scheduleOf(row: ScheduleRow, timeOff: readonly TimeOffRow[]): Schedule {
  const off = timeOff.map(timeOffOf);
  const key = `${row.workspace_id}:${row.staff_id}@${row.spec}@${JSON.stringify(off)}`;
  let s = compiled.get(key);
  if (!s) {
    if (compiled.size >= MAX_COMPILED) compiled.clear();
    s = compileSchedule(JSON.parse(row.spec) as ScheduleSpec, off);
    compiled.set(key, s);
  }
  return s;
}

function parseSkills(text: string): string[] {
  try {
    const v: unknown = JSON.parse(text);
    return Array.isArray(v) ? v.filter((s): s is string => typeof s === "string") : [];
  } catch {
    return [];
  }
}

export async function loadRoster(conn: Conn, workspaceId: string): Promise<Roster> {
  const rows = await listRoster(conn, workspaceId);
  const ids = rows.map((r) => r.id);
  const [teams, schedules, timeOff] = await Promise.all([
    teamIdsOf(conn, workspaceId, ids),
    listScheduleRows(conn, workspaceId),
    listTimeOffRows(conn, workspaceId),
  ]);
  const scheduleBy = new Map(schedules.map((s) => [s.staff_id, s]));
  const members = new Map<string, RosterMember>();
  const reportsTo = new Map<string, string | null>();
  for (const r of rows) {
    const row = scheduleBy.get(r.id);
    const off = timeOff.filter((t) => t.staff_id === r.id);
    members.set(r.id, {
      id: r.id,
      name: r.name,
      title: r.title,
      role: isRole(r.role) ? r.role : "agent",
      authority: isAuthorityLevel(r.authority) ? r.authority : "agent",
      reportsToId: r.reports_to_id,
      disclosure: r.disclosure === "disclose" ? "disclose" : "protected",
      isActive: r.is_active === 1,
      teamIds: teams.get(r.id) ?? [],
      skills: parseSkills(r.skills),
      spec: row ? (JSON.parse(row.spec) as ScheduleSpec) : undefined,
      schedule: row ? scheduleOf(row, off) : undefined,
      timeOff: off,
    });
    reportsTo.set(r.id, r.reports_to_id);
  }
  return { members, reportsTo };
}

/** How much of this member's schedule the actor may see (see desk.rules scheduleAccess). */
export function accessOf(actor: Pick<Actor, "kind" | "staffId" | "role">, roster: Roster, staffId: string) {
  const member = roster.members.get(staffId);
  if (!member) return "protected" satisfies ScheduleAccess;
  return scheduleAccess(
    { isSystem: actor.kind === "system", staffId: actor.staffId, role: actor.role },
    member,
    managerChain(staffId, roster.reportsTo),
  );
}

/** Whether the actor may change this member's hours and time off: themselves, their managers, admins. */
export function mayEditSchedule(
  actor: Pick<Actor, "kind" | "staffId" | "role">,
  roster: Roster,
  staffId: string,
): boolean {
  return accessOf(actor, roster, staffId) === "full";
}
