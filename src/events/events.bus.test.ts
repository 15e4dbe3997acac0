import { describe, expect, it } from "vitest";
import { FakeClock } from "../shared/clock.js";
import { createLocalBus } from "./events.bus.js";
import type { BusMessage, CaseEvent, PresenceEvent } from "./events.rules.js";
import { createPresenceBoard } from "./presence.js";

const T0 = "2026-12-07T15:30:00.000Z";
const event = (caseId: string): CaseEvent => ({
  type: "case",
  workspaceId: "w",
  caseId,
  caseNumber: 1,
  kind: "case.updated",
  actorStaffId: "s",
  at: T0,
});

describe("in-process event bus", () => {
  it("delivers every event to every listener, in order, until they unsubscribe", () => {
    const bus = createLocalBus();
    const a: BusMessage[] = [];
    const b: BusMessage[] = [];
    const offA = bus.subscribe((m) => a.push(m));
    bus.subscribe((m) => b.push(m));
    bus.publish(event("1"));
    bus.publish([event("2"), event("3")]);
    offA();
    bus.publish(event("4"));
    expect(a.map((m) => m.type === "case" && m.caseId)).toEqual(["1", "2", "3"]);
    expect(b.map((m) => m.type === "case" && m.caseId)).toEqual(["1", "2", "3", "4"]);
  });

  it("a listener that throws neither fails the publisher nor keeps the others from hearing", () => {
    const errors: unknown[] = [];
    const bus = createLocalBus({ onError: (e) => errors.push(e) });
    const heard: string[] = [];
    bus.subscribe(() => {
      throw new Error("broken listener");
    });
    bus.subscribe((m) => {
      if (m.type === "case") heard.push(m.caseId);
    });
    expect(() => {
      bus.publish([event("1"), event("2")]);
    }).not.toThrow();
    expect(heard).toEqual(["1", "2"]);
    expect(errors).toHaveLength(2);
  });
});

describe("presence board", () => {
  const presence = (
    staffId: string,
    activity: PresenceEvent["activity"],
    expiresAt: string,
  ): PresenceEvent => ({
    type: "presence",
    workspaceId: "w",
    caseId: "c",
    staffId,
    name: staffId.toUpperCase(),
    activity,
    expiresAt,
    at: T0,
  });

  it("follows presence events, tells only real changes, and expires on the clock at the sweep", () => {
    const bus = createLocalBus();
    const clock = new FakeClock(T0);
    // A sweep interval far beyond the test: the sweep is called by hand, on the fake clock.
    const board = createPresenceBoard({ bus, clock, sweepMs: 3_600_000 });
    const changes: string[][] = [];
    board.onChange((_w, _c, people) => changes.push(people.map((p) => `${p.name}:${p.activity}`)));
    bus.publish(presence("maya", "replying", "2026-12-07T15:30:30.000Z"));
    bus.publish(presence("maya", "replying", "2026-12-07T15:30:40.000Z")); // a refresh: no change to tell
    bus.publish(presence("sam", "viewing", "2026-12-07T15:30:20.000Z"));
    expect(board.on("w", "c").map((p) => p.name)).toEqual(["MAYA", "SAM"]);
    expect(board.on("w", "other")).toEqual([]);
    clock.set("2026-12-07T15:30:25.000Z");
    // Expired entries are not shown even before the sweep runs...
    expect(board.on("w", "c").map((p) => p.name)).toEqual(["MAYA"]);
    board.sweep();
    // ...and the sweep tells listeners.
    clock.set("2026-12-07T15:30:45.000Z");
    board.sweep();
    board.sweep();
    expect(changes).toEqual([["MAYA:replying"], ["MAYA:replying", "SAM:viewing"], ["MAYA:replying"], []]);
    board.close();
  });

  it("leaving removes at once", () => {
    const bus = createLocalBus();
    const board = createPresenceBoard({ bus, clock: new FakeClock(T0), sweepMs: 3_600_000 });
    bus.publish(presence("maya", "viewing", "2026-12-07T15:31:00.000Z"));
    bus.publish(presence("maya", "left", T0));
    expect(board.on("w", "c")).toEqual([]);
    board.close();
  });
});
