import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseSse, sseComment, sseEvent, sseRetry } from "./sse.format.js";

describe("event-stream framing", () => {
  it("writes one event per block with its name and JSON data", () => {
    expect(sseEvent("case", { a: 1 })).toBe('event: case\ndata: {"a":1}\n\n');
    expect(sseComment("heartbeat")).toBe(": heartbeat\n\n");
    expect(sseComment("two\nlines")).toBe(": two lines\n\n");
    expect(sseRetry(3000)).toBe("retry: 3000\n\n");
    expect(() => sseEvent("bad name\ndata: x", {})).toThrow();
  });

  it("any data survives the trip, split into chunks anywhere, and nothing forges a second event", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.constantFrom("case", "presence", "ready"), fc.jsonValue()), { maxLength: 8 }),
        fc.array(fc.nat(), { maxLength: 5 }),
        (events, cuts) => {
          const text = sseComment("hi") + events.map(([name, data]) => sseEvent(name, data)).join("");
          const points = [...new Set(cuts.map((c) => c % (text.length + 1)))].sort((x, y) => x - y);
          const chunks: string[] = [];
          let at = 0;
          for (const p of points) {
            chunks.push(text.slice(at, p));
            at = p;
          }
          chunks.push(text.slice(at));
          let rest = "";
          const out: { event: string; data: unknown }[] = [];
          for (const chunk of chunks) {
            const parsed = parseSse(rest + chunk);
            rest = parsed.rest;
            out.push(...parsed.events.map((e) => ({ event: e.event, data: JSON.parse(e.data) as unknown })));
          }
          expect(rest).toBe("");
          // JSON round-trips -0 as 0; compare as JSON does.
          expect(out).toEqual(
            events.map(([event, data]) => ({ event, data: JSON.parse(JSON.stringify(data)) })),
          );
        },
      ),
    );
  });
});
