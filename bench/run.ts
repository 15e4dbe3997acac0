/**
 * `npm run bench`: ceilings, authenticated create-case and the agent's open-case queue at 10k and
 * 1M cases, on SQLite and PostgreSQL, over real HTTP on loopback with autocannon.
 *
 * Env: BENCH_SECONDS (per figure, default 5), BENCH_CASES_LARGE (default 1_000_000),
 * BENCH_CONNECTIONS (default 10), BENCH_DEADLINE_MINUTES (default 40), FRONTDESK_BENCH_PG (admin
 * URL, default postgres://postgres@127.0.0.1:5432/test), BENCH_RECOMPUTE_CASES (default 100_000),
 * BENCH_EMAIL_MESSAGES (default 2000) and BENCH_EMAIL_CONNECTIONS (default 4) for the email figure,
 * BENCH_ONLY (comma-separated parts to run: business-time, http, recompute, email; default all).
 */
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import { join } from "node:path";
import SQLite from "better-sqlite3";
import { Kysely, PostgresDialect, SqliteDialect, type CompiledQuery } from "kysely";
import pg from "pg";
import { buildApp } from "../src/app.js";
import { createApiToken } from "../src/auth/auth.service.js";
import { permissionsOf, systemActor, type Actor } from "../src/auth/auth.rules.js";
import { listCasesPage } from "../src/cases/cases.service.js";
import { loadConfig } from "../src/config.js";
import { openDatabase, type Database, type Dialect } from "../src/db/database.js";
import { migrateToLatest } from "../src/db/migrate.js";
import type { DB } from "../src/db/schema.js";
import type { Deps } from "../src/deps.js";
import { systemClock } from "../src/shared/clock.js";
import { createIdGenerator } from "../src/shared/ids.js";
import { createStaffMember } from "../src/staff/staff.service.js";
import { createWorkspace } from "../src/workspaces/workspaces.service.js";
import { listen, startBareInsert, startBareJson, type Running } from "./ceilings.js";
import { generateCases, type GenerationTimes } from "./generate.js";
import { measure, type LoadResult, type LoadSpec } from "./load.js";
import { benchBusinessTime } from "./business-time.js";
import { createLocalBus } from "../src/events/events.bus.js";
import { benchRecompute, type RecomputeFigures } from "./recompute.js";
import { benchEmail } from "./email.js";

function envNumber(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  const n = Number(raw.replace(/_/g, ""));
  if (!Number.isFinite(n) || n <= 0) throw new Error(`${name} must be a positive number, not "${raw}".`);
  return n;
}

const SECONDS = envNumber("BENCH_SECONDS", 5);
const WARMUP_SECONDS = Math.min(2, Math.max(1, Math.round(SECONDS / 5)));
const CONNECTIONS = Math.round(envNumber("BENCH_CONNECTIONS", 10));
const SMALL = 10_000;
const LARGE = Math.max(SMALL, Math.round(envNumber("BENCH_CASES_LARGE", 1_000_000)));
const ASSIGNEES = 50;
const PG_ADMIN_URL = process.env.FRONTDESK_BENCH_PG ?? "postgres://postgres@127.0.0.1:5432/test";
/** The whole run stops (cleaning up) if it takes longer than this. */
const DEADLINE_MINUTES = envNumber("BENCH_DEADLINE_MINUTES", 40);
const RECOMPUTE_CASES = Math.round(envNumber("BENCH_RECOMPUTE_CASES", 100_000));
const PARTS = ["business-time", "http", "recompute", "email"] as const;
type Part = (typeof PARTS)[number];
const ONLY: ReadonlySet<Part> = (() => {
  const raw = process.env.BENCH_ONLY?.trim();
  if (!raw) return new Set(PARTS);
  const names = raw.split(",").map((s) => s.trim());
  for (const n of names)
    if (!(PARTS as readonly string[]).includes(n))
      throw new Error(`BENCH_ONLY: "${n}" is not one of ${PARTS.join(", ")}.`);
  return new Set(names as Part[]);
})();

const log = (line = "") => process.stdout.write(line + "\n");
const fmt = (n: number, digits = 0) =>
  n.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });
