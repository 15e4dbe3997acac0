import { recordAudit } from "../audit/audit.service.js";
import type { Actor } from "../auth/auth.rules.js";
import { requirePermission } from "../auth/permissions.js";
import { validateCalendar, type CalendarSpec } from "../calendar/calendar.rules.js";
import { existsInWorkspace } from "../cases/cases.store.js";
import type { Conn } from "../db/database.js";
import type { Deps } from "../deps.js";
import { recomputeOpenPromises } from "../promises/promises.recompute.js";
import { toInstant } from "../shared/clock.js";
import { conflict, invalid, notFound } from "../shared/errors.js";
import {
  presentCalendar,
  presentSettings,
  type CalendarView,
  type PromiseSettingsView,
} from "./calendars.present.js";
import {
  findCalendar,
  findCalendarByName,
  findPromiseSettings,
  insertCalendar,
  listCalendarRows,
  setTeamCalendarRow,
  updateCalendarRow,
  updatePromiseSettings,
  type CalendarRow,
} from "./calendars.store.js";

/** Refuses a spec the engine cannot use, listing every problem (a 400 with `problems`). */
function checkSpec(spec: CalendarSpec): string {
  const problems = validateCalendar(spec);
  if (problems.length > 0) {
    throw invalid(`The calendar is not valid: ${problems.join(" ")}`, { field: "spec", problems });
  }
  return JSON.stringify(spec);
}

async function checkNameFree(conn: Conn, workspaceId: string, name: string, selfId?: string) {
  const same = await findCalendarByName(conn, workspaceId, name);
  if (same && same.id !== selfId) throw conflict(`A calendar named "${name}" exists.`, { field: "name" });
}

/** Whether an id names a calendar of the workspace; `invalid` naming the field otherwise. */
export async function checkCalendarRef(conn: Conn, workspaceId: string, id: string, field: string) {
  if (!(await findCalendar(conn, workspaceId, id))) {
    throw invalid(`${field} does not name a calendar of this workspace.`, { field });
  }
}

export async function listCalendars(deps: Deps, actor: Actor): Promise<CalendarView[]> {
  requirePermission(actor, "clients:read");
  return (await listCalendarRows(deps.db, actor.workspaceId)).map(presentCalendar);
}

export async function getCalendar(deps: Deps, actor: Actor, id: string): Promise<CalendarView> {
  requirePermission(actor, "clients:read");
  const row = await findCalendar(deps.db, actor.workspaceId, id);
  if (!row) throw notFound("calendar");
  return presentCalendar(row);
}

export async function createCalendar(
  deps: Deps,
  actor: Actor,
  input: { name: string; spec: CalendarSpec },
): Promise<CalendarView> {
  requirePermission(actor, "agreements:write");
  const name = input.name.trim();
  if (name.length === 0) throw invalid("A calendar needs a name.", { field: "name" });
  const spec = checkSpec(input.spec);
  const at = toInstant(deps.clock.now());
  const row: CalendarRow = {
    id: deps.newId(),
    workspace_id: actor.workspaceId,
    name,
    spec,
    created_at: at,
    updated_at: at,
  };
  await deps.db.transaction().execute(async (trx) => {
    await checkNameFree(trx, actor.workspaceId, name);
    await insertCalendar(trx, row);
    await recordAudit(trx, deps, actor, {
      action: "calendar.created",
      subjectKind: "calendar",
      subjectId: row.id,
      data: { name, spec: input.spec },
    });
  });
  return presentCalendar(row);
}

/** Renames or reshapes a calendar; a new shape recomputes the open promises computed in it. */
export async function updateCalendar(
  deps: Deps,
  actor: Actor,
  id: string,
  input: { name?: string; spec?: CalendarSpec },
): Promise<CalendarView> {
  requirePermission(actor, "agreements:write");
  const name = input.name?.trim();
  if (name !== undefined && name.length === 0) throw invalid("A calendar needs a name.", { field: "name" });
  const spec = input.spec === undefined ? undefined : checkSpec(input.spec);
  const at = toInstant(deps.clock.now());
  const next = await deps.db.transaction().execute(async (trx) => {
    const row = await findCalendar(trx, actor.workspaceId, id);
    if (!row) throw notFound("calendar");
    if (name !== undefined) await checkNameFree(trx, actor.workspaceId, name, id);
    const patch = {
      ...(name !== undefined && { name }),
      ...(spec !== undefined && { spec }),
      updated_at: at,
    };
    await updateCalendarRow(trx, actor.workspaceId, id, patch);
    await recordAudit(trx, deps, actor, {
      action: "calendar.updated",
      subjectKind: "calendar",
      subjectId: id,
      data: { ...(name !== undefined && { name }), ...(input.spec !== undefined && { spec: input.spec }) },
    });
    return { ...row, ...patch, specChanged: spec !== undefined && spec !== row.spec };
  });
  if (next.specChanged) await recomputeOpenPromises(deps, actor, { calendarId: id });
  return presentCalendar(next);
}

export async function getPromiseSettings(deps: Deps, actor: Actor): Promise<PromiseSettingsView> {
  requirePermission(actor, "clients:read");
  return presentSettings(await findPromiseSettings(deps.db, actor.workspaceId));
}

/** Sets the workspace calendar and callback target; a new calendar recomputes promises that use it. */
export async function updatePromiseSettingsFor(
  deps: Deps,
  actor: Actor,
  input: { calendarId?: string | null; callbackMinutes?: number | null },
): Promise<PromiseSettingsView> {
  requirePermission(actor, "agreements:write");
  const result = await deps.db.transaction().execute(async (trx) => {
    if (input.calendarId) await checkCalendarRef(trx, actor.workspaceId, input.calendarId, "calendarId");
    const before = await findPromiseSettings(trx, actor.workspaceId);
    await updatePromiseSettings(trx, actor.workspaceId, {
      ...(input.calendarId !== undefined && { calendar_id: input.calendarId }),
      ...(input.callbackMinutes !== undefined && { callback_minutes: input.callbackMinutes }),
    });
    await recordAudit(trx, deps, actor, {
      action: "workspace.promise-settings-updated",
      subjectKind: "workspace",
      subjectId: actor.workspaceId,
      data: { before: presentSettings(before), ...input },
    });
    const after = await findPromiseSettings(trx, actor.workspaceId);
    return { after, calendarChanged: after.calendar_id !== before.calendar_id };
  });
  // Agreements without a calendar of their own now run in another one: recompute them all.
  if (result.calendarChanged) await recomputeOpenPromises(deps, actor, {});
  return presentSettings(result.after);
}

/** Gives a team its own calendar (for routing and schedules; promises follow the agreement). */
export async function setTeamCalendar(
  deps: Deps,
  actor: Actor,
  teamId: string,
  calendarId: string | null,
): Promise<{ teamId: string; calendarId: string | null }> {
  requirePermission(actor, "agreements:write");
  const at = toInstant(deps.clock.now());
  await deps.db.transaction().execute(async (trx) => {
    if (!(await existsInWorkspace(trx, "teams", actor.workspaceId, teamId))) throw notFound("team");
    if (calendarId) await checkCalendarRef(trx, actor.workspaceId, calendarId, "calendarId");
    await setTeamCalendarRow(trx, actor.workspaceId, teamId, calendarId, at);
    await recordAudit(trx, deps, actor, {
      action: "team.calendar-set",
      subjectKind: "team",
      subjectId: teamId,
      data: { calendarId },
    });
  });
  return { teamId, calendarId };
}
