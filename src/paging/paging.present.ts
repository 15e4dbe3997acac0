import type { CaseRow } from "../cases/cases.store.js";
import type { HelperView, StatusCardView } from "../schedules/schedules.present.js";
import { mayAccept, mayDecline, type PageStatus } from "./paging.rules.js";
import type { PageRow } from "./paging.store.js";

/*
 * What leaves the server about a page. Who is being paged is who is on call now — part of that
 * person's schedule — so names and ids come through `nameOf`, which answers null for a protected
 * person the reader may not see; the id is then left out too.
 */

export interface PageView {
  id: string;
  caseId: string;
  caseNumber: number | null;
  status: PageStatus;
  step: number;
  /** How many people the page can still reach after the current one. */
  remaining: number;
  currentStaffId: string | null;
  currentName: string | null;
  deadlineAt: string | null;
  acceptedById: string | null;
  acceptedByName: string | null;
  acceptedAt: string | null;
  note: string;
  /** What the reader may do with it. */
  canAccept: boolean;
  canDecline: boolean;
  createdAt: string;
  updatedAt: string;
}

export function presentPage(
  p: PageRow,
  c: CaseRow | undefined,
  ctx: { nameOf: (staffId: string | null) => string | null; viewerId: string | null },
): PageView {
  const chain = JSON.parse(p.chain) as string[];
  const state = { status: p.status as PageStatus, chain, step: p.step };
  const current = ctx.nameOf(p.current_staff_id);
  const accepted = ctx.nameOf(p.accepted_by_id);
  // The person paged always sees their own page, whatever their disclosure.
  const isMe = (id: string | null) => id !== null && id === ctx.viewerId;
  return {
    id: p.id,
    caseId: p.case_id,
    caseNumber: c?.number ?? null,
    status: state.status,
    step: p.step,
    remaining: Math.max(0, chain.length - p.step - 1),
    currentStaffId: current !== null || isMe(p.current_staff_id) ? p.current_staff_id : null,
    currentName: current,
    deadlineAt: p.deadline_at,
    acceptedById: accepted !== null || isMe(p.accepted_by_id) ? p.accepted_by_id : null,
    acceptedByName: accepted,
    acceptedAt: p.accepted_at,
    note: p.note,
    canAccept: mayAccept(state, ctx.viewerId),
    canDecline: mayDecline(state, ctx.viewerId),
    createdAt: p.created_at,
    updatedAt: p.updated_at,
  };
}

/** The answer to "it's urgent": a page, or why not and who can help now. */
export interface UrgentView {
  paged: boolean;
  /** Why nobody was paged (null when paged). */
  reason: string | null;
  page: PageView | null;
  /** The person asked for, as the desk may describe them. */
  requested: StatusCardView | null;
  whoCanHelp: HelperView[];
  customerWording: string;
  receptionistWording: string;
}
