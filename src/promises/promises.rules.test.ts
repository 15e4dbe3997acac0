import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { workingTimeBetween } from "../calendar/calendar.engine.js";
import { HARBOR } from "../calendar/calendar.fixtures.js";
import { compileCalendar } from "../calendar/calendar.rules.js";
import { NEVER } from "../shared/clock.js";
import {
  applicableAgreement,
  basisFor,
  callbackDue,
  canClose,
  caseDueAt,
  customerWording,
  dueFor,
  dueFromBasis,
  honestPromise,
  isReplyTarget,
  kindOfTarget,
  PROMISE_TARGETS,
  resumeBasis,
  targetMinutes,
  warningInstants,
  zoneCity,
  type AgreementTerms,
  type TargetMinutes,
} from "./promises.rules.js";

const MIN = 60_000;
const ms = (iso: string) => Date.parse(iso);
const iso = (v: number) => new Date(v).toISOString();
const harbor = compileCalendar(HARBOR);

const t = (first: number, resolution: number): TargetMinutes => ({
  firstReplyMinutes: first,
  nextReplyMinutes: first,
  resolutionMinutes: resolution,
});
const STANDARD: AgreementTerms = {
  id: "standard",
  coverage: "calendar",
  targets: { low: t(960, 2400), normal: t(240, 1440), high: t(120, 960), urgent: t(60, 480) },
  callbackMinutes: 60,
};
const AROUND: AgreementTerms = {
  id: "around",
  coverage: "always",
  targets: { low: t(120, 2880), normal: t(60, 1440), high: t(60, 720), urgent: t(30, 240) },
  callbackMinutes: 60,
};

describe("which agreement applies", () => {
  const list = [
    { id: "a", isDefault: false },
    { id: "d", isDefault: true },
  ];
  it("is the client's agreement, else the default, else none", () => {
    expect(applicableAgreement(list, "a")?.id).toBe("a");
    expect(applicableAgreement(list, null)?.id).toBe("d");
    expect(applicableAgreement(list, undefined)?.id).toBe("d");
    expect(applicableAgreement(list, "gone")?.id).toBe("d");
    expect(applicableAgreement([{ id: "a", isDefault: false }], null)).toBeUndefined();
  });
});

describe("targets", () => {
  it("read the minutes per priority, and callbacks from the agreement", () => {
    expect(targetMinutes(STANDARD, "normal", "first_reply")).toBe(240);
    expect(targetMinutes(STANDARD, "urgent", "resolution")).toBe(480);
    expect(targetMinutes(STANDARD, "low", "next_reply")).toBe(960);
    expect(targetMinutes(STANDARD, "high", "callback")).toBe(60);
  });
  it("reply targets pause; resolution and callbacks do not; kinds follow the target", () => {
    expect(PROMISE_TARGETS.filter(isReplyTarget)).toEqual(["first_reply", "next_reply"]);
    expect(isReplyTarget(null)).toBe(false);
    expect(PROMISE_TARGETS.map(kindOfTarget)).toEqual(["reply_by", "reply_by", "custom", "callback_by"]);
  });
  it("only open promises close, and never back to open", () => {
    expect(canClose("open", "kept")).toBe(true);
    expect(canClose("open", "open")).toBe(false);
    expect(canClose("kept", "broken")).toBe(false);
  });
});

