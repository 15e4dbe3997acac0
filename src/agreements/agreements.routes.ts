import type { FastifyInstance } from "fastify";
import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import { actorOf } from "../auth/auth.http.js";
import type { Deps } from "../deps.js";
import { IdParams, StandardErrors } from "../shared/schemas.js";
import { listAgreementClients, previewAgreement } from "./agreements.preview.service.js";
import {
  AgreementClientSchema,
  AgreementPreviewQuery,
  AgreementPreviewSchema,
  AgreementSchema,
  ClientAgreementBody,
  ClientAgreementSchema,
  CreateAgreementBody,
  CreateDeliverableBody,
  DeliverableSchema,
  UpdateAgreementBody,
} from "./agreements.schemas.js";
import {
  createAgreement,
  createDeliverable,
  getAgreement,
  listAgreements,
  listDeliverables,
  setClientAgreement,
  updateAgreement,
} from "./agreements.service.js";

/** Thin routes: schema in, actor, one service call; the response schema is the allow-list out. */
export function agreementRoutes(appBase: FastifyInstance, deps: Deps): void {
  const app = appBase.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ["agreements"];

  app.get(
    "/api/agreements",
    {
      schema: {
        tags,
        summary: "All agreements by name",
        response: { 200: Type.Array(AgreementSchema), ...StandardErrors },
      },
    },
    (request) => listAgreements(deps, actorOf(request)),
  );

  app.post(
    "/api/agreements",
    {
      schema: {
        tags,
        summary: "Add an agreement (service terms: coverage, targets per priority, callbacks)",
        body: CreateAgreementBody,
        response: { 201: AgreementSchema, ...StandardErrors },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await createAgreement(deps, actorOf(request), request.body)),
  );

  app.get(
    "/api/agreements/:id",
    {
      schema: {
        tags,
        summary: "One agreement",
        params: IdParams,
        response: { 200: AgreementSchema, ...StandardErrors },
      },
    },
    (request) => getAgreement(deps, actorOf(request), request.params.id),
  );

  app.patch(
    "/api/agreements/:id",
    {
      schema: {
        tags,
        summary: "Change an agreement; open promises computed from it are recomputed",
        params: IdParams,
        body: UpdateAgreementBody,
        response: { 200: AgreementSchema, ...StandardErrors },
      },
    },
    (request) => updateAgreement(deps, actorOf(request), request.params.id, request.body),
  );

  app.get(
    "/api/agreements/:id/deliverables",
    {
      schema: {
        tags,
        summary: "The agreement's scheduled deliverables with their next due time",
        params: IdParams,
        response: { 200: Type.Array(DeliverableSchema), ...StandardErrors },
      },
    },
    (request) => listDeliverables(deps, actorOf(request), request.params.id),
  );

  app.post(
    "/api/agreements/:id/deliverables",
    {
      schema: {
        tags,
        summary: "Add a scheduled deliverable (RRULE with DTSTART;TZID=…)",
        params: IdParams,
        body: CreateDeliverableBody,
        response: { 201: DeliverableSchema, ...StandardErrors },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await createDeliverable(deps, actorOf(request), request.params.id, request.body)),
  );

  app.put(
    "/api/clients/:id/agreement",
    {
      schema: {
        tags,
        summary: "Put a client on an agreement (null: the workspace default)",
        params: IdParams,
        body: ClientAgreementBody,
        response: { 200: ClientAgreementSchema, ...StandardErrors },
      },
    },
    (request) => setClientAgreement(deps, actorOf(request), request.params.id, request.body.agreementId),
  );

  app.get(
    "/api/agreements/:id/preview",
    {
      schema: {
        tags,
        summary: "What a request at `at` (default now) would be promised under the agreement, per priority",
        params: IdParams,
        querystring: AgreementPreviewQuery,
        response: { 200: AgreementPreviewSchema, ...StandardErrors },
      },
    },
    (request) => previewAgreement(deps, actorOf(request), request.params.id, { at: request.query.at }),
  );

  app.get(
    "/api/agreements/:id/clients",
    {
      schema: {
        tags,
        summary: "The clients the agreement applies to (for the default: also those without their own)",
        params: IdParams,
        response: { 200: Type.Array(AgreementClientSchema), ...StandardErrors },
      },
    },
    (request) => listAgreementClients(deps, actorOf(request), request.params.id),
  );
}
