import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  CASE_STATUSES,
  canMoveTo,
  isOpenStatus,
  normaliseTags,
  searchTerms,
  statusAfterEntry,
} from "./cases.rules.js";

describe("case rules", () => {
  it("closed is final and solved may only reopen or close", () => {
    for (const to of CASE_STATUSES) expect(canMoveTo("closed", to)).toBe(to === "closed");
    expect(CASE_STATUSES.filter((to) => canMoveTo("solved", to))).toEqual(["open", "solved", "closed"]);
  });

  it("nothing moves back to new", () => {
    for (const from of CASE_STATUSES) if (from !== "new") expect(canMoveTo(from, "new")).toBe(false);
  });

  it("only solved and closed cases are not open", () => {
    expect(CASE_STATUSES.filter((s) => !isOpenStatus(s))).toEqual(["solved", "closed"]);
  });

  it("a customer's message wakes waiting and solved cases, never closed ones", () => {
    expect(statusAfterEntry("waiting_on_customer", "message", "in")).toBe("open");
    expect(statusAfterEntry("solved", "message", "in")).toBe("open");
    expect(statusAfterEntry("closed", "message", "in")).toBe("closed");
    expect(statusAfterEntry("on_hold", "message", "in")).toBe("on_hold");
    expect(statusAfterEntry("new", "note", null)).toBe("new");
    expect(statusAfterEntry("new", "message", "out")).toBe("open");
  });

  it("statusAfterEntry only ever makes moves the transition table allows", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...CASE_STATUSES),
        fc.constantFrom("message", "note", "call", "walk_in", "event" as const),
        fc.constantFrom("in", "out", null),
        (status, kind, direction) => canMoveTo(status, statusAfterEntry(status, kind, direction)),
      ),
    );
  });

  it("normalises tags to a sorted set of lower-case words", () => {
    expect(normaliseTags([" Pickup", "pickup", "", "VIP"])).toEqual(["pickup", "vip"]);
  });

  it("search terms never carry query syntax", () => {
    fc.assert(fc.property(fc.string(), (q) => searchTerms(q).every((t) => /^[\p{L}\p{N}]+$/u.test(t))));
    expect(searchTerms('colin" OR 1=1 NEAR(*)')).toEqual(["colin", "or", "1", "1", "near"]);
  });
});
