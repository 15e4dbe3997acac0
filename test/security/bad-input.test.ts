import fc from "fast-check";
import { sql } from "kysely";
import { beforeAll, expect, it } from "vitest";
import { createTestWorkspace, type TestWorkspace } from "../support/factories.js";
import { eachDialect, useTestApp, type TestApp } from "../support/harness.js";
import { fillPath, loadOperations, validBody, type IdsOf, type Operation } from "../support/openapi-walk.js";
import { authFor, loginOf, seedPortal, seedWorkspace, type PortalAccess } from "./seed.js";

const P = "https://frontdesk.dev/problems/";

interface Raw {
  status: number;
  headers: Record<string, unknown>;
  text: string;
}

/** Sends a raw payload, so malformed JSON and odd content types reach the server as written. */
async function send(
  t: TestApp,
  opts: { method: string; url: string; payload?: string | Buffer; headers?: Record<string, string> },
): Promise<Raw> {
  const res = await t.app.inject({
    method: opts.method as "POST",
    url: opts.url,
    headers: { "content-type": "application/json", ...opts.headers },
    ...(opts.payload !== undefined && { payload: opts.payload }),
  });
  return { status: res.statusCode, headers: res.headers, text: res.body };
}

/** What every refusal looks like: a 4xx problem document with one of our stable types. */
function problemOf(res: Raw, label: string): { type: string; status: number; [k: string]: unknown } {
  expect(res.status, `${label}: ${res.text}`).toBeGreaterThanOrEqual(400);
  expect(res.status, `${label}: ${res.text}`).toBeLessThan(500);
  expect(String(res.headers["content-type"]), label).toContain("application/problem+json");
  const body = JSON.parse(res.text) as { type: string; status: number; title: string; detail: string };
  expect(body.type.startsWith(P), `${label}: ${body.type}`).toBe(true);
  expect(body.status, label).toBe(res.status);
  expect(typeof body.title).toBe("string");
  expect(typeof body.detail).toBe("string");
  return body;
}

async function caseCount(t: TestApp): Promise<number> {
  const row = await t.deps.db
    .selectFrom("cases")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .executeTakeFirstOrThrow();
  return row.n;
}

