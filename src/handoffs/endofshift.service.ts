import type { Actor } from "../auth/auth.rules.js";
import { requirePermission } from "../auth/permissions.js";
import { findPromiseSettings } from "../calendars/calendars.store.js";
import { lockCase } from "../cases/cases.store.js";
import type { Deps } from "../deps.js";
import { caseEvent, publishCaseEvents, type CaseRef } from "../events/events.publish.js";
import { customerWording, type PromiseKind, type PromiseTarget } from "../promises/promises.rules.js";
import { accessOf, loadRoster, type Roster } from "../schedules/roster.js";
import { nextIn, onDutyUntil } from "../schedules/schedule.rules.js";
import { toInstant } from "../shared/clock.js";
import { AppError, invalid, notFound } from "../shared/errors.js";
import { whoReceivesEscalation } from "../escalations/routing.rules.js";
import { routingPersonOf } from "../escalations/escalations.service.js";
import { findHandoverMargin } from "../escalations/escalations.store.js";
import { managerChain } from "../schedules/desk.rules.js";
import type { HandoffView } from "./handoffs.present.js";
import { completeCard, dueBeforeNextIn, type CardPromise, type ContextCard } from "./handoffs.rules.js";
import { buildDraft, viewFor, writeHandoff } from "./handoffs.service.js";
import { listOpenCasesOf, openPromisesOfCases, pendingHandoffsOf, teamNames } from "./handoffs.store.js";

/*
 * End of shift: before a person's shift ends (or their time off starts — time off is folded into
 * the schedule, so the shift simply ends earlier), the desk lists their open cases with promises
 * due before they are next in, and hands them over in one step. Someone else's list is for
 * readers with full access to that person's schedule (themselves, their managers, admins): it
 * says when they go and come back.
 */

const MAX_CASES = 200;

export interface EndOfShiftCase {
  caseId: string;
  number: number;
  subject: string;
  inHandover: boolean;
  promisesDue: CardPromise[];
  card: ContextCard;
}

export interface EndOfShiftView {
  staffId: string;
  name: string;
  /** The end of the current shift (or now, when off duty); null without a schedule. */
  shiftEndsAt: string | null;
  nextInAt: string | null;
  cases: EndOfShiftCase[];
}

function windowOf(
  roster: Roster,
  staffId: string,
  atMs: number,
): { endsAt: number | null; nextInAt: number | undefined } {
  const m = roster.members.get(staffId);
  const s = m?.schedule;
  const hasHours = m?.spec !== undefined && Object.values(m.spec.weekly).some((v) => v.length > 0);
  if (!s || !hasHours) return { endsAt: null, nextInAt: undefined };
  const until = onDutyUntil(s, atMs);
  const endsAt = until ?? atMs;
  const n = nextIn(s, endsAt);
  return { endsAt, nextInAt: Number.isFinite(n) ? n : undefined };
}

/** GET /api/me/end-of-shift and GET /api/staff/:id/end-of-shift */
export async function getEndOfShift(
  deps: Deps,
  actor: Actor,
  staffId: string | null,
): Promise<EndOfShiftView> {
  requirePermission(actor, "cases:read");
  const id = staffId ?? actor.staffId;
  if (id === null) throw invalid("The system has no shift; name a staff member.", { field: "id" });
  const roster = await loadRoster(deps.db, actor.workspaceId);
  const m = roster.members.get(id);
  if (!m) throw notFound("staff");
  if (accessOf(actor, roster, id) !== "full")
    throw new AppError("forbidden", "Only the person, their managers and admins see their end of shift.", {
      permission: "schedule:full",
    });
  const atMs = deps.clock.now().getTime();
  const w = windowOf(roster, id, atMs);
  const cases = await listOpenCasesOf(deps.db, actor.workspaceId, id, MAX_CASES);
  const promises = await openPromisesOfCases(
    deps.db,
    actor.workspaceId,
    cases.map((c) => c.id),
  );
  const pending = await pendingHandoffsOf(
    deps.db,
    actor.workspaceId,
    cases.map((c) => c.id),
  );
  const { time_zone } = await findPromiseSettings(deps.db, actor.workspaceId);
  const out: EndOfShiftCase[] = [];
  for (const c of cases) {
    const mine = promises
      .filter((p) => p.case_id === c.id && p.paused_at === null)
      .map((p) => ({
        id: p.id,
        description: p.description,
        dueAt: p.due_at,
        wording: customerWording(
          p.due_at,
          time_zone,
          p.kind as PromiseKind,
          p.target as PromiseTarget | null,
        ),
      }));
    const due = dueBeforeNextIn(mine, w.nextInAt);
    if (due.length === 0) continue;
    const row = await deps.db
      .selectFrom("cases")
      .selectAll()
      .where("workspace_id", "=", actor.workspaceId)
      .where("id", "=", c.id)
      .executeTakeFirst();
    if (!row) continue;
    out.push({
      caseId: c.id,
      number: c.number,
      subject: c.subject,
      inHandover: pending.has(c.id),
      promisesDue: due,
      card: await buildDraft(deps.db, row, roster),
    });
  }
  return {
    staffId: id,
    name: m.name,
    shiftEndsAt: w.endsAt === null ? null : new Date(w.endsAt).toISOString(),
    nextInAt: w.nextInAt === undefined ? null : new Date(w.nextInAt).toISOString(),
    cases: out,
  };
}

