import fc from "fast-check";
import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import { AUTHORITY_LEVELS, hasAuthority, type AuthorityLevel } from "../auth/auth.rules.js";
import {
  explainDecision,
  levelAbove,
  whoReceivesEscalation,
  type RoutingInput,
  type RoutingPerson,
} from "./routing.rules.js";

const ZONE = "America/New_York";
const ny = (local: string) => DateTime.fromISO(local, { zone: ZONE }).toMillis();
const AT = ny("2026-12-08T15:10"); // Tue 8 Dec 2026, 15:10 in New York (S7)

function person(
  id: string,
  authority: AuthorityLevel,
  until: string | undefined,
  more: Partial<RoutingPerson> = {},
): RoutingPerson {
  return {
    id,
    name: id[0]!.toUpperCase() + id.slice(1),
    authority,
    teamIds: [],
    isActive: true,
    hasSchedule: true,
    onDutyUntil: until === undefined ? undefined : ny(`2026-12-08T${until}`),
    nextInAt: ny("2026-12-09T09:00"),
    ...more,
  };
}

const harbor = () => [
  person("rita", "agent", "17:00"),
  person("sam", "supervisor", "16:00"),
  person("maya", "manager", "15:15"),
  person("owen", "owner", "20:00", { nextInAt: ny("2026-12-09T06:00") }),
  person("ravi", "supervisor", "17:00", { teamIds: ["retention"] }),
];

function input(over: Partial<RoutingInput> = {}): RoutingInput {
  return {
    atMs: AT,
    marginMinutes: 15,
    target: { kind: "level", level: "manager" },
    caseTeamId: null,
    senderId: "rita",
    chain: ["sam", "maya", "owen"],
    people: harbor(),
    onCallStaffId: undefined,
    ...over,
  };
}

const ctx = (over: Partial<Parameters<typeof explainDecision>[1]> = {}) => ({
  nameOf: (id: string) => id[0]!.toUpperCase() + id.slice(1),
  mayShowHours: () => true,
  timeZone: ZONE,
  atMs: AT,
  marginMinutes: 15,
  level: "manager" as AuthorityLevel,
  ...over,
});

