import fc from "fast-check";
import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import { compileRota } from "../schedules/rota.rules.js";
import { mayAccept, mayDecline, nextStep, urgentDecision, type PageState } from "./paging.rules.js";

const ny = (local: string) => DateTime.fromISO(local, { zone: "America/New_York" }).toMillis();
const rota = compileRota({
  hours: {
    timeZone: "America/New_York",
    weekly: { sat: [["00:00", "24:00"]], sun: [["00:00", "24:00"]] },
  },
  handoverDay: "mon",
  handoverTime: "09:00",
  startsOn: "2026-11-30",
  memberIds: ["sam", "maya"],
});
const base = {
  afterHoursPaging: true,
  rota,
  overrides: [],
  atMs: ny("2026-12-06T14:00"),
  requestedIsIn: false,
  managerOf: (id: string) => ({ sam: "owen", maya: "owen" })[id] ?? null,
  isActive: () => true,
};

describe("urgent requests", () => {
  it("S1b: with after-hours cover and Sam on call, the page goes Sam → Maya → Owen", () => {
    const d = urgentDecision(base);
    expect(d.action).toBe("page");
    if (d.action === "page") expect(d.chain).toEqual(["sam", "maya", "owen"]);
  });

  it("S1: without after-hours cover nobody is paged, whatever the hour", () => {
    expect(urgentDecision({ ...base, afterHoursPaging: false })).toEqual({
      action: "none",
      reason: "no-after-hours-cover",
    });
  });

  it("no rota, nobody on call, or the requested person is in: no page", () => {
    expect(urgentDecision({ ...base, rota: undefined })).toEqual({ action: "none", reason: "no-rota" });
    expect(urgentDecision({ ...base, atMs: ny("2026-12-07T10:30") })).toEqual({
      action: "none",
      reason: "nobody-on-call",
    });
    expect(urgentDecision({ ...base, requestedIsIn: true })).toEqual({
      action: "none",
      reason: "requested-is-in",
    });
    expect(urgentDecision({ ...base, isActive: () => false })).toEqual({
      action: "none",
      reason: "nobody-on-call",
    });
  });
});

describe("a page's steps", () => {
  const page: PageState = { status: "paging", chain: ["sam", "maya", "owen"], step: 1 };
  it("who may accept and decline", () => {
    expect(mayAccept(page, "sam")).toBe(true);
    expect(mayAccept(page, "maya")).toBe(true);
    expect(mayAccept(page, "owen")).toBe(false);
    expect(mayAccept(page, null)).toBe(false);
    expect(mayDecline(page, "maya")).toBe(true);
    expect(mayDecline(page, "sam")).toBe(false);
    expect(mayAccept({ ...page, status: "accepted" }, "sam")).toBe(false);
    expect(nextStep(page)).toBe(2);
    expect(nextStep({ ...page, step: 2 })).toBeUndefined();
  });

  it("walking a chain reaches each person once, in order, and ends", () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.string({ minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 8 }),
        (chain) => {
          let state: PageState = { status: "paging", chain, step: 0 };
          const seen: string[] = [];
          for (;;) {
            const current = chain[state.step]!;
            expect(mayDecline(state, current)).toBe(true);
            seen.push(current);
            for (const earlier of seen) expect(mayAccept(state, earlier)).toBe(true);
            const next = nextStep(state);
            if (next === undefined) break;
            expect(next).toBe(state.step + 1);
            state = { ...state, step: next };
          }
          expect(seen).toEqual(chain);
        },
      ),
    );
  });
});
