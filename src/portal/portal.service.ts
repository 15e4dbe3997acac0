import { caseEvent, publishCaseEvents } from "../events/events.publish.js";
import { recordAudit } from "../audit/audit.service.js";
import { hashSecret, newSecret } from "../auth/secrets.js";
import { findPromiseSettings } from "../calendars/calendars.store.js";
import type { CaseStatus } from "../cases/cases.rules.js";
import { findCaseByNumber, listEntries, lockCase, type EntryRow } from "../cases/cases.store.js";
import { recordEntry } from "../cases/timeline.service.js";
import { findCustomer } from "../customers/customers.store.js";
import type { Conn } from "../db/database.js";
import type { Deps } from "../deps.js";
import { listCasePromiseRows } from "../promises/promises.store.js";
import { toInstant } from "../shared/clock.js";
import { AppError, conflict, invalid, notFound } from "../shared/errors.js";
import { decodeCursor, encodeCursor, type Page } from "../shared/pagination.js";
import { findWorkspaceById } from "../workspaces/workspaces.store.js";
import {
  presentPortalCaseSummary,
  presentPortalPromises,
  presentPortalTimeline,
  type PortalCaseSummaryView,
  type PortalCaseView,
  type PortalEntryView,
  type PortalMeView,
} from "./portal.present.js";
import {
  auditActorOf,
  isInScope,
  linkState,
  looksLikePortalToken,
  mayReply,
  mayShowName,
  sessionExpiresAt,
  type LinkVia,
  type PortalActor,
} from "./portal.rules.js";
import {
  deletePortalSession,
  findLinkByTokenHash,
  findLivePortalSession,
  insertPortalSession,
  listCustomerCaseRows,
  staffNames,
  touchPortalLink,
} from "./portal.store.js";

/*
 * The customer's side of the portal. Every function takes a PortalActor — never a staff Actor —
 * and reads only the actor's own workspace, customer and (for a per-case link) case; a case
 * outside that is `not-found`, exactly like one that does not exist.
 */

export interface PortalSession {
  actor: PortalActor;
  csrfToken: string;
  expiresAt: string;
}

export interface NewPortalSession extends PortalSession {
  /** The session secret for the cookie; only its SHA-256 is stored. */
  token: string;
}

/** One answer for every link that does not open: expired, revoked, tampered or unknown. */
function badLink(): AppError {
  return new AppError(
    "unauthenticated",
    "This link does not open the portal any more: it may have expired or been withdrawn. Ask us for a new one.",
  );
}

/** Refuses anything but a portal visitor, also at run time (a staff Actor has no business here). */
function requireCustomer(actor: PortalActor): void {
  if ((actor as { kind: string }).kind !== "customer") throw new AppError("forbidden", "Only for customers.");
}

/** Exchanges a link's token for a portal session (the link stays usable until it expires). */
export async function openPortalSession(deps: Deps, token: string): Promise<NewPortalSession> {
  if (!looksLikePortalToken(token)) throw badLink();
  const now = deps.clock.now();
  const at = toInstant(now);
  const link = await findLinkByTokenHash(deps.db, hashSecret(token));
  if (!link || linkState({ expiresAt: link.expires_at, revokedAt: link.revoked_at }, at) !== "active") {
    throw badLink();
  }
  const sessionToken = newSecret("fdps_");
  const csrfToken = newSecret("");
  const expiresAt = toInstant(new Date(sessionExpiresAt(now.getTime(), Date.parse(link.expires_at))));
  const actor: PortalActor = {
    kind: "customer",
    workspaceId: link.workspace_id,
    customerId: link.customer_id,
    caseId: link.case_id,
    linkId: link.id,
    sessionId: deps.newId(),
    via: link.via as LinkVia,
  };
  await deps.db.transaction().execute(async (trx) => {
    await insertPortalSession(trx, {
      id: actor.sessionId,
      workspace_id: actor.workspaceId,
      link_id: link.id,
      token_hash: hashSecret(sessionToken),
      csrf_token: csrfToken,
      created_at: at,
      expires_at: expiresAt,
    });
    await touchPortalLink(trx, actor.workspaceId, link.id, at);
    await recordAudit(trx, deps, auditActorOf(actor), {
      action: "portal.session-opened",
      subjectKind: "portal-link",
      subjectId: link.id,
      data: { scope: link.case_id === null ? "customer" : "case" },
    });
  });
  return { token: sessionToken, csrfToken, expiresAt, actor };
}

/** The live session a cookie carries, or undefined (also when its link was revoked or expired). */
export async function resolvePortalSession(deps: Deps, token: string): Promise<PortalSession | undefined> {
  const row = await findLivePortalSession(deps.db, hashSecret(token), toInstant(deps.clock.now()));
  if (!row) return undefined;
  return {
    csrfToken: row.csrf_token,
    expiresAt: row.expires_at,
    actor: {
      kind: "customer",
      workspaceId: row.workspace_id,
      customerId: row.customer_id,
      caseId: row.case_id,
      linkId: row.link_id,
      sessionId: row.id,
      via: row.via as LinkVia,
    },
  };
}

export async function closePortalSession(deps: Deps, session: PortalSession): Promise<void> {
  const { actor } = session;
  requireCustomer(actor);
  await deps.db.transaction().execute(async (trx) => {
    await deletePortalSession(trx, actor.workspaceId, actor.sessionId);
    await recordAudit(trx, deps, auditActorOf(actor), {
      action: "portal.session-closed",
      subjectKind: "portal-link",
      subjectId: actor.linkId,
    });
  });
}

