import {
  findClientAgreementId,
  listAgreementRows,
  type AgreementRow,
} from "../agreements/agreements.store.js";
import { recordAudit } from "../audit/audit.service.js";
import { systemActor, type Actor } from "../auth/auth.rules.js";
import { requirePermission } from "../auth/permissions.js";
import { findCase, insertEventEntry, lockCase, updateCaseRow, type CaseRow } from "../cases/cases.store.js";
import type { Conn } from "../db/database.js";
import type { Deps } from "../deps.js";
import { cancelWork, scheduleWork, type DueWorkHandler } from "../duework/duework.service.js";
import {
  queueEmail,
  queueWebhook,
  workEmailOf,
  workPhoneOf,
} from "../notifications/notifications.service.js";
import { applicableAgreement } from "../promises/promises.rules.js";
import { maySeeHours } from "../schedules/desk.rules.js";
import { helpersFor } from "../schedules/duty.service.js";
import { accessOf, loadRoster, type Roster } from "../schedules/roster.js";
import { compiledRota } from "../schedules/rotas.service.js";
import { overridesOf } from "../schedules/rotas.present.js";
import { findRota, listOverrideRows, type RotaRow } from "../schedules/rotas.store.js";
import { isOnDuty } from "../schedules/schedule.rules.js";
import { presentStatusCard } from "../schedules/schedules.present.js";
import { toInstant } from "../shared/clock.js";
import { AppError, conflict, invalid, notFound } from "../shared/errors.js";
import { presentPage, type PageView, type UrgentView } from "./paging.present.js";
import {
  mayAccept,
  mayDecline,
  nextStep,
  urgentDecision,
  type NoPageReason,
  type PageStatus,
} from "./paging.rules.js";
import {
  findOpenPageOfCase,
  findPage,
  insertPage,
  listPageRows,
  lockPage,
  updatePageRow,
  type PageRow,
} from "./paging.store.js";

/*
 * Urgent requests and pages (S1, S1b). Under an agreement with after-hours cover, an urgent
 * request while someone is on call pages them now — in the app (their pages list), by a queued
 * email and by a webhook POST to the rota's SMS/phone gateway. With no acceptance in the rota's
 * acknowledgement minutes (due work) it moves to the next person on the rota, then to the
 * on-call person's manager. Otherwise nobody is paged and the desk offers who on duty can help
 * and when the requested person is next in.
 */

export const ESCALATE_KIND = "page.escalate";

const REASON_TEXT: Record<NoPageReason, string> = {
  "no-after-hours-cover": "The client's agreement has no after-hours cover, so nobody is paged.",
  "no-rota": "The agreement names no on-call rota, so nobody is paged.",
  "nobody-on-call": "Nobody is on call now (these are the desk's own hours), so nobody is paged.",
  "requested-is-in": "The person asked for is on duty now, so nobody is paged.",
};

async function agreementRowFor(
  conn: Conn,
  workspaceId: string,
  c: CaseRow,
): Promise<AgreementRow | undefined> {
  const rows = await listAgreementRows(conn, workspaceId);
  const clientAgreementId = c.client_id
    ? ((await findClientAgreementId(conn, workspaceId, c.client_id))?.agreementId ?? null)
    : null;
  return applicableAgreement(
    rows.map((r) => ({ ...r, isDefault: r.is_default === 1 })),
    clientAgreementId,
  );
}

function chainOf(p: PageRow): string[] {
  return JSON.parse(p.chain) as string[];
}

function stateOf(p: PageRow) {
  return { status: p.status as PageStatus, chain: chainOf(p), step: p.step };
}

/** A name the reader may link to being on call now: only for people whose schedule they may see. */
function sharedName(actor: Actor, roster: Roster, staffId: string | null): string | null {
  if (staffId === null) return null;
  return maySeeHours(accessOf(actor, roster, staffId)) ? (roster.members.get(staffId)?.name ?? null) : null;
}

