import { recordAudit } from "../audit/audit.service.js";
import type { Actor } from "../auth/auth.rules.js";
import { requirePermission } from "../auth/permissions.js";
import { findAgreement } from "../agreements/agreements.store.js";
import type { CalendarSpec } from "../calendar/calendar.rules.js";
import type { DayKey } from "../calendar/calendar.dates.js";
import type { Conn } from "../db/database.js";
import type { Deps } from "../deps.js";
import { toInstant } from "../shared/clock.js";
import { conflict, invalid, notFound } from "../shared/errors.js";
import { accessOf, loadRoster } from "./roster.js";
import { compileRota, validateRota, type CompiledRota, type RotaSpec } from "./rota.rules.js";
import { presentRota, specOf, type RotaView } from "./rotas.present.js";
import {
  deleteOverride,
  findOverride,
  findRota,
  findRotaByName,
  insertOverride,
  insertRota,
  listOverrideRows,
  listRotaRows,
  setAgreementRotaRow,
  updateRotaRow,
  type OverrideRow,
  type RotaRow,
} from "./rotas.store.js";

/*
 * On-call rotas: who covers the hours outside the desk's, week by week. Anyone on staff reads
 * them (the desk must know who is on call), but who is on call is part of a protected person's
 * schedule, so the presenter hides protected members from readers without full access to them.
 */

const PLAN_DAYS = 14;
const MAX_COMPILED = 128;
const compiled = new Map<string, CompiledRota>();

/** The compiled rota of a stored row (validated on write), memoised by id and spec text. */
export function compiledRota(row: RotaRow): CompiledRota {
  const key = `${row.id}@${row.spec}`;
  let rota = compiled.get(key);
  if (!rota) {
    if (compiled.size >= MAX_COMPILED) compiled.clear();
    rota = compileRota(specOf(row));
    compiled.set(key, rota);
  }
  return rota;
}

export interface RotaInput {
  name: string;
  hours: CalendarSpec;
  handoverDay: DayKey;
  handoverTime: string;
  startsOn: string;
  memberIds: readonly string[];
  /** Minutes a paged person has to accept before the page moves on (default 10). */
  ackMinutes?: number;
  /** Where pages are POSTed for SMS/phone gateways; null: in-app and email only. */
  webhookUrl?: string | null;
}

function checkWebhookUrl(url: string | null): string | null {
  if (url === null) return null;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw invalid("webhookUrl is not a URL.", { field: "webhookUrl" });
  }
  if (parsed.protocol !== "https:" && parsed.protocol !== "http:")
    throw invalid("webhookUrl must be http(s).", { field: "webhookUrl" });
  return parsed.toString();
}

async function checkSpec(conn: Conn, actor: Actor, spec: RotaSpec): Promise<string> {
  const problems = validateRota(spec);
  if (problems.length > 0)
    throw invalid(`The rota is not valid: ${problems.join(" ")}`, { field: "hours", problems });
  const roster = await loadRoster(conn, actor.workspaceId);
  for (const id of spec.memberIds) {
    const m = roster.members.get(id);
    if (!m || !m.isActive)
      throw invalid("memberIds holds an id that is not an active staff member of this workspace.", {
        field: "memberIds",
      });
  }
  return JSON.stringify(spec);
}

async function checkName(conn: Conn, workspaceId: string, name: string, selfId?: string): Promise<string> {
  const trimmed = name.trim();
  if (trimmed.length === 0) throw invalid("A rota needs a name.", { field: "name" });
  const same = await findRotaByName(conn, workspaceId, trimmed);
  if (same && same.id !== selfId) throw conflict(`A rota named "${trimmed}" exists.`, { field: "name" });
  return trimmed;
}

function specFrom(
  input: Pick<RotaInput, "hours" | "handoverDay" | "handoverTime" | "startsOn" | "memberIds">,
): RotaSpec {
  return {
    hours: input.hours,
    handoverDay: input.handoverDay,
    handoverTime: input.handoverTime,
    startsOn: input.startsOn,
    memberIds: input.memberIds,
  };
}

/** The rota as this reader may see it: who is on call at `at` (default now) and the next two weeks. */
export async function getRota(deps: Deps, actor: Actor, id: string, at?: string): Promise<RotaView> {
  requirePermission(actor, "staff:read");
  const row = await findRota(deps.db, actor.workspaceId, id);
  if (!row) throw notFound("rota");
  return viewOf(deps, actor, row, at);
}

async function viewOf(deps: Deps, actor: Actor, row: RotaRow, at?: string): Promise<RotaView> {
  const atMs = at === undefined ? deps.clock.now().getTime() : Date.parse(at);
  if (Number.isNaN(atMs)) throw invalid("at is not an instant.", { field: "at" });
  const roster = await loadRoster(deps.db, actor.workspaceId);
  const overrides = await listOverrideRows(deps.db, actor.workspaceId, row.id, new Date(atMs).toISOString());
  return presentRota(row, compiledRota(row), overrides, {
    atMs,
    toMs: atMs + PLAN_DAYS * 86_400_000,
    nameOf: (staffId) => roster.members.get(staffId)?.name ?? null,
    shares: (staffId) => accessOf(actor, roster, staffId) !== "protected",
    showWebhook: actor.permissions.has("rotas:write"),
  });
}

export async function listRotas(deps: Deps, actor: Actor): Promise<RotaView[]> {
  requirePermission(actor, "staff:read");
  const rows = await listRotaRows(deps.db, actor.workspaceId);
  const out: RotaView[] = [];
  for (const row of rows) out.push(await viewOf(deps, actor, row));
  return out;
}

