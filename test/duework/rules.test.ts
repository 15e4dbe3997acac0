import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  afterFailure,
  claimHeld,
  describeError,
  LAST_ERROR_MAX_CHARS,
  RETRY_MAX_MS,
  retryDelayMs,
} from "../../src/duework/duework.rules.js";

describe("due-work rules", () => {
  it("doubles the wait after each failure, from 30 s, up to a cap", () => {
    expect([1, 2, 3, 4].map(retryDelayMs)).toEqual([30_000, 60_000, 120_000, 240_000]);
    expect(retryDelayMs(100)).toBe(RETRY_MAX_MS);
    fc.assert(fc.property(fc.integer({ min: 1, max: 200 }), (n) => retryDelayMs(n + 1) >= retryDelayMs(n)));
  });

  it("retries until maxAttempts failures, then gives up", () => {
    const now = new Date("2026-12-07T15:30:00.000Z");
    expect(afterFailure(0, 3, now)).toEqual({
      status: "pending",
      attempts: 1,
      dueAt: "2026-12-07T15:30:30.000Z",
    });
    expect(afterFailure(1, 3, now)).toEqual({
      status: "pending",
      attempts: 2,
      dueAt: "2026-12-07T15:31:00.000Z",
    });
    expect(afterFailure(2, 3, now)).toEqual({ status: "failed", attempts: 3 });
    expect(afterFailure(0, 1, now)).toEqual({ status: "failed", attempts: 1 });
  });

  it("holds a claim strictly before its expiry", () => {
    expect(claimHeld("2026-12-07T15:31:00.000Z", new Date("2026-12-07T15:30:59.999Z"))).toBe(true);
    expect(claimHeld("2026-12-07T15:31:00.000Z", new Date("2026-12-07T15:31:00.000Z"))).toBe(false);
  });

  it("describes any thrown value in bounded text", () => {
    expect(describeError(new TypeError("nope"))).toBe("TypeError: nope");
    expect(describeError("plain")).toBe("plain");
    expect(describeError({ code: 7 })).toBe('{"code":7}');
    expect(describeError(undefined)).toBe("undefined");
    expect(describeError(new Error("x".repeat(5000)))).toHaveLength(LAST_ERROR_MAX_CHARS);
  });
});