const count = (n: number) =>
  n >= 1_000_000 && n % 1_000_000 === 0
    ? `${n / 1_000_000}M`
    : n >= 1000 && n % 1000 === 0
      ? `${n / 1000}k`
      : fmt(n);

// ---------------------------------------------------------------------------------------------
// Cleanup that also runs on Ctrl-C and on the deadline.

const cleanups: (() => Promise<void>)[] = [];
async function runCleanups(): Promise<void> {
  while (cleanups.length > 0) {
    const fn = cleanups.pop()!;
    await fn().catch((err: unknown) => log(`cleanup failed: ${String(err)}`));
  }
}
function onAbort(reason: string, code: number) {
  log(`\n${reason}; cleaning up…`);
  void runCleanups().finally(() => process.exit(code));
}
process.once("SIGINT", () => {
  onAbort("interrupted", 130);
});
process.once("SIGTERM", () => {
  onAbort("terminated", 143);
});
const deadline = setTimeout(() => {
  onAbort(`the bench exceeded ${DEADLINE_MINUTES} minutes`, 1);
}, DEADLINE_MINUTES * 60_000);
deadline.unref();

// ---------------------------------------------------------------------------------------------
// Databases

interface BenchDatabase {
  url: string;
  drop(): Promise<void>;
}

async function postgresReachable(): Promise<string | null> {
  const client = new pg.Client({ connectionString: PG_ADMIN_URL, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    const res = await client.query<{ server_version: string }>("SHOW server_version");
    return res.rows[0]?.server_version ?? "?";
  } catch {
    return null;
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function createBenchDatabase(dialect: Dialect): Promise<BenchDatabase> {
  if (dialect === "sqlite") {
    const dir = mkdtempSync(join(os.tmpdir(), "fd-bench-"));
    return {
      url: join(dir, "bench.db"),
      drop: () => {
        rmSync(dir, { recursive: true, force: true });
        return Promise.resolve();
      },
    };
  }
  const name = `fd_bench_${process.pid}_${randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  return {
    url: PG_ADMIN_URL.replace(/\/[^/]*$/, `/${name}`),
    drop: async () => {
      const c = new pg.Client({ connectionString: PG_ADMIN_URL });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Fixtures made through the services, as test/support/factories.ts does.

interface Member {
  staffId: string;
  actor: Actor;
  authorization: string;
}

async function agentWithToken(deps: Deps, workspaceId: string, staffId: string): Promise<Member> {
  const actor: Actor = {
    kind: "staff",
    workspaceId,
    staffId,
    role: "agent",
    permissions: permissionsOf("agent"),
  };
  const token = await createApiToken(deps, actor, "bench");
  return { staffId, actor, authorization: `Bearer ${token.token}` };
}

/** A workspace with `staff` agents; the first one ("me") gets an API token. */
async function workspaceWithAgents(deps: Deps, slug: string, staff: number) {
  const workspace = await createWorkspace(deps, {
    slug,
    name: `Bench ${slug}`,
    timeZone: "Europe/Amsterdam",
  });
  const system = systemActor(workspace.id);
  const ids: string[] = [];
  for (let n = 0; n < staff; n++) {
    const member = await createStaffMember(deps, system, {
      name: `Agent ${n + 1}`,
      email: `agent${n + 1}@${slug}.example`,
      role: "agent",
      authority: "agent",
    });
    ids.push(member.id);
  }
  const me = await agentWithToken(deps, workspace.id, ids[0]!);
  return { workspaceId: workspace.id, staffIds: ids, me };
}

// ---------------------------------------------------------------------------------------------
// Figures

interface Row {
  figure: string;
  result: LoadResult;
  ceiling: string;
  ratio: string;
}

interface DialectReport {
  dialect: Dialect;
  rows: Row[];
  generation: { phase: string; times: GenerationTimes }[];
  plans: string[];
  aims: string[];
}

async function figure(spec: Omit<LoadSpec, "connections" | "seconds">): Promise<LoadResult> {
  return measure({ ...spec, connections: CONNECTIONS, seconds: SECONDS }, WARMUP_SECONDS);
}

function notes(r: LoadResult): string {
  const parts = [
    r.non2xx > 0 ? `${r.non2xx} non-2xx` : "",
    r.errors > 0 ? `${r.errors} errors` : "",
    r.timeouts > 0 ? `${r.timeouts} timeouts` : "",
    r.total === 0 ? `no 2xx response within ${SECONDS} s` : "",
  ].filter(Boolean);
  return parts.join(", ");
}

interface CasePage {
  items: { id: string; assigneeId: string | null; status: string; dueAt: string | null }[];
  nextCursor: string | null;
}

async function getJson<T>(url: string, authorization: string): Promise<T> {
  const res = await fetchOnce(url, authorization);
  if (res.status !== 200) throw new Error(`GET ${url}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

/**
 * One GET, tried again once when the pooled socket was closed under it: generating a million rows
 * blocks this process's event loop for a minute, and the server's keep-alive timers then close idle
 * sockets just as fetch reuses one ("other side closed"). That is the bench's own artefact, not
 * an answer from the route, so it is retried on a new connection.
 */
async function fetchOnce(url: string, authorization: string): Promise<Response> {
  try {
    return await fetch(url, { headers: { authorization } });
  } catch (error) {
    log(`    (retrying ${url}: ${String((error as { cause?: unknown }).cause ?? error)})`);
    await new Promise((resolve) => setTimeout(resolve, 200));
    return fetch(url, { headers: { authorization } });
  }
}

/** Fetches the queue's first two pages once and checks they are what an agent should see. */
async function checkQueue(
  base: string,
  me: Member,
): Promise<{ page1: string; page2: string; cursor: string }> {
  const page1Url = `${base}/api/cases?assignee=me&open=true&sort=due&limit=50`;
  const p1 = await getJson<CasePage>(page1Url, me.authorization);
  if (p1.items.length !== 50 || !p1.nextCursor)
    throw new Error(`page 1 has ${p1.items.length} items, cursor ${p1.nextCursor}`);
  const page2Url = `${page1Url}&cursor=${encodeURIComponent(p1.nextCursor)}`;
  const p2 = await getJson<CasePage>(page2Url, me.authorization);
  if (p2.items.length === 0) throw new Error("page 2 is empty");
  const all = [...p1.items, ...p2.items];
  const key = (c: CasePage["items"][number]) => `${c.dueAt ?? "9999"}|${c.id}`;
  for (let n = 0; n < all.length; n++) {
    const c = all[n]!;
    if (c.assigneeId !== me.staffId) throw new Error(`case ${c.id} is assigned to ${c.assigneeId}, not me`);
    if (c.status === "solved" || c.status === "closed") throw new Error(`case ${c.id} is ${c.status}`);
    if (n > 0 && key(all[n - 1]!) >= key(c))
      throw new Error(`queue out of order at ${n}: ${key(all[n - 1]!)} ≥ ${key(c)}`);
  }
  return { page1: page1Url, page2: page2Url, cursor: p1.nextCursor };
}

const clip = (s: string, max: number) => (s.length > max ? `${s.slice(0, max)}…` : s);

/** The plans of the queries one queue page runs (captured from the app's own store code). */
async function explainQueue(database: Database, url: string, me: Member, cursor: string): Promise<string[]> {
  const captured: CompiledQuery[] = [];
  const logQuery = (event: { query: CompiledQuery }) => void captured.push(event.query);
  const sqlite = database.dialect === "sqlite" ? new SQLite(url, { readonly: true }) : undefined;
  const pool = database.dialect === "postgres" ? new pg.Pool({ connectionString: url, max: 1 }) : undefined;
  const db = new Kysely<DB>({
    dialect: sqlite ? new SqliteDialect({ database: sqlite }) : new PostgresDialect({ pool: pool! }),
    log: logQuery,
  });
  const deps: Deps = {
    db,
    dialect: database.dialect,
    clock: systemClock,
    newId: createIdGenerator(systemClock),
    events: createLocalBus(),
  };
  const out: string[] = [];
  try {
    for (const [label, c] of [
      ["page 1", undefined],
      ["page 2", cursor],
    ] as const) {
      captured.length = 0;
      await listCasesPage(deps, me.actor, {
        assigneeId: me.staffId,
        isOpen: true,
        sort: "due",
        cursor: c,
        limit: 50,
      });
      for (const q of captured) {
        out.push(`  [${label}] ${clip(q.sql.replace(/\s+/g, " "), 160)}`);
        if (sqlite) {
          const rows = sqlite.prepare(`EXPLAIN QUERY PLAN ${q.sql}`).all(...(q.parameters as unknown[])) as {
            detail: string;
          }[];
          for (const r of rows) out.push(`      ${r.detail}`);
        } else {
          const res = await pool!.query<{ "QUERY PLAN": string }>(
            `EXPLAIN (ANALYZE, COSTS OFF, BUFFERS) ${q.sql}`,
            q.parameters as unknown[],
          );
          for (const r of res.rows) out.push(`      ${clip(r["QUERY PLAN"], 200)}`);
        }
      }
    }
  } finally {
    await db.destroy();
  }
  return out;
}

async function benchDialect(dialect: Dialect): Promise<DialectReport> {
  const report: DialectReport = { dialect, rows: [], generation: [], plans: [], aims: [] };
  const stamp = (s: string) => log(`[${dialect}] ${s}`);
  const bench = await createBenchDatabase(dialect);
  cleanups.push(() => bench.drop());
  const config = loadConfig({ DATABASE_URL: bench.url, FRONTDESK_DEMO: "false" });
  const database = openDatabase({ url: config.databaseUrl, sqliteSynchronous: config.sqliteSynchronous });
  let dbOpen = true;
  const closeDb = async () => {
    if (dbOpen) {
      dbOpen = false;
      await database.close();
    }
  };
  cleanups.push(closeDb);
  await migrateToLatest(database);
  const deps: Deps = {
    db: database.db,
    dialect: database.dialect,
    clock: systemClock,
    newId: createIdGenerator(systemClock),
    events: createLocalBus(),
  };

  // 1. Ceilings.
  stamp("ceiling (a): bare Fastify JSON route");
  const bareJson = await startBareJson();
  let json: LoadResult;
  try {
    json = await figure({ url: bareJson.url });
  } finally {
    await bareJson.close();
  }
  report.rows.push({ figure: "bare JSON GET (ceiling a)", result: json, ceiling: "—", ratio: "—" });

  stamp("ceiling (b): bare one-row INSERT route");
  const body = JSON.stringify({ subject: "Printer jams on every second page" });
  const bareInsert = await startBareInsert(bench.url);
  let insert: LoadResult;
  try {
    insert = await figure({ url: bareInsert.url, method: "POST", body });
  } finally {
    await bareInsert.close();
  }
  report.rows.push({
    figure: "bare INSERT POST (ceiling b)",
    result: insert,
    ceiling: `${fmt(json.requestsPerSecond)} (a)`,
    ratio: (insert.requestsPerSecond / json.requestsPerSecond).toFixed(2),
  });

  // 2. The real app.
  const writer = await workspaceWithAgents(deps, "bench-write", 1);
  const queue = await workspaceWithAgents(deps, "bench-queue", ASSIGNEES);
  const app = await buildApp({ deps, config, logger: false });
  const base = await listen(app);
  let appOpen = true;
  const running: Running = {
    url: base,
    close: async () => {
      if (appOpen) {
        appOpen = false;
        await app.close();
      }
    },
  };
  cleanups.push(() => running.close());

  const createBody = JSON.stringify({
    subject: "Printer jams on every second page",
    channel: "email",
    description: "Since Monday the office printer jams on every second page of long jobs.",
  });
  const createSpec = {
    url: `${base}/api/cases`,
    method: "POST" as const,
    body: createBody,
    headers: { authorization: writer.me.authorization },
  };
  stamp("POST /api/cases (API token)");
  const create = await figure(createSpec);
  const createRatio = create.requestsPerSecond / insert.requestsPerSecond;
  report.rows.push({
    figure: "create case (bearer token)",
    result: create,
    ceiling: `${fmt(insert.requestsPerSecond)} (b)`,
    ratio: createRatio.toFixed(2),
  });
  report.aims.push(
    `create case / bare insert = ${createRatio.toFixed(2)} (aim ≥ 0.5): ${createRatio >= 0.5 ? "met" : "MISSED"}`,
  );

  // 3. The agent's open-case queue at 10k and at LARGE cases.
  const nowMs = Date.now();
  const queueFigures = async (size: number) => {
    const urls = await checkQueue(base, queue.me);
    const headers = { authorization: queue.me.authorization };
    stamp(`queue page 1 @ ${count(size)}`);
    const p1 = await figure({ url: urls.page1, headers });
    stamp(`queue page 2 @ ${count(size)}`);
    const p2 = await figure({ url: urls.page2, headers });
    return { p1, p2, cursor: urls.cursor };
  };

  stamp(`generating ${count(SMALL)} cases`);
  report.generation.push({
    phase: `0 → ${count(SMALL)}`,
    times: await generateCases({
      url: bench.url,
      workspaceId: queue.workspaceId,
      assigneeIds: queue.staffIds,
      from: 0,
      to: SMALL,
      totalPlanned: LARGE,
      nowMs,
      log: stamp,
    }),
  });
  const small = await queueFigures(SMALL);

  stamp(`generating ${count(LARGE - SMALL)} more cases`);
  report.generation.push({
    phase: `${count(SMALL)} → ${count(LARGE)}`,
    times: await generateCases({
      url: bench.url,
      workspaceId: queue.workspaceId,
      assigneeIds: queue.staffIds,
      from: SMALL,
      to: LARGE,
      totalPlanned: LARGE,
      nowMs,
      log: stamp,
    }),
  });
  const large = await queueFigures(LARGE);

  const mine = await database.db
    .selectFrom("cases")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("workspace_id", "=", queue.workspaceId)
    .where("assignee_id", "=", queue.me.staffId)
    .where("is_open", "=", 1)
    .executeTakeFirstOrThrow();

  for (const [label, s, l] of [
    ["page 1", small.p1, large.p1],
    ["page 2 (cursor)", small.p2, large.p2],
  ] as const) {
    report.rows.push({
      figure: `queue ${label} @ ${count(SMALL)}`,
      result: s,
      ceiling: `${fmt(json.requestsPerSecond)} (a)`,
      ratio: (s.requestsPerSecond / json.requestsPerSecond).toFixed(2),
    });
    const timeRatio = l.p50 / s.p50;
    report.rows.push({
      figure: `queue ${label} @ ${count(LARGE)}`,
      result: l,
      ceiling: `p50 ${s.p50.toFixed(2)} ms @${count(SMALL)}`,
      ratio: `${timeRatio.toFixed(2)}x time`,
    });
    report.aims.push(
      `queue ${label}: p50 @${count(LARGE)} / p50 @${count(SMALL)} = ${timeRatio.toFixed(2)}x, ` +
        `req/s ${fmt(s.requestsPerSecond)} → ${fmt(l.requestsPerSecond)} (aim ≤ 2x): ${timeRatio <= 2 ? "met" : "MISSED"}`,
    );
  }
  report.plans.push(
    `  (agent "me" has ${fmt(mine.n)} open cases of ${fmt(LARGE)} in the workspace)`,
    ...(await explainQueue(database, bench.url, queue.me, large.cursor)),
  );

  // The same create at scale: the tables now hold LARGE cases and search documents.
  stamp(`POST /api/cases with ${count(LARGE)} cases in the tables`);
  const createLarge = await figure(createSpec);
  const createLargeRatio = createLarge.requestsPerSecond / insert.requestsPerSecond;
  report.rows.push({
    figure: `create case, ${count(LARGE)} cases in tables`,
    result: createLarge,
    ceiling: `${fmt(insert.requestsPerSecond)} (b)`,
    ratio: createLargeRatio.toFixed(2),
  });
  report.aims.push(
    `create case with ${count(LARGE)} cases in the tables / bare insert = ${createLargeRatio.toFixed(2)} (aim ≥ 0.5): ${createLargeRatio >= 0.5 ? "met" : "MISSED"}`,
  );

  await running.close();
  await closeDb();
  return report;
}

// ---------------------------------------------------------------------------------------------
// Output

const ms = (n: number) => (Number.isFinite(n) ? n.toFixed(2) : "—");

function table(rows: Row[]): string[] {
  const header = ["figure", "req/s", "p50 ms", "p99 ms", "ceiling req/s", "ratio", "notes"];
  const cells = rows.map((r) => [
    r.figure,
    fmt(r.result.requestsPerSecond, r.result.requestsPerSecond < 10 ? 1 : 0),
    ms(r.result.p50),
    ms(r.result.p99),
    r.ceiling,
    r.ratio,
    notes(r.result),
  ]);
  const widths = header.map((h, c) => Math.max(h.length, ...cells.map((row) => row[c]!.length)));
  const line = (row: string[]) =>
    row
      .map((cell, c) => (c === 0 || c === 6 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!)))
      .join("  ")
      .trimEnd();
  return [line(header), widths.map((w) => "-".repeat(w)).join("  "), ...cells.map(line)];
}

function recomputeTable(rows: { dialect: Dialect; figures: RecomputeFigures }[]): string[] {
  const header = ["dialect", "cases", "promises", "recompute s", "promises/s", "ceiling s", "ratio"];
  const cells = rows.map(({ dialect, figures: f }) => [
    dialect,
    fmt(f.cases),
    fmt(f.promises),
    f.seconds.toFixed(2),
    fmt(f.promises / f.seconds),
    f.ceilingSeconds.toFixed(2),
    `${(f.seconds / f.ceilingSeconds).toFixed(1)}x`,
  ]);
  const widths = header.map((h, c) => Math.max(h.length, ...cells.map((row) => row[c]!.length)));
  const line = (row: string[]) =>
    row.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join("  ");
  return [line(header), widths.map((w) => "-".repeat(w)).join("  "), ...cells.map(line)];
}

function sqliteVersion(): string {
  const db = new SQLite(":memory:");
  try {
    return (db.prepare("select sqlite_version() as v").get() as { v: string }).v;
  } finally {
    db.close();
  }
}

async function main(): Promise<void> {
  const started = performance.now();
  const cpus = os.cpus();
  const pgVersion = await postgresReachable();
  log("Frontdesk bench");
  log(
    `machine: ${cpus.length} × ${cpus[0]?.model.trim() ?? "?"}, ${fmt(os.totalmem() / 2 ** 30, 1)} GiB RAM, ` +
      `${os.type()} ${os.release()} (${os.arch()})`,
  );
  log(
    `runtime: node ${process.version}; SQLite ${sqliteVersion()}; PostgreSQL ${pgVersion ?? "unreachable"}`,
  );
  log(
    `load: autocannon, ${CONNECTIONS} connections, ${SECONDS} s per figure after ${WARMUP_SECONDS} s warm-up, ` +
      `HTTP/1.1 over loopback; queue = GET /api/cases?assignee=me&open=true&sort=due&limit=50; ` +
      `large = ${fmt(LARGE)} cases`,
  );
  if (pgVersion === null) {
    log(`NOTICE: PostgreSQL at ${PG_ADMIN_URL} is unreachable; benching SQLite only.`);
  }
  log();

  if (ONLY.has("business-time")) {
    const bt = benchBusinessTime();
    log("== business time (one core, no I/O) ==");
    log(
      `addWorkingTime, harbor calendar with holidays: ${fmt(bt.harborPerSecond)}/s; ` +
        `ceiling (plain addition, same inputs): ${fmt(bt.plainPerSecond)}/s; ` +
        `ratio ${(bt.harborPerSecond / bt.plainPerSecond).toFixed(3)}; aim > 1,000,000/s: ` +
        `${bt.harborPerSecond > 1_000_000 ? "met" : "MISSED"} (${fmt(bt.calls)} calls)`,
    );
    log();
  }

  const dialects: Dialect[] = pgVersion === null ? ["sqlite"] : ["sqlite", "postgres"];
  const reports: DialectReport[] = [];
  if (ONLY.has("http")) {
    for (const dialect of dialects) {
      reports.push(await benchDialect(dialect));
      await runCleanups();
      log();
    }
  }
  if (ONLY.has("email")) {
    log("== email: SMTP to stored case entry (nodemailer clients → listener → case entry committed) ==");
    for (const dialect of dialects) {
      const bench = await createBenchDatabase(dialect);
      cleanups.push(() => bench.drop());
      const e = await benchEmail({
        url: bench.url,
        messages: Math.round(envNumber("BENCH_EMAIL_MESSAGES", 2000)),
        connections: Math.round(envNumber("BENCH_EMAIL_CONNECTIONS", 4)),
      });
      log(
        `[${dialect}] ${fmt(e.smtpPerSecond, 1)} messages/s over ${e.connections} SMTP connections ` +
          `(${fmt(e.messages)} messages, ${fmt(e.replies)} replies joining cases); ceiling (mailparser alone, ` +
          `same messages): ${fmt(e.parsePerSecond, 1)}/s; ratio ${(e.smtpPerSecond / e.parsePerSecond).toFixed(2)}`,
      );
      await runCleanups();
    }
    log();
  }
  const recomputed: { dialect: Dialect; figures: RecomputeFigures }[] = [];
  if (ONLY.has("recompute")) {
    for (const dialect of dialects) {
      const bench = await createBenchDatabase(dialect);
      cleanups.push(() => bench.drop());
      log(`[${dialect}] recompute open promises of ${count(RECOMPUTE_CASES)} cases after a calendar change`);
      const figures = await benchRecompute({
        url: bench.url,
        cases: RECOMPUTE_CASES,
        log: (l) => log(`[${dialect}] ${l}`),
      });
      recomputed.push({ dialect, figures });
      await runCleanups();
      log();
    }
  }

  for (const r of reports) {
    log(`== ${r.dialect} ==`);
    for (const l of table(r.rows)) log(l);
    log();
    log(
      "ratio: ceilings and create case = req/s ÷ ceiling; queue @10k = req/s ÷ bare JSON; queue @large = p50 ÷ p50 @10k.",
    );
    for (const a of r.aims) log(`  ${a}`);
    log();
    log("generation (bulk INSERT … SELECT in 100k-row transactions, own connection):");
    for (const g of r.generation) {
      const t = g.times;
      log(
        `  ${g.phase.padEnd(12)} ${fmt(t.rows).padStart(9)} cases in ${t.total.toFixed(1)} s ` +
          `(rows ${t.insert.toFixed(1)} s, index rebuild ${t.indexes.toFixed(1)} s, ` +
          `${r.dialect === "postgres" ? "vacuum analyze" : "checkpoint"} ${t.finish.toFixed(1)} s)`,
      );
    }
    log();
    log(`queue query plans @ ${count(LARGE)}:`);
    for (const p of r.plans) log(p);
    log();
  }
  if (recomputed.length > 0) {
    log(`== recompute open promises after a calendar change (${count(RECOMPUTE_CASES)} cases) ==`);
    for (const l of recomputeTable(recomputed)) log(l);
    log();
    log(
      "ceiling: a bare batched UPDATE of the same promise rows (keyset read + one UPDATE … IN per 500, " +
        "one transaction each); ratio = recompute time ÷ ceiling time.",
    );
    for (const { dialect, figures: f } of recomputed) {
      const aim = f.seconds < (10 * f.cases) / 100_000;
      log(
        `  [${dialect}] ${fmt(f.moved)} of ${fmt(f.promises)} promises moved, ${f.checked} sampled against the rules; ` +
          `aim < 10 s per 100k cases: ${aim ? "met" : "MISSED"} (load ${f.loadSeconds.toFixed(1)} s)`,
      );
    }
    log();
  }
  const genTotal = reports.flatMap((r) => r.generation).reduce((s, g) => s + g.times.total, 0);
  log(
    `generation total: ${genTotal.toFixed(1)} s; whole run: ${((performance.now() - started) / 1000).toFixed(0)} s`,
  );
}

try {
  await main();
} catch (err) {
  log(`bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  process.exitCode = 1;
} finally {
  await runCleanups();
  clearTimeout(deadline);
}
