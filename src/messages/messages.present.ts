import { customerWording, type PromiseKind, type PromiseTarget } from "../promises/promises.rules.js";
import type { PromiseRow } from "../promises/promises.store.js";
import type { MessageStatus, Urgency } from "./messages.rules.js";
import type { MessageRow } from "./messages.store.js";

/** What leaves the server about a message for staff: the message, its case and its promise. */

export interface MessagePromiseView {
  id: string;
  dueAt: string;
  status: string;
  /** The promise as the customer was told it. */
  wording: string;
}

export interface MessageView {
  id: string;
  staffId: string;
  staffName: string | null;
  caseId: string;
  caseNumber: number | null;
  fromName: string;
  reachAt: string;
  about: string;
  urgency: Urgency;
  status: MessageStatus;
  promise: MessagePromiseView | null;
  takenById: string | null;
  takenByName: string | null;
  handedFromId: string | null;
  handNote: string;
  readAt: string | null;
  returnedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export function presentMessagePromise(p: PromiseRow, timeZone: string): MessagePromiseView {
  return {
    id: p.id,
    dueAt: p.due_at,
    status: p.status,
    wording: customerWording(p.due_at, timeZone, p.kind as PromiseKind, p.target as PromiseTarget | null),
  };
}

export function presentMessage(
  m: MessageRow,
  extra: {
    nameOf: (id: string) => string | null;
    caseNumber: number | null;
    promise: PromiseRow | undefined;
    timeZone: string;
  },
): MessageView {
  return {
    id: m.id,
    staffId: m.staff_id,
    staffName: extra.nameOf(m.staff_id),
    caseId: m.case_id,
    caseNumber: extra.caseNumber,
    fromName: m.from_name,
    reachAt: m.reach_at,
    about: m.about,
    urgency: m.urgency as Urgency,
    status: m.status as MessageStatus,
    promise: extra.promise ? presentMessagePromise(extra.promise, extra.timeZone) : null,
    takenById: m.taken_by_id,
    takenByName: m.taken_by_id ? extra.nameOf(m.taken_by_id) : null,
    handedFromId: m.handed_from_id,
    handNote: m.hand_note,
    readAt: m.read_at,
    returnedAt: m.returned_at,
    createdAt: m.created_at,
    updatedAt: m.updated_at,
  };
}
