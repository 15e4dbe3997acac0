import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import type { FastifyInstance } from "fastify";
import { Type } from "typebox";
import { actorOf } from "../auth/auth.http.js";
import type { Deps } from "../deps.js";
import { HelperSchema, StatusCardSchema } from "../schedules/schedules.schemas.js";
import { Enum, Id, IdParams, StandardErrors, Text } from "../shared/schemas.js";
import { PAGE_STATUSES } from "./paging.rules.js";
import { acceptPage, declinePage, getPage, listPages, raiseUrgent } from "./paging.service.js";

const NullableString = Type.Union([Type.String(), Type.Null()]);

export const PageSchema = Type.Object({
  id: Type.String(),
  caseId: Type.String(),
  caseNumber: Type.Union([Type.Integer(), Type.Null()]),
  status: Enum(PAGE_STATUSES),
  step: Type.Integer(),
  remaining: Type.Integer(),
  currentStaffId: NullableString,
  currentName: NullableString,
  deadlineAt: NullableString,
  acceptedById: NullableString,
  acceptedByName: NullableString,
  acceptedAt: NullableString,
  note: Type.String(),
  canAccept: Type.Boolean(),
  canDecline: Type.Boolean(),
  createdAt: Type.String(),
  updatedAt: Type.String(),
});

export const UrgentSchema = Type.Object({
  paged: Type.Boolean(),
  reason: NullableString,
  page: Type.Union([PageSchema, Type.Null()]),
  requested: Type.Union([StatusCardSchema, Type.Null()]),
  whoCanHelp: Type.Array(HelperSchema),
  customerWording: Type.String(),
  receptionistWording: Type.String(),
});

/** Thin routes: schema in, actor, one service call; the response schema is the allow-list out. */
export function pagingRoutes(appBase: FastifyInstance, deps: Deps): void {
  const app = appBase.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ["paging"];

  app.post(
    "/api/cases/:id/urgent",
    {
      schema: {
        tags,
        summary:
          "It's urgent: pages the person on call when the agreement has after-hours cover, else offers who can help now",
        params: IdParams,
        body: Type.Object(
          { requestedStaffId: Type.Optional(Id), note: Type.Optional(Text(2000)) },
          { additionalProperties: false },
        ),
        response: { 200: UrgentSchema, ...StandardErrors },
      },
    },
    (request) => raiseUrgent(deps, actorOf(request), request.params.id, request.body),
  );

  app.get(
    "/api/pages",
    {
      schema: {
        tags,
        summary: "Pages: the ones reaching you now (mine=true), or a case's",
        querystring: Type.Object(
          {
            mine: Type.Optional(Type.Boolean()),
            caseId: Type.Optional(Id),
            status: Type.Optional(Enum(PAGE_STATUSES)),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Array(PageSchema), ...StandardErrors },
      },
    },
    (request) => listPages(deps, actorOf(request), request.query),
  );

  app.get(
    "/api/pages/:id",
    {
      schema: {
        tags,
        summary: "One page",
        params: IdParams,
        response: { 200: PageSchema, ...StandardErrors },
      },
    },
    (request) => getPage(deps, actorOf(request), request.params.id),
  );

  app.post(
    "/api/pages/:id/accept",
    {
      schema: {
        tags,
        summary: "Accept a page: the case becomes yours",
        params: IdParams,
        response: { 200: PageSchema, ...StandardErrors },
      },
    },
    (request) => acceptPage(deps, actorOf(request), request.params.id),
  );

  app.post(
    "/api/pages/:id/decline",
    {
      schema: {
        tags,
        summary: "Decline a page: it moves to the next person at once",
        params: IdParams,
        response: { 200: PageSchema, ...StandardErrors },
      },
    },
    (request) => declinePage(deps, actorOf(request), request.params.id),
  );
}
