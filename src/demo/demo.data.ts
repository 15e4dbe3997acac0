/**
 * The demo workspace "Harbor Print & Ship" from SCENARIOS.md. Staff hours, calendars, agreements
 * and policies join it as their issues land; today it holds people, teams, clients and cases.
 */
export const DEMO_SLUG = "harbor";
export const DEMO_PASSWORD = "harbor-demo-2026";
export const DEMO_PRIVATE_NUMBER = "+1-555-0100";

export interface DemoStaff {
  key: string;
  name: string;
  title: string;
  role: "admin" | "manager" | "supervisor" | "agent" | "receptionist";
  authority: "agent" | "supervisor" | "manager" | "owner";
  disclosure: "disclose" | "protected";
  reportsTo: string | null;
  teams: string[];
  workPhone: string;
  privatePhone?: string;
}

export const DEMO_TEAMS = [
  { key: "front", name: "Front desk", description: "Walk-ins, calls and the shared inbox." },
  { key: "accounts", name: "Accounts", description: "Account clients and their orders." },
  {
    key: "retention",
    name: "Retention",
    description: "Keeps customers who think of leaving; may grant P4 up to USD 35 a month.",
  },
  { key: "management", name: "Management", description: "Supervisors, managers and the owner." },
];

export const DEMO_STAFF: DemoStaff[] = [
  {
    key: "owen",
    name: "Owen",
    title: "Owner",
    role: "admin",
    authority: "owner",
    disclosure: "disclose",
    reportsTo: null,
    teams: ["management"],
    workPhone: "+1-555-0110",
  },
  {
    key: "maya",
    name: "Maya",
    title: "Customer-service manager",
    role: "manager",
    authority: "manager",
    disclosure: "disclose",
    reportsTo: "owen",
    teams: ["management"],
    workPhone: "+1-555-0111",
  },
  {
    key: "sam",
    name: "Sam",
    title: "Supervisor",
    role: "supervisor",
    authority: "supervisor",
    disclosure: "disclose",
    reportsTo: "maya",
    teams: ["management", "front"],
    workPhone: "+1-555-0112",
  },
  {
    key: "rita",
    name: "Rita",
    title: "Receptionist",
    role: "receptionist",
    authority: "agent",
    disclosure: "disclose",
    reportsTo: "sam",
    teams: ["front"],
    workPhone: "+1-555-0120",
  },
  {
    key: "colin",
    name: "Colin",
    title: "Account rep",
    role: "agent",
    authority: "agent",
    disclosure: "disclose",
    reportsTo: "sam",
    teams: ["accounts"],
    workPhone: "+1-555-0121",
    privatePhone: DEMO_PRIVATE_NUMBER,
  },
  {
    key: "pat",
    name: "Pat",
    title: "Agent",
    role: "agent",
    authority: "agent",
    disclosure: "protected",
    reportsTo: "sam",
    teams: ["front"],
    workPhone: "+1-555-0122",
    privatePhone: "+1-555-0199",
  },
  {
    key: "ravi",
    name: "Ravi",
    title: "Retention specialist",
    role: "supervisor",
    authority: "supervisor",
    disclosure: "disclose",
    reportsTo: "maya",
    teams: ["retention"],
    workPhone: "+1-555-0123",
  },
];

export const DEMO_CLIENTS = [
  {
    key: "acme",
    name: "Acme",
    domain: "acme.example",
    creditTermsDays: 30,
    creditLimitMinor: 500_000,
    notes: "Standard agreement: business hours, first reply 4 business hours.",
  },
  {
    key: "northwind",
    name: "Northwind",
    domain: "northwind.example",
    creditTermsDays: 15,
    creditLimitMinor: 1_000_000,
    notes: "Around the clock: 24/7 coverage, first reply 1 hour, urgent requests page on-call.",
  },
  {
    key: "globex",
    name: "Globex",
    domain: "globex.example",
    creditTermsDays: 30,
    creditLimitMinor: 750_000,
    notes: "Standard plus a weekly report every Friday 12:00.",
  },
];

export const DEMO_CUSTOMERS = [
  { key: "dan", name: "Dan Reyes", email: "dan.reyes@acme.example", phone: "+1-555-0201", client: "acme" },
  {
    key: "nora",
    name: "Nora Lind",
    email: "nora@northwind.example",
    phone: "+1-555-0202",
    client: "northwind",
  },
  {
    key: "gina",
    name: "Gina Park",
    email: "gina.park@globex.example",
    phone: "+1-555-0203",
    client: "globex",
  },
  { key: "walt", name: "Walt Hughes", email: "walt.hughes@mail.example", phone: "+1-555-0204", client: null },
];

const NINE_TO_FIVE: [string, string][] = [["09:00", "17:00"]];

/** The harbor desk's hours (SCENARIOS.md): the workspace calendar every Standard target counts in. */
export const DEMO_CALENDAR = {
  name: "Harbor desk hours",
  spec: {
    timeZone: "America/New_York",
    weekly: {
      mon: NINE_TO_FIVE,
      tue: NINE_TO_FIVE,
      wed: NINE_TO_FIVE,
      thu: NINE_TO_FIVE,
      fri: NINE_TO_FIVE,
      sat: [["10:00", "14:00"]] as [string, string][],
    },
    holidays: ["2026-11-26", "2026-12-25"],
  },
};

