import type { FastifyInstance } from "fastify";
import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import { actorOf } from "../auth/auth.http.js";
import type { Deps } from "../deps.js";
import { IdParams } from "../shared/schemas.js";
import { recordPolicyAction } from "./actions.service.js";
import { PolicyErrors } from "./policies.schemas.js";
import {
  approvalsInbox,
  getRequestDetail,
  listCaseRequestViews,
  policyHistory,
  policyReportFor,
  previewPolicy,
} from "./precedents.service.js";
import {
  ApplyPolicyBody,
  ApprovalsSchema,
  DecisionBody,
  EvaluationSchema,
  HistoryQuery,
  PolicyActionBody,
  PrecedentsSchema,
  PreviewBody,
  ReportQuery,
  ReportSchema,
  RequestDetailSchema,
  RequestSchema,
  WithdrawBody,
} from "./requests.schemas.js";
import { applyPolicy, decideRequest, withdrawRequest } from "./requests.service.js";

/** Applying policies on cases, exception requests and their decisions, precedents and reports. */
export function policyRequestRoutes(appBase: FastifyInstance, deps: Deps): void {
  const app = appBase.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ["policies"];

  app.post(
    "/api/policies/:id/preview",
    {
      schema: {
        tags,
        summary: "The desk's answer to an ask under the policy in effect, with precedents; records nothing",
        params: IdParams,
        body: PreviewBody,
        response: { 200: EvaluationSchema, ...PolicyErrors },
      },
    },
    (request) => previewPolicy(deps, actorOf(request), request.params.id, request.body),
  );

  app.get(
    "/api/policies/:id/history",
    {
      schema: {
        tags,
        summary: "Decisions under the policy over time (or those similar to a value), with grant rates",
        params: IdParams,
        querystring: HistoryQuery,
        response: { 200: PrecedentsSchema, ...PolicyErrors },
      },
    },
    (request) => policyHistory(deps, actorOf(request), request.params.id, request.query),
  );

  app.get(
    "/api/cases/:id/policy-requests",
    {
      schema: {
        tags,
        summary: "Every policy request on the case, oldest first",
        params: IdParams,
        response: { 200: Type.Array(RequestSchema), ...PolicyErrors },
      },
    },
    (request) => listCaseRequestViews(deps, actorOf(request), request.params.id),
  );

  app.post(
    "/api/cases/:id/policy-requests",
    {
      schema: {
        tags,
        summary:
          "Record what the customer asks for under a policy: allowed, refused by the policy, or an exception request routed to a decider",
        params: IdParams,
        body: ApplyPolicyBody,
        response: { 201: RequestDetailSchema, ...PolicyErrors },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await applyPolicy(deps, actorOf(request), request.params.id, request.body)),
  );

  app.post(
    "/api/cases/:id/policy-actions",
    {
      schema: {
        tags,
        summary:
          "Record the agent's action under a policy (e.g. issue 4 vouchers): within the policy, or exactly what a granted exception covers; else 422 policy-refused",
        params: IdParams,
        body: PolicyActionBody,
        response: { 201: RequestDetailSchema, ...PolicyErrors },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await recordPolicyAction(deps, actorOf(request), request.params.id, request.body)),
  );

  app.get(
    "/api/policy-requests/:id",
    {
      schema: {
        tags,
        summary: "A policy request with the answer, who can decide it, and its precedents",
        params: IdParams,
        response: { 200: RequestDetailSchema, ...PolicyErrors },
      },
    },
    (request) => getRequestDetail(deps, actorOf(request), request.params.id),
  );

  app.post(
    "/api/policy-requests/:id/decision",
    {
      schema: {
        tags,
        summary:
          "Grant or refuse a pending exception with a reason; beyond one's authority or limit 422 policy-refused naming who can",
        params: IdParams,
        body: DecisionBody,
        response: { 200: RequestDetailSchema, ...PolicyErrors },
      },
    },
    (request) => decideRequest(deps, actorOf(request), request.params.id, request.body),
  );

  app.post(
    "/api/policy-requests/:id/withdraw",
    {
      schema: {
        tags,
        summary: "Withdraw a pending exception request (the asker, or someone who could decide it)",
        params: IdParams,
        body: WithdrawBody,
        response: { 200: RequestDetailSchema, ...PolicyErrors },
      },
    },
    (request) => withdrawRequest(deps, actorOf(request), request.params.id, request.body),
  );

  app.get(
    "/api/approvals",
    {
      schema: {
        tags,
        summary: "The approvals inbox: pending exception requests the reader may decide, with precedents",
        response: { 200: ApprovalsSchema, ...PolicyErrors },
      },
    },
    (request) => approvalsInbox(deps, actorOf(request)),
  );

  app.get(
    "/api/reports/policies",
    {
      schema: {
        tags,
        summary:
          "Exceptions per policy, decider, asking agent and week, with value given away (default: 12 weeks)",
        querystring: ReportQuery,
        response: { 200: ReportSchema, ...PolicyErrors },
      },
    },
    (request) => policyReportFor(deps, actorOf(request), request.query),
  );
}
