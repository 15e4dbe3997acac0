import fc from "fast-check";
import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import type { ClockInterval } from "../calendar/calendar.rules.js";
import {
  compileSchedule,
  isOnDuty,
  nextIn,
  onDutyFor,
  onDutySince,
  onDutyUntil,
  shiftsBetween,
  validateSchedule,
  whoIsOnDuty,
  type DutyCandidate,
  type ScheduleSpec,
} from "./schedule.rules.js";
import type { TimeOff } from "./timeoff.rules.js";

const ZONE = "America/New_York";
/** An instant from New York wall time. */
const ny = (local: string) => DateTime.fromISO(local, { zone: ZONE }).toMillis();
const nine5: ClockInterval[] = [["09:00", "17:00"]];

const COLIN: ScheduleSpec = { timeZone: ZONE, weekly: { tue: nine5, wed: nine5, thu: nine5, fri: nine5 } };
const PAT: ScheduleSpec = {
  timeZone: ZONE,
  weekly: Object.fromEntries(["mon", "tue", "wed", "thu", "fri"].map((d) => [d, [["12:00", "20:00"]]])),
};
const MAYA: ScheduleSpec = {
  timeZone: ZONE,
  weekly: Object.fromEntries(["mon", "tue", "wed", "thu", "fri"].map((d) => [d, nine5])),
};
/** Nights Mon–Fri 22:00–06:00. */
const NIGHTS: ScheduleSpec = {
  timeZone: ZONE,
  weekly: Object.fromEntries(["mon", "tue", "wed", "thu", "fri"].map((d) => [d, [["22:00", "06:00"]]])),
};

describe("S1 schedules", () => {
  const colin = compileSchedule(COLIN);
  const pat = compileSchedule(PAT);

  it("Colin is off on Monday 7 Dec 10:30 and next in Tuesday 09:00", () => {
    const at = ny("2026-12-07T10:30");
    expect(isOnDuty(colin, at)).toBe(false);
    expect(nextIn(colin, at)).toBe(ny("2026-12-08T09:00"));
    expect(onDutyUntil(colin, at)).toBeUndefined();
  });

  it("Pat is not in yet at 10:30, in from 12:00 to 20:00", () => {
    expect(nextIn(pat, ny("2026-12-07T10:30"))).toBe(ny("2026-12-07T12:00"));
    expect(isOnDuty(pat, ny("2026-12-07T12:00"))).toBe(true);
    expect(onDutyUntil(pat, ny("2026-12-07T13:00"))).toBe(ny("2026-12-07T20:00"));
    expect(onDutySince(pat, ny("2026-12-07T13:00"))).toBe(ny("2026-12-07T12:00"));
    expect(isOnDuty(pat, ny("2026-12-07T20:00"))).toBe(false);
  });

  it("on duty while in: nextIn is the instant itself", () => {
    const at = ny("2026-12-08T10:00");
    expect(nextIn(colin, at)).toBe(at);
  });

  it("onDutyFor counts the minutes left in the shift", () => {
    const at = ny("2026-12-08T16:30");
    expect(onDutyFor(colin, at, 30)).toBe(true);
    expect(onDutyFor(colin, at, 31)).toBe(false);
    expect(onDutyFor(colin, ny("2026-12-07T16:30"), 0)).toBe(false);
  });
});