async function workspaceName(conn: Conn, workspaceId: string): Promise<string> {
  return (await findWorkspaceById(conn, workspaceId))?.name ?? "Us";
}

/** Who the visitor is, as far as the portal may say, and the session's CSRF token. */
export async function getPortalMe(deps: Deps, session: PortalSession): Promise<PortalMeView> {
  const { actor } = session;
  requireCustomer(actor);
  const customer = await findCustomer(deps.db, actor.workspaceId, actor.customerId);
  const scoped = actor.caseId === null ? undefined : await findCaseNumber(deps.db, actor);
  return {
    name: customer && mayShowName(actor.via) ? customer.name : null,
    email: customer?.email ?? null,
    workspaceName: await workspaceName(deps.db, actor.workspaceId),
    scope: actor.caseId === null ? "customer" : "case",
    caseNumber: scoped ?? null,
    csrfToken: session.csrfToken,
    expiresAt: session.expiresAt,
  };
}

async function findCaseNumber(conn: Conn, actor: PortalActor): Promise<number | undefined> {
  const rows = await listCustomerCaseRows(conn, actor.workspaceId, actor, { limit: 1 });
  return rows[0]?.number;
}

/** The visitor's cases, newest first, a page at a time. */
export async function listPortalCases(
  deps: Deps,
  actor: PortalActor,
  opts: { cursor?: string | undefined; limit: number },
): Promise<Page<PortalCaseSummaryView>> {
  requireCustomer(actor);
  const afterId = opts.cursor ? decodeCursor(opts.cursor, ["id"])[0] : undefined;
  const rows = await listCustomerCaseRows(deps.db, actor.workspaceId, actor, {
    afterId,
    limit: opts.limit + 1,
  });
  const page = rows.slice(0, opts.limit);
  const last = rows.length > opts.limit ? page.at(-1) : undefined;
  return { items: page.map(presentPortalCaseSummary), nextCursor: last ? encodeCursor([last.id]) : null };
}

/** Reads a case's whole timeline in batches (a case has tens of entries, rarely hundreds). */
async function wholeTimeline(conn: Conn, workspaceId: string, caseId: string): Promise<EntryRow[]> {
  const all: EntryRow[] = [];
  let afterId: string | undefined;
  for (;;) {
    const batch = await listEntries(conn, workspaceId, caseId, { afterId, limit: 500 });
    all.push(...batch);
    if (batch.length < 500) return all;
    afterId = batch.at(-1)?.id;
  }
}

/** One of the visitor's cases: its status, customer-visible timeline and the promises made. */
export async function getPortalCase(deps: Deps, actor: PortalActor, num: number): Promise<PortalCaseView> {
  requireCustomer(actor);
  const c = await findCaseByNumber(deps.db, actor.workspaceId, num);
  if (!c || !isInScope(actor, c)) throw notFound("case");
  const entries = await wholeTimeline(deps.db, actor.workspaceId, c.id);
  const authorIds = entries.flatMap((e) =>
    e.kind === "message" && e.direction === "out" && e.author_staff_id ? [e.author_staff_id] : [],
  );
  const [names, wsName, settings, promises] = [
    await staffNames(deps.db, actor.workspaceId, authorIds),
    await workspaceName(deps.db, actor.workspaceId),
    await findPromiseSettings(deps.db, actor.workspaceId),
    await listCasePromiseRows(deps.db, actor.workspaceId, c.id),
  ];
  return {
    ...presentPortalCaseSummary(c),
    mayReply: mayReply(c.status as CaseStatus),
    timeline: presentPortalTimeline(entries, {
      customerId: actor.customerId,
      workspaceName: wsName,
      staffNames: names,
    }),
    promises: presentPortalPromises(promises, settings.time_zone),
  };
}

/**
 * The customer writes on their case: an inbound message that behaves like a customer's reply on
 * any channel (recordEntry): it reopens a solved or waiting case, resumes paused reply targets and
 * opens a next-reply promise. A closed case takes no replies.
 */
export async function replyAsCustomer(
  deps: Deps,
  actor: PortalActor,
  num: number,
  body: string,
): Promise<PortalEntryView> {
  requireCustomer(actor);
  const text = body.trim();
  if (text.length === 0) throw invalid("Write a message first.", { field: "body" });
  const at = toInstant(deps.clock.now());
  const written = await deps.db.transaction().execute(async (trx) => {
    const found = await findCaseByNumber(trx, actor.workspaceId, num);
    const c = found && (await lockCase(trx, deps.dialect, actor.workspaceId, found.id));
    if (!c || !isInScope(actor, c)) throw notFound("case");
    if (!mayReply(c.status as CaseStatus)) {
      throw conflict("This case is closed. Send us a new request and we will pick it up from there.");
    }
    const row: EntryRow = {
      id: deps.newId(),
      workspace_id: actor.workspaceId,
      case_id: c.id,
      kind: "message",
      direction: "in",
      channel: "portal",
      body: text,
      author_staff_id: null,
      author_customer_id: actor.customerId,
      call_answer_seconds: null,
      call_duration_seconds: null,
      data: JSON.stringify({ via: "portal" }),
      created_at: at,
    };
    await recordEntry(trx, deps, auditActorOf(actor), c, row, at);
    const [view] = presentPortalTimeline([row], {
      customerId: actor.customerId,
      workspaceName: "",
      staffNames: new Map(),
    });
    if (!view) throw new Error("a customer's message must be visible to them");
    return { view, c };
  });
  // Staff watching the case see the customer's words arrive (the event names no one: a customer).
  publishCaseEvents(deps, caseEvent(written.c, "case.entry-added", { staffId: null }, at));
  return written.view;
}
