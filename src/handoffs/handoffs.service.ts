import { DateTime } from "luxon";
import { recordAudit } from "../audit/audit.service.js";
import type { Actor, AuthorityLevel } from "../auth/auth.rules.js";
import { requirePermission } from "../auth/permissions.js";
import { findPromiseSettings } from "../calendars/calendars.store.js";
import { recordEntryRow } from "./handoffs.timeline.js";
import {
  findCase,
  insertEventEntry,
  listAttempts,
  listEntries,
  lockCase,
  updateCaseRow,
  type CaseRow,
} from "../cases/cases.store.js";
import type { Conn } from "../db/database.js";
import type { Deps } from "../deps.js";
import { caseEvent, publishCaseEvents } from "../events/events.publish.js";
import { queueEmail, workEmailOf } from "../notifications/notifications.service.js";
import { customerWording, type PromiseKind, type PromiseTarget } from "../promises/promises.rules.js";
import { listOpenCasePromiseRows } from "../promises/promises.store.js";
import { maySeeHours } from "../schedules/desk.rules.js";
import { accessOf, loadRoster, type Roster } from "../schedules/roster.js";
import { toInstant } from "../shared/clock.js";
import { AppError, conflict, invalid, notFound } from "../shared/errors.js";
import { presentHandoff, type HandoffView, type StoredDecision } from "./handoffs.present.js";
import {
  cardProblems,
  completeCard,
  customerNotice,
  customerQueuedNotice,
  draftCard,
  mayAcknowledge,
  type CardText,
  type ContextCard,
  type HandoffKind,
} from "./handoffs.rules.js";
import {
  acknowledgeRow,
  findHandoff,
  insertHandoff,
  listCaseHandoffs,
  listPendingFor,
  supersedePending,
  teamMemberIds,
  teamNames,
  type HandoffRow,
} from "./handoffs.store.js";

/*
 * Hand-overs: a case moves to a person or a team with a context card; the receiver acknowledges.
 * Every path (escalation, transfer, end of shift) writes through writeHandoff in the caller's
 * transaction — the row, the assignment, a timeline event, the audit entry and the receiver's
 * email — and announces the case after commit.
 */

/** The card pre-filled from a case (read in the caller's connection or transaction). */
export async function buildDraft(conn: Conn, c: CaseRow, roster?: Roster): Promise<ContextCard> {
  const [entries, attempts, promises, settings] = await Promise.all([
    listEntries(conn, c.workspace_id, c.id, { limit: 2000 }),
    listAttempts(conn, c.workspace_id, c.id),
    listOpenCasePromiseRows(conn, c.workspace_id, c.id),
    findPromiseSettings(conn, c.workspace_id),
  ]);
  const r = roster ?? (await loadRoster(conn, c.workspace_id));
  const zone = settings.time_zone;
  return draftCard({
    subject: c.subject,
    entries: entries.map((e) => ({
      kind: e.kind,
      direction: e.direction,
      body: e.body,
      data: JSON.parse(e.data) as Record<string, unknown>,
      createdAt: e.created_at,
    })),
    attempts: attempts.map((a) => ({
      channel: a.channel,
      line: a.line,
      staffName: a.staff_id ? (r.members.get(a.staff_id)?.name ?? null) : null,
      answered: a.answered === 1,
      attemptedAt: a.attempted_at,
    })),
    promises: promises
      .filter((p) => p.paused_at === null)
      .map((p) => ({
        id: p.id,
        description: p.description,
        dueAt: p.due_at,
        wording: customerWording(p.due_at, zone, p.kind as PromiseKind, p.target as PromiseTarget | null),
      })),
    formatAt: (iso) => DateTime.fromISO(iso, { zone }).setLocale("en-US").toFormat("ccc d LLL HH:mm"),
  });
}

/** GET /api/cases/:id/context-card/draft */
export async function getCardDraft(deps: Deps, actor: Actor, caseId: string): Promise<ContextCard> {
  requirePermission(actor, "cases:read");
  const c = await findCase(deps.db, actor.workspaceId, caseId);
  if (!c) throw notFound("case");
  return buildDraft(deps.db, c);
}

export interface WriteHandoff {
  c: CaseRow;
  kind: HandoffKind;
  toStaffId: string | null;
  toTeamId: string | null;
  level: AuthorityLevel | null;
  reason: string;
  card: ContextCard;
  decision: StoredDecision | null;
  /** Queued for the next person in: when they start, and whether the customer may be told it. */
  startsAt: number | null;
  startsAtShareable: boolean;
  triggerKey: string | null;
  roster: Roster;
  at: string;
}