describe("shifts past midnight", () => {
  const nights = compileSchedule(NIGHTS);
  it("a Monday night shift runs into Tuesday morning; Friday's into Saturday", () => {
    expect(isOnDuty(nights, ny("2026-12-08T03:00"))).toBe(true);
    expect(onDutyUntil(nights, ny("2026-12-08T03:00"))).toBe(ny("2026-12-08T06:00"));
    expect(onDutySince(nights, ny("2026-12-08T03:00"))).toBe(ny("2026-12-07T22:00"));
    expect(isOnDuty(nights, ny("2026-12-12T05:59"))).toBe(true);
    expect(isOnDuty(nights, ny("2026-12-13T03:00"))).toBe(false);
    expect(nextIn(nights, ny("2026-12-12T07:00"))).toBe(ny("2026-12-14T22:00"));
  });

  it("the week view lists the shifts, clipped", () => {
    expect(shiftsBetween(nights, ny("2026-12-08T00:00"), ny("2026-12-09T00:00"))).toEqual([
      { start: ny("2026-12-08T00:00"), end: ny("2026-12-08T06:00") },
      { start: ny("2026-12-08T22:00"), end: ny("2026-12-09T00:00") },
    ]);
  });
});

describe("time off", () => {
  it("S7: Maya leaves at 15:15; at 15:10 she is not on duty for the 15-minute hand-over margin", () => {
    const maya = compileSchedule(MAYA, [{ startsOn: "2026-12-07", endsOn: "2026-12-07", fromTime: "15:15" }]);
    expect(isOnDuty(maya, ny("2026-12-07T15:10"))).toBe(true);
    expect(onDutyUntil(maya, ny("2026-12-07T15:10"))).toBe(ny("2026-12-07T15:15"));
    expect(onDutyFor(maya, ny("2026-12-07T15:10"), 15)).toBe(false);
    expect(onDutyFor(maya, ny("2026-12-07T15:10"), 5)).toBe(true);
    expect(isOnDuty(maya, ny("2026-12-07T15:15"))).toBe(false);
    expect(nextIn(maya, ny("2026-12-07T15:15"))).toBe(ny("2026-12-08T09:00"));
  });

  it("a late start: in at 11:00", () => {
    const maya = compileSchedule(MAYA, [
      { startsOn: "2026-12-08", endsOn: "2026-12-08", untilTime: "11:00" },
    ]);
    expect(isOnDuty(maya, ny("2026-12-08T10:59"))).toBe(false);
    expect(nextIn(maya, ny("2026-12-08T09:00"))).toBe(ny("2026-12-08T11:00"));
  });

  it("whole days off, across a weekend", () => {
    const colin = compileSchedule(COLIN, [{ startsOn: "2026-12-08", endsOn: "2026-12-10" }]);
    expect(nextIn(colin, ny("2026-12-07T10:30"))).toBe(ny("2026-12-11T09:00"));
    const long = compileSchedule(COLIN, [{ startsOn: "2026-12-10", endsOn: "2026-12-15" }]);
    expect(nextIn(long, ny("2026-12-09T18:00"))).toBe(ny("2026-12-16T09:00"));
  });

  it("off from a Friday 13:00 until the Tuesday 10:00", () => {
    const colin = compileSchedule(COLIN, [
      { startsOn: "2026-12-11", endsOn: "2026-12-15", fromTime: "13:00", untilTime: "10:00" },
    ]);
    expect(isOnDuty(colin, ny("2026-12-11T12:59"))).toBe(true);
    expect(nextIn(colin, ny("2026-12-11T13:00"))).toBe(ny("2026-12-15T10:00"));
  });

  it("a night worker's day off takes Tuesday's shift and leaves Monday night's alone", () => {
    const s = compileSchedule(NIGHTS, [{ startsOn: "2026-12-08", endsOn: "2026-12-08" }]);
    expect(isOnDuty(s, ny("2026-12-08T05:00"))).toBe(true); // Monday's shift
    expect(isOnDuty(s, ny("2026-12-08T23:00"))).toBe(false); // Tuesday's shift
    expect(isOnDuty(s, ny("2026-12-09T05:00"))).toBe(false);
    expect(nextIn(s, ny("2026-12-08T06:00"))).toBe(ny("2026-12-09T22:00"));
  });

  it("leaving a night shift at 03:00 cuts it there and keeps the next night", () => {
    const s = compileSchedule(NIGHTS, [{ startsOn: "2026-12-08", endsOn: "2026-12-08", fromTime: "03:00" }]);
    expect(isOnDuty(s, ny("2026-12-08T02:59"))).toBe(true);
    expect(isOnDuty(s, ny("2026-12-08T03:00"))).toBe(false);
    // fromTime without untilTime takes out the rest of the 8th's own shift too.
    expect(isOnDuty(s, ny("2026-12-08T23:00"))).toBe(false);
    expect(nextIn(s, ny("2026-12-08T03:00"))).toBe(ny("2026-12-09T22:00"));
  });

  it("a break inside a night shift keeps both ends, the second on the next date", () => {
    const s = compileSchedule(NIGHTS, [
      { startsOn: "2026-12-08", endsOn: "2026-12-09", fromTime: "23:00", untilTime: "02:00" },
    ]);
    expect(isOnDuty(s, ny("2026-12-08T22:30"))).toBe(true);
    expect(isOnDuty(s, ny("2026-12-09T00:30"))).toBe(false);
    expect(isOnDuty(s, ny("2026-12-09T02:00"))).toBe(true);
    expect(onDutyUntil(s, ny("2026-12-09T02:00"))).toBe(ny("2026-12-09T06:00"));
    expect(isOnDuty(s, ny("2026-12-09T22:30"))).toBe(true);
  });

  it("refuses entries that end before they start or run for years", () => {
    expect(validateSchedule(COLIN, [{ startsOn: "2026-12-09", endsOn: "2026-12-08" }])).toEqual([
      "timeOff[0]: endsOn is before startsOn.",
    ]);
    expect(
      validateSchedule(COLIN, [
        { startsOn: "2026-12-08", endsOn: "2026-12-08", fromTime: "15:00", untilTime: "10:00" },
      ]),
    ).toEqual(["timeOff[0]: untilTime must be after fromTime on a one-day entry."]);
    expect(validateSchedule(COLIN, [{ startsOn: "2026-01-01", endsOn: "2029-01-01" }])[0]).toMatch(/at most/);
    expect(
      validateSchedule(COLIN, [{ startsOn: "2026-02-30", endsOn: "2026-03-01", fromTime: "25:00" }]),
    ).toEqual([
      'timeOff[0]: startsOn: "2026-02-30" is not a date YYYY-MM-DD.',
      'timeOff[0]: fromTime: "25:00" is not a time HH:MM (00:00–23:59).',
    ]);
    expect(validateSchedule({ timeZone: ZONE, weekly: {} })[0]).toMatch(/never open/);
    expect(validateSchedule({ ...COLIN, alwaysOpen: true } as ScheduleSpec)[0]).toMatch(/not alwaysOpen/);
  });

  it("over the spring-forward night the 02:00–03:00 hour does not exist", () => {
    const s = compileSchedule({ timeZone: ZONE, weekly: { sun: [["01:00", "05:00"]] } });
    expect(onDutyUntil(s, ny("2026-03-08T01:30"))).toBe(ny("2026-03-08T05:00"));
    expect(ny("2026-03-08T05:00") - ny("2026-03-08T01:00")).toBe(3 * 3_600_000);
  });
});

