import { parseSse, type ParsedSseEvent } from "../../src/events/sse.format.js";

/** One event off a stream, with its JSON data parsed. */
export interface StreamEvent {
  event: string;
  data: any;
}

/**
 * A client of an event stream over a real socket (fetch), as a browser's EventSource would be:
 * the events arrive as they are written, and `next` waits for one.
 */
export interface StreamReader {
  status: number;
  headers: Record<string, string>;
  /** For a refusal (a problem document): the parsed body. */
  body: unknown;
  /** Everything read so far, as sent. */
  text: string;
  /** Every event read so far, in order. */
  events: StreamEvent[];
  /** The first event after the ones already taken by `next` that matches, waiting up to `timeoutMs`. */
  next(match?: (e: StreamEvent) => boolean, timeoutMs?: number): Promise<StreamEvent>;
  /** Events matching that arrived after the last `next` (for "never received" checks, after a wait). */
  pending(match?: (e: StreamEvent) => boolean): StreamEvent[];
  /** Resolves when the server ends the stream. */
  ended: Promise<void>;
  close(): void;
}

function toEvent(e: ParsedSseEvent): StreamEvent {
  let data: unknown = e.data;
  try {
    data = JSON.parse(e.data);
  } catch {
    // Not JSON: keep the text.
  }
  return { event: e.event, data };
}

export async function openStream(
  baseUrl: string,
  path: string,
  headers: Record<string, string> = {},
): Promise<StreamReader> {
  const controller = new AbortController();
  const res = await fetch(new URL(path, baseUrl), {
    headers: { accept: "text/event-stream", ...headers },
    signal: controller.signal,
  });
  const resHeaders: Record<string, string> = {};
  res.headers.forEach((value, key) => {
    resHeaders[key] = value;
  });
  const events: StreamEvent[] = [];
  let taken = 0;
  let waiters: (() => void)[] = [];
  const wake = () => {
    const w = waiters;
    waiters = [];
    for (const f of w) f();
  };
  const reader: StreamReader = {
    status: res.status,
    headers: resHeaders,
    body: undefined,
    text: "",
    events,
    async next(match = () => true, timeoutMs = 5_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        for (let i = taken; i < events.length; i++) {
          const e = events[i]!;
          if (match(e)) {
            taken = i + 1;
            return e;
          }
        }
        const left = deadline - Date.now();
        if (left <= 0)
          throw new Error(`no matching event within ${timeoutMs} ms; got ${JSON.stringify(events)}`);
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, left);
          waiters.push(() => {
            clearTimeout(timer);
            resolve();
          });
        });
      }
    },
    pending: (match = () => true) => events.slice(taken).filter(match),
    ended: Promise.resolve(),
    close() {
      controller.abort();
    },
  };
  const isStream = res.status === 200 && (resHeaders["content-type"] ?? "").startsWith("text/event-stream");
  if (!isStream || !res.body) {
    reader.text = await res.text();
    try {
      reader.body = JSON.parse(reader.text);
    } catch {
      reader.body = undefined;
    }
    return reader;
  }
  const body = res.body.getReader();
  const decoder = new TextDecoder();
  let rest = "";
  reader.ended = (async () => {
    try {
      for (;;) {
        const { done, value } = await body.read();
        if (done) break;
        const chunk = decoder.decode(value, { stream: true });
        reader.text += chunk;
        const parsed = parseSse(rest + chunk);
        rest = parsed.rest;
        events.push(...parsed.events.map(toEvent));
        wake();
      }
    } catch {
      // Aborted by close(), or the connection dropped: the stream is over either way.
    } finally {
      wake();
    }
  })();
  return reader;
}

/**
 * What the security walks need from a stream route: the status and headers from a real socket,
 * and for a 200 the start of the stream up to its `ready` event, then the connection is closed.
 */
export async function readStreamStart(
  baseUrl: string,
  path: string,
  headers: Record<string, string>,
): Promise<{ status: number; headers: Record<string, string>; body: unknown; text: string }> {
  const s = await openStream(baseUrl, path, headers);
  try {
    if (s.status !== 200) return { status: s.status, headers: s.headers, body: s.body, text: s.text };
    const problems: string[] = [];
    if (!s.headers["content-type"]?.startsWith("text/event-stream")) problems.push("content-type");
    if (!s.headers["cache-control"]?.includes("no-cache")) problems.push("cache-control");
    if (s.headers["x-accel-buffering"] !== "no") problems.push("x-accel-buffering");
    if (problems.length > 0)
      throw new Error(`${path}: stream headers wrong (${problems.join(", ")}): ${JSON.stringify(s.headers)}`);
    await s.next((e) => e.event === "ready");
    if (!/^retry: \d+$/m.test(s.text)) throw new Error(`${path}: no retry: hint in ${s.text}`);
    return { status: 200, headers: s.headers, body: s.events, text: s.text };
  } finally {
    s.close();
  }
}
