import type { FastifyInstance } from "fastify";
import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import { actorOf } from "../auth/auth.http.js";
import type { Deps } from "../deps.js";
import { IdParams, PageOf, StandardErrors } from "../shared/schemas.js";
import {
  CreateCustomerBody,
  CustomerCaseSchema,
  CustomerSchema,
  ListCustomersQuery,
  UpdateCustomerBody,
} from "./customers.schemas.js";
import {
  createCustomer,
  getCustomer,
  getCustomerHistory,
  listCustomersPage,
  updateCustomer,
} from "./customers.service.js";

/** Thin routes: schema in, actor, one service call; the response schema is the allow-list out. */
export function customerRoutes(appBase: FastifyInstance, deps: Deps): void {
  const app = appBase.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ["customers"];

  app.get(
    "/api/customers",
    {
      schema: {
        tags,
        summary: "List customers by name; q matches the start of the name or email",
        querystring: ListCustomersQuery,
        response: { 200: PageOf(CustomerSchema), ...StandardErrors },
      },
    },
    (request) =>
      listCustomersPage(deps, actorOf(request), {
        q: request.query.q,
        clientId: request.query.clientId,
        cursor: request.query.cursor,
        limit: request.query.limit ?? 50,
      }),
  );

  app.post(
    "/api/customers",
    {
      schema: {
        tags,
        summary: "Add a customer (linked to a client by email domain unless clientId is given)",
        body: CreateCustomerBody,
        response: { 201: CustomerSchema, ...StandardErrors },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await createCustomer(deps, actorOf(request), request.body)),
  );

  app.get(
    "/api/customers/:id",
    {
      schema: {
        tags,
        summary: "One customer",
        params: IdParams,
        response: { 200: CustomerSchema, ...StandardErrors },
      },
    },
    (request) => getCustomer(deps, actorOf(request), request.params.id),
  );

  app.patch(
    "/api/customers/:id",
    {
      schema: {
        tags,
        summary: "Change a customer's name, contact details, client or notes",
        params: IdParams,
        body: UpdateCustomerBody,
        response: { 200: CustomerSchema, ...StandardErrors },
      },
    },
    (request) => updateCustomer(deps, actorOf(request), request.params.id, request.body),
  );

  app.get(
    "/api/customers/:id/cases",
    {
      schema: {
        tags,
        summary: "The customer's earlier cases, newest first (up to 50)",
        params: IdParams,
        response: { 200: Type.Object({ items: Type.Array(CustomerCaseSchema) }), ...StandardErrors },
      },
    },
    async (request) => ({ items: await getCustomerHistory(deps, actorOf(request), request.params.id) }),
  );
}
