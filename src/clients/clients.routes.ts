import type { FastifyInstance } from "fastify";
import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import { actorOf } from "../auth/auth.http.js";
import type { Deps } from "../deps.js";
import { IdParams, PageOf, StandardErrors } from "../shared/schemas.js";
import {
  ClientSchema,
  CreateClientBody,
  LedgerPageQuery,
  ListClientsQuery,
  OrderSchema,
  PaymentSchema,
  RecordOrderBody,
  RecordPaymentBody,
  UpdateClientBody,
} from "./clients.schemas.js";
import {
  createClient,
  getClient,
  listClientsPage,
  listOrders,
  listPayments,
  recordOrder,
  recordPayment,
  updateClient,
} from "./clients.service.js";

/** Thin routes: schema in, actor, one service call; the response schema is the allow-list out. */
export function clientRoutes(appBase: FastifyInstance, deps: Deps): void {
  const app = appBase.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ["clients"];

  app.get(
    "/api/clients",
    {
      schema: {
        tags,
        summary: "List clients by name; q matches the start of the name or domain",
        querystring: ListClientsQuery,
        response: { 200: PageOf(ClientSchema), ...StandardErrors },
      },
    },
    (request) =>
      listClientsPage(deps, actorOf(request), {
        q: request.query.q,
        cursor: request.query.cursor,
        limit: request.query.limit ?? 50,
      }),
  );

  app.post(
    "/api/clients",
    {
      schema: {
        tags,
        summary: "Add a client with its credit account",
        body: CreateClientBody,
        response: { 201: ClientSchema, ...StandardErrors },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await createClient(deps, actorOf(request), request.body)),
  );

  app.get(
    "/api/clients/:id",
    {
      schema: {
        tags,
        summary: "One client, with its credit account",
        params: IdParams,
        response: { 200: ClientSchema, ...StandardErrors },
      },
    },
    (request) => getClient(deps, actorOf(request), request.params.id),
  );

  app.patch(
    "/api/clients/:id",
    {
      schema: {
        tags,
        summary: "Change a client's details or credit terms",
        params: IdParams,
        body: UpdateClientBody,
        response: { 200: ClientSchema, ...StandardErrors },
      },
    },
    (request) => updateClient(deps, actorOf(request), request.params.id, request.body),
  );

  app.get(
    "/api/clients/:id/orders",
    {
      schema: {
        tags,
        summary: "The client's orders, newest first",
        params: IdParams,
        querystring: LedgerPageQuery,
        response: { 200: PageOf(OrderSchema), ...StandardErrors },
      },
    },
    (request) =>
      listOrders(deps, actorOf(request), request.params.id, {
        cursor: request.query.cursor,
        limit: request.query.limit ?? 50,
      }),
  );

  app.post(
    "/api/clients/:id/orders",
    {
      schema: {
        tags,
        summary: "Record an order; on account it raises the client's balance",
        params: IdParams,
        body: RecordOrderBody,
        response: { 201: OrderSchema, ...StandardErrors },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await recordOrder(deps, actorOf(request), request.params.id, request.body)),
  );

  app.get(
    "/api/clients/:id/payments",
    {
      schema: {
        tags,
        summary: "The client's payments, newest first",
        params: IdParams,
        querystring: LedgerPageQuery,
        response: { 200: PageOf(PaymentSchema), ...StandardErrors },
      },
    },
    (request) =>
      listPayments(deps, actorOf(request), request.params.id, {
        cursor: request.query.cursor,
        limit: request.query.limit ?? 50,
      }),
  );

  app.post(
    "/api/clients/:id/payments",
    {
      schema: {
        tags,
        summary: "Record a payment; it lowers the client's balance",
        params: IdParams,
        body: RecordPaymentBody,
        response: { 201: PaymentSchema, ...StandardErrors },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await recordPayment(deps, actorOf(request), request.params.id, request.body)),
  );
}
