import { sql } from "kysely";
import type { FastifyInstance } from "fastify";
import type { Registry } from "prom-client";
import { Type } from "typebox";
import type { Deps } from "../deps.js";

/** Liveness, readiness (the database answers) and metrics. Unauthenticated, no workspace data. */
export function opsRoutes(app: FastifyInstance, deps: Deps, registry: Registry): void {
  app.get(
    "/health",
    { schema: { tags: ["ops"], response: { 200: Type.Object({ status: Type.Literal("ok") }) } } },
    () => ({ status: "ok" as const }),
  );
  app.get(
    "/ready",
    {
      schema: {
        tags: ["ops"],
        response: {
          200: Type.Object({ status: Type.Literal("ready"), database: Type.String() }),
          503: Type.Object({ status: Type.Literal("unavailable"), database: Type.String() }),
        },
      },
    },
    async (_request, reply) => {
      try {
        await sql`select 1`.execute(deps.db);
        return { status: "ready" as const, database: deps.dialect };
      } catch {
        return reply.status(503).send({ status: "unavailable" as const, database: deps.dialect });
      }
    },
  );
  app.get("/metrics", { schema: { tags: ["ops"], hide: true } }, async (_request, reply) => {
    return reply.type(registry.contentType).send(await registry.metrics());
  });
}
