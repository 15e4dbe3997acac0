import type { Conn } from "../db/database.js";
import { dutyOf } from "../schedules/duty.service.js";

/**
 * Which of these staff members are on duty at `at`: the one question exception routing asks
 * about schedules, answered from the staff schedules (src/schedules). Someone with no schedule
 * on file counts as on duty: a desk that has not entered hours yet still routes its requests
 * (to anyone with the authority, as before schedules existed) instead of to nobody. The routing
 * choice itself stays pure (chooseDecider in policies.rules.ts).
 */
export async function onDutyAt(
  conn: Conn,
  workspaceId: string,
  staffIds: readonly string[],
  at: string,
): Promise<ReadonlySet<string>> {
  const duty = await dutyOf(conn, workspaceId, staffIds, Date.parse(at));
  return new Set(
    staffIds.filter((id) => {
      const d = duty.get(id);
      return d === undefined || d.onDuty || !d.hasSchedule;
    }),
  );
}
