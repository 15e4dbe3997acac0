import {
  customerWording,
  promiseWarningInstants,
  type PromiseKind,
  type PromiseStatus,
  type PromiseTarget,
} from "./promises.rules.js";
import type { PromiseRow } from "./promises.store.js";

export interface PromiseView {
  id: string;
  caseId: string;
  kind: PromiseKind;
  target: PromiseTarget | null;
  description: string;
  dueAt: string;
  status: PromiseStatus;
  /** What the due time was computed from (agreement, calendar, minutes, start, paused time) or who set it. */
  basis: Record<string, unknown>;
  pausedAt: string | null;
  toldCustomer: boolean;
  replacedById: string | null;
  createdById: string | null;
  createdAt: string;
  updatedAt: string;
  closedAt: string | null;
  /** The promise as the customer is told it, in the workspace's time zone. */
  wording: string;
  /**
   * When the desk warns that the promise is at risk (its first warning's due work); null when
   * closed or paused (nothing is scheduled). The console turns amber from here, red at dueAt.
   */
  warnAt: string | null;
}

/** The first warning instant of an open, unpaused promise, exactly as its due work is scheduled. */
function warnAtOf(row: PromiseRow): string | null {
  if (row.status !== "open" || row.paused_at !== null) return null;
  const first = promiseWarningInstants({ updatedAt: row.updated_at, dueAt: row.due_at })[0];
  return first === undefined ? null : new Date(first).toISOString();
}

export function presentPromise(row: PromiseRow, timeZone: string): PromiseView {
  const kind = row.kind as PromiseKind;
  const target = row.target as PromiseTarget | null;
  return {
    id: row.id,
    caseId: row.case_id,
    kind,
    target,
    description: row.description,
    dueAt: row.due_at,
    status: row.status as PromiseStatus,
    basis: JSON.parse(row.basis) as Record<string, unknown>,
    pausedAt: row.paused_at,
    toldCustomer: row.told_customer === 1,
    replacedById: row.replaced_by_id,
    createdById: row.created_by_id,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    closedAt: row.closed_at,
    wording: customerWording(row.due_at, timeZone, kind, target),
    warnAt: warnAtOf(row),
  };
}
