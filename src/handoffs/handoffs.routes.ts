import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import type { FastifyInstance } from "fastify";
import { Type } from "typebox";
import { actorOf } from "../auth/auth.http.js";
import type { Deps } from "../deps.js";
import { IdParams, StandardErrors } from "../shared/schemas.js";
import { getEndOfShift, handOverEndOfShift } from "./endofshift.service.js";
import {
  ContextCardSchema,
  EndOfShiftBody,
  EndOfShiftSchema,
  HandoffBody,
  HandoffSchema,
} from "./handoffs.schemas.js";
import {
  acknowledgeHandoff,
  createHandoff,
  getCardDraft,
  getHandoff,
  listHandoffsOfCase,
  listMyPendingHandoffs,
} from "./handoffs.service.js";

/** Thin routes: schema in, actor, one service call; the response schema is the allow-list out. */
export function handoffRoutes(appBase: FastifyInstance, deps: Deps): void {
  const app = appBase.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ["handoffs"];

  app.get(
    "/api/cases/:id/context-card/draft",
    {
      schema: {
        tags,
        summary: "A context card pre-filled from the case, for the sender to complete",
        params: IdParams,
        response: { 200: ContextCardSchema, ...StandardErrors },
      },
    },
    (request) => getCardDraft(deps, actorOf(request), request.params.id),
  );

  app.get(
    "/api/cases/:id/handoffs",
    {
      schema: {
        tags,
        summary: "The case's hand-overs, newest first",
        params: IdParams,
        response: { 200: Type.Array(HandoffSchema), ...StandardErrors },
      },
    },
    (request) => listHandoffsOfCase(deps, actorOf(request), request.params.id),
  );

  app.post(
    "/api/cases/:id/handoffs",
    {
      schema: {
        tags,
        summary: "Hand the case to a person or a team with a context card",
        params: IdParams,
        body: HandoffBody,
        response: { 201: HandoffSchema, ...StandardErrors },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await createHandoff(deps, actorOf(request), request.params.id, request.body)),
  );

  app.get(
    "/api/handoffs/pending",
    {
      schema: {
        tags,
        summary: "My hand-overs to acknowledge (to me or to my teams)",
        response: { 200: Type.Array(HandoffSchema), ...StandardErrors },
      },
    },
    (request) => listMyPendingHandoffs(deps, actorOf(request)),
  );

  app.get(
    "/api/handoffs/:id",
    {
      schema: {
        tags,
        summary: "One hand-over with its context card",
        params: IdParams,
        response: { 200: HandoffSchema, ...StandardErrors },
      },
    },
    (request) => getHandoff(deps, actorOf(request), request.params.id),
  );

  app.post(
    "/api/handoffs/:id/acknowledge",
    {
      schema: {
        tags,
        summary: "The receiver confirms they have the case; the customer is told who has it",
        params: IdParams,
        response: { 200: HandoffSchema, ...StandardErrors },
      },
    },
    (request) => acknowledgeHandoff(deps, actorOf(request), request.params.id),
  );

  app.get(
    "/api/me/end-of-shift",
    {
      schema: {
        tags,
        summary: "My open cases with promises due before I am next in",
        response: { 200: EndOfShiftSchema, ...StandardErrors },
      },
    },
    (request) => getEndOfShift(deps, actorOf(request), null),
  );

  app.get(
    "/api/staff/:id/end-of-shift",
    {
      schema: {
        tags,
        summary: "A staff member's end-of-shift list (themselves, their managers, admins)",
        params: IdParams,
        response: { 200: EndOfShiftSchema, ...StandardErrors },
      },
    },
    (request) => getEndOfShift(deps, actorOf(request), request.params.id),
  );

  app.post(
    "/api/me/end-of-shift/handover",
    {
      schema: {
        tags,
        summary: "Hand my end-of-shift cases over in one step, each with a pre-filled context card",
        body: EndOfShiftBody,
        response: { 200: Type.Object({ handoffs: Type.Array(HandoffSchema) }), ...StandardErrors },
      },
    },
    (request) => handOverEndOfShift(deps, actorOf(request), request.body),
  );
}
