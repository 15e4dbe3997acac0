import { createHash } from "node:crypto";

/** The fields of an audit entry that its hash covers, in a fixed order. */
export interface AuditFields {
  workspaceId: string;
  seq: number;
  at: string;
  actorKind: string;
  actorId: string | null;
  action: string;
  subjectKind: string;
  subjectId: string | null;
  /** JSON text exactly as stored. */
  data: string;
  prevHash: string;
}

/** The chain starts from a per-workspace constant so two workspaces' chains never interlock. */
export function genesisHash(workspaceId: string): string {
  return sha256(`frontdesk-audit-genesis:${workspaceId}`);
}

/** Hash of one entry: covers every stored field and the previous entry's hash. */
export function entryHash(f: AuditFields): string {
  return sha256(
    JSON.stringify([
      f.prevHash,
      f.workspaceId,
      f.seq,
      f.at,
      f.actorKind,
      f.actorId,
      f.action,
      f.subjectKind,
      f.subjectId,
      f.data,
    ]),
  );
}

export interface ChainBreak {
  seq: number;
  id: string | null;
  reason: string;
}

export interface StoredAuditEntry extends AuditFields {
  id: string;
  hash: string;
}

/**
 * Checks a run of entries in seq order, continuing from `expectedPrev` and `expectedSeq`.
 * Returns the first broken link, or undefined when this run is intact.
 */
export function findBreak(
  entries: readonly StoredAuditEntry[],
  expectedPrev: string,
  expectedSeq: number,
): ChainBreak | undefined {
  let prev = expectedPrev;
  let seq = expectedSeq;
  for (const e of entries) {
    if (e.seq !== seq) return { seq, id: null, reason: `entry ${seq} is missing (found ${e.seq} next)` };
    if (e.prevHash !== prev) return { seq, id: e.id, reason: "its link to the previous entry is broken" };
    if (entryHash(e) !== e.hash) return { seq, id: e.id, reason: "its content no longer matches its hash" };
    prev = e.hash;
    seq += 1;
  }
  return undefined;
}

function sha256(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}
