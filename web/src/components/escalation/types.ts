import type { AuthorityLevel } from "../../types";

/** The escalation and hand-over shapes as the console uses them (see /openapi.json). */

export interface CardPromise {
  id: string;
  description: string;
  dueAt: string;
  wording: string;
}

export interface CardText {
  wants: string;
  customerWords: string;
  tried: string;
  nextStep: string;
}

export interface ContextCard extends CardText {
  promises: CardPromise[];
  history: { entries: number; contactAttempts: number; attemptsText: string[] };
}

export interface EscalationPreview {
  outcome: "route" | "on-call" | "queued" | "nobody";
  receiver: { id: string; name: string } | null;
  startsAt: string | null;
  summary: string;
  lines: string[];
  marginMinutes: number;
  customerWording: string;
}

export interface Handoff {
  id: string;
  caseId: string;
  caseNumber: number;
  caseSubject: string;
  kind: "escalation" | "transfer" | "shift_end";
  status: "pending" | "acknowledged" | "superseded";
  fromStaffId: string | null;
  fromName: string | null;
  toStaffId: string | null;
  toName: string | null;
  toTeamId: string | null;
  toTeamName: string | null;
  level: AuthorityLevel | null;
  reason: string;
  card: ContextCard;
  routing: { summary: string; lines: string[] } | null;
  startsAt: string | null;
  createdAt: string;
  acknowledgedAt: string | null;
  acknowledgedById: string | null;
}

export interface EndOfShift {
  staffId: string;
  name: string;
  shiftEndsAt: string | null;
  nextInAt: string | null;
  cases: {
    caseId: string;
    number: number;
    subject: string;
    inHandover: boolean;
    promisesDue: CardPromise[];
    card: ContextCard;
  }[];
}
