import type { FastifyInstance } from "fastify";
import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import { actorOf } from "../auth/auth.http.js";
import type { Deps } from "../deps.js";
import { IdParams } from "../shared/schemas.js";
import {
  CreatePolicyBody,
  PolicyDetailSchema,
  PolicyErrors,
  PolicyListQuery,
  PolicySchema,
  RevisePolicyBody,
} from "./policies.schemas.js";
import { createPolicy, getPolicy, listPolicies, revisePolicy } from "./policies.service.js";
import { policyRequestRoutes } from "./requests.routes.js";

/** The policy catalog. Thin routes: schema in, actor, one service call; the response schema is the allow-list. */
export function policyRoutes(appBase: FastifyInstance, deps: Deps): void {
  const app = appBase.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ["policies"];

  app.get(
    "/api/policies",
    {
      schema: {
        tags,
        summary: "The policy library: every policy with the version in effect; q searches its words",
        querystring: PolicyListQuery,
        response: { 200: Type.Array(PolicySchema), ...PolicyErrors },
      },
    },
    (request) => listPolicies(deps, actorOf(request), { q: request.query.q }),
  );

  app.post(
    "/api/policies",
    {
      schema: {
        tags,
        summary: "Add a policy (version 1); needs policies:write",
        body: CreatePolicyBody,
        response: { 201: PolicyDetailSchema, ...PolicyErrors },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await createPolicy(deps, actorOf(request), request.body)),
  );

  app.get(
    "/api/policies/:id",
    {
      schema: {
        tags,
        summary: "A policy with every version, oldest first",
        params: IdParams,
        response: { 200: PolicyDetailSchema, ...PolicyErrors },
      },
    },
    (request) => getPolicy(deps, actorOf(request), request.params.id),
  );

  app.post(
    "/api/policies/:id/versions",
    {
      schema: {
        tags,
        summary: "Change a policy: makes the next version; decisions keep the version they were made under",
        params: IdParams,
        body: RevisePolicyBody,
        response: { 201: PolicyDetailSchema, ...PolicyErrors },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await revisePolicy(deps, actorOf(request), request.params.id, request.body)),
  );

  policyRequestRoutes(appBase, deps);
}
