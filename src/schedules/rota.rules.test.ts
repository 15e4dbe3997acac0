import fc from "fast-check";
import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import { isOpen } from "../calendar/calendar.engine.js";
import type { CalendarSpec } from "../calendar/calendar.rules.js";
import {
  compileRota,
  handoverAt,
  onCallAt,
  pageChain,
  rotaPlan,
  rotaWeek,
  validateRota,
  type RotaOverride,
  type RotaSpec,
} from "./rota.rules.js";

const ZONE = "America/New_York";
const ny = (local: string) => DateTime.fromISO(local, { zone: ZONE }).toMillis();

/** SCENARIOS.md: 17:00–09:00 on weeknights and all weekend. */
export const AFTER_HOURS: CalendarSpec = {
  timeZone: ZONE,
  weekly: {
    mon: [
      ["00:00", "09:00"],
      ["17:00", "09:00"],
    ],
    tue: [["17:00", "09:00"]],
    wed: [["17:00", "09:00"]],
    thu: [["17:00", "09:00"]],
    fri: [["17:00", "24:00"]],
    sat: [["00:00", "24:00"]],
    sun: [["00:00", "24:00"]],
  },
};

// Mon 30 Nov 2026 09:00 starts week 0 (Sam), Mon 7 Dec 09:00 week 1 (Maya), and so on.
const SPEC: RotaSpec = {
  hours: AFTER_HOURS,
  handoverDay: "mon",
  handoverTime: "09:00",
  startsOn: "2026-11-30",
  memberIds: ["sam", "maya"],
};
const rota = compileRota(SPEC);

