import type { FastifyInstance } from "fastify";
import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import { actorOf } from "../auth/auth.http.js";
import type { Deps } from "../deps.js";
import { IdParams, StandardErrors, Text } from "../shared/schemas.js";
import { createTeam, getTeam, listTeams, updateTeam } from "./teams.service.js";

const TeamSchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  description: Type.String(),
  memberIds: Type.Array(Type.String()),
  createdAt: Type.String(),
  updatedAt: Type.String(),
});
const TeamFields = { name: Text(80, 1), description: Type.Optional(Text(500)) };

/** Membership is set on the staff member (teamIds), so a team has no member routes of its own. */
export function teamRoutes(appBase: FastifyInstance, deps: Deps): void {
  const app = appBase.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ["teams"];
  app.get(
    "/api/teams",
    {
      schema: {
        tags,
        summary: "All teams by name",
        response: { 200: Type.Array(TeamSchema), ...StandardErrors },
      },
    },
    (request) => listTeams(deps, actorOf(request)),
  );
  app.post(
    "/api/teams",
    {
      schema: {
        tags,
        summary: "Create a team",
        body: Type.Object(TeamFields, { additionalProperties: false }),
        response: { 201: TeamSchema, ...StandardErrors },
      },
    },
    async (request, reply) => reply.status(201).send(await createTeam(deps, actorOf(request), request.body)),
  );
  app.get(
    "/api/teams/:id",
    {
      schema: {
        tags,
        summary: "One team",
        params: IdParams,
        response: { 200: TeamSchema, ...StandardErrors },
      },
    },
    (request) => getTeam(deps, actorOf(request), request.params.id),
  );
  app.patch(
    "/api/teams/:id",
    {
      schema: {
        tags,
        summary: "Rename or describe a team",
        params: IdParams,
        body: Type.Partial(Type.Object(TeamFields), { additionalProperties: false, minProperties: 1 }),
        response: { 200: TeamSchema, ...StandardErrors },
      },
    },
    (request) => updateTeam(deps, actorOf(request), request.params.id, request.body),
  );
}
