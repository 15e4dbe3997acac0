import {
  onCallAt,
  pageChain,
  type CompiledRota,
  type OnCall,
  type RotaOverride,
} from "../schedules/rota.rules.js";

/*
 * Pure decisions of urgent requests and pages. An urgent request pages only when the client's
 * agreement includes after-hours cover, it names a rota, and someone is on call now (the rota's
 * hours are the "after hours"). A page goes down its chain — the person on call, the rest of the
 * rota, the on-call person's manager — moving on when someone declines or lets the
 * acknowledgement time pass. No I/O, no clock.
 */

export type NoPageReason = "no-after-hours-cover" | "no-rota" | "nobody-on-call" | "requested-is-in";

export type UrgentDecision =
  { action: "page"; onCall: OnCall; chain: string[] } | { action: "none"; reason: NoPageReason };

export interface UrgentInput {
  afterHoursPaging: boolean;
  rota: CompiledRota | undefined;
  overrides: readonly RotaOverride[];
  atMs: number;
  /** The person the customer asked for is on duty now (and may be said to be). */
  requestedIsIn: boolean;
  managerOf: (staffId: string) => string | null | undefined;
  isActive: (staffId: string) => boolean;
}

export function urgentDecision(input: UrgentInput): UrgentDecision {
  if (!input.afterHoursPaging) return { action: "none", reason: "no-after-hours-cover" };
  if (input.requestedIsIn) return { action: "none", reason: "requested-is-in" };
  if (!input.rota) return { action: "none", reason: "no-rota" };
  const onCall = onCallAt(input.rota, input.atMs, input.overrides);
  if (!onCall) return { action: "none", reason: "nobody-on-call" };
  const chain = pageChain(onCall, input.managerOf, input.isActive);
  if (chain.length === 0) return { action: "none", reason: "nobody-on-call" };
  return { action: "page", onCall, chain };
}

export const PAGE_STATUSES = ["paging", "accepted", "unanswered"] as const;
export type PageStatus = (typeof PAGE_STATUSES)[number];

export interface PageState {
  status: PageStatus;
  chain: readonly string[];
  step: number;
}

/** Who may accept: anyone paged so far (a slow first answer is still welcome) while it pages. */
export function mayAccept(page: PageState, staffId: string | null): boolean {
  return page.status === "paging" && staffId !== null && page.chain.slice(0, page.step + 1).includes(staffId);
}

/** Only the person being paged now declines (it then moves on at once). */
export function mayDecline(page: PageState, staffId: string | null): boolean {
  return page.status === "paging" && staffId !== null && page.chain[page.step] === staffId;
}

/** The step after this one, or undefined when the chain is used up. */
export function nextStep(page: PageState): number | undefined {
  const next = page.step + 1;
  return next < page.chain.length ? next : undefined;
}
