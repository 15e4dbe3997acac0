import { createAgreement, createDeliverable, setClientAgreement } from "../agreements/agreements.service.js";
import { systemActor, type Actor } from "../auth/auth.rules.js";
import { createCalendar, updatePromiseSettingsFor } from "../calendars/calendars.service.js";
import { addContactAttempt, addEntry } from "../cases/timeline.service.js";
import { createCase, updateCase } from "../cases/cases.service.js";
import { createClient, recordOrder, recordPayment } from "../clients/clients.service.js";
import { createCustomer } from "../customers/customers.service.js";
import type { Deps } from "../deps.js";
import { createStaffMember } from "../staff/staff.service.js";
import { createTeam } from "../teams/teams.service.js";
import { loadWhoIsIn } from "./demo.schedules.js";
import { createWorkspace, findWorkspace } from "../workspaces/workspaces.service.js";
import { loadDemoPolicies } from "../policies/policies.demo.js";
import {
  DEMO_AGREEMENTS,
  DEMO_CALENDAR,
  DEMO_CALLBACK_MINUTES,
  DEMO_CLIENTS,
  DEMO_DELIVERABLES,
  DEMO_CUSTOMERS,
  DEMO_PASSWORD,
  DEMO_SLUG,
  DEMO_STAFF,
  DEMO_TEAMS,
} from "./demo.data.js";

export interface DemoLogin {
  name: string;
  title: string;
  email: string;
  password: string;
}

export function demoLogins(): DemoLogin[] {
  return DEMO_STAFF.map((s) => ({
    name: s.name,
    title: s.title,
    email: emailOf(s.key),
    password: DEMO_PASSWORD,
  }));
}

function emailOf(key: string): string {
  return `${key}@harbor.example`;
}

function need<T>(map: Map<string, T>, key: string): T {
  const v = map.get(key);
  if (v === undefined) throw new Error(`demo data refers to unknown "${key}"`);
  return v;
}

/** Loads "Harbor Print & Ship" unless it exists. Returns false when it was already there. */
export async function loadDemo(deps: Deps): Promise<boolean> {
  if (await findWorkspace(deps, DEMO_SLUG)) return false;
  const ws = await createWorkspace(deps, {
    slug: DEMO_SLUG,
    name: "Harbor Print & Ship",
    timeZone: "America/New_York",
    firstCaseNumber: 1001,
  });
  const system = systemActor(ws.id);
  const teams = new Map<string, string>();
  for (const t of DEMO_TEAMS) teams.set(t.key, (await createTeam(deps, system, t)).id);

  const staff = new Map<string, string>();
  for (const s of DEMO_STAFF) {
    const created = await createStaffMember(deps, system, {
      name: s.name,
      email: emailOf(s.key),
      title: s.title,
      role: s.role,
      authority: s.authority,
      disclosure: s.disclosure,
      reportsToId: s.reportsTo ? need(staff, s.reportsTo) : null,
      password: DEMO_PASSWORD,
      teamIds: s.teams.map((k) => need(teams, k)),
      workContacts: [
        { kind: "phone", label: "Desk line", value: s.workPhone },
        { kind: "email", label: "Work email", value: emailOf(s.key) },
      ],
      privateContacts: s.privatePhone
        ? [{ kind: "mobile", label: "Personal cell", value: s.privatePhone }]
        : [],
    });
    staff.set(s.key, created.id);
  }

  const clients = new Map<string, string>();
  for (const c of DEMO_CLIENTS) {
    const created = await createClient(deps, system, {
      name: c.name,
      domain: c.domain,
      currency: "USD",
      creditTermsDays: c.creditTermsDays,
      creditLimitMinor: c.creditLimitMinor,
      notes: c.notes,
    });
    clients.set(c.key, created.id);
  }
  await loadTerms(deps, system, clients);
  await loadWhoIsIn(deps, system, staff);
  const customers = new Map<string, string>();
  for (const c of DEMO_CUSTOMERS) {
    const created = await createCustomer(deps, system, {
      name: c.name,
      email: c.email,
      phone: c.phone,
      clientId: c.client ? need(clients, c.client) : null,
    });
    customers.set(c.key, created.id);
  }
  await loadHistory(deps, system, clients, customers);
  await loadCases(deps, system, staff, teams, customers);
  await loadDemoPolicies(deps, system, { staff, teams });
  return true;
}

