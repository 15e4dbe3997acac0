import { describe, expect, it } from "vitest";
import { mayReadPrivateContacts, staffChangeRefusal, wouldCycle } from "./staff.rules.js";

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

describe("staffChangeRefusal", () => {
  const manager = {
    isSystem: false,
    staffId: "maya",
    role: "manager" as const,
    authority: "manager" as const,
  };
  const admin = { isSystem: false, staffId: "owen", role: "admin" as const, authority: "owner" as const };

  it("nobody gives a role or authority above their own", () => {
    expect(staffChangeRefusal(manager, { id: "maya", role: "manager" }, { role: "admin" })).toMatch(/admin/);
    expect(staffChangeRefusal(manager, { id: "maya", role: "manager" }, { authority: "owner" })).toMatch(
      /owner/,
    );
    expect(staffChangeRefusal(manager, null, { role: "supervisor", authority: "manager" })).toBeUndefined();
  });

  it("only admins manage people of their own role or above; everyone may manage themselves", () => {
    expect(staffChangeRefusal(manager, { id: "owen", role: "admin" }, {})).toMatch(/admin/);
    expect(staffChangeRefusal(manager, { id: "other-manager", role: "manager" }, {})).toMatch(/admin/);
    expect(staffChangeRefusal(manager, { id: "rita", role: "receptionist" }, {})).toBeUndefined();
    expect(staffChangeRefusal(manager, { id: "maya", role: "manager" }, {})).toBeUndefined();
    expect(
      staffChangeRefusal(admin, { id: "admin-2", role: "admin" }, { role: "admin", authority: "owner" }),
    ).toBeUndefined();
  });

  it("the system actor (CLI, demo) is not limited", () => {
    expect(
      staffChangeRefusal({ ...manager, isSystem: true, role: "admin" }, null, {
        role: "admin",
        authority: "owner",
      }),
    ).toBeUndefined();
  });
});
