import { createLocalBus } from "../src/events/events.bus.js";
import { sql } from "kysely";
import { createAgreement } from "../src/agreements/agreements.service.js";
import { systemActor } from "../src/auth/auth.rules.js";
import { compileCalendar, type CalendarSpec } from "../src/calendar/calendar.rules.js";
import {
  createCalendar,
  updateCalendar,
  updatePromiseSettingsFor,
} from "../src/calendars/calendars.service.js";
import { openDatabase, type Database } from "../src/db/database.js";
import type { CaseTable, DueWorkTable, PromiseTable } from "../src/db/schema.js";
import type { Deps } from "../src/deps.js";
import { BREACH_KIND, WARNING_KIND } from "../src/promises/promises.duework.js";
import {
  basisFor,
  caseDueAt,
  dueFor,
  dueFromBasis,
  promiseWarningInstants,
  type AgreementBasis,
  type AgreementTerms,
} from "../src/promises/promises.rules.js";
import { systemClock } from "../src/shared/clock.js";
import { createIdGenerator } from "../src/shared/ids.js";
import { createWorkspace } from "../src/workspaces/workspaces.service.js";

/*
 * "Re-computing the open promises of N cases after a calendar change" (issue 4, aim: 100,000 cases
 * under 10 s). Each case is open with two computed promises (first reply, resolution) and their
 * pending due work (a warning and a breach each), as the case hooks leave them. The figure is the
 * calendar PATCH's service call, which saves the calendar and recomputes every open promise that
 * runs in it. The ceiling is a bare batched UPDATE touching the same promise rows: read a batch of
 * ids by keyset, one UPDATE … WHERE id IN (…), one transaction per batch of the same size.
 */

const HOURS = (from: string, to: string): [string, string][] => [[from, to]];

const BEFORE: CalendarSpec = {
  timeZone: "America/New_York",
  weekly: {
    mon: HOURS("09:00", "17:00"),
    tue: HOURS("09:00", "17:00"),
    wed: HOURS("09:00", "17:00"),
    thu: HOURS("09:00", "17:00"),
    fri: HOURS("09:00", "17:00"),
    sat: HOURS("10:00", "14:00"),
  },
  holidays: ["2026-11-26", "2026-12-25"],
};

/** The change: the desk opens an hour earlier on weekdays, so every open promise moves. */
const AFTER: CalendarSpec = {
  ...BEFORE,
  weekly: {
    ...BEFORE.weekly,
    mon: HOURS("08:00", "17:00"),
    tue: HOURS("08:00", "17:00"),
    wed: HOURS("08:00", "17:00"),
    thu: HOURS("08:00", "17:00"),
    fri: HOURS("08:00", "17:00"),
  },
};

const TARGETS = {
  low: { firstReplyMinutes: 960, nextReplyMinutes: 960, resolutionMinutes: 2400 },
  normal: { firstReplyMinutes: 240, nextReplyMinutes: 240, resolutionMinutes: 1440 },
  high: { firstReplyMinutes: 120, nextReplyMinutes: 120, resolutionMinutes: 960 },
  urgent: { firstReplyMinutes: 60, nextReplyMinutes: 60, resolutionMinutes: 480 },
};

/** Rows per INSERT while loading (due_work has 14 columns: 14 × 1,000 parameters stay in bounds). */
const INSERT_ROWS = 1000;
/** The ceiling's batch, the same as recomputation's. */
const CEILING_BATCH = 500;

export interface RecomputeFigures {
  cases: number;
  promises: number;
  moved: number;
  /** Seconds for the calendar change including recomputation. */
  seconds: number;
  /** Seconds for the bare batched UPDATE of the same promise rows. */
  ceilingSeconds: number;
  loadSeconds: number;
  /** Sampled promises whose stored due time matched the rules' answer for the new calendar. */
  checked: number;
}

async function insertChunked<T extends "cases" | "promises" | "due_work">(
  database: Database,
  table: T,
  rows: (T extends "cases" ? CaseTable : T extends "promises" ? PromiseTable : DueWorkTable)[],
): Promise<void> {
  for (let i = 0; i < rows.length; i += INSERT_ROWS * 20) {
    await database.db.transaction().execute(async (trx) => {
      for (let j = i; j < Math.min(rows.length, i + INSERT_ROWS * 20); j += INSERT_ROWS) {
        await trx
          .insertInto(table)
          .values(rows.slice(j, j + INSERT_ROWS) as any)
          .execute();
      }
    });
  }
}

