import { recordAudit } from "../audit/audit.service.js";
import type { Actor } from "../auth/auth.rules.js";
import { requirePermission } from "../auth/permissions.js";
import { checkCalendarRef } from "../calendars/calendars.service.js";
import type { Channel } from "../cases/cases.rules.js";
import { CHANNELS } from "../cases/cases.rules.js";
import { existsInWorkspace } from "../cases/cases.store.js";
import type { Conn } from "../db/database.js";
import type { Deps } from "../deps.js";
import { recomputeOpenPromises } from "../promises/promises.recompute.js";
import type { Coverage, Targets } from "../promises/promises.rules.js";
import { toInstant } from "../shared/clock.js";
import { conflict, invalid, notFound } from "../shared/errors.js";
import {
  presentAgreement,
  presentDeliverable,
  type AgreementView,
  type DeliverableView,
} from "./agreements.present.js";
import {
  clearDefaultAgreement,
  findAgreement,
  findAgreementByName,
  insertAgreement,
  insertDeliverable,
  listAgreementRows,
  listDeliverableRows,
  setClientAgreementRow,
  updateAgreementRow,
  type AgreementRow,
  type DeliverableRow,
} from "./agreements.store.js";
import { nextOccurrence, parseRecurrence } from "./deliverables.rules.js";

export interface AgreementInput {
  name: string;
  coverage: Coverage;
  /** Own coverage calendar; null or absent with "calendar" coverage: the workspace's calendar. */
  calendarId?: string | null;
  targets: Targets;
  callbackMinutes: number;
  afterHoursPaging?: boolean;
  /** Names the on-call rota (rotas arrive with staff schedules). */
  onCallRota?: string | null;
  includedChannels?: Channel[];
  isDefault?: boolean;
}

async function checkName(conn: Conn, workspaceId: string, name: string, selfId?: string): Promise<string> {
  const trimmed = name.trim();
  if (trimmed.length === 0) throw invalid("An agreement needs a name.", { field: "name" });
  const same = await findAgreementByName(conn, workspaceId, trimmed);
  if (same && same.id !== selfId)
    throw conflict(`An agreement named "${trimmed}" exists.`, { field: "name" });
  return trimmed;
}

async function checkCoverage(conn: Conn, workspaceId: string, coverage: Coverage, calendarId: string | null) {
  if (calendarId === null) return;
  if (coverage === "always") throw invalid("A 24/7 agreement has no calendar.", { field: "calendarId" });
  await checkCalendarRef(conn, workspaceId, calendarId, "calendarId");
}

export async function listAgreements(deps: Deps, actor: Actor): Promise<AgreementView[]> {
  requirePermission(actor, "clients:read");
  return (await listAgreementRows(deps.db, actor.workspaceId)).map(presentAgreement);
}

export async function getAgreement(deps: Deps, actor: Actor, id: string): Promise<AgreementView> {
  requirePermission(actor, "clients:read");
  const row = await findAgreement(deps.db, actor.workspaceId, id);
  if (!row) throw notFound("agreement");
  return presentAgreement(row);
}

/** Adds an agreement; marking it the default takes the flag from the previous default. */
export async function createAgreement(
  deps: Deps,
  actor: Actor,
  input: AgreementInput,
): Promise<AgreementView> {
  requirePermission(actor, "agreements:write");
  const at = toInstant(deps.clock.now());
  return deps.db.transaction().execute(async (trx) => {
    const calendarId = input.calendarId ?? null;
    await checkCoverage(trx, actor.workspaceId, input.coverage, calendarId);
    const row: AgreementRow = {
      id: deps.newId(),
      workspace_id: actor.workspaceId,
      name: await checkName(trx, actor.workspaceId, input.name),
      coverage: input.coverage,
      calendar_id: calendarId,
      targets: JSON.stringify(input.targets),
      callback_minutes: input.callbackMinutes,
      after_hours_paging: input.afterHoursPaging ? 1 : 0,
      on_call_rota: input.onCallRota ?? null,
      included_channels: JSON.stringify(input.includedChannels ?? [...CHANNELS]),
      is_default: input.isDefault ? 1 : 0,
      created_at: at,
      updated_at: at,
    };
    if (row.is_default === 1) await clearDefaultAgreement(trx, actor.workspaceId, row.id);
    await insertAgreement(trx, row);
    await recordAudit(trx, deps, actor, {
      action: "agreement.created",
      subjectKind: "agreement",
      subjectId: row.id,
      data: { ...presentAgreement(row) },
    });
    return presentAgreement(row);
  });
}

