import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  CASE_EVENT_KINDS,
  MAX_NAME_LENGTH,
  NOTIFY_PAYLOAD_LIMIT,
  packNotifications,
  parseLiveEvent,
  unpackNotification,
  type CaseEvent,
  type LiveEvent,
  type PresenceEvent,
} from "./events.rules.js";

const uuid = fc.uuid();
const instant = fc
  .date({ min: new Date("2000-01-01T00:00:00Z"), max: new Date("2100-01-01T00:00:00Z"), noInvalidDate: true })
  .map((d) => d.toISOString());

const caseEvent: fc.Arbitrary<CaseEvent> = fc.record({
  type: fc.constant("case" as const),
  workspaceId: uuid,
  caseId: uuid,
  caseNumber: fc.integer({ min: 1, max: 2_147_483_647 }),
  kind: fc.constantFrom(...CASE_EVENT_KINDS),
  actorStaffId: fc.option(uuid, { nil: null }),
  at: instant,
});

const presenceEvent: fc.Arbitrary<PresenceEvent> = fc.record({
  type: fc.constant("presence" as const),
  workspaceId: uuid,
  caseId: uuid,
  staffId: uuid,
  // Names of any script, up to the limit: the byte count, not the length, decides what fits.
  name: fc.string({ unit: "grapheme", maxLength: MAX_NAME_LENGTH }).map((s) => s.slice(0, MAX_NAME_LENGTH)),
  activity: fc.constantFrom("viewing" as const, "replying" as const, "left" as const),
  expiresAt: instant,
  at: instant,
});

const liveEvent: fc.Arbitrary<LiveEvent> = fc.oneof(caseEvent, presenceEvent);

describe("NOTIFY payloads", () => {
  it("pack any events into payloads under the limit that unpack to the same events, in order", () => {
    fc.assert(
      fc.property(fc.array(liveEvent, { maxLength: 120 }), (events) => {
        const { payloads, dropped } = packNotifications("inst-1", events);
        expect(dropped).toEqual([]);
        for (const p of payloads)
          expect(Buffer.byteLength(p, "utf8")).toBeLessThanOrEqual(NOTIFY_PAYLOAD_LIMIT);
        const back = payloads.flatMap((p) => {
          const u = unpackNotification(p);
          expect(u?.origin).toBe("inst-1");
          return u?.events ?? [];
        });
        expect(back).toEqual(events);
      }),
      { numRuns: 200 },
    );
  });

  it("use few payloads: a hundred case events fit in a handful", () => {
    const events = fc.sample(caseEvent, 100);
    const { payloads } = packNotifications("x", events);
    expect(payloads.length).toBeGreaterThan(1);
    expect(payloads.length).toBeLessThanOrEqual(5);
  });

  it("drop an event that alone would not fit, and keep the rest", () => {
    const [a, b] = fc.sample(caseEvent, 2) as [CaseEvent, CaseEvent];
    const huge: PresenceEvent = {
      type: "presence",
      workspaceId: a.workspaceId,
      caseId: a.caseId,
      staffId: a.caseId,
      name: "é".repeat(5_000), // 10,000 bytes in UTF-8
      activity: "viewing",
      expiresAt: a.at,
      at: a.at,
    };
    const { payloads, dropped } = packNotifications("x", [a, huge, b]);
    expect(dropped).toEqual([huge]);
    expect(payloads.flatMap((p) => unpackNotification(p)?.events ?? [])).toEqual([a, b]);
  });

  it("ignore what is not ours on the channel", () => {
    for (const text of ["", "not json", "[]", "null", '{"o":1,"e":[]}', '{"o":"x"}', '{"o":"","e":[]}']) {
      expect(unpackNotification(text), text).toBeUndefined();
    }
    expect(unpackNotification('{"o":"x","e":[{"type":"case"}, 3, null]}')).toEqual({
      origin: "x",
      events: [],
    });
  });
});

describe("reading events back", () => {
  const good: CaseEvent = {
    type: "case",
    workspaceId: "w",
    caseId: "c",
    caseNumber: 12,
    kind: "case.updated",
    actorStaffId: null,
    at: "2026-12-07T15:30:00.000Z",
  };

  it("keeps exactly the known fields", () => {
    expect(parseLiveEvent({ ...good, body: "secret", extra: 1 })).toEqual(good);
  });

  it("refuses wrong kinds, numbers, ids and instants", () => {
    const bad: Record<string, unknown>[] = [
      { ...good, kind: "case.deleted" },
      { ...good, caseNumber: 0 },
      { ...good, caseNumber: 1.5 },
      { ...good, caseNumber: "12" },
      { ...good, actorStaffId: 7 },
      { ...good, workspaceId: "" },
      { ...good, caseId: "x".repeat(201) },
      { ...good, at: "yesterday" },
      { ...good, type: "other" },
      {
        type: "presence",
        workspaceId: "w",
        caseId: "c",
        staffId: "s",
        name: "M",
        activity: "typing",
        expiresAt: good.at,
        at: good.at,
      },
      {
        type: "presence",
        workspaceId: "w",
        caseId: "c",
        staffId: "s",
        name: 5,
        activity: "viewing",
        expiresAt: good.at,
        at: good.at,
      },
    ];
    for (const b of bad) expect(parseLiveEvent(b), JSON.stringify(b)).toBeUndefined();
  });

  it("cuts long names on presence read from elsewhere", () => {
    const p = parseLiveEvent({
      type: "presence",
      workspaceId: "w",
      caseId: "c",
      staffId: "s",
      name: "n".repeat(500),
      activity: "replying",
      expiresAt: good.at,
      at: good.at,
    });
    expect(p?.type === "presence" && p.name.length).toBe(MAX_NAME_LENGTH);
  });
});