/** Pages chain[step]: in the app (current_staff_id), email, webhook, and the escalation at the deadline. */
async function notifyStep(
  trx: Conn,
  deps: Deps,
  page: PageRow,
  rota: RotaRow,
  c: CaseRow,
  roster: Roster,
): Promise<void> {
  const staffId = page.current_staff_id;
  if (staffId === null || page.deadline_at === null) return;
  const name = roster.members.get(staffId)?.name ?? "on call";
  const subject = `URGENT page: case #${c.number} — ${c.subject}`.slice(0, 200);
  const body = [
    `${name}, you are paged for case #${c.number}: ${c.subject}`,
    page.note ? `Note: ${page.note}` : "",
    `Accept or decline in Frontdesk by ${page.deadline_at}; after that it moves on.`,
  ]
    .filter(Boolean)
    .join("\n");
  const common = {
    workspaceId: page.workspace_id,
    kind: "page",
    recipientStaffId: staffId,
    subjectKind: "page",
    subjectId: page.id,
  };
  const email = await workEmailOf(trx, page.workspace_id, staffId);
  if (email) await queueEmail(trx, deps, { ...common, to: email, subject, body });
  if (rota.webhook_url) {
    await queueWebhook(trx, deps, {
      ...common,
      url: rota.webhook_url,
      subject,
      payload: {
        event: "page",
        pageId: page.id,
        step: page.step,
        caseNumber: c.number,
        subject: c.subject,
        note: page.note,
        // The gateway reaches them on a work number only; private contacts never leave.
        staff: { id: staffId, name, workPhone: await workPhoneOf(trx, page.workspace_id, staffId) },
        acceptBy: page.deadline_at,
      },
    });
  }
  await scheduleWork(trx, deps, {
    workspaceId: page.workspace_id,
    kind: ESCALATE_KIND,
    subjectId: page.id,
    dueAt: page.deadline_at,
    payload: { pageId: page.id, step: page.step },
    uniqueKey: `${ESCALATE_KIND}:${page.id}:${page.step}`,
  });
}

export interface UrgentInput {
  /** Whom the customer asked for, if anyone. */
  requestedStaffId?: string | undefined;
  note?: string | undefined;
}

/** "It's urgent": page the person on call when the agreement allows, else offer who can help now. */
export async function raiseUrgent(
  deps: Deps,
  actor: Actor,
  caseId: string,
  input: UrgentInput,
): Promise<UrgentView> {
  requirePermission(actor, "cases:write");
  const c = await findCase(deps.db, actor.workspaceId, caseId);
  if (!c) throw notFound("case");
  const roster = await loadRoster(deps.db, actor.workspaceId);
  const requested =
    input.requestedStaffId === undefined ? undefined : roster.members.get(input.requestedStaffId);
  if (input.requestedStaffId !== undefined && !requested)
    throw invalid("requestedStaffId does not name a staff member of this workspace.", {
      field: "requestedStaffId",
    });
  const nowMs = deps.clock.now().getTime();
  const agreement = await agreementRowFor(deps.db, actor.workspaceId, c);
  const rotaRow = agreement?.on_call_rota_id
    ? await findRota(deps.db, actor.workspaceId, agreement.on_call_rota_id)
    : undefined;
  const overrides = rotaRow
    ? overridesOf(
        await listOverrideRows(deps.db, actor.workspaceId, rotaRow.id, new Date(nowMs).toISOString()),
      )
    : [];
  // A protected person's being in is not said, so it cannot stop a page either.
  const requestedIsIn =
    requested !== undefined &&
    requested.disclosure === "disclose" &&
    requested.schedule !== undefined &&
    isOnDuty(requested.schedule, nowMs);
  const decision = urgentDecision({
    afterHoursPaging: agreement?.after_hours_paging === 1,
    rota: rotaRow ? compiledRota(rotaRow) : undefined,
    overrides,
    atMs: nowMs,
    requestedIsIn,
    managerOf: (id) => roster.members.get(id)?.reportsToId,
    isActive: (id) => roster.members.get(id)?.isActive === true,
  });
  const card = requested ? presentStatusCard(requested, accessOf(actor, roster, requested.id), nowMs) : null;
  if (decision.action === "none" || !rotaRow) {
    const reason = decision.action === "none" ? decision.reason : "no-rota";
    return noPage(deps, actor, c, reason, card);
  }
  const page = await startPage(deps, actor, c, rotaRow, decision.chain, input, roster);
  const view = presentPage(page, c, {
    nameOf: (id) => sharedName(actor, roster, id),
    viewerId: actor.staffId,
  });
  const who = view.currentName ?? "the person on call";
  return {
    paged: true,
    reason: null,
    page: view,
    requested: card,
    whoCanHelp: [],
    customerWording:
      "This is urgent, so I have paged our on-call colleague now. They will get back to you as soon as they can.",
    receptionistWording: `Paged ${who}. Without an answer in ${rotaRow.ack_minutes} minutes the page moves to the next person on the rota, then to their manager.`,
  };
}