/** Changes an agreement's terms; open promises computed from it are recomputed afterwards. */
export async function updateAgreement(
  deps: Deps,
  actor: Actor,
  id: string,
  input: Partial<AgreementInput>,
): Promise<AgreementView> {
  requirePermission(actor, "agreements:write");
  const at = toInstant(deps.clock.now());
  const next = await deps.db.transaction().execute(async (trx) => {
    const row = await findAgreement(trx, actor.workspaceId, id);
    if (!row) throw notFound("agreement");
    const next: AgreementRow = {
      ...row,
      ...(input.name !== undefined && { name: await checkName(trx, actor.workspaceId, input.name, id) }),
      ...(input.coverage !== undefined && { coverage: input.coverage }),
      ...(input.calendarId !== undefined && { calendar_id: input.calendarId }),
      ...(input.targets !== undefined && { targets: JSON.stringify(input.targets) }),
      ...(input.callbackMinutes !== undefined && { callback_minutes: input.callbackMinutes }),
      ...(input.afterHoursPaging !== undefined && { after_hours_paging: input.afterHoursPaging ? 1 : 0 }),
      ...(input.onCallRota !== undefined && { on_call_rota: input.onCallRota }),
      ...(input.includedChannels !== undefined && {
        included_channels: JSON.stringify(input.includedChannels),
      }),
      ...(input.isDefault !== undefined && { is_default: input.isDefault ? 1 : 0 }),
      updated_at: at,
    };
    // Switching to 24/7 drops the calendar rather than refusing the change.
    if (input.coverage === "always" && input.calendarId === undefined) next.calendar_id = null;
    await checkCoverage(trx, actor.workspaceId, next.coverage as Coverage, next.calendar_id);
    if (next.is_default === 1) await clearDefaultAgreement(trx, actor.workspaceId, id);
    const { id: _id, workspace_id: _ws, created_at: _c, ...patch } = next;
    await updateAgreementRow(trx, actor.workspaceId, id, patch);
    await recordAudit(trx, deps, actor, {
      action: "agreement.updated",
      subjectKind: "agreement",
      subjectId: id,
      data: { changes: input },
    });
    return next;
  });
  await recomputeOpenPromises(deps, actor, { agreementId: id });
  return presentAgreement(next);
}

/** Puts a client on an agreement (null: the workspace default). New cases of the client use it. */
export async function setClientAgreement(
  deps: Deps,
  actor: Actor,
  clientId: string,
  agreementId: string | null,
): Promise<{ clientId: string; agreementId: string | null }> {
  requirePermission(actor, "agreements:write");
  const at = toInstant(deps.clock.now());
  await deps.db.transaction().execute(async (trx) => {
    if (!(await existsInWorkspace(trx, "clients", actor.workspaceId, clientId))) throw notFound("client");
    if (agreementId !== null && !(await findAgreement(trx, actor.workspaceId, agreementId))) {
      throw invalid("agreementId does not name an agreement of this workspace.", { field: "agreementId" });
    }
    await setClientAgreementRow(trx, actor.workspaceId, clientId, agreementId, at);
    await recordAudit(trx, deps, actor, {
      action: "client.agreement-set",
      subjectKind: "client",
      subjectId: clientId,
      data: { agreementId },
    });
  });
  return { clientId, agreementId };
}

function viewOfDeliverable(row: DeliverableRow, nowMs: number): DeliverableView {
  const recurrence = parseRecurrence(row.rrule);
  if (Array.isArray(recurrence)) return presentDeliverable(row, undefined);
  const dueAt = nextOccurrence(recurrence, nowMs);
  return presentDeliverable(row, dueAt === undefined ? undefined : { dueAt, timeZone: recurrence.timeZone });
}

async function getAgreementRow(conn: Conn, workspaceId: string, id: string): Promise<AgreementRow> {
  const row = await findAgreement(conn, workspaceId, id);
  if (!row) throw notFound("agreement");
  return row;
}

/** An agreement's scheduled deliverables, each with its next due time. */
export async function listDeliverables(
  deps: Deps,
  actor: Actor,
  agreementId: string,
): Promise<DeliverableView[]> {
  requirePermission(actor, "clients:read");
  await getAgreementRow(deps.db, actor.workspaceId, agreementId);
  const now = deps.clock.now().getTime();
  return (await listDeliverableRows(deps.db, actor.workspaceId, agreementId)).map((r) =>
    viewOfDeliverable(r, now),
  );
}

/** Adds a scheduled deliverable (RRULE with DTSTART;TZID=…) to an agreement. */
export async function createDeliverable(
  deps: Deps,
  actor: Actor,
  agreementId: string,
  input: { name: string; rrule: string; clientId?: string | null },
): Promise<DeliverableView> {
  requirePermission(actor, "agreements:write");
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (trx) => {
    await getAgreementRow(trx, actor.workspaceId, agreementId);
    const clientId = input.clientId ?? null;
    if (clientId && !(await existsInWorkspace(trx, "clients", actor.workspaceId, clientId)))
      throw invalid("clientId does not name a client of this workspace.", { field: "clientId" });
    const parsed = parseRecurrence(input.rrule);
    if (Array.isArray(parsed)) {
      throw invalid(`The schedule is not valid: ${parsed.join(" ")}`, { field: "rrule", problems: parsed });
    }
    const name = input.name.trim();
    if (name.length === 0) throw invalid("A deliverable needs a name.", { field: "name" });
    const row: DeliverableRow = {
      id: deps.newId(),
      workspace_id: actor.workspaceId,
      agreement_id: agreementId,
      client_id: clientId,
      name,
      rrule: input.rrule.trim(),
      created_at: toInstant(now),
    };
    await insertDeliverable(trx, row);
    await recordAudit(trx, deps, actor, {
      action: "deliverable.created",
      subjectKind: "agreement",
      subjectId: agreementId,
      data: { deliverableId: row.id, name, rrule: row.rrule, clientId },
    });
    return viewOfDeliverable(row, now.getTime());
  });
}
