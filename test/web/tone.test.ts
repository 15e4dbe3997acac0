import { describe, expect, it } from "vitest";
import { countdown, promiseTone, spanWords, toneWord } from "../../web/src/promises/tone.js";

const p = (over: Partial<Parameters<typeof promiseTone>[0]> = {}) => ({
  status: "open" as const,
  dueAt: "2026-12-07T19:30:00.000Z",
  warnAt: "2026-12-07T18:30:00.000Z",
  pausedAt: null,
  ...over,
});
const at = (iso: string) => Date.parse(iso);

describe("the console's promise states (the rule the desk's due work follows)", () => {
  it("is on track before warnAt, at risk from warnAt, overdue from dueAt", () => {
    expect(promiseTone(p(), at("2026-12-07T18:29:59.999Z"))).toBe("ok");
    expect(promiseTone(p(), at("2026-12-07T18:30:00.000Z"))).toBe("warn");
    expect(promiseTone(p(), at("2026-12-07T19:30:00.000Z"))).toBe("late");
    // Without a warning (none fits in the span) it goes straight from on track to overdue.
    expect(promiseTone(p({ warnAt: null }), at("2026-12-07T19:00:00.000Z"))).toBe("ok");
  });

  it("paused and closed promises are neither; broken is red whatever the time", () => {
    expect(
      promiseTone(p({ pausedAt: "2026-12-07T16:00:00.000Z", warnAt: null }), at("2026-12-08T00:00:00Z")),
    ).toBe("paused");
    expect(promiseTone(p({ status: "kept" }), at("2026-12-08T00:00:00Z"))).toBe("done");
    expect(promiseTone(p({ status: "broken" }), 0)).toBe("late");
    expect(toneWord("late", "broken")).toBe("Broken");
    expect(toneWord("late")).toBe("Overdue");
    expect(toneWord("done", "renegotiated")).toBe("Renegotiated");
  });

  it("counts down in words", () => {
    expect(countdown("2026-12-07T19:30:00.000Z", at("2026-12-07T18:18:00.000Z"))).toBe("due in 1 h 12 min");
    expect(countdown("2026-12-07T19:30:00.000Z", at("2026-12-07T19:35:30.000Z"))).toBe("overdue by 5 min");
    expect(spanWords(30_000)).toBe("less than a minute");
    expect(spanWords((26 * 60 + 5) * 60_000)).toBe("1 d 2 h");
    expect(spanWords(3 * 86_400_000)).toBe("3 d");
    expect(spanWords(2 * 3_600_000)).toBe("2 h");
  });
});
