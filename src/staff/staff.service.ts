import { recordAudit } from "../audit/audit.service.js";
import { isAuthorityLevel, isRole, type Actor, type AuthorityLevel, type Role } from "../auth/auth.rules.js";
import { requirePermission } from "../auth/permissions.js";
import { hashPassword, verifyPassword } from "../auth/secrets.js";
import { endSessionsOf, revokeApiTokensOf } from "../auth/auth.store.js";
import type { Conn } from "../db/database.js";
import type { Deps } from "../deps.js";
import { toInstant } from "../shared/clock.js";
import { AppError, conflict, invalid, notFound } from "../shared/errors.js";
import { decodeCursor, encodeCursor, type Page } from "../shared/pagination.js";
import { presentStaff, type StaffView } from "./staff.present.js";
import {
  mayReadPrivateContacts,
  staffChangeRefusal,
  wouldCycle,
  type ContactKind,
  type Disclosure,
} from "./staff.rules.js";
import {
  countTeams,
  findStaff,
  findPasswordHash,
  findStaffByEmail,
  insertStaff,
  listContacts,
  listStaff,
  replaceContacts,
  replaceTeamMemberships,
  setPasswordHash,
  teamIdsOf,
  updateStaffRow,
  type StaffRecord,
} from "./staff.store.js";

export interface ContactInput {
  kind: ContactKind;
  label: string;
  value: string;
}

export interface CreateStaffInput {
  name: string;
  email: string;
  title?: string;
  role: Role;
  authority: AuthorityLevel;
  reportsToId?: string | null;
  disclosure?: Disclosure;
  /** Set a password now; otherwise set it later with `staff set-password`. */
  password?: string;
  teamIds?: string[];
  /** Lower-cased and de-duplicated on write. */
  skills?: string[];
  workContacts?: ContactInput[];
  privateContacts?: ContactInput[];
}

export type UpdateStaffInput = Partial<Omit<CreateStaffInput, "password">> & { isActive?: boolean };

export const MIN_PASSWORD_LENGTH = 10;

function cleanSkills(skills: readonly string[]): string[] {
  return [...new Set(skills.map((s) => s.trim().toLowerCase()).filter((s) => s.length > 0))].sort();
}

/** Loads the view of staff members for this reader, deciding per person whether private contacts go in. */
async function viewsFor(conn: Conn, actor: Actor, rows: readonly StaffRecord[]): Promise<StaffView[]> {
  const ids = rows.map((r) => r.id);
  const readable = ids.filter((id) => mayReadPrivateContacts(actor, id));
  const [teams, work, priv] = await Promise.all([
    teamIdsOf(conn, actor.workspaceId, ids),
    listContacts(conn, actor.workspaceId, ids, "work"),
    listContacts(conn, actor.workspaceId, readable, "private"),
  ]);
  return rows.map((r) =>
    presentStaff(r, {
      teamIds: teams.get(r.id) ?? [],
      work: work.filter((c) => c.staff_id === r.id),
      private: readable.includes(r.id) ? priv.filter((c) => c.staff_id === r.id) : undefined,
    }),
  );
}

export async function getStaffMember(deps: Deps, actor: Actor, id: string): Promise<StaffView> {
  requirePermission(actor, "staff:read");
  const row = await findStaff(deps.db, actor.workspaceId, id);
  if (!row) throw notFound("staff member");
  const [view] = await viewsFor(deps.db, actor, [row]);
  if (!view) throw notFound("staff member");
  return view;
}

export async function listStaffMembers(
  deps: Deps,
  actor: Actor,
  opts: { cursor?: string | undefined; limit: number; teamId?: string | undefined },
): Promise<Page<StaffView>> {
  requirePermission(actor, "staff:read");
  const after = opts.cursor ? decodeCursor(opts.cursor, ["name", "id"]) : undefined;
  const rows = await listStaff(deps.db, actor.workspaceId, {
    limit: opts.limit + 1,
    teamId: opts.teamId,
    after: after && { name: after[0], id: after[1] },
  });
  const items = await viewsFor(deps.db, actor, rows.slice(0, opts.limit));
  const last = rows.length > opts.limit ? items.at(-1) : undefined;
  return { items, nextCursor: last ? encodeCursor([last.name, last.id]) : null };
}

