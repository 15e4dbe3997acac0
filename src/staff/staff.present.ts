import type { ContactRow, StaffRecord } from "./staff.store.js";
import type { Disclosure } from "./staff.rules.js";
import type { AuthorityLevel, Role } from "../auth/auth.rules.js";

export interface ContactView {
  id: string;
  kind: string;
  label: string;
  value: string;
}

/**
 * What leaves the server about a staff member. `privateContacts` is present only when the
 * service decided the reader may see them; the response schema marks it optional so nothing
 * else can slip through.
 */
export interface StaffView {
  id: string;
  name: string;
  email: string;
  title: string;
  role: Role;
  authority: AuthorityLevel;
  reportsToId: string | null;
  disclosure: Disclosure;
  isActive: boolean;
  teamIds: string[];
  /** What they are good at (schedules issue): "who can help" filters by it. */
  skills: string[];
  workContacts: ContactView[];
  privateContacts?: ContactView[];
  createdAt: string;
  updatedAt: string;
}

export function presentContact(c: ContactRow): ContactView {
  return { id: c.id, kind: c.kind, label: c.label, value: c.value };
}

function parseSkills(text: string | undefined): string[] {
  try {
    const v: unknown = JSON.parse(text ?? "[]");
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : [];
  } catch {
    return [];
  }
}

export function presentStaff(
  s: StaffRecord,
  extra: { teamIds: string[]; work: ContactRow[]; private: ContactRow[] | undefined },
): StaffView {
  const view: StaffView = {
    id: s.id,
    name: s.name,
    email: s.email,
    title: s.title,
    role: s.role as Role,
    authority: s.authority as AuthorityLevel,
    reportsToId: s.reports_to_id,
    disclosure: s.disclosure as Disclosure,
    isActive: s.is_active === 1,
    teamIds: extra.teamIds,
    skills: parseSkills(s.skills),
    workContacts: extra.work.map(presentContact),
    createdAt: s.created_at,
    updatedAt: s.updated_at,
  };
  if (extra.private) view.privateContacts = extra.private.map(presentContact);
  return view;
}
