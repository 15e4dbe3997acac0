import type { Conn } from "../db/database.js";
import type { StaffContactTable, StaffTable } from "../db/schema.js";

export type StaffRow = StaffTable;
export type ContactRow = StaffContactTable;

/** Columns read for staff; password_hash is never among them outside authentication. */
const STAFF_COLUMNS = [
  "id",
  "workspace_id",
  "name",
  "email",
  "title",
  "role",
  "authority",
  "reports_to_id",
  "disclosure",
  "is_active",
  "created_at",
  "updated_at",
  "skills",
] as const;

export type StaffRecord = Omit<StaffRow, "password_hash">;

export async function insertStaff(conn: Conn, row: StaffRow): Promise<void> {
  await conn.insertInto("staff").values(row).execute();
}

export function findStaff(conn: Conn, workspaceId: string, id: string): Promise<StaffRecord | undefined> {
  return conn
    .selectFrom("staff")
    .select(STAFF_COLUMNS)
    .where("workspace_id", "=", workspaceId)
    .where("id", "=", id)
    .executeTakeFirst();
}

export function findStaffByEmail(
  conn: Conn,
  workspaceId: string,
  email: string,
): Promise<StaffRecord | undefined> {
  return conn
    .selectFrom("staff")
    .select(STAFF_COLUMNS)
    .where("workspace_id", "=", workspaceId)
    .where("email", "=", email)
    .executeTakeFirst();
}

/** Only for login: the one read that includes the password hash. */
export function findCredentials(
  conn: Conn,
  workspaceId: string,
  email: string,
): Promise<Pick<StaffRow, "id" | "password_hash" | "is_active" | "role"> | undefined> {
  return conn
    .selectFrom("staff")
    .select(["id", "password_hash", "is_active", "role"])
    .where("workspace_id", "=", workspaceId)
    .where("email", "=", email)
    .executeTakeFirst();
}

export async function listStaff(
  conn: Conn,
  workspaceId: string,
  opts: { after?: { name: string; id: string } | undefined; limit: number; teamId?: string | undefined },
): Promise<StaffRecord[]> {
  let q = conn
    .selectFrom("staff")
    .select(STAFF_COLUMNS.map((c) => `staff.${c}` as const))
    .where("staff.workspace_id", "=", workspaceId);
  if (opts.teamId !== undefined) {
    const teamId = opts.teamId;
    q = q.where((eb) =>
      eb.exists(
        eb
          .selectFrom("team_members")
          .select("team_members.staff_id")
          .whereRef("team_members.staff_id", "=", "staff.id")
          .where("team_members.team_id", "=", teamId),
      ),
    );
  }
  if (opts.after) {
    const a = opts.after;
    q = q.where((eb) => eb(eb.refTuple("staff.name", "staff.id"), ">", eb.tuple(a.name, a.id)));
  }
  return q.orderBy("staff.name").orderBy("staff.id").limit(opts.limit).execute();
}

export async function updateStaffRow(
  conn: Conn,
  workspaceId: string,
  id: string,
  patch: Partial<Omit<StaffRow, "id" | "workspace_id" | "created_at">>,
): Promise<void> {
  await conn
    .updateTable("staff")
    .set(patch)
    .where("workspace_id", "=", workspaceId)
    .where("id", "=", id)
    .execute();
}

export async function setPasswordHash(
  conn: Conn,
  workspaceId: string,
  id: string,
  hash: string,
): Promise<void> {
  await conn
    .updateTable("staff")
    .set({ password_hash: hash })
    .where("workspace_id", "=", workspaceId)
    .where("id", "=", id)
    .execute();
}

/** Contacts of one visibility only: callers must ask for "private" explicitly. */
export function listContacts(
  conn: Conn,
  workspaceId: string,
  staffIds: readonly string[],
  visibility: "work" | "private",
): Promise<ContactRow[]> {
  if (staffIds.length === 0) return Promise.resolve([]);
  return conn
    .selectFrom("staff_contacts")
    .selectAll()
    .where("workspace_id", "=", workspaceId)
    .where("staff_id", "in", staffIds)
    .where("visibility", "=", visibility)
    .orderBy("created_at")
    .orderBy("id")
    .execute();
}

export async function replaceContacts(
  conn: Conn,
  workspaceId: string,
  staffId: string,
  visibility: "work" | "private",
  rows: readonly ContactRow[],
): Promise<void> {
  await conn
    .deleteFrom("staff_contacts")
    .where("workspace_id", "=", workspaceId)
    .where("staff_id", "=", staffId)
    .where("visibility", "=", visibility)
    .execute();
  if (rows.length > 0)
    await conn
      .insertInto("staff_contacts")
      .values([...rows])
      .execute();
}

export async function teamIdsOf(
  conn: Conn,
  workspaceId: string,
  staffIds: readonly string[],
): Promise<Map<string, string[]>> {
  const map = new Map<string, string[]>();
  if (staffIds.length === 0) return map;
  const rows = await conn
    .selectFrom("team_members")
    .select(["staff_id", "team_id"])
    .where("workspace_id", "=", workspaceId)
    .where("staff_id", "in", staffIds)
    .execute();
  for (const r of rows) map.set(r.staff_id, [...(map.get(r.staff_id) ?? []), r.team_id]);
  return map;
}

export async function replaceTeamMemberships(
  conn: Conn,
  workspaceId: string,
  staffId: string,
  teamIds: readonly string[],
): Promise<void> {
  await conn
    .deleteFrom("team_members")
    .where("workspace_id", "=", workspaceId)
    .where("staff_id", "=", staffId)
    .execute();
  if (teamIds.length > 0) {
    await conn
      .insertInto("team_members")
      .values(teamIds.map((team_id) => ({ workspace_id: workspaceId, team_id, staff_id: staffId })))
      .execute();
  }
}

/** How many of the given ids are teams of this workspace (to reject foreign or unknown ids). */
export async function countTeams(
  conn: Conn,
  workspaceId: string,
  teamIds: readonly string[],
): Promise<number> {
  if (teamIds.length === 0) return 0;
  const row = await conn
    .selectFrom("teams")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("workspace_id", "=", workspaceId)
    .where("id", "in", teamIds)
    .executeTakeFirstOrThrow();
  return row.n;
}

/** The stored password hash of one staff member, only to check a current password. */
export async function findPasswordHash(conn: Conn, workspaceId: string, id: string): Promise<string | null> {
  const row = await conn
    .selectFrom("staff")
    .select("password_hash")
    .where("workspace_id", "=", workspaceId)
    .where("id", "=", id)
    .executeTakeFirst();
  return row?.password_hash ?? null;
}