export interface EndOfShiftHandoverInput {
  toStaffId?: string | undefined;
  toTeamId?: string | undefined;
  /** Let the desk route each case (someone on duty at the sender's level, past the margin). */
  routed?: boolean | undefined;
  caseIds?: string[] | undefined;
  note?: string | undefined;
}

/** POST /api/me/end-of-shift/handover — hands the listed cases over in one step, each with its card. */
export async function handOverEndOfShift(
  deps: Deps,
  actor: Actor,
  input: EndOfShiftHandoverInput,
): Promise<{ handoffs: HandoffView[] }> {
  requirePermission(actor, "cases:write");
  const routed = input.routed === true;
  if (routed === (input.toStaffId !== undefined || input.toTeamId !== undefined))
    throw invalid("Choose a person or a team (toStaffId, toTeamId), or routed: true.", {
      field: "toStaffId",
    });
  if (actor.staffId === null) throw invalid("The system has no shift.", { field: "toStaffId" });
  // Without caseIds: every case on the end-of-shift list. With them: the cases the sender chose.
  const caseIds =
    input.caseIds ?? (await getEndOfShift(deps, actor, actor.staffId)).cases.map((c) => c.caseId);
  const at = toInstant(deps.clock.now());
  const nowMs = deps.clock.now().getTime();
  const sender = actor.staffId;
  const { rows, refs, roster, cases } = await deps.db.transaction().execute(async (trx) => {
    const roster = await loadRoster(trx, actor.workspaceId);
    if (input.toStaffId !== undefined && roster.members.get(input.toStaffId)?.isActive !== true)
      throw invalid("toStaffId does not name an active staff member of this workspace.", {
        field: "toStaffId",
      });
    if (input.toStaffId === sender)
      throw invalid("You cannot hand your cases to yourself.", { field: "toStaffId" });
    if (input.toTeamId !== undefined && !(await teamNames(trx, actor.workspaceId)).has(input.toTeamId))
      throw invalid("toTeamId does not name a team of this workspace.", { field: "toTeamId" });
    const margin = await findHandoverMargin(trx, actor.workspaceId);
    const people = [...roster.members.values()].map((m) => routingPersonOf(m, nowMs, margin));
    const level = roster.members.get(sender)?.authority ?? "agent";
    const rows = [];
    const refs: CaseRef[] = [];
    const cases: { number: number; subject: string }[] = [];
    for (const caseId of new Set(caseIds)) {
      const c = await lockCase(trx, deps.dialect, actor.workspaceId, caseId);
      if (!c) throw invalid("caseIds names a case that is not of this workspace.", { field: "caseIds" });
      // The end-of-shift hand-over moves the sender's own open cases, nothing wider.
      if (c.assignee_id !== sender || c.is_open !== 1)
        throw invalid(`Case #${c.number} is not one of your open cases.`, { field: "caseIds" });
      let toStaffId = input.toStaffId ?? null;
      if (routed) {
        const d = whoReceivesEscalation({
          atMs: nowMs,
          marginMinutes: margin,
          target: { kind: "level", level },
          caseTeamId: c.team_id,
          senderId: sender,
          chain: managerChain(sender, roster.reportsTo),
          people,
          onCallStaffId: undefined,
        });
        if (d.outcome !== "route")
          throw new AppError(
            "not-on-duty",
            `Nobody on duty can take case #${c.number} now; choose a person.`,
            {
              caseId: c.id,
            },
          );
        toStaffId = d.staffId;
      }
      const card = completeCard(
        await buildDraft(trx, c, roster),
        input.note ? { nextStep: input.note } : undefined,
      );
      if (card.nextStep.trim() === "") card.nextStep = "Keep the open promises on this case.";
      rows.push(
        await writeHandoff(trx, deps, actor, {
          c,
          kind: "shift_end",
          toStaffId,
          toTeamId: input.toTeamId ?? null,
          level: null,
          reason: "End of shift",
          card,
          decision: null,
          startsAt: null,
          startsAtShareable: false,
          triggerKey: null,
          roster,
          at,
        }),
      );
      refs.push(c);
      cases.push(c);
    }
    return { rows, refs, roster, cases };
  });
  publishCaseEvents(
    deps,
    refs.map((c) => caseEvent(c, "case.updated", actor, at)),
  );
  const handoffs: HandoffView[] = [];
  for (const [i, row] of rows.entries()) {
    const c = cases[i] ?? { number: 0, subject: "" };
    handoffs.push(await viewFor(deps.db, actor, row, { number: c.number, subject: c.subject }, roster));
  }
  return { handoffs };
}
