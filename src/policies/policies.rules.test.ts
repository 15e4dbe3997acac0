import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { AUTHORITY_LEVELS, hasAuthority, type AuthorityLevel } from "../auth/auth.rules.js";
import { DEMO_POLICIES } from "../demo/demo.policies.js";
import {
  askProblems,
  chooseDecider,
  coveringTiers,
  describeAuthority,
  evaluateAsk,
  mayGrant,
  policyProblems,
  preferenceOrder,
  reportsToLine,
  versionInEffect,
  whoCanGrant,
  type Ask,
  type AuthorityTier,
  type Decider,
  type ExceptionAuthority,
  type PolicyLimit,
  type PolicyTerms,
  type RoutingCandidate,
} from "./policies.rules.js";
import { formatMoney, pluralOf } from "./policies.wording.js";

const RETENTION = "team-retention";
const TEAMS = new Map([[RETENTION, "Retention"]]);

/** The demo policies with the Retention team's key replaced by an id. */
function demo(code: string): PolicyTerms {
  const p = DEMO_POLICIES.find((x) => x.code === code);
  if (!p) throw new Error(code);
  const authority: ExceptionAuthority =
    p.authority.kind === "nobody"
      ? { kind: "nobody" }
      : {
          kind: "tiers",
          tiers: p.authority.tiers.map((t) => ({
            maxExtra: t.maxExtra,
            grantor: t.grantor.kind === "team" ? { kind: "team", teamId: RETENTION } : t.grantor,
          })),
        };
  return { ...p, authority };
}
const P1 = demo("P1");
const P2 = demo("P2");
const P3 = demo("P3");
const P4 = demo("P4");
const P5 = demo("P5");

const ask = (a: Partial<Ask>): Ask => ({ quantity: null, amountMinor: null, evidenceGiven: [], ...a });
const person = (authority: AuthorityLevel, teamIds: string[] = [], staffId = `s-${authority}`): Decider => ({
  staffId,
  authority,
  teamIds,
  isActive: true,
});
const RITA = person("agent");
const SAM = person("supervisor");
const RAVI = person("supervisor", [RETENTION], "ravi");
const MAYA = person("manager");
const OWEN = person("owner");

describe("the demo policies are sound", () => {
  it("have no problems and read in words", () => {
    for (const p of [P1, P2, P3, P4, P5]) expect(policyProblems(p), p.code).toEqual([]);
    expect(describeAuthority(P1, TEAMS)).toBe("Exceptions: nobody.");
    expect(describeAuthority(P2, TEAMS)).toBe(
      "Exceptions: supervisor authority or above, up to 2 extra vouchers per room per night; beyond that, manager authority or above.",
    );
    expect(describeAuthority(P4, TEAMS)).toBe(
      "Exceptions: team Retention, up to USD 35.00 a month; beyond that, manager authority or above.",
    );
  });
});

