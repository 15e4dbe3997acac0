import type { Dialect } from "../db/database.js";
import { createLocalBus, type ErrorSink, type EventBus } from "./events.bus.js";
import { createPgBus } from "./events.pg.js";

/**
 * The bus for a running server: in-process on SQLite (one process owns the file), and on
 * PostgreSQL also LISTEN/NOTIFY so several instances on one database hear each other.
 */
export function openEventBus(options: { dialect: Dialect; url: string; onError?: ErrorSink }): EventBus {
  const onError = options.onError ? { onError: options.onError } : {};
  return options.dialect === "postgres"
    ? createPgBus({ url: options.url, ...onError })
    : createLocalBus(onError);
}
