import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  isSimilar,
  POLICY_DECIDER_NAME,
  policyReport,
  precedentStats,
  similarPrecedents,
  weekOf,
  type AskedValue,
  type Precedent,
  type ReportRow,
} from "./precedents.rules.js";

const q = (value: number): AskedValue => ({ measure: "quantity", value, unit: "voucher" });
const usd = (value: number): AskedValue => ({ measure: "amount", value, unit: "USD" });
const none: AskedValue = { measure: null, value: null, unit: null };

let n = 0;
function precedent(p: Partial<Precedent> & AskedValue): Precedent {
  n += 1;
  return {
    requestId: `r${n}`,
    caseId: "c1",
    caseNumber: 1001,
    policyVersion: 1,
    status: "granted",
    deciderId: "sam",
    deciderName: "Sam",
    askedById: "rita",
    askedByName: "Rita",
    reason: "Family of four",
    decidedAt: `2026-12-0${(n % 9) + 1}T15:00:00.000Z`,
    ...p,
  };
}

describe("what similar means", () => {
  it("quantities within 1 or a quarter of the larger value", () => {
    expect([2, 3, 4, 5, 6].map((v) => isSimilar(q(4), q(v)))).toEqual([false, true, true, true, false]);
    expect(isSimilar(q(8), q(10))).toBe(true); // 2 ≤ 10/4
    expect(isSimilar(q(7), q(10))).toBe(false);
    expect(isSimilar(q(0), q(1))).toBe(true);
    expect(isSimilar(q(0), q(0))).toBe(true);
  });

  it("amounts in the same currency within a quarter of the larger value", () => {
    expect(isSimilar(usd(3000), usd(4000))).toBe(true); // 1000 ≤ 4000/4, the boundary counts
    expect(isSimilar(usd(3000), usd(4001))).toBe(false);
    expect(isSimilar(usd(3000), usd(2250))).toBe(true);
    expect(isSimilar(usd(3000), usd(2249))).toBe(false);
    expect(isSimilar(usd(100), usd(101))).toBe(true);
    expect(isSimilar(usd(3), usd(4))).toBe(true);
    expect(isSimilar(usd(2), usd(3))).toBe(false); // amounts get no ±1 allowance, unlike counts
    expect(isSimilar(usd(3000), { measure: "amount", value: 3000, unit: "EUR" })).toBe(false);
  });

  it("policies without a measure: every request is similar; different measures never", () => {
    expect(isSimilar(none, none)).toBe(true);
    expect(isSimilar(none, q(1))).toBe(false);
    expect(isSimilar(q(3), usd(3))).toBe(false);
  });

  const value = fc.oneof(
    fc.nat(1000).map(q),
    fc.nat(100_000).map(usd),
    fc.nat(100_000).map((v): AskedValue => ({ measure: "amount", value: v, unit: "EUR" })),
    fc.constant(none),
  );
  it("is reflexive and symmetric", () => {
    fc.assert(
      fc.property(value, value, (a, b) => {
        expect(isSimilar(a, a)).toBe(true);
        expect(isSimilar(a, b)).toBe(isSimilar(b, a));
      }),
      { numRuns: 2000 },
    );
  });

  it("moving a value further away never makes it similar again", () => {
    fc.assert(
      fc.property(fc.nat(10_000), fc.nat(10_000), fc.nat(10_000), (a, d1, d2) => {
        const [near, far] = d1 <= d2 ? [d1, d2] : [d2, d1];
        if (!isSimilar(usd(a), usd(a + near))) expect(isSimilar(usd(a), usd(a + far))).toBe(false);
      }),
    );
  });
});

describe("precedent stats", () => {
  it("count granted and refused, by whom, with grant rates", () => {
    const list = [
      precedent({ ...q(4), deciderId: "sam", deciderName: "Sam" }),
      precedent({ ...q(4), deciderId: "sam", deciderName: "Sam", status: "refused" }),
      precedent({ ...q(3), deciderId: "sam", deciderName: "Sam" }),
      precedent({ ...q(5), deciderId: "maya", deciderName: "Maya", status: "refused" }),
    ];
    expect(precedentStats(list)).toEqual({
      total: 4,
      granted: 2,
      refused: 2,
      grantRate: 0.5,
      byDecider: [
        { deciderId: "sam", name: "Sam", granted: 2, refused: 1, grantRate: 2 / 3 },
        { deciderId: "maya", name: "Maya", granted: 0, refused: 1, grantRate: 0 },
      ],
    });
    expect(precedentStats([])).toEqual({ total: 0, granted: 0, refused: 0, grantRate: null, byDecider: [] });
  });

  it("refusals by the policy itself are their own decider", () => {
    const s = precedentStats([
      precedent({ ...none, status: "refused_by_policy", deciderId: null, deciderName: null }),
      precedent({ ...none, status: "refused_by_policy", deciderId: null, deciderName: null }),
    ]);
    expect(s).toMatchObject({ total: 2, granted: 0, refused: 2, grantRate: 0 });
    expect(s.byDecider).toEqual([
      { deciderId: null, name: POLICY_DECIDER_NAME, granted: 0, refused: 2, grantRate: 0 },
    ]);
  });

  it("similar precedents leave out the request itself and dissimilar ones, newest first", () => {
    const a = precedent({ ...q(4), decidedAt: "2026-12-01T10:00:00.000Z" });
    const b = precedent({ ...q(5), decidedAt: "2026-12-03T10:00:00.000Z" });
    const far = precedent({ ...q(9) });
    const self = precedent({ ...q(4) });
    const r = similarPrecedents({ ...q(4), requestId: self.requestId }, [a, far, self, b]);
    expect(r.items.map((p) => p.requestId)).toEqual([b.requestId, a.requestId]);
    expect(r.stats.total).toBe(2);
  });

  const status = fc.constantFrom("granted" as const, "refused" as const, "refused_by_policy" as const);
  it("the totals add up, per decider too", () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ status, d: fc.constantFrom("a", "b", null) }), { maxLength: 40 }),
        (xs) => {
          const list = xs.map((x) =>
            precedent({ ...q(1), status: x.status, deciderId: x.d, deciderName: x.d }),
          );
          const s = precedentStats(list);
          expect(s.granted + s.refused).toBe(s.total);
          expect(s.byDecider.reduce((sum, d) => sum + d.granted + d.refused, 0)).toBe(s.total);
          for (const d of s.byDecider)
            if (d.grantRate !== null) expect(d.grantRate).toBeGreaterThanOrEqual(0);
        },
      ),
    );
  });
});