describe("evaluating an ask", () => {
  it("P1 without proof: no exception possible, with the wording to say; with proof: allowed", () => {
    const e = evaluateAsk(P1, ask({}), TEAMS);
    expect(e).toMatchObject({ outcome: "no_exception", missingEvidence: ["Proof of earning"], grantors: [] });
    expect(e.say).toBe(P1.customerWording);
    expect(e.explanation).toBe(
      "Missing evidence: Proof of earning. No exception is possible: nobody may grant exceptions to P1.",
    );
    expect(evaluateAsk(P1, ask({ evidenceGiven: ["Proof of earning"] }), TEAMS).outcome).toBe("allowed");
  });

  it("P2: 2 vouchers is allowed, 3–4 need a supervisor (or a manager), 5 and more a manager", () => {
    expect(evaluateAsk(P2, ask({ quantity: 2 }), TEAMS)).toMatchObject({ outcome: "allowed", excess: 0 });
    expect(evaluateAsk(P2, ask({ quantity: 0 }), TEAMS).outcome).toBe("allowed");
    const four = evaluateAsk(P2, ask({ quantity: 4 }), TEAMS);
    expect(four).toMatchObject({ outcome: "needs_exception", value: 4, allowance: 2, excess: 2 });
    expect(four.grantors.map((t) => t.grantor)).toEqual([
      { kind: "level", level: "supervisor" },
      { kind: "level", level: "manager" },
    ]);
    expect(four.explanation).toBe(
      "4 vouchers asked; P2 allows 2 vouchers per room per night. An exception can be granted by " +
        "supervisor authority or above, up to 2 extra vouchers per room per night or manager authority or above.",
    );
    expect(four.say).toContain(P2.customerWording);
    const six = evaluateAsk(P2, ask({ quantity: 6 }), TEAMS);
    expect(six).toMatchObject({ outcome: "needs_exception", excess: 4 });
    expect(six.grantors.map((t) => t.grantor)).toEqual([{ kind: "level", level: "manager" }]);
  });

  it("P3: a mostly eaten meal needs a manager; less than half eaten is allowed", () => {
    const e = evaluateAsk(P3, ask({ amountMinor: 2400 }), TEAMS);
    expect(e).toMatchObject({ outcome: "needs_exception", allowance: 0, excess: 2400 });
    expect(e.grantors).toHaveLength(1);
    expect(
      evaluateAsk(P3, ask({ amountMinor: 2400, evidenceGiven: ["Less than half eaten"] }), TEAMS),
    ).toMatchObject({
      outcome: "allowed",
      allowance: null,
      excess: 0,
    });
  });

  it("P4: an existing customer's USD 30 needs Retention or a manager, USD 40 a manager; a new customer is allowed", () => {
    const thirty = evaluateAsk(P4, ask({ amountMinor: 3000 }), TEAMS);
    expect(thirty.outcome).toBe("needs_exception");
    expect(thirty.grantors.map((t) => t.grantor.kind)).toEqual(["team", "level"]);
    const forty = evaluateAsk(P4, ask({ amountMinor: 4000 }), TEAMS);
    expect(forty.grantors).toEqual([{ grantor: { kind: "level", level: "manager" }, maxExtra: null }]);
    expect(forty.explanation).toContain("An exception can be granted by manager authority or above.");
    expect(evaluateAsk(P4, ask({ amountMinor: 4000, evidenceGiven: ["New customer"] }), TEAMS).outcome).toBe(
      "allowed",
    );
  });

  it("P5: any private detail is refused outright", () => {
    const e = evaluateAsk(P5, ask({ quantity: 1 }), TEAMS);
    expect(e.outcome).toBe("no_exception");
    expect(e.say).toBe(P5.customerWording);
  });

  it("beyond every tier's limit nobody can grant", () => {
    const capped: PolicyTerms = {
      ...P2,
      authority: { kind: "tiers", tiers: [{ grantor: { kind: "level", level: "supervisor" }, maxExtra: 2 }] },
    };
    const e = evaluateAsk(capped, ask({ quantity: 5 }), TEAMS);
    expect(e.outcome).toBe("no_exception");
    expect(e.explanation).toContain("beyond what anyone may grant under P2");
    expect(whoCanGrant(capped.authority, 3)).toEqual({ kind: "nobody", why: "beyond-limits" });
  });

  it("asks are checked against the policy's measure and evidence", () => {
    expect(askProblems(P2, ask({}))).toEqual([
      { field: "quantity", message: "P2 counts vouchers: give quantity." },
    ]);
    expect(askProblems(P2, ask({ quantity: 2, amountMinor: 5 })).map((p) => p.field)).toEqual([
      "amountMinor",
    ]);
    expect(askProblems(P4, ask({ amountMinor: -1 })).map((p) => p.field)).toEqual(["amountMinor"]);
    expect(askProblems(P4, ask({ amountMinor: 1.5 })).map((p) => p.field)).toEqual(["amountMinor"]);
    expect(askProblems(P1, ask({ evidenceGiven: ["A smile"] }))).toEqual([
      { field: "evidenceGiven", message: 'P1 asks for no evidence "A smile".' },
    ]);
    expect(askProblems(P1, ask({ quantity: 1 })).map((p) => p.field)).toEqual(["quantity"]);
    expect(askProblems(P4, ask({ amountMinor: 3000, evidenceGiven: ["New customer"] }))).toEqual([]);
  });
});

