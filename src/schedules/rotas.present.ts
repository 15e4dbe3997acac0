import type { CalendarSpec } from "../calendar/calendar.rules.js";
import type { DayKey } from "../calendar/calendar.dates.js";
import { onCallAt, rotaPlan, type CompiledRota, type RotaOverride, type RotaSpec } from "./rota.rules.js";
import type { OverrideRow, RotaRow } from "./rotas.store.js";

/*
 * What leaves the server about a rota. Who is on call when is part of each member's schedule:
 * for a protected member the reader may not see, their stretches say only "not shared" (no
 * name, no id) and their overrides are left out. The webhook URL (which may carry a gateway's
 * secret) is shown only to those who edit rotas.
 */

/** The stored spec of a rota row (validated on write). */
export function specOf(row: Pick<RotaRow, "spec">): RotaSpec {
  return JSON.parse(row.spec) as RotaSpec;
}

export function overridesOf(rows: readonly OverrideRow[]): RotaOverride[] {
  return rows.map((o) => ({
    id: o.id,
    staffId: o.staff_id,
    startsAt: Date.parse(o.starts_at),
    endsAt: Date.parse(o.ends_at),
  }));
}

export interface OnCallSlot {
  /** Null when the person's schedule is not shared with this reader. */
  staffId: string | null;
  name: string | null;
  start: string;
  end: string;
  byOverride: boolean;
}

export interface RotaView {
  id: string;
  name: string;
  hours: CalendarSpec;
  handoverDay: DayKey;
  handoverTime: string;
  startsOn: string;
  members: { staffId: string; name: string | null }[];
  ackMinutes: number;
  webhookUrl?: string | null;
  /** Who is on call at the asked instant (null: nobody, the desk's own hours). */
  onCallNow: { staffId: string | null; name: string | null; until: string | null } | null;
  /** The next two weeks. */
  plan: OnCallSlot[];
  overrides: {
    id: string;
    staffId: string;
    name: string | null;
    startsAt: string;
    endsAt: string;
    note: string;
  }[];
  createdAt: string;
  updatedAt: string;
}

export interface RotaViewContext {
  atMs: number;
  toMs: number;
  nameOf: (staffId: string) => string | null;
  /** Whether this reader may know when the person is on call. */
  shares: (staffId: string) => boolean;
  showWebhook: boolean;
}

const iso = (ms: number) => (Number.isFinite(ms) ? new Date(ms).toISOString() : null);

export function presentRota(
  row: RotaRow,
  rota: CompiledRota,
  overrideRows: readonly OverrideRow[],
  ctx: RotaViewContext,
): RotaView {
  const spec = specOf(row);
  const overrides = overridesOf(overrideRows);
  const who = (staffId: string) =>
    ctx.shares(staffId) ? { staffId, name: ctx.nameOf(staffId) } : { staffId: null, name: null };
  const now = onCallAt(rota, ctx.atMs, overrides);
  const view: RotaView = {
    id: row.id,
    name: row.name,
    hours: spec.hours,
    handoverDay: spec.handoverDay,
    handoverTime: spec.handoverTime,
    startsOn: spec.startsOn,
    // Membership is not schedule: everyone may know who takes turns.
    members: spec.memberIds.map((staffId) => ({ staffId, name: ctx.nameOf(staffId) })),
    ackMinutes: row.ack_minutes,
    onCallNow: now ? { ...who(now.staffId), until: ctx.shares(now.staffId) ? iso(now.until) : null } : null,
    plan: rotaPlan(rota, ctx.atMs, ctx.toMs, overrides).map((s) => ({
      ...who(s.staffId),
      start: new Date(s.start).toISOString(),
      end: new Date(s.end).toISOString(),
      byOverride: s.byOverride,
    })),
    overrides: overrideRows
      .filter((o) => ctx.shares(o.staff_id))
      .map((o) => ({
        id: o.id,
        staffId: o.staff_id,
        name: ctx.nameOf(o.staff_id),
        startsAt: o.starts_at,
        endsAt: o.ends_at,
        note: o.note,
      })),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
  if (ctx.showWebhook) view.webhookUrl = row.webhook_url;
  return view;
}
