import { describe, expect, it } from "vitest";
import { FakeClock } from "./clock.js";
import { createIdGenerator } from "./ids.js";

describe("createIdGenerator", () => {
  it("keeps ids in creation order within one millisecond and when the clock steps back", () => {
    const clock = new FakeClock("2026-12-07T15:30:00.000Z");
    const newId = createIdGenerator(clock);
    const ids = Array.from({ length: 1000 }, () => newId());
    clock.advance(-60_000);
    ids.push(newId());
    clock.advance(120_000);
    ids.push(newId());
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("puts the clock's time, not the system's, in the id", () => {
    const newId = createIdGenerator(new FakeClock("2030-01-01T00:00:00.000Z"));
    const ms = parseInt(newId().replace(/-/g, "").slice(0, 12), 16);
    expect(new Date(ms).toISOString()).toBe("2030-01-01T00:00:00.000Z");
  });
});
