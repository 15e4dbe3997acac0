import fc from "fast-check";
import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import { ROLES } from "../auth/auth.rules.js";
import {
  deskStatus,
  formatWhen,
  managerChain,
  PROTECTED_WORDING,
  scheduleAccess,
  type ScheduleAccess,
} from "./desk.rules.js";
import { compileSchedule, type ScheduleSpec } from "./schedule.rules.js";

const ZONE = "America/New_York";
const ny = (local: string) => DateTime.fromISO(local, { zone: ZONE }).toMillis();
const weekdays = (from: string, to: string) =>
  Object.fromEntries(
    ["mon", "tue", "wed", "thu", "fri"].map((d) => [d, [[from, to]]]),
  ) as ScheduleSpec["weekly"];
const colin = compileSchedule({
  timeZone: ZONE,
  weekly: {
    tue: [["09:00", "17:00"]],
    wed: [["09:00", "17:00"]],
    thu: [["09:00", "17:00"]],
    fri: [["09:00", "17:00"]],
  },
});
const pat = compileSchedule({ timeZone: ZONE, weekly: weekdays("12:00", "20:00") });

describe("what the desk may say", () => {
  it("S1: Colin is off today; next in Tue 8 Dec 09:00, with wording for Rita and the customer", () => {
    const s = deskStatus({
      name: "Colin",
      disclosure: "disclose",
      access: "disclosed",
      schedule: colin,
      atMs: ny("2026-12-07T10:30"),
    });
    expect(s).toEqual({
      state: "off",
      onDutyUntil: undefined,
      nextInAt: ny("2026-12-08T09:00"),
      receptionist: "Colin is off today; next in Tue 8 Dec 09:00.",
      customer:
        "Colin is off today and is next in on Tue 8 Dec 09:00 (New York time). Can I help you, or take a message?",
    });
  });

  it("in now: until the end of the shift; later today: the time; after the shift: finished for today", () => {
    const at = ny("2026-12-08T10:30");
    expect(
      deskStatus({ name: "Colin", disclosure: "disclose", access: "disclosed", schedule: colin, atMs: at }),
    ).toMatchObject({
      state: "in",
      onDutyUntil: ny("2026-12-08T17:00"),
      receptionist: "Colin is in until 17:00 today.",
    });
    expect(
      deskStatus({
        name: "Pat",
        disclosure: "disclose",
        access: "disclosed",
        schedule: pat,
        atMs: ny("2026-12-07T10:30"),
      }).receptionist,
    ).toBe("Pat is not in right now; in today at 12:00.");
    expect(
      deskStatus({
        name: "Colin",
        disclosure: "disclose",
        access: "disclosed",
        schedule: colin,
        atMs: ny("2026-12-08T18:00"),
      }).receptionist,
    ).toBe("Colin has finished for today; next in Wed 9 Dec 09:00.");
  });

  it("S1c: Pat is protected: the same words for everyone without full access, and no facts", () => {
    const s = deskStatus({
      name: "Pat",
      disclosure: "protected",
      access: "protected",
      schedule: pat,
      atMs: ny("2026-12-07T10:30"),
    });
    expect(s).toEqual({
      state: "not_shared",
      onDutyUntil: undefined,
      nextInAt: undefined,
      receptionist: `Pat's schedule is private. Say: "${PROTECTED_WORDING}"`,
      customer: "I can't share staff schedules — can I help you, or take a message?",
    });
  });

  it("Pat's manager sees the facts, but the customer's words stay the protected ones", () => {
    const s = deskStatus({
      name: "Pat",
      disclosure: "protected",
      access: "full",
      schedule: pat,
      atMs: ny("2026-12-07T10:30"),
    });
    expect(s.state).toBe("off");
    expect(s.nextInAt).toBe(ny("2026-12-07T12:00"));
    expect(s.receptionist).toMatch(/^Pat is not in right now; in today at 12:00\. \(Protected/);
    expect(s.customer).toBe(PROTECTED_WORDING);
  });

  it("without a schedule the desk says it cannot tell", () => {
    expect(
      deskStatus({ name: "Ravi", disclosure: "disclose", access: "disclosed", schedule: undefined, atMs: 0 }),
    ).toMatchObject({
      state: "no_schedule",
      customer: "I can't say when Ravi is next in — can I help you, or take a message?",
    });
  });

  it("dates in another year carry the year", () => {
    expect(formatWhen(ny("2027-01-05T09:00"), ZONE, ny("2026-12-30T10:00"))).toBe("Tue 5 Jan 2027 09:00");
  });

  it("a protected card never carries a time, for any instant and schedule", () => {
    fc.assert(
      fc.property(fc.integer({ min: ny("2026-01-01T00:00"), max: ny("2027-12-31T00:00") }), (at) => {
        const s = deskStatus({
          name: "Pat",
          disclosure: "protected",
          access: "protected",
          schedule: pat,
          atMs: at,
        });
        expect(s.nextInAt).toBeUndefined();
        expect(s.onDutyUntil).toBeUndefined();
        expect(`${s.receptionist} ${s.customer}`).not.toMatch(/\d{1,2}:\d{2}/);
        const full = deskStatus({
          name: "Pat",
          disclosure: "protected",
          access: "full",
          schedule: pat,
          atMs: at,
        });
        expect(full.customer).toBe(PROTECTED_WORDING);
      }),
      { numRuns: 200 },
    );
  });
});

describe("who may see a schedule", () => {
  const reportsTo = new Map<string, string | null>([
    ["pat", "sam"],
    ["sam", "maya"],
    ["maya", "owen"],
    ["owen", null],
    ["rita", "sam"],
    ["loop-a", "loop-b"],
    ["loop-b", "loop-a"],
  ]);

  it("the reports-to chain, nearest first, and loops stop", () => {
    expect(managerChain("pat", reportsTo)).toEqual(["sam", "maya", "owen"]);
    expect(managerChain("owen", reportsTo)).toEqual([]);
    expect(managerChain("loop-a", reportsTo)).toEqual(["loop-b"]);
  });

  it("themselves, their managers up the chain and admins: full; others by disclosure", () => {
    const chain = managerChain("pat", reportsTo);
    const pat = { id: "pat", disclosure: "protected" as const };
    const as = (staffId: string, role: (typeof ROLES)[number] = "agent") => ({
      isSystem: false,
      staffId,
      role,
    });
    expect(scheduleAccess(as("pat"), pat, chain)).toBe("full");
    expect(scheduleAccess(as("sam", "supervisor"), pat, chain)).toBe("full");
    expect(scheduleAccess(as("owen", "manager"), pat, chain)).toBe("full");
    expect(scheduleAccess(as("rita", "receptionist"), pat, chain)).toBe("protected");
    expect(scheduleAccess(as("ravi", "manager"), pat, chain)).toBe("protected");
    expect(scheduleAccess(as("someone", "admin"), pat, chain)).toBe("full");
    expect(scheduleAccess({ isSystem: true, staffId: null, role: "admin" }, pat, chain)).toBe("full");
    expect(scheduleAccess(as("rita", "receptionist"), { id: "colin", disclosure: "disclose" }, [])).toBe(
      "disclosed",
    );
  });

  it("nobody outside self, chain and admins ever gets more than the disclosure allows", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...ROLES),
        fc.constantFrom("disclose", "protected" as const),
        (role, disclosure) => {
          const got: ScheduleAccess = scheduleAccess(
            { isSystem: false, staffId: "x", role },
            { id: "pat", disclosure },
            ["sam"],
          );
          if (role === "admin") expect(got).toBe("full");
          else expect(got).toBe(disclosure === "protected" ? "protected" : "disclosed");
        },
      ),
    );
  });
});