describe("who is on duty", () => {
  const people: DutyCandidate[] = [
    {
      id: "colin",
      name: "Colin",
      authority: "agent",
      teamIds: ["accounts"],
      skills: ["Binding"],
      isActive: true,
      schedule: compileSchedule(COLIN),
    },
    {
      id: "pat",
      name: "Pat",
      authority: "agent",
      teamIds: ["front"],
      skills: [],
      isActive: true,
      schedule: compileSchedule(PAT),
    },
    {
      id: "maya",
      name: "Maya",
      authority: "manager",
      teamIds: ["management"],
      skills: ["binding"],
      isActive: true,
      schedule: compileSchedule(MAYA, [{ startsOn: "2026-12-08", endsOn: "2026-12-08", fromTime: "15:15" }]),
    },
    {
      id: "nobody",
      name: "Nobody",
      authority: "owner",
      teamIds: ["front"],
      skills: [],
      isActive: true,
      schedule: undefined,
    },
    {
      id: "gone",
      name: "Gone",
      authority: "manager",
      teamIds: ["front"],
      skills: [],
      isActive: false,
      schedule: compileSchedule(MAYA),
    },
  ];

  it("filters by team, authority, skill and margin, longest-staying first", () => {
    const at = ny("2026-12-08T15:10");
    expect(whoIsOnDuty(people, at).map((p) => p.id)).toEqual(["pat", "colin", "maya"]);
    expect(whoIsOnDuty(people, at, { teamId: "front" }).map((p) => p.id)).toEqual(["pat"]);
    expect(whoIsOnDuty(people, at, { authorityAtLeast: "supervisor" }).map((p) => p.id)).toEqual(["maya"]);
    expect(whoIsOnDuty(people, at, { authorityAtLeast: "manager", forMinutes: 15 })).toEqual([]);
    expect(whoIsOnDuty(people, at, { skill: " BINDING " }).map((p) => p.id)).toEqual(["colin", "maya"]);
    expect(whoIsOnDuty(people, ny("2026-12-07T10:30")).map((p) => p.id)).toEqual(["maya"]);
    expect(whoIsOnDuty(people, ny("2026-12-08T15:10"))[0]?.until).toBe(ny("2026-12-08T20:00"));
  });
});

