import type { Conn } from "../db/database.js";
import { DEFAULT_HANDOVER_MARGIN_MINUTES } from "./routing.rules.js";

/** The workspace's hand-over margin in minutes (the default when none was set). */
export async function findHandoverMargin(conn: Conn, workspaceId: string): Promise<number> {
  const row = await conn
    .selectFrom("escalation_settings")
    .select("handover_margin_minutes")
    .where("workspace_id", "=", workspaceId)
    .executeTakeFirst();
  return row?.handover_margin_minutes ?? DEFAULT_HANDOVER_MARGIN_MINUTES;
}

export async function saveHandoverMargin(
  conn: Conn,
  workspaceId: string,
  minutes: number,
  at: string,
): Promise<void> {
  await conn
    .insertInto("escalation_settings")
    .values({ workspace_id: workspaceId, handover_margin_minutes: minutes, updated_at: at })
    .onConflict((oc) =>
      oc.column("workspace_id").doUpdateSet({ handover_margin_minutes: minutes, updated_at: at }),
    )
    .execute();
}
