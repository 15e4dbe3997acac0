import { recordAudit, type AuditActor } from "../audit/audit.service.js";
import type { Actor } from "../auth/auth.rules.js";
import { requirePermission } from "../auth/permissions.js";
import { hashSecret, newSecret } from "../auth/secrets.js";
import { findCase } from "../cases/cases.store.js";
import { findCustomer } from "../customers/customers.store.js";
import type { Conn } from "../db/database.js";
import type { Deps } from "../deps.js";
import { toInstant } from "../shared/clock.js";
import { invalid, notFound } from "../shared/errors.js";
import { presentPortalLink, type PortalLinkView } from "./portal.present.js";
import { linkExpiresAt, STAFF_LINK_DAYS, type LinkVia } from "./portal.rules.js";
import {
  deleteSessionsOfLink,
  insertPortalLink,
  listPortalLinkRows,
  revokePortalLinkRow,
  type PortalLinkRow,
} from "./portal.store.js";

/** Staff's side of portal access: links are made, listed and revoked here, with staff permissions. */

export interface NewLinkInput {
  workspaceId: string;
  customerId: string;
  /** The one case the link opens; null: all of the customer's cases. */
  caseId: string | null;
  via: LinkVia;
  createdById: string | null;
  days: number;
  at: string;
}

/**
 * Inserts a link and audits it, in the caller's transaction. The token is returned here once and
 * never stored: only its SHA-256 is (256 random bits cannot be guessed, only stolen).
 */
export async function insertNewLink(
  trx: Conn,
  deps: Pick<Deps, "dialect" | "clock" | "newId">,
  actor: AuditActor,
  input: NewLinkInput,
): Promise<{ row: PortalLinkRow; token: string }> {
  const token = newSecret("fdp_");
  const row: PortalLinkRow = {
    id: deps.newId(),
    workspace_id: input.workspaceId,
    customer_id: input.customerId,
    case_id: input.caseId,
    token_hash: hashSecret(token),
    via: input.via,
    created_by_id: input.createdById,
    created_at: input.at,
    expires_at: toInstant(new Date(linkExpiresAt(Date.parse(input.at), input.days))),
    revoked_at: null,
    last_used_at: null,
  };
  await insertPortalLink(trx, row);
  await recordAudit(trx, deps, actor, {
    action: "portal-link.created",
    subjectKind: "portal-link",
    subjectId: row.id,
    data: {
      customerId: row.customer_id,
      caseId: row.case_id,
      scope: row.case_id === null ? "customer" : "case",
      via: row.via,
      expiresAt: row.expires_at,
    },
  });
  return { row, token };
}

export interface CreatePortalLinkInput {
  /** Open only this case (it must be the customer's); omit or null for all their cases. */
  caseId?: string | null | undefined;
  expiresInDays?: number | undefined;
}

/** A new link for a customer; the token is in the answer once, for the staff member to pass on. */
export async function createPortalLink(
  deps: Deps,
  actor: Actor,
  customerId: string,
  input: CreatePortalLinkInput,
): Promise<PortalLinkView & { token: string }> {
  requirePermission(actor, "portal:write");
  const at = toInstant(deps.clock.now());
  return deps.db.transaction().execute(async (trx) => {
    if (!(await findCustomer(trx, actor.workspaceId, customerId))) throw notFound("customer");
    const caseId = input.caseId ?? null;
    const c = caseId === null ? undefined : await findCase(trx, actor.workspaceId, caseId);
    // Another workspace's case, or another customer's, is refused exactly like an unknown one.
    if (caseId !== null && (!c || c.customer_id !== customerId)) {
      throw invalid("caseId does not name a case of this customer.", { field: "caseId" });
    }
    const { row, token } = await insertNewLink(trx, deps, actor, {
      workspaceId: actor.workspaceId,
      customerId,
      caseId,
      via: "staff",
      createdById: actor.staffId,
      days: input.expiresInDays ?? STAFF_LINK_DAYS,
      at,
    });
    return { ...presentPortalLink({ ...row, case_number: c?.number ?? null }, at), token };
  });
}

/** How many of a customer's links the console lists (newest first). */
export const LINK_LIST_LIMIT = 50;

export async function listPortalLinks(
  deps: Deps,
  actor: Actor,
  customerId: string,
): Promise<PortalLinkView[]> {
  requirePermission(actor, "customers:read");
  if (!(await findCustomer(deps.db, actor.workspaceId, customerId))) throw notFound("customer");
  const at = toInstant(deps.clock.now());
  const rows = await listPortalLinkRows(deps.db, actor.workspaceId, customerId, LINK_LIST_LIMIT);
  return rows.map((r) => presentPortalLink(r, at));
}

/** Revokes a live link and ends the portal sessions opened from it. */
export async function revokePortalLink(deps: Deps, actor: Actor, id: string): Promise<void> {
  requirePermission(actor, "portal:write");
  const at = toInstant(deps.clock.now());
  await deps.db.transaction().execute(async (trx) => {
    if (!(await revokePortalLinkRow(trx, actor.workspaceId, id, at))) throw notFound("portal link");
    await deleteSessionsOfLink(trx, actor.workspaceId, id);
    await recordAudit(trx, deps, actor, {
      action: "portal-link.revoked",
      subjectKind: "portal-link",
      subjectId: id,
    });
  });
}