// ---- properties ----------------------------------------------------------------------------

const DAYS = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"] as const;
const hhmm = (m: number) =>
  `${String(Math.floor(m / 60)).padStart(2, "0")}:${String(m % 60).padStart(2, "0")}`;

/** Weekly hours: one shift on some days, some of them overnight; at least one day. */
const specArb = fc
  .tuple(
    fc.array(
      fc.tuple(fc.constantFrom(...DAYS), fc.integer({ min: 0, max: 95 }), fc.integer({ min: 2, max: 40 })),
      {
        minLength: 1,
        maxLength: 7,
      },
    ),
    fc.constantFrom(ZONE, "Europe/London", "Asia/Kolkata"),
  )
  .map(([shifts, timeZone]) => {
    const weekly: Partial<Record<(typeof DAYS)[number], ClockInterval[]>> = {};
    for (const [day, startQ, lenQ] of shifts) {
      const start = startQ * 15;
      const end = (start + lenQ * 15) % 1440;
      weekly[day] = [[hhmm(start), end === 0 ? "24:00" : hhmm(end)]];
    }
    return { timeZone, weekly };
  })
  .filter((spec) => validateSchedule(spec).length === 0);

const dayArb = fc
  .integer({ min: 0, max: 60 })
  .map((d) => DateTime.fromISO("2026-11-01").plus({ days: d }).toISODate()!);
const timeArb = fc.option(
  fc.integer({ min: 0, max: 95 }).map((q) => hhmm(q * 15)),
  { nil: undefined },
);
const timeOffArb = fc
  .tuple(dayArb, fc.integer({ min: 0, max: 4 }), timeArb, timeArb)
  .map(([startsOn, len, fromTime, untilTime]): TimeOff => ({
    startsOn,
    endsOn: DateTime.fromISO(startsOn).plus({ days: len }).toISODate()!,
    fromTime,
    untilTime,
  }));
const instantArb = fc.integer({ min: Date.UTC(2026, 9, 25), max: Date.UTC(2027, 0, 15) });
const RUNS = { numRuns: 250 };