eachDialect("bad input", (dialect) => {
  const t = useTestApp(dialect);
  let ws: TestWorkspace;
  let ids: IdsOf;
  let ops: Operation[];
  let portal: PortalAccess;
  const admin = () => ({ authorization: ws.members.admin.auth.authorization });

  beforeAll(async () => {
    ws = await createTestWorkspace(t.deps, "bad-input");
    ops = await loadOperations(t);
    ids = await seedWorkspace(t, ops, ws, { marker: "badinput", fillerCases: 0 });
    portal = await seedPortal(t, ws, ids);
  });

  it("malformed bodies, wrong shapes and wrong types are 400 problems, never coerced", async () => {
    const before = await caseCount(t);
    const attempts: [string, string, string, string][] = [
      ["POST", "/api/cases", '{"subject": "x", "channel":', "truncated JSON"],
      ["POST", "/api/cases", "{subject: 'x'}", "JSON5, not JSON"],
      ["POST", "/api/cases", "[]", "array for object"],
      ["POST", "/api/cases", '[{"subject":"x","channel":"email"}]', "array of valid objects"],
      ["POST", "/api/cases", '"hello"', "string for object"],
      ["POST", "/api/cases", "null", "null for object"],
      ["POST", "/api/cases", "42", "number for object"],
      ["POST", "/api/cases", "", "empty body"],
      ["POST", "/api/cases", '{"subject":"x","channel":"email","isAdmin":true}', "unknown field"],
      [
        "POST",
        "/api/cases",
        '{"subject":"x","channel":"email","workspaceId":"' + ws.workspace.id + '"}',
        "unknown field",
      ],
      ["POST", "/api/cases", '{"subject":123,"channel":"email"}', "number for string"],
      ["POST", "/api/cases", '{"subject":"x","channel":"email","tags":"urgent"}', "string for array"],
      ["POST", "/api/cases", '{"subject":"x","channel":"email","tags":[1]}', "number in string array"],
      ["POST", "/api/cases", '{"subject":"","channel":"email"}', "empty subject"],
      ["POST", "/api/cases", '{"subject":"x","channel":"fax"}', "unknown enum value"],
      ["POST", "/api/cases", '{"subject":"x","channel":"EMAIL"}', "enum value in capitals"],
      [
        "POST",
        "/api/cases",
        '{"subject":"x","channel":"email","priority":"high","priorityReason":"loud"}',
        "reason not on the list",
      ],
      [
        "POST",
        "/api/cases",
        '{"subject":"x","channel":"email","assigneeId":"not-an-id"}',
        "malformed id in body",
      ],
      ["POST", "/api/cases", `{"subject":"${"x".repeat(301)}","channel":"email"}`, "subject over its limit"],
      [
        "POST",
        `/api/cases/${ids.case}/attempts`,
        '{"channel":"phone","line":"x","answered":"true"}',
        "string for boolean",
      ],
      [
        "POST",
        `/api/cases/${ids.case}/attempts`,
        '{"channel":"phone","line":"x","answered":1}',
        "number for boolean",
      ],
      [
        "POST",
        `/api/cases/${ids.case}/attempts`,
        '{"channel":"phone","line":"x","answered":false,"attemptedAt":"yesterday"}',
        "bad date-time",
      ],
      [
        "POST",
        `/api/cases/${ids.case}/entries`,
        '{"kind":"call","direction":"in","body":"x","answerSeconds":"12"}',
        "string for integer",
      ],
      [
        "POST",
        `/api/cases/${ids.case}/entries`,
        '{"kind":"call","direction":"in","body":"x","answerSeconds":1.5}',
        "fraction for integer",
      ],
      [
        "POST",
        `/api/cases/${ids.case}/entries`,
        '{"kind":"event","body":"forged system event"}',
        "system-only entry kind",
      ],
      ["PATCH", `/api/cases/${ids.case}`, "{}", "empty patch"],
      ["PATCH", `/api/cases/${ids.case}`, '{"status":"deleted"}', "unknown status"],
      ["PATCH", `/api/cases/${ids.case}`, '{"number":1}', "read-only field"],
      [
        "POST",
        "/api/staff",
        '{"name":"x","email":"not an email","role":"agent","authority":"agent"}',
        "bad email",
      ],
      [
        "POST",
        "/api/staff",
        '{"name":"x","email":"x@y.example","role":"root","authority":"agent"}',
        "unknown role",
      ],
      [
        "POST",
        "/api/staff",
        '{"name":"x","email":"x@y.example","role":"agent","authority":"agent","password":"short"}',
        "short password",
      ],
      ["POST", "/api/auth/login", '{"workspace":"bad-input","email":"a@b.c"}', "missing password"],
      [
        "POST",
        "/api/auth/login",
        '{"workspace":"bad-input","email":"a@b.c","password":["x"]}',
        "array password",
      ],
    ];
    for (const [method, url, payload, label] of attempts) {
      const res = await send(t, { method, url, payload, headers: admin() });
      const body = problemOf(res, label);
      expect(body.type, label).toBe(P + "invalid");
      expect(res.status, label).toBe(400);
    }
    expect(await caseCount(t)).toBe(before);
    // The last case's subject and tags are unchanged by the refused patches.
    const c = await send(t, { method: "GET", url: `/api/cases/${ids.case}`, headers: admin() });
    expect(JSON.parse(c.text)).toMatchObject({ status: "new", subject: "badinput case" });
  });

  it("names the unknown field in the problem", async () => {
    const res = await send(t, {
      method: "POST",
      url: "/api/teams",
      payload: JSON.stringify({ name: "Ops", colour: "red" }),
      headers: admin(),
    });
    const body = problemOf(res, "unknown field");
    expect(body.errors).toEqual([expect.objectContaining({ field: "colour" })]);
  });

  it("a body over the configured limit is 413 too-large, and nothing is created", async () => {
    expect(t.config.bodyLimit).toBe(1_048_576);
    const before = await caseCount(t);
    const filler = "a".repeat(t.config.bodyLimit);
    const res = await send(t, {
      method: "POST",
      url: "/api/cases",
      payload: JSON.stringify({ subject: "Big", channel: "email", description: filler }),
      headers: admin(),
    });
    const body = problemOf(res, "too large");
    expect(res.status).toBe(413);
    expect(body.type).toBe(P + "too-large");
    expect(await caseCount(t)).toBe(before);
    // Just under the limit is parsed (and then refused by the field's own limit, not the size).
    const under = await send(t, {
      method: "POST",
      url: "/api/cases",
      payload: JSON.stringify({
        subject: "Big",
        channel: "email",
        description: "a".repeat(t.config.bodyLimit - 100),
      }),
      headers: admin(),
    });
    expect(problemOf(under, "under the limit").type).toBe(P + "invalid");
  });

  it("invalid ids and numbers in paths are 400 problems, unknown routes 404 problems", async () => {
    for (const url of [
      "/api/cases/not-a-uuid",
      "/api/cases/1",
      `/api/cases/${ids.case!.toUpperCase()}`,
      `/api/cases/${ids.case}x`,
      "/api/cases/'%20OR%201%3D1--",
      "/api/cases/%00",
      "/api/staff/not-a-uuid",
      "/api/teams/00000000-0000-0000-0000-00000000000g",
      "/api/cases/not-a-uuid/entries",
      // An event stream validates before it opens, so a bad id is an ordinary 400 that ends.
      "/api/cases/not-a-uuid/events",
      "/api/cases/%00/events",
      "/api/cases/by-number/abc",
      "/api/cases/by-number/0",
      "/api/cases/by-number/-1",
      "/api/cases/by-number/1.5",
      "/api/cases/by-number/99999999999",
    ]) {
      const res = await send(t, { method: "GET", url, headers: admin() });
      expect(problemOf(res, url).type, url).toBe(P + "invalid");
    }
    const patch = await send(t, {
      method: "PATCH",
      url: "/api/cases/nope",
      payload: '{"subject":"x"}',
      headers: admin(),
    });
    expect(problemOf(patch, "patch bad id").status).toBe(400);
    const missing = await send(t, { method: "GET", url: "/api/no-such-thing", headers: admin() });
    expect(problemOf(missing, "unknown route").type).toBe(P + "not-found");
  });

  it("invalid query strings are 400 problems", async () => {
    for (const url of [
      "/api/cases?status=deleted",
      "/api/cases?limit=0",
      "/api/cases?limit=201",
      "/api/cases?limit=abc",
      "/api/cases?open=maybe",
      "/api/cases?sort=random",
      "/api/cases?assignee=everyone",
      "/api/cases?teamId=nope",
      "/api/cases?unknown=1",
      "/api/cases?cursor=%22%5D",
      "/api/search",
      "/api/search?q=",
      "/api/search?q=%20%21%21",
      `/api/search?q=${"x".repeat(201)}`,
      "/api/audit?afterSeq=-1",
      "/api/staff?teamId=1",
    ]) {
      const res = await send(t, { method: "GET", url, headers: admin() });
      expect(problemOf(res, url).type, url).toBe(P + "invalid");
    }
  });

  it("a wrong content type is a 4xx problem, not parsed", async () => {
    const before = await caseCount(t);
    const json = JSON.stringify({ subject: "Typed wrong", channel: "email" });
    for (const contentType of [
      "text/plain",
      "application/x-www-form-urlencoded",
      "multipart/form-data; boundary=x",
      "application/xml",
    ]) {
      const res = await send(t, {
        method: "POST",
        url: "/api/cases",
        payload: json,
        headers: { ...admin(), "content-type": contentType },
      });
      const body = problemOf(res, contentType);
      expect([400, 415]).toContain(body.status);
    }
    expect(await caseCount(t)).toBe(before);
  });

  // PostgreSQL text cannot hold U+0000 (a 500 before it was refused at the door) and SQLite would
  // store it silently: both stores must refuse it the same way.
  it("NUL characters in text are refused with a 400 on both stores", async () => {
    const c = await send(t, {
      method: "POST",
      url: "/api/cases",
      payload: '{"subject":"ok","channel":"email"}',
      headers: admin(),
    });
    const caseId = (JSON.parse(c.text) as { id: string }).id;
    const probes: [string, string, unknown][] = [
      ["POST", "/api/auth/login", { workspace: "a\u0000b", email: "x@y.example", password: "p" }],
      ["POST", "/api/cases", { subject: "a\u0000b", channel: "email" }],
      ["POST", "/api/cases", { subject: "ok", channel: "email", tags: ["a\u0000"] }],
      ["POST", "/api/teams", { name: "t\u0000" }],
      ["POST", `/api/cases/${caseId}/entries`, { kind: "note", body: "n\u0000" }],
      ["POST", "/api/tokens", { name: "n\u0000" }],
      ["GET", "/api/cases?tag=a%00b", undefined],
      ["GET", "/api/audit?action=a%00b", undefined],
    ];
    for (const [method, url, json] of probes) {
      const res = await send(t, {
        method,
        url,
        headers: admin(),
        ...(json !== undefined && { payload: JSON.stringify(json) }),
      });
      const label = `${method} ${url} ${JSON.stringify(json)}`;
      expect(res.status, label).toBe(400);
      expect(problemOf(res, label).type).toBe(P + "invalid");
    }
  });

  // 60 runs per write route: the time grows with the number of routes, hence its own timeout.
  it("fuzzed bodies on every write route never give a 5xx; refusals are problems; the data stays consistent", async () => {
    const writes = ops.filter((o) => ["POST", "PATCH", "PUT"].includes(o.method));
    expect(writes.length).toBeGreaterThanOrEqual(10);
    const tally = { ok: 0, refused: 0 };
    const ctx = { ids, marker: "fuzz", login: loginOf(ws), portalToken: portal.token };
    for (const op of writes) {
      const url = fillPath(op, ids);
      const valid = (validBody(op, ctx) ?? {}) as Record<string, unknown>;
      const keys = Object.keys(valid);
      const weird = fc.oneof(
        fc.anything(),
        fc.string({ unit: "binary", maxLength: 50 }),
        fc.string({ unit: "grapheme", maxLength: 50 }),
        fc.constantFrom(
          "",
          " ",
          "\u0000",
          "a\u0000b",
          "\uD800",
          "💥",
          "İ",
          "\u202E",
          "'; DROP TABLE cases; --",
          "%s%n",
        ),
        fc.integer({ min: 200, max: 200_000 }).map((n) => "x".repeat(n)),
        fc.constantFrom(null, true, 0, -1, 1e308, [], {}, [null]),
      );
      const mutated = fc.oneof(
        fc.constant(valid),
        keys.length ? fc.constantFrom(...keys).map((k) => omit(valid, k)) : fc.constant(valid),
        fc.tuple(fc.string({ maxLength: 20 }), fc.anything()).map(([k, v]) => ({ ...valid, [k]: v })),
        keys.length
          ? fc.tuple(fc.constantFrom(...keys), weird).map(([k, v]) => ({ ...valid, [k]: v }))
          : fc.constant(valid),
      );
      const body = fc.oneof(mutated, mutated, fc.object(), fc.anything());
      await fc.assert(
        fc.asyncProperty(body, async (value) => {
          const raw = (JSON.stringify(value) as string | undefined) ?? "";
          const headers = authFor(op, admin(), portal);
          const res = await send(t, { method: op.method, url, payload: raw, headers });
          if (res.status >= 500) {
            throw new Error(`${op.key} answered ${res.status} ${res.text} for ${raw.slice(0, 500)}`);
          }
          if (res.status >= 400) {
            tally.refused += 1;
            problemOf(res, op.key);
          } else tally.ok += 1;
        }),
        { numRuns: 60 },
      );
    }
    expect(tally.ok).toBeGreaterThan(20);
    expect(tally.refused).toBeGreaterThan(100);

    const verify = await send(t, { method: "GET", url: "/api/audit/verify", headers: admin() });
    expect(verify.status).toBe(200);
    expect(JSON.parse(verify.text)).toMatchObject({ ok: true, firstBreak: null });
    // Every case was created through createCase, which audits in the same transaction.
    const db = t.deps.db;
    const cases = await db.selectFrom("cases").select(["id", "workspace_id"]).execute();
    const created = await db
      .selectFrom("audit_entries")
      .select(["subject_id", "workspace_id"])
      .where("action", "=", "case.created")
      .execute();
    expect(cases.length).toBeGreaterThan(1);
    expect(created.map((e) => `${e.workspace_id}/${e.subject_id}`).sort()).toEqual(
      cases.map((c) => `${c.workspace_id}/${c.id}`).sort(),
    );
    // No timeline row, attempt or tag points at a missing case or at another workspace's case.
    for (const table of [
      "case_entries",
      "contact_attempts",
      "case_tags",
      "staff_messages",
      "pages",
    ] as const) {
      const orphans = await sql<{ n: number }>`
        SELECT count(*) AS n FROM ${sql.table(table)} x
        LEFT JOIN cases c ON c.id = x.case_id AND c.workspace_id = x.workspace_id
        WHERE c.id IS NULL`.execute(db);
      expect(Number(orphans.rows[0]?.n), table).toBe(0);
    }
    // Sixty bodies for each of some forty write routes: more than the default minute on a busy machine.
  }, 240_000);
});

eachDialect("bad input with a small body limit", (dialect) => {
  const t = useTestApp(dialect, { bodyLimit: 2048 });
  let ws: TestWorkspace;
  beforeAll(async () => {
    ws = await createTestWorkspace(t.deps, "small-limit");
  });

  it("follows the configured bodyLimit", async () => {
    const headers = ws.members.agent.auth;
    const ok = await send(t, {
      method: "POST",
      url: "/api/cases",
      payload: JSON.stringify({ subject: "Fits", channel: "email", description: "a".repeat(1500) }),
      headers,
    });
    expect(ok.status).toBe(201);
    const big = await send(t, {
      method: "POST",
      url: "/api/cases",
      payload: JSON.stringify({ subject: "Too big", channel: "email", description: "a".repeat(2100) }),
      headers,
    });
    expect(problemOf(big, "over 2 KiB").type).toBe(P + "too-large");
    expect(big.status).toBe(413);
  });
});

function omit(o: Record<string, unknown>, key: string): Record<string, unknown> {
  const { [key]: _dropped, ...rest } = o;
  return rest;
}
