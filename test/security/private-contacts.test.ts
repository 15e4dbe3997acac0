import { beforeAll, expect, it } from "vitest";
import { createTestWorkspace, type TestWorkspace } from "../support/factories.js";
import { eachDialect, useTestApp } from "../support/harness.js";
import {
  fieldKind,
  fillPath,
  isPortalRoute,
  loadOperations,
  pathKinds,
  requester,
  requiredQuery,
  withQuery,
  type IdKind,
  type IdsOf,
  type Operation,
} from "../support/openapi-walk.js";
import { seedPortal, seedWorkspace, type PortalAccess } from "./seed.js";

const COLIN_PRIVATE = "+1-555-0100";
const PAT_PRIVATE = "+1-555-0177";
const COLIN_PASSWORD = "colins own password";
/** Any of these in a response means a private number got out (also without punctuation). */
const NEEDLES = ["555-0100", "5550100", "555-0177", "5550177"];

function needlesIn(text: string): string[] {
  return NEEDLES.filter((n) => text.includes(n));
}

eachDialect("private contacts hunt (P5)", (dialect) => {
  const t = useTestApp(dialect);
  let ws: TestWorkspace;
  let ops: Operation[];
  let ids: IdsOf;
  let colinId: string;
  let patId: string;
  let colinCase: string;
  /** The seeded customer's case handled by Colin: his reply, and his number in an internal note. */
  let portalCase: number;
  let portal: PortalAccess;

  beforeAll(async () => {
    ws = await createTestWorkspace(t.deps, "hunt");
    ops = await loadOperations(t);
    ids = await seedWorkspace(t, ops, ws, { marker: "huntmarker", fillerCases: 0 });
    const admin = ws.members.admin.auth;
    const colin = await t.request({
      method: "POST",
      url: "/api/staff",
      headers: admin,
      json: {
        name: "Colin Reyes",
        email: "colin@hunt.example",
        title: "Account rep",
        role: "agent",
        authority: "agent",
        password: COLIN_PASSWORD,
        teamIds: [ids.team],
        workContacts: [{ kind: "mobile", label: "work mobile", value: "+1-555-0142" }],
        privateContacts: [{ kind: "mobile", label: "cell", value: COLIN_PRIVATE }],
      },
    });
    expect(colin.status).toBe(201);
    // The creator holds staff:read-private, so the creation answer may show it: the positive side.
    expect(colin.body.privateContacts).toEqual([expect.objectContaining({ value: COLIN_PRIVATE })]);
    colinId = colin.body.id;
    const pat = await t.request({
      method: "POST",
      url: "/api/staff",
      headers: admin,
      json: {
        name: "Pat Protected",
        email: "pat@hunt.example",
        role: "manager",
        authority: "manager",
        disclosure: "protected",
        teamIds: [ids.team],
        privateContacts: [
          { kind: "phone", label: "home", value: PAT_PRIVATE },
          { kind: "address", label: "home", value: "12 Quiet Lane" },
        ],
      },
    });
    expect(pat.status).toBe(201);
    patId = pat.body.id;
    // A case about Colin, assigned to him, with a customer trying his line: the places a number
    // would most plausibly slip into (timeline, attempts, search).
    const c = await t.request({
      method: "POST",
      url: "/api/cases",
      headers: ws.members.receptionist.auth,
      json: {
        subject: "Wants to reach Colin directly",
        channel: "phone",
        assigneeId: colinId,
        teamId: ids.team,
        description: "Asked for Colin's private cell; told them we do not give it out",
      },
    });
    expect(c.status).toBe(201);
    colinCase = c.body.id;
    const attempt = await t.request({
      method: "POST",
      url: `/api/cases/${colinCase}/attempts`,
      headers: ws.members.receptionist.auth,
      json: { channel: "phone", staffId: colinId, answered: false, note: "Tried Colin" },
    });
    expect(attempt.status).toBe(201);
    // Colin has the case open and is replying: his presence (with his name) rides on its stream.
    const colinLogin = await t.request({
      method: "POST",
      url: "/api/auth/login",
      json: { workspace: "hunt", email: "colin@hunt.example", password: COLIN_PASSWORD },
    });
    expect(colinLogin.status).toBe(200);
    const presence = await t.request({
      method: "POST",
      url: `/api/cases/${colinCase}/presence`,
      headers: {
        cookie: String(colinLogin.headers["set-cookie"]).split(";")[0]!,
        "x-csrf-token": colinLogin.body.csrfToken,
      },
      json: { activity: "replying" },
    });
    expect(presence.status).toBe(200);
    // A change of Colin's private contacts is audited too; the audit must not hold the new value.
    const patch = await t.request({
      method: "PATCH",
      url: `/api/staff/${colinId}`,
      headers: ws.members.manager.auth,
      json: {
        privateContacts: [
          { kind: "mobile", label: "cell", value: COLIN_PRIVATE },
          { kind: "phone", label: "landline", value: "+1 555 0100 ext 2" },
        ],
      },
    });
    expect(patch.status).toBe(200);

    // The customer's own case, handled by Colin: he replies (so his name is on the timeline) and a
    // colleague notes his private number internally. The portal must show the one, never the other.
    const forCustomer = await t.request({
      method: "POST",
      url: "/api/cases",
      headers: ws.members.receptionist.auth,
      json: {
        subject: "Reprint of the flyers",
        channel: "portal",
        customerId: ids.customer,
        assigneeId: colinId,
        description: "Can Colin call me?",
      },
    });
    expect(forCustomer.status).toBe(201);
    portalCase = forCustomer.body.number;
    const note = await t.request({
      method: "POST",
      url: `/api/cases/${forCustomer.body.id}/entries`,
      headers: ws.members.manager.auth,
      json: { kind: "note", body: `Colin is off; his cell is ${COLIN_PRIVATE} but never give it out` },
    });
    expect(note.status).toBe(201);
    const colinCookie = String(colinLogin.headers["set-cookie"]).split(";")[0]!;
    const colinReply = await t.request({
      method: "POST",
      url: `/api/cases/${forCustomer.body.id}/entries`,
      headers: { cookie: colinCookie, "x-csrf-token": colinLogin.body.csrfToken },
      json: { kind: "message", direction: "out", channel: "portal", body: "I will call you tomorrow at 10." },
    });
    expect(colinReply.status).toBe(201);
    portal = await seedPortal(t, ws, ids);
  });

  /** Every concrete GET URL: each templated route once per candidate id, query variants for q and id filters. */
  function urlsToHunt(): { url: string; op: Operation }[] {
    const candidates: Partial<Record<IdKind, string[]>> = {
      // Every seeded kind (messages, pages, rotas …) once, so no templated GET route is skipped.
      ...Object.fromEntries(Object.entries(ids).map(([kind, id]) => [kind, [id]])),
      staff: [colinId, patId],
      case: [colinCase, ids.case!],
      caseNumber: ["1", "2"],
      team: [ids.team!],
      customer: [ids.customer!],
      client: [ids.client!],
      order: [ids.order!],
      payment: [ids.payment!],
      token: [ids.token!],
      policy: [ids.policy!],
      policyRequest: [ids.policyRequest!],
    };
    const urls: { url: string; op: Operation }[] = [];
    for (const op of ops.filter((o) => o.method === "GET")) {
      const kinds = pathKinds(op); // throws for an unmapped templated route
      const pathSets: IdsOf[] =
        kinds.length === 0 ? [{}] : (candidates[kinds[0]!] ?? []).map((id) => ({ [kinds[0]!]: id }));
      for (const set of pathSets) {
        const path = fillPath(op, { ...ids, ...set });
        const base = requiredQuery(op, "Colin");
        urls.push({ url: withQuery(path, base), op });
        for (const p of op.queryParams) {
          if (p.name === "q") {
            for (const q of ["Colin", "0100", "555-0100", COLIN_PRIVATE, "cell", "555"]) {
              urls.push({ url: withQuery(path, { ...base, q }), op });
            }
            continue;
          }
          const kind = fieldKind(p.name, p.schema);
          for (const id of (kind && candidates[kind]) || [])
            urls.push({ url: withQuery(path, { ...base, [p.name]: id }), op });
        }
      }
    }
    return urls;
  }

  for (const role of ["receptionist", "agent", "supervisor"] as const) {
    it(`no GET route shows a private number to the ${role}`, async () => {
      const urls = urlsToHunt();
      expect(urls.length).toBeGreaterThan(30);
      const found: string[] = [];
      let ok = 0;
      let streamsRead = 0;
      for (const { url, op } of urls) {
        const res = await requester(t, op)({ method: "GET", url, headers: ws.members[role].auth });
        if (res.status === 200) ok += 1;
        if (op.stream && res.status === 200) streamsRead += 1;
        // The case stream shows Colin replying, by name: the hunt read a live answer.
        if (op.stream && url.includes(colinCase)) expect(res.text, url).toContain("Colin Reyes");
        const hits = needlesIn(`${res.text}\n${JSON.stringify(res.headers)}`);
        if (hits.length > 0) found.push(`${url} (${res.status}) shows ${hits.join(", ")}`);
      }
      expect(found).toEqual([]);
      // The hunt read real answers, not a wall of 403s.
      expect(ok).toBeGreaterThan(20);
      expect(streamsRead).toBeGreaterThanOrEqual(3);
      const colin = await t.request({
        method: "GET",
        url: `/api/staff/${colinId}`,
        headers: ws.members[role].auth,
      });
      expect(colin.status).toBe(200);
      expect(colin.body.name).toBe("Colin Reyes");
      expect(colin.body.workContacts).toEqual([expect.objectContaining({ value: "+1-555-0142" })]);
      expect(colin.body).not.toHaveProperty("privateContacts");
      const list = await t.request({
        method: "GET",
        url: "/api/staff?limit=200",
        headers: ws.members[role].auth,
      });
      expect(list.body.items.map((s: { id: string }) => s.id)).toEqual(
        expect.arrayContaining([colinId, patId]),
      );
      const search = await t.request({
        method: "GET",
        url: "/api/search?q=Colin",
        headers: ws.members[role].auth,
      });
      expect(search.body.items.map((c: { id: string }) => c.id)).toContain(colinCase);
    });
  }

  it("no portal GET route shows a private number or a staff contact to the customer", async () => {
    const portalOps = ops.filter((o) => o.method === "GET" && isPortalRoute(o));
    expect(portalOps.map((o) => o.key)).toEqual(
      expect.arrayContaining([
        "GET /api/portal/me",
        "GET /api/portal/cases",
        "GET /api/portal/cases/{number}",
      ]),
    );
    const urls: string[] = [];
    for (const op of portalOps) {
      const kinds = pathKinds(op);
      const numbers = kinds.length === 0 ? [undefined] : [String(portalCase), ids.caseNumber, "1", "2", "3"];
      for (const n of numbers) {
        const path = fillPath(op, { ...ids, ...(n !== undefined && { caseNumber: n }) });
        urls.push(path, withQuery(path, { limit: "200" }));
      }
    }
    const found: string[] = [];
    let ok = 0;
    for (const url of [...new Set(urls)]) {
      const res = await t.request({ method: "GET", url, headers: { cookie: portal.headers.cookie } });
      if (res.status === 200) ok += 1;
      const text = `${res.text}\n${JSON.stringify(res.headers)}`;
      const hits = [
        ...needlesIn(text),
        ...["555-0142", "colin@hunt.example", colinId].filter((n) => text.includes(n)),
      ];
      if (hits.length > 0) found.push(`${url} (${res.status}) shows ${hits.join(", ")}`);
    }
    expect(found).toEqual([]);
    expect(ok).toBeGreaterThanOrEqual(5);
    // The customer does see the case and Colin's reply, by his display name, and not the note.
    const view = await t.request({
      method: "GET",
      url: `/api/portal/cases/${portalCase}`,
      headers: { cookie: portal.headers.cookie },
    });
    expect(view.status).toBe(200);
    expect(
      view.body.timeline.map((e: { author: string | null; body: string }) => [e.author, e.body]),
    ).toEqual([
      ["You", "Can Colin call me?"],
      ["Colin Reyes", "I will call you tomorrow at 10."],
      [null, "Status: In progress"],
    ]);
    expect(view.text).not.toContain("never give it out");
    // The staff hunt above did read the note, so the needle is really in the data.
    const staffView = await t.request({
      method: "GET",
      url: `/api/cases/by-number/${portalCase}`,
      headers: ws.members.manager.auth,
    });
    const entries = await t.request({
      method: "GET",
      url: `/api/cases/${staffView.body.id}/entries`,
      headers: ws.members.manager.auth,
    });
    expect(entries.text).toContain(COLIN_PRIVATE);
  });

  it("the supervisor reads the audit trail about Colin, and it names no private value", async () => {
    const res = await t.request({
      method: "GET",
      url: `/api/audit?subjectId=${colinId}`,
      headers: ws.members.supervisor.auth,
    });
    expect(res.status).toBe(200);
    const actions = res.body.items.map((e: { action: string }) => e.action);
    expect(actions).toEqual(expect.arrayContaining(["staff.created", "staff.updated"]));
    const created = res.body.items.find((e: { action: string }) => e.action === "staff.created");
    expect(created.data).toMatchObject({ name: "Colin Reyes", privateContacts: 1 });
    expect(needlesIn(res.text)).toEqual([]);
    expect(res.text).not.toContain("0100 ext");
  });

  it("Colin signed in with his password sees his own private contacts, and not Pat's", async () => {
    const login = await t.request({
      method: "POST",
      url: "/api/auth/login",
      json: { workspace: "hunt", email: "Colin@hunt.example", password: COLIN_PASSWORD },
    });
    expect(login.status).toBe(200);
    const setCookie = String(login.headers["set-cookie"]);
    const cookie = setCookie.split(";")[0]!;
    expect(cookie).toMatch(/^fd_session=/);
    const own = await t.request({ method: "GET", url: `/api/staff/${colinId}`, headers: { cookie } });
    expect(own.status).toBe(200);
    expect(own.body.privateContacts.map((c: { value: string }) => c.value)).toEqual([
      COLIN_PRIVATE,
      "+1 555 0100 ext 2",
    ]);
    const pat = await t.request({ method: "GET", url: `/api/staff/${patId}`, headers: { cookie } });
    expect(pat.status).toBe(200);
    expect(pat.body).not.toHaveProperty("privateContacts");
    expect(pat.text).not.toContain("555-0177");
    const list = await t.request({ method: "GET", url: "/api/staff?limit=200", headers: { cookie } });
    expect(list.text).toContain(COLIN_PRIVATE); // his own entry in the list
    expect(list.text).not.toContain("555-0177");
  });

  it("the acknowledgement the customer receives carries no staff contact, whoever previews it", async () => {
    // A callback promise on Colin's case, worded by the receptionist: the message's own text.
    const promise = await t.request({
      method: "POST",
      url: `/api/cases/${colinCase}/promises`,
      headers: ws.members.receptionist.auth,
      json: { kind: "callback_by", description: "Colin calls you back", dueAt: "2027-01-05T15:00:00.000Z" },
    });
    expect(promise.status, promise.text).toBe(201);
    // Customer-facing: the same for every reader, including those who may read private contacts.
    for (const role of ["receptionist", "manager", "admin"] as const) {
      const res = await t.request({
        method: "GET",
        url: `/api/cases/${colinCase}/acknowledgement`,
        headers: ws.members[role].auth,
      });
      expect(res.status).toBe(200);
      expect(res.body.text).toContain("Colin calls you back: we will call you back by");
      expect(needlesIn(res.text)).toEqual([]);
      for (const staffOnly of ["12 Quiet Lane", "+1-555-0142", "colin@hunt.example", "Pat Protected"])
        expect(res.text).not.toContain(staffOnly);
    }
  });

  it("a manager (staff:read-private) sees Colin's and Pat's private contacts", async () => {
    for (const [id, value] of [
      [colinId, COLIN_PRIVATE],
      [patId, PAT_PRIVATE],
    ] as const) {
      const res = await t.request({
        method: "GET",
        url: `/api/staff/${id}`,
        headers: ws.members.manager.auth,
      });
      expect(res.status).toBe(200);
      expect(res.body.privateContacts.map((c: { value: string }) => c.value)).toContain(value);
    }
  });
});