describe("dueFor on the harbor calendar (Mon–Fri 9–17, Sat 10–14, New York)", () => {
  const due = (from: string, target: "first_reply" | "resolution" | "callback", a = STANDARD) =>
    iso(dueFor({ agreement: a, calendar: harbor, priority: "normal", target, from: ms(from) }));

  it("4 business hours from Mon 10:30 is 14:30 the same day", () => {
    expect(due("2026-12-07T15:30:00Z", "first_reply")).toBe("2026-12-07T19:30:00.000Z");
  });
  it("crosses the night: Thu 14:00 + 4 h is Fri 10:00", () => {
    expect(due("2026-12-10T19:00:00Z", "first_reply")).toBe("2026-12-11T15:00:00.000Z");
  });
  it("a result on a closing stays there: Sat 13:00 + 60 min is Sat 14:00", () => {
    expect(due("2026-12-12T18:00:00Z", "callback")).toBe("2026-12-12T19:00:00.000Z");
  });
  it("a start outside hours starts at the next opening: Sun 12:00 + 60 min is Mon 10:00", () => {
    expect(due("2026-12-13T17:00:00Z", "callback")).toBe("2026-12-14T15:00:00.000Z");
  });
  it("3 business days skips the holiday: Wed 25 Nov 10:00 → Mon 30 Nov 10:00 (Sat counts 4 h)", () => {
    // Wed 7 h, Thu holiday, Fri 8 h, Sat 4 h = 19 h; 5 more on Mon → 14:00.
    expect(due("2026-11-25T15:00:00Z", "resolution")).toBe("2026-11-30T19:00:00.000Z");
  });
  it("a 24/7 agreement counts real minutes and ignores the calendar", () => {
    expect(due("2026-12-06T19:00:00Z", "first_reply", AROUND)).toBe("2026-12-06T20:00:00.000Z");
    expect(
      iso(dueFor({ agreement: STANDARD, calendar: null, priority: "normal", target: "callback", from: 0 })),
    ).toBe(iso(60 * MIN));
  });

  it("property: exactly the agreed working time passes, and due is monotonic in the start", () => {
    const start = fc.integer({ min: ms("2026-01-01T00:00:00Z"), max: ms("2028-01-01T00:00:00Z") });
    fc.assert(
      fc.property(start, start, fc.constantFrom(...PROMISE_TARGETS), (a, b, target) => {
        const [from, later] = a <= b ? [a, b] : [b, a];
        const d1 = dueFor({ agreement: STANDARD, calendar: harbor, priority: "normal", target, from });
        const d2 = dueFor({ agreement: STANDARD, calendar: harbor, priority: "normal", target, from: later });
        expect(workingTimeBetween(harbor, from, d1)).toBe(targetMinutes(STANDARD, "normal", target) * MIN);
        expect(d1).toBeGreaterThan(from);
        expect(d2).toBeGreaterThanOrEqual(d1);
      }),
      { numRuns: 300 },
    );
  });
});

describe("pausing reply targets", () => {
  const start = ms("2026-12-07T15:30:00Z"); // Mon 10:30
  const calc = {
    agreement: STANDARD,
    calendar: harbor,
    calendarId: "harbor",
    priority: "normal" as const,
    target: "first_reply" as const,
    from: start,
  };
  const basis = basisFor(calc, iso(start));

  it("the basis redoes the sum", () => {
    expect(basis).toMatchObject({ source: "agreement", calendarId: "harbor", minutes: 240, pausedMs: 0 });
    expect(dueFromBasis(basis, harbor, start)).toBe(dueFor(calc));
  });
  it("paused Mon 11:30, resumed Tue 09:30: 6 working hours later, Tue 12:30", () => {
    const resumed = resumeBasis(basis, harbor, ms("2026-12-07T16:30:00Z"), ms("2026-12-08T14:30:00Z"));
    expect(resumed.pausedMs).toBe(6 * 60 * MIN);
    expect(iso(dueFromBasis(resumed, harbor, start))).toBe("2026-12-08T17:30:00.000Z");
  });
  it("a pause over the closed night moves nothing", () => {
    const resumed = resumeBasis(basis, harbor, ms("2026-12-07T22:00:00Z"), ms("2026-12-08T14:00:00Z"));
    expect(resumed.pausedMs).toBe(0);
    expect(dueFromBasis(resumed, harbor, start)).toBe(dueFor(calc));
  });
  it("property: the due time moves by exactly the working time paused", () => {
    const instant = fc.integer({ min: start, max: start + 60 * 86_400_000 });
    fc.assert(
      fc.property(instant, instant, (a, b) => {
        const [p, r] = a <= b ? [a, b] : [b, a];
        const resumed = resumeBasis(basis, harbor, p, r);
        const due = dueFromBasis(resumed, harbor, start);
        expect(workingTimeBetween(harbor, start, due)).toBe(240 * MIN + workingTimeBetween(harbor, p, r));
      }),
      { numRuns: 300 },
    );
  });
  it("property: around the clock, the due time moves by the real time paused", () => {
    const always = basisFor({ ...calc, agreement: AROUND }, iso(start));
    expect(always.calendarId).toBeNull();
    fc.assert(
      fc.property(fc.nat(10_000_000), fc.nat(10_000_000), (offset, length) => {
        const resumed = resumeBasis(always, harbor, start + offset, start + offset + length);
        expect(dueFromBasis(resumed, harbor, start)).toBe(start + 60 * MIN + length);
      }),
    );
  });
});

