import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CASE_STATUSES } from "../cases/cases.rules.js";
import {
  customerStatus,
  isInScope,
  linkState,
  looksLikePortalToken,
  mayReply,
  mayShowName,
  sessionExpiresAt,
  visibleEntry,
} from "./portal.rules.js";

describe("portal rules", () => {
  it("a customer sees messages, and status changes only when their words for the status change", () => {
    expect(visibleEntry({ kind: "message", data: {} })).toEqual({ show: "message" });
    for (const kind of ["note", "call", "walk_in"])
      expect(visibleEntry({ kind, data: {} }).show).toBe("nothing");
    const status = (from: string, to: string) =>
      visibleEntry({ kind: "event", data: { field: "status", from, to } });
    expect(status("new", "open")).toEqual({ show: "status", from: "received", to: "in_progress" });
    expect(status("open", "on_hold")).toEqual({ show: "nothing" });
    expect(status("waiting_on_customer", "open").show).toBe("status");
    expect(status("open", "deleted").show).toBe("nothing");
    for (const field of ["assigneeId", "priority", "teamId", "customerId"]) {
      expect(visibleEntry({ kind: "event", data: { field, from: "a", to: "b" } }).show).toBe("nothing");
    }
    expect(visibleEntry({ kind: "event", data: { event: "promise.broken" } }).show).toBe("nothing");
  });

  it("no entry but a message or a status event is ever visible, whatever its data", () => {
    fc.assert(
      fc.property(fc.string(), fc.dictionary(fc.string(), fc.jsonValue()), (kind, data) => {
        const v = visibleEntry({ kind, data });
        if (v.show === "message") expect(kind).toBe("message");
        if (v.show === "status") {
          expect(kind).toBe("event");
          expect(data.field).toBe("status");
        }
      }),
    );
  });

  it("every internal status has customer words; on hold reads as in progress", () => {
    expect(CASE_STATUSES.map(customerStatus)).toEqual([
      "received",
      "in_progress",
      "waiting_on_you",
      "in_progress",
      "solved",
      "closed",
    ]);
    expect(CASE_STATUSES.filter(mayReply)).not.toContain("closed");
    expect(mayReply("solved")).toBe(true);
  });

  it("scope: own cases only, and only the linked one for a per-case link", () => {
    const mine = { id: "c1", customer_id: "dana" };
    expect(isInScope({ customerId: "dana", caseId: null }, mine)).toBe(true);
    expect(isInScope({ customerId: "dana", caseId: "c1" }, mine)).toBe(true);
    expect(isInScope({ customerId: "dana", caseId: "c2" }, mine)).toBe(false);
    expect(isInScope({ customerId: "eli", caseId: null }, mine)).toBe(false);
    expect(isInScope({ customerId: "eli", caseId: "c1" }, mine)).toBe(false);
    expect(isInScope({ customerId: "dana", caseId: null }, { id: "c3", customer_id: null })).toBe(false);
  });

  it("links and sessions end on time; revoked beats everything", () => {
    const now = "2026-12-07T15:30:00.000Z";
    expect(linkState({ expiresAt: "2026-12-07T15:30:00.001Z", revokedAt: null }, now)).toBe("active");
    expect(linkState({ expiresAt: now, revokedAt: null }, now)).toBe("expired");
    expect(linkState({ expiresAt: "2030-01-01T00:00:00.000Z", revokedAt: now }, now)).toBe("revoked");
    const t = Date.parse(now);
    expect(sessionExpiresAt(t, t + 7 * 86_400_000)).toBe(t + 86_400_000);
    expect(sessionExpiresAt(t, t + 3_600_000)).toBe(t + 3_600_000);
  });

  it("only tokens of the portal's shape are looked up; names are shown only on staff-made links", () => {
    expect(looksLikePortalToken(`fdp_${"A".repeat(43)}`)).toBe(true);
    for (const bad of [
      "",
      "fdp_",
      `fdt_${"A".repeat(43)}`,
      `fdp_${"A".repeat(44)}`,
      `fdp_${"A".repeat(42)}=`,
    ]) {
      expect(looksLikePortalToken(bad), bad).toBe(false);
    }
    expect(mayShowName("staff")).toBe(true);
    expect(mayShowName("request-form")).toBe(false);
  });
});
