/**
 * Roles say what a person may do in the app; authority levels say which policy decisions they
 * may take. They are separate on purpose: a receptionist and an account rep are both `agent`
 * authority, but only one of them manages clients.
 */
export const ROLES = ["admin", "manager", "supervisor", "agent", "receptionist"] as const;
export type Role = (typeof ROLES)[number];

export const AUTHORITY_LEVELS = ["agent", "supervisor", "manager", "owner"] as const;
export type AuthorityLevel = (typeof AUTHORITY_LEVELS)[number];

/** True when `level` is `atLeast` or above in the ordered authority levels. */
export function hasAuthority(level: AuthorityLevel, atLeast: AuthorityLevel): boolean {
  return AUTHORITY_LEVELS.indexOf(level) >= AUTHORITY_LEVELS.indexOf(atLeast);
}

export const PERMISSIONS = [
  "cases:read",
  "cases:write",
  "customers:read",
  "customers:write",
  "clients:read",
  "clients:write",
  "staff:read",
  "staff:write",
  /** Read other staff members' private contacts. Everyone may read their own. */
  "staff:read-private",
  "teams:write",
  "audit:read",
  /** Edit calendars, agreements and deliverables (the terms every promise is computed from). */
  "agreements:write",
  /** Create and revoke customers' portal links (a link lets its holder act as that customer there). */
  "portal:write",

  /** Edit the policy catalog (a change makes a new version). Exceptions are decided by authority, not role. */
  "policies:write",
  /** Hand raw mail to the desk through the API (an integration's mail hook); admins only. */
  "mail:receive",
  /** Edit on-call rotas and their overrides (schedules issue). */
  "rotas:write",
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const FRONT_LINE: Permission[] = [
  "cases:read",
  "cases:write",
  "customers:read",
  "customers:write",
  "clients:read",
  "staff:read",
  "portal:write",
];

const PERMISSION_MAP: Record<Role, readonly Permission[]> = {
  receptionist: FRONT_LINE,
  agent: FRONT_LINE,
  supervisor: [...FRONT_LINE, "clients:write", "audit:read"],
  manager: [
    ...FRONT_LINE,
    "clients:write",
    "audit:read",
    "staff:write",
    "teams:write",
    "staff:read-private",
    "agreements:write",
    "policies:write",
    "rotas:write",
  ],
  admin: PERMISSIONS,
};

export function permissionsOf(role: Role): ReadonlySet<Permission> {
  return new Set(PERMISSION_MAP[role]);
}

/** Who is acting: a signed-in staff member, an API token (acting as its staff member), or the system. */
export interface Actor {
  kind: "staff" | "system";
  workspaceId: string;
  staffId: string | null;
  role: Role;
  permissions: ReadonlySet<Permission>;
}

export function systemActor(workspaceId: string): Actor {
  return { kind: "system", workspaceId, staffId: null, role: "admin", permissions: new Set(PERMISSIONS) };
}

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

export function isAuthorityLevel(value: string): value is AuthorityLevel {
  return (AUTHORITY_LEVELS as readonly string[]).includes(value);
}
