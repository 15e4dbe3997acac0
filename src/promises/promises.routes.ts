import type { FastifyInstance } from "fastify";
import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import { actorOf } from "../auth/auth.http.js";
import type { Deps } from "../deps.js";
import { IdParams, PageOf, StandardErrors } from "../shared/schemas.js";
import { previewAcknowledgement } from "./promises.acknowledgement.service.js";
import {
  AcknowledgementQuery,
  AcknowledgementSchema,
  CreatePromiseBody,
  HonestPromiseQuery,
  HonestPromiseSchema,
  ListPromisesQuery,
  PromiseSchema,
  RenegotiateBody,
  RenegotiationSchema,
} from "./promises.schemas.js";
import {
  createCasePromise,
  honestPromiseFor,
  keepPromise,
  listCasePromises,
  listPromisesPage,
  renegotiatePromise,
} from "./promises.service.js";

/** Thin routes: schema in, actor, one service call; the response schema is the allow-list out. */
export function promiseRoutes(appBase: FastifyInstance, deps: Deps): void {
  const app = appBase.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ["promises"];

  app.get(
    "/api/promises",
    {
      schema: {
        tags,
        summary: "Promises; open=true&sort=due is the queue of due promises, soonest first",
        querystring: ListPromisesQuery,
        response: { 200: PageOf(PromiseSchema), ...StandardErrors },
      },
    },
    (request) => {
      const q = request.query;
      return listPromisesPage(deps, actorOf(request), {
        status: q.status,
        isOpen: q.open,
        caseId: q.caseId,
        caseIds: q.caseIds?.split(","),
        sort: q.sort ?? "due",
        cursor: q.cursor,
        limit: q.limit ?? 50,
      });
    },
  );

  app.get(
    "/api/cases/:id/promises",
    {
      schema: {
        tags,
        summary: "Every promise made on the case, oldest first",
        params: IdParams,
        response: { 200: Type.Array(PromiseSchema), ...StandardErrors },
      },
    },
    (request) => listCasePromises(deps, actorOf(request), request.params.id),
  );

  app.post(
    "/api/cases/:id/promises",
    {
      schema: {
        tags,
        summary: "Make a promise: with a dueAt, computed from a target, or a deliverable's next due time",
        params: IdParams,
        body: CreatePromiseBody,
        response: { 201: PromiseSchema, ...StandardErrors },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await createCasePromise(deps, actorOf(request), request.params.id, request.body)),
  );

  app.get(
    "/api/cases/:id/honest-promise",
    {
      schema: {
        tags,
        summary: "The earliest promise the case's agreement allows now for a target (default next_reply)",
        params: IdParams,
        querystring: HonestPromiseQuery,
        response: { 200: HonestPromiseSchema, ...StandardErrors },
      },
    },
    (request) =>
      honestPromiseFor(deps, actorOf(request), request.params.id, request.query.target ?? "next_reply"),
  );

  app.post(
    "/api/promises/:id/keep",
    {
      schema: {
        tags,
        summary: "Mark an open promise kept",
        params: IdParams,
        response: { 200: PromiseSchema, ...StandardErrors },
      },
    },
    (request) => keepPromise(deps, actorOf(request), request.params.id),
  );

  app.post(
    "/api/promises/:id/renegotiate",
    {
      schema: {
        tags,
        summary: "Move an open promise to a new time, telling the customer (recorded on the timeline)",
        params: IdParams,
        body: RenegotiateBody,
        response: { 200: RenegotiationSchema, ...StandardErrors },
      },
    },
    (request) => renegotiatePromise(deps, actorOf(request), request.params.id, request.body),
  );

  app.get(
    "/api/cases/:id/acknowledgement",
    {
      schema: {
        tags,
        summary: "What the customer is told: the acknowledgement (text and HTML) with every open promise",
        params: IdParams,
        querystring: AcknowledgementQuery,
        response: { 200: AcknowledgementSchema, ...StandardErrors },
      },
    },
    (request) =>
      previewAcknowledgement(deps, actorOf(request), request.params.id, {
        timeZone: request.query.timeZone,
      }),
  );
}
