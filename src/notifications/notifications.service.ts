import type { Conn } from "../db/database.js";
import { textToHtml } from "../email/email.acknowledgement.js";
import { queueMail } from "../email/email.outbox.js";
import { mailOf, workspaceAddress } from "../email/email.settings.js";
import { findWorkspaceById } from "../workspaces/workspaces.store.js";
import type { Deps } from "../deps.js";
import { scheduleWork, type DueWorkHandler } from "../duework/duework.service.js";
import { describeError } from "../duework/duework.rules.js";
import { toInstant } from "../shared/clock.js";
import { findStaff, listContacts } from "../staff/staff.store.js";
import {
  findNotification,
  insertNotification,
  markAttemptFailed,
  markSent,
  type NotificationRow,
} from "./notifications.store.js";

/*
 * The notifications outbox. Email rows are queued here in the transaction that makes the change
 * and handed, in the same transaction, to the email channel's outbox (src/email/email.outbox.ts),
 * whose due-work job sends them with retries; the row then says "mailed" and names the mail. A
 * workspace without an outbound address keeps them "queued" here, visible and unsent. Webhook rows (pages for SMS/phone gateways) are sent by the due-work runner with
 * retries. Only work contacts are ever used: a private number never becomes an address here.
 */

export const WEBHOOK_KIND = "notification.webhook";
/** The runner's default; the handler marks the row failed on the last try. */
const WEBHOOK_MAX_ATTEMPTS = 5;
const WEBHOOK_TIMEOUT_MS = 10_000;

type OutboxDeps = Pick<Deps, "clock" | "newId"> & Partial<Pick<Deps, "mail">>;

interface Common {
  workspaceId: string;
  /** What it is about, e.g. "message.taken", "page". */
  kind: string;
  recipientStaffId: string | null;
  subjectKind: string;
  subjectId: string;
}

function row(deps: OutboxDeps, input: Common, channel: string, to: string, subject: string, body: string) {
  const r: NotificationRow = {
    id: deps.newId(),
    workspace_id: input.workspaceId,
    channel,
    kind: input.kind,
    recipient_staff_id: input.recipientStaffId,
    to_address: to,
    subject,
    body,
    subject_kind: input.subjectKind,
    subject_id: input.subjectId,
    status: "queued",
    attempts: 0,
    last_error: null,
    created_at: toInstant(deps.clock.now()),
    sent_at: null,
  };
  return r;
}

/** Queues an email in the caller's transaction. */
export async function queueEmail(
  trx: Conn,
  deps: OutboxDeps,
  input: Common & { to: string; subject: string; body: string },
): Promise<NotificationRow> {
  const r = row(deps, input, "email", input.to, input.subject, input.body);
  const ws = await findWorkspaceById(trx, input.workspaceId);
  const from = ws ? workspaceAddress(mailOf(deps).settings, ws.slug) : null;
  if (ws && from) {
    const mail = await queueMail(trx, deps, {
      workspaceId: input.workspaceId,
      caseId: input.subjectKind === "case" ? input.subjectId : null,
      purpose: "notification",
      from: { address: from, name: ws.name },
      to: [input.to],
      subject: input.subject,
      text: input.body,
      html: textToHtml(input.body),
      // RFC 3834: a machine wrote this; auto-responders must not answer it.
      headers: { "Auto-Submitted": "auto-generated" },
    });
    r.status = mail.status === "queued" ? "mailed" : "queued";
    r.last_error = mail.status === "queued" ? null : "outbound mail is off";
  }
  await insertNotification(trx, r);
  return r;
}

/** Queues a webhook POST in the caller's transaction and schedules its sending now. */
export async function queueWebhook(
  trx: Conn,
  deps: OutboxDeps,
  input: Common & { url: string; subject: string; payload: Record<string, unknown> },
): Promise<NotificationRow> {
  const r = row(deps, input, "webhook", input.url, input.subject, JSON.stringify(input.payload));
  await insertNotification(trx, r);
  await scheduleWork(trx, deps, {
    workspaceId: input.workspaceId,
    kind: WEBHOOK_KIND,
    subjectId: r.id,
    dueAt: r.created_at,
    payload: { notificationId: r.id },
    uniqueKey: `${WEBHOOK_KIND}:${r.id}`,
  });
  return r;
}

/** A staff member's work email: a work contact of kind email, else their sign-in address. */
export async function workEmailOf(
  conn: Conn,
  workspaceId: string,
  staffId: string,
): Promise<string | undefined> {
  const contacts = await listContacts(conn, workspaceId, [staffId], "work");
  const email = contacts.find((c) => c.kind === "email")?.value;
  return email ?? (await findStaff(conn, workspaceId, staffId))?.email;
}

/** A staff member's work mobile or phone for SMS/phone gateways (never a private contact). */
export async function workPhoneOf(conn: Conn, workspaceId: string, staffId: string): Promise<string | null> {
  const contacts = await listContacts(conn, workspaceId, [staffId], "work");
  return (
    (contacts.find((c) => c.kind === "mobile") ?? contacts.find((c) => c.kind === "phone"))?.value ?? null
  );
}

/**
 * Sends one queued webhook notification. Idempotent: a row already sent is left alone, and the
 * gateway gets the notification id in `X-Frontdesk-Delivery` to drop a repeat after a crash
 * between its answer and our commit. A non-2xx answer or a network error throws, so the runner
 * retries with backoff; the last failed try marks the row failed.
 */
export const webhookJob: DueWorkHandler = async (deps, work) => {
  const payload = work.payload as { notificationId?: unknown } | null;
  const id = typeof payload?.notificationId === "string" ? payload.notificationId : work.subjectId;
  const n = await findNotification(deps.db, work.workspaceId, id);
  if (!n || n.status !== "queued" || n.channel !== "webhook") return;
  try {
    const res = await fetch(n.to_address, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "x-frontdesk-event": n.kind,
        "x-frontdesk-delivery": n.id,
      },
      body: n.body,
      redirect: "error",
      signal: AbortSignal.timeout(WEBHOOK_TIMEOUT_MS),
    });
    await res.body?.cancel();
    if (!res.ok) throw new Error(`the gateway answered ${res.status}`);
  } catch (error) {
    await markAttemptFailed(
      deps.db,
      n.workspace_id,
      n.id,
      describeError(error),
      work.attempts + 1 >= WEBHOOK_MAX_ATTEMPTS,
    );
    throw error;
  }
  await markSent(deps.db, n.workspace_id, n.id, toInstant(deps.clock.now()));
};

export const NOTIFICATION_JOB_HANDLERS: Readonly<Record<string, DueWorkHandler>> = {
  [WEBHOOK_KIND]: webhookJob,
};