describe("whoReceivesEscalation", () => {
  it("S7: Maya goes off at 15:15, inside the margin, so a manager-or-above escalation goes to Owen", () => {
    const d = whoReceivesEscalation(input());
    expect(d).toMatchObject({ outcome: "route", staffId: "owen", tier: "chain" });
    const words = explainDecision(d, ctx());
    expect(words.summary).toBe("Owen will receive it (manager authority or above, on duty now).");
    expect(words.lines).toEqual([
      "Sam — does not hold manager authority",
      "Maya — off duty at 15:15, inside the 15-minute hand-over margin",
      "Owen — chosen: next up the reports-to chain, on duty until 20:00",
    ]);
  });

  it("on duty: the same escalation at 14:50 goes to Maya, the lowest sufficient authority", () => {
    const d = whoReceivesEscalation(input({ atMs: ny("2026-12-08T14:50") }));
    expect(d).toMatchObject({ outcome: "route", staffId: "maya" });
  });

  it("margin: exactly the margin left is enough, one minute less is not", () => {
    expect(whoReceivesEscalation(input({ atMs: ny("2026-12-08T15:00") }))).toMatchObject({
      staffId: "maya",
    });
    expect(whoReceivesEscalation(input({ atMs: ny("2026-12-08T15:01") }))).toMatchObject({
      staffId: "owen",
    });
    expect(whoReceivesEscalation(input({ marginMinutes: 0, atMs: ny("2026-12-08T15:14") }))).toMatchObject({
      staffId: "maya",
    });
  });

  it("authority: a supervisor escalation stops at Sam; agents never receive a manager escalation", () => {
    expect(whoReceivesEscalation(input({ target: { kind: "level", level: "supervisor" } }))).toMatchObject({
      outcome: "route",
      staffId: "sam",
      tier: "chain",
    });
    const d = whoReceivesEscalation(input({ chain: [], people: harbor().filter((p) => p.id !== "owen") }));
    expect(d.outcome).toBe("queued");
  });

  it("team: the case's team comes before the chain", () => {
    const d = whoReceivesEscalation(
      input({ target: { kind: "level", level: "supervisor" }, caseTeamId: "retention" }),
    );
    expect(d).toMatchObject({ outcome: "route", staffId: "ravi", tier: "team" });
    expect(explainDecision(d, ctx({ level: "supervisor" })).lines.at(-1)).toBe(
      "Ravi — chosen: in the case's team, on duty until 17:00",
    );
  });

  it("chain: the nearest manager with the authority wins over a better-suited stranger", () => {
    const people = [...harbor(), person("mona", "manager", "18:00")];
    const d = whoReceivesEscalation(input({ people, atMs: ny("2026-12-08T14:00") }));
    expect(d).toMatchObject({ staffId: "maya", tier: "chain" });
    const noChain = whoReceivesEscalation(input({ people, chain: [], atMs: ny("2026-12-08T14:00") }));
    // Anyone with the authority: the lowest sufficient level, then who stays longest.
    expect(noChain).toMatchObject({ staffId: "mona", tier: "anyone" });
  });

  it("anyone: without team or chain, the lowest sufficient authority on duty", () => {
    const d = whoReceivesEscalation(input({ chain: [], target: { kind: "level", level: "supervisor" } }));
    expect(d).toMatchObject({ staffId: "ravi", tier: "anyone" }); // Ravi stays to 17:00, Sam to 16:00
  });

  it("the sender is never routed to themselves", () => {
    const d = whoReceivesEscalation(
      input({ senderId: "sam", chain: ["maya", "owen"], target: { kind: "level", level: "supervisor" } }),
    );
    // Maya is inside the margin, so the chain's next is Owen; Sam himself is never a candidate.
    expect(d).toMatchObject({ staffId: "owen", tier: "chain" });
    expect(d.considered.map((c) => c.staffId)).not.toContain("sam");
  });

  it("inactive people are skipped", () => {
    const people = harbor().map((p) => (p.id === "owen" ? { ...p, isActive: false } : p));
    expect(whoReceivesEscalation(input({ people })).outcome).toBe("queued");
  });

  it("no schedule on file counts as in (like exception routing), after those with one", () => {
    const people = [person("nell", "manager", undefined, { hasSchedule: false }), ...harbor()];
    expect(whoReceivesEscalation(input({ people, chain: [] }))).toMatchObject({ staffId: "nell" });
    const busy = [...people, person("mona", "manager", "18:00")];
    expect(whoReceivesEscalation(input({ people: busy, chain: [] }))).toMatchObject({ staffId: "mona" });
  });

  it("on-call: with nobody available, the agreement's on-call person receives it", () => {
    const night = ny("2026-12-08T22:00");
    const people = harbor().map((p) => ({ ...p, onDutyUntil: undefined }));
    const d = whoReceivesEscalation(input({ atMs: night, people, onCallStaffId: "sam" }));
    expect(d).toMatchObject({ outcome: "on-call", staffId: "sam" });
    expect(explainDecision(d, ctx({ atMs: night })).summary).toBe(
      "Nobody with manager authority or above is available now; Sam is on call and will receive it.",
    );
  });

  it("nobody on duty and no on-call: queued for the earliest next person in", () => {
    const night = ny("2026-12-08T22:00");
    const people = harbor().map((p) => ({ ...p, onDutyUntil: undefined }));
    const d = whoReceivesEscalation(input({ atMs: night, people }));
    expect(d).toMatchObject({ outcome: "queued", staffId: "owen", startsAt: ny("2026-12-09T06:00") });
    const words = explainDecision(d, ctx({ atMs: night }));
    expect(words.summary).toBe(
      "Nobody with manager authority or above is available now; it waits for Owen, the next person in at Wed 9 Dec 06:00.",
    );
    expect(words.lines).toContain("Maya — off duty, next in Wed 9 Dec 09:00");
  });

  it("nobody at all: no one with the authority and nobody ever in", () => {
    const people = harbor().map((p) => ({ ...p, onDutyUntil: undefined, nextInAt: undefined }));
    expect(whoReceivesEscalation(input({ people })).outcome).toBe("nobody");
    expect(whoReceivesEscalation(input({ people: [] })).outcome).toBe("nobody");
  });

  it("a named person gets it when available, else it waits for their next in", () => {
    const now = whoReceivesEscalation(
      input({ target: { kind: "person", staffId: "maya" }, atMs: ny("2026-12-08T14:00") }),
    );
    expect(now).toMatchObject({ outcome: "route", staffId: "maya", tier: "person" });
    const later = whoReceivesEscalation(input({ target: { kind: "person", staffId: "maya" } }));
    expect(later).toMatchObject({ outcome: "queued", staffId: "maya", startsAt: ny("2026-12-09T09:00") });
    expect(whoReceivesEscalation(input({ target: { kind: "person", staffId: "ghost" } })).outcome).toBe(
      "nobody",
    );
  });

  it("a protected person's hours never appear in the explanation: only 'not available'", () => {
    const d = whoReceivesEscalation(input());
    const words = explainDecision(d, ctx({ mayShowHours: (id) => id !== "maya" }));
    expect(words.lines).toContain("Maya — not available");
    expect(words.lines.join("\n")).not.toContain("15:15");
    const queued = whoReceivesEscalation(
      input({
        atMs: ny("2026-12-08T22:00"),
        people: harbor().map((p) => ({ ...p, onDutyUntil: undefined })),
      }),
    );
    const hidden = explainDecision(queued, ctx({ atMs: ny("2026-12-08T22:00"), mayShowHours: () => false }));
    expect(hidden.summary).toBe(
      "Nobody with manager authority or above is available now; it waits for Owen, the next person in.",
    );
    expect(hidden.lines.join("\n")).not.toMatch(/\d\d:\d\d/);
  });

  it("automatic escalations ask for the level above", () => {
    expect(AUTHORITY_LEVELS.map(levelAbove)).toEqual(["supervisor", "manager", "owner", "owner"]);
  });
});