describe("who may grant", () => {
  const P2_FOUR = { terms: P2, excess: 2 };
  const P2_SIX = { terms: P2, excess: 4 };

  it("P2: Sam may grant 2 extra but not 4; Maya and Owen may grant both; Rita neither", () => {
    expect(mayGrant(SAM, P2_FOUR, TEAMS)).toMatchObject({
      ok: true,
      permit: { tierIndex: 0, staffId: SAM.staffId },
    });
    const refused = mayGrant(SAM, P2_SIX, TEAMS);
    expect(refused).toEqual({
      ok: false,
      why: "lacks-authority",
      reason:
        "Granting 4 extra vouchers per room per night under P2 needs manager authority or above. " +
        "You may grant up to 2 extra vouchers per room per night (as supervisor authority or above).",
      whoCan: [{ grantor: { kind: "level", level: "manager" }, maxExtra: null }],
    });
    for (const d of [MAYA, OWEN]) {
      expect(mayGrant(d, P2_FOUR, TEAMS).ok).toBe(true);
      expect(mayGrant(d, P2_SIX, TEAMS)).toMatchObject({ ok: true, permit: { tierIndex: 1 } });
    }
    const rita = mayGrant(RITA, P2_FOUR, TEAMS);
    expect(rita.ok).toBe(false);
    if (!rita.ok) {
      expect(rita.reason).toBe(
        "Granting 2 extra vouchers per room per night under P2 needs supervisor authority or above, " +
          "up to 2 extra vouchers per room per night or manager authority or above.",
      );
    }
  });

  it("P1 and P5: nobody, not even the owner", () => {
    for (const d of [RITA, SAM, RAVI, MAYA, OWEN]) {
      const v = mayGrant(d, { terms: P1, excess: null }, TEAMS);
      expect(v).toMatchObject({ ok: false, why: "nobody", whoCan: [] });
      if (!v.ok)
        expect(v.reason).toBe(
          'Nobody may grant an exception to P1 (Awards need proof): its exceptions are "nobody".',
        );
      expect(mayGrant(d, { terms: P5, excess: 1 }, TEAMS)).toMatchObject({ ok: false, why: "nobody" });
    }
  });

  it("P4: Ravi (team Retention) grants USD 30, not USD 40, which names the manager; Sam grants neither", () => {
    expect(mayGrant(RAVI, { terms: P4, excess: 3000 }, TEAMS)).toMatchObject({
      ok: true,
      permit: { tierIndex: 0 },
    });
    const forty = mayGrant(RAVI, { terms: P4, excess: 4000 }, TEAMS);
    expect(forty.ok).toBe(false);
    if (!forty.ok) {
      expect(forty.reason).toBe(
        "Granting USD 40.00 a month under P4 needs manager authority or above. " +
          "You may grant up to USD 35.00 a month (as team Retention).",
      );
    }
    expect(mayGrant(SAM, { terms: P4, excess: 3000 }, TEAMS).ok).toBe(false);
    expect(mayGrant(MAYA, { terms: P4, excess: 4000 }, TEAMS).ok).toBe(true);
  });

  it("an inactive account decides nothing", () => {
    expect(mayGrant({ ...MAYA, isActive: false }, { terms: P2, excess: 1 }, TEAMS)).toMatchObject({
      ok: false,
      why: "inactive",
    });
  });
});

// --- properties -------------------------------------------------------------------------------