async function checkReferences(
  conn: Conn,
  actor: Actor,
  staffId: string,
  input: { reportsToId?: string | null | undefined; teamIds?: string[] | undefined },
): Promise<void> {
  if (input.reportsToId) {
    const manager = await findStaff(conn, actor.workspaceId, input.reportsToId);
    if (!manager)
      throw invalid("reportsToId is not a staff member of this workspace.", { field: "reportsToId" });
    const chain = await conn
      .selectFrom("staff")
      .select(["id", "reports_to_id"])
      .where("workspace_id", "=", actor.workspaceId)
      .execute();
    const map = new Map(chain.map((r) => [r.id, r.reports_to_id]));
    if (wouldCycle(staffId, input.reportsToId, map)) {
      throw invalid("That would make the reports-to chain a loop.", { field: "reportsToId" });
    }
  }
  if (input.teamIds && input.teamIds.length > 0) {
    const unique = [...new Set(input.teamIds)];
    if ((await countTeams(conn, actor.workspaceId, unique)) !== unique.length) {
      throw invalid("teamIds holds an id that is not a team of this workspace.", { field: "teamIds" });
    }
  }
}

function checkEnums(input: { role?: string | undefined; authority?: string | undefined }): void {
  if (input.role !== undefined && !isRole(input.role)) throw invalid(`Unknown role "${input.role}".`);
  if (input.authority !== undefined && !isAuthorityLevel(input.authority)) {
    throw invalid(`Unknown authority level "${input.authority}".`);
  }
}

function contactRows(
  deps: Deps,
  workspaceId: string,
  staffId: string,
  visibility: "work" | "private",
  list: ContactInput[],
) {
  const at = toInstant(deps.clock.now());
  return list.map((c) => ({
    id: deps.newId(),
    workspace_id: workspaceId,
    staff_id: staffId,
    visibility,
    kind: c.kind,
    label: c.label,
    value: c.value,
    created_at: at,
  }));
}

/** Refuses changes that would let someone climb above their own role or authority (see staffChangeRefusal). */
async function checkStaffChange(
  conn: Conn,
  actor: Actor,
  target: { id: string; role: string } | null,
  change: { role?: string | undefined; authority?: string | undefined },
): Promise<void> {
  const me = actor.staffId ? await findStaff(conn, actor.workspaceId, actor.staffId) : undefined;
  const refusal = staffChangeRefusal(
    {
      isSystem: actor.kind === "system",
      staffId: actor.staffId,
      role: actor.role,
      authority: me && isAuthorityLevel(me.authority) ? me.authority : "agent",
    },
    target && { id: target.id, role: isRole(target.role) ? target.role : "admin" },
    {
      role: change.role !== undefined && isRole(change.role) ? change.role : undefined,
      authority:
        change.authority !== undefined && isAuthorityLevel(change.authority) ? change.authority : undefined,
    },
  );
  if (refusal) throw new AppError("forbidden", refusal, { reason: "above-own-access" });
}

export async function createStaffMember(
  deps: Deps,
  actor: Actor,
  input: CreateStaffInput,
): Promise<StaffView> {
  requirePermission(actor, "staff:write");
  checkEnums(input);
  if (input.password !== undefined && input.password.length < MIN_PASSWORD_LENGTH) {
    throw invalid(`A password has at least ${MIN_PASSWORD_LENGTH} characters.`, { field: "password" });
  }
  const id = deps.newId();
  const email = input.email.trim().toLowerCase();
  const passwordHash = input.password === undefined ? null : await hashPassword(input.password);
  const at = toInstant(deps.clock.now());
  await deps.db.transaction().execute(async (trx) => {
    await checkStaffChange(trx, actor, null, input);
    if (await findStaffByEmail(trx, actor.workspaceId, email))
      throw conflict(`A staff member with ${email} exists.`);
    await checkReferences(trx, actor, id, input);
    await insertStaff(trx, {
      id,
      workspace_id: actor.workspaceId,
      name: input.name,
      email,
      title: input.title ?? "",
      role: input.role,
      authority: input.authority,
      reports_to_id: input.reportsToId ?? null,
      disclosure: input.disclosure ?? "disclose",
      password_hash: passwordHash,
      is_active: 1,
      created_at: at,
      updated_at: at,
      skills: JSON.stringify(cleanSkills(input.skills ?? [])),
    });
    await replaceTeamMemberships(trx, actor.workspaceId, id, [...new Set(input.teamIds ?? [])]);
    await replaceContacts(
      trx,
      actor.workspaceId,
      id,
      "work",
      contactRows(deps, actor.workspaceId, id, "work", input.workContacts ?? []),
    );
    await replaceContacts(
      trx,
      actor.workspaceId,
      id,
      "private",
      contactRows(deps, actor.workspaceId, id, "private", input.privateContacts ?? []),
    );
    // The audit names what changed, never the private values themselves.
    await recordAudit(trx, deps, actor, {
      action: "staff.created",
      subjectKind: "staff",
      subjectId: id,
      data: {
        name: input.name,
        role: input.role,
        authority: input.authority,
        privateContacts: (input.privateContacts ?? []).length,
      },
    });
  });
  return getStaffMember(deps, { ...actor, permissions: new Set([...actor.permissions, "staff:read"]) }, id);
}