/** S6: call back within 30 real minutes of a customer's first contact attempt. */
export const DEMO_CALLBACK_MINUTES = 30;

const BUSINESS_DAY = 8 * 60;
const targets = (first: number, resolution: number) => ({
  firstReplyMinutes: first,
  nextReplyMinutes: first,
  resolutionMinutes: resolution,
});

export const DEMO_AGREEMENTS = [
  {
    key: "standard",
    name: "Standard",
    coverage: "calendar" as const,
    // First reply 4 business hours and resolution 3 business days at normal priority.
    targets: {
      low: targets(2 * BUSINESS_DAY, 5 * BUSINESS_DAY),
      normal: targets(4 * 60, 3 * BUSINESS_DAY),
      high: targets(2 * 60, 2 * BUSINESS_DAY),
      urgent: targets(60, BUSINESS_DAY),
    },
    callbackMinutes: 60,
    afterHoursPaging: false,
    onCallRota: null,
    isDefault: true,
    clients: ["acme", "globex"],
  },
  {
    key: "around-the-clock",
    name: "Around the clock",
    coverage: "always" as const,
    targets: {
      low: targets(2 * 60, 48 * 60),
      normal: targets(60, 24 * 60),
      high: targets(60, 12 * 60),
      urgent: targets(30, 4 * 60),
    },
    callbackMinutes: 60,
    afterHoursPaging: true,
    onCallRota: "Sam and Maya alternate weeks, 17:00–09:00 and weekends",
    isDefault: false,
    clients: ["northwind"],
  },
];

/** Globex's weekly report, due every Friday 12:00 New York time. */
export const DEMO_DELIVERABLES = [
  {
    agreement: "standard",
    client: "globex",
    name: "Weekly report",
    rrule: "DTSTART;TZID=America/New_York:20261106T120000\nRRULE:FREQ=WEEKLY;BYDAY=FR",
  },
];

/*
 * Who is in (schedules issue): every demo person's hours from SCENARIOS.md, in the desk's zone,
 * closed on the desk's holidays; the on-call rota; and the agreement that pages it.
 */
const weekdays = (from: string, to: string) =>
  Object.fromEntries(["mon", "tue", "wed", "thu", "fri"].map((d) => [d, [[from, to]] as [string, string][]]));
const DESK_HOLIDAYS = ["2026-11-26", "2026-12-25"];

export const DEMO_HOURS: Record<string, { weekly: Record<string, [string, string][]> }> = {
  rita: { weekly: weekdays("09:00", "17:00") },
  colin: {
    weekly: { tue: NINE_TO_FIVE, wed: NINE_TO_FIVE, thu: NINE_TO_FIVE, fri: NINE_TO_FIVE },
  },
  pat: { weekly: weekdays("12:00", "20:00") },
  sam: { weekly: weekdays("08:00", "16:00") },
  maya: { weekly: weekdays("09:00", "17:00") },
  owen: { weekly: { ...weekdays("06:00", "20:00"), sat: [["06:00", "20:00"]] } },
  ravi: { weekly: weekdays("09:00", "17:00") },
};

export const DEMO_SCHEDULE_ZONE = "America/New_York";
export const DEMO_SCHEDULE_HOLIDAYS = DESK_HOLIDAYS;

export const DEMO_SKILLS: Record<string, string[]> = {
  colin: ["accounts", "binding"],
  ravi: ["retention"],
  sam: ["binding", "shipping"],
  maya: ["escalations"],
};

/** "Sam and Maya alternate weeks, 17:00–09:00 and weekends" — Sam takes the week of 30 Nov. */
export const DEMO_ROTA = {
  name: "After hours",
  hours: {
    timeZone: "America/New_York",
    weekly: {
      mon: [
        ["00:00", "09:00"],
        ["17:00", "09:00"],
      ] as [string, string][],
      tue: [["17:00", "09:00"]] as [string, string][],
      wed: [["17:00", "09:00"]] as [string, string][],
      thu: [["17:00", "09:00"]] as [string, string][],
      fri: [["17:00", "24:00"]] as [string, string][],
      sat: [["00:00", "24:00"]] as [string, string][],
      sun: [["00:00", "24:00"]] as [string, string][],
    },
    // The desk's holidays are covered around the clock (each touching the night's cover).
    exceptions: [
      {
        date: "2026-11-26",
        intervals: [
          ["09:00", "17:00"],
          ["17:00", "09:00"],
        ] as [string, string][],
      },
      { date: "2026-12-25", intervals: [["09:00", "24:00"]] as [string, string][] },
    ],
  },
  handoverDay: "mon" as const,
  handoverTime: "09:00",
  startsOn: "2026-11-30",
  members: ["sam", "maya"],
  ackMinutes: 10,
  /** The agreement whose urgent requests page it. */
  agreement: "Around the clock",
};
