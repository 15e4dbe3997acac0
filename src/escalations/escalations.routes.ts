import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import type { FastifyInstance } from "fastify";
import { actorOf } from "../auth/auth.http.js";
import type { Deps } from "../deps.js";
import { IdParams, StandardErrors } from "../shared/schemas.js";
import {
  EscalationBody,
  EscalationSchema,
  EscalationSettingsBody,
  EscalationSettingsSchema,
  EscalationTargetBody,
  PreviewSchema,
} from "./escalations.schemas.js";
import {
  escalate,
  getEscalationSettings,
  previewEscalation,
  setEscalationSettings,
} from "./escalations.service.js";

/** Thin routes: schema in, actor, one service call; the response schema is the allow-list out. */
export function escalationRoutes(appBase: FastifyInstance, deps: Deps): void {
  const app = appBase.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ["escalations"];

  app.post(
    "/api/cases/:id/escalations/preview",
    {
      schema: {
        tags,
        summary: "Who would receive this escalation now, and why (no writes)",
        params: IdParams,
        body: EscalationTargetBody,
        response: { 200: PreviewSchema, ...StandardErrors },
      },
    },
    (request) => previewEscalation(deps, actorOf(request), request.params.id, request.body),
  );

  app.post(
    "/api/cases/:id/escalations",
    {
      schema: {
        tags,
        summary: "Escalate to a level or a person, with a reason and a context card",
        params: IdParams,
        body: EscalationBody,
        response: { 201: EscalationSchema, ...StandardErrors },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await escalate(deps, actorOf(request), request.params.id, request.body)),
  );

  app.get(
    "/api/workspace/escalation-settings",
    {
      schema: {
        tags,
        summary: "The hand-over margin (minutes a receiver must stay on duty)",
        response: { 200: EscalationSettingsSchema, ...StandardErrors },
      },
    },
    (request) => getEscalationSettings(deps, actorOf(request)),
  );

  app.put(
    "/api/workspace/escalation-settings",
    {
      schema: {
        tags,
        summary: "Set the hand-over margin",
        body: EscalationSettingsBody,
        response: { 200: EscalationSettingsSchema, ...StandardErrors },
      },
    },
    (request) => setEscalationSettings(deps, actorOf(request), request.body),
  );
}
