import { beforeAll, describe, expect, it } from "vitest";
import { createTestWorkspace, TEST_PASSWORD, type TestWorkspace } from "../support/factories.js";
import { eachDialect, useTestApp } from "../support/harness.js";
import {
  fieldKind,
  fillPath,
  loadOperations,
  requester,
  pathKinds,
  requiredQuery,
  withQuery,
  type IdKind,
  type IdsOf,
  type Operation,
} from "../support/openapi-walk.js";
import { addStaff, tokenFor } from "../support/schedules.js";
import { seedWorkspace } from "./seed.js";

/*
 * The schedule hunt (S1c): Pat is protected. Her hours, time off, on-duty state and next-in time
 * must reach no receptionist, agent or supervisor response, in any format they could take. Her
 * hours use odd minutes so every canary is unmistakable: 12:17–20:43 New York (17:17Z–01:43Z),
 * off on Wednesday from 13:29 (18:29Z), with a private note.
 */

const MON_1030 = "2026-12-07T15:30:00.000Z"; // Pat is off; next in 12:17
const MON_1300 = "2026-12-07T18:00:00.000Z"; // Pat is in until 20:43
const NEXT_IN = "2026-12-07T17:17:00.000Z";
const UNTIL = "2026-12-08T01:43:00.000Z";
const NOTE = "patcanarynote";

/** Every way Pat's schedule could be written out. */
function canaries(): string[] {
  const ms = (iso: string) => String(Date.parse(iso));
  const sec = (iso: string) => String(Date.parse(iso) / 1000);
  return [
    "12:17",
    "20:43",
    "13:29",
    "8:43 PM",
    "1:29 PM",
    "T17:17",
    "T01:43",
    "T18:29",
    "17:17:00",
    "01:43:00",
    NEXT_IN,
    UNTIL,
    ms(NEXT_IN),
    ms(UNTIL),
    sec(NEXT_IN),
    sec(UNTIL),
    NOTE,
  ];
}

function canariesIn(text: string): string[] {
  return canaries().filter((c) => text.includes(c));
}