/** Cases, promises and due work as the hooks write them, loaded in bulk (not timed as the figure). */
async function load(
  deps: Deps,
  database: Database,
  p: { workspaceId: string; agreementId: string; calendarId: string; cases: number; nowMs: number },
): Promise<{ promises: number }> {
  const cal = compileCalendar(BEFORE);
  const agreement: AgreementTerms = {
    id: p.agreementId,
    coverage: "calendar",
    targets: TARGETS,
    callbackMinutes: 60,
  };
  const cases: CaseTable[] = [];
  const promises: PromiseTable[] = [];
  const work: DueWorkTable[] = [];
  const at = new Date(p.nowMs).toISOString();
  for (let n = 0; n < p.cases; n++) {
    // Opened one every 7 s up to now, so targets land on every kind of day and hour.
    const createdMs = p.nowMs - (p.cases - n) * 7_000;
    const created = new Date(createdMs).toISOString();
    const caseId = deps.newId();
    const open: PromiseTable[] = [];
    for (const target of ["first_reply", "resolution"] as const) {
      const input = {
        agreement,
        calendar: cal,
        calendarId: p.calendarId,
        priority: "normal" as const,
        target,
        from: createdMs,
      };
      const row: PromiseTable = {
        id: deps.newId(),
        workspace_id: p.workspaceId,
        case_id: caseId,
        kind: target === "first_reply" ? "reply_by" : "custom",
        target,
        description: target === "first_reply" ? "First reply" : "Resolution",
        due_at: new Date(dueFor(input)).toISOString(),
        status: "open",
        basis: JSON.stringify(basisFor(input, created)),
        paused_at: null,
        told_customer: 0,
        replaced_by_id: null,
        created_by_id: null,
        created_at: created,
        updated_at: created,
        closed_at: null,
      };
      open.push(row);
      const payload = JSON.stringify({ promiseId: row.id, dueAt: row.due_at });
      const version = `${row.id}:${row.due_at}:${row.updated_at}`;
      const dueWork = (kind: string, dueAt: string, key: string): DueWorkTable => ({
        id: deps.newId(),
        workspace_id: p.workspaceId,
        kind,
        subject_id: row.id,
        payload,
        unique_key: key,
        due_at: dueAt,
        status: "pending",
        attempts: 0,
        claimed_by: null,
        claim_expires_at: null,
        last_error: null,
        done_at: null,
        created_at: at,
      });
      for (const w of promiseWarningInstants({ updatedAt: row.updated_at, dueAt: row.due_at })) {
        work.push(dueWork(WARNING_KIND, new Date(w).toISOString(), `${WARNING_KIND}:${version}:${w}`));
      }
      work.push(dueWork(BREACH_KIND, row.due_at, `${BREACH_KIND}:${version}`));
    }
    promises.push(...open);
    cases.push({
      id: caseId,
      workspace_id: p.workspaceId,
      number: 1 + n,
      subject: `Printer jams on every second page (ref ${n})`,
      status: "open",
      is_open: 1,
      priority: "normal",
      priority_reason: null,
      channel: "email",
      assignee_id: null,
      team_id: null,
      client_id: null,
      customer_id: null,
      due_at: caseDueAt(open.map((o) => ({ status: o.status, dueAt: o.due_at, pausedAt: o.paused_at }))),
      created_by_id: null,
      created_at: created,
      updated_at: created,
      solved_at: null,
      closed_at: null,
    });
  }
  await insertChunked(database, "cases", cases);
  await insertChunked(database, "promises", promises);
  await insertChunked(database, "due_work", work);
  await database.db
    .updateTable("workspaces")
    .set({ next_case_number: p.cases + 1 })
    .where("id", "=", p.workspaceId)
    .execute();
  if (database.dialect === "postgres") {
    for (const t of ["cases", "promises", "due_work"])
      await sql`VACUUM ANALYZE ${sql.id(t)}`.execute(database.db);
  } else {
    await sql`PRAGMA wal_checkpoint(TRUNCATE)`.execute(database.db);
  }
  return { promises: promises.length };
}

/** The ceiling: touch every open promise row of the workspace in keyset batches, one UPDATE each. */
async function bareBatchedUpdate(database: Database, workspaceId: string): Promise<number> {
  const started = performance.now();
  let after = "";
  for (;;) {
    const n = await database.db.transaction().execute(async (trx) => {
      const ids = (
        await trx
          .selectFrom("promises")
          .select("id")
          .where("workspace_id", "=", workspaceId)
          .where("id", ">", after)
          .orderBy("id")
          .limit(CEILING_BATCH)
          .execute()
      ).map((r) => r.id);
      if (ids.length === 0) return 0;
      after = ids.at(-1)!;
      await trx
        .updateTable("promises")
        // The same value back: a real write of every row, without changing what recompute sees.
        .set((eb) => ({ updated_at: eb.ref("updated_at") }))
        .where("workspace_id", "=", workspaceId)
        .where("id", "in", ids)
        .execute();
      return ids.length;
    });
    if (n < CEILING_BATCH) break;
  }
  return (performance.now() - started) / 1000;
}