function receiverWords(
  w: Pick<WriteHandoff, "toStaffId" | "toTeamId" | "roster">,
  teams: Map<string, string>,
) {
  const person = w.toStaffId ? w.roster.members.get(w.toStaffId)?.name : undefined;
  const team = w.toTeamId ? teams.get(w.toTeamId) : undefined;
  return person && team ? `${person} (${team})` : (person ?? (team ? `team ${team}` : "someone"));
}

/**
 * Writes a hand-over in the caller's transaction, on a case the caller has locked: supersedes a
 * pending one, assigns the case, records the event and audit, queues the receiver's email, and —
 * when it waits for the next person in — tells the customer when. Returns the row.
 */
export async function writeHandoff(
  trx: Conn,
  deps: Deps,
  actor: Actor,
  w: WriteHandoff,
): Promise<HandoffRow> {
  const { c, at } = w;
  await supersedePending(trx, c.workspace_id, c.id, at);
  const row: HandoffRow = {
    id: deps.newId(),
    workspace_id: c.workspace_id,
    case_id: c.id,
    kind: w.kind,
    status: "pending",
    from_staff_id: actor.staffId,
    to_staff_id: w.toStaffId,
    to_team_id: w.toTeamId,
    level: w.level,
    reason: w.reason,
    card: JSON.stringify(w.card),
    decision: w.decision ? JSON.stringify(w.decision) : null,
    starts_at: w.startsAt === null ? null : new Date(w.startsAt).toISOString(),
    trigger_key: w.triggerKey,
    created_at: at,
    acknowledged_at: null,
    acknowledged_by_id: null,
  };
  await insertHandoff(trx, row);
  await updateCaseRow(trx, c.workspace_id, c.id, {
    assignee_id: w.toStaffId,
    ...(w.toTeamId !== null && { team_id: w.toTeamId }),
    updated_at: at,
  });
  const teams = await teamNames(trx, c.workspace_id);
  const to = receiverWords(w, teams);
  const verb =
    w.kind === "escalation"
      ? "Escalated"
      : w.kind === "shift_end"
        ? "Handed over at end of shift"
        : "Handed over";
  await insertEventEntry(trx, {
    id: deps.newId(),
    workspaceId: c.workspace_id,
    caseId: c.id,
    body: `${verb} to ${to}${w.level ? ` (${w.level} or above)` : ""}: ${w.reason}`,
    data: {
      event: w.kind === "escalation" ? "case.escalated" : "case.handed-over",
      handoffId: row.id,
      toStaffId: w.toStaffId,
      toTeamId: w.toTeamId,
      fromAssigneeId: c.assignee_id,
    },
    authorStaffId: actor.staffId,
    at,
  });
  await recordAudit(trx, deps, actor, {
    action: w.kind === "escalation" ? "case.escalated" : "case.handed-over",
    subjectKind: "case",
    subjectId: c.id,
    data: {
      handoffId: row.id,
      kind: w.kind,
      toStaffId: w.toStaffId,
      toTeamId: w.toTeamId,
      level: w.level,
      fromAssigneeId: c.assignee_id,
      promises: w.card.promises.length,
      ...(w.triggerKey !== null && { trigger: w.triggerKey }),
    },
  });
  await notifyReceivers(trx, deps, w, to);
  if (w.startsAt !== null && w.toStaffId !== null) {
    const name = w.roster.members.get(w.toStaffId)?.name ?? "a colleague";
    const settings = await findPromiseSettings(trx, c.workspace_id);
    const when = w.startsAtShareable
      ? DateTime.fromMillis(w.startsAt, { zone: settings.time_zone })
          .setLocale("en-US")
          .toFormat("'on' ccc d LLL 'at' HH:mm")
      : null;
    await tellCustomer(trx, deps, actor, c, customerQueuedNotice(name, when), row.id, at);
  }
  return row;
}

/** The receiver's email (or every member of the receiving team's), through the notifications outbox. */
async function notifyReceivers(trx: Conn, deps: Deps, w: WriteHandoff, to: string): Promise<void> {
  const ids =
    w.toStaffId !== null
      ? [w.toStaffId]
      : w.toTeamId !== null
        ? await teamMemberIds(trx, w.c.workspace_id, w.toTeamId)
        : [];
  const subject = `Hand-over to acknowledge: case #${w.c.number} — ${w.c.subject}`.slice(0, 200);
  const body = [
    `Case #${w.c.number} (${w.c.subject}) is handed to ${to}.`,
    `Why: ${w.reason}`,
    `What the customer wants: ${w.card.wants}`,
    `Next step: ${w.card.nextStep}`,
    `Open promises: ${w.card.promises.length === 0 ? "none" : w.card.promises.map((p) => p.wording).join("; ")}`,
    "Open the case in Frontdesk and acknowledge the hand-over.",
  ].join("\n");
  for (const staffId of ids) {
    const email = await workEmailOf(trx, w.c.workspace_id, staffId);
    if (!email) continue;
    await queueEmail(trx, deps, {
      workspaceId: w.c.workspace_id,
      kind: "handoff",
      recipientStaffId: staffId,
      subjectKind: "case",
      subjectId: w.c.id,
      to: email,
      subject,
      body,
    });
  }
}