eachDialect("protected schedule hunt (S1c)", (dialect) => {
  const t = useTestApp(dialect);
  let ws: TestWorkspace;
  let ops: Operation[];
  let ids: IdsOf;
  let pat: string;
  let sam: string;
  let samAuth: { authorization: string };
  const extra: Partial<Record<IdKind, string[]>> = {};
  /** The receptionist's write answers (taking the message, the P5 answer), hunted below. */
  const writes: { what: string; text: string; body: any }[] = [];

  beforeAll(async () => {
    ws = await createTestWorkspace(t.deps, "phunt");
    ops = await loadOperations(t);
    ids = await seedWorkspace(t, ops, ws, { marker: "phuntmarker", fillerCases: 0 });
    const admin = ws.members.admin.auth;
    sam = await addStaff(t, admin, {
      name: "Sam Boss",
      email: "sam@phunt.example",
      role: "supervisor",
      authority: "supervisor",
      password: TEST_PASSWORD,
    });
    samAuth = await tokenFor(t, "phunt", "sam@phunt.example", TEST_PASSWORD);
    pat = await addStaff(
      t,
      admin,
      {
        name: "Pat Hidden",
        email: "pat@phunt.example",
        role: "agent",
        authority: "agent",
        disclosure: "protected",
        reportsToId: sam,
        teamIds: [ids.team!],
        skills: ["binding"],
      },
      {
        timeZone: "America/New_York",
        weekly: Object.fromEntries(["mon", "tue", "wed", "thu", "fri"].map((d) => [d, [["12:17", "20:43"]]])),
      },
    );
    const off = await t.request({
      method: "POST",
      url: `/api/staff/${pat}/time-off`,
      headers: samAuth,
      json: { startsOn: "2026-12-09", endsOn: "2026-12-09", fromTime: "13:29", note: NOTE },
    });
    expect(off.status, off.text).toBe(201);
    // Pat is the only member of an around-the-clock rota the default agreement pages.
    const rota = await t.request({
      method: "POST",
      url: "/api/rotas",
      headers: admin,
      json: {
        name: "Pat's line",
        hours: { timeZone: "America/New_York", weekly: {}, alwaysOpen: true },
        handoverDay: "mon",
        handoverTime: "09:00",
        startsOn: "2026-11-30",
        memberIds: [pat],
      },
    });
    expect(rota.status, rota.text).toBe(201);
    await t.request({
      method: "PUT",
      url: `/api/agreements/${ids.agreement}/on-call-rota`,
      headers: admin,
      json: { rotaId: rota.body.id },
    });
    const rita = ws.members.receptionist.auth;
    // S1c through the desk: a case about Pat, a message for her, an urgent request, a P5 ask.
    const kase = await t.request({
      method: "POST",
      url: "/api/cases",
      headers: rita,
      json: {
        subject: "When is Pat in?",
        channel: "phone",
        assigneeId: pat,
        teamId: ids.team,
        clientId: ids.client,
      },
    });
    expect(kase.status).toBe(201);
    const msg = await t.request({
      method: "POST",
      url: "/api/messages",
      headers: rita,
      json: {
        staffId: pat,
        caseId: kase.body.id,
        fromName: "Walt",
        reachAt: "+1-555-0204",
        about: "Call me",
        urgency: "urgent",
      },
    });
    expect(msg.status, msg.text).toBe(201);
    expect(msg.body.urgent.paged).toBe(true);
    const p5 = await t.request({
      method: "POST",
      url: `/api/cases/${kase.body.id}/private-contact-requests`,
      headers: rita,
      json: { staffId: pat, asked: "address" },
    });
    expect(p5.status).toBe(201);
    writes.push({ what: "take a message for Pat (urgent)", text: msg.text, body: msg.body });
    writes.push({ what: "P5 answer about Pat", text: p5.text, body: p5.body });
    extra.staff = [pat, sam];
    extra.case = [kase.body.id];
    extra.message = [msg.body.message.id];
    extra.page = [msg.body.urgent.page.id];
    extra.rota = [rota.body.id];
    extra.timeOff = [off.body.id];
  });

  it("the receptionist's answers while taking a message for Pat hold no hours", () => {
    for (const w of writes) expect(canariesIn(w.text), w.what).toEqual([]);
    expect(writes[0]!.body.urgent.page).toMatchObject({ currentStaffId: null, currentName: null });
    expect(writes[0]!.body.urgent.requested).toMatchObject({ state: "not_shared", nextInAt: null });
  });

  /** Every GET URL: each templated route once per candidate id, id filters and `q` variants. */
  function urlsToHunt(): { op: Operation; url: string }[] {
    const candidates: Partial<Record<IdKind, string[]>> = {};
    for (const [kind, id] of Object.entries(ids) as [IdKind, string][]) candidates[kind] = [id];
    for (const [kind, list] of Object.entries(extra) as [IdKind, string[]][])
      candidates[kind] = [...list, ...(candidates[kind] ?? [])];
    const urls: { op: Operation; url: string }[] = [];
    for (const op of ops.filter((o) => o.method === "GET")) {
      const push = (url: string) => urls.push({ op, url });
      const kinds = pathKinds(op);
      const sets: IdsOf[] =
        kinds.length === 0 ? [{}] : (candidates[kinds[0]!] ?? []).map((id) => ({ [kinds[0]!]: id }));
      for (const set of sets) {
        const path = fillPath(op, { ...ids, ...set });
        const base = requiredQuery(op, "Pat");
        push(withQuery(path, base));
        for (const p of op.queryParams) {
          if (p.name === "q") {
            for (const q of ["Pat", "Hidden", "12:17", "pat"]) push(withQuery(path, { ...base, q }));
            continue;
          }
          if (p.name === "mine") push(withQuery(path, { ...base, mine: "true" }));
          const kind = fieldKind(p.name, p.schema);
          for (const id of (kind && candidates[kind]) || []) push(withQuery(path, { ...base, [p.name]: id }));
        }
      }
    }
    return urls;
  }

  async function hunt(headers: { authorization: string }) {
    const found: string[] = [];
    let ok = 0;
    const urls = urlsToHunt();
    // Event streams are read over a real socket up to their `ready` event (requester), so the
    // hunt reads what a stream sends exactly as it reads a JSON body.
    for (const { op, url } of urls) {
      const res = await requester(t, op)({ method: "GET", url, headers });
      if (res.status === 200) ok += 1;
      const hits = canariesIn(`${res.text}\n${JSON.stringify(res.headers)}`);
      if (hits.length > 0) found.push(`${url} (${res.status}) shows ${hits.join(", ")}`);
    }
    return { found, ok, urls: urls.length };
  }

  for (const [label, at] of [
    ["Pat off, next in 12:17", MON_1030],
    ["Pat on duty until 20:43", MON_1300],
  ] as const) {
    describe(label, () => {
      for (const role of ["receptionist", "agent", "supervisor"] as const) {
        it(`no GET route shows Pat's schedule to the ${role}`, async () => {
          t.clock.set(at);
          const { found, ok, urls } = await hunt(ws.members[role].auth);
          expect(found).toEqual([]);
          expect(urls).toBeGreaterThan(60);
          expect(ok).toBeGreaterThan(40);
        });
      }

      it("the same hunt finds the canaries for Pat's manager: they are real", async () => {
        t.clock.set(at);
        const { found } = await hunt(samAuth);
        const joined = found.join("\n");
        expect(joined).toContain(`/api/staff/${pat}/schedule`);
        expect(joined).toContain(`/api/staff/${pat}/status`);
        expect(joined).toContain(at === MON_1030 ? NEXT_IN : UNTIL);
        expect(joined).toContain(NOTE);
      });

      it("on-duty lists, who-can-help and rotas leave Pat out for colleagues", async () => {
        t.clock.set(at);
        for (const role of ["receptionist", "agent", "supervisor"] as const) {
          const h = ws.members[role].auth;
          const onDuty = await t.request({ method: "GET", url: "/api/on-duty", headers: h });
          expect(onDuty.text).not.toContain(pat);
          const help = await t.request({
            method: "GET",
            url: `/api/cases/${extra.case![0]}/who-can-help`,
            headers: h,
          });
          expect(help.text).not.toContain(pat);
          const rota = await t.request({ method: "GET", url: `/api/rotas/${extra.rota![0]}`, headers: h });
          expect(rota.body.onCallNow).toEqual({ staffId: null, name: null, until: null });
          expect(JSON.stringify(rota.body.plan)).not.toContain(pat);
          const page = await t.request({ method: "GET", url: `/api/pages/${extra.page![0]}`, headers: h });
          expect(page.body).toMatchObject({ currentStaffId: null, currentName: null });
          const card = await t.request({ method: "GET", url: `/api/staff/${pat}/status`, headers: h });
          expect(card.body).toMatchObject({
            state: "not_shared",
            nextInAt: null,
            onDutyUntil: null,
            timeZone: null,
          });
        }
        const boss = await t.request({ method: "GET", url: "/api/on-duty", headers: samAuth });
        expect(boss.text.includes(pat)).toBe(at === MON_1300);
      });
    });
  }

  it("the audit trail of Pat's schedule changes names no hours, dates or notes", async () => {
    const res = await t.request({
      method: "GET",
      url: `/api/audit?subjectId=${pat}`,
      headers: ws.members.admin.auth,
    });
    expect(res.body.items.map((e: { action: string }) => e.action)).toEqual(
      expect.arrayContaining(["staff.schedule-set", "staff.time-off-added"]),
    );
    expect(canariesIn(res.text)).toEqual([]);
    expect(res.text).not.toContain("2026-12-09");
  });

  it("the outbox email for Pat goes to her work address, and holds no hours", async () => {
    const rows = await t.deps.db
      .selectFrom("notifications")
      .selectAll()
      .where("recipient_staff_id", "=", pat)
      .execute();
    expect(rows.map((r) => r.to_address)).toEqual(expect.arrayContaining(["pat@phunt.example"]));
    for (const r of rows) expect(canariesIn(`${r.subject}\n${r.body}`)).toEqual([]);
  });
});