async function noPage(
  deps: Deps,
  actor: Actor,
  c: CaseRow,
  reason: NoPageReason,
  card: UrgentView["requested"],
): Promise<UrgentView> {
  const whoCanHelp = await helpersFor(deps, actor, { teamId: c.team_id, assigneeId: c.assignee_id }, {});
  const helper = whoCanHelp.find((h) => h.staffId !== card?.staffId);
  const offer = helper
    ? `${helper.name} is here now and can help you.`
    : "I can take a message for a call back.";
  const about =
    card && card.state !== "in"
      ? `${card.customerWording.replace(/ Can I help you, or take a message\?$/, "")} `
      : "";
  return {
    paged: false,
    reason: REASON_TEXT[reason],
    page: null,
    requested: card,
    whoCanHelp,
    customerWording: `${about}${offer}`.trim(),
    receptionistWording: `${REASON_TEXT[reason]} ${helper ? `On duty now: ${whoCanHelp.map((h) => h.name).join(", ")}.` : "Nobody suitable is on duty now."}`,
  };
}

async function startPage(
  deps: Deps,
  actor: Actor,
  c: CaseRow,
  rota: RotaRow,
  chain: string[],
  input: UrgentInput,
  roster: Roster,
): Promise<PageRow> {
  const now = deps.clock.now();
  const at = toInstant(now);
  return deps.db.transaction().execute(async (trx) => {
    await lockCase(trx, deps.dialect, actor.workspaceId, c.id);
    const open = await findOpenPageOfCase(trx, actor.workspaceId, c.id);
    if (open) return open; // one page per case at a time: asking twice does not page twice
    const page: PageRow = {
      id: deps.newId(),
      workspace_id: actor.workspaceId,
      case_id: c.id,
      rota_id: rota.id,
      requested_staff_id: input.requestedStaffId ?? null,
      note: input.note?.trim() ?? "",
      chain: JSON.stringify(chain),
      step: 0,
      current_staff_id: chain[0] ?? null,
      status: "paging",
      deadline_at: new Date(now.getTime() + rota.ack_minutes * 60_000).toISOString(),
      accepted_by_id: null,
      accepted_at: null,
      created_by_id: actor.staffId,
      created_at: at,
      updated_at: at,
    };
    await insertPage(trx, page);
    await notifyStep(trx, deps, page, rota, c, roster);
    await insertEventEntry(trx, {
      id: deps.newId(),
      workspaceId: actor.workspaceId,
      caseId: c.id,
      body: "Urgent: the on-call person was paged",
      data: { event: "page.started", pageId: page.id, rotaId: rota.id },
      authorStaffId: actor.staffId,
      at,
    });
    await recordAudit(trx, deps, actor, {
      action: "page.started",
      subjectKind: "case",
      subjectId: c.id,
      data: { pageId: page.id, rotaId: rota.id, paged: page.current_staff_id, chainLength: chain.length },
    });
    return page;
  });
}

