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
