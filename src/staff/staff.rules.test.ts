import { describe, expect, it } from "vitest";
import { mayReadPrivateContacts, wouldCycle } from "./staff.rules.js";

describe("staff rules", () => {
  const chain = new Map<string, string | null>([
    ["rita", "sam"],
    ["sam", "maya"],
    ["maya", "owen"],
    ["owen", null],
  ]);

  it("refuses a reports-to that closes a loop", () => {
    expect(wouldCycle("owen", "rita", chain)).toBe(true);
    expect(wouldCycle("sam", "sam", chain)).toBe(true);
    expect(wouldCycle("colin", "sam", chain)).toBe(false);
  });

  it("private contacts: only the person and holders of staff:read-private", () => {
    expect(mayReadPrivateContacts({ staffId: "colin", permissions: new Set() }, "colin")).toBe(true);
    expect(mayReadPrivateContacts({ staffId: "rita", permissions: new Set(["staff:read"]) }, "colin")).toBe(
      false,
    );
    expect(
      mayReadPrivateContacts({ staffId: "maya", permissions: new Set(["staff:read-private"]) }, "colin"),
    ).toBe(true);
  });
});
