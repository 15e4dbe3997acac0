import { PassThrough } from "node:stream";
import type { FastifyReply } from "fastify";
import { AppError } from "../shared/errors.js";
import type { EventBus } from "./events.bus.js";
import { presentCaseEvent, presentPresence } from "./events.present.js";
import type { StreamScope } from "./events.service.js";
import type { PresenceBoard } from "./presence.js";
import { sseComment, sseEvent, sseRetry } from "./sse.format.js";

export interface StreamHubOptions {
  bus: EventBus;
  presence: PresenceBoard;
  heartbeatMs: number;
  /** Streams one key (a session, or an API token's staff member) may hold open on this instance. */
  maxPerKey: number;
  /** The reconnect delay suggested to EventSource. */
  retryMs?: number;
  /** A client this far behind (bytes buffered, unread) is cut off; it reconnects and re-reads. */
  maxBufferedBytes?: number;
  onError?: (error: unknown) => void;
}

export interface StreamRequest {
  /** What the per-session cap counts by. */
  key: string;
  scope: StreamScope;
  /** Asked at every heartbeat: false (signed out, token revoked) ends the stream. */
  isStillAllowed: () => Promise<boolean>;
}

export interface StreamHub {
  /** Starts a stream on `reply` (headers, retry hint, `ready`, presence); throws rate-limited over the cap. */
  open(reply: FastifyReply, request: StreamRequest): PassThrough;
  /** Open streams on this instance. */
  count(): number;
  /** Ends every stream (app.close, graceful shutdown): nothing waits on a stream that never ends. */
  closeAll(): void;
  dispose(): void;
}

/** Headers for an event stream that no proxy buffers or caches. */
export const SSE_HEADERS: Readonly<Record<string, string>> = {
  "content-type": "text/event-stream; charset=utf-8",
  "cache-control": "no-cache, no-transform",
  connection: "keep-alive",
  // nginx and others buffer responses unless told not to; a buffered stream is no stream.
  "x-accel-buffering": "no",
};

interface Stream {
  key: string;
  scope: StreamScope;
  write(text: string): void;
  end(): void;
}

/**
 * The open event streams of one app: it hears the bus once and hands each event to the streams
 * that may see it (same workspace; for a case's stream, the same case).
 */
export function createStreamHub(options: StreamHubOptions): StreamHub {
  const retryMs = options.retryMs ?? 3_000;
  const maxBuffered = options.maxBufferedBytes ?? 1_048_576;
  const onError =
    options.onError ??
    ((error: unknown) => {
      console.error("event stream:", error);
    });
  const byWorkspace = new Map<string, Set<Stream>>();
  const perKey = new Map<string, number>();
  let total = 0;

  const forWorkspace = (workspaceId: string): Stream[] => [...(byWorkspace.get(workspaceId) ?? [])];

  const unsubscribe = options.bus.subscribe((message) => {
    if (message.type === "resync") {
      for (const set of byWorkspace.values()) for (const s of set) s.write(sseEvent("resync", {}));
    } else if (message.type === "case") {
      const text = sseEvent("case", presentCaseEvent(message));
      for (const s of forWorkspace(message.workspaceId)) {
        if (s.scope.caseId === null || s.scope.caseId === message.caseId) s.write(text);
      }
    }
  });
  const unwatch = options.presence.onChange((workspaceId, caseId, people) => {
    const text = sseEvent("presence", presentPresence(caseId, people));
    for (const s of forWorkspace(workspaceId)) if (s.scope.caseId === caseId) s.write(text);
  });

  function add(s: Stream): void {
    let set = byWorkspace.get(s.scope.workspaceId);
    if (!set) byWorkspace.set(s.scope.workspaceId, (set = new Set()));
    set.add(s);
    perKey.set(s.key, (perKey.get(s.key) ?? 0) + 1);
    total += 1;
  }

  function remove(s: Stream): void {
    const set = byWorkspace.get(s.scope.workspaceId);
    set?.delete(s);
    if (set?.size === 0) byWorkspace.delete(s.scope.workspaceId);
    const n = (perKey.get(s.key) ?? 1) - 1;
    if (n <= 0) perKey.delete(s.key);
    else perKey.set(s.key, n);
    total -= 1;
  }

  return {
    open(reply, request) {
      if ((perKey.get(request.key) ?? 0) >= options.maxPerKey) {
        throw new AppError(
          "rate-limited",
          `At most ${options.maxPerKey} live views may be open at once; close one and try again.`,
          { limit: options.maxPerKey },
        );
      }
      const body = new PassThrough();
      let closed = false;
      const stream: Stream = {
        key: request.key,
        scope: request.scope,
        write(text) {
          if (closed) return;
          if (body.writableLength > maxBuffered) {
            stream.end();
            return;
          }
          body.write(text);
        },
        end() {
          if (closed) return;
          closed = true;
          clearInterval(heartbeat);
          remove(stream);
          body.end();
        },
      };
      const heartbeat = setInterval(() => {
        stream.write(sseComment("heartbeat"));
        request.isStillAllowed().then(
          (ok) => {
            if (ok) return;
            stream.write(sseEvent("end", { reason: "unauthenticated" }));
            stream.end();
          },
          (error: unknown) => {
            onError(error);
          },
        );
      }, options.heartbeatMs);
      heartbeat.unref();
      add(stream);
      reply.raw.on("close", () => {
        stream.end();
      });
      body.on("close", () => {
        stream.end();
      });
      reply.status(200).headers(SSE_HEADERS);
      body.write(sseRetry(retryMs));
      const { scope } = request;
      body.write(sseEvent("ready", { caseId: scope.caseId, caseNumber: scope.caseNumber }));
      if (scope.caseId !== null) {
        const people = options.presence.on(scope.workspaceId, scope.caseId);
        body.write(sseEvent("presence", presentPresence(scope.caseId, people)));
      }
      return body;
    },
    count: () => total,
    closeAll() {
      for (const set of [...byWorkspace.values()]) for (const s of [...set]) s.end();
    },
    dispose() {
      unsubscribe();
      unwatch();
    },
  };
}
