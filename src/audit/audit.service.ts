import type { Actor } from "../auth/auth.rules.js";
import { requirePermission } from "../auth/permissions.js";
import type { Conn } from "../db/database.js";
import type { Deps } from "../deps.js";
import { toInstant } from "../shared/clock.js";
import { entryHash, findBreak, genesisHash, type ChainBreak, type StoredAuditEntry } from "./audit.rules.js";
import { chainHead, insertEntry, listEntries, lockChainHead } from "./audit.store.js";

export interface AuditRecord {
  action: string;
  subjectKind: string;
  subjectId: string | null;
  /** What changed, as plain data. Never put private contacts or secrets here. */
  data?: Record<string, unknown>;
}

/**
 * Who an entry names: a staff member, the system, or a customer acting in the portal (not a staff
 * Actor: the entry's actor id is then the customer's id).
 */
export type AuditActor =
  | Pick<Actor, "kind" | "workspaceId" | "staffId">
  | { kind: "customer"; workspaceId: string; staffId: null; customerId: string };

/** Appends one entry to the workspace's chain. Call inside the transaction that makes the change. */
export async function recordAudit(
  trx: Conn,
  deps: Pick<Deps, "dialect" | "clock" | "newId">,
  actor: AuditActor,
  record: AuditRecord,
): Promise<void> {
  const head = await lockChainHead(trx, deps.dialect, actor.workspaceId);
  const fields = {
    workspaceId: actor.workspaceId,
    seq: head.seq + 1,
    at: toInstant(deps.clock.now()),
    actorKind: actor.kind,
    actorId: actor.kind === "customer" ? actor.customerId : actor.staffId,
    action: record.action,
    subjectKind: record.subjectKind,
    subjectId: record.subjectId,
    data: JSON.stringify(record.data ?? {}),
    prevHash: head.head,
  };
  await insertEntry(trx, deps.dialect, { ...fields, id: deps.newId(), hash: entryHash(fields) });
}

export interface VerifyResult {
  ok: boolean;
  checked: number;
  firstBreak: ChainBreak | null;
}

const VERIFY_BATCH = 1000;

/**
 * Walks the chain in seq order up to the head as it was when the walk began (entries appended
 * meanwhile are left for the next run); reports the first broken link: an edited, unlinked or
 * missing entry, or a head that names an entry that is not there (a cut-off tail).
 */
export async function verifyAuditChain(deps: Pick<Deps, "db">, workspaceId: string): Promise<VerifyResult> {
  const head = await chainHead(deps.db, workspaceId);
  let prev = genesisHash(workspaceId);
  let seq = 1;
  while (seq <= head.seq) {
    const limit = Math.min(VERIFY_BATCH, head.seq - seq + 1);
    const batch = await listEntries(deps.db, workspaceId, { afterSeq: seq - 1, limit });
    const broken = findBreak(batch, prev, seq);
    if (broken) return { ok: false, checked: broken.seq - 1, firstBreak: broken };
    const last = batch.at(-1);
    if (!last) break;
    prev = last.hash;
    seq = last.seq + 1;
  }
  if (seq - 1 !== head.seq) {
    return {
      ok: false,
      checked: seq - 1,
      firstBreak: { seq, id: null, reason: `the chain ends at ${seq - 1} but the head says ${head.seq}` },
    };
  }
  if (head.seq > 0 && head.head !== prev) {
    return {
      ok: false,
      checked: seq - 1,
      firstBreak: { seq: head.seq, id: null, reason: "the head's hash does not match the last entry" },
    };
  }
  return { ok: true, checked: seq - 1, firstBreak: null };
}

export async function listAudit(
  deps: Pick<Deps, "db">,
  actor: Actor,
  opts: { afterSeq: number; limit: number; subjectId?: string | undefined; action?: string | undefined },
): Promise<StoredAuditEntry[]> {
  requirePermission(actor, "audit:read");
  return listEntries(deps.db, actor.workspaceId, opts);
}

export async function verifyAudit(deps: Pick<Deps, "db">, actor: Actor): Promise<VerifyResult> {
  requirePermission(actor, "audit:read");
  return verifyAuditChain(deps, actor.workspaceId);
}
