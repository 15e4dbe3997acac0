import { randomBytes } from "node:crypto";
import pg from "pg";
import { asList, Listeners, logToConsole, type ErrorSink, type EventBus } from "./events.bus.js";
import { packNotifications, unpackNotification } from "./events.rules.js";

export const EVENTS_CHANNEL = "frontdesk_events";
/** The listening connection's application_name, so operators (and tests) can find it. */
export const EVENTS_APPLICATION_NAME = "frontdesk-events";

export interface PgBusOptions {
  /** The same database the app uses: NOTIFY reaches the instances on that database only. */
  url: string;
  onError?: ErrorSink;
  /** Names this instance in its payloads; random by default. */
  origin?: string;
  /** First and longest wait before reconnecting after the connection is lost. */
  reconnectMinMs?: number;
  reconnectMaxMs?: number;
  /** Payloads kept while disconnected, sent after reconnecting; older ones are dropped beyond it. */
  maxQueued?: number;
}

/**
 * The bus for several instances on one PostgreSQL: each instance delivers its own events to its
 * own listeners at once and sends them to the others with NOTIFY on one dedicated connection that
 * also LISTENs. When that connection is lost it reconnects with backoff, keeps what it could not
 * send meanwhile, and tells its listeners to resync (they may have missed other instances' events).
 */
export function createPgBus(options: PgBusOptions): EventBus {
  const onError = options.onError ?? logToConsole;
  const origin = options.origin ?? randomBytes(8).toString("hex");
  const minMs = options.reconnectMinMs ?? 250;
  const maxMs = options.reconnectMaxMs ?? 10_000;
  const maxQueued = options.maxQueued ?? 1_000;
  const listeners = new Listeners(onError);
  const queue: string[] = [];
  let client: pg.Client | undefined;
  let closed = false;
  // Read through a function: `closed` changes while connect() awaits.
  const isClosed = () => closed;
  let connectedOnce = false;
  let delay = minMs;
  let timer: ReturnType<typeof setTimeout> | undefined;

  function send(c: pg.Client, payload: string): void {
    c.query("SELECT pg_notify($1, $2)", [EVENTS_CHANNEL, payload]).catch((error: unknown) => {
      if (isClosed()) return; // shutting down: nobody is left to tell
      // Lost with the connection (most likely): send it again once reconnected.
      onError(error, "NOTIFY failed");
      enqueue(payload);
    });
  }

  function enqueue(payload: string): void {
    queue.push(payload);
    if (queue.length > maxQueued) queue.splice(0, queue.length - maxQueued);
  }

  function lost(c: pg.Client, reason: unknown): void {
    if (client !== c) return;
    client = undefined;
    if (!closed) onError(reason, "the events connection was lost; reconnecting");
    c.end().catch(() => undefined);
    schedule();
  }

  function schedule(): void {
    if (closed || timer) return;
    timer = setTimeout(() => {
      timer = undefined;
      void connect();
    }, delay);
    timer.unref();
    delay = Math.min(maxMs, delay * 2);
  }

  async function connect(): Promise<void> {
    if (closed) return;
    const c = new pg.Client({ connectionString: options.url, application_name: EVENTS_APPLICATION_NAME });
    c.on("error", (error) => {
      lost(c, error);
    });
    c.on("end", () => {
      lost(c, new Error("connection ended"));
    });
    c.on("notification", (message) => {
      if (message.channel !== EVENTS_CHANNEL || message.payload === undefined) return;
      const unpacked = unpackNotification(message.payload);
      if (!unpacked || unpacked.origin === origin) return;
      listeners.deliver(unpacked.events);
    });
    try {
      await c.connect();
      await c.query(`LISTEN ${EVENTS_CHANNEL}`);
    } catch (error) {
      onError(error, "cannot listen for events");
      c.removeAllListeners("end");
      c.end().catch(() => undefined);
      schedule();
      return;
    }
    if (isClosed()) {
      await c.end().catch(() => undefined);
      return;
    }
    client = c;
    delay = minMs;
    const missed = connectedOnce;
    connectedOnce = true;
    for (const payload of queue.splice(0)) send(c, payload);
    if (missed) listeners.deliver([{ type: "resync" }]);
  }

  // Listening starts at once, so events published before anyone awaits ready() are not lost.
  const firstAttempt = connect();

  return {
    publish(input) {
      const events = asList(input);
      if (events.length === 0) return;
      listeners.deliver(events);
      try {
        const { payloads, dropped } = packNotifications(origin, events);
        if (dropped.length > 0) onError(new Error(`${dropped.length} events too large`), "NOTIFY skipped");
        for (const payload of payloads) {
          if (client) send(client, payload);
          else enqueue(payload);
        }
      } catch (error) {
        onError(error, "publishing failed");
      }
    },
    subscribe: (listener) => listeners.add(listener),
    /** Resolves after the first attempt to listen (a failed one keeps retrying in the background). */
    ready: () => firstAttempt,
    async close() {
      closed = true;
      if (timer) clearTimeout(timer);
      timer = undefined;
      await firstAttempt;
      const c = client;
      client = undefined;
      if (c) {
        c.removeAllListeners("end");
        await c.end().catch(() => undefined);
      }
    },
  };
}
