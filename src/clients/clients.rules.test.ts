import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { availableCredit, chargeOf, isMoney, normaliseCurrency, normaliseDomain } from "./clients.rules.js";

describe("client rules", () => {
  it("accepts ISO 4217 codes only", () => {
    expect(normaliseCurrency("usd")).toBe("USD");
    expect(normaliseCurrency("EUR")).toBe("EUR");
    expect(normaliseCurrency("XYZ")).toBeNull();
    expect(normaliseCurrency("US")).toBeNull();
  });

  it("keeps domains as lower-case host names", () => {
    expect(normaliseDomain(" @ACME.example. ")).toBe("acme.example");
    expect(normaliseDomain("acme")).toBeNull();
    expect(normaliseDomain("-acme.example")).toBeNull();
    expect(normaliseDomain("acme .example")).toBeNull();
  });

  it("charges the account only for live orders on account", () => {
    expect(chargeOf({ amountMinor: 500, onAccount: true, status: "placed" })).toBe(500);
    expect(chargeOf({ amountMinor: 500, onAccount: true, status: "fulfilled" })).toBe(500);
    expect(chargeOf({ amountMinor: 500, onAccount: true, status: "cancelled" })).toBe(0);
    expect(chargeOf({ amountMinor: 500, onAccount: false, status: "placed" })).toBe(0);
  });

  it("money is whole minor units within JavaScript's exact range", () => {
    expect(isMoney(1, { positive: true })).toBe(true);
    expect(isMoney(0, { positive: true })).toBe(false);
    expect(isMoney(0, { positive: false })).toBe(true);
    expect(isMoney(1.5, { positive: false })).toBe(false);
    expect(isMoney(2 ** 53, { positive: true })).toBe(false);
  });

  it("available credit plus balance is always the limit", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1e12 }),
        fc.integer({ min: -1e12, max: 1e12 }),
        (limit, balance) => {
          expect(availableCredit(limit, balance) + balance).toBe(limit);
        },
      ),
    );
  });
});