export async function createRota(deps: Deps, actor: Actor, input: RotaInput): Promise<RotaView> {
  requirePermission(actor, "rotas:write");
  const at = toInstant(deps.clock.now());
  const row = await deps.db.transaction().execute(async (trx) => {
    const row: RotaRow = {
      id: deps.newId(),
      workspace_id: actor.workspaceId,
      name: await checkName(trx, actor.workspaceId, input.name),
      spec: await checkSpec(trx, actor, specFrom(input)),
      ack_minutes: input.ackMinutes ?? 10,
      webhook_url: checkWebhookUrl(input.webhookUrl ?? null),
      created_at: at,
      updated_at: at,
    };
    await insertRota(trx, row);
    await recordAudit(trx, deps, actor, {
      action: "rota.created",
      subjectKind: "rota",
      subjectId: row.id,
      data: { name: row.name, members: input.memberIds.length, ackMinutes: row.ack_minutes },
    });
    return row;
  });
  return viewOf(deps, actor, row);
}

export async function updateRota(
  deps: Deps,
  actor: Actor,
  id: string,
  input: Partial<RotaInput>,
): Promise<RotaView> {
  requirePermission(actor, "rotas:write");
  const at = toInstant(deps.clock.now());
  const row = await deps.db.transaction().execute(async (trx) => {
    const current = await findRota(trx, actor.workspaceId, id);
    if (!current) throw notFound("rota");
    const spec = specFrom({ ...specOf(current), ...input });
    const next: RotaRow = {
      ...current,
      ...(input.name !== undefined && { name: await checkName(trx, actor.workspaceId, input.name, id) }),
      spec: await checkSpec(trx, actor, spec),
      ...(input.ackMinutes !== undefined && { ack_minutes: input.ackMinutes }),
      ...(input.webhookUrl !== undefined && { webhook_url: checkWebhookUrl(input.webhookUrl) }),
      updated_at: at,
    };
    const { id: _id, workspace_id: _ws, created_at: _c, ...patch } = next;
    await updateRotaRow(trx, actor.workspaceId, id, patch);
    await recordAudit(trx, deps, actor, {
      action: "rota.updated",
      subjectKind: "rota",
      subjectId: id,
      data: { fields: Object.keys(input).sort() },
    });
    return next;
  });
  return viewOf(deps, actor, row);
}

export interface OverrideInput {
  staffId: string;
  startsAt: string;
  endsAt: string;
  note?: string;
}

/** A hand-over or swap: `staffId` covers the rota's hours in [startsAt, endsAt). */
export async function addOverride(
  deps: Deps,
  actor: Actor,
  rotaId: string,
  input: OverrideInput,
): Promise<RotaView> {
  requirePermission(actor, "rotas:write");
  const startsMs = Date.parse(input.startsAt);
  const endsMs = Date.parse(input.endsAt);
  if (Number.isNaN(startsMs) || Number.isNaN(endsMs))
    throw invalid("startsAt and endsAt are instants.", { field: "startsAt" });
  if (endsMs <= startsMs) throw invalid("endsAt must be after startsAt.", { field: "endsAt" });
  if (endsMs - startsMs > 92 * 86_400_000)
    throw invalid("An override covers at most 92 days.", { field: "endsAt" });
  const at = toInstant(deps.clock.now());
  const row = await deps.db.transaction().execute(async (trx) => {
    const rota = await findRota(trx, actor.workspaceId, rotaId);
    if (!rota) throw notFound("rota");
    const roster = await loadRoster(trx, actor.workspaceId);
    if (!roster.members.get(input.staffId)?.isActive)
      throw invalid("staffId does not name an active staff member of this workspace.", { field: "staffId" });
    const o: OverrideRow = {
      id: deps.newId(),
      workspace_id: actor.workspaceId,
      rota_id: rotaId,
      staff_id: input.staffId,
      starts_at: new Date(startsMs).toISOString(),
      ends_at: new Date(endsMs).toISOString(),
      note: input.note?.trim() ?? "",
      created_by_id: actor.staffId,
      created_at: at,
    };
    await insertOverride(trx, o);
    await recordAudit(trx, deps, actor, {
      action: "rota.override-added",
      subjectKind: "rota",
      subjectId: rotaId,
      data: { overrideId: o.id, staffId: o.staff_id },
    });
    return rota;
  });
  return viewOf(deps, actor, row);
}

export async function removeOverride(deps: Deps, actor: Actor, id: string): Promise<void> {
  requirePermission(actor, "rotas:write");
  await deps.db.transaction().execute(async (trx) => {
    const o = await findOverride(trx, actor.workspaceId, id);
    if (!o) throw notFound("rota override");
    await deleteOverride(trx, actor.workspaceId, id);
    await recordAudit(trx, deps, actor, {
      action: "rota.override-removed",
      subjectKind: "rota",
      subjectId: o.rota_id,
      data: { overrideId: id },
    });
  });
}

/** Names the rota an agreement's urgent requests page (null: none). */
export async function setAgreementRota(
  deps: Deps,
  actor: Actor,
  agreementId: string,
  rotaId: string | null,
): Promise<{ agreementId: string; rotaId: string | null }> {
  requirePermission(actor, "agreements:write");
  const at = toInstant(deps.clock.now());
  await deps.db.transaction().execute(async (trx) => {
    if (!(await findAgreement(trx, actor.workspaceId, agreementId))) throw notFound("agreement");
    if (rotaId !== null && !(await findRota(trx, actor.workspaceId, rotaId)))
      throw invalid("rotaId does not name a rota of this workspace.", { field: "rotaId" });
    await setAgreementRotaRow(trx, actor.workspaceId, agreementId, rotaId, at);
    await recordAudit(trx, deps, actor, {
      action: "agreement.rota-set",
      subjectKind: "agreement",
      subjectId: agreementId,
      data: { rotaId },
    });
  });
  return { agreementId, rotaId };
}
