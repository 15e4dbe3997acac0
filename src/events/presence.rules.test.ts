import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  livePresence,
  presenceAfter,
  presenceExpiry,
  samePresence,
  type PresenceEntry,
} from "./presence.rules.js";

const T0 = Date.parse("2026-12-07T15:30:00.000Z");
const iso = (ms: number) => new Date(ms).toISOString();

describe("presence rules", () => {
  it("adds, replaces per person, and removes on leaving", () => {
    let list: PresenceEntry[] = [];
    list = presenceAfter(
      list,
      { staffId: "a", name: "Maya", activity: "viewing", expiresAt: iso(T0 + 30_000) },
      T0,
    );
    list = presenceAfter(
      list,
      { staffId: "b", name: "Sam", activity: "replying", expiresAt: iso(T0 + 30_000) },
      T0,
    );
    expect(list.map((e) => [e.name, e.activity])).toEqual([
      ["Sam", "replying"],
      ["Maya", "viewing"],
    ]);
    list = presenceAfter(
      list,
      { staffId: "a", name: "Maya", activity: "replying", expiresAt: iso(T0 + 40_000) },
      T0,
    );
    expect(list.map((e) => [e.name, e.activity])).toEqual([
      ["Maya", "replying"],
      ["Sam", "replying"],
    ]);
    list = presenceAfter(list, { staffId: "b", name: "Sam", activity: "left", expiresAt: iso(T0) }, T0);
    expect(list.map((e) => e.staffId)).toEqual(["a"]);
  });

  it("an event that has already expired (a late notification) removes rather than adds", () => {
    const list = presenceAfter([], { staffId: "a", name: "M", activity: "viewing", expiresAt: iso(T0) }, T0);
    expect(list).toEqual([]);
  });

  it("entries live until, not at, their expiry", () => {
    const e: PresenceEntry = {
      staffId: "a",
      name: "M",
      activity: "viewing",
      expiresAt: presenceExpiry(T0, 30_000),
    };
    expect(livePresence([e], T0 + 29_999)).toEqual([e]);
    expect(livePresence([e], T0 + 30_000)).toEqual([]);
  });

  it("the list never holds a person twice and is in one order whatever the arrival order", () => {
    const event = fc.record({
      staffId: fc.constantFrom("a", "b", "c"),
      name: fc.constantFrom("Maya", "Sam", "Rita"),
      activity: fc.constantFrom("viewing" as const, "replying" as const),
      expiresAt: fc.constant(iso(T0 + 30_000)),
    });
    fc.assert(
      fc.property(fc.array(event, { maxLength: 20 }), (events) => {
        const list = events.reduce<PresenceEntry[]>((l, e) => presenceAfter(l, e, T0), []);
        expect(new Set(list.map((e) => e.staffId)).size).toBe(list.length);
        const replying = list.findIndex((e) => e.activity === "viewing");
        if (replying !== -1) expect(list.slice(replying).every((e) => e.activity === "viewing")).toBe(true);
        // The last word of each person is what the list holds.
        for (const e of list) {
          const last = events.filter((x) => x.staffId === e.staffId).at(-1);
          expect(e.activity).toBe(last?.activity);
        }
      }),
    );
  });

  it("two lists look the same when the same people do the same things", () => {
    const a: PresenceEntry = { staffId: "a", name: "M", activity: "viewing", expiresAt: 1 };
    expect(samePresence([a], [{ ...a, expiresAt: 2 }])).toBe(true);
    expect(samePresence([a], [{ ...a, activity: "replying" }])).toBe(false);
    expect(samePresence([a], [])).toBe(false);
  });
});