export async function updateStaffMember(
  deps: Deps,
  actor: Actor,
  id: string,
  input: UpdateStaffInput,
): Promise<StaffView> {
  requirePermission(actor, "staff:write");
  checkEnums(input);
  await deps.db.transaction().execute(async (trx) => {
    const current = await findStaff(trx, actor.workspaceId, id);
    if (!current) throw notFound("staff member");
    await checkStaffChange(trx, actor, current, input);
    await checkReferences(trx, actor, id, input);
    const email = input.email?.trim().toLowerCase();
    if (
      email !== undefined &&
      email !== current.email &&
      (await findStaffByEmail(trx, actor.workspaceId, email))
    ) {
      throw conflict(`A staff member with ${email} exists.`);
    }
    await updateStaffRow(trx, actor.workspaceId, id, {
      ...(input.name !== undefined && { name: input.name }),
      ...(email !== undefined && { email }),
      ...(input.title !== undefined && { title: input.title }),
      ...(input.role !== undefined && { role: input.role }),
      ...(input.authority !== undefined && { authority: input.authority }),
      ...(input.reportsToId !== undefined && { reports_to_id: input.reportsToId }),
      ...(input.disclosure !== undefined && { disclosure: input.disclosure }),
      ...(input.isActive !== undefined && { is_active: input.isActive ? 1 : 0 }),
      ...(input.skills !== undefined && { skills: JSON.stringify(cleanSkills(input.skills)) }),
      updated_at: toInstant(deps.clock.now()),
    });
    if (input.teamIds) await replaceTeamMemberships(trx, actor.workspaceId, id, [...new Set(input.teamIds)]);
    if (input.workContacts) {
      await replaceContacts(
        trx,
        actor.workspaceId,
        id,
        "work",
        contactRows(deps, actor.workspaceId, id, "work", input.workContacts),
      );
    }
    if (input.privateContacts) {
      await replaceContacts(
        trx,
        actor.workspaceId,
        id,
        "private",
        contactRows(deps, actor.workspaceId, id, "private", input.privateContacts),
      );
    }
    const { privateContacts, workContacts, ...rest } = input;
    await recordAudit(trx, deps, actor, {
      action: "staff.updated",
      subjectKind: "staff",
      subjectId: id,
      data: {
        ...rest,
        ...(workContacts && { workContacts: workContacts.length }),
        ...(privateContacts && { privateContacts: privateContacts.length }),
      },
    });
  });
  return getStaffMember(deps, { ...actor, permissions: new Set([...actor.permissions, "staff:read"]) }, id);
}

/**
 * Sets a password. Changing your own needs your current one (a stolen session or API token must
 * not be enough to lock you out); `staff:write` may reset someone else's within
 * staffChangeRefusal, and the CLI acts as the system. Every change ends the person's sessions; a
 * reset by someone else also revokes their API tokens, since a reset usually means the account
 * may be in the wrong hands.
 */
export async function setStaffPassword(
  deps: Deps,
  actor: Actor,
  id: string,
  password: string,
  currentPassword?: string,
): Promise<void> {
  const isOwn = actor.kind === "staff" && actor.staffId === id;
  if (!isOwn) {
    requirePermission(actor, "staff:write");
    const target = await findStaff(deps.db, actor.workspaceId, id);
    if (!target) throw notFound("staff member");
    await checkStaffChange(deps.db, actor, target, {});
  }
  if (password.length < MIN_PASSWORD_LENGTH) {
    throw invalid(`A password has at least ${MIN_PASSWORD_LENGTH} characters.`, { field: "password" });
  }
  if (isOwn) await checkCurrentPassword(deps, actor.workspaceId, id, currentPassword);
  const hash = await hashPassword(password);
  const at = toInstant(deps.clock.now());
  await deps.db.transaction().execute(async (trx) => {
    if (!(await findStaff(trx, actor.workspaceId, id))) throw notFound("staff member");
    await setPasswordHash(trx, actor.workspaceId, id, hash);
    await endSessionsOf(trx, actor.workspaceId, id);
    const revokedTokens = isOwn ? 0 : await revokeApiTokensOf(trx, actor.workspaceId, id, at);
    await recordAudit(trx, deps, actor, {
      action: "staff.password-set",
      subjectKind: "staff",
      subjectId: id,
      data: { own: isOwn, revokedTokens },
    });
  });
}

async function checkCurrentPassword(
  deps: Deps,
  workspaceId: string,
  id: string,
  current: string | undefined,
) {
  if (current === undefined) {
    throw invalid("To change your own password, give your current one.", { field: "currentPassword" });
  }
  const stored = await findPasswordHash(deps.db, workspaceId, id);
  if (!stored || !(await verifyPassword(stored, current))) {
    throw new AppError("forbidden", "The current password is wrong.", { field: "currentPassword" });
  }
}
