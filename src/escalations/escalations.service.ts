import { findClientAgreementId, listAgreementRows } from "../agreements/agreements.store.js";
import { recordAudit } from "../audit/audit.service.js";
import { systemActor, type Actor, type AuthorityLevel } from "../auth/auth.rules.js";
import { requirePermission } from "../auth/permissions.js";
import { findPromiseSettings } from "../calendars/calendars.store.js";
import { findCase, lockCase, type CaseRow } from "../cases/cases.store.js";
import type { Conn } from "../db/database.js";
import type { Deps } from "../deps.js";
import { caseEvent, publishCaseEvents } from "../events/events.publish.js";
import { buildDraft, viewFor, writeHandoff } from "../handoffs/handoffs.service.js";
import type { HandoffView, StoredDecision } from "../handoffs/handoffs.present.js";
import { cardProblems, completeCard, type CardText } from "../handoffs/handoffs.rules.js";
import { findHandoffByTrigger, pendingHandoffsOf } from "../handoffs/handoffs.store.js";
import { applicableAgreement } from "../promises/promises.rules.js";
import { maySeeHours, managerChain } from "../schedules/desk.rules.js";
import { accessOf, loadRoster, type Roster, type RosterMember } from "../schedules/roster.js";
import { compiledRota } from "../schedules/rotas.service.js";
import { overridesOf } from "../schedules/rotas.present.js";
import { findRota, listOverrideRows } from "../schedules/rotas.store.js";
import { onCallAt } from "../schedules/rota.rules.js";
import { nextIn, onDutyUntil } from "../schedules/schedule.rules.js";
import { toInstant } from "../shared/clock.js";
import { AppError, conflict, invalid, notFound } from "../shared/errors.js";
import { findHandoverMargin, saveHandoverMargin } from "./escalations.store.js";
import {
  explainDecision,
  formatStart,
  levelAbove,
  whoReceivesEscalation,
  type EscalationTarget,
  type RoutingDecision,
  type RoutingPerson,
  type Tier,
} from "./routing.rules.js";

/*
 * Escalations: gather the facts (roster, duty windows, the sender's chain, the agreement's on-call
 * person, the margin), ask the pure routing function, then write the hand-over. The preview and
 * the action share `decide`, so what the sender was shown is what is sent (re-decided at send
 * time: a minute later the answer may differ, and the action says what it did).
 */

const MINUTE_MS = 60_000;
const MAX_MARGIN = 240;

function hasHours(m: RosterMember): boolean {
  return m.spec !== undefined && Object.values(m.spec.weekly).some((v) => v.length > 0);
}

/** A roster member as the routing rules see them at atMs (next in after the margin, when known). */
export function routingPersonOf(m: RosterMember, atMs: number, marginMinutes: number): RoutingPerson {
  const schedule = m.schedule;
  const until = schedule ? onDutyUntil(schedule, atMs) : undefined;
  let nextInAt: number | undefined;
  if (schedule && hasHours(m)) {
    const from = until === undefined ? atMs : until;
    const n = nextIn(
      schedule,
      until !== undefined && until - atMs >= marginMinutes * MINUTE_MS ? atMs : from,
    );
    nextInAt = Number.isFinite(n) ? n : undefined;
  }
  return {
    id: m.id,
    name: m.name,
    authority: m.authority,
    teamIds: m.teamIds,
    isActive: m.isActive,
    hasSchedule: schedule !== undefined && hasHours(m),
    onDutyUntil: until,
    nextInAt,
  };
}

async function onCallNow(conn: Conn, c: CaseRow, atMs: number): Promise<string | undefined> {
  const rows = await listAgreementRows(conn, c.workspace_id);
  const clientAgreementId = c.client_id
    ? ((await findClientAgreementId(conn, c.workspace_id, c.client_id))?.agreementId ?? null)
    : null;
  const agreement = applicableAgreement(
    rows.map((r) => ({ ...r, isDefault: r.is_default === 1 })),
    clientAgreementId,
  );
  if (!agreement?.on_call_rota_id) return undefined;
  const rota = await findRota(conn, c.workspace_id, agreement.on_call_rota_id);
  if (!rota) return undefined;
  const overrides = overridesOf(
    await listOverrideRows(conn, c.workspace_id, rota.id, new Date(atMs).toISOString()),
  );
  return onCallAt(compiledRota(rota), atMs, overrides)?.staffId;
}