/** The harbor calendar, the callback target, the agreements and Globex's weekly report. */
async function loadTerms(deps: Deps, system: Actor, clients: Map<string, string>) {
  const calendar = await createCalendar(deps, system, DEMO_CALENDAR);
  await updatePromiseSettingsFor(deps, system, {
    calendarId: calendar.id,
    callbackMinutes: DEMO_CALLBACK_MINUTES,
  });
  const agreements = new Map<string, string>();
  for (const { key, clients: on, ...terms } of DEMO_AGREEMENTS) {
    const created = await createAgreement(deps, system, terms);
    agreements.set(key, created.id);
    for (const client of on) await setClientAgreement(deps, system, need(clients, client), created.id);
  }
  for (const d of DEMO_DELIVERABLES) {
    await createDeliverable(deps, system, need(agreements, d.agreement), {
      name: d.name,
      rrule: d.rrule,
      clientId: need(clients, d.client),
    });
  }
}

async function loadHistory(
  deps: Deps,
  system: Actor,
  clients: Map<string, string>,
  customers: Map<string, string>,
) {
  const acme = need(clients, "acme");
  await recordOrder(deps, system, acme, {
    reference: "PO-7731",
    description: "500 flyers, A5, two-sided — for pickup",
    amountMinor: 18_500,
    onAccount: true,
    status: "fulfilled",
    customerId: need(customers, "dan"),
  });
  await recordOrder(deps, system, acme, {
    reference: "PO-7802",
    description: "Trade-show banner 3×1 m",
    amountMinor: 42_000,
    onAccount: true,
    status: "placed",
    customerId: need(customers, "dan"),
  });
  await recordPayment(deps, system, acme, {
    reference: "ACH-55120",
    amountMinor: 18_500,
    method: "bank_transfer",
  });
  const globex = need(clients, "globex");
  await recordOrder(deps, system, globex, {
    reference: "GX-2210",
    description: "Weekly report printing and binding (standing order)",
    amountMinor: 9_900,
    onAccount: true,
    status: "placed",
    customerId: need(customers, "gina"),
  });
  const northwind = need(clients, "northwind");
  await recordOrder(deps, system, northwind, {
    reference: "NW-0091",
    description: "Overnight shipping labels, 2,000",
    amountMinor: 26_000,
    onAccount: false,
    status: "fulfilled",
  });
}

/** A few cases from the scenarios, so the queue is not empty on first start. */
async function loadCases(
  deps: Deps,
  system: Actor,
  staff: Map<string, string>,
  teams: Map<string, string>,
  customers: Map<string, string>,
) {
  const rita: Actor = { ...system, kind: "staff", staffId: need(staff, "rita") };
  const pickup = await createCase(deps, rita, {
    subject: "Package pickup — asks for Colin",
    channel: "walk_in",
    customerId: need(customers, "dan"),
    assigneeId: need(staff, "colin"),
    teamId: need(teams, "accounts"),
    tags: ["pickup"],
    description: "Came to collect the flyers (PO-7731) he was due to collect last Wednesday. Wants Colin.",
  });
  await addEntry(deps, rita, pickup.id, {
    kind: "walk_in",
    body: "Customer at the counter; Colin is off today.",
  });

  const globexCase = await createCase(deps, rita, {
    subject: "Weekly report: wrong binding on last batch",
    channel: "phone",
    customerId: need(customers, "gina"),
    teamId: need(teams, "accounts"),
    tags: ["globex", "report"],
  });
  await addContactAttempt(deps, rita, globexCase.id, {
    channel: "phone",
    line: "Rita's desk line",
    answered: false,
    note: "No answer",
  });
  await addContactAttempt(deps, rita, globexCase.id, {
    channel: "phone",
    staffId: need(staff, "colin"),
    answered: false,
    note: "Colin's work mobile",
  });
  await addContactAttempt(deps, rita, globexCase.id, {
    channel: "phone",
    staffId: need(staff, "maya"),
    answered: true,
    note: "Reached Maya",
  });
  await addEntry(deps, rita, globexCase.id, {
    kind: "call",
    direction: "in",
    body: "Gina: the last batch was comb-bound instead of perfect-bound; needs it fixed before Friday.",
    answerSeconds: 9,
    durationSeconds: 310,
  });

  const nora = await createCase(deps, rita, {
    subject: "Shipping labels printer jammed overnight",
    channel: "email",
    customerId: need(customers, "nora"),
    priority: "high",
    priorityReason: "service_down",
    description: "Our label run stopped at 02:00. We ship at 07:00 — please advise.",
  });
  await updateCase(deps, rita, nora.id, { assigneeId: need(staff, "sam") });

  await createCase(deps, rita, {
    subject: "Wants the new-customer price on the monthly plan",
    channel: "phone",
    customerId: need(customers, "walt"),
    tags: ["pricing"],
    description: "Long-time customer; saw the new-customer offer and wants the same price.",
  });
}