describe("the case's due time", () => {
  it("is the earliest open, unpaused promise, or NEVER", () => {
    expect(caseDueAt([])).toBe(NEVER);
    const p = (status: string, dueAt: string, pausedAt: string | null = null) => ({
      status,
      dueAt,
      pausedAt,
    });
    expect(
      caseDueAt([
        p("kept", "2026-01-01T00:00:00.000Z"),
        p("open", "2026-01-03T00:00:00.000Z"),
        p("open", "2026-01-02T00:00:00.000Z", "2026-01-01T00:00:00.000Z"),
        p("open", "2026-01-04T00:00:00.000Z"),
      ]),
    ).toBe("2026-01-03T00:00:00.000Z");
    expect(caseDueAt([p("broken", "2026-01-01T00:00:00.000Z")])).toBe(NEVER);
  });
  it("property: never later than any open unpaused promise", () => {
    const item = fc.record({
      status: fc.constantFrom("open", "kept", "broken"),
      dueAt: fc.integer({ min: 0, max: 4e12 }).map(iso),
      pausedAt: fc.option(fc.constant("2026-01-01T00:00:00.000Z"), { nil: null }),
    });
    fc.assert(
      fc.property(fc.array(item), (items) => {
        const due = caseDueAt(items);
        const live = items.filter((i) => i.status === "open" && i.pausedAt === null);
        expect(due).toBe(live.length ? live.map((i) => i.dueAt).sort()[0] : NEVER);
      }),
    );
  });
});

describe("callbacks (S6)", () => {
  it("are due the callback minutes after the first attempt, however many follow", () => {
    const attempts = ["2026-12-10T19:10:00Z", "2026-12-10T19:00:00Z", "2026-12-10T19:05:00Z"].map(ms);
    expect(iso(callbackDue(attempts, 30)!)).toBe("2026-12-10T19:30:00.000Z");
    expect(callbackDue([], 30)).toBeUndefined();
  });
});

describe("the earliest honest promise", () => {
  it("at 16:45 on a Thursday a 60-minute callback is Friday 09:45, not the same day", () => {
    const h = honestPromise({
      agreement: STANDARD,
      calendar: harbor,
      priority: "normal",
      target: "callback",
      from: ms("2026-12-10T21:45:00Z"),
      timeZone: "America/New_York",
    });
    expect(iso(h.dueAt)).toBe("2026-12-11T14:45:00.000Z");
    expect(h).toMatchObject({ isSameDay: false, isOpenNow: true });
  });
  it("after hours the clock starts at the next opening", () => {
    const h = honestPromise({
      agreement: STANDARD,
      calendar: harbor,
      priority: "normal",
      target: "callback",
      from: ms("2026-12-10T23:00:00Z"),
      timeZone: "America/New_York",
    });
    expect(h.isOpenNow).toBe(false);
    expect(iso(h.startsAt)).toBe("2026-12-11T14:00:00.000Z");
  });
  it("at 10:00 a callback is honest the same day", () => {
    const h = honestPromise({
      agreement: STANDARD,
      calendar: harbor,
      priority: "normal",
      target: "callback",
      from: ms("2026-12-10T15:00:00Z"),
      timeZone: "America/New_York",
    });
    expect(h.isSameDay).toBe(true);
  });
});

describe("customer wording", () => {
  it("states the promise in the customer's zone with the city's name", () => {
    expect(customerWording("2026-12-08T15:30:00.000Z", "America/New_York", "reply_by")).toBe(
      "We will reply by Tue 8 Dec, 10:30 (New York time)",
    );
    expect(customerWording(ms("2026-12-08T15:00:00Z"), "America/New_York", "callback_by")).toBe(
      "We will call you back by Tue 8 Dec, 10:00 (New York time)",
    );
    expect(customerWording("2026-07-01T11:00:00.000Z", "Europe/London", "deliverable_by")).toBe(
      "We will deliver by Wed 1 Jul, 12:00 (London time)",
    );
    expect(customerWording("2026-12-08T15:30:00.000Z", "America/New_York", "custom", "resolution")).toBe(
      "We will resolve this by Tue 8 Dec, 10:30 (New York time)",
    );
  });
  it("names zones by their city", () => {
    expect(zoneCity("America/Los_Angeles")).toBe("Los Angeles");
    expect(zoneCity("America/Argentina/Buenos_Aires")).toBe("Buenos Aires");
    expect(zoneCity("UTC")).toBe("UTC");
  });
});

describe("warning instants", () => {
  it("fall at 75% of the span by default", () => {
    expect(warningInstants({ createdAt: 0, dueAt: 1000 })).toEqual([750]);
    expect(warningInstants({ createdAt: 0, dueAt: 1000, fractions: [0.9, 0.5, 0.5, 1, 0, -1] })).toEqual([
      500, 900,
    ]);
    expect(warningInstants({ createdAt: 1000, dueAt: 1000 })).toEqual([]);
  });
  it("property: ascending and strictly between creation and due", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 4e12 }),
        fc.integer({ min: 0, max: 1e10 }),
        fc.array(fc.double({ noNaN: true })),
        (createdAt, span, fractions) => {
          const out = warningInstants({ createdAt, dueAt: createdAt + span, fractions });
          for (const at of out) {
            expect(at).toBeGreaterThan(createdAt);
            expect(at).toBeLessThan(createdAt + span);
          }
          expect([...out].sort((a, b) => a - b)).toEqual(out);
        },
      ),
    );
  });
});
