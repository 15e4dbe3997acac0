import type { BusMessage, LiveEvent } from "./events.rules.js";

export type BusListener = (message: BusMessage) => void;

/**
 * Carries live events to whoever listens in this instance (streams, the presence board) and, on
 * PostgreSQL, to the other instances. Built once at start-up and kept in Deps.
 */
export interface EventBus {
  /**
   * Delivers to this instance's listeners now and, where there are other instances, to theirs.
   * Never throws: it is called after a write committed, and telling people must not fail it.
   */
  publish(events: LiveEvent | readonly LiveEvent[]): void;
  /** Hears every event this instance learns of (its own and other instances'); returns unsubscribe. */
  subscribe(listener: BusListener): () => void;
  /** Resolves once the bus can carry events between instances (at once for the in-process bus). */
  ready(): Promise<void>;
  close(): Promise<void>;
}

export type ErrorSink = (error: unknown, context: string) => void;

export const logToConsole: ErrorSink = (error, context) => {
  console.error(`live events: ${context}:`, error);
};

/** The listeners of one instance. A listener that throws is reported and the others still hear. */
export class Listeners {
  readonly #set = new Set<BusListener>();
  readonly #onError: ErrorSink;

  constructor(onError: ErrorSink) {
    this.#onError = onError;
  }

  add(listener: BusListener): () => void {
    this.#set.add(listener);
    return () => {
      this.#set.delete(listener);
    };
  }

  deliver(messages: readonly BusMessage[]): void {
    for (const message of messages) {
      for (const listener of [...this.#set]) {
        try {
          listener(message);
        } catch (error) {
          this.#onError(error, "a listener failed");
        }
      }
    }
  }

  get size(): number {
    return this.#set.size;
  }
}

function isList(events: LiveEvent | readonly LiveEvent[]): events is readonly LiveEvent[] {
  return Array.isArray(events);
}

export function asList(events: LiveEvent | readonly LiveEvent[]): readonly LiveEvent[] {
  return isList(events) ? events : [events];
}

/** The bus of a single instance (SQLite, the CLI, tests): delivery in-process, synchronously. */
export function createLocalBus(options: { onError?: ErrorSink } = {}): EventBus {
  const listeners = new Listeners(options.onError ?? logToConsole);
  return {
    publish(events) {
      listeners.deliver(asList(events));
    },
    subscribe: (listener) => listeners.add(listener),
    ready: () => Promise.resolve(),
    close: () => Promise.resolve(),
  };
}