/** Moves a page to its next person (declined or timed out), or marks it unanswered at the end. */
async function advance(
  trx: Conn,
  deps: Deps,
  actor: Pick<Actor, "kind" | "workspaceId" | "staffId">,
  page: PageRow,
  why: "declined" | "timed-out",
): Promise<PageRow> {
  const at = toInstant(deps.clock.now());
  const c = await findCase(trx, page.workspace_id, page.case_id);
  const rota = await findRota(trx, page.workspace_id, page.rota_id);
  if (!c || !rota) throw notFound("page");
  await cancelWork(trx, { workspaceId: page.workspace_id, subjectId: page.id, kind: ESCALATE_KIND });
  const step = nextStep(stateOf(page));
  const next: PageRow =
    step === undefined
      ? { ...page, status: "unanswered", current_staff_id: null, deadline_at: null, updated_at: at }
      : {
          ...page,
          step,
          current_staff_id: chainOf(page)[step] ?? null,
          deadline_at: new Date(Date.parse(at) + rota.ack_minutes * 60_000).toISOString(),
          updated_at: at,
        };
  await updatePageRow(trx, page.workspace_id, page.id, {
    status: next.status,
    step: next.step,
    current_staff_id: next.current_staff_id,
    deadline_at: next.deadline_at,
    updated_at: at,
  });
  const roster = await loadRoster(trx, page.workspace_id);
  if (step !== undefined) await notifyStep(trx, deps, next, rota, c, roster);
  await insertEventEntry(trx, {
    id: deps.newId(),
    workspaceId: page.workspace_id,
    caseId: page.case_id,
    body:
      step === undefined
        ? "Nobody accepted the page"
        : why === "declined"
          ? "The paged person declined; the page moved on"
          : "No answer in time; the page moved on",
    data: {
      event: step === undefined ? "page.unanswered" : "page.moved",
      pageId: page.id,
      why,
      step: next.step,
    },
    authorStaffId: actor.staffId,
    at,
  });
  await recordAudit(trx, deps, actor, {
    action: step === undefined ? "page.unanswered" : "page.moved",
    subjectKind: "case",
    subjectId: page.case_id,
    data: { pageId: page.id, why, step: next.step, paged: next.current_staff_id },
  });
  return next;
}

async function lockedPage(trx: Conn, deps: Deps, actor: Actor, id: string): Promise<PageRow> {
  const first = await findPage(trx, actor.workspaceId, id);
  if (!first) throw notFound("page");
  await lockCase(trx, deps.dialect, actor.workspaceId, first.case_id);
  const page = await lockPage(trx, deps.dialect, actor.workspaceId, id);
  if (!page) throw notFound("page");
  return page;
}

async function viewOf(deps: Deps, actor: Actor, page: PageRow): Promise<PageView> {
  const [c, roster] = await Promise.all([
    findCase(deps.db, actor.workspaceId, page.case_id),
    loadRoster(deps.db, actor.workspaceId),
  ]);
  return presentPage(page, c, { nameOf: (id) => sharedName(actor, roster, id), viewerId: actor.staffId });
}