/** A customer-visible message on the case (the portal shows messages), mailed when the case came by email. */
async function tellCustomer(
  trx: Conn,
  deps: Deps,
  actor: Actor,
  c: CaseRow,
  body: string,
  handoffId: string,
  at: string,
): Promise<void> {
  await recordEntryRow(trx, deps, actor, c, body, { event: "handoff.announced", handoffId }, at);
}

function checkCard(card: CardText): void {
  const problems = cardProblems(card);
  if (problems.length > 0) throw new AppError("invalid", problems.join(" "), { field: "card", problems });
}

export interface HandoffInput {
  toStaffId?: string | undefined;
  toTeamId?: string | undefined;
  reason: string;
  card?: Partial<CardText> | undefined;
}

/** POST /api/cases/:id/handoffs — a transfer to a person and/or a team, with a context card. */
export async function createHandoff(
  deps: Deps,
  actor: Actor,
  caseId: string,
  input: HandoffInput,
): Promise<HandoffView> {
  requirePermission(actor, "cases:write");
  if (input.toStaffId === undefined && input.toTeamId === undefined)
    throw invalid("Name the person or the team to hand the case to.", { field: "toStaffId" });
  const at = toInstant(deps.clock.now());
  const { row, c, roster } = await deps.db.transaction().execute(async (trx) => {
    const c = await lockCase(trx, deps.dialect, actor.workspaceId, caseId);
    if (!c) throw notFound("case");
    if (c.is_open !== 1) throw conflict("This case is solved or closed; reopen it before handing it over.");
    const roster = await loadRoster(trx, actor.workspaceId);
    if (input.toStaffId !== undefined && roster.members.get(input.toStaffId)?.isActive !== true)
      throw invalid("toStaffId does not name an active staff member of this workspace.", {
        field: "toStaffId",
      });
    if (input.toTeamId !== undefined && !(await teamNames(trx, actor.workspaceId)).has(input.toTeamId))
      throw invalid("toTeamId does not name a team of this workspace.", { field: "toTeamId" });
    if (input.toStaffId !== undefined && input.toStaffId === actor.staffId)
      throw invalid("You cannot hand a case to yourself.", { field: "toStaffId" });
    const card = completeCard(await buildDraft(trx, c, roster), input.card);
    checkCard(card);
    const row = await writeHandoff(trx, deps, actor, {
      c,
      kind: "transfer",
      toStaffId: input.toStaffId ?? null,
      toTeamId: input.toTeamId ?? null,
      level: null,
      reason: input.reason,
      card,
      decision: null,
      startsAt: null,
      startsAtShareable: false,
      triggerKey: null,
      roster,
      at,
    });
    return { row, c, roster };
  });
  publishCaseEvents(deps, caseEvent(c, "case.updated", actor, at));
  return viewFor(deps.db, actor, row, c, roster);
}

/** The view of a hand-over for this reader (names, the routing explanation under the shield). */
export async function viewFor(
  conn: Conn,
  actor: Pick<Actor, "kind" | "staffId" | "role" | "workspaceId">,
  row: HandoffRow,
  c: Pick<CaseRow, "number" | "subject">,
  roster?: Roster,
): Promise<HandoffView> {
  const r = roster ?? (await loadRoster(conn, actor.workspaceId));
  const [teams, settings] = await Promise.all([
    teamNames(conn, actor.workspaceId),
    findPromiseSettings(conn, actor.workspaceId),
  ]);
  return presentHandoff(row, {
    nameOf: (id) => r.members.get(id)?.name ?? "a former colleague",
    teamNameOf: (id) => teams.get(id) ?? null,
    mayShowHours: (id) => maySeeHours(accessOf(actor, r, id)),
    timeZone: settings.time_zone,
    c,
  });
}

/** GET /api/handoffs/:id — the sender, the receiver (or their team) and anyone who may read cases. */
export async function getHandoff(deps: Deps, actor: Actor, id: string): Promise<HandoffView> {
  requirePermission(actor, "cases:read");
  const row = await findHandoff(deps.db, actor.workspaceId, id);
  if (!row) throw notFound("handoff");
  const c = await findCase(deps.db, actor.workspaceId, row.case_id);
  if (!c) throw notFound("handoff");
  return viewFor(deps.db, actor, row, c);
}