interface Decided {
  decision: RoutingDecision;
  stored: StoredDecision;
  roster: Roster;
  level: AuthorityLevel | null;
  marginMinutes: number;
  atMs: number;
}

async function decide(
  conn: Conn,
  c: CaseRow,
  target: EscalationTarget,
  opts: { senderId: string | null; chainOf: string | null; tiers?: readonly Tier[]; atMs: number },
): Promise<Decided> {
  const [roster, marginMinutes] = await Promise.all([
    loadRoster(conn, c.workspace_id),
    findHandoverMargin(conn, c.workspace_id),
  ]);
  if (target.kind === "person" && !roster.members.get(target.staffId))
    throw invalid("staffId does not name a staff member of this workspace.", { field: "staffId" });
  const atMs = opts.atMs;
  const people = [...roster.members.values()].map((m) => routingPersonOf(m, atMs, marginMinutes));
  const decision = whoReceivesEscalation({
    atMs,
    marginMinutes,
    target,
    caseTeamId: c.team_id,
    senderId: opts.senderId,
    chain: opts.chainOf ? managerChain(opts.chainOf, roster.reportsTo) : [],
    people,
    onCallStaffId: await onCallNow(conn, c, atMs),
    tiers: opts.tiers,
  });
  const level = target.kind === "level" ? target.level : null;
  return { decision, roster, level, marginMinutes, atMs, stored: { decision, atMs, marginMinutes, level } };
}

export interface EscalationInput {
  level?: AuthorityLevel | undefined;
  staffId?: string | undefined;
  reason: string;
  card?: Partial<CardText> | undefined;
}

function targetOf(
  input: Pick<EscalationInput, "level" | "staffId">,
  senderId: string | null,
): EscalationTarget {
  if (input.staffId !== undefined && input.staffId === senderId)
    throw invalid("You cannot escalate a case to yourself.", { field: "staffId" });
  if (input.staffId !== undefined && input.level === undefined)
    return { kind: "person", staffId: input.staffId };
  if (input.level !== undefined && input.staffId === undefined) return { kind: "level", level: input.level };
  throw invalid("Escalate to a level or to a named person (one of level, staffId).", { field: "level" });
}

export interface PreviewView {
  outcome: RoutingDecision["outcome"];
  receiver: { id: string; name: string } | null;
  /** Queued: when the receiver is in — only when the reader may see their hours. */
  startsAt: string | null;
  summary: string;
  lines: string[];
  marginMinutes: number;
  /** What the sender can say to the customer now. */
  customerWording: string;
}

function presentDecision(
  actor: Pick<Actor, "kind" | "staffId" | "role">,
  d: Decided,
  zone: string,
): PreviewView {
  const mayShowHours = (id: string) => maySeeHours(accessOf(actor, d.roster, id));
  const nameOf = (id: string) => d.roster.members.get(id)?.name ?? "a former colleague";
  const words = explainDecision(d.decision, {
    nameOf,
    mayShowHours,
    timeZone: zone,
    atMs: d.atMs,
    marginMinutes: d.marginMinutes,
    level: d.level ?? undefined,
  });
  const dec = d.decision;
  const receiver = dec.outcome === "nobody" ? null : { id: dec.staffId, name: nameOf(dec.staffId) };
  // The customer hears a time only when that person's schedule may be disclosed.
  const shareable =
    dec.outcome === "queued" &&
    d.roster.members.get(dec.staffId)?.disclosure === "disclose" &&
    mayShowHours(dec.staffId);
  const customerWording =
    dec.outcome === "nobody"
      ? "I'll make sure the right person picks this up and gets back to you."
      : dec.outcome === "queued"
        ? shareable
          ? `${nameOf(dec.staffId)} will pick up your case ${formatStart(dec.startsAt, zone, d.atMs)}, with its whole history — you won't need to repeat anything.`
          : // No time, and no hint of whether they are in: their schedule is not the customer's to know.
            `${nameOf(dec.staffId)} will get back to you about your case, with its whole history — you won't need to repeat anything.`
        : `I'm passing your case to ${nameOf(dec.staffId)} now, with everything you've told us — you won't need to repeat anything.`;
  return {
    outcome: dec.outcome,
    receiver,
    startsAt:
      dec.outcome === "queued" && mayShowHours(dec.staffId) ? new Date(dec.startsAt).toISOString() : null,
    summary: words.summary,
    lines: words.lines,
    marginMinutes: d.marginMinutes,
    customerWording,
  };
}

