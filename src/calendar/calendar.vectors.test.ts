import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { addBusinessDays, subtractBusinessDays } from "./calendar.days.js";
import {
  addWorkingTime,
  isOpen,
  nextOpening,
  subtractWorkingTime,
  workingTimeBetween,
} from "./calendar.engine.js";
import { instantToMs, msToInstant } from "./calendar.instants.js";
import { type Calendar, type CalendarSpec, compileCalendar } from "./calendar.rules.js";

/** The shared vectors live beside the repository, not in it; absence skips (never fails). */
const VECTORS_PATH = path.resolve(process.cwd(), "../shared/vectors/business-time.json");

interface VectorSchedule {
  timezone: string;
  weekly: CalendarSpec["weekly"];
  holidays: string[];
}

interface VectorCase {
  id: string;
  schedule: string;
  op: string;
  start?: string;
  end?: string;
  at?: string;
  amount?: number;
  unit?: "seconds" | "minutes" | "hours";
  expected: string | number | boolean;
}

interface VectorFile {
  schedules: Record<string, VectorSchedule>;
  cases: VectorCase[];
}

const UNIT_MS = { seconds: 1000, minutes: 60_000, hours: 3_600_000 } as const;

function loadVectors(): VectorFile | undefined {
  if (!existsSync(VECTORS_PATH)) {
    console.warn(`[calendar] business-time vectors not found at ${VECTORS_PATH}; skipping them.`);
    return undefined;
  }
  return JSON.parse(readFileSync(VECTORS_PATH, "utf8")) as VectorFile;
}

/** Runs one vector and returns its answer in the vector's own terms (ISO string, minutes, boolean). */
function runCase(cal: Calendar, c: VectorCase): string | number | boolean {
  const ms = (iso: string | undefined): number => instantToMs(iso ?? "");
  const amountMs = (c.amount ?? 0) * UNIT_MS[c.unit ?? "minutes"];
  switch (c.op) {
    case "add":
      return msToInstant(addWorkingTime(cal, ms(c.start), amountMs));
    case "subtract":
      return msToInstant(subtractWorkingTime(cal, ms(c.start), amountMs));
    case "add_days":
      return msToInstant(addBusinessDays(cal, ms(c.start), c.amount ?? 0));
    case "subtract_days":
      return msToInstant(subtractBusinessDays(cal, ms(c.start), c.amount ?? 0));
    case "elapsed":
      return workingTimeBetween(cal, ms(c.start), ms(c.end)) / 60_000;
    case "is_open":
      return isOpen(cal, ms(c.at));
    case "next_opening":
      return msToInstant(nextOpening(cal, ms(c.at)));
    default:
      throw new Error(`unknown vector op ${c.op}`);
  }
}

/** Expected instants are compared as instants, so "…T16:00:00Z" equals "…T16:00:00.000Z". */
function normalise(expected: string | number | boolean): string | number | boolean {
  return typeof expected === "string" ? msToInstant(instantToMs(expected)) : expected;
}

const vectors = loadVectors();

describe.skipIf(vectors === undefined)("business-time vectors (../shared/vectors/business-time.json)", () => {
  const file = vectors ?? { schedules: {}, cases: [] };
  const calendars = new Map(
    Object.entries(file.schedules).map(([name, s]) => [
      name,
      compileCalendar({ timeZone: s.timezone, weekly: s.weekly, holidays: s.holidays }),
    ]),
  );

  it("has cases", () => {
    expect(file.cases.length).toBeGreaterThan(0);
  });

  it.each(file.cases.map((c) => [c.id, c] as const))("%s", (_id, c) => {
    const cal = calendars.get(c.schedule);
    if (!cal) throw new Error(`vector ${c.id} names unknown schedule ${c.schedule}`);
    expect(runCase(cal, c)).toEqual(normalise(c.expected));
  });
});