/** A sample of promises must carry exactly the due time the rules give in the new calendar. */
async function checkSample(database: Database, workspaceId: string): Promise<number> {
  const cal = compileCalendar(AFTER);
  const rows = await database.db
    .selectFrom("promises")
    .select(["id", "due_at", "basis", "case_id"])
    .where("workspace_id", "=", workspaceId)
    .where("status", "=", "open")
    .orderBy("id")
    .limit(200)
    .execute();
  for (const r of rows) {
    const basis = JSON.parse(r.basis) as AgreementBasis;
    const want = new Date(dueFromBasis(basis, cal, Date.parse(basis.startedAt))).toISOString();
    if (r.due_at !== want)
      throw new Error(`promise ${r.id} is due ${r.due_at}, the new calendar says ${want}`);
    const c = await database.db
      .selectFrom("cases")
      .select("due_at")
      .where("id", "=", r.case_id)
      .executeTakeFirstOrThrow();
    if (c.due_at > r.due_at)
      throw new Error(`case ${r.case_id} is due ${c.due_at}, after its promise ${r.due_at}`);
    const pending = await database.db
      .selectFrom("due_work")
      .select(["due_at", "kind"])
      .where("workspace_id", "=", workspaceId)
      .where("subject_id", "=", r.id)
      .where("status", "=", "pending")
      .execute();
    const breach = pending.filter((w) => w.kind === BREACH_KIND);
    if (breach.length !== 1 || breach[0]!.due_at !== want)
      throw new Error(`promise ${r.id}: pending breach work ${JSON.stringify(breach)}, want one at ${want}`);
  }
  return rows.length;
}

export interface RecomputeOptions {
  url: string;
  cases: number;
  log: (line: string) => void;
  /** Opens the database (a profiling run passes one that logs its queries). */
  open?: (url: string) => Database;
}

/** Loads the data set into a fresh database at `url`, changes the calendar and times it. */
export async function benchRecompute(opts: RecomputeOptions): Promise<RecomputeFigures> {
  const database = (opts.open ?? ((url: string) => openDatabase({ url })))(opts.url);
  try {
    const { migrateToLatest } = await import("../src/db/migrate.js");
    await migrateToLatest(database);
    const deps: Deps = {
      db: database.db,
      dialect: database.dialect,
      clock: systemClock,
      newId: createIdGenerator(systemClock),
      events: createLocalBus(),
    };
    const ws = await createWorkspace(deps, {
      slug: "bench-recompute",
      name: "Bench recompute",
      timeZone: "America/New_York",
    });
    const system = systemActor(ws.id);
    const calendar = await createCalendar(deps, system, { name: "Desk hours", spec: BEFORE });
    await updatePromiseSettingsFor(deps, system, { calendarId: calendar.id });
    const agreement = await createAgreement(deps, system, {
      name: "Standard",
      coverage: "calendar",
      targets: TARGETS,
      callbackMinutes: 60,
      isDefault: true,
    });
    opts.log(`  loading ${opts.cases} cases with two open promises each`);
    const loadStart = performance.now();
    const { promises } = await load(deps, database, {
      workspaceId: ws.id,
      agreementId: agreement.id,
      calendarId: calendar.id,
      cases: opts.cases,
      nowMs: Date.now(),
    });
    const loadSeconds = (performance.now() - loadStart) / 1000;

    opts.log("  ceiling: bare batched UPDATE of the same promise rows");
    const ceilingSeconds = await bareBatchedUpdate(database, ws.id);

    opts.log("  calendar change (PATCH service call) with recomputation");
    const t0 = performance.now();
    await updateCalendar(deps, system, calendar.id, { spec: AFTER });
    const seconds = (performance.now() - t0) / 1000;

    const movedRows = await database.db
      .selectFrom("audit_entries")
      .select("data")
      .where("workspace_id", "=", ws.id)
      .where("action", "=", "promises.recomputed")
      .execute();
    const moved = movedRows.reduce((s, r) => s + (JSON.parse(r.data) as { moved: number }).moved, 0);
    const checked = await checkSample(database, ws.id);
    return { cases: opts.cases, promises, moved, seconds, ceilingSeconds, loadSeconds, checked };
  } finally {
    await database.close();
  }
}