/** POST /api/cases/:id/escalations/preview — the routing decision and its explanation, no writes. */
export async function previewEscalation(
  deps: Deps,
  actor: Actor,
  caseId: string,
  input: Pick<EscalationInput, "level" | "staffId">,
): Promise<PreviewView> {
  requirePermission(actor, "cases:write");
  const target = targetOf(input, actor.staffId);
  const c = await findCase(deps.db, actor.workspaceId, caseId);
  if (!c) throw notFound("case");
  const d = await decide(deps.db, c, target, {
    senderId: actor.staffId,
    chainOf: actor.staffId,
    atMs: deps.clock.now().getTime(),
  });
  const { time_zone } = await findPromiseSettings(deps.db, actor.workspaceId);
  return presentDecision(actor, d, time_zone);
}

export interface EscalationView {
  decision: PreviewView;
  handoff: HandoffView;
}

/** POST /api/cases/:id/escalations — routes, assigns, writes the hand-over with its context card. */
export async function escalate(
  deps: Deps,
  actor: Actor,
  caseId: string,
  input: EscalationInput,
): Promise<EscalationView> {
  requirePermission(actor, "cases:write");
  const target = targetOf(input, actor.staffId);
  const now = deps.clock.now();
  const at = toInstant(now);
  const out = await deps.db.transaction().execute(async (trx) => {
    const c = await lockCase(trx, deps.dialect, actor.workspaceId, caseId);
    if (!c) throw notFound("case");
    if (c.is_open !== 1) throw conflict("This case is solved or closed; reopen it before escalating.");
    const d = await decide(trx, c, target, {
      senderId: actor.staffId,
      chainOf: actor.staffId,
      atMs: now.getTime(),
    });
    const dec = d.decision;
    if (dec.outcome === "nobody")
      throw new AppError(
        "not-on-duty",
        "Nobody with that authority can receive this escalation now or later.",
        {
          outcome: "nobody",
        },
      );
    const card = completeCard(await buildDraft(trx, c, d.roster), input.card);
    const problems = cardProblems(card);
    if (problems.length > 0) throw new AppError("invalid", problems.join(" "), { field: "card", problems });
    const shareable =
      dec.outcome === "queued" && d.roster.members.get(dec.staffId)?.disclosure === "disclose";
    const row = await writeHandoff(trx, deps, actor, {
      c,
      kind: "escalation",
      toStaffId: dec.staffId,
      toTeamId: null,
      level: d.level,
      reason: input.reason,
      card,
      decision: d.stored,
      startsAt: dec.outcome === "queued" ? dec.startsAt : null,
      startsAtShareable: shareable,
      triggerKey: null,
      roster: d.roster,
      at,
    });
    return { c, d, row };
  });
  publishCaseEvents(deps, caseEvent(out.c, "case.updated", actor, at));
  const { time_zone } = await findPromiseSettings(deps.db, actor.workspaceId);
  return {
    decision: presentDecision(actor, out.d, time_zone),
    handoff: await viewFor(deps.db, actor, out.row, out.c, out.d.roster),
  };
}

