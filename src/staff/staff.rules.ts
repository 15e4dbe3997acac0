import { hasAuthority, type AuthorityLevel, type Role } from "../auth/auth.rules.js";

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

const ROLE_RANK: Record<Role, number> = { receptionist: 0, agent: 1, supervisor: 2, manager: 3, admin: 4 };

/** The person changing staff access; `system` is the CLI or the demo loader acting for the owner. */
export interface AccessChanger {
  isSystem: boolean;
  staffId: string | null;
  role: Role;
  authority: AuthorityLevel;
}

/**
 * Why this change of a staff member's account is refused, or undefined when it is allowed.
 * Nobody grants a role or an authority above their own, and only admins manage people of the
 * same or a higher role than themselves (everyone may manage their own account otherwise) —
 * so `staff:write` cannot be used to climb to owner or to take over an admin's password.
 */
export function staffChangeRefusal(
  changer: AccessChanger,
  target: { id: string; role: Role } | null,
  change: { role?: Role | undefined; authority?: AuthorityLevel | undefined },
): string | undefined {
  if (changer.isSystem) return undefined;
  const own = ROLE_RANK[changer.role];
  if (change.role !== undefined && ROLE_RANK[change.role] > own) {
    return `Only someone with the role "${change.role}" or above may give it.`;
  }
  if (change.authority !== undefined && !hasAuthority(changer.authority, change.authority)) {
    return `Only someone with "${change.authority}" authority or above may give it.`;
  }
  const isSelf = target !== null && target.id === changer.staffId;
  if (target && !isSelf && changer.role !== "admin" && ROLE_RANK[target.role] >= own) {
    return `Only an admin may change the account of a ${target.role}.`;
  }
  return undefined;
}
