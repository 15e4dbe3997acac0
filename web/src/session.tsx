import { createContext, useContext } from "react";
import type { Session, Staff, Team } from "./types";

export interface SessionState {
  session: Session;
  me: Staff | undefined;
  /** Everyone the reader may see, for names and pickers (the API decides what each holds). */
  staff: Staff[];
  teams: Team[];
  reloadDirectory: () => void;
  signOut: () => void;
  openNewCase: () => void;
}

export const SessionContext = createContext<SessionState | null>(null);

export function useSession(): SessionState {
  const value = useContext(SessionContext);
  if (!value) throw new Error("useSession outside the signed-in app");
  return value;
}

export function can(state: SessionState, permission: string): boolean {
  return state.session.permissions.includes(permission);
}

export function staffName(state: SessionState, id: string | null): string {
  if (!id) return "Unassigned";
  return state.staff.find((s) => s.id === id)?.name ?? "Someone";
}

export function teamName(state: SessionState, id: string | null): string {
  if (!id) return "No team";
  return state.teams.find((t) => t.id === id)?.name ?? "A team";
}
