/**
 * The API's shapes for "who is in" (schedules, status cards, messages, pages, rotas) and how the
 * console writes their times. Times are shown in the zone the API names (the person's or the
 * desk's), never the browser's, so "09:00" means what the receptionist will say.
 */

export type DutyState = "in" | "off" | "no_schedule" | "not_shared";

export interface StatusCard {
  staffId: string;
  name: string;
  title: string;
  disclosure: "disclose" | "protected";
  state: DutyState;
  onDutyUntil: string | null;
  nextInAt: string | null;
  timeZone: string | null;
  receptionistWording: string;
  customerWording: string;
}

export interface Helper {
  staffId: string;
  name: string;
  title: string;
  authority: string;
  teamIds: string[];
  skills: string[];
  until: string | null;
  openCases?: number;
  inTeam?: boolean;
  isAssignee?: boolean;
}

export interface PageItem {
  id: string;
  caseId: string;
  caseNumber: number | null;
  status: "paging" | "accepted" | "unanswered";
  step: number;
  remaining: number;
  currentStaffId: string | null;
  currentName: string | null;
  deadlineAt: string | null;
  acceptedById: string | null;
  acceptedByName: string | null;
  acceptedAt: string | null;
  note: string;
  canAccept: boolean;
  canDecline: boolean;
  createdAt: string;
}

export interface Urgent {
  paged: boolean;
  reason: string | null;
  page: PageItem | null;
  requested: StatusCard | null;
  whoCanHelp: Helper[];
  customerWording: string;
  receptionistWording: string;
}

export interface Message {
  id: string;
  staffId: string;
  staffName: string | null;
  caseId: string;
  caseNumber: number | null;
  fromName: string;
  reachAt: string;
  about: string;
  urgency: "normal" | "urgent";
  status: "open" | "returned";
  promise: { id: string; dueAt: string; status: string; wording: string } | null;
  takenByName: string | null;
  handedFromId: string | null;
  handNote: string;
  readAt: string | null;
  returnedAt: string | null;
  createdAt: string;
}

export interface TakeMessageResult {
  message: Message;
  case: { id: string; number: number; joined: boolean };
  promise: Message["promise"];
  customerWording: string;
  receptionistWording: string;
  urgent: Urgent | null;
}

export type Interval = [string, string];

export interface ScheduleView {
  staffId: string;
  name: string;
  disclosure: "disclose" | "protected";
  access: "full" | "disclosed" | "protected";
  hours: {
    timeZone: string;
    weekly: Record<string, Interval[]>;
    holidays: string[];
    exceptions: { date: string; intervals: Interval[] }[];
  } | null;
  timeOff: {
    id: string;
    startsOn: string;
    endsOn: string;
    fromTime: string | null;
    untilTime: string | null;
    note?: string;
  }[];
  shifts: { start: string; end: string }[];
  wording: string | null;
}

export interface Rota {
  id: string;
  name: string;
  hours: { timeZone: string };
  handoverDay: string;
  handoverTime: string;
  members: { staffId: string; name: string | null }[];
  ackMinutes: number;
  onCallNow: { staffId: string | null; name: string | null; until: string | null } | null;
  plan: { staffId: string | null; name: string | null; start: string; end: string; byOverride: boolean }[];
  overrides: {
    id: string;
    staffId: string;
    name: string | null;
    startsAt: string;
    endsAt: string;
    note: string;
  }[];
}

export const DESK_ZONE = "America/New_York";

const formats = new Map<string, Intl.DateTimeFormat>();
function formatIn(zone: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${zone}|${JSON.stringify(options)}`;
  let f = formats.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat("en-GB", { ...options, timeZone: zone });
    formats.set(key, f);
  }
  return f;
}

/** "Tue 8 Dec 09:00" in the given zone. */
export function when(iso: string | null, zone: string = DESK_ZONE): string {
  if (!iso) return "—";
  const parts = formatIn(zone, {
    weekday: "short",
    day: "numeric",
    month: "short",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).formatToParts(new Date(iso));
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? "";
  return `${get("weekday")} ${get("day")} ${get("month")} ${get("hour")}:${get("minute")}`;
}

/** "09:00" in the given zone. */
export function timeOf(iso: string, zone: string = DESK_ZONE): string {
  return formatIn(zone, { hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).format(new Date(iso));
}

/** "Mon 7 Dec" in the given zone. */
export function dayOf(iso: string, zone: string = DESK_ZONE): string {
  return formatIn(zone, { weekday: "short", day: "numeric", month: "short" }).format(new Date(iso));
}

/** The local date YYYY-MM-DD of an instant in a zone. */
export function localDate(iso: string, zone: string = DESK_ZONE): string {
  return formatIn(zone, { year: "numeric", month: "2-digit", day: "2-digit" })
    .formatToParts(new Date(iso))
    .filter((p) => p.type !== "literal")
    .reverse()
    .map((p) => p.value)
    .join("-");
}

export function stateLabel(card: StatusCard): string {
  switch (card.state) {
    case "in":
      return card.onDutyUntil ? `In until ${when(card.onDutyUntil, card.timeZone ?? DESK_ZONE)}` : "In";
    case "off":
      return card.nextInAt ? `Off — next in ${when(card.nextInAt, card.timeZone ?? DESK_ZONE)}` : "Off";
    case "no_schedule":
      return "No schedule on file";
    case "not_shared":
      return "Can't share";
  }
}

export const WEEKDAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] as const;
export const WEEKDAY_NAMES: Record<(typeof WEEKDAYS)[number], string> = {
  mon: "Monday",
  tue: "Tuesday",
  wed: "Wednesday",
  thu: "Thursday",
  fri: "Friday",
  sat: "Saturday",
  sun: "Sunday",
};
