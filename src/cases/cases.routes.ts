import type { FastifyInstance } from "fastify";
import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import { actorOf } from "../auth/auth.http.js";
import type { Deps } from "../deps.js";
import { IdParams, PageOf, StandardErrors, Text } from "../shared/schemas.js";
import {
  AddAttemptBody,
  AddEntryBody,
  AttemptSchema,
  CaseSchema,
  CreateCaseBody,
  EntrySchema,
  ListCasesQuery,
  PageQuery,
  UpdateCaseBody,
} from "./cases.schemas.js";
import {
  createCase,
  getCase,
  getCaseByNumber,
  listCasesPage,
  searchCases,
  updateCase,
} from "./cases.service.js";
import { addContactAttempt, addEntry, listContactAttempts, listTimeline } from "./timeline.service.js";

/** Thin routes: schema in, actor, one service call; the response schema is the allow-list out. */
export function caseRoutes(appBase: FastifyInstance, deps: Deps): void {
  const app = appBase.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ["cases"];

  app.get(
    "/api/cases",
    {
      schema: {
        tags,
        summary: "List cases with filters; sort=due gives the queue by soonest promise",
        querystring: ListCasesQuery,
        response: { 200: PageOf(CaseSchema), ...StandardErrors },
      },
    },
    (request) => {
      const actor = actorOf(request);
      const q = request.query;
      const assigneeId = q.assignee === "me" ? actor.staffId : q.assignee === "none" ? null : q.assignee;
      return listCasesPage(deps, actor, {
        status: q.status,
        isOpen: q.open,
        assigneeId,
        teamId: q.teamId,
        customerId: q.customerId,
        clientId: q.clientId,
        tag: q.tag?.toLowerCase(),
        sort: q.sort ?? "created",
        cursor: q.cursor,
        limit: q.limit ?? 50,
      });
    },
  );

  app.post(
    "/api/cases",
    {
      schema: {
        tags,
        summary: "Open a case",
        body: CreateCaseBody,
        response: { 201: CaseSchema, ...StandardErrors },
      },
    },
    async (request, reply) => reply.status(201).send(await createCase(deps, actorOf(request), request.body)),
  );

  app.get(
    "/api/cases/:id",
    {
      schema: {
        tags,
        summary: "One case",
        params: IdParams,
        response: { 200: CaseSchema, ...StandardErrors },
      },
    },
    (request) => getCase(deps, actorOf(request), request.params.id),
  );

  app.get(
    "/api/cases/by-number/:number",
    {
      schema: {
        tags,
        summary: "One case by its number (#1042)",
        params: Type.Object(
          { number: Type.Integer({ minimum: 1, maximum: 2_147_483_647 }) },
          { additionalProperties: false },
        ),
        response: { 200: CaseSchema, ...StandardErrors },
      },
    },
    (request) => getCaseByNumber(deps, actorOf(request), request.params.number),
  );

  app.patch(
    "/api/cases/:id",
    {
      schema: {
        tags,
        summary: "Change a case: status, priority (with a reason), assignment, tags",
        params: IdParams,
        body: UpdateCaseBody,
        response: { 200: CaseSchema, ...StandardErrors },
      },
    },
    (request) => updateCase(deps, actorOf(request), request.params.id, request.body),
  );

  app.get(
    "/api/cases/:id/entries",
    {
      schema: {
        tags,
        summary: "The case's timeline, oldest first",
        params: IdParams,
        querystring: PageQuery,
        response: { 200: PageOf(EntrySchema), ...StandardErrors },
      },
    },
    (request) =>
      listTimeline(deps, actorOf(request), request.params.id, {
        cursor: request.query.cursor,
        limit: request.query.limit ?? 50,
      }),
  );

  app.post(
    "/api/cases/:id/entries",
    {
      schema: {
        tags,
        summary: "Add a message, internal note, call log or walk-in note",
        params: IdParams,
        body: AddEntryBody,
        response: { 201: EntrySchema, ...StandardErrors },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await addEntry(deps, actorOf(request), request.params.id, request.body)),
  );

  app.get(
    "/api/cases/:id/attempts",
    {
      schema: {
        tags,
        summary: "The customer's contact attempts on this case",
        params: IdParams,
        response: { 200: Type.Array(AttemptSchema), ...StandardErrors },
      },
    },
    (request) => listContactAttempts(deps, actorOf(request), request.params.id),
  );

  app.post(
    "/api/cases/:id/attempts",
    {
      schema: {
        tags,
        summary: "Record a contact attempt (a call to a line or a person, an email, a visit)",
        params: IdParams,
        body: AddAttemptBody,
        response: { 201: AttemptSchema, ...StandardErrors },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await addContactAttempt(deps, actorOf(request), request.params.id, request.body)),
  );

  app.get(
    "/api/search",
    {
      schema: {
        tags,
        summary: "Full-text search over cases and their timelines",
        querystring: Type.Object(
          { q: Text(200, 1), limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 25 })) },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ items: Type.Array(CaseSchema) }), ...StandardErrors },
      },
    },
    async (request) => ({
      items: await searchCases(deps, actorOf(request), request.query.q, request.query.limit ?? 25),
    }),
  );
}