const level = fc.constantFrom(...AUTHORITY_LEVELS);
const teamId = fc.constantFrom("t1", "t2", "t3");
const grantor = fc.oneof(
  level.map((l) => ({ kind: "level" as const, level: l })),
  teamId.map((t) => ({ kind: "team" as const, teamId: t })),
);
const tier: fc.Arbitrary<AuthorityTier> = fc.record({
  grantor,
  maxExtra: fc.option(fc.nat(20), { nil: null }),
});
const authority: fc.Arbitrary<ExceptionAuthority> = fc.oneof(
  fc.constant({ kind: "nobody" as const }),
  fc.array(tier, { minLength: 1, maxLength: 4 }).map((tiers) => ({ kind: "tiers" as const, tiers })),
);
const limit: fc.Arbitrary<PolicyLimit | null> = fc.oneof(
  fc.constant(null),
  fc.record({
    measure: fc.constant("quantity" as const),
    max: fc.option(fc.nat(10), { nil: null }),
    unit: fc.constant("voucher"),
    per: fc.constant(null),
  }),
  fc.record({
    measure: fc.constant("amount" as const),
    maxMinor: fc.option(fc.nat(10_000), { nil: null }),
    currency: fc.constant("USD"),
    per: fc.constant("a month"),
  }),
);
const terms: fc.Arbitrary<PolicyTerms> = fc
  .record({ authority, limit, evidence: fc.subarray(["Receipt", "Photo"]) })
  .map(({ authority: a, limit: l, evidence }) => ({
    ...P2,
    code: "PX",
    authority: a,
    limit: l,
    evidenceRequired: l === null && evidence.length === 0 ? ["Receipt"] : evidence,
  }));
const decider: fc.Arbitrary<Decider> = fc.record({
  staffId: fc.constantFrom("a", "b", "c"),
  authority: level,
  teamIds: fc.subarray(["t1", "t2", "t3"]),
  isActive: fc.boolean(),
});
const excess = fc.option(fc.nat(30), { nil: null });

const holds = (d: Decider, t: AuthorityTier) =>
  t.grantor.kind === "level"
    ? hasAuthority(d.authority, t.grantor.level)
    : d.teamIds.includes(t.grantor.teamId);

