import { genesisHash } from "../audit/audit.rules.js";
import { recordAudit } from "../audit/audit.service.js";
import { systemActor } from "../auth/auth.rules.js";
import type { Deps } from "../deps.js";
import { toInstant } from "../shared/clock.js";
import { conflict, invalid } from "../shared/errors.js";
import { findWorkspaceBySlug, insertWorkspace } from "./workspaces.store.js";

export interface Workspace {
  id: string;
  slug: string;
  name: string;
  timeZone: string;
}

export interface CreateWorkspaceInput {
  slug: string;
  name: string;
  /** IANA time zone, e.g. America/New_York. */
  timeZone: string;
  /** First case number handed out, e.g. 1001 so numbers look established. */
  firstCaseNumber?: number;
}

export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** Creates a workspace with an empty audit chain; the first entry records the creation. */
export async function createWorkspace(deps: Deps, input: CreateWorkspaceInput): Promise<Workspace> {
  if (!/^[a-z0-9][a-z0-9-]{1,62}$/.test(input.slug))
    throw invalid("A workspace slug is 2–63 of a-z, 0-9 and -.");
  if (!isTimeZone(input.timeZone)) throw invalid(`Unknown time zone "${input.timeZone}".`);
  const id = deps.newId();
  await deps.db.transaction().execute(async (trx) => {
    if (await findWorkspaceBySlug(trx, input.slug)) throw conflict(`The workspace "${input.slug}" exists.`);
    await insertWorkspace(trx, {
      id,
      slug: input.slug,
      name: input.name,
      time_zone: input.timeZone,
      next_case_number: input.firstCaseNumber ?? 1,
      audit_seq: 0,
      audit_head: genesisHash(id),
      created_at: toInstant(deps.clock.now()),
    });
    await recordAudit(trx, deps, systemActor(id), {
      action: "workspace.created",
      subjectKind: "workspace",
      subjectId: id,
      data: { slug: input.slug, name: input.name, timeZone: input.timeZone },
    });
  });
  return { id, slug: input.slug, name: input.name, timeZone: input.timeZone };
}

export async function findWorkspace(deps: Pick<Deps, "db">, slug: string): Promise<Workspace | undefined> {
  const row = await findWorkspaceBySlug(deps.db, slug);
  return row && { id: row.id, slug: row.slug, name: row.name, timeZone: row.time_zone };
}
