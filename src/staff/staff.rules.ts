/** Whether the actor may read a staff member's private contacts: themselves, or with the permission. */
export function mayReadPrivateContacts(
  actor: { staffId: string | null; permissions: ReadonlySet<string> },
  staffId: string,
): boolean {
  return actor.staffId === staffId || actor.permissions.has("staff:read-private");
}

/**
 * True when making `managerId` the manager of `staffId` would close a loop in the reports-to
 * chain. `reportsTo` maps each staff id to their current manager.
 */
export function wouldCycle(
  staffId: string,
  managerId: string,
  reportsTo: ReadonlyMap<string, string | null>,
): boolean {
  let cursor: string | null | undefined = managerId;
  const seen = new Set<string>();
  while (cursor) {
    if (cursor === staffId) return true;
    if (seen.has(cursor)) return true;
    seen.add(cursor);
    cursor = reportsTo.get(cursor);
  }
  return false;
}

export const DISCLOSURES = ["disclose", "protected"] as const;
export type Disclosure = (typeof DISCLOSURES)[number];

export const CONTACT_KINDS = ["phone", "mobile", "email", "address", "other"] as const;
export type ContactKind = (typeof CONTACT_KINDS)[number];