describe("properties of granting", () => {
  it("a grant is allowed exactly when an active decider holds a tier whose limit covers the exception", () => {
    fc.assert(
      fc.property(authority, decider, excess, (a, d, e) => {
        const v = mayGrant(d, { terms: { ...P2, authority: a }, excess: e }, TEAMS);
        const covering =
          a.kind === "nobody" ? [] : a.tiers.filter((t) => t.maxExtra === null || (e ?? 0) <= t.maxExtra);
        const expected = d.isActive && covering.some((t) => holds(d, t));
        expect(v.ok).toBe(expected);
        if (v.ok) {
          // The permit names the tier that allowed it, and that tier really covers and is held.
          expect(holds(d, v.permit.tier)).toBe(true);
          expect(v.permit.tier.maxExtra === null || (e ?? 0) <= v.permit.tier.maxExtra).toBe(true);
          expect(v.permit.staffId).toBe(d.staffId);
        } else {
          expect(v.reason.length).toBeGreaterThan(10);
          expect(v.whoCan).toEqual(covering);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it("a grant is never allowed for a decider below every required authority level (and outside every team)", () => {
    fc.assert(
      fc.property(authority, decider, excess, (a, d, e) => {
        const covering = coveringTiers(a, e);
        const belowAll = covering.every((t) =>
          t.grantor.kind === "level"
            ? !hasAuthority(d.authority, t.grantor.level)
            : !d.teamIds.includes(t.grantor.teamId),
        );
        if (belowAll)
          expect(mayGrant(d, { terms: { ...P2, authority: a }, excess: e }, TEAMS).ok).toBe(false);
      }),
      { numRuns: 2000 },
    );
  });

  it("a P1 (or any exceptions: nobody) grant is always refused", () => {
    fc.assert(
      fc.property(decider, excess, (d, e) => {
        expect(mayGrant(d, { terms: P1, excess: e }, TEAMS)).toMatchObject({ ok: false, why: "nobody" });
      }),
    );
  });

  it("whoever may grant an exception may grant any smaller one, and so may anyone with more authority", () => {
    fc.assert(
      fc.property(authority, decider, fc.nat(30), fc.nat(30), level, (a, d, e1, e2, other) => {
        const t = { ...P2, authority: a };
        const [small, large] = e1 <= e2 ? [e1, e2] : [e2, e1];
        if (mayGrant(d, { terms: t, excess: large }, TEAMS).ok)
          expect(mayGrant(d, { terms: t, excess: small }, TEAMS).ok).toBe(true);
        if (mayGrant(d, { terms: t, excess: small }, TEAMS).ok && hasAuthority(other, d.authority))
          expect(mayGrant({ ...d, authority: other }, { terms: t, excess: small }, TEAMS).ok).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });
});

describe("properties of the desk's answer", () => {
  const anAsk = (t: PolicyTerms) =>
    fc.record({
      quantity: t.limit?.measure === "quantity" ? fc.nat(20) : fc.constant(null),
      amountMinor: t.limit?.measure === "amount" ? fc.nat(20_000) : fc.constant(null),
      evidenceGiven: fc.subarray(t.evidenceRequired),
    });

  it("allowed exactly when all evidence is given and the value is within the limit", () => {
    fc.assert(
      fc.property(
        terms.chain((t) => fc.tuple(fc.constant(t), anAsk(t))),
        ([t, a]) => {
          expect(askProblems(t, a)).toEqual([]);
          const e = evaluateAsk(t, a, TEAMS);
          const evidenceOk = t.evidenceRequired.every((x) => a.evidenceGiven.includes(x));
          const cap = t.limit ? (t.limit.measure === "quantity" ? t.limit.max : t.limit.maxMinor) : null;
          const value = a.quantity ?? a.amountMinor;
          const within = cap === null || value === null || value <= cap;
          expect(e.outcome === "allowed").toBe(evidenceOk && within);
          if (e.outcome === "needs_exception") {
            expect(e.grantors.length).toBeGreaterThan(0);
            for (const g of e.grantors)
              expect(g.maxExtra === null || (e.excess ?? 0) <= g.maxExtra).toBe(true);
          }
          if (e.outcome === "no_exception") expect(coveringTiers(t.authority, e.excess)).toEqual([]);
          expect(e.say.length).toBeGreaterThan(0);
        },
      ),
      { numRuns: 1000 },
    );
  });

  it("the answer agrees with mayGrant: needs_exception means somebody could grant it, no_exception nobody", () => {
    fc.assert(
      fc.property(
        terms.chain((t) => fc.tuple(fc.constant(t), anAsk(t))),
        decider,
        ([t, a], d) => {
          const e = evaluateAsk(t, a, TEAMS);
          if (e.outcome === "allowed") return;
          const v = mayGrant(d, { terms: t, excess: e.excess }, TEAMS);
          if (e.outcome === "no_exception") expect(v.ok).toBe(false);
          if (v.ok) expect(e.grantors).toContainEqual(v.permit.tier);
        },
      ),
      { numRuns: 1000 },
    );
  });
});

describe("routing", () => {
  const c = (
    staffId: string,
    authority: AuthorityLevel,
    tierIndex: number,
    isAsker = false,
    isInAskersLine = false,
  ): RoutingCandidate => ({
    staffId,
    name: staffId,
    authority,
    tierIndex,
    isAsker,
    isInAskersLine,
  });
  const sam = c("Sam", "supervisor", 0);
  const maya = c("Maya", "manager", 0);
  const owen = c("Owen", "owner", 0);

  it("goes to the lowest sufficient authority on duty: Sam before Maya before Owen", () => {
    const all = [owen, maya, sam];
    expect(chooseDecider(all, new Set(["Sam", "Maya", "Owen"]))).toEqual({
      chosen: sam,
      isOnDuty: true,
      reason: "Sam holds the authority (supervisor) and is on duty now.",
    });
    expect(chooseDecider(all, new Set(["Maya", "Owen"])).chosen).toBe(maya);
  });

  it("prefers the nearer tier, then the asker when they can decide themselves", () => {
    const ravi = c("Ravi", "supervisor", 0);
    const mayaTier1 = c("Maya", "manager", 1);
    expect(chooseDecider([mayaTier1, ravi], new Set(["Maya", "Ravi"])).chosen).toBe(ravi);
    const self = c("Sam", "supervisor", 0, true);
    expect(chooseDecider([maya, self], new Set(["Maya", "Sam"]))).toMatchObject({
      chosen: self,
      reason: "You hold this authority yourself and are on duty.",
    });
  });

  it("among equals, prefers the asker's own supervisor (S3: Rita's Sam before Ravi)", () => {
    const ravi = c("Ravi", "supervisor", 0);
    const ritasSam = c("Sam", "supervisor", 0, false, true);
    expect(chooseDecider([ravi, ritasSam], new Set(["Ravi", "Sam"])).chosen).toBe(ritasSam);
    // The line never outranks a nearer tier or a lower sufficient level.
    const ritasMaya = c("Maya", "manager", 0, false, true);
    expect(chooseDecider([ritasMaya, ravi], new Set(["Ravi", "Maya"])).chosen).toBe(ravi);
  });

  it("the reports-to line goes up the chain and stops at loops", () => {
    const chain = new Map<string, string | null>([
      ["rita", "sam"],
      ["sam", "maya"],
      ["maya", "owen"],
      ["owen", null],
      ["x", "y"],
      ["y", "x"],
    ]);
    expect(reportsToLine("rita", chain)).toEqual(["sam", "maya", "owen"]);
    expect(reportsToLine("owen", chain)).toEqual([]);
    expect(reportsToLine("x", chain)).toEqual(["y"]);
    expect(reportsToLine(null, chain)).toEqual([]);
  });

  it("when nobody with the authority is on duty, names nobody (that would disclose who is off)", () => {
    const r = chooseDecider([maya, owen], new Set());
    expect(r).toEqual({
      chosen: null,
      isOnDuty: false,
      reason:
        "Nobody with the authority is on duty now; the request waits in the approvals of everyone who holds it.",
    });
    expect(chooseDecider([], new Set(["Maya"]))).toEqual({
      chosen: null,
      isOnDuty: false,
      reason: "Nobody in the workspace holds this authority now.",
    });
  });

  const candidate: fc.Arbitrary<RoutingCandidate> = fc.record({
    staffId: fc.string({ minLength: 1, maxLength: 4 }),
    name: fc.constantFrom("Ann", "Bo", "Cy"),
    authority: level,
    tierIndex: fc.nat(3),
    isAsker: fc.boolean(),
    isInAskersLine: fc.boolean(),
  });
  it("picks someone on duty whenever anyone is, and does not depend on the input order", () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(candidate, { selector: (x) => x.staffId, maxLength: 8 }),
        fc.func(fc.boolean()),
        (cands, dutyOf) => {
          const onDuty = new Set(cands.filter((x) => dutyOf(x.staffId)).map((x) => x.staffId));
          const r = chooseDecider(cands, onDuty);
          const reversed = chooseDecider([...cands].reverse(), onDuty);
          expect(reversed.chosen?.staffId).toBe(r.chosen?.staffId);
          // Someone is chosen exactly when someone is on duty, and then it is a candidate.
          expect(r.isOnDuty).toBe(onDuty.size > 0);
          if (onDuty.size > 0) expect(cands).toContain(r.chosen);
          else expect(r.chosen).toBeNull();
          if (r.isOnDuty && r.chosen) {
            // Nobody on duty ranks before the chosen person.
            const order = preferenceOrder(cands);
            const before = order.slice(0, order.indexOf(r.chosen));
            expect(before.filter((x) => onDuty.has(x.staffId))).toEqual([]);
          }
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe("versions in effect", () => {
  const v = (version: number, effectiveFrom: string, effectiveUntil: string | null = null) => ({
    version,
    effectiveFrom,
    effectiveUntil,
  });
  it("is the latest started version, none before the first starts or after the latest ends", () => {
    const versions = [
      v(1, "2026-01-01T00:00:00.000Z"),
      v(2, "2026-06-01T00:00:00.000Z"),
      v(3, "2027-01-01T00:00:00.000Z"),
    ];
    expect(versionInEffect(versions, "2025-12-31T23:59:59.999Z")).toBeUndefined();
    expect(versionInEffect(versions, "2026-01-01T00:00:00.000Z")?.version).toBe(1);
    expect(versionInEffect(versions, "2026-12-07T15:30:00.000Z")?.version).toBe(2);
    expect(versionInEffect(versions, "2027-01-01T00:00:00.000Z")?.version).toBe(3);
    const retired = [
      v(1, "2026-01-01T00:00:00.000Z"),
      v(2, "2026-06-01T00:00:00.000Z", "2026-07-01T00:00:00.000Z"),
    ];
    expect(versionInEffect(retired, "2026-06-15T00:00:00.000Z")?.version).toBe(2);
    // Retiring the latest version does not bring the one before back.
    expect(versionInEffect(retired, "2026-07-01T00:00:00.000Z")).toBeUndefined();
    const sameStart = [v(1, "2026-01-01T00:00:00.000Z"), v(2, "2026-01-01T00:00:00.000Z")];
    expect(versionInEffect(sameStart, "2026-02-01T00:00:00.000Z")?.version).toBe(2);
  });
});

describe("policy problems", () => {
  it("name each bad field", () => {
    const bad: PolicyTerms = {
      ...P2,
      code: "P 2",
      name: " ",
      limit: { measure: "quantity", max: -1, unit: "", per: null },
      evidenceRequired: ["Receipt", "receipt"],
      authority: {
        kind: "tiers",
        tiers: [
          { grantor: { kind: "level", level: "supervisor" }, maxExtra: 1.5 },
          { grantor: { kind: "level", level: "supervisor" }, maxExtra: null },
        ],
      },
    };
    expect(policyProblems(bad).map((p) => p.field)).toEqual([
      "code",
      "name",
      "limit",
      "limit.unit",
      "evidenceRequired",
      "authority.tiers.0.maxExtra",
      "authority",
    ]);
    expect(policyProblems({ ...P2, limit: null, evidenceRequired: [] }).map((p) => p.field)).toEqual([
      "limit",
      "authority.tiers.0.maxExtra",
    ]);
    expect(policyProblems({ ...P2, authority: { kind: "tiers", tiers: [] } }).map((p) => p.field)).toEqual([
      "authority",
    ]);
  });
});

describe("wording", () => {
  it("formats money in minor units and plural units", () => {
    expect(formatMoney(3000, "USD")).toBe("USD 30.00");
    expect(formatMoney(5, "USD")).toBe("USD 0.05");
    expect(formatMoney(1200, "JPY")).toBe("JPY 1200");
    expect(formatMoney(1234, "KWD")).toBe("KWD 1.234");
    expect(formatMoney(-250, "EUR")).toBe("EUR -2.50");
    expect(["voucher", "box", "copy", "day", "batch"].map(pluralOf)).toEqual([
      "vouchers",
      "boxes",
      "copies",
      "days",
      "batches",
    ]);
  });
});
