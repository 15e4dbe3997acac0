import { describe, expect, it } from "vitest";
import { nextOccurrence, parseRecurrence, validateRecurrence } from "./deliverables.rules.js";

const WEEKLY_REPORT = "DTSTART;TZID=America/New_York:20261106T120000\nRRULE:FREQ=WEEKLY;BYDAY=FR";

describe("scheduled deliverables", () => {
  it("every Friday 12:00 New York, in winter and in summer time", () => {
    const r = parseRecurrence(WEEKLY_REPORT);
    if (Array.isArray(r)) throw new Error(r.join(" "));
    expect(new Date(nextOccurrence(r, Date.parse("2026-12-10T19:00:00Z"))!).toISOString()).toBe(
      "2026-12-11T17:00:00.000Z",
    );
    expect(new Date(nextOccurrence(r, Date.parse("2027-06-01T12:00:00Z"))!).toISOString()).toBe(
      "2027-06-04T16:00:00.000Z",
    );
    // At the due instant itself it is still due then.
    expect(nextOccurrence(r, Date.parse("2026-12-11T17:00:00Z"))).toBe(Date.parse("2026-12-11T17:00:00Z"));
  });
  it("ended schedules have no next occurrence", () => {
    const r = parseRecurrence("DTSTART;TZID=America/New_York:20261106T120000\nRRULE:FREQ=WEEKLY;COUNT=2");
    if (Array.isArray(r)) throw new Error(r.join(" "));
    expect(nextOccurrence(r, Date.parse("2027-01-01T00:00:00Z"))).toBeUndefined();
  });
  it("explains what is wrong", () => {
    expect(validateRecurrence(WEEKLY_REPORT)).toEqual([]);
    expect(validateRecurrence("RRULE:FREQ=WEEKLY")).toEqual([expect.stringContaining("DTSTART")]);
    expect(validateRecurrence("DTSTART;TZID=Mars/Olympus:20261106T120000\nRRULE:FREQ=WEEKLY")).toEqual([
      expect.stringContaining("Mars/Olympus"),
    ]);
    expect(validateRecurrence("DTSTART;TZID=America/New_York:20261106T120000\nRRULE:FREQ=SECONDLY")).toEqual([
      expect.stringContaining("FREQ"),
    ]);
    expect(
      validateRecurrence("DTSTART;TZID=America/New_York:20261106T120000\nRRULE:FREQ=WEEKLY;BYDAY=XX"),
    ).toHaveLength(1);
    expect(validateRecurrence("nonsense")).not.toEqual([]);
  });
});