describe("whoReceivesEscalation properties", () => {
  const level = fc.constantFrom(...AUTHORITY_LEVELS);
  const arbPerson = fc.record({
    id: fc.constantFrom("a", "b", "c", "d", "e", "f"),
    name: fc.constantFrom("A", "B", "C"),
    authority: level,
    teamIds: fc.subarray(["t1", "t2"]),
    isActive: fc.boolean(),
    hasSchedule: fc.boolean(),
    onDutyUntil: fc.option(fc.integer({ min: AT + 1, max: AT + 600 * 60_000 }), { nil: undefined }),
    nextInAt: fc.option(fc.integer({ min: AT + 1, max: AT + 3 * 86_400_000 }), { nil: undefined }),
  });
  const arbInput = fc.record({
    people: fc.uniqueArray(arbPerson, { selector: (p) => p.id, maxLength: 6 }),
    level,
    margin: fc.integer({ min: 0, max: 120 }),
    team: fc.constantFrom(null, "t1", "t2"),
    chain: fc.subarray(["a", "b", "c", "d"]),
    onCall: fc.constantFrom(undefined, "a", "e"),
  });

  it("a routed receiver holds the authority, is active, is not the sender and stays the margin", () => {
    fc.assert(
      fc.property(arbInput, (x) => {
        const d = whoReceivesEscalation({
          atMs: AT,
          marginMinutes: x.margin,
          target: { kind: "level", level: x.level },
          caseTeamId: x.team,
          senderId: "f",
          chain: x.chain,
          people: x.people,
          onCallStaffId: x.onCall,
        });
        if (d.outcome !== "route") return;
        const p = x.people.find((q) => q.id === d.staffId)!;
        expect(p.isActive && p.id !== "f" && hasAuthority(p.authority, x.level)).toBe(true);
        if (p.hasSchedule) expect(p.onDutyUntil! - AT).toBeGreaterThanOrEqual(x.margin * 60_000);
        // Nobody in the team was available if the receiver is not from the team.
        if (x.team !== null && d.tier !== "team") {
          const teamOk = x.people.some(
            (q) =>
              q.isActive &&
              q.id !== "f" &&
              q.teamIds.includes(x.team!) &&
              hasAuthority(q.authority, x.level) &&
              (!q.hasSchedule || (q.onDutyUntil !== undefined && q.onDutyUntil - AT >= x.margin * 60_000)),
          );
          expect(teamOk).toBe(false);
        }
      }),
    );
  });

  it("it is routed whenever anyone suitable is available; the on-call person only when nobody is", () => {
    fc.assert(
      fc.property(arbInput, (x) => {
        const d = whoReceivesEscalation({
          atMs: AT,
          marginMinutes: x.margin,
          target: { kind: "level", level: x.level },
          caseTeamId: x.team,
          senderId: "f",
          chain: x.chain,
          people: x.people,
          onCallStaffId: x.onCall,
        });
        const anyone = x.people.some(
          (q) =>
            q.isActive &&
            q.id !== "f" &&
            hasAuthority(q.authority, x.level) &&
            (!q.hasSchedule || (q.onDutyUntil !== undefined && q.onDutyUntil - AT >= x.margin * 60_000)),
        );
        expect(d.outcome === "route").toBe(anyone);
        expect(d.considered.filter((c) => c.verdict === "chosen").length).toBe(
          d.outcome === "nobody" ? 0 : 1,
        );
      }),
    );
  });
});
