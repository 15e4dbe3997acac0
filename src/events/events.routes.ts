import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import type { PassThrough } from "node:stream";
import type { FastifyInstance, FastifyReply } from "fastify";
import { Gauge, type Registry } from "prom-client";
import { Type } from "typebox";
import { actorOf, credentialsCheck, sessionKeyOf } from "../auth/auth.http.js";
import type { Config } from "../config.js";
import type { Deps } from "../deps.js";
import { Enum, IdParams, Instant, Problem, StandardErrors } from "../shared/schemas.js";
import { PRESENCE_ACTIVITIES } from "./events.rules.js";
import { clearPresence, openCaseEvents, openWorkspaceEvents, setPresence } from "./events.service.js";
import { createStreamHub } from "./events.streams.js";
import { createPresenceBoard } from "./presence.js";

/**
 * A 200 that is a text/event-stream. The OpenAPI document says so, and the security walks
 * (test/support/openapi-walk.ts) read a stream's start from a real socket instead of waiting
 * for an end that never comes.
 */
function EventStream(description: string) {
  return {
    description,
    content: { "text/event-stream": { schema: Type.String({ description: "Server-sent events" }) } },
  };
}

const STREAM_EVENTS =
  "Events: `ready` (on every connect; re-read what you show when it is not the first), `case` " +
  "({caseId, caseNumber, kind, actorStaffId, at}: re-read the case through the API), `resync` " +
  "(events may have been missed: re-read), `end` (credentials no longer hold). Comment heartbeats " +
  "keep the connection open; a `retry:` hint sets the reconnect delay.";

/** The typed reply only takes what the response schemas describe as JSON; a stream is sent as is. */
function sendStream(reply: FastifyReply, body: PassThrough): FastifyReply {
  return reply.send(body);
}

const PresenceBody = Type.Object(
  { activity: Enum(PRESENCE_ACTIVITIES, "viewing the case, or typing a reply on it") },
  { additionalProperties: false },
);

const PresenceSchema = Type.Object({ caseId: Type.String(), activity: Type.String(), expiresAt: Instant });

/** Live updates: event streams for the case view and the queue, and presence on a case. */
export function eventRoutes(appBase: FastifyInstance, deps: Deps, config: Config, registry?: Registry): void {
  const app = appBase.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ["live"];
  const onError = (error: unknown) => {
    app.log.warn({ err: error }, "live events");
  };
  const presence = createPresenceBoard({
    bus: deps.events,
    clock: deps.clock,
    sweepMs: config.presenceSweepMs,
    onError,
  });
  const hub = createStreamHub({
    bus: deps.events,
    presence,
    heartbeatMs: config.sseHeartbeatMs,
    maxPerKey: config.sseMaxStreamsPerSession,
    onError,
  });
  if (registry) {
    new Gauge({
      name: "frontdesk_event_streams",
      help: "Open server-sent event streams on this instance",
      registers: [registry],
      collect() {
        this.set(hub.count());
      },
    });
  }
  // Streams never end by themselves: end them before the server waits for open requests.
  app.addHook("preClose", (done) => {
    hub.closeAll();
    done();
  });
  app.addHook("onClose", (_instance, done) => {
    hub.dispose();
    presence.close();
    done();
  });

  app.get(
    "/api/cases/:id/events",
    {
      schema: {
        tags,
        summary: "Live changes and presence on one case (server-sent events)",
        description: `${STREAM_EVENTS} Also \`presence\` ({caseId, people: [{staffId, name, activity, expiresAt}]}), sent on connect and on every change.`,
        params: IdParams,
        response: {
          200: EventStream("A text/event-stream of the case's events"),
          ...StandardErrors,
          429: Problem,
        },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const scope = await openCaseEvents(deps, actor, request.params.id);
      const body = hub.open(reply, {
        key: sessionKeyOf(request),
        scope,
        isStillAllowed: credentialsCheck(deps, request),
      });
      return sendStream(reply, body);
    },
  );

  app.get(
    "/api/events",
    {
      schema: {
        tags,
        summary: "Live case changes in the workspace, for the queue (server-sent events)",
        description: STREAM_EVENTS,
        response: {
          200: EventStream("A text/event-stream of the workspace's case events"),
          ...StandardErrors,
          429: Problem,
        },
      },
    },
    async (request, reply) => {
      const scope = openWorkspaceEvents(deps, actorOf(request));
      const body = hub.open(reply, {
        key: sessionKeyOf(request),
        scope,
        isStillAllowed: credentialsCheck(deps, request),
      });
      return sendStream(reply, body);
    },
  );

  app.post(
    "/api/cases/:id/presence",
    {
      schema: {
        tags,
        summary: `Say you are viewing or replying on a case (lasts ${Math.round(config.presenceTtlMs / 1000)} s; refresh it)`,
        params: IdParams,
        body: PresenceBody,
        response: { 200: PresenceSchema, ...StandardErrors },
      },
    },
    (request) =>
      setPresence(deps, actorOf(request), request.params.id, {
        activity: request.body.activity,
        ttlMs: config.presenceTtlMs,
      }),
  );

  app.delete(
    "/api/cases/:id/presence",
    {
      schema: {
        tags,
        summary: "Leave a case: your presence goes at once",
        params: IdParams,
        response: { 204: Type.Null({ description: "Presence cleared" }), ...StandardErrors },
      },
    },
    async (request, reply) => {
      await clearPresence(deps, actorOf(request), request.params.id);
      return reply.status(204).send(null);
    },
  );
}