describe("on-call rota: Sam and Maya alternate weeks", () => {
  it("S1b: on Sun 6 Dec 14:00 Sam is on call until Mon 7 Dec 09:00, Maya next", () => {
    const oc = onCallAt(rota, ny("2026-12-06T14:00"));
    expect(oc).toMatchObject({ staffId: "sam", week: 0, byOverride: false, next: ["maya"] });
    expect(oc?.until).toBe(ny("2026-12-07T09:00"));
  });

  it("the week hands over on Monday 09:00; Monday evening is Maya's", () => {
    expect(onCallAt(rota, ny("2026-12-07T08:59"))?.staffId).toBe("sam");
    expect(onCallAt(rota, ny("2026-12-07T09:00"))).toBeUndefined(); // desk hours
    expect(onCallAt(rota, ny("2026-12-07T17:00"))).toMatchObject({ staffId: "maya", week: 1 });
    expect(onCallAt(rota, ny("2026-12-07T17:00"))?.until).toBe(ny("2026-12-08T09:00"));
    expect(onCallAt(rota, ny("2026-12-12T03:00"))).toMatchObject({ staffId: "maya" });
    expect(onCallAt(rota, ny("2026-12-14T17:30"))).toMatchObject({ staffId: "sam", week: 2 });
    expect(handoverAt(rota, 1)).toBe(ny("2026-12-07T09:00"));
  });

  it("nobody is on call during desk hours or before the first week", () => {
    expect(onCallAt(rota, ny("2026-12-08T12:00"))).toBeUndefined();
    expect(onCallAt(rota, ny("2026-11-28T12:00"))).toBeUndefined();
    expect(rotaWeek(rota, ny("2026-11-28T12:00"))).toBe(-1);
  });

  it("an override hands Saturday to Sam in Maya's week, and the chain still reaches Maya", () => {
    const swap: RotaOverride = {
      id: "o1",
      staffId: "sam",
      startsAt: ny("2026-12-12T00:00"),
      endsAt: ny("2026-12-13T00:00"),
    };
    expect(onCallAt(rota, ny("2026-12-11T20:00"), [swap])).toMatchObject({ staffId: "maya" });
    expect(onCallAt(rota, ny("2026-12-11T20:00"), [swap])?.until).toBe(ny("2026-12-12T00:00"));
    const sat = onCallAt(rota, ny("2026-12-12T10:00"), [swap]);
    expect(sat).toMatchObject({ staffId: "sam", scheduledStaffId: "maya", byOverride: true });
    expect(sat?.until).toBe(ny("2026-12-13T00:00"));
    expect(
      pageChain(
        sat!,
        () => "owen",
        () => true,
      ),
    ).toEqual(["sam", "maya", "owen"]);
  });

  it("the plan for a week lists who covers which hours", () => {
    const plan = rotaPlan(rota, ny("2026-12-04T00:00"), ny("2026-12-08T00:00"));
    expect(
      plan.map((s) => [s.staffId, DateTime.fromMillis(s.start, { zone: ZONE }).toFormat("ccc HH:mm")]),
    ).toEqual([
      ["sam", "Fri 00:00"],
      ["sam", "Fri 17:00"],
      ["maya", "Mon 17:00"],
    ]);
    expect(plan[1]?.end).toBe(ny("2026-12-07T09:00"));
  });

  it("the page chain: on call, the rest of the rota, then their manager", () => {
    const oc = onCallAt(rota, ny("2026-12-06T14:00"))!;
    const managers: Record<string, string | null> = { sam: "maya", maya: "owen" };
    expect(
      pageChain(
        oc,
        (id) => managers[id],
        () => true,
      ),
    ).toEqual(["sam", "maya"]);
    const three = compileRota({ ...SPEC, memberIds: ["sam", "maya", "ravi"] });
    const oc3 = onCallAt(three, ny("2026-12-08T20:00"))!; // week 1: maya
    expect(
      pageChain(
        oc3,
        (id) => managers[id],
        () => true,
      ),
    ).toEqual(["maya", "ravi", "sam", "owen"]);
    expect(
      pageChain(
        oc3,
        (id) => managers[id],
        (id) => id !== "ravi",
      ),
    ).toEqual(["maya", "sam", "owen"]);
  });

  it("validates its parts", () => {
    expect(validateRota(SPEC)).toEqual([]);
    expect(
      validateRota({
        ...SPEC,
        handoverDay: "xyz" as "mon",
        handoverTime: "9am",
        startsOn: "soon",
        memberIds: [],
      }),
    ).toEqual([
      'handoverDay: "xyz" is not a day (mon…sun).',
      'handoverTime: "9am" is not a time HH:MM.',
      'startsOn: "soon" is not a date YYYY-MM-DD.',
      "memberIds: a rota needs at least one member.",
    ]);
    expect(validateRota({ ...SPEC, memberIds: ["a", "a"] })).toEqual([
      "memberIds: a member is listed twice; the order is the rotation.",
    ]);
    expect(validateRota({ ...SPEC, hours: { timeZone: ZONE, weekly: {} } })[0]).toMatch(/^hours: /);
  });
});

describe("rota properties", () => {
  const instant = fc.integer({ min: ny("2026-11-30T09:00"), max: ny("2027-06-30T00:00") });
  it("someone is on call exactly in the rota's hours, members alternate by week, and until is honest", () => {
    fc.assert(
      fc.property(instant, (at) => {
        const oc = onCallAt(rota, at);
        expect(oc !== undefined).toBe(isOpen(rota.hours, at));
        if (!oc) return;
        expect(oc.staffId).toBe(rotaWeek(rota, at) % 2 === 0 ? "sam" : "maya");
        expect(oc.until).toBeGreaterThan(at);
        expect(onCallAt(rota, oc.until - 1)?.staffId).toBe(oc.staffId);
        const after = onCallAt(rota, oc.until);
        expect(after === undefined || after.staffId !== oc.staffId || after.week !== oc.week).toBe(true);
      }),
      { numRuns: 400 },
    );
  });

  it("the plan's segments agree with onCallAt", () => {
    fc.assert(
      fc.property(instant, fc.integer({ min: 1, max: 14 * 24 }), (from, hours) => {
        const to = from + hours * 3_600_000;
        for (const seg of rotaPlan(rota, from, to)) {
          expect(seg.end).toBeGreaterThan(seg.start);
          for (const probe of [seg.start, Math.floor((seg.start + seg.end) / 2), seg.end - 1])
            expect(onCallAt(rota, probe)?.staffId).toBe(seg.staffId);
        }
      }),
      { numRuns: 100 },
    );
  });
});
