import type { Conn } from "../db/database.js";

/**
 * Which of these staff members are on duty at `at`: the one question exception routing asks
 * about schedules. Until the staff schedules land, every active staff member counts as on duty
 * (the callers pass only active staff). When merging, point this function at the schedules; the
 * routing choice itself stays pure (chooseDecider in policies.rules.ts).
 */
export function onDutyAt(
  _conn: Conn,
  _workspaceId: string,
  staffIds: readonly string[],
  _at: string,
): Promise<ReadonlySet<string>> {
  return Promise.resolve(new Set(staffIds));
}
