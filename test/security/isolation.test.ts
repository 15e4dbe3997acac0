import { beforeAll, expect, it } from "vitest";
import { createTestWorkspace, type TestWorkspace } from "../support/factories.js";
import { eachDialect, useTestApp } from "../support/harness.js";
import {
  fieldKind,
  fillPath,
  isTemplated,
  loadOperations,
  pathKinds,
  requester,
  requiredQuery,
  responseText,
  unknownIds,
  uuidsIn,
  validBody,
  withQuery,
  type IdsOf,
  type Operation,
} from "../support/openapi-walk.js";
import { authFor, loginOf, rowCounts, seedPortal, seedWorkspace, type PortalAccess } from "./seed.js";

const MARK_A = "alphamarker";
const MARK_B = "bravomarker";
const NOT_FOUND = "https://frontdesk.dev/problems/not-found";
const INVALID = "https://frontdesk.dev/problems/invalid";

type Snapshot = Map<string, { status: number; body: unknown }>;

eachDialect("workspace isolation", (dialect) => {
  const t = useTestApp(dialect);
  let ops: Operation[];
  let wsA: TestWorkspace;
  let wsB: TestWorkspace;
  let A: IdsOf;
  let B: IdsOf;
  let before: Snapshot;
  /** Each workspace's customer in the portal: portal routes are walked as them. */
  let portalA: PortalAccess;
  let portalB: PortalAccess;
  /** Every id any of A's responses mention: none may show up in B's answers. */
  let aIds: Set<string>;

  const ctxB = () => ({ ids: B, marker: MARK_B, login: loginOf(wsB), portalToken: portalB.token });
  const asA = (op: Operation) => authFor(op, wsA.members.admin.auth, portalA);
  const asB = (op: Operation) => authFor(op, wsB.members.admin.auth, portalB);

  /** Every GET route as A's admin, with A's ids: the picture of A that B must not change. */
  async function readAllAsA(): Promise<Snapshot> {
    const out: Snapshot = new Map();
    for (const op of ops.filter((o) => o.method === "GET")) {
      const path = fillPath(op, A);
      const urls = [withQuery(path, requiredQuery(op, MARK_A))];
      if (op.queryParams.some((p) => p.name === "q" && !p.required))
        urls.push(withQuery(path, { q: MARK_A }));
      for (const url of urls) {
        const res = await requester(t, op)({ method: "GET", url, headers: asA(op) });
        out.set(url, { status: res.status, body: res.body });
      }
    }
    return out;
  }

  beforeAll(async () => {
    wsA = await createTestWorkspace(t.deps, "iso-a");
    wsB = await createTestWorkspace(t.deps, "iso-b");
    ops = await loadOperations(t);
    // A's main case gets number 3 while B has only #1, so by-number/3 names nothing of B's.
    A = await seedWorkspace(t, ops, wsA, { marker: MARK_A, fillerCases: 2 });
    B = await seedWorkspace(t, ops, wsB, { marker: MARK_B, fillerCases: 0 });
    portalA = await seedPortal(t, wsA, A);
    portalB = await seedPortal(t, wsB, B);
    // B's writes below act on a staff member and token of their own, never on B's admin.
    before = await readAllAsA();
    aIds = new Set([wsA.workspace.id, ...Object.values(wsA.members).map((m) => m.id)]);
    for (const { body } of before.values()) for (const id of uuidsIn(body)) aIds.add(id);
    for (const id of Object.values(A)) if (id && !/^\d+$/.test(id)) aIds.add(id);
    // Nothing of B's may be in A's picture either, or the leak check below would accuse B's own ids.
    for (const id of Object.values(B)) if (id) aIds.delete(id);
  });

  /** What of A's shows in a response to B, ignoring ids B itself sent. */
  function leaksOf(res: { body: unknown; text: string; headers: Record<string, unknown> }, sent: string) {
    const text = responseText(res);
    const found = [...aIds].filter((id) => text.includes(id) && !sent.includes(id));
    if (text.includes(MARK_A)) found.push(MARK_A);
    return found;
  }

  it("A answers its own reads (the walk below is not vacuous)", () => {
    expect(aIds.size).toBeGreaterThan(10);
    const search = before.get(`/api/search?q=${MARK_A}`);
    expect(search?.status).toBe(200);
    expect(JSON.stringify(search?.body)).toContain(A.case);
    // Every free-text list finds A's own rows by A's word, so B finding none of them means something.
    const textSearches = [...before].filter(([url]) => url.includes(`q=${MARK_A}`));
    expect(textSearches.length).toBeGreaterThanOrEqual(1);
    for (const [url, { status, body }] of textSearches) {
      expect(status, url).toBe(200);
      expect(JSON.stringify(body), url).toContain(MARK_A);
    }
    for (const url of [`/api/cases/${A.case}`, `/api/staff/${A.staff}`, `/api/teams/${A.team}`]) {
      expect(before.get(url)?.status, url).toBe(200);
    }
    // A's customer reads their cases in the portal, so B's 404s there mean something too.
    expect(before.get(`/api/portal/cases/${A.caseNumber}`)?.status).toBe(200);
    expect(JSON.stringify(before.get("/api/portal/cases")?.body)).toContain(MARK_A);
  });

  it("every route with an A id in its path answers B exactly as for an id that never existed", async () => {
    const failures: string[] = [];
    const templated = ops.filter(isTemplated);
    expect(templated.length).toBeGreaterThanOrEqual(9);
    for (const op of templated) {
      pathKinds(op); // throws, naming the route, when a path parameter has no id mapping
      const json = validBody(op, ctxB());
      const send = (url: string) =>
        requester(
          t,
          op,
        )({
          method: op.method,
          url,
          headers: asB(op),
          ...(json !== undefined && { json }),
        });
      const foreignUrl = fillPath(op, A);
      const foreign = await send(foreignUrl);
      const unknown = await send(fillPath(op, unknownIds()));
      const strip = (b: unknown) => ({ ...(b as object), instance: undefined });
      if (foreign.status !== 404 || foreign.body?.type !== NOT_FOUND) {
        failures.push(`${op.key}: A's id gave ${foreign.status} ${foreign.text}`);
      } else if (JSON.stringify(strip(foreign.body)) !== JSON.stringify(strip(unknown.body))) {
        failures.push(`${op.key}: A's id gave ${foreign.text} but an unknown id gave ${unknown.text}`);
      }
      if (unknown.status !== foreign.status) failures.push(`${op.key}: unknown id gave ${unknown.status}`);
      const leaks = leaksOf(foreign, foreignUrl);
      if (leaks.length > 0) failures.push(`${op.key}: response shows A's ${leaks.join(", ")}`);
    }
    expect(failures).toEqual([]);
  });

  it("lists, searches and creates as B show none of A's ids or words, even filtered by A's ids", async () => {
    const failures: string[] = [];
    let filtered = 0;
    for (const op of ops.filter((o) => !isTemplated(o))) {
      if (op.method !== "GET") {
        const json = validBody(op, ctxB());
        const res = await t.request({
          method: op.method,
          url: op.path,
          headers: asB(op),
          ...(json !== undefined && { json }),
        });
        if (res.status >= 300) failures.push(`${op.key} as B answered ${res.status}: ${res.text}`);
        const leaks = leaksOf(res, "");
        if (leaks.length > 0) failures.push(`${op.key}: shows A's ${leaks.join(", ")}`);
        continue;
      }
      const variants = [requiredQuery(op, MARK_A)];
      // Free-text search for A's word: B must find nothing (A finds its rows, see the first test).
      if (op.queryParams.some((p) => p.name === "q" && !p.required)) variants.push({ q: MARK_A });
      for (const p of op.queryParams) {
        const kind = fieldKind(p.name, p.schema);
        const id = kind && A[kind];
        if (id) variants.push({ ...requiredQuery(op, MARK_A), [p.name]: id });
      }
      for (const [i, query] of variants.entries()) {
        const url = withQuery(op.path, query);
        const res = await requester(t, op)({ method: "GET", url, headers: asB(op) });
        if (res.status >= 500) failures.push(`${url}: ${res.status}`);
        const leaks = leaksOf(res, url);
        if (leaks.length > 0) failures.push(`${url}: shows A's ${leaks.join(", ")}`);
        if (i > 0 && res.status === 200) {
          filtered += 1;
          const items: unknown = Array.isArray(res.body) ? res.body : res.body?.items;
          if (!Array.isArray(items) || items.length > 0)
            failures.push(`${url}: filter by A's id gave ${res.text}`);
        }
      }
    }
    expect(failures).toEqual([]);
    expect(filtered).toBeGreaterThanOrEqual(4);
    // The same lists do show B's own rows, so "none of A's" is not just "nothing at all".
    for (const url of ["/api/cases", "/api/staff", "/api/teams", "/api/audit", `/api/search?q=${MARK_B}`]) {
      const res = await t.request({ method: "GET", url, headers: wsB.members.admin.auth });
      expect(res.status, url).toBe(200);
      expect(res.text, url).toContain(MARK_B);
    }
  });

  it("B cannot point at A's rows from a request body: 400, nothing written", async () => {
    const tested: string[] = [];
    const failures: string[] = [];
    for (const op of ops.filter((o) => ["POST", "PATCH", "PUT"].includes(o.method) && o.body)) {
      for (const [field, prop] of Object.entries(op.body?.properties ?? {})) {
        const kind = fieldKind(field, prop.type === "array" ? prop.items : prop);
        if (!kind || !A[kind]) continue;
        const url = fillPath(op, B);
        const put = (id: string) => ({
          ...(validBody(op, ctxB()) as Record<string, unknown>),
          [field]: prop.type === "array" ? [id] : id,
        });
        const counts = await rowCounts(t, wsB.workspace.id);
        const foreign = await t.request({
          method: op.method,
          url,
          headers: asB(op),
          json: put(A[kind]),
        });
        tested.push(`${op.key} ${field}`);
        if (foreign.status !== 400 || foreign.body?.type !== INVALID) {
          failures.push(`${op.key} with A's ${field}: ${foreign.status} ${foreign.text}`);
        }
        expect(await rowCounts(t, wsB.workspace.id), `${op.key} ${field} wrote nothing`).toEqual(counts);
        // The same body with B's own row succeeds, so the 400 was for the foreign id alone.
        const own = kind === "staff" ? wsB.members.manager.id : B[kind];
        // The end-of-shift hand-over moves only the sender's own open cases: make B's case the admin's.
        if (op.key === "POST /api/me/end-of-shift/handover") {
          const mine = await t.request({
            method: "PATCH",
            url: `/api/cases/${B.case}`,
            headers: wsB.members.admin.auth,
            json: { assigneeId: wsB.members.admin.id },
          });
          expect(mine.status, mine.text).toBe(200);
        }
        const control = await t.request({
          method: op.method,
          url,
          headers: asB(op),
          json: put(own!),
        });
        if (control.status >= 300)
          failures.push(`${op.key} with B's own ${field}: ${control.status} ${control.text}`);
      }
    }
    expect(failures).toEqual([]);
    expect(tested).toEqual(
      expect.arrayContaining([
        "POST /api/cases customerId",
        "POST /api/cases clientId",
        "POST /api/cases assigneeId",
        "POST /api/cases teamId",
        "PATCH /api/cases/{id} assigneeId",
        "PATCH /api/cases/{id} customerId",
        "POST /api/cases/{id}/attempts staffId",
        "POST /api/staff teamIds",
        "POST /api/staff reportsToId",
        "PATCH /api/staff/{id} teamIds",
        "POST /api/customers clientId",
        "PATCH /api/customers/{id} clientId",
        "POST /api/clients/{id}/orders customerId",
        "POST /api/customers/{id}/portal-links caseId",

        "POST /api/cases/{id}/policy-requests policyId",
        "POST /api/cases/{id}/policy-actions policyId",
      ]),
    );
  });

  it("afterwards A's data reads exactly as before and A's audit chain holds", async () => {
    const after = await readAllAsA();
    expect([...after.keys()]).toEqual([...before.keys()]);
    for (const [url, was] of before) expect(after.get(url), url).toEqual(was);
    const verify = await t.request({
      method: "GET",
      url: "/api/audit/verify",
      headers: wsA.members.admin.auth,
    });
    expect(verify.body).toMatchObject({ ok: true });
  });
});