/**
 * A promise at risk or broken escalates the case by itself, up the assignee's reports-to chain
 * (the level above the assignee's authority), once per warning or breach (its event key).
 * Nothing happens when the case is unassigned, closed or already in hand-over. Runs after the promise job committed, in its own transaction.
 */
export async function escalateOnPromise(
  deps: Deps,
  input: {
    workspaceId: string;
    caseId: string;
    why: "at-risk" | "broken";
    description: string;
    eventKey: string;
  },
): Promise<void> {
  const actor = systemActor(input.workspaceId);
  const now = deps.clock.now();
  const at = toInstant(now);
  const done = await deps.db.transaction().execute(async (trx) => {
    const c = await lockCase(trx, deps.dialect, input.workspaceId, input.caseId);
    // An unassigned case has no chain to follow: it waits in the queue, ordered by its due time.
    if (!c || c.is_open !== 1 || c.assignee_id === null) return undefined;
    if (await findHandoffByTrigger(trx, input.workspaceId, input.eventKey)) return undefined;
    if ((await pendingHandoffsOf(trx, input.workspaceId, [c.id])).size > 0) return undefined;
    const roster = await loadRoster(trx, input.workspaceId);
    const assignee = c.assignee_id ? roster.members.get(c.assignee_id) : undefined;
    const level = levelAbove(assignee?.authority ?? "agent");
    const d = await decide(
      trx,
      c,
      { kind: "level", level },
      {
        senderId: c.assignee_id,
        chainOf: c.assignee_id,
        tiers: ["chain", "team", "anyone"],
        atMs: now.getTime(),
      },
    );
    const dec = d.decision;
    if (dec.outcome === "nobody") return undefined;
    const card = await buildDraft(trx, c, d.roster);
    const reason = `Promise ${input.why === "broken" ? "broken" : "at risk"}: ${input.description}`;
    if (card.nextStep.trim() === "") card.nextStep = "Contact the customer about the promise.";
    await writeHandoff(trx, deps, actor, {
      c,
      kind: "escalation",
      toStaffId: dec.staffId,
      toTeamId: null,
      level,
      reason,
      card,
      decision: d.stored,
      startsAt: dec.outcome === "queued" ? dec.startsAt : null,
      startsAtShareable:
        dec.outcome === "queued" && d.roster.members.get(dec.staffId)?.disclosure === "disclose",
      triggerKey: input.eventKey,
      roster: d.roster,
      at,
    });
    return c;
  });
  if (done) publishCaseEvents(deps, caseEvent(done, "case.updated", actor, at));
}

export interface EscalationSettingsView {
  handoverMarginMinutes: number;
}

export async function getEscalationSettings(deps: Deps, actor: Actor): Promise<EscalationSettingsView> {
  requirePermission(actor, "cases:read");
  return { handoverMarginMinutes: await findHandoverMargin(deps.db, actor.workspaceId) };
}

/** PUT /api/workspace/escalation-settings — the hand-over margin (agreements:write, like promise settings). */
export async function setEscalationSettings(
  deps: Deps,
  actor: Actor,
  input: EscalationSettingsView,
): Promise<EscalationSettingsView> {
  requirePermission(actor, "agreements:write");
  const minutes = input.handoverMarginMinutes;
  if (!Number.isInteger(minutes) || minutes < 0 || minutes > MAX_MARGIN)
    throw invalid(`The hand-over margin is a whole number of minutes from 0 to ${MAX_MARGIN}.`, {
      field: "handoverMarginMinutes",
    });
  const at = toInstant(deps.clock.now());
  await deps.db.transaction().execute(async (trx) => {
    const before = await findHandoverMargin(trx, actor.workspaceId);
    await saveHandoverMargin(trx, actor.workspaceId, minutes, at);
    await recordAudit(trx, deps, actor, {
      action: "workspace.escalation-settings",
      subjectKind: "workspace",
      subjectId: actor.workspaceId,
      data: { handoverMarginMinutes: { from: before, to: minutes } },
    });
  });
  return { handoverMarginMinutes: minutes };
}