/** Accepts a page: the case becomes theirs and the page stops moving on. */
export async function acceptPage(deps: Deps, actor: Actor, id: string): Promise<PageView> {
  requirePermission(actor, "cases:write");
  const at = toInstant(deps.clock.now());
  const page = await deps.db.transaction().execute(async (trx) => {
    const page = await lockedPage(trx, deps, actor, id);
    if (!mayAccept(stateOf(page), actor.staffId)) {
      if (page.status !== "paging")
        throw conflict(`The page is ${page.status}.`, { pageStatus: page.status });
      throw new AppError("forbidden", "Only someone this page reached may accept it.", {
        reason: "not-paged",
      });
    }
    await cancelWork(trx, { workspaceId: page.workspace_id, subjectId: page.id, kind: ESCALATE_KIND });
    const next: PageRow = {
      ...page,
      status: "accepted",
      accepted_by_id: actor.staffId,
      accepted_at: at,
      current_staff_id: actor.staffId,
      deadline_at: null,
      updated_at: at,
    };
    await updatePageRow(trx, actor.workspaceId, id, {
      status: next.status,
      accepted_by_id: next.accepted_by_id,
      accepted_at: at,
      current_staff_id: next.current_staff_id,
      deadline_at: null,
      updated_at: at,
    });
    await updateCaseRow(trx, actor.workspaceId, page.case_id, { assignee_id: actor.staffId, updated_at: at });
    await insertEventEntry(trx, {
      id: deps.newId(),
      workspaceId: actor.workspaceId,
      caseId: page.case_id,
      body: "The page was accepted; the on-call colleague has the case",
      data: { event: "page.accepted", pageId: id, staffId: actor.staffId },
      authorStaffId: actor.staffId,
      at,
    });
    await recordAudit(trx, deps, actor, {
      action: "page.accepted",
      subjectKind: "case",
      subjectId: page.case_id,
      data: { pageId: id, assigneeId: actor.staffId },
    });
    return next;
  });
  return viewOf(deps, actor, page);
}

/** Declines a page (only the person paged now): it moves on at once. */
export async function declinePage(deps: Deps, actor: Actor, id: string): Promise<PageView> {
  requirePermission(actor, "cases:write");
  const page = await deps.db.transaction().execute(async (trx) => {
    const page = await lockedPage(trx, deps, actor, id);
    if (!mayDecline(stateOf(page), actor.staffId)) {
      if (page.status !== "paging")
        throw conflict(`The page is ${page.status}.`, { pageStatus: page.status });
      throw new AppError("forbidden", "Only the person paged now may decline.", { reason: "not-paged" });
    }
    return advance(trx, deps, actor, page, "declined");
  });
  return viewOf(deps, actor, page);
}

export async function getPage(deps: Deps, actor: Actor, id: string): Promise<PageView> {
  requirePermission(actor, "cases:read");
  const page = await findPage(deps.db, actor.workspaceId, id);
  if (!page) throw notFound("page");
  return viewOf(deps, actor, page);
}

/** Pages: yours now (mine), or a case's. */
export async function listPages(
  deps: Deps,
  actor: Actor,
  q: { mine?: boolean | undefined; caseId?: string | undefined; status?: PageStatus | undefined },
): Promise<PageView[]> {
  requirePermission(actor, "cases:read");
  if (q.mine === true && actor.staffId === null) return [];
  const rows = await listPageRows(deps.db, actor.workspaceId, {
    ...(q.mine === true && actor.staffId !== null && { currentStaffId: actor.staffId }),
    caseId: q.caseId,
    status: q.status,
  });
  const out: PageView[] = [];
  for (const p of rows) out.push(await viewOf(deps, actor, p));
  return out;
}

/** Due work: the acknowledgement time of a step ran out; move on if the page still waits on that step. */
export const pageEscalateJob: DueWorkHandler = async (deps, work) => {
  const payload = work.payload as { pageId?: unknown; step?: unknown } | null;
  if (typeof payload?.pageId !== "string" || typeof payload.step !== "number") return;
  const { pageId, step } = payload;
  await deps.db.transaction().execute(async (trx) => {
    const first = await findPage(trx, work.workspaceId, pageId);
    if (!first) return;
    await lockCase(trx, deps.dialect, work.workspaceId, first.case_id);
    const page = await lockPage(trx, deps.dialect, work.workspaceId, pageId);
    const now = toInstant(deps.clock.now());
    if (!page || page.status !== "paging" || page.step !== step) return;
    if (page.deadline_at === null || page.deadline_at > now) return;
    await advance(trx, deps, systemActor(work.workspaceId), page, "timed-out");
  });
};

export const PAGE_JOB_HANDLERS: Readonly<Record<string, DueWorkHandler>> = {
  [ESCALATE_KIND]: pageEscalateJob,
};