describe("schedule properties", () => {
  it("time off never puts anyone on duty, and leaves instants far from it alone", () => {
    fc.assert(
      fc.property(specArb, fc.array(timeOffArb, { maxLength: 3 }), instantArb, (spec, off, at) => {
        const valid = off.filter((t) => validateSchedule(spec, [t]).length === 0);
        const base = compileSchedule(spec);
        const withOff = compileSchedule(spec, valid);
        if (isOnDuty(withOff, at)) expect(isOnDuty(base, at)).toBe(true);
        const local = DateTime.fromMillis(at, { zone: spec.timeZone }).toISODate()!;
        const far = valid.every((t) => {
          const d = DateTime.fromISO(local);
          return (
            d < DateTime.fromISO(t.startsOn).minus({ days: 2 }) ||
            d > DateTime.fromISO(t.endsOn).plus({ days: 2 })
          );
        });
        if (far) expect(isOnDuty(withOff, at)).toBe(isOnDuty(base, at));
      }),
      RUNS,
    );
  });

  it("inside a timed window nobody is on duty", () => {
    fc.assert(
      fc.property(specArb, timeOffArb, fc.double({ min: 0, max: 1, noNaN: true }), (spec, t0, f) => {
        const t = { ...t0, fromTime: t0.fromTime ?? "00:00", untilTime: t0.untilTime ?? "24:00" };
        if (validateSchedule(spec, [t]).length > 0) return;
        const from = DateTime.fromISO(`${t.startsOn}T${t.fromTime}`, { zone: spec.timeZone }).toMillis();
        const until =
          t.untilTime === "24:00"
            ? DateTime.fromISO(t.endsOn, { zone: spec.timeZone }).plus({ days: 1 }).toMillis()
            : DateTime.fromISO(`${t.endsOn}T${t.untilTime}`, { zone: spec.timeZone }).toMillis();
        if (!(until > from)) return;
        const at = Math.floor(from + (until - from) * f * 0.999);
        expect(isOnDuty(compileSchedule(spec, [t]), at)).toBe(false);
      }),
      RUNS,
    );
  });

  it("nextIn is the first on-duty instant at or after t; onDutyUntil the first off instant", () => {
    fc.assert(
      fc.property(specArb, fc.array(timeOffArb, { maxLength: 2 }), instantArb, (spec, off, at) => {
        const valid = off.filter((t) => validateSchedule(spec, [t]).length === 0);
        const s = compileSchedule(spec, valid);
        const next = nextIn(s, at);
        expect(next).toBeGreaterThanOrEqual(at);
        expect(isOnDuty(s, next)).toBe(true);
        for (let k = 0; k < 10; k++) {
          const probe = at + Math.floor(((next - at) * k) / 10);
          if (probe < next) expect(isOnDuty(s, probe)).toBe(false);
        }
        const until = onDutyUntil(s, next)!;
        expect(until).toBeGreaterThan(next);
        expect(isOnDuty(s, until)).toBe(false);
        expect(isOnDuty(s, until - 1)).toBe(true);
        const minutes = Math.floor((until - next) / 60_000);
        expect(onDutyFor(s, next, minutes)).toBe(true);
        expect(onDutyFor(s, next, minutes + 1)).toBe(false);
      }),
      RUNS,
    );
  });

  it("whoIsOnDuty lists exactly the active, fitting people on duty", () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(specArb, fc.boolean(), fc.constantFrom("agent", "supervisor", "manager", "owner")),
          {
            minLength: 1,
            maxLength: 5,
          },
        ),
        instantArb,
        (rows, at) => {
          const people: DutyCandidate[] = rows.map(([spec, active, authority], i) => ({
            id: `p${i}`,
            name: `P${i}`,
            authority,
            teamIds: [i % 2 === 0 ? "even" : "odd"],
            skills: [],
            isActive: active,
            schedule: compileSchedule(spec),
          }));
          const on = whoIsOnDuty(people, at, { teamId: "even", authorityAtLeast: "supervisor" }).map(
            (p) => p.id,
          );
          const expected = people
            .filter((p) => p.isActive && p.teamIds.includes("even") && p.authority !== "agent")
            .filter((p) => isOnDuty(p.schedule!, at))
            .map((p) => p.id);
          expect([...on].sort()).toEqual([...expected].sort());
        },
      ),
      RUNS,
    );
  });
});