describe("weeks and reports", () => {
  it("weeks start on Monday in the workspace's time zone", () => {
    // Sun 13 Dec 2026 23:30 in New York is already Monday in UTC.
    expect(weekOf("2026-12-14T04:30:00.000Z", "America/New_York")).toBe("2026-12-07");
    expect(weekOf("2026-12-14T05:00:00.000Z", "America/New_York")).toBe("2026-12-14");
    expect(weekOf("2026-12-14T04:30:00.000Z", "UTC")).toBe("2026-12-14");
    fc.assert(
      fc.property(fc.integer({ min: Date.parse("2020-01-01"), max: Date.parse("2030-01-01") }), (ms) => {
        const w = weekOf(new Date(ms).toISOString(), "America/New_York");
        expect(new Date(`${w}T12:00:00Z`).getUTCDay()).toBe(1);
        expect(Date.parse(`${w}T00:00:00-14:00`)).toBeLessThanOrEqual(ms + 14 * 3600_000 + 1);
      }),
    );
  });

  const row = (r: Partial<ReportRow>): ReportRow => ({
    status: "granted",
    policyId: "p4",
    policyCode: "P4",
    policyName: "New-customer pricing",
    askedById: "rita",
    askedByName: "Rita",
    deciderId: "ravi",
    deciderName: "Ravi",
    createdAt: "2026-12-08T15:00:00.000Z",
    measure: "amount",
    unit: "USD",
    excess: 3000,
    ...r,
  });

  it("buckets per policy, decider, asker and week, with the value given away", () => {
    const rows = [
      row({}),
      row({ excess: 2000 }),
      row({ status: "refused", deciderId: "maya", deciderName: "Maya", excess: 4000 }),
      row({ status: "pending", deciderId: null, deciderName: null, createdAt: "2026-12-15T15:00:00.000Z" }),
      row({ status: "allowed", deciderId: null, deciderName: null, excess: 0 }),
      row({
        policyId: "p2",
        policyCode: "P2",
        policyName: "Breakfast vouchers",
        measure: "quantity",
        unit: "voucher",
        excess: 2,
        deciderId: "sam",
        deciderName: "Sam",
        askedById: "pat",
        askedByName: "Pat",
      }),
      row({
        policyId: "p1",
        policyCode: "P1",
        policyName: "Awards need proof",
        status: "refused_by_policy",
        measure: null,
        unit: null,
        excess: null,
        deciderId: null,
        deciderName: null,
      }),
    ];
    const r = policyReport(rows, "America/New_York");
    expect(
      r.perPolicy.map((b) => [b.label, b.exceptions, b.granted, b.refused, b.pending, b.allowed]),
    ).toEqual([
      ["P1 Awards need proof", 1, 0, 1, 0, 0],
      ["P2 Breakfast vouchers", 1, 1, 0, 0, 0],
      ["P4 New-customer pricing", 4, 2, 1, 1, 1],
    ]);
    const p4 = r.perPolicy.find((b) => b.key === "p4");
    expect(p4?.givenAway).toEqual([{ measure: "amount", unit: "USD", total: 5000 }]);
    expect(p4?.grantRate).toBe(2 / 3);
    expect(r.perDecider.map((b) => [b.label, b.granted, b.refused])).toEqual([
      ["Maya", 0, 1],
      ["Ravi", 2, 0],
      ["Sam", 1, 0],
      [POLICY_DECIDER_NAME, 0, 1],
    ]);
    expect(r.perAsker.map((b) => [b.label, b.exceptions + b.allowed])).toEqual([
      ["Pat", 1],
      ["Rita", 6],
    ]);
    expect(r.perWeek.map((b) => [b.key, b.exceptions])).toEqual([
      ["2026-12-07", 5],
      ["2026-12-14", 1],
    ]);
    const week1 = r.perWeek[0];
    expect(week1?.givenAway).toEqual([
      { measure: "amount", unit: "USD", total: 5000 },
      { measure: "quantity", unit: "voucher", total: 2 },
    ]);
  });
});
