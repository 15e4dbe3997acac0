/*
 * The text/event-stream wire format (WHATWG HTML, "Server-sent events"): fields are lines, an
 * empty line ends an event, a line starting with ":" is a comment that keeps the connection
 * alive. Pure functions, so the framing is tested without a socket.
 */

/** One event: its name and its data as JSON, one `data:` line per line of text. */
export function sseEvent(name: string, data: unknown): string {
  if (!/^[a-z][a-z-]*$/.test(name)) throw new Error(`not an event name: ${name}`);
  // JSON.stringify(undefined) is undefined, whatever its declared type says.
  const text = data === undefined ? "null" : JSON.stringify(data);
  const lines = text.split(/\r\n|\r|\n/).map((line) => `data: ${line}`);
  return `event: ${name}\n${lines.join("\n")}\n\n`;
}

/** A comment line (heartbeats): ignored by EventSource, but it keeps proxies from timing out. */
export function sseComment(text: string): string {
  return `: ${text.replace(/[\r\n]+/g, " ")}\n\n`;
}

/** How long EventSource waits before reconnecting after the stream drops. */
export function sseRetry(ms: number): string {
  return `retry: ${Math.max(0, Math.round(ms))}\n\n`;
}

export interface ParsedSseEvent {
  event: string;
  data: string;
}

/**
 * Splits event-stream text into complete events (a client's view; used by tests and tools).
 * Returns the events and the unfinished rest, to be prefixed to the next chunk.
 */
export function parseSse(text: string): { events: ParsedSseEvent[]; rest: string } {
  const normalised = text.replace(/\r\n|\r/g, "\n");
  const blocks = normalised.split("\n\n");
  const rest = blocks.pop() ?? "";
  const events: ParsedSseEvent[] = [];
  for (const block of blocks) {
    let event = "message";
    const data: string[] = [];
    for (const line of block.split("\n")) {
      if (line.startsWith(":") || line === "") continue;
      const colon = line.indexOf(":");
      const field = colon === -1 ? line : line.slice(0, colon);
      const value = colon === -1 ? "" : line.slice(colon + 1).replace(/^ /, "");
      if (field === "event") event = value;
      else if (field === "data") data.push(value);
    }
    if (data.length > 0) events.push({ event, data: data.join("\n") });
  }
  return { events, rest };
}