/** GET /api/cases/:id/handoffs — the case's hand-overs, newest first. */
export async function listHandoffsOfCase(deps: Deps, actor: Actor, caseId: string): Promise<HandoffView[]> {
  requirePermission(actor, "cases:read");
  const c = await findCase(deps.db, actor.workspaceId, caseId);
  if (!c) throw notFound("case");
  const rows = await listCaseHandoffs(deps.db, actor.workspaceId, caseId);
  const roster = await loadRoster(deps.db, actor.workspaceId);
  return Promise.all(rows.map((r) => viewFor(deps.db, actor, r, c, roster)));
}

/** GET /api/handoffs/pending — "my hand-overs to acknowledge": to me, or to my teams. */
export async function listMyPendingHandoffs(deps: Deps, actor: Actor): Promise<HandoffView[]> {
  requirePermission(actor, "cases:read");
  if (actor.staffId === null) return [];
  const roster = await loadRoster(deps.db, actor.workspaceId);
  const teamIds = roster.members.get(actor.staffId)?.teamIds ?? [];
  const rows = await listPendingFor(deps.db, actor.workspaceId, actor.staffId, teamIds, 200);
  const out: HandoffView[] = [];
  for (const r of rows) {
    const c = await findCase(deps.db, actor.workspaceId, r.case_id);
    if (c) out.push(await viewFor(deps.db, actor, r, c, roster));
  }
  return out;
}

/**
 * POST /api/handoffs/:id/acknowledge — the receiver (or a member of the receiving team, who then
 * takes the case) confirms they have it; the customer is told who has their case now.
 */
export async function acknowledgeHandoff(deps: Deps, actor: Actor, id: string): Promise<HandoffView> {
  requirePermission(actor, "cases:write");
  const at = toInstant(deps.clock.now());
  const first = await findHandoff(deps.db, actor.workspaceId, id);
  if (!first) throw notFound("handoff");
  const { row, c, roster } = await deps.db.transaction().execute(async (trx) => {
    const c = await lockCase(trx, deps.dialect, actor.workspaceId, first.case_id);
    const h = await findHandoff(trx, actor.workspaceId, id);
    if (!c || !h) throw notFound("handoff");
    const roster = await loadRoster(trx, actor.workspaceId);
    const teamIds = actor.staffId ? (roster.members.get(actor.staffId)?.teamIds ?? []) : [];
    const state = { status: h.status, toStaffId: h.to_staff_id, toTeamId: h.to_team_id };
    if (h.status !== "pending")
      throw conflict(`This hand-over is already ${h.status}.`, { status: h.status });
    if (!mayAcknowledge(state, actor.staffId, teamIds)) {
      throw new AppError(
        "forbidden",
        "Only the person (or a member of the team) it was handed to can acknowledge it.",
        {
          permission: "handoff:receive",
        },
      );
    }
    if (!(await acknowledgeRow(trx, actor.workspaceId, id, actor.staffId ?? "", at)))
      throw conflict("This hand-over was acknowledged or replaced meanwhile.");
    // A case closed since the hand-over is acknowledged quietly: nobody takes it, the customer is
    // not told that someone "will be in touch" about a case that is done.
    const isOpen = c.is_open === 1;
    const takes = isOpen && h.to_staff_id === null && actor.staffId !== null;
    if (takes)
      await updateCaseRow(trx, actor.workspaceId, c.id, { assignee_id: actor.staffId, updated_at: at });
    const name = (actor.staffId && roster.members.get(actor.staffId)?.name) || "A colleague";
    await insertEventEntry(trx, {
      id: deps.newId(),
      workspaceId: actor.workspaceId,
      caseId: c.id,
      body: `${name} acknowledged the hand-over`,
      data: { event: "handoff.acknowledged", handoffId: id },
      authorStaffId: actor.staffId,
      at,
    });
    await recordAudit(trx, deps, actor, {
      action: "handoff.acknowledged",
      subjectKind: "case",
      subjectId: c.id,
      data: { handoffId: id, ...(takes && { assigneeId: actor.staffId }) },
    });
    if (isOpen) await tellCustomer(trx, deps, actor, c, customerNotice(name), id, at);
    const row = await findHandoff(trx, actor.workspaceId, id);
    if (!row) throw notFound("handoff");
    return { row, c, roster };
  });
  publishCaseEvents(deps, caseEvent(c, "case.updated", actor, at));
  return viewFor(deps.db, actor, row, c, roster);
}
