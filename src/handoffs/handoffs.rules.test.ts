import { describe, expect, it } from "vitest";
import {
  cardProblems,
  completeCard,
  customerNotice,
  customerQueuedNotice,
  draftCard,
  dueBeforeNextIn,
  mayAcknowledge,
  type DraftEntry,
} from "./handoffs.rules.js";

const entry = (
  kind: string,
  direction: string | null,
  body: string,
  data: Record<string, unknown> = {},
): DraftEntry => ({
  kind,
  direction,
  body,
  data,
  createdAt: "2026-12-08T20:00:00.000Z",
});

const promise = (id: string, dueAt: string) => ({
  id,
  description: `P ${id}`,
  dueAt,
  wording: `by ${dueAt}`,
});

describe("draftCard", () => {
  const draft = draftCard({
    subject: "Wrong banners",
    entries: [
      entry("message", "in", "You printed 2025 on every banner."),
      entry("note", null, "Offered a reprint."),
      entry("event", null, "status changed"),
      entry("message", "out", "We are on it."),
      entry("message", "out", "Owen has your case now", { event: "handoff.announced" }),
      entry("message", "in", "Still waiting!"),
    ],
    attempts: [
      {
        channel: "phone",
        line: "front desk",
        staffName: null,
        answered: false,
        attemptedAt: "2026-12-08T19:00:00.000Z",
      },
      {
        channel: "phone",
        line: null,
        staffName: "Maya",
        answered: true,
        attemptedAt: "2026-12-08T19:10:00.000Z",
      },
    ],
    promises: [promise("b", "2026-12-09T15:00:00.000Z"), promise("a", "2026-12-08T22:00:00.000Z")],
    formatAt: (iso) => iso.slice(11, 16),
  });

  it("takes the customer's first and latest words, and what staff tried (not events or hand-over notices)", () => {
    expect(draft.wants).toBe("Wrong banners");
    expect(draft.customerWords).toBe("You printed 2025 on every banner.\n\nStill waiting!");
    expect(draft.tried).toBe("- Offered a reprint.\n- We are on it.");
  });

  it("carries every open promise and proposes keeping the soonest", () => {
    expect(draft.promises.map((p) => p.id)).toEqual(["b", "a"]);
    expect(draft.nextStep).toBe("Keep the promise: P a — by 2026-12-08T22:00:00.000Z.");
  });

  it("counts the history and lists the attempts", () => {
    expect(draft.history).toEqual({
      entries: 6,
      contactAttempts: 2,
      attemptsText: ["19:00 phone to front desk (no answer)", "19:10 phone to Maya"],
    });
  });

  it("the sender's text wins over the draft; the promises stay the desk's", () => {
    const card = completeCard(draft, { nextStep: "Call back", wants: "A reprint" });
    expect(card).toMatchObject({ wants: "A reprint", nextStep: "Call back", tried: draft.tried });
    expect(card.promises).toBe(draft.promises);
  });
});

describe("card checks and wording", () => {
  it("needs what they want and a next step, within the limits", () => {
    expect(cardProblems({ wants: "x", customerWords: "", tried: "", nextStep: "y" })).toEqual([]);
    expect(cardProblems({ wants: " ", customerWords: "", tried: "", nextStep: "" })).toEqual([
      "Say what the customer wants.",
      "Say what the next step is.",
    ]);
    expect(cardProblems({ wants: "x", customerWords: "", tried: "t".repeat(4001), nextStep: "y" })).toEqual([
      "tried is longer than 4000 characters.",
    ]);
  });

  it("only the receiver, or a member of the receiving team, acknowledges a pending hand-over", () => {
    const toOwen = { status: "pending", toStaffId: "owen", toTeamId: null };
    expect(mayAcknowledge(toOwen, "owen", [])).toBe(true);
    expect(mayAcknowledge(toOwen, "rita", [])).toBe(false);
    expect(mayAcknowledge({ ...toOwen, status: "acknowledged" }, "owen", [])).toBe(false);
    const toTeam = { status: "pending", toStaffId: null, toTeamId: "retention" };
    expect(mayAcknowledge(toTeam, "ravi", ["retention"])).toBe(true);
    expect(mayAcknowledge(toTeam, "sam", ["front"])).toBe(false);
    expect(mayAcknowledge(toTeam, null, ["retention"])).toBe(false);
  });

  it("tells the customer the receiver's name and nothing else", () => {
    expect(customerNotice("Owen")).toBe(
      "Owen has your case now and has its whole history, so you don't need to repeat anything. Owen will be in touch.",
    );
    expect(customerQueuedNotice("Pat", null)).not.toMatch(/\d/);
  });

  it("end of shift keeps the promises due before the person is next in", () => {
    const ps = [promise("a", "2026-12-08T21:00:00.000Z"), promise("b", "2026-12-09T15:00:00.000Z")];
    expect(dueBeforeNextIn(ps, Date.parse("2026-12-09T14:00:00.000Z")).map((p) => p.id)).toEqual(["a"]);
    expect(dueBeforeNextIn(ps, undefined)).toHaveLength(2);
  });
});
