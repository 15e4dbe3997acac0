import type { Actor } from "../auth/auth.rules.js";
import { requirePermission } from "../auth/permissions.js";
import { findPromiseSettings } from "../calendars/calendars.store.js";
import { findCase } from "../cases/cases.store.js";
import { findCustomer } from "../customers/customers.store.js";
import type { Conn } from "../db/database.js";
import type { Deps } from "../deps.js";
import { invalid, notFound } from "../shared/errors.js";
import { findWorkspaceById } from "../workspaces/workspaces.store.js";
import { isTimeZone } from "../workspaces/workspaces.service.js";
import { acknowledgementFor, type Acknowledgement } from "./promises.acknowledgement.js";
import type { PromiseKind, PromiseTarget } from "./promises.rules.js";
import { listOpenCasePromiseRows } from "./promises.store.js";

export interface AcknowledgementView extends Acknowledgement {
  caseId: string;
  caseNumber: number;
  /** The zone the times are written in. */
  timeZone: string;
  /** The promises the message states (open ones), so a sender can mark them told. */
  promiseIds: string[];
}

/**
 * What the customer is told when their request is in: the case, their name and every open
 * promise in their time zone. The email channel and the portal send this; staff preview it.
 * Customers carry no zone of their own yet, so the workspace's applies unless one is asked for.
 */
export async function buildAcknowledgement(
  conn: Conn,
  workspaceId: string,
  caseId: string,
  opts: { timeZone?: string | undefined; portalUrl?: string | null | undefined } = {},
): Promise<AcknowledgementView> {
  const c = await findCase(conn, workspaceId, caseId);
  if (!c) throw notFound("case");
  if (opts.timeZone !== undefined && !isTimeZone(opts.timeZone))
    throw invalid(`"${opts.timeZone}" is not an IANA time zone.`, { field: "timeZone" });
  const [settings, workspace, customer, promises] = [
    await findPromiseSettings(conn, workspaceId),
    await findWorkspaceById(conn, workspaceId),
    c.customer_id ? await findCustomer(conn, workspaceId, c.customer_id) : undefined,
    await listOpenCasePromiseRows(conn, workspaceId, caseId),
  ];
  const timeZone = opts.timeZone ?? settings.time_zone;
  const message = acknowledgementFor({
    caseNumber: c.number,
    subject: c.subject,
    customerName: customer?.name ?? null,
    senderName: workspace?.name ?? "",
    timeZone,
    portalUrl: opts.portalUrl ?? null,
    promises: promises.map((p) => ({
      kind: p.kind as PromiseKind,
      target: p.target as PromiseTarget | null,
      description: p.description,
      dueAt: p.due_at,
      status: p.status,
      pausedAt: p.paused_at,
    })),
  });
  return {
    ...message,
    caseId: c.id,
    caseNumber: c.number,
    timeZone,
    promiseIds: promises.map((p) => p.id),
  };
}

/** Staff preview of the acknowledgement of a case (what the customer is or would be told). */
export async function previewAcknowledgement(
  deps: Deps,
  actor: Actor,
  caseId: string,
  opts: { timeZone?: string | undefined },
): Promise<AcknowledgementView> {
  requirePermission(actor, "cases:read");
  return buildAcknowledgement(deps.db, actor.workspaceId, caseId, opts);
}
