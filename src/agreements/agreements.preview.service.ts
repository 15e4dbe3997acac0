import type { Actor } from "../auth/auth.rules.js";
import { requirePermission } from "../auth/permissions.js";
import { loadCalendar } from "../calendars/calendars.cache.js";
import { findPromiseSettings } from "../calendars/calendars.store.js";
import type { Deps } from "../deps.js";
import { coverageCalendarId, termsOf } from "../promises/promises.terms.js";
import { invalid, notFound } from "../shared/errors.js";
import { findAgreement, listClientsOfAgreement } from "./agreements.store.js";
import { previewTerms, type PreviewDue } from "./preview.rules.js";

interface DueView {
  dueAt: string;
  wording: string;
}

export interface AgreementPreviewView {
  agreementId: string;
  at: string;
  timeZone: string;
  coverage: string;
  /** The calendar the targets count in; null around the clock (or when the workspace has none). */
  calendarId: string | null;
  isOpenAt: boolean;
  startsAt: string;
  priorities: { priority: string; firstReply: DueView; nextReply: DueView; resolution: DueView }[];
  callback: DueView;
}

const view = (d: PreviewDue): DueView => ({ dueAt: new Date(d.dueAt).toISOString(), wording: d.wording });

/** An instant from a query, or now. */
function instantOr(value: string | undefined, nowMs: number, field: string): number {
  if (value === undefined) return nowMs;
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw invalid(`${field} is not an instant.`, { field });
  return ms;
}

/** "A request at `at` (default now) would be answered by …" under a saved agreement, per priority. */
export async function previewAgreement(
  deps: Deps,
  actor: Actor,
  id: string,
  opts: { at?: string | undefined },
): Promise<AgreementPreviewView> {
  requirePermission(actor, "clients:read");
  const row = await findAgreement(deps.db, actor.workspaceId, id);
  if (!row) throw notFound("agreement");
  const at = instantOr(opts.at, deps.clock.now().getTime(), "at");
  const settings = await findPromiseSettings(deps.db, actor.workspaceId);
  const calendarId = coverageCalendarId(row, settings.calendar_id);
  const calendar = await loadCalendar(deps.db, actor.workspaceId, calendarId);
  const p = previewTerms({ agreement: termsOf(row), calendar, at, timeZone: settings.time_zone });
  return {
    agreementId: row.id,
    at: new Date(p.at).toISOString(),
    timeZone: settings.time_zone,
    coverage: row.coverage,
    calendarId: calendar ? calendarId : null,
    isOpenAt: p.isOpenAt,
    startsAt: new Date(p.startsAt).toISOString(),
    priorities: p.priorities.map((x) => ({
      priority: x.priority,
      firstReply: view(x.firstReply),
      nextReply: view(x.nextReply),
      resolution: view(x.resolution),
    })),
    callback: view(p.callback),
  };
}

export interface AgreementClientView {
  id: string;
  name: string;
  /** True when the client has no agreement of its own and this default applies. */
  viaDefault: boolean;
}

/** The clients an agreement applies to: its own, and for the default those without one. */
export async function listAgreementClients(
  deps: Deps,
  actor: Actor,
  id: string,
): Promise<AgreementClientView[]> {
  requirePermission(actor, "clients:read");
  const row = await findAgreement(deps.db, actor.workspaceId, id);
  if (!row) throw notFound("agreement");
  const rows = await listClientsOfAgreement(deps.db, actor.workspaceId, id, row.is_default === 1);
  return rows.map((c) => ({ id: c.id, name: c.name, viaDefault: c.agreement_id === null }));
}
